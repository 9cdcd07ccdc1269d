/* SPDX-License-Identifier: Apache-2.0 */
/* List changes and retention for the workbench: `vigil lists diff OLD NEW`
 * (added, changed, removed by content hash), `vigil store rescreen` (stored
 * people against the added and changed entries; delisted entries close
 * their undecided alerts) and `vigil retention run`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_cli.h"

/* ------------------------------------------------------------------------ */
/* Diff                                                                     */
/* ------------------------------------------------------------------------ */

typedef enum change { SAME = 0, ADDED, CHANGED } change;

/* How entity `e` of the new list changed against `old`. */
static change change_of(const vg_list *old, const vg_entity *e)
{
    const vg_entity *o = vg_list_find(old, e->id);
    if (!o)
        return ADDED;
    return memcmp(o->content_hash, e->content_hash, 32) ? CHANGED : SAME;
}

static bool load(const char *path, vg_list **out)
{
    vg_err err;
    char buf[800];
    if (vg_list_load(path, VG_FORMAT_AUTO, NULL, out, &err) != VG_OK) {
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        return false;
    }
    return true;
}

int vg_cmd_lists_diff(int argc, char **argv)
{
    int ex = VG_EXIT_FAIL;
    vg_list *old = NULL, *new_l = NULL;
    size_t n_add = 0, n_chg = 0, n_rm = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: vigil lists diff OLD NEW\n"
                        "Prints the entries added, changed (content hash) and removed.\n");
        goto out;
    }
    if (!load(argv[1], &old) || !load(argv[2], &new_l))
        goto out;
    for (size_t i = 0; i < vg_list_count(new_l); i++) {
        const vg_entity *e = vg_list_entity(new_l, i);
        change c = change_of(old, e);
        if (c == ADDED)
            n_add++;
        else if (c == CHANGED)
            n_chg++;
        if (c != SAME)
            printf("%s %s\n", c == ADDED ? "added" : "changed", e->id);
    }
    for (size_t i = 0; i < vg_list_count(old); i++) {
        const vg_entity *e = vg_list_entity(old, i);
        if (!vg_list_find(new_l, e->id)) {
            printf("removed %s\n", e->id);
            n_rm++;
        }
    }
    printf("%s %s -> %s: %zu added, %zu changed, %zu removed\n", vg_list_source(new_l),
           vg_list_version(old), vg_list_version(new_l), n_add, n_chg, n_rm);
    ex = VG_EXIT_OK;
out:
    vg_list_free(old);
    vg_list_free(new_l);
    return ex;
}

/* ------------------------------------------------------------------------ */
/* Re-screening                                                             */
/* ------------------------------------------------------------------------ */

typedef struct rescreen {
    vg_store *st;
    vg_list *old, *new_l;
    vg_screener *sc;
    vg_result *res;
    int64_t run;
    size_t n, n_alerts, n_sup;
    vg_status rc;
} rescreen;

static const char *jget(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Rebuilds the query that was stored as JSON; `q` borrows from `j`. */
static void query_of(json_t *j, vg_query *q, const char **doc0)
{
    vg_query_init(q);
    q->name = vg_str_c(jget(j, "name"));
    q->first_name = vg_str_c(jget(j, "first_name"));
    q->last_name = vg_str_c(jget(j, "last_name"));
    if (jget(j, "birth_date"))
        vg_cli_parse_date(jget(j, "birth_date"), &q->birth_date);
    if (jget(j, "nationality") && strlen(jget(j, "nationality")) == 2)
        memcpy(q->nationality, jget(j, "nationality"), 3);
    if (jget(j, "gender"))
        vg_cli_parse_gender(jget(j, "gender"), &q->gender);
    for (int k = 0; k < VG_KIND__COUNT; k++)
        if (jget(j, "kind") && strcmp(jget(j, "kind"), vg_kind_name((vg_kind)k)) == 0)
            q->kind = k;
    json_t *docs = json_object_get(j, "documents");
    *doc0 = NULL;
    for (size_t i = 0; i < json_array_size(docs) && q->n_docs < VG_QUERY_MAX_DOCS; i++) {
        json_t *d = json_array_get(docs, i);
        if (!jget(d, "number"))
            continue;
        if (!*doc0)
            *doc0 = jget(d, "number");
        q->docs[q->n_docs].number = vg_str_c(jget(d, "number"));
        if (jget(d, "country") && strlen(jget(d, "country")) == 2)
            memcpy(q->docs[q->n_docs].country, jget(d, "country"), 3);
        q->n_docs++;
    }
}

static bool rescreen_one(void *ud, int64_t prev_id, const char *query_json)
{
    rescreen *R = ud;
    json_t *j = json_loads(query_json, 0, NULL);
    char prov[64];
    uint8_t key[32];
    int64_t sid = 0;
    const char *doc0 = NULL;
    vg_query q;
    if (!j)
        return true; /* masked or unreadable: nothing to re-screen */
    query_of(j, &q, &doc0);
    if (vg_screen(R->sc, &q, &(vg_screen_opts){0}, R->res, NULL) != VG_OK)
        goto out;
    vg_store_person_key(jget(j, "name"), &q.birth_date, doc0, key);
    snprintf(prov, sizeof prov, "{\"rescreen_of\":%lld}", (long long)prev_id);
    if ((R->rc = vg_store_screened_add(R->st, R->run, prov, query_json, key, &sid)) != VG_OK)
        goto out;
    R->n++;
    for (size_t i = 0; i < R->res->n_matches; i++) {
        const vg_match *m = &R->res->matches[i];
        if (!m->alert || change_of(R->old, m->entity) == SAME)
            continue;
        const vg_entity *e = m->entity;
        json_t *ex = vg_cli_match_json(m, true);
        int64_t aid = 0, sup = 0;
        R->rc = ex ? vg_cli_alert_add(R->st, R->run, sid, e, m->score, ex, &aid, &sup)
                   : VG_ENOMEM;
        json_decref(ex);
        if (R->rc != VG_OK)
            goto out;
        printf("alert #%lld: %s %.4f %s\n", (long long)aid, e->id, m->score,
               sup ? "suppressed" : "open");
        if (sup)
            R->n_sup++;
        else
            R->n_alerts++;
    }
out:
    json_decref(j);
    return R->rc == VG_OK;
}

int vg_wb_rescreen(const vg_wb_opts *o)
{
    int ex = VG_EXIT_FAIL;
    rescreen R;
    vg_index *ix = NULL;
    vg_err err;
    char buf[800], params[600];
    memset(&R, 0, sizeof R);
    if (!o->user || !o->old_list || !o->new_list) {
        fprintf(stderr, "vigil: store rescreen needs --user NAME --old LIST --new LIST\n");
        goto out;
    }
    if (!load(o->old_list, &R.old) || !load(o->new_list, &R.new_l))
        goto out;
    vg_err_clear(&err);
    if (vg_index_build(&R.new_l, 1, NULL, &ix, &err) != VG_OK ||
        vg_screener_new(ix, &R.sc) != VG_OK || !(R.res = calloc(1, sizeof *R.res))) {
        fprintf(stderr, "vigil: cannot build the index of %s: %s\n", o->new_list,
                vg_err_format(&err, buf, sizeof buf));
        goto out;
    }
    if (!(R.st = vg_wb_open(o, true)))
        goto out;
    json_t *pj = json_pack("{s:{s:s,s:s,s:s}}", "rescreen", "source", vg_list_source(R.new_l),
                           "old", vg_list_version(R.old), "new", vg_list_version(R.new_l));
    char *pjs = pj ? json_dumps(pj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(pj);
    snprintf(params, sizeof params, "%s", pjs ? pjs : "{}");
    free(pjs);
    vg_status prc = VG_OK;
    if ((R.rc = vg_store_begin(R.st)) != VG_OK ||
        (R.rc = vg_store_run_begin(R.st, o->user, vg_version(), params, params, &R.run)) ||
        /* the callback's own error stays in R.rc: keep it apart from the walk's */
        (prc = vg_store_people_each(R.st, o->user, rescreen_one, &R)) != VG_OK || R.rc != VG_OK) {
        ex = vg_wb_fail(R.st, prc != VG_OK ? prc : R.rc);
        goto out;
    }
    size_t n_closed = 0;
    for (size_t i = 0; i < vg_list_count(R.old); i++) {
        const vg_entity *e = vg_list_entity(R.old, i);
        int64_t n = 0;
        if (vg_list_find(R.new_l, e->id))
            continue;
        if ((R.rc = vg_store_close_delisted(R.st, o->user, e->id, &n)) != VG_OK) {
            ex = vg_wb_fail(R.st, R.rc);
            goto out;
        }
        n_closed += (size_t)n;
    }
    if ((R.rc = vg_store_run_end(R.st, R.run, (int64_t)R.n, (int64_t)(R.n_alerts + R.n_sup))) ||
        (R.rc = vg_store_commit(R.st))) {
        ex = vg_wb_fail(R.st, R.rc);
        goto out;
    }
    printf("rescreen run #%lld: %zu people, %zu new alerts, %zu suppressed, %zu closed by"
           " delisting\n",
           (long long)R.run, R.n, R.n_alerts, R.n_sup, n_closed);
    ex = VG_EXIT_OK;
out:
    vg_store_rollback(R.st);
    vg_store_close(R.st);
    free(R.res);
    vg_screener_free(R.sc);
    vg_index_free(ix);
    vg_list_free(R.old);
    vg_list_free(R.new_l);
    return ex;
}

/* ------------------------------------------------------------------------ */
/* Retention                                                                */
/* ------------------------------------------------------------------------ */

int vg_cmd_retention(int argc, char **argv)
{
    vg_wb_opts o;
    vg_store *st = NULL;
    vg_status rc;
    int64_t masked = 0, deleted = 0;
    int ex = VG_EXIT_FAIL;
    if (argc < 2 || strcmp(argv[1], "run") != 0) {
        fprintf(stderr, "usage: vigil retention run --store FILE --key KEY --user ADMIN\n"
                        "Depersonalises screened people after the policy's mask_after_days\n"
                        "and deletes them with their alerts after delete_after_days (see\n"
                        "vigil store policy); audits the counts only.\n");
        goto out;
    }
    if (!vg_wb_parse(argc, argv, 2, &o) || !(st = vg_wb_open(&o, true)))
        goto out;
    if ((rc = vg_store_retention_run(st, o.user, &masked, &deleted)) != VG_OK) {
        ex = vg_wb_fail(st, rc);
        goto out;
    }
    printf("retention: %lld masked, %lld deleted\n", (long long)masked, (long long)deleted);
    ex = VG_EXIT_OK;
out:
    vg_store_close(st);
    return ex;
}
