/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil store init|user-add|screen`: create a workbench store, add users,
 * and screen people into it (every person, no-hits too, and every alert
 * with its explanation, remembered decisions applied), plus the option
 * helpers shared by the workbench commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_cli.h"

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                           */
/* ------------------------------------------------------------------------ */

bool vg_wb_parse(int argc, char **argv, int first, vg_wb_opts *o)
{
    static const struct {
        const char *name;
        size_t off;
    } k_opts[] = {
#define O(n, f) {n, offsetof(vg_wb_opts, f)}
        O("--store", store),   O("--key", key),         O("--pubkey", pubkey),
        O("--user", user),     O("--as", user),         O("--bundle", bundle),
        O("--out", out),       O("--status", status),   O("--verdict", verdict),
        O("--reason", reason), O("--role", role),       O("--name", name),
        O("--admin", admin),   O("--format", format),   O("--in", in),
        O("--old", old_list),  O("--new", new_list),
#undef O
    };
    memset(o, 0, sizeof *o);
    o->four_eyes = -1;
    o->suppression_days = -1;
    o->mask_after_days = -1;
    o->delete_after_days = -1;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (!o->id) {
                o->id = a;
                continue;
            }
            fprintf(stderr, "vigil: unexpected argument '%s'\n", a);
            return false;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "vigil: %s needs a value\n", a);
            return false;
        }
        const char *v = argv[++i];
        bool found = false;
        for (size_t k = 0; k < sizeof k_opts / sizeof k_opts[0]; k++)
            if (strcmp(a, k_opts[k].name) == 0) {
                *(const char **)((char *)o + k_opts[k].off) = v;
                found = true;
            }
        if (found)
            continue;
        if (strcmp(a, "--list") == 0) {
            if (o->n_lists >= VG_CLI_MAX_LISTS) {
                fprintf(stderr, "vigil: too many --list\n");
                return false;
            }
            o->lists[o->n_lists++] = v;
        } else if (strcmp(a, "--threshold") == 0) {
            if (!vg_cli_parse_threshold(v, &o->threshold)) {
                fprintf(stderr, "vigil: --threshold wants a number in (0, 1]\n");
                return false;
            }
        } else if (strcmp(a, "--four-eyes-score") == 0) {
            char *end;
            o->four_eyes = strtod(v, &end);
            if (*end || o->four_eyes < 0 || o->four_eyes > 1) {
                fprintf(stderr, "vigil: --four-eyes-score wants a number in [0, 1]\n");
                return false;
            }
        } else if (strcmp(a, "--suppression-days") == 0 || strcmp(a, "--mask-after-days") == 0 ||
                   strcmp(a, "--delete-after-days") == 0) {
            char *end;
            long d = strtol(v, &end, 10);
            if (*end || d < 0 || d > 100000) {
                fprintf(stderr, "vigil: %s wants a number of days\n", a);
                return false;
            }
            *(a[2] == 's'   ? &o->suppression_days
              : a[2] == 'm' ? &o->mask_after_days
                            : &o->delete_after_days) = (int)d;
        } else {
            fprintf(stderr, "vigil: unknown option '%s'\n", a);
            return false;
        }
    }
    return true;
}

vg_store *vg_wb_open(const vg_wb_opts *o, bool need_key)
{
    vg_store *st = NULL;
    vg_err err;
    char buf[800];
    uint8_t sk[64];
    if (!o->store) {
        fprintf(stderr, "vigil: --store FILE is required\n");
        return NULL;
    }
    if (need_key && !o->key) {
        fprintf(stderr, "vigil: --key FILE (the audit signing key) is required\n");
        return NULL;
    }
    if (need_key && vg_audit_key_load(o->key, sk, &err) != VG_OK) {
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        return NULL;
    }
    if (vg_store_open(o->store, NULL, &st, &err) != VG_OK) {
        sodium_memzero(sk, sizeof sk);
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        return NULL;
    }
    if (need_key)
        vg_store_set_key(st, sk);
    sodium_memzero(sk, sizeof sk);
    return st;
}

int vg_wb_fail(vg_store *st, vg_status rc)
{
    fprintf(stderr, "vigil: %s: %s\n", vg_status_str(rc), vg_store_errmsg(st));
    return VG_EXIT_FAIL;
}

/* ------------------------------------------------------------------------ */
/* store screen                                                             */
/* ------------------------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v && *v)
        json_object_set_new(o, k, json_string(v));
}

static json_t *provenance(const vg_record *rec)
{
    json_t *p = json_object();
    set_str(p, "id", rec->id);
    set_str(p, "file", rec->file);
    set_str(p, "format", vg_record_format_name(rec->format));
    set_str(p, "message", rec->message);
    json_object_set_new(p, "record", json_integer((json_int_t)rec->record_no));
    json_object_set_new(p, "line", json_integer(rec->line));
    if (rec->n_legs) /* the console's queue filters on the flight */
        set_str(p, "flight", rec->legs[0].flight);
    return p;
}

/* Screens and stores one record (vg_cli_screened_add(), vg_cli_alert_add(),
 * shared with the server); counts into *n_alerts / *n_suppressed. */
static vg_status screen_record(vg_store *st, screen_ctx *c, int64_t run, const vg_record *rec,
                               const vg_screen_opts *so, vg_result *res, size_t *n_alerts,
                               size_t *n_suppressed)
{
    vg_status rc = VG_OK;
    vg_query q;
    int64_t sid = 0;
    json_t *qj = NULL, *pj = NULL;
    (void)vg_cli_record_query(rec, &q); /* an unknown schema screens as any kind */
    if ((rc = vg_screen(c->sc, &q, so, res, NULL)) != VG_OK) {
        fprintf(stderr, "vigil: record %zu: not screened: %s\n", rec->record_no,
                vg_status_str(rc));
        res->n_matches = 0;
        rc = VG_OK;
    }
    qj = vg_cli_query_json(&q);
    pj = provenance(rec);
    if ((rc = vg_cli_screened_add(st, run, &q, qj, pj, &sid)) != VG_OK)
        goto out;
    for (size_t i = 0; i < res->n_matches; i++) {
        const vg_match *m = &res->matches[i];
        if (!m->alert)
            continue;
        json_t *ex = vg_cli_match_json(m, true);
        int64_t aid = 0, sup = 0;
        rc = ex ? vg_cli_alert_add(st, run, sid, m->entity, m->score, ex, &aid, &sup) : VG_ENOMEM;
        json_decref(ex);
        if (rc != VG_OK)
            goto out;
        if (sup) {
            (*n_suppressed)++;
            printf("alert #%lld: %s %.4f suppressed by decision #%lld\n", (long long)aid,
                   m->entity->id, m->score, (long long)sup);
        } else {
            (*n_alerts)++;
            printf("alert #%lld: %s %.4f open\n", (long long)aid, m->entity->id, m->score);
        }
    }
out:
    json_decref(qj);
    json_decref(pj);
    return rc;
}

static int store_screen(const vg_wb_opts *o)
{
    int ex = VG_EXIT_FAIL;
    vg_status rc = VG_OK;
    vg_store *st = NULL;
    vg_reader *rd = NULL;
    vg_result *res = NULL;
    json_t *params = NULL;
    screen_ctx c;
    memset(&c, 0, sizeof c);
    vg_err err;
    char buf[800];
    size_t n = 0, n_alerts = 0, n_sup = 0, n_rejected = 0;
    int64_t run = 0;
    vg_record_format fmt = VG_RECORD_AUTO;
    if (!o->user || !o->in) {
        fprintf(stderr, "vigil: store screen needs --user NAME and an input FILE\n");
        goto out;
    }
    if (o->format && !vg_record_format_parse(o->format, &fmt)) {
        fprintf(stderr, "vigil: unknown --format '%s'\n", o->format);
        goto out;
    }
    for (size_t i = 0; i < o->n_lists; i++)
        vg_cli_lists_add(&c.ls, o->lists[i]);
    if (!(st = vg_wb_open(o, true)) || !vg_cli_ctx_open(&c))
        goto out;
    if (vg_reader_open(o->in, fmt, NULL, NULL, &rd, &err) != VG_OK) {
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        goto out;
    }
    vg_screen_opts so = {.threshold = o->threshold};
    params = json_pack("{s:f}", "threshold",
                       o->threshold > 0 ? o->threshold : VG_DEFAULT_THRESHOLD);
    res = calloc(1, sizeof *res);
    if (!params || !res) {
        fprintf(stderr, "vigil: out of memory\n");
        goto out;
    }
    /* One transaction for the run: a crash leaves no half-recorded run. */
    if ((rc = vg_store_begin(st)) != VG_OK ||
        (rc = vg_cli_run_begin(st, o->user, params, c.ls.lists, c.ls.n_lists, &run)) != VG_OK) {
        ex = vg_wb_fail(st, rc);
        goto out;
    }
    for (;;) {
        vg_record *rec = NULL;
        vg_err rerr;
        vg_status r = vg_reader_next(rd, &rec, &rerr);
        if (r != VG_OK && !rec) {
            fprintf(stderr, "vigil: %s\n", vg_err_format(&rerr, buf, sizeof buf));
            goto out;
        }
        if (!rec)
            break;
        if (r != VG_OK || rec->error) {
            fprintf(stderr, "vigil: %s:%ld: rejected: %s\n", rec->file ? rec->file : "",
                    rec->line, rec->error ? rec->error : vg_status_str(r));
            n_rejected++;
            continue;
        }
        n++;
        if ((rc = screen_record(st, &c, run, rec, &so, res, &n_alerts, &n_sup)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
    }
    if ((rc = vg_store_run_end(st, run, (int64_t)n, (int64_t)(n_alerts + n_sup))) != VG_OK ||
        (rc = vg_store_commit(st)) != VG_OK) {
        ex = vg_wb_fail(st, rc);
        goto out;
    }
    printf("run #%lld: %zu screened, %zu open alerts, %zu suppressed\n", (long long)run, n,
           n_alerts, n_sup);
    ex = n_rejected ? VG_EXIT_REJECTED : VG_EXIT_OK;
out:
    vg_store_rollback(st);
    free(res);
    json_decref(params);
    vg_reader_free(rd);
    vg_cli_ctx_close(&c);
    vg_store_close(st);
    return ex;
}

bool vg_wb_has_store(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--store") == 0)
            return true;
    return false;
}

int vg_wb_screen_into_store(int argc, char **argv)
{
    vg_wb_opts o;
    if (!vg_wb_parse(argc, argv, 1, &o)) {
        fprintf(stderr, "vigil: with --store, screen takes --key, --user, --list, --threshold,\n"
                        "--format and an input FILE (or --in FILE, - for stdin)\n");
        return VG_EXIT_FAIL;
    }
    if (!o.in)
        o.in = o.id ? o.id : "-";
    return store_screen(&o);
}

/* ------------------------------------------------------------------------ */
/* store init / user-add                                                    */
/* ------------------------------------------------------------------------ */

static void store_usage(FILE *f)
{
    fprintf(f, "usage: vigil store init --store FILE --key KEY --admin NAME\n"
               "       vigil store user-add --store FILE --key KEY --as ADMIN --name NAME\n"
               "                            --role analyst|supervisor|auditor|admin\n"
               "       vigil store screen --store FILE --key KEY --user NAME [--list FILE]...\n"
               "                          [--threshold T] [--format F] FILE\n"
               "       vigil store rescreen --store FILE --key KEY --user NAME --old LIST --new LIST\n"
               "       vigil store check --store FILE   (0 consistent, 1 not)\n"
               "       vigil store policy --store FILE [--key KEY --as ADMIN [--four-eyes-score S]\n"
               "            [--suppression-days N] [--mask-after-days N] [--delete-after-days N]]\n"
               "Records runs, every screened person and every alert (alerts matching a\n"
               "remembered false positive are stored as suppressed). rescreen checks the\n"
               "stored people against the entries added or changed from OLD to NEW and\n"
               "closes undecided alerts on delisted entries. See docs/store.md.\n");
}

int vg_cmd_store(int argc, char **argv)
{
    vg_wb_opts o;
    vg_store *st = NULL;
    vg_status rc;
    int ex = VG_EXIT_FAIL;
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        store_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? VG_EXIT_FAIL : VG_EXIT_OK;
    }
    const char *sub = argv[1];
    if (!vg_wb_parse(argc, argv, 2, &o))
        goto out;
    if (strcmp(sub, "screen") == 0) {
        if (!o.in)
            o.in = o.id;
        return store_screen(&o);
    }
    if (strcmp(sub, "rescreen") == 0)
        return vg_wb_rescreen(&o);
    if (strcmp(sub, "check") == 0) {
        bool ok = false;
        char msg[300];
        if (!(st = vg_wb_open(&o, false)))
            goto out;
        if ((rc = vg_store_check(st, &ok, msg, sizeof msg)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("%s\n", ok ? "store consistent (integrity and foreign keys)" : msg);
        ex = ok ? VG_EXIT_OK : VG_EXIT_ALERT;
        goto out;
    }
    if (strcmp(sub, "policy") == 0) {
        vg_store_policy p;
        if (!(st = vg_wb_open(&o, o.key != NULL)))
            goto out;
        vg_store_get_policy(st, &p);
        bool change = o.four_eyes >= 0 || o.suppression_days >= 0 || o.mask_after_days >= 0 ||
                      o.delete_after_days >= 0;
        if (o.four_eyes >= 0)
            p.four_eyes_score = o.four_eyes;
        if (o.suppression_days >= 0)
            p.suppression_days = o.suppression_days;
        if (o.mask_after_days >= 0)
            p.mask_after_days = o.mask_after_days;
        if (o.delete_after_days >= 0)
            p.delete_after_days = o.delete_after_days;
        if (change && !o.key) {
            fprintf(stderr, "vigil: changing the policy needs --key KEY and --as ADMIN\n");
            goto out;
        }
        if (change && (rc = vg_store_policy_save(st, o.user, &p)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("four_eyes_score %.4f\nsuppression_days %d\nmask_after_days %d\n"
               "delete_after_days %d\n",
               p.four_eyes_score, p.suppression_days, p.mask_after_days, p.delete_after_days);
        ex = VG_EXIT_OK;
        goto out;
    }
    if (strcmp(sub, "init") == 0) {
        if (!o.admin) {
            fprintf(stderr, "vigil: store init needs --admin NAME\n");
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_user_add(st, NULL, o.admin, VG_ROLE_ADMIN)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("store %s: schema %d, admin %s\n", o.store, vg_store_schema_version(st), o.admin);
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "user-add") == 0) {
        vg_role role;
        if (!o.name || !o.role || !vg_role_parse(o.role, &role)) {
            fprintf(stderr, "vigil: user-add needs --name NAME and a --role"
                            " (analyst, supervisor, auditor, admin)\n");
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_user_add(st, o.user, o.name, role)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        ex = VG_EXIT_OK;
    } else {
        fprintf(stderr, "vigil: unknown store command '%s'\n", sub);
        store_usage(stderr);
    }
out:
    vg_store_close(st);
    return ex;
}
