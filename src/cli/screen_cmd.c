/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil match` (one query, human-readable) and `vigil compare` (pairwise
 * name scores), and the result JSON and list/index setup that `vigil
 * screen` (screen_records.c) shares. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/vg_base.h"
#include "cli.h"

/* ---- query parsing ----------------------------------------------------- */

static const char *opt_string(json_t *o, const char *key, bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

/* Fills q from a JSON query object; returns NULL or a static reason. The
 * strings stay owned by `o`. */
static const char *query_from_json(json_t *o, vg_query *q, char *why, size_t whysz)
{
    bool bad = false;
    vg_query_init(q);
    const char *name = opt_string(o, "name", &bad);
    if (bad)
        return "field 'name' must be a string";
    const char *first = opt_string(o, "first_name", &bad);
    const char *last = opt_string(o, "last_name", &bad);
    if (bad)
        return "fields 'first_name' and 'last_name' must be strings";
    q->name = vg_str_c(name);
    q->first_name = vg_str_c(first);
    q->last_name = vg_str_c(last);
    if (json_object_get(o, "name") && json_is_string(json_object_get(o, "name")))
        q->name.len = json_string_length(json_object_get(o, "name"));
    const char *dob = opt_string(o, "birth_date", &bad);
    if (bad)
        return "field 'birth_date' must be a string";
    if (dob && *dob && !vg_cli_parse_date(dob, &q->birth_date)) {
        snprintf(why, whysz, "field 'birth_date': '%.40s' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)", dob);
        return why;
    }
    const char *nat = opt_string(o, "nationality", &bad);
    if (bad)
        return "field 'nationality' must be a string";
    if (nat && *nat) {
        if (!vg_country_lookup(vg_str_c(nat), q->nationality)) {
            snprintf(why, whysz, "field 'nationality': unknown country '%.40s'", nat);
            return why;
        }
    }
    const char *gender = opt_string(o, "gender", &bad);
    if (bad)
        return "field 'gender' must be a string";
    if (gender && *gender && !vg_cli_parse_gender(gender, &q->gender))
        return "field 'gender' must be male, female or unknown";
    const char *schema = opt_string(o, "schema", &bad);
    if (bad)
        return "field 'schema' must be a string";
    q->kind = vg_cli_kind_of_schema(schema);
    if (q->kind == -2)
        return "field 'schema': unknown schema";
    static const char *const dockeys[] = {"passport_number", "id_number", "document_number"};
    for (size_t i = 0; i < 3 && q->n_docs < VG_QUERY_MAX_DOCS; i++) {
        const char *num = opt_string(o, dockeys[i], &bad);
        if (bad)
            return "document number fields must be strings";
        if (num && *num)
            q->docs[q->n_docs++].number = vg_str_c(num);
    }
    json_t *docs = json_object_get(o, "documents");
    if (docs && json_is_array(docs)) {
        size_t i;
        json_t *d;
        json_array_foreach(docs, i, d)
        {
            if (q->n_docs >= VG_QUERY_MAX_DOCS)
                break;
            const char *num = opt_string(d, "number", &bad);
            const char *cc = opt_string(d, "country", &bad);
            if (bad || !num)
                return "field 'documents': each needs a string 'number'";
            vg_query_doc *qd = &q->docs[q->n_docs++];
            qd->number = vg_str_c(num);
            if (cc && *cc)
                vg_country_lookup(vg_str_c(cc), qd->country);
        }
    }
    if (!name && !first && !last)
        return "no name: give 'name' or 'first_name'/'last_name'";
    return NULL;
}

/* ---- result JSON ------------------------------------------------------- */

json_t *vg_cli_result_json(json_t *id, const vg_result *r, bool explain_all)
{
    json_t *o = json_object();
    json_object_set(o, "id", id ? id : json_null());
    json_t *arr = json_array();
    for (size_t i = 0; i < r->n_matches; i++) {
        const vg_match *m = &r->matches[i];
        json_array_append_new(arr, vg_cli_match_json(m, m->alert || explain_all));
    }
    json_object_set_new(o, "matches", arr);
    return o;
}

/* ---- shared setup ------------------------------------------------------ */

bool vg_cli_ctx_open(screen_ctx *c)
{
    return vg_cli_lists_load(&c->ls) && vg_cli_ctx_build(c);
}

bool vg_cli_ctx_build(screen_ctx *c)
{
    vg_err err;
    if (vg_index_build(c->ls.lists, c->ls.n_lists, NULL, &c->ix, &err) ||
        vg_screener_new(c->ix, &c->sc)) {
        char buf[600];
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        return false;
    }
    return true;
}

void vg_cli_ctx_close(screen_ctx *c)
{
    vg_screener_free(c->sc);
    vg_index_free(c->ix);
    vg_cli_lists_free(&c->ls);
}

bool vg_cli_parse_threshold(const char *s, float *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || v <= 0 || v > 1)
        return false;
    *out = (float)v;
    return true;
}

/* ---- vigil match ------------------------------------------------------- */

static void match_usage(FILE *f)
{
    fprintf(f, "usage: vigil match --name NAME [--birth-date YYYY[-MM-DD]] [--nationality CC]\n"
               "                   [--gender male|female] [--passport NUMBER] [--schema S]\n"
               "                   [--list PATH ...] [--threshold X] [--json] [--fail-on-alert]\n");
}

void vg_cli_print_match_text(FILE *f, const vg_match *m)
{
    const vg_explanation *ex = &m->explain;
    fprintf(f, "%s  %.4f  %s  %s\n", m->alert ? "ALERT" : "     ", m->score, m->entity->id,
           m->entity->n_names ? m->entity->names[0].full : "");
    if (ex->name)
        fprintf(f, "    matched name (%s): %s   name score %.4f\n", vg_name_role_name(ex->name->role),
               ex->name->full, ex->name_score);
    for (size_t i = 0; i < ex->n_pairs; i++) {
        const vg_token_pair *p = &ex->pairs[i];
        fprintf(f, "      %-18s %-18s %-9s sim %.2f  weight %.2f\n", p->query[0] ? p->query : "-",
               p->list[0] ? p->list : "-", vg_cmp_method_name(p->method), p->similarity,
               p->weight);
    }
    for (size_t i = 0; i < ex->n_evidence; i++) {
        const vg_evidence *e = &ex->evidence[i];
        static const char *const kinds[] = {"birth date", "nationality", "gender", "document",
                                            "linked"};
        fprintf(f, "      %-12s query %-12s list %-12s %-24s %+.4f\n", kinds[e->kind], e->query,
               e->list, e->verdict, e->effect);
    }
}

int vg_cmd_match(int argc, char **argv)
{
    screen_ctx c = {0};
    vg_screen_opts opts = {0};
    bool json = false, fail_on_alert = false;
    json_t *o = json_object();
    static const struct option lopts[] = {{"list", required_argument, NULL, 'l'},
                                          {"name", required_argument, NULL, 'n'},
                                          {"birth-date", required_argument, NULL, 'b'},
                                          {"nationality", required_argument, NULL, 'c'},
                                          {"gender", required_argument, NULL, 'g'},
                                          {"passport", required_argument, NULL, 'p'},
                                          {"schema", required_argument, NULL, 's'},
                                          {"threshold", required_argument, NULL, 't'},
                                          {"json", no_argument, NULL, 'j'},
                                          {"fail-on-alert", no_argument, NULL, 'f'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int rc = VG_EXIT_FAIL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 'l':
            if (!vg_cli_lists_add(&c.ls, optarg))
                goto usage;
            break;
        case 'n':
            json_object_set_new(o, "name", json_string(optarg));
            break;
        case 'b':
            json_object_set_new(o, "birth_date", json_string(optarg));
            break;
        case 'c':
            json_object_set_new(o, "nationality", json_string(optarg));
            break;
        case 'g':
            json_object_set_new(o, "gender", json_string(optarg));
            break;
        case 'p':
            json_object_set_new(o, "passport_number", json_string(optarg));
            break;
        case 's':
            json_object_set_new(o, "schema", json_string(optarg));
            break;
        case 't':
            if (!vg_cli_parse_threshold(optarg, &opts.threshold))
                goto usage;
            break;
        case 'j':
            json = true;
            break;
        case 'f':
            fail_on_alert = true;
            break;
        case 'h':
            match_usage(stdout);
            json_decref(o);
            return VG_EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind != argc || !json_object_get(o, "name"))
        goto usage;
    vg_query q;
    char why[256];
    const char *reason = query_from_json(o, &q, why, sizeof why);
    if (reason) {
        fprintf(stderr, "vigil: %s\n", reason);
        goto out;
    }
    if (!vg_cli_ctx_open(&c))
        goto out;
    vg_result *res = malloc(sizeof *res);
    vg_err err;
    vg_err_clear(&err);
    opts.explain_all = true;
    if (!res || vg_screen(c.sc, &q, &opts, res, &err)) {
        fprintf(stderr, "vigil: %s\n", res ? err.msg : "out of memory");
        free(res);
        rc = VG_EXIT_REJECTED;
        goto out;
    }
    bool any = false;
    for (size_t i = 0; i < res->n_matches; i++)
        any |= res->matches[i].alert;
    if (json) {
        json_t *r = vg_cli_result_json(json_string("match"), res, true);
        json_dumpf(r, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        fputc('\n', stdout);
        json_decref(r);
    } else {
        if (!res->n_matches)
            printf("no candidates\n");
        for (size_t i = 0; i < res->n_matches; i++)
            vg_cli_print_match_text(stdout, &res->matches[i]);
    }
    free(res);
    rc = (fail_on_alert && any) ? VG_EXIT_ALERT : VG_EXIT_OK;
    goto out;
usage:
    match_usage(stderr);
out:
    json_decref(o);
    vg_cli_ctx_close(&c);
    return rc;
}

/* ---- vigil compare ----------------------------------------------------- */

/* {"a", "b", "tokens": [{"a", "b", "method", "similarity", "weight"}]}: a
 * word one side lacks has null on the other. */
static json_t *compare_detail_json(const vg_compare_detail *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "a", json_stringn(d->a.ptr ? d->a.ptr : "", d->a.len));
    json_object_set_new(o, "b", json_stringn(d->b.ptr ? d->b.ptr : "", d->b.len));
    json_object_set_new(o, "tokens", vg_cli_pairs_json(d->pairs, d->n_pairs, "a", "b"));
    return o;
}

int vg_cmd_compare(int argc, char **argv)
{
    screen_ctx c = {0};
    float threshold = VG_COMPARE_THRESHOLD;
    bool explain = false, no_lists = false;
    static const struct option lopts[] = {{"list", required_argument, NULL, 'l'},
                                          {"no-lists", no_argument, NULL, 'n'},
                                          {"threshold", required_argument, NULL, 't'},
                                          {"explain", no_argument, NULL, 'x'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 'l':
            if (!vg_cli_lists_add(&c.ls, optarg))
                return VG_EXIT_FAIL;
            break;
        case 't':
            if (!vg_cli_parse_threshold(optarg, &threshold))
                return VG_EXIT_FAIL;
            break;
        case 'n':
            no_lists = true;
            break;
        case 'x':
            explain = true;
            break;
        case 'h':
            printf("usage: vigil compare [--list PATH ...|--no-lists] [--threshold X] [--explain] < pairs.jsonl\n"
                   "Reads {\"id\", \"a\", \"b\", \"schema\"} lines and writes {\"id\", \"score\", "
                   "\"match\"}; match is score >= X (default 0.70).\n"
                   "The lists (the bundled ones unless --list is given) tell common names from rare\n"
                   "ones: a common name partly matched scores low. --no-lists loads none.\n"
                   "--explain adds \"explanation\": the names compared and their words aligned\n"
                   "(each word of a against b's, the method, similarity and weight).\n");
            return VG_EXIT_OK;
        default:
            return VG_EXIT_FAIL;
        }
    }
    if (no_lists && c.ls.n_paths) {
        fprintf(stderr, "vigil: compare: --no-lists and --list exclude each other\n");
        return VG_EXIT_FAIL;
    }
    /* the lists only say how common a word is as a name; --no-lists: an
     * empty index (no half-second list load, no rarity) */
    if (!(no_lists ? vg_cli_ctx_build(&c) : vg_cli_ctx_open(&c))) {
        vg_cli_ctx_close(&c);
        return VG_EXIT_FAIL;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, rejected = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        json_t *out = json_object();
        const char *reason = NULL;
        char why[256];
        bool bad = false;
        const char *a = NULL, *b = NULL, *schema = NULL;
        if (!o || !json_is_object(o)) {
            reason = "invalid JSON object";
        } else {
            json_object_set(out, "id", json_object_get(o, "id") ? json_object_get(o, "id") : json_null());
            a = opt_string(o, "a", &bad);
            b = opt_string(o, "b", &bad);
            schema = opt_string(o, "schema", &bad);
            if (bad || !a || !b)
                reason = "fields 'a' and 'b' must be strings";
        }
        int kind = schema ? vg_cli_kind_of_schema(schema) : VG_KIND_PERSON;
        if (!reason && kind < 0)
            reason = "unknown schema";
        float score = 0;
        vg_compare_detail detail;
        if (!reason) {
            vg_err err;
            vg_err_clear(&err);
            if (vg_compare_names_explain(c.sc, vg_str_c(a), vg_str_c(b), (vg_kind)kind, &score,
                                         explain ? &detail : NULL, &err)) {
                snprintf(why, sizeof why, "%s", err.msg);
                reason = why;
            }
        }
        if (reason) {
            rejected++;
            fprintf(stderr, "vigil: stdin:%zu: pair rejected: %s\n", lineno, reason);
            json_object_set_new(out, "error", json_string(reason));
        } else {
            json_object_set_new(out, "score", json_real(((int)(score * 10000 + 0.5f)) / 10000.0));
            json_object_set_new(out, "match", json_boolean(score >= threshold));
            if (explain)
                json_object_set_new(out, "explanation", compare_detail_json(&detail));
        }
        json_dumpf(out, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        fputc('\n', stdout);
        json_decref(out);
        json_decref(o);
    }
    free(line);
    vg_cli_ctx_close(&c);
    return rejected ? VG_EXIT_REJECTED : VG_EXIT_OK;
}
