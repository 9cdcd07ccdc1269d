/* SPDX-License-Identifier: Apache-2.0 */
/* Recording screenings into the workbench store, shared by the `vigil`
 * command and `vigil serve` (see screen_store.h): entity, match, query and
 * list JSON, and the run / screened person / alert writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_store.h"

/* Compact, key order kept, reals as written; caller frees. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

/* ------------------------------------------------------------------------ */
/* Entity JSON                                                              */
/* ------------------------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

static json_t *date_json(const vg_date *d)
{
    static const char *const kinds[] = {"exact", "year_month", "year", "range", "approximate"};
    char buf[48];
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[d->kind]));
    json_object_set_new(o, "text", json_string(vg_date_format(d, buf, sizeof buf)));
    return o;
}

static json_t *country_json(const vg_country *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", c->code[0] ? json_string(c->code) : json_null());
    set_str(o, "text", c->text);
    return o;
}

json_t *vg_cli_entity_json(const vg_entity *e)
{
    json_t *o = json_object();
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", e->content_hash[i]);
    set_str(o, "id", e->id);
    set_str(o, "source", e->source);
    set_str(o, "list_version", e->list_version);
    set_str(o, "kind", vg_kind_name(e->kind));
    if (e->gender)
        set_str(o, "gender", vg_gender_name(e->gender));
    json_t *names = json_array();
    for (size_t i = 0; i < e->n_names; i++) {
        const vg_name *n = &e->names[i];
        json_t *jn = json_object();
        set_str(jn, "full", n->full);
        set_str(jn, "given", n->given);
        set_str(jn, "family", n->family);
        set_str(jn, "role", vg_name_role_name(n->role));
        set_str(jn, "script", vg_script_name(n->script));
        if (n->flags & VG_NAMEF_FKA)
            json_object_set_new(jn, "fka", json_true());
        if (n->flags & VG_NAMEF_NKA)
            json_object_set_new(jn, "nka", json_true());
        json_array_append_new(names, jn);
    }
    json_object_set_new(o, "names", names);
    json_t *a = json_array();
    for (size_t i = 0; i < e->n_birth_dates; i++)
        json_array_append_new(a, date_json(&e->birth_dates[i]));
    json_object_set_new(o, "birth_dates", a);
    a = json_array();
    for (size_t i = 0; i < e->n_birth_places; i++) {
        const vg_place *p = &e->birth_places[i];
        json_t *jp = json_object();
        set_str(jp, "text", p->text);
        set_str(jp, "city", p->city);
        set_str(jp, "region", p->region);
        if (p->country.text)
            json_object_set_new(jp, "country", country_json(&p->country));
        json_array_append_new(a, jp);
    }
    json_object_set_new(o, "birth_places", a);
    a = json_array();
    for (size_t i = 0; i < e->n_nationalities; i++)
        json_array_append_new(a, country_json(&e->nationalities[i]));
    json_object_set_new(o, "nationalities", a);
    a = json_array();
    for (size_t i = 0; i < e->n_citizenships; i++)
        json_array_append_new(a, country_json(&e->citizenships[i]));
    json_object_set_new(o, "citizenships", a);
    a = json_array();
    for (size_t i = 0; i < e->n_documents; i++) {
        const vg_document *d = &e->documents[i];
        json_t *jd = json_object();
        set_str(jd, "type", d->type);
        set_str(jd, "number", d->number);
        set_str(jd, "number_normalized", d->number_norm);
        if (d->country.text || d->country.code[0])
            json_object_set_new(jd, "country", country_json(&d->country));
        if (d->issued.year)
            json_object_set_new(jd, "issued", date_json(&d->issued));
        if (d->expires.year)
            json_object_set_new(jd, "expires", date_json(&d->expires));
        set_str(jd, "note", d->note);
        json_array_append_new(a, jd);
    }
    json_object_set_new(o, "documents", a);
    a = json_array();
    for (size_t i = 0; i < e->n_addresses; i++) {
        const vg_address *ad = &e->addresses[i];
        json_t *ja = json_object();
        set_str(ja, "street", ad->street);
        set_str(ja, "city", ad->city);
        set_str(ja, "region", ad->region);
        set_str(ja, "postal", ad->postal);
        if (ad->country.text)
            json_object_set_new(ja, "country", country_json(&ad->country));
        set_str(ja, "note", ad->note);
        json_array_append_new(a, ja);
    }
    json_object_set_new(o, "addresses", a);
    a = json_array();
    for (size_t i = 0; i < e->n_programs; i++)
        json_array_append_new(a, json_string(e->programs[i]));
    json_object_set_new(o, "programs", a);
    a = json_array();
    for (size_t i = 0; i < e->n_titles; i++)
        json_array_append_new(a, json_string(e->titles[i]));
    json_object_set_new(o, "titles", a);
    if (e->listed_on.year)
        json_object_set_new(o, "listed_on", date_json(&e->listed_on));
    set_str(o, "remarks", e->remarks);
    json_object_set_new(o, "content_hash", json_string(hex));
    return o;
}

/* ------------------------------------------------------------------------ */
/* Match, query and list JSON                                               */
/* ------------------------------------------------------------------------ */

json_t *vg_cli_pairs_json(const vg_token_pair *pairs, size_t n, const char *qkey, const char *lkey)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const vg_token_pair *p = &pairs[i];
        json_t *jp = json_object();
        json_object_set_new(jp, qkey, p->query[0] ? json_string(p->query) : json_null());
        json_object_set_new(jp, lkey, p->list[0] ? json_string(p->list) : json_null());
        json_object_set_new(jp, "method", json_string(vg_cmp_method_name(p->method)));
        json_object_set_new(jp, "similarity", json_real(((int)(p->similarity * 1000 + 0.5f)) / 1000.0));
        json_object_set_new(jp, "weight", json_real(((int)(p->weight * 1000 + 0.5f)) / 1000.0));
        json_array_append_new(a, jp);
    }
    return a;
}

static json_t *explanation_json(const vg_explanation *ex)
{
    json_t *o = json_object();
    if (ex->name) {
        json_object_set_new(o, "name", json_string(ex->name->full));
        json_object_set_new(o, "name_role", json_string(vg_name_role_name(ex->name->role)));
    }
    json_object_set_new(o, "name_score", json_real(((int)(ex->name_score * 10000 + 0.5f)) / 10000.0));
    json_object_set_new(o, "tokens", vg_cli_pairs_json(ex->pairs, ex->n_pairs, "query", "list"));
    static const char *const kinds[] = {"birth_date", "nationality", "gender", "document",
                                        "linked_entity"};
    json_t *ev = json_array();
    for (size_t i = 0; i < ex->n_evidence; i++) {
        const vg_evidence *e = &ex->evidence[i];
        json_t *je = json_object();
        json_object_set_new(je, "kind", json_string(kinds[e->kind]));
        json_object_set_new(je, "query", json_string(e->query));
        json_object_set_new(je, "list", json_string(e->list));
        json_object_set_new(je, "verdict", json_string(e->verdict));
        json_object_set_new(je, "effect", json_real(((int)(e->effect * 10000 + (e->effect < 0 ? -0.5f : 0.5f))) / 10000.0));
        json_array_append_new(ev, je);
    }
    json_object_set_new(o, "evidence", ev);
    return o;
}

json_t *vg_cli_match_json(const vg_match *m, bool explain)
{
    json_t *jm = json_object();
    json_object_set_new(jm, "entity", json_string(m->entity->id));
    json_object_set_new(jm, "score", json_real(((int)(m->score * 10000 + 0.5f)) / 10000.0));
    json_object_set_new(jm, "alert", json_boolean(m->alert));
    if (explain)
        json_object_set_new(jm, "explanation", explanation_json(&m->explain));
    return jm;
}

/* Sets o[k] to the slice s unless it is empty. */
static void set_slice(json_t *o, const char *k, vg_str s)
{
    if (s.ptr && s.len)
        json_object_set_new(o, k, json_stringn(s.ptr, s.len));
}

json_t *vg_cli_query_json(const vg_query *q)
{
    json_t *o = json_object();
    char d[32];
    set_slice(o, "name", q->name);
    set_slice(o, "first_name", q->first_name);
    set_slice(o, "last_name", q->last_name);
    if (q->birth_date.year)
        set_str(o, "birth_date", vg_date_format(&q->birth_date, d, sizeof d));
    if (q->nationality[0])
        set_str(o, "nationality", q->nationality);
    if (q->gender != VG_GENDER_UNKNOWN)
        set_str(o, "gender", vg_gender_name(q->gender));
    json_t *docs = json_array();
    for (size_t i = 0; i < q->n_docs; i++) {
        json_t *jd = json_object();
        set_slice(jd, "number", q->docs[i].number);
        if (q->docs[i].country[0])
            set_str(jd, "country", q->docs[i].country);
        json_array_append_new(docs, jd);
    }
    json_object_set_new(o, "documents", docs);
    if (q->kind >= 0 && q->kind < VG_KIND__COUNT)
        set_str(o, "kind", vg_kind_name((vg_kind)q->kind));
    return o;
}

json_t *vg_cli_lists_json(vg_list *const *lists, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "source", vg_list_source(lists[i]),
                                           "version", vg_list_version(lists[i])));
    return a;
}

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

vg_status vg_cli_run_begin(vg_store *st, const char *actor, json_t *params,
                           vg_list *const *lists, size_t n, int64_t *run_id)
{
    vg_status rc = VG_ENOMEM;
    json_t *lj = vg_cli_lists_json(lists, n);
    char *ls = lj ? json_dumps(lj, DUMP_FLAGS) : NULL;
    char *ps = params ? json_dumps(params, DUMP_FLAGS) : NULL;
    if (ls && ps)
        rc = vg_store_run_begin(st, actor, vg_version(), ps, ls, run_id);
    free(ps);
    free(ls);
    json_decref(lj);
    return rc;
}

/* A NUL-terminated copy of s (caller frees); NULL when s is empty. *oom
 * is set when the copy could not be made. */
static char *cstr(vg_str s, bool *oom)
{
    if (!s.ptr || !s.len)
        return NULL;
    char *c = malloc(s.len + 1);
    if (!c) {
        *oom = true;
        return NULL;
    }
    memcpy(c, s.ptr, s.len);
    c[s.len] = '\0';
    return c;
}

vg_status vg_cli_screened_add(vg_store *st, int64_t run_id, const vg_query *q, json_t *query,
                              json_t *provenance, int64_t *screened_id)
{
    vg_status rc = VG_ENOMEM;
    bool oom = false;
    uint8_t key[32];
    /* the person key needs the whole name: a query given as first and last
     * name (a yente firstName/lastName, a CSV's given and family columns)
     * is keyed by both, or every such person would share one key and one
     * remembered decision */
    char *name;
    if (q->name.len || !(q->first_name.len || q->last_name.len)) {
        name = cstr(q->name, &oom);
    } else {
        name = malloc(q->first_name.len + q->last_name.len + 2);
        if (name)
            snprintf(name, q->first_name.len + q->last_name.len + 2, "%.*s %.*s",
                     (int)q->first_name.len, q->first_name.ptr ? q->first_name.ptr : "",
                     (int)q->last_name.len, q->last_name.ptr ? q->last_name.ptr : "");
        else
            oom = true;
    }
    char *doc = q->n_docs ? cstr(q->docs[0].number, &oom) : NULL;
    char *qj = json_dumps(query, DUMP_FLAGS);
    char *pj = json_dumps(provenance, DUMP_FLAGS);
    if (!oom && qj && pj) {
        vg_store_person_key(name, &q->birth_date, doc, key);
        rc = vg_store_screened_add(st, run_id, pj, qj, key, screened_id);
    }
    free(pj);
    free(qj);
    free(doc);
    free(name);
    return rc;
}

vg_status vg_cli_alert_add(vg_store *st, int64_t run_id, int64_t screened_id, const vg_entity *e,
                           double score, json_t *explanation, int64_t *alert_id,
                           int64_t *suppressed_by)
{
    vg_status rc = VG_ENOMEM;
    json_t *ej = vg_cli_entity_json(e);
    char *snap = ej ? json_dumps(ej, DUMP_FLAGS) : NULL;
    char *ex = json_dumps(explanation, DUMP_FLAGS);
    int64_t aid = 0, sup = 0;
    if (snap && ex) {
        rc = vg_store_list_entity(st, e->source, e->list_version, e->id, e->content_hash, snap);
        if (rc == VG_OK)
            rc = vg_store_alert_add(st, run_id, screened_id, e->id, e->list_version,
                                    e->content_hash, score, ex, &aid, &sup);
    }
    if (alert_id)
        *alert_id = aid;
    if (suppressed_by)
        *suppressed_by = sup;
    free(ex);
    free(snap);
    json_decref(ej);
    return rc;
}
