/* SPDX-License-Identifier: Apache-2.0 */
/* The W3C Reconciliation API 0.2 as OpenRefine calls it: the service
 * manifest, form-encoded `queries` batches (screened like /match), an HTML
 * preview and the entity/type/property suggest services. No data extension. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/vg_base.h"
#include "server.h"

#define RECONCILE_LIMIT_MAX 25

static const char *const k_types[][2] = {{"Person", "People"},
                                         {"Organization", "Organizations"},
                                         {"LegalEntity", "Legal entities"},
                                         {"Vessel", "Vessels"},
                                         {"Airplane", "Airplanes"}};

static const char *const k_props[][2] = {
    {"Person:name", "Name"},           {"Person:birthDate", "Birth date"},
    {"Person:nationality", "Nationality"}, {"Person:gender", "Gender"},
    {"Person:passportNumber", "Passport number"}, {"Person:idNumber", "ID number"},
    {"LegalEntity:country", "Country"}, {"LegalEntity:registrationNumber", "Registration number"}};

/* ---- helpers ----------------------------------------------------------- */

static bool host_ok(const char *h)
{
    if (!h || !*h || strlen(h) > 200)
        return false;
    for (; *h; h++)
        if (!isalnum((unsigned char)*h) && !strchr(".-:[]", *h))
            return false;
    return true;
}

/* Base URL of this service for the manifest. */
static void base_url(const vg_srv_req *q, char *out, size_t cap)
{
    const vg_srv_config *cfg = vg_srv_cfg(q->srv);
    if (cfg->public_url[0]) {
        snprintf(out, cap, "%s", cfg->public_url);
        size_t n = strlen(out);
        while (n && out[n - 1] == '/')
            out[--n] = '\0';
        return;
    }
    const char *scheme = cfg->tls_cert[0] ? "https" : "http";
    snprintf(out, cap, "%s://%s", scheme, host_ok(q->host) ? q->host : cfg->listen);
}

static json_t *type_list(const char *schema)
{
    return json_pack("[{s:s,s:s}]", "id", schema, "name", schema);
}

static void description(const json_t *ent, char *out, size_t cap)
{
    json_t *props = json_object_get(ent, "properties");
    json_t *dob = json_array_get(json_object_get(props, "birthDate"), 0);
    json_t *nat = json_array_get(json_object_get(props, "nationality"), 0);
    json_t *ds = json_array_get(json_object_get(ent, "datasets"), 0);
    snprintf(out, cap, "%s%s%s%s%s%s%s", json_string_value(json_object_get(ent, "schema")),
             dob ? ", born " : "", dob ? json_string_value(dob) : "", nat ? ", " : "",
             nat ? json_string_value(nat) : "", ds ? " (" : "", ds ? json_string_value(ds) : "");
    if (ds && strlen(out) + 2 <= cap)
        strcat(out, ")");
    out[vg_utf8_valid_prefix(out, strlen(out))] = '\0';
}

/* ---- manifest ---------------------------------------------------------- */

static void manifest(const vg_srv_req *q, const vg_srv_dataset *ds, vg_srv_reply *r)
{
    char base[300], svc[400], view[420], preview[440];
    base_url(q, base, sizeof base);
    snprintf(svc, sizeof svc, "%s/reconcile/%s", base, ds->name);
    snprintf(view, sizeof view, "%s/entities/{{id}}", base);
    snprintf(preview, sizeof preview, "%s/reconcile/%s/preview?id={{id}}", base, ds->name);
    json_t *types = json_array();
    for (size_t i = 0; i < sizeof k_types / sizeof k_types[0]; i++)
        json_array_append_new(types, json_pack("{s:s,s:s}", "id", k_types[i][0], "name",
                                               k_types[i][1]));
    char name[200];
    snprintf(name, sizeof name, "vigil: %s", ds->title);
    json_t *m = json_pack(
        "{s:[s],s:s,s:s,s:s,s:s,s:i,s:{s:s},s:{s:s,s:i,s:i},"
        "s:{s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s}},s:o}",
        "versions", "0.2", "name", name, "identifierSpace",
        "https://www.opensanctions.org/reference/#schema", "schemaSpace",
        "https://www.opensanctions.org/reference/#schema", "documentation", base, "batchSize", 10,
        "view", "url", view, "preview", "url", preview, "width", 430, "height", 300, "suggest",
        "entity", "service_url", svc, "service_path", "/suggest/entity", "type", "service_url",
        svc, "service_path", "/suggest/type", "property", "service_url", svc, "service_path",
        "/suggest/property", "defaultTypes", types);
    vg_srv_reply_json(r, 200, m);
}

/* ---- queries ----------------------------------------------------------- */

/* Builds an FtM example {"schema", "properties"} of one reconciliation
 * query; returns NULL with e set when it is malformed. */
static json_t *example_of(const char *key, json_t *rq, size_t *limit, vg_srv_error *e)
{
    if (!json_is_object(rq)) {
        vg_srv_error_detail(e, 400, "Query '%.64s' must be an object.", key);
        return NULL;
    }
    json_t *text = json_object_get(rq, "query");
    if (!json_is_string(text)) {
        vg_srv_error_detail(e, 400, "Query '%.64s' needs a string 'query'.", key);
        return NULL;
    }
    json_t *type = json_object_get(rq, "type");
    if (json_is_array(type))
        type = json_array_get(type, 0);
    const char *schema = json_is_string(type) ? json_string_value(type) : "LegalEntity";
    json_t *lim = json_object_get(rq, "limit");
    *limit = 5;
    if (json_is_integer(lim) && json_integer_value(lim) > 0)
        *limit = json_integer_value(lim) > RECONCILE_LIMIT_MAX ? RECONCILE_LIMIT_MAX
                                                               : (size_t)json_integer_value(lim);
    json_t *props = json_object();
    json_t *names = json_array();
    json_array_append(names, text);
    json_object_set_new(props, "name", names);
    size_t i;
    json_t *pv;
    json_array_foreach(json_object_get(rq, "properties"), i, pv)
    {
        json_t *pid = json_object_get(pv, "pid");
        if (!json_is_string(pid))
            pid = json_object_get(pv, "p");
        if (!json_is_string(pid))
            continue;
        const char *p = json_string_value(pid);
        const char *colon = strchr(p, ':');
        if (colon)
            p = colon + 1;
        if (!*p)
            continue;
        json_t *v = json_object_get(pv, "v");
        json_t *vals = json_object_get(props, p);
        if (!vals) {
            vals = json_array();
            json_object_set_new(props, p, vals);
        }
        if (!json_is_array(vals))
            continue;
        json_t *items = json_is_array(v) ? v : NULL;
        size_t n = items ? json_array_size(items) : 1;
        for (size_t k = 0; k < n && k < VG_SRV_MAX_VALUES; k++) {
            json_t *x = items ? json_array_get(items, k) : v;
            if (json_is_object(x))
                x = json_object_get(x, "id");
            if (json_is_string(x))
                json_array_append(vals, x);
            else if (json_is_integer(x)) {
                char b[32];
                snprintf(b, sizeof b, "%lld", (long long)json_integer_value(x));
                json_array_append_new(vals, json_string(b));
            }
        }
    }
    return json_pack("{s:s,s:o}", "schema", schema, "properties", props);
}

static void reconcile_queries(const vg_srv_req *q, vg_srv_dataset *ds, const char *queries,
                              vg_srv_reply *r)
{
    vg_srv_error e = {0, NULL};
    json_error_t jerr;
    json_t *doc = json_loads(queries, JSON_REJECT_DUPLICATES, &jerr), *out = NULL;
    vg_srv_match_params p;
    if (!doc) {
        vg_srv_reply_detail(r, 400, "Invalid JSON in 'queries'.");
        goto done;
    }
    if (!json_is_object(doc) || json_object_size(doc) == 0) {
        vg_srv_reply_detail(r, 400, "'queries' must be a non-empty object.");
        goto done;
    }
    const vg_srv_config *cfg = vg_srv_cfg(q->srv);
    if (json_object_size(doc) > cfg->max_batch) {
        vg_srv_reply_detail(r, 400, "Too many queries in one batch.");
        goto done;
    }
    if (!vg_srv_match_params_parse(q->args, q->n_args, cfg, 5, &p, &e) ||
        !vg_srv_params_no_record(&p, &e)) {
        vg_srv_reply_error(r, &e);
        goto done;
    }
    out = json_object();
    const char *key;
    json_t *rq;
    size_t alerts = 0;
    json_object_foreach(doc, key, rq)
    {
        size_t limit;
        json_t *ent = example_of(key, rq, &limit, &e);
        if (!ent) {
            vg_srv_reply_error(r, &e);
            goto done;
        }
        vg_srv_example ex;
        bool good = vg_srv_example_from_json(ent, key, NULL, &ex, &e);
        json_t *one = NULL;
        if (good) {
            p.limit = limit;
            one = vg_srv_screen_example(ds, &ex, &p, &alerts, NULL);
        }
        json_decref(ex.cleaned);
        if (!good || !one) {
            json_decref(ent);
            if (good)
                vg_srv_reply_json(r, 500, NULL);
            else
                vg_srv_reply_error(r, &e);
            goto done;
        }
        json_t *res = json_array();
        size_t i;
        json_t *cand;
        json_array_foreach(json_object_get(one, "results"), i, cand)
        {
            char desc[300];
            description(cand, desc, sizeof desc);
            json_array_append_new(
                res, json_pack("{s:O,s:O,s:s,s:o,s:O,s:O}", "id", json_object_get(cand, "id"),
                               "name", json_object_get(cand, "caption"), "description", desc,
                               "type", type_list(json_string_value(json_object_get(cand, "schema"))),
                               "score", json_object_get(cand, "score"), "match",
                               json_object_get(cand, "match")));
        }
        json_object_set_new(out, key, json_pack("{s:o}", "result", res));
        json_decref(one);
        json_decref(ent);
    }
    vg_srv_metrics *m = q->metrics;
    atomic_fetch_add_explicit(&m->queries, json_object_size(doc), memory_order_relaxed);
    atomic_fetch_add_explicit(&m->alerts, alerts, memory_order_relaxed);
    r->batch = (int)json_object_size(doc);
    vg_srv_reply_json(r, 200, out);
    out = NULL;
done:
    json_decref(out);
    json_decref(doc);
    json_decref(e.body);
}

/* ---- preview and suggest ----------------------------------------------- */

static void html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void preview(const vg_srv_req *q, vg_srv_reply *r)
{
    const char *id = vg_srv_kv_get(q->args, q->n_args, "id");
    const vg_entity *e = id ? vg_srv_snapshot_find(q->snap, id) : NULL;
    if (!e) {
        vg_srv_reply_detail(r, 404, "No such entity!");
        return;
    }
    json_t *ent = vg_srv_entity_json(e);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f || !ent) {
        if (f)
            fclose(f);
        free(buf);
        json_decref(ent);
        vg_srv_reply_json(r, 500, NULL);
        return;
    }
    fputs("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
          "<body style=\"font-family:sans-serif;font-size:13px\"><h3>",
          f);
    html_escape(f, json_string_value(json_object_get(ent, "caption")));
    fputs("</h3><p>", f);
    html_escape(f, json_string_value(json_object_get(ent, "schema")));
    fputs(" &middot; ", f);
    html_escape(f, e->id);
    fputs("</p><dl>", f);
    static const char *const show[] = {"name",     "alias",   "birthDate", "birthPlace",
                                       "nationality", "passportNumber", "idNumber", "program"};
    json_t *props = json_object_get(ent, "properties");
    for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) {
        json_t *vals = json_object_get(props, show[i]);
        if (!json_array_size(vals))
            continue;
        fprintf(f, "<dt>%s</dt><dd>", show[i]);
        size_t k;
        json_t *v;
        json_array_foreach(vals, k, v)
        {
            if (k >= 5)
                break;
            if (k)
                fputs("; ", f);
            html_escape(f, json_string_value(v));
        }
        fputs("</dd>", f);
    }
    fputs("</dl></body></html>\n", f);
    json_decref(ent);
    if (fclose(f) != 0) {
        free(buf);
        vg_srv_reply_json(r, 500, NULL);
        return;
    }
    r->status = 200;
    r->text = buf;
    r->text_len = len;
    r->content_type = "text/html; charset=utf-8";
}

static bool prefix_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void suggest(const vg_srv_req *q, vg_srv_dataset *ds, const char *what, vg_srv_reply *r)
{
    const char *prefix = vg_srv_kv_get(q->args, q->n_args, "prefix");
    if (!prefix)
        prefix = "";
    if (!vg_utf8_valid(prefix, strlen(prefix))) { /* it is echoed in the reply */
        vg_srv_reply_detail(r, 400, "prefix is not valid UTF-8");
        return;
    }
    json_t *result = json_array();
    if (!strcmp(what, "type")) {
        for (size_t i = 0; i < sizeof k_types / sizeof k_types[0]; i++)
            if (prefix_ci(k_types[i][0], prefix) || prefix_ci(k_types[i][1], prefix))
                json_array_append_new(result, json_pack("{s:s,s:s}", "id", k_types[i][0], "name",
                                                        k_types[i][1]));
    } else if (!strcmp(what, "property")) {
        for (size_t i = 0; i < sizeof k_props / sizeof k_props[0]; i++) {
            const char *local = strchr(k_props[i][0], ':') + 1;
            if (prefix_ci(local, prefix) || prefix_ci(k_props[i][1], prefix))
                json_array_append_new(result, json_pack("{s:s,s:s}", "id", k_props[i][0], "name",
                                                        k_props[i][1]));
        }
    } else if (!strcmp(what, "entity")) {
        vg_srv_match_params p;
        vg_srv_error e = {0, NULL};
        if (!vg_srv_match_params_parse(q->args, q->n_args, vg_srv_cfg(q->srv), 10, &p, &e) ||
            !vg_srv_params_no_record(&p, &e)) {
            json_decref(result);
            vg_srv_reply_error(r, &e);
            return;
        }
        p.cutoff = 0.0f;
        if (*prefix) {
            vg_srv_example ex;
            memset(&ex, 0, sizeof ex);
            vg_query_init(&ex.q);
            ex.kind = -1;
            ex.names[ex.n_names++] = prefix;
            ex.cleaned = json_object();
            size_t alerts = 0;
            json_t *one = vg_srv_screen_example(ds, &ex, &p, &alerts, NULL);
            json_decref(ex.cleaned);
            size_t i;
            json_t *cand;
            json_array_foreach(json_object_get(one, "results"), i, cand)
            {
                char desc[300];
                description(cand, desc, sizeof desc);
                json_array_append_new(
                    result,
                    json_pack("{s:O,s:O,s:s,s:o}", "id", json_object_get(cand, "id"), "name",
                              json_object_get(cand, "caption"), "description", desc, "type",
                              type_list(json_string_value(json_object_get(cand, "schema")))));
            }
            json_decref(one);
        }
    } else {
        json_decref(result);
        vg_srv_reply_detail(r, 404, "Not Found");
        return;
    }
    vg_srv_reply_json(r, 200, json_pack("{s:s,s:s,s:s,s:o}", "code", "/api/status/ok", "status",
                                        "200 OK", "prefix", prefix, "result", result));
}

/* ---- dispatch ---------------------------------------------------------- */

void vg_srv_route_reconcile(const vg_srv_req *q, const char *rest, vg_srv_reply *r)
{
    char name[64];
    size_t n = strcspn(rest, "/");
    char *form = NULL;
    if (n == 0 || n >= sizeof name) {
        vg_srv_reply_detail(r, 404, "No such dataset.");
        return;
    }
    memcpy(name, rest, n);
    name[n] = '\0';
    const char *sub = rest + n;
    vg_srv_dataset *ds = vg_srv_snapshot_dataset(q->snap, name);
    if (!ds) {
        vg_srv_reply_detail(r, 404, "No such dataset.");
        return;
    }
    bool post = !strcmp(q->method, "POST");
    if (!*sub) {
        const char *queries = vg_srv_kv_get(q->args, q->n_args, "queries");
        vg_srv_kv kv[8];
        size_t nkv = 0;
        if (post) {
            form = malloc(q->body_len + 1);
            if (!form) {
                vg_srv_reply_json(r, 500, NULL);
                return;
            }
            memcpy(form, q->body, q->body_len);
            form[q->body_len] = '\0';
            nkv = vg_srv_form_parse(form, kv, sizeof kv / sizeof kv[0]);
            if (vg_srv_kv_get(kv, nkv, "queries"))
                queries = vg_srv_kv_get(kv, nkv, "queries");
        }
        if ((post && vg_srv_kv_get(kv, nkv, "extend")) ||
            vg_srv_kv_get(q->args, q->n_args, "extend"))
            vg_srv_reply_detail(r, 400, "Data extension is not supported.");
        else if (queries)
            reconcile_queries(q, ds, queries, r);
        else if (post)
            vg_srv_reply_detail(r, 400, "Missing form field 'queries'.");
        else
            manifest(q, ds, r);
        free(form);
        return;
    }
    if (post) {
        vg_srv_reply_detail(r, 405, "Method Not Allowed");
        r->allow = "GET";
        return;
    }
    if (!strcmp(sub, "/preview"))
        preview(q, r);
    else if (!strncmp(sub, "/suggest/", 9))
        suggest(q, ds, sub + 9, r);
    else
        vg_srv_reply_detail(r, 404, "Not Found");
}
