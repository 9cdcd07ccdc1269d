/* SPDX-License-Identifier: Apache-2.0 */
/* The yente-compatible routes: /match/{dataset}, /search/{dataset},
 * /entities/{id}, /catalog and /algorithms. Each reads a parsed request and
 * fills a reply; the transport (auth, limits, logging) lives in http.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_common.h"
#include "cli/screen_store.h"
#include "server.h"

/* ---- replies ----------------------------------------------------------- */

void vg_srv_reply_json(vg_srv_reply *r, int status, json_t *body)
{
    json_decref(r->json);
    r->status = body ? status : 500;
    r->json = body ? body : json_pack("{s:s}", "status", "error");
}

void vg_srv_reply_error(vg_srv_reply *r, vg_srv_error *e)
{
    vg_srv_reply_json(r, e->status, e->body);
    e->body = NULL;
}

void vg_srv_reply_detail(vg_srv_reply *r, int status, const char *detail)
{
    vg_srv_reply_json(r, status, json_pack("{s:s}", "detail", detail));
}

/* ---- scope and filters ------------------------------------------------- */

static bool in_list(const char *const *arr, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(arr[i], v))
            return true;
    return false;
}

static bool keep_entity(const vg_entity *e, const vg_srv_match_params *p)
{
    const char *ds = vg_srv_dataset_of_source(e->source);
    if (p->n_include && !in_list(p->include_ds, p->n_include, ds))
        return false;
    if (in_list(p->exclude_ds, p->n_exclude, ds))
        return false;
    if (in_list(p->exclude_schema, p->n_exclude_schema, vg_srv_schema_of_kind(e->kind)))
        return false;
    if (p->n_topics && !in_list(p->topics, p->n_topics, "sanction"))
        return false; /* every vigil entity has exactly the topic "sanction" */
    if (in_list(p->exclude_ids, p->n_exclude_ids, e->id))
        return false;
    return true;
}

/* The dataset to screen: ds itself, or the one list the scope narrows to. */
static vg_srv_dataset *scope_dataset(vg_srv_snapshot *snap, vg_srv_dataset *ds,
                                     const vg_srv_match_params *p)
{
    if (ds->n_lists < 2 || (!p->n_include && !p->n_exclude))
        return ds;
    vg_srv_dataset *only = NULL;
    size_t n = 0;
    for (size_t i = 1; i < snap->n_ds; i++) {
        vg_srv_dataset *d = &snap->ds[i];
        if ((p->n_include && !in_list(p->include_ds, p->n_include, d->name)) ||
            in_list(p->exclude_ds, p->n_exclude, d->name))
            continue;
        only = d;
        n++;
    }
    return n == 1 ? only : ds;
}

/* ---- screening one example --------------------------------------------- */

typedef struct cand {
    const vg_entity *e;
    float score;
    size_t expl_off, expl_len; /* its explanations in the example's scratch text; 0: none */
    json_t *match; /* owned; recording only: vg_cli_match_json() of this round */
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return strcmp(x->e->id, y->e->id);
}

bool vg_srv_screen_example_write(vg_srv_jw *w, vg_srv_dataset *ds, const vg_srv_example *ex,
                                 const vg_srv_match_params *p, size_t *alerts, vg_srv_hits *hits)
{
    cand c[VG_SRV_MAX_NAMES * VG_MAX_MATCHES];
    size_t nc = 0, ok_rounds = 0;
    char why[VG_ERR_MSG_MAX] = "";
    bool ok = false;
    vg_srv_jw expl; /* explanations, written while the screener's strings live */
    vg_srv_jw_init(&expl, VG_LIMIT_JSON_REPLY);
    vg_result *res = malloc(sizeof *res);
    vg_screener *sc = res ? vg_srv_screener_get(ds) : NULL;
    if (!sc || (!ex->cleaned && !ex->cleaned_text))
        goto out;
    vg_screen_opts o = {0};
    o.threshold = p->threshold > 0 ? p->threshold : 1e-6f;
    o.limit = VG_MAX_MATCHES;
    /* explained below, only what the reply shows or the recording keeps:
     * most of the ten matches fall under the cutoff or beyond `limit` */
    o.explain_none = true;
    bool have_name = ex->n_names || ex->q.first_name.len || ex->q.last_name.len;
    size_t rounds = ex->n_names ? ex->n_names : (have_name ? 1 : 0);
    for (size_t r = 0; r < rounds; r++) {
        vg_query q = ex->q;
        q.name = ex->n_names ? vg_str_c(ex->names[r]) : (vg_str){NULL, 0};
        vg_err err;
        vg_err_clear(&err);
        vg_status st = vg_screen(sc, &q, &o, res, &err);
        if (st) {
            snprintf(why, sizeof why, "%s", err.msg[0] ? err.msg : vg_status_str(st));
            continue;
        }
        ok_rounds++;
        for (size_t i = 0; i < res->n_matches; i++) {
            const vg_match *m = &res->matches[i];
            if (!(m->score > p->cutoff) || !keep_entity(m->entity, p))
                continue;
            size_t k = 0;
            while (k < nc && c[k].e != m->entity)
                k++;
            if (k < nc && c[k].score >= m->score)
                continue;
            /* Shown only if fewer than `limit` other candidates rank above
             * it; later rounds can only add or raise others (or replace
             * this one, explained afresh), never lift it back. */
            cand mine = {m->entity, m->score, 0, 0, NULL};
            size_t above = 0;
            for (size_t j = 0; j < nc; j++)
                above += j != k && cand_cmp(&c[j], &mine) < 0;
            bool record = hits && m->alert;
            if (above < p->limit || record) {
                if (vg_screen_explain(sc, &q, res, i) != VG_OK)
                    goto out;
                if (above < p->limit) {
                    mine.expl_off = expl.b.len;
                    vg_srv_explanations_write(&expl, m, ex->n_names ? ex->names[r] : NULL);
                    mine.expl_len = expl.b.len - mine.expl_off;
                }
                /* recording keeps the CLI's layout, which the console
                 * reads; the screener's strings last only until the next
                 * round */
                if (record && !(mine.match = vg_cli_match_json(m, true)))
                    goto out;
            }
            if (k == nc)
                nc++;
            else
                json_decref(c[k].match);
            c[k] = mine;
        }
    }
    if (expl.rc)
        goto out;
    vg_srv_screener_put(ds, sc);
    sc = NULL;
    qsort(c, nc, sizeof *c, cand_cmp);
    bool failed = rounds && !ok_rounds;
    VG_SRV_JW_LIT(w, "{\"status\":");
    if (failed) {
        VG_SRV_JW_LIT(w, "400,\"detail\":");
        if (!vg_srv_jw_str(w, why))
            goto out;
    } else {
        VG_SRV_JW_LIT(w, "200");
    }
    VG_SRV_JW_LIT(w, ",\"results\":[");
    size_t matched = 0, shown = 0;
    for (size_t i = 0; i < nc; i++) {
        bool match = c[i].score >= p->threshold;
        matched += match;
        if (hits && match && c[i].match) {
            /* every alert is recorded, also those beyond `limit` */
            hits->v[hits->n++] =
                (vg_srv_hit){c[i].e, c[i].score, c[i].match, NULL, i < p->limit ? (long)i : -1};
            c[i].match = NULL;
        }
        if (i >= p->limit)
            continue;
        if (shown++)
            VG_SRV_JW_LIT(w, ",");
        vg_srv_entity_write_cached(w, ds->ftm, c[i].e, true);
        VG_SRV_JW_LIT(w, ",\"score\":");
        vg_srv_jw_real(w, vg_srv_round4(c[i].score));
        if (match)
            VG_SRV_JW_LIT(w, ",\"match\":true,\"explanations\":");
        else
            VG_SRV_JW_LIT(w, ",\"match\":false,\"explanations\":");
        if (c[i].expl_len)
            vg_srv_jw_raw(w, expl.b.ptr + c[i].expl_off, c[i].expl_len);
        else
            VG_SRV_JW_LIT(w, "{}");
        VG_SRV_JW_LIT(w, "}");
        *alerts += match;
    }
    VG_SRV_JW_LIT(w, "],\"total\":{\"value\":");
    vg_srv_jw_int(w, failed ? 0 : (long long)matched);
    VG_SRV_JW_LIT(w, ",\"relation\":\"eq\"},\"query\":");
    if (ex->cleaned)
        vg_srv_jw_value(w, ex->cleaned);
    else
        vg_srv_jw_raw(w, ex->cleaned_text, ex->cleaned_len);
    VG_SRV_JW_LIT(w, "}");
    ok = w->rc == VG_OK;
out:
    for (size_t i = 0; i < nc; i++)
        json_decref(c[i].match);
    if (sc)
        vg_srv_screener_put(ds, sc);
    vg_srv_jw_fini(&expl);
    free(res);
    return ok;
}

json_t *vg_srv_screen_example(vg_srv_dataset *ds, const vg_srv_example *ex,
                              const vg_srv_match_params *p, size_t *alerts, vg_srv_hits *hits)
{
    vg_srv_jw w;
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    json_t *out = NULL;
    if (vg_srv_screen_example_write(&w, ds, ex, p, alerts, hits))
        out = vg_srv_jw_json(&w);
    vg_srv_jw_fini(&w);
    if (out && hits)
        vg_srv_hits_resolve(hits, out);
    return out;
}

/* ---- routes ------------------------------------------------------------ */

static bool json_content_type(const char *ct)
{
    if (!ct)
        return true; /* absent: take the body as JSON, as yente's clients expect */
    size_t n = strcspn(ct, ";");
    while (n && ct[n - 1] == ' ')
        n--;
    if (n == 16 && !strncasecmp(ct, "application/json", 16))
        return true;
    return n > 5 && !strncasecmp(ct + n - 5, "+json", 5);
}

static vg_status record_locked(vg_store *st, void *ud)
{
    return vg_srv_record(st, ud);
}

void vg_srv_route_match(const vg_srv_req *q, const char *dataset, vg_srv_reply *r)
{
    vg_srv_error e = {0, NULL};
    vg_srv_match_req mr;
    memset(&mr, 0, sizeof mr);
    json_t *doc = NULL, *responses = NULL, *top = NULL;
    vg_srv_hits *hits = NULL;
    vg_console *con = NULL;
    vg_srv_match_params p;
    vg_srv_jw w;
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    const vg_srv_config *cfg = vg_srv_cfg(q->srv);
    vg_srv_dataset *ds = vg_srv_snapshot_dataset(q->snap, dataset);
    if (!ds) {
        vg_srv_reply_detail(r, 404, "No such dataset.");
        goto out;
    }
    if (!json_content_type(q->content_type)) {
        vg_srv_reply_detail(r, 415, "Unsupported Content-Type: send application/json.");
        goto out;
    }
    if (!vg_srv_match_params_parse(q->args, q->n_args, cfg, 5, &p, &e)) {
        vg_srv_reply_error(r, &e);
        goto out;
    }
    /* record=true: checked before any work; without it no store is touched */
    if (p.record && !(con = vg_srv_console(q->srv))) {
        vg_srv_error_422(&e, json_pack("[s,s]", "query", "record"),
                         "Recording needs a store: start the server with --store FILE"
                         " (config key store)",
                         "store_missing");
        vg_srv_reply_error(r, &e);
        goto out;
    }
    if (p.record && (!q->key_name || !q->key_name[0])) {
        vg_srv_reply_detail(r, 403, "Recording needs an API key: the run is recorded for the"
                                    " key's name, a user of the store whose role may screen.");
        goto out;
    }
    /* the common body without jansson; recording reads the jansson tree */
    int fast = p.record ? 0 : vg_srv_match_req_fast(q->body, q->body_len, cfg->max_batch, &mr);
    if (fast < 0) {
        vg_srv_reply_json(r, 500, NULL);
        goto out;
    }
    if (!fast && !vg_srv_match_req_parse(q->body, q->body_len, cfg->max_batch, &doc, &mr, &e)) {
        vg_srv_reply_error(r, &e);
        goto out;
    }
    if (p.record && !(hits = calloc(mr.n, sizeof *hits))) {
        vg_srv_reply_json(r, 500, NULL);
        goto out;
    }
    vg_srv_dataset *use = scope_dataset(q->snap, ds, &p);
    VG_SRV_JW_LIT(&w, "{\"responses\":{");
    size_t alerts = 0;
    for (size_t i = 0; i < mr.n; i++) {
        vg_srv_jw_key(&w, i > 0, mr.ex[i].key);
        if (!vg_srv_screen_example_write(&w, use, &mr.ex[i], &p, &alerts, hits ? &hits[i] : NULL)) {
            vg_srv_reply_json(r, 500, NULL);
            goto out;
        }
    }
    VG_SRV_JW_LIT(&w, "},\"limit\":");
    vg_srv_jw_int(&w, (long long)p.limit);
    VG_SRV_JW_LIT(&w, "}");
    vg_srv_metrics *m = q->metrics;
    atomic_fetch_add_explicit(&m->queries, mr.n, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->alerts, alerts, memory_order_relaxed);
    r->batch = (int)mr.n;
    if (!p.record) {
        /* the text as written: no jansson tree for the reply */
        size_t len = 0;
        char *text = vg_srv_jw_take(&w, &len);
        if (!text) {
            vg_srv_reply_json(r, 500, NULL);
            goto out;
        }
        json_decref(r->json);
        r->json = NULL;
        free(r->text);
        r->status = 200;
        r->text = text;
        r->text_len = len;
        r->content_type = "application/json";
        goto out;
    }
    /* recording adds members to the results: parsed back, as before */
    top = vg_srv_jw_json(&w);
    responses = json_incref(json_object_get(top, "responses"));
    for (size_t i = 0; top && i < mr.n; i++)
        vg_srv_hits_resolve(&hits[i], json_object_get(responses, mr.ex[i].key));
    if (top) {
        /* screened outside the lock; only the writes hold the store */
        vg_srv_recording rec = {.actor = q->key_name,
                                .dataset = dataset,
                                .ds = use,
                                .p = &p,
                                .mr = &mr,
                                .hits = hits,
                                .responses = responses};
        vg_status rc = vg_console_with_store(con, record_locked, &rec);
        if (rc != VG_OK) {
            vg_srv_reply_detail(r, rc == VG_EPERM ? 403 : 500, rec.why);
            goto out;
        }
        json_object_set_new(top, "run",
                            json_pack("{s:I,s:I,s:I}", "id", (json_int_t)rec.run_id, "alerts",
                                      (json_int_t)rec.n_alerts, "suppressed",
                                      (json_int_t)rec.n_suppressed));
    }
    vg_srv_reply_json(r, 200, top);
    top = NULL;
out:
    vg_srv_jw_fini(&w);
    json_decref(top);
    for (size_t i = 0; hits && i < mr.n; i++)
        vg_srv_hits_fini(&hits[i]);
    free(hits);
    json_decref(responses);
    vg_srv_match_req_fini(&mr);
    json_decref(doc);
    json_decref(e.body);
}

static int schema_filter_ok(const char *schema, vg_kind k)
{
    if (!schema || !*schema || !strcmp(schema, "Thing"))
        return 1;
    if (!strcmp(schema, "LegalEntity"))
        return k == VG_KIND_PERSON || k == VG_KIND_ORGANIZATION || k == VG_KIND_OTHER;
    if (!strcmp(schema, "Organization") || !strcmp(schema, "Company"))
        return k == VG_KIND_ORGANIZATION;
    return !strcmp(schema, vg_srv_schema_of_kind(k));
}

void vg_srv_route_search(const vg_srv_req *q, const char *dataset, vg_srv_reply *r)
{
    vg_srv_error e = {0, NULL};
    vg_srv_match_params p;
    vg_result *res = NULL;
    vg_screener *sc = NULL;
    vg_srv_dataset *ds = vg_srv_snapshot_dataset(q->snap, dataset), *use = NULL;
    json_t *results = NULL;
    if (!ds) {
        vg_srv_reply_detail(r, 404, "No such dataset.");
        goto out;
    }
    if (!vg_srv_match_params_parse(q->args, q->n_args, vg_srv_cfg(q->srv), 10, &p, &e) ||
        !vg_srv_params_no_record(&p, &e)) {
        vg_srv_reply_error(r, &e);
        goto out;
    }
    const char *text = vg_srv_kv_get(q->args, q->n_args, "q");
    const char *schema = vg_srv_kv_get(q->args, q->n_args, "schema");
    const char *off = vg_srv_kv_get(q->args, q->n_args, "offset");
    long offset = 0;
    if (off) {
        char *end;
        offset = strtol(off, &end, 10);
        if (!*off || *end || offset < 0 || offset > 9499) {
            vg_srv_error_422(&e, json_pack("[s,s]", "query", "offset"),
                             "Input should be an integer in [0, 9499]", "less_than_equal");
            vg_srv_reply_error(r, &e);
            goto out;
        }
    }
    if (schema && *schema && strcmp(schema, "Thing") && strcmp(schema, "LegalEntity") &&
        vg_cli_kind_of_schema(schema) == -2) {
        vg_srv_reply_detail(r, 400, "Invalid schema.");
        goto out;
    }
    use = scope_dataset(q->snap, ds, &p);
    results = json_array();
    size_t total = 0;
    if (text && *text) {
        res = malloc(sizeof *res);
        sc = res ? vg_srv_screener_get(use) : NULL;
        if (!sc) {
            vg_srv_reply_json(r, 500, NULL);
            goto out;
        }
        vg_query query;
        vg_query_init(&query);
        query.name = vg_str_c(text);
        int kind = schema ? vg_cli_kind_of_schema(schema) : -1;
        query.kind = kind >= 0 ? kind : -1;
        vg_screen_opts o = {0};
        o.limit = VG_MAX_MATCHES;
        vg_err err;
        vg_err_clear(&err);
        if (vg_screen(sc, &query, &o, res, &err) == VG_OK) {
            for (size_t i = 0; i < res->n_matches; i++) {
                const vg_entity *ent = res->matches[i].entity;
                if (!keep_entity(ent, &p) || !schema_filter_ok(schema, ent->kind))
                    continue;
                total++;
                if (total <= (size_t)offset || json_array_size(results) >= p.limit)
                    continue;
                json_array_append_new(results, vg_srv_entity_json(ent));
            }
        }
    }
    vg_srv_reply_json(r, 200, json_pack("{s:i,s:i,s:{s:i,s:s},s:O,s:{}}", "limit",
                                        (json_int_t)p.limit, "offset", (json_int_t)offset, "total",
                                        "value", (json_int_t)total, "relation", "eq", "results",
                                        results, "facets"));
out:
    if (sc)
        vg_srv_screener_put(use, sc);
    free(res);
    json_decref(results);
    json_decref(e.body);
}

void vg_srv_route_entity(const vg_srv_req *q, const char *id, vg_srv_reply *r)
{
    const vg_entity *e = vg_srv_snapshot_find(q->snap, id);
    if (!e) {
        vg_srv_reply_detail(r, 404, "No such entity!");
        return;
    }
    vg_srv_reply_json(r, 200, vg_srv_entity_json(e));
}

static json_t *dataset_json(const vg_srv_snapshot *s, const vg_srv_dataset *ds, const char *name,
                            bool collection)
{
    json_t *children = json_array();
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:b,s:b,s:s}", "name", name, "title",
                          ds->title, "type", collection ? "collection" : "source", "summary",
                          collection ? "Every list loaded by this vigil server."
                                     : "Loaded from an official list file.",
                          "entity_count", (json_int_t)vg_index_entities(ds->ix), "thing_count",
                          (json_int_t)vg_index_entities(ds->ix), "target_count",
                          (json_int_t)vg_index_entities(ds->ix), "load", 1, "index_current", 1,
                          "index_version", "");
    if (!o) {
        json_decref(children);
        return NULL;
    }
    char gen[32];
    snprintf(gen, sizeof gen, "%llu", (unsigned long long)s->generation);
    json_object_set_new(o, "index_version", json_string(gen));
    if (collection) {
        for (size_t i = 0; i < ds->n_lists; i++)
            json_array_append_new(children,
                                  json_string(vg_srv_dataset_of_source(vg_list_source(ds->lists[i]))));
        json_object_set_new(o, "version", json_string(gen));
    } else {
        json_object_set_new(o, "version", json_string(vg_list_version(ds->lists[0])));
        json_object_set_new(o, "updated_at", json_string(vg_list_version(ds->lists[0])));
    }
    json_object_set_new(o, "children", children);
    return o;
}

void vg_srv_route_catalog(const vg_srv_req *q, vg_srv_reply *r)
{
    json_t *arr = json_array(), *cur = json_array();
    for (size_t i = 0; i < q->snap->n_ds; i++) {
        json_array_append_new(arr, dataset_json(q->snap, &q->snap->ds[i], q->snap->ds[i].name, i == 0));
        json_array_append_new(cur, json_string(q->snap->ds[i].name));
        if (i == 0) {
            json_array_append_new(arr, dataset_json(q->snap, &q->snap->ds[0], "sanctions", true));
            json_array_append_new(cur, json_string("sanctions"));
        }
    }
    vg_srv_reply_json(r, 200, json_pack("{s:o,s:o,s:[],s:b}", "datasets", arr, "current", cur,
                                        "outdated", "index_stale", 0));
}

void vg_srv_route_algorithms(const vg_srv_req *q, vg_srv_reply *r)
{
    (void)q;
    static const char *const aliases[] = {"logic-v2", "logic-v1", "name-based", "name-qualified",
                                          "ofac", "regression-v1", "regression-v2"};
    static const char *const feat[][2] = {
        {"name_match", "Rarity-weighted token alignment of the names, across scripts"},
        {"birth_date", "Birth year agreement or contradiction"},
        {"nationality", "Nationality agreement or difference"},
        {"gender", "Gender agreement or contradiction"},
        {"identifier", "Same passport or identity document number"},
        {"linked_entity", "The same entity listed elsewhere matched: reported at its score"}};
    json_t *feats = json_object();
    for (size_t i = 0; i < sizeof feat / sizeof feat[0]; i++)
        json_object_set_new(feats, feat[i][0],
                            json_pack("{s:s,s:f,s:n}", "description", feat[i][1], "coefficient",
                                      1.0, "url"));
    json_t *algos = json_array();
    json_array_append_new(
        algos, json_pack("{s:s,s:s,s:O}", "name", "vigil", "description",
                         "vigil's scorer: names in any script and transliteration, weighted by "
                         "rarity, moved by birth date, nationality, gender and documents",
                         "features", feats));
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        json_array_append_new(algos, json_pack("{s:s,s:s,s:O}", "name", aliases[i], "description",
                                               "Accepted for yente compatibility; scored by vigil",
                                               "features", feats));
    json_decref(feats);
    vg_srv_reply_json(r, 200, json_pack("{s:o,s:s,s:s}", "algorithms", algos, "default", "best",
                                        "best", "vigil"));
}
