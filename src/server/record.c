/* SPDX-License-Identifier: Apache-2.0 */
/* Recording POST /match?record=true into the workbench store: one run per
 * request, every query a screened person (no-hits too), every alert with
 * the entity as it was, written through the helpers `vigil screen --store`
 * uses (src/cli/screen_store.c), so remembered false positives apply alike. */
#include <stdio.h>
#include <string.h>

#include "base/vg_base.h"
#include "cli/screen_store.h"
#include "server.h"

void vg_srv_hits_fini(vg_srv_hits *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        json_decref(h->v[i].match);
    h->n = 0;
}

void vg_srv_hits_resolve(vg_srv_hits *h, json_t *example)
{
    json_t *results = json_object_get(example, "results");
    for (size_t i = 0; h && i < h->n; i++)
        h->v[i].result = h->v[i].slot >= 0 ? json_array_get(results, (size_t)h->v[i].slot) : NULL;
}

/* ------------------------------------------------------------------------ */
/* JSON of the run and of each query                                        */
/* ------------------------------------------------------------------------ */

static void set_strings(json_t *o, const char *k, const char *const *v, size_t n)
{
    if (!n)
        return;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    json_object_set_new(o, k, a);
}

/* The run's parameters: what decides which alerts are raised. */
static json_t *run_params(const vg_srv_recording *r)
{
    const vg_srv_match_params *p = r->p;
    json_t *o = json_pack("{s:s,s:s,s:s,s:f,s:f,s:I,s:s}", "source", "api", "dataset",
                          r->dataset, "scope", r->ds->name, "threshold", (double)p->threshold,
                          "cutoff", (double)p->cutoff, "limit", (json_int_t)p->limit,
                          "algorithm", p->algorithm);
    if (!o)
        return NULL;
    set_strings(o, "include_dataset", p->include_ds, p->n_include);
    set_strings(o, "exclude_dataset", p->exclude_ds, p->n_exclude);
    set_strings(o, "exclude_schema", p->exclude_schema, p->n_exclude_schema);
    set_strings(o, "topics", p->topics, p->n_topics);
    set_strings(o, "exclude_entity_ids", p->exclude_ids, p->n_exclude_ids);
    if (p->changed_since)
        json_object_set_new(o, "changed_since", json_string(p->changed_since));
    return o;
}

/* The name the person key is made of: the first `name` value, else the
 * first name screened (alias, previousName), else none (first/last name). */
static const char *primary_name(const vg_srv_example *ex)
{
    json_t *names = json_object_get(json_object_get(ex->cleaned, "properties"), "name");
    const char *s = json_string_value(json_array_get(names, 0));
    return s ? s : ex->n_names ? ex->names[0] : NULL;
}

/* The query in the CLI's layout (which `vigil store rescreen` reads back),
 * plus the other names screened as "aliases". */
static json_t *query_json(const vg_srv_example *ex, vg_query *q)
{
    const char *name = primary_name(ex);
    *q = ex->q;
    q->name = name ? vg_str_c(name) : (vg_str){NULL, 0};
    json_t *o = vg_cli_query_json(q);
    if (!o)
        return NULL;
    json_t *aliases = NULL;
    for (size_t i = 0; i < ex->n_names; i++) {
        if (name && !strcmp(ex->names[i], name))
            continue;
        if (!aliases && (!(aliases = json_array()) ||
                         json_object_set_new(o, "aliases", aliases) != 0)) {
            json_decref(o);
            return NULL;
        }
        json_array_append_new(aliases, json_string(ex->names[i]));
    }
    return o;
}

/* Where the record came from; `resp` is the query's response. */
static json_t *provenance(const vg_srv_recording *r, const vg_srv_example *ex, json_t *resp)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", "source", "api", "endpoint", "match",
                          "dataset", r->dataset, "key", r->actor, "id", ex->key);
    if (!o)
        return NULL;
    const char *eid = json_string_value(json_object_get(ex->cleaned, "id"));
    if (eid)
        json_object_set_new(o, "entity_id", json_string(eid));
    /* recorded as the CLI records an unscreenable record, with the reason */
    if (json_integer_value(json_object_get(resp, "status")) != 200) {
        const char *why = json_string_value(json_object_get(resp, "detail"));
        json_object_set_new(o, "not_screened", json_string(why ? why : "not screened"));
    } else if (!ex->n_names && !ex->q.first_name.len && !ex->q.last_name.len) {
        json_object_set_new(o, "not_screened", json_string("no name to screen"));
    }
    return o;
}

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

static vg_status record_one(vg_store *st, vg_srv_recording *r, size_t i)
{
    vg_status rc = VG_ENOMEM;
    const vg_srv_example *ex = &r->mr->ex[i];
    const vg_srv_hits *h = &r->hits[i];
    vg_query q;
    int64_t sid = 0;
    json_t *qj = query_json(ex, &q);
    json_t *pj = provenance(r, ex, json_object_get(r->responses, ex->key));
    if (!qj || !pj || (rc = vg_cli_screened_add(st, r->run_id, &q, qj, pj, &sid)) != VG_OK)
        goto out;
    for (size_t k = 0; k < h->n; k++) {
        const vg_srv_hit *hit = &h->v[k];
        int64_t aid = 0, sup = 0;
        rc = vg_cli_alert_add(st, r->run_id, sid, hit->e, hit->score, hit->match, &aid, &sup);
        if (rc != VG_OK)
            goto out;
        if (sup)
            r->n_suppressed++;
        else
            r->n_alerts++;
        if (hit->result) {
            json_object_set_new(hit->result, "alert_id", json_integer((json_int_t)aid));
            if (sup)
                json_object_set_new(hit->result, "suppressed_by", json_integer((json_int_t)sup));
        }
    }
out:
    json_decref(qj);
    json_decref(pj);
    return rc;
}

vg_status vg_srv_record(vg_store *st, vg_srv_recording *r)
{
    vg_status rc = VG_ENOMEM;
    json_t *params = run_params(r);
    r->run_id = 0;
    r->n_alerts = r->n_suppressed = 0;
    r->why[0] = '\0';
    if (!params)
        goto out;
    /* one transaction: a failure or a crash leaves no half-recorded run */
    if ((rc = vg_store_begin(st)) != VG_OK ||
        (rc = vg_cli_run_begin(st, r->actor, params, r->ds->lists, r->ds->n_lists,
                               &r->run_id)) != VG_OK)
        goto out;
    for (size_t i = 0; i < r->mr->n; i++)
        if ((rc = record_one(st, r, i)) != VG_OK)
            goto out;
    if ((rc = vg_store_run_end(st, r->run_id, (int64_t)r->mr->n,
                               (int64_t)(r->n_alerts + r->n_suppressed))) != VG_OK ||
        (rc = vg_store_commit(st)) != VG_OK)
        goto out;
out:
    if (rc != VG_OK) {
        vg_store_rollback(st);
        snprintf(r->why, sizeof r->why, "Not recorded: %s",
                 rc == VG_ENOMEM ? "out of memory" : vg_store_errmsg(st));
        r->why[vg_utf8_valid_prefix(r->why, strlen(r->why))] = '\0';
        r->run_id = 0;
    }
    json_decref(params);
    return rc;
}
