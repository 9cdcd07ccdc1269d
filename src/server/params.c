/* SPDX-License-Identifier: Apache-2.0 */
/* Query strings and form bodies: in-place URL decoding into key/value
 * pairs, yente's /match and /search parameters with their validation, and
 * the {"detail": ...} error bodies (400 and FastAPI-style 422). Pure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/vg_base.h"
#include "server.h"

/* ---- forms ------------------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) in place; returns the new length. */
static size_t url_decode(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        }
        s[o++] = c;
    }
    return o;
}

size_t vg_srv_form_parse(char *s, vg_srv_kv *kv, size_t max)
{
    size_t n = 0;
    char *p = s;
    while (p && *p) {
        char *amp = strchr(p, '&');
        size_t seg = amp ? (size_t)(amp - p) : strlen(p);
        char *next = amp ? amp + 1 : NULL;
        if (seg > 0 && n < max) {
            char *eq = memchr(p, '=', seg);
            size_t klen = eq ? (size_t)(eq - p) : seg;
            char *val = eq ? eq + 1 : p + seg;
            size_t vlen = eq ? seg - klen - 1 : 0;
            size_t nk = url_decode(p, klen);
            p[nk] = '\0';
            size_t nv = url_decode(val, vlen);
            val[nv] = '\0';
            kv[n].key = p;
            kv[n].value = val;
            n++;
        }
        p = next;
    }
    return n;
}

const char *vg_srv_kv_get(const vg_srv_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (kv[i].key && !strcmp(kv[i].key, key))
            return kv[i].value;
    return NULL;
}

/* ---- errors ------------------------------------------------------------ */

bool vg_srv_error_detail(vg_srv_error *e, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->status = status;
    json_decref(e->body);
    /* A message may quote caller input cut at a byte limit: keep it valid. */
    msg[vg_utf8_valid_prefix(msg, strlen(msg))] = '\0';
    e->body = json_pack("{s:s}", "detail", msg);
    return false;
}

bool vg_srv_error_422(vg_srv_error *e, json_t *loc, const char *msg, const char *type)
{
    e->status = 422;
    json_decref(e->body);
    e->body = json_pack("{s:[{s:o,s:s,s:s}]}", "detail", "loc", loc ? loc : json_array(), "msg",
                        msg, "type", type);
    return false;
}

static json_t *query_loc(const char *name)
{
    return json_pack("[s,s]", "query", name);
}

bool vg_srv_params_no_record(const vg_srv_match_params *p, vg_srv_error *e)
{
    if (!p->record)
        return true;
    return vg_srv_error_422(e, query_loc("record"), "Only POST /match/{dataset} records screenings",
                            "record_unsupported");
}

/* ---- algorithms -------------------------------------------------------- */

static const char *const k_algorithms[] = {"best",          "vigil",          "logic-v2",
                                           "logic-v1",      "ofac",           "name-based",
                                           "name-qualified", "regression-v1", "regression-v2"};

bool vg_srv_algorithm_ok(const char *name)
{
    for (size_t i = 0; i < sizeof k_algorithms / sizeof k_algorithms[0]; i++)
        if (!strcasecmp(name, k_algorithms[i]))
            return true;
    return false;
}

/* ---- /match and /search parameters ------------------------------------- */

static bool parse_float(const char *v, double lo, double hi, float *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || errno || *end || !(x >= lo && x <= hi))
        return false;
    *out = (float)x;
    return true;
}

/* YYYY-MM-DD[THH[:MM[:SS]]] */
static bool valid_changed_since(const char *s)
{
    static const char pat[] = "dddd-dd-ddTdd:dd:dd";
    size_t n = strlen(s);
    if (n != 10 && n != 13 && n != 16 && n != 19)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
            return false;
    }
    return true;
}

/* FastAPI's booleans: true/false, 1/0, yes/no, on/off (any case). */
static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!strcasecmp(v, yes[i]) || !strcasecmp(v, no[i])) {
            *out = !strcasecmp(v, yes[i]);
            return true;
        }
    }
    return false;
}

static bool push(const char **arr, size_t *n, size_t cap, const char *v)
{
    if (*n >= cap)
        return false;
    arr[(*n)++] = v;
    return true;
}

bool vg_srv_match_params_parse(const vg_srv_kv *kv, size_t n, const vg_srv_config *cfg,
                               size_t default_limit, vg_srv_match_params *p, vg_srv_error *e)
{
    memset(p, 0, sizeof *p);
    p->limit = default_limit;
    p->threshold = cfg->threshold;
    p->cutoff = cfg->cutoff;
    p->algorithm = "best";
    bool have_cutoff = false;
    for (size_t i = 0; i < n; i++) {
        const char *k = kv[i].key, *v = kv[i].value;
        if (!strcmp(k, "limit")) {
            char *end;
            errno = 0;
            long x = strtol(v, &end, 10);
            if (!*v || errno || *end)
                return vg_srv_error_422(e, query_loc(k), "Input should be a valid integer",
                                        "int_parsing");
            if (x > VG_SRV_MATCH_LIMIT_MAX)
                return vg_srv_error_422(e, query_loc(k), "Input should be less than or equal to 500",
                                        "less_than_equal");
            if (x < 0)
                return vg_srv_error_422(e, query_loc(k), "Input should be greater than or equal to 0",
                                        "greater_than_equal");
            p->limit = (size_t)x;
        } else if (!strcmp(k, "threshold")) {
            if (!parse_float(v, 0.0, 1.0, &p->threshold))
                return vg_srv_error_422(e, query_loc(k), "Input should be a number in [0, 1]",
                                        "float_parsing");
        } else if (!strcmp(k, "cutoff")) {
            if (!parse_float(v, 0.0, 1.0, &p->cutoff))
                return vg_srv_error_422(e, query_loc(k), "Input should be a number in [0, 1]",
                                        "float_parsing");
            have_cutoff = true;
        } else if (!strcmp(k, "algorithm")) {
            if (!vg_srv_algorithm_ok(v))
                return vg_srv_error_detail(e, 400, "Invalid algorithm: %.100s", v);
            p->algorithm = v;
        } else if (!strcmp(k, "include_dataset")) {
            if (!push(p->include_ds, &p->n_include, VG_SRV_MAX_PARAMS, v))
                return vg_srv_error_422(e, query_loc(k), "Too many values", "too_long");
        } else if (!strcmp(k, "exclude_dataset")) {
            if (!push(p->exclude_ds, &p->n_exclude, VG_SRV_MAX_PARAMS, v))
                return vg_srv_error_422(e, query_loc(k), "Too many values", "too_long");
        } else if (!strcmp(k, "exclude_schema")) {
            if (!push(p->exclude_schema, &p->n_exclude_schema, VG_SRV_MAX_PARAMS, v))
                return vg_srv_error_422(e, query_loc(k), "Too many values", "too_long");
        } else if (!strcmp(k, "topics")) {
            if (!push(p->topics, &p->n_topics, VG_SRV_MAX_PARAMS, v))
                return vg_srv_error_422(e, query_loc(k), "Too many values", "too_long");
        } else if (!strcmp(k, "exclude_entity_ids")) {
            if (!push(p->exclude_ids, &p->n_exclude_ids, VG_SRV_MAX_EXCLUDE_IDS, v))
                return vg_srv_error_422(e, query_loc(k), "List should have at most 50 items",
                                        "too_long");
        } else if (!strcmp(k, "changed_since")) {
            if (!valid_changed_since(v))
                return vg_srv_error_422(e, query_loc(k),
                                        "Input should be YYYY-MM-DD[THH[:MM[:SS]]]",
                                        "datetime_parsing");
            p->changed_since = v;
        } else if (!strcmp(k, "record")) {
            if (!parse_bool(v, &p->record))
                return vg_srv_error_422(e, query_loc(k), "Input should be a valid boolean",
                                        "bool_parsing");
        }
        /* fuzzy, q, schema, offset, api_key ... are read elsewhere or ignored */
    }
    /* yente: the effective cutoff is min(cutoff, threshold) */
    if (have_cutoff && p->cutoff > p->threshold)
        p->cutoff = p->threshold;
    if (!have_cutoff && p->cutoff > p->threshold)
        p->cutoff = p->threshold;
    return true;
}
