/* SPDX-License-Identifier: Apache-2.0 */
/* FollowTheMoney on the wire: vigil entities as FtM entity JSON, yente
 * EntityMatchQuery bodies (example entities) as vg_query, and vigil's
 * explanations as yente-style feature explanations. Pure; no I/O. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/vg_base.h"
#include "cli/cli_common.h"
#include "server.h"

double vg_srv_round4(double v)
{
    return (double)(long long)(v * 10000.0 + (v < 0 ? -0.5 : 0.5)) / 10000.0;
}

const char *vg_srv_dataset_of_source(const char *source)
{
    if (!strcmp(source, "un"))
        return "un_sc_sanctions";
    if (!strcmp(source, "ofac"))
        return "us_ofac_sdn";
    return source;
}

const char *vg_srv_schema_of_kind(vg_kind k)
{
    switch (k) {
    case VG_KIND_PERSON:
        return "Person";
    case VG_KIND_ORGANIZATION:
        return "Organization";
    case VG_KIND_VESSEL:
        return "Vessel";
    case VG_KIND_AIRCRAFT:
        return "Airplane";
    default:
        return "LegalEntity";
    }
}

/* ---- entity JSON ------------------------------------------------------- */

/* The properties of one entity, collected in order before writing: each key
 * once, where it first appears, with its distinct values in order. */
#define PROP_KEYS_MAX 32 /* distinct FtM keys one entity can use (about 20) */

typedef struct prop {
    size_t key;      /* index in prop_list.keys */
    size_t off, len; /* value in prop_list.text */
} prop;

typedef struct prop_list {
    const char *keys[PROP_KEYS_MAX]; /* static strings, in order of first use */
    size_t n_keys;
    prop *v;
    size_t n, cap;
    vg_buf text;
    bool oom;
} prop_list;

/* Appends v to key's values unless empty or already there. */
static void prop_add(prop_list *ps, const char *key, const char *v)
{
    if (!v || !*v || ps->oom)
        return;
    size_t len = strlen(v), k = 0;
    while (k < ps->n_keys && strcmp(ps->keys[k], key))
        k++;
    if (k == ps->n_keys) {
        if (k == PROP_KEYS_MAX) {
            ps->oom = true; /* cannot happen: the keys above are fewer */
            return;
        }
        ps->keys[ps->n_keys++] = key;
    }
    for (size_t i = 0; i < ps->n; i++)
        if (ps->v[i].key == k && ps->v[i].len == len &&
            !memcmp(ps->text.ptr + ps->v[i].off, v, len))
            return;
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 32;
        prop *nv = realloc(ps->v, cap * sizeof *nv);
        if (!nv) {
            ps->oom = true;
            return;
        }
        ps->v = nv;
        ps->cap = cap;
    }
    size_t off = ps->text.len;
    if (vg_buf_append(&ps->text, v, len + 1)) { /* with its NUL */
        ps->oom = true;
        return;
    }
    ps->v[ps->n++] = (prop){k, off, len};
}

static void add_date(prop_list *ps, const char *key, const vg_date *d)
{
    char buf[48];
    if (d->year == 0)
        return;
    if (d->kind == VG_DATE_RANGE || d->kind == VG_DATE_APPROX) {
        /* FtM dates are ISO prefixes: give the years of the span */
        int lo, hi;
        if (!vg_date_years(d, &lo, &hi))
            return;
        for (int y = lo; y <= hi && y - lo < 10; y++) {
            snprintf(buf, sizeof buf, "%04d", y);
            prop_add(ps, key, buf);
        }
        return;
    }
    prop_add(ps, key, vg_date_format(d, buf, sizeof buf));
}

static void add_country(prop_list *ps, const char *key, const vg_country *c)
{
    if (!c->code[0])
        return;
    char lc[3] = {(char)tolower((unsigned char)c->code[0]), (char)tolower((unsigned char)c->code[1]),
                  0};
    prop_add(ps, key, lc);
}

static bool has_word_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return false;
}

static void collect_props(prop_list *ps, const vg_entity *e)
{
    bool person = e->kind == VG_KIND_PERSON;
    for (size_t i = 0; i < e->n_names; i++) {
        const vg_name *n = &e->names[i];
        const char *key = "alias";
        if (n->role == VG_NAME_PRIMARY || n->role == VG_NAME_ORIGINAL)
            key = "name";
        else if (n->role == VG_NAME_WEAK)
            key = "weakAlias";
        else if (n->flags & VG_NAMEF_FKA)
            key = "previousName";
        prop_add(ps, key, n->full);
        if (person && n->role == VG_NAME_PRIMARY) {
            prop_add(ps, "firstName", n->given);
            prop_add(ps, "lastName", n->family);
        }
    }
    for (size_t i = 0; i < e->n_birth_dates; i++)
        add_date(ps, person ? "birthDate" : "incorporationDate", &e->birth_dates[i]);
    for (size_t i = 0; i < e->n_birth_places; i++)
        prop_add(ps, "birthPlace", e->birth_places[i].text);
    for (size_t i = 0; i < e->n_nationalities; i++)
        add_country(ps, person ? "nationality" : "country", &e->nationalities[i]);
    for (size_t i = 0; i < e->n_citizenships; i++)
        add_country(ps, person ? "citizenship" : "country", &e->citizenships[i]);
    if (person && e->gender != VG_GENDER_UNKNOWN)
        prop_add(ps, "gender", vg_gender_name(e->gender));
    for (size_t i = 0; i < e->n_documents; i++) {
        const vg_document *d = &e->documents[i];
        bool passport = d->type && has_word_ci(d->type, "passport");
        const char *key = passport ? "passportNumber" : "idNumber";
        if (!person && !passport)
            key = "registrationNumber";
        prop_add(ps, key, d->number);
    }
    for (size_t i = 0; i < e->n_addresses; i++) {
        const vg_address *a = &e->addresses[i];
        char buf[1024];
        size_t n = 0;
        const char *parts[] = {a->street, a->city, a->region, a->postal,
                               a->country.text ? a->country.text : vg_country_name(a->country.code)};
        buf[0] = '\0';
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
            if (!parts[k] || !*parts[k] || n + 1 >= sizeof buf)
                continue;
            int w = snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "", parts[k]);
            if (w > 0)
                n += (size_t)w < sizeof buf - n ? (size_t)w : sizeof buf - n - 1;
        }
        buf[vg_utf8_valid_prefix(buf, n)] = '\0';
        prop_add(ps, "address", buf);
        add_country(ps, "country", &a->country);
    }
    for (size_t i = 0; i < e->n_programs; i++)
        prop_add(ps, "program", e->programs[i]);
    for (size_t i = 0; i < e->n_titles; i++)
        prop_add(ps, person ? "title" : "notes", e->titles[i]);
    prop_add(ps, "notes", e->remarks);
    prop_add(ps, "topics", "sanction");
    if (e->listed_on.year) {
        char buf[48];
        prop_add(ps, "createdAt", vg_date_format(&e->listed_on, buf, sizeof buf));
    }
}

/* `,"key":"v"` unless v is not valid UTF-8: then nothing, as a member that
 * json_string() refused was never set. */
static void member_str(vg_srv_jw *w, bool comma, const char *key, const char *v)
{
    size_t mark = w->b.len;
    if (!v || !vg_srv_jw_key(w, comma, key) || !vg_srv_jw_str(w, v))
        vg_srv_jw_rewind(w, mark);
}

/* {"key":["v",...],...}: keys in order of first value, values in order;
 * a value json_string() would refuse (not UTF-8) is left out, its key
 * stays. */
static void props_write(vg_srv_jw *w, const prop_list *ps)
{
    VG_SRV_JW_LIT(w, "{");
    for (size_t k = 0; k < ps->n_keys; k++) {
        vg_srv_jw_key(w, k > 0, ps->keys[k]);
        VG_SRV_JW_LIT(w, "[");
        size_t nv = 0;
        for (size_t j = 0; j < ps->n; j++) {
            if (ps->v[j].key != k)
                continue;
            size_t at = w->b.len;
            if (nv)
                VG_SRV_JW_LIT(w, ",");
            if (vg_srv_jw_strn(w, ps->text.ptr + ps->v[j].off, ps->v[j].len))
                nv++;
            else
                vg_srv_jw_rewind(w, at);
        }
        VG_SRV_JW_LIT(w, "]");
    }
    VG_SRV_JW_LIT(w, "}");
}

void vg_srv_entity_write(vg_srv_jw *w, const vg_entity *e, bool open)
{
    prop_list ps;
    memset(&ps, 0, sizeof ps);
    vg_buf_init(&ps.text, NULL, 0);
    collect_props(&ps, e);
    if (ps.oom) {
        w->rc = w->rc ? w->rc : VG_ENOMEM;
        goto out;
    }
    VG_SRV_JW_LIT(w, "{");
    size_t mark = w->b.len;
    member_str(w, false, "id", e->id);
    member_str(w, w->b.len > mark, "caption", e->n_names ? e->names[0].full : e->id);
    member_str(w, w->b.len > mark, "schema", vg_srv_schema_of_kind(e->kind));
    vg_srv_jw_key(w, w->b.len > mark, "properties");
    props_write(w, &ps);
    size_t at = w->b.len;
    VG_SRV_JW_LIT(w, ",\"datasets\":[");
    if (!vg_srv_jw_str(w, vg_srv_dataset_of_source(e->source)))
        vg_srv_jw_rewind(w, at); /* json_pack() failed: no datasets member */
    else
        VG_SRV_JW_LIT(w, "]");
    VG_SRV_JW_LIT(w, ",\"referents\":[],\"target\":true,\"first_seen\":null,\"last_seen\":null,"
                     "\"last_change\":null");
    if (!open)
        VG_SRV_JW_LIT(w, "}");
out:
    free(ps.v);
    vg_buf_fini(&ps.text);
}

json_t *vg_srv_entity_json(const vg_entity *e)
{
    vg_srv_jw w;
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    vg_srv_entity_write(&w, e, false);
    json_t *o = vg_srv_jw_json(&w);
    vg_srv_jw_fini(&w);
    return o;
}

/* ---- entity texts written once per snapshot ---------------------------- */

static size_t slot_of(const vg_srv_ftm_cache *c, const vg_entity *e)
{
    uint64_t h = (uint64_t)(uintptr_t)e * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & c->mask;
}

void vg_srv_ftm_cache_fini(vg_srv_ftm_cache *c)
{
    if (!c)
        return;
    free(c->slots);
    free(c->text);
    memset(c, 0, sizeof *c);
}

vg_status vg_srv_ftm_cache_build(vg_srv_ftm_cache *c, vg_list *const *lists, size_t n,
                                 vg_err *err)
{
    vg_status rc = VG_OK;
    vg_srv_jw w;
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    memset(c, 0, sizeof *c);
    size_t total = 0, cap = 16;
    for (size_t i = 0; i < n; i++)
        total += vg_list_count(lists[i]);
    while (cap < 2 * total) /* at most half full */
        cap *= 2;
    if (!(c->slots = calloc(cap, sizeof *c->slots))) {
        rc = vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    c->mask = cap - 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < vg_list_count(lists[i]); k++) {
            const vg_entity *e = vg_list_entity(lists[i], k);
            size_t off = w.b.len;
            vg_srv_entity_write(&w, e, true);
            if (w.rc || w.b.len > UINT32_MAX) {
                rc = vg_err_set(err, w.rc ? w.rc : VG_ELIMIT, NULL, 0,
                                "cannot write the entity texts");
                goto out;
            }
            size_t h = slot_of(c, e);
            while (c->slots[h].e && c->slots[h].e != e)
                h = (h + 1) & c->mask;
            c->slots[h] = (vg_srv_ftm_slot){e, (uint32_t)off, (uint32_t)(w.b.len - off)};
        }
    c->text = vg_srv_jw_take(&w, &c->text_len);
    if (!c->text)
        rc = vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory");
out:
    vg_srv_jw_fini(&w);
    if (rc)
        vg_srv_ftm_cache_fini(c);
    return rc;
}

void vg_srv_entity_write_cached(vg_srv_jw *w, const vg_srv_ftm_cache *c, const vg_entity *e,
                                bool open)
{
    if (c && c->text) {
        for (size_t h = slot_of(c, e); c->slots[h].e; h = (h + 1) & c->mask) {
            if (c->slots[h].e != e)
                continue;
            vg_srv_jw_raw(w, c->text + c->slots[h].off, c->slots[h].len);
            if (!open)
                VG_SRV_JW_LIT(w, "}");
            return;
        }
    }
    vg_srv_entity_write(w, e, open);
}

/* ---- example entities -------------------------------------------------- */

/* Appends v to props[key] unless empty or already there. */
static void add_value(json_t *props, const char *key, const char *v)
{
    if (!v || !*v)
        return;
    json_t *arr = json_object_get(props, key);
    if (!arr) {
        arr = json_array();
        if (!arr || json_object_set_new(props, key, arr))
            return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!strcmp(json_string_value(x), v))
            return;
    }
    json_array_append_new(arr, json_string(v));
}

static json_t *loc_with(json_t *loc, const char *a, const char *b)
{
    json_t *l = json_deep_copy(loc);
    if (!l)
        l = json_array();
    if (a)
        json_array_append_new(l, json_string(a));
    if (b)
        json_array_append_new(l, json_string(b));
    return l;
}

/* Takes the string values of one property (a string or list of strings). */
static bool prop_values(json_t *v, const char **out, size_t *n, size_t cap)
{
    *n = 0;
    if (json_is_string(v)) {
        out[(*n)++] = json_string_value(v);
        return true;
    }
    if (!json_is_array(v))
        return false;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x))
            return false;
        if (*n < cap)
            out[(*n)++] = json_string_value(x);
    }
    return true;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static bool is_name_prop(const char *k)
{
    return !strcmp(k, "name") || !strcmp(k, "alias") || !strcmp(k, "previousName");
}

/* Where a cleaned property value goes: the jansson object of a request
 * parsed by jansson, or the property list of the common body's fast path. */
typedef void (*add_fn)(void *ctx, const char *key, const char *v);

typedef struct clean_state {
    bool have_dob, have_nat, have_gender;
} clean_state;

/* One value v of property pk of an example: cleaned as yente does (added
 * with add() unless dropped) and taken into ex's query. */
static void clean_value(vg_srv_example *ex, clean_state *cs, const char *pk, const char *v,
                        add_fn add, void *ctx)
{
    if (is_blank(v))
        return;
    if (is_name_prop(pk) || !strcmp(pk, "weakAlias")) {
        add(ctx, pk, v);
        if (is_name_prop(pk) && ex->n_names < VG_SRV_MAX_NAMES)
            ex->names[ex->n_names++] = v;
    } else if (!strcmp(pk, "firstName") || !strcmp(pk, "lastName")) {
        add(ctx, pk, v);
        vg_str *dst = pk[0] == 'f' ? &ex->q.first_name : &ex->q.last_name;
        if (!dst->len)
            *dst = vg_str_c(v);
    } else if (!strcmp(pk, "birthDate")) {
        char buf[11];
        size_t n = strlen(v);
        if (n > 10 && v[10] == 'T')
            n = 10;
        if (n > 10)
            return;
        memcpy(buf, v, n);
        buf[n] = '\0';
        vg_date d;
        if (!vg_cli_parse_date(buf, &d))
            return; /* yente drops values it cannot clean */
        add(ctx, pk, buf);
        if (!cs->have_dob) {
            ex->q.birth_date = d;
            cs->have_dob = true;
        }
    } else if (!strcmp(pk, "nationality") || !strcmp(pk, "citizenship") ||
               !strcmp(pk, "country")) {
        char cc[3];
        if (!vg_country_lookup(vg_str_c(v), cc))
            return;
        char lc[3] = {(char)tolower((unsigned char)cc[0]),
                      (char)tolower((unsigned char)cc[1]), 0};
        add(ctx, pk, lc);
        if (!cs->have_nat) {
            memcpy(ex->q.nationality, cc, 3);
            cs->have_nat = true;
        }
    } else if (!strcmp(pk, "gender")) {
        vg_gender g;
        if (!vg_cli_parse_gender(v, &g))
            return;
        add(ctx, pk, g == VG_GENDER_UNKNOWN ? "other" : vg_gender_name(g));
        if (!cs->have_gender && g != VG_GENDER_UNKNOWN) {
            ex->q.gender = g;
            cs->have_gender = true;
        }
    } else if (!strcmp(pk, "passportNumber") || !strcmp(pk, "idNumber") ||
               !strcmp(pk, "registrationNumber") || !strcmp(pk, "taxNumber")) {
        add(ctx, pk, v);
        if (ex->q.n_docs < VG_QUERY_MAX_DOCS)
            ex->q.docs[ex->q.n_docs++].number = vg_str_c(v);
    }
    /* other properties: not used for matching, dropped as yente does */
}

static void add_json(void *ctx, const char *key, const char *v)
{
    add_value(ctx, key, v);
}

bool vg_srv_example_from_json(json_t *ent, const char *key, json_t *loc, vg_srv_example *ex,
                              vg_srv_error *e)
{
    memset(ex, 0, sizeof *ex);
    vg_query_init(&ex->q);
    ex->key = key;
    if (!json_is_object(ent))
        return vg_srv_error_422(e, loc_with(loc, NULL, NULL), "Input should be a valid dictionary",
                                "dict_type");
    json_t *schema = json_object_get(ent, "schema");
    if (!schema)
        return vg_srv_error_422(e, loc_with(loc, "schema", NULL), "Field required", "missing");
    if (!json_is_string(schema))
        return vg_srv_error_422(e, loc_with(loc, "schema", NULL), "Input should be a valid string",
                                "string_type");
    const char *sc = json_string_value(schema);
    json_t *id = json_object_get(ent, "id");
    if (id && !json_is_null(id) && !json_is_string(id))
        return vg_srv_error_422(e, loc_with(loc, "id", NULL), "Input should be a valid string",
                                "string_type");
    if (!strcmp(sc, "Thing") || !strcmp(sc, "LegalEntity"))
        ex->kind = -1;
    else
        ex->kind = vg_cli_kind_of_schema(sc);
    if (ex->kind == -2)
        return vg_srv_error_detail(e, 400, "Cannot parse example entity: invalid schema '%.64s'",
                                   sc);
    ex->q.kind = ex->kind;
    json_t *props = json_object_get(ent, "properties");
    if (props && !json_is_null(props) && !json_is_object(props))
        return vg_srv_error_422(e, loc_with(loc, "properties", NULL),
                                "Input should be a valid dictionary", "dict_type");
    json_t *cprops = json_object();
    ex->cleaned = json_pack("{s:O,s:s,s:o}", "id", id ? id : json_null(), "schema", sc,
                            "properties", cprops);
    if (!ex->cleaned)
        return vg_srv_error_detail(e, 500, "out of memory");
    const char *vals[VG_SRV_MAX_VALUES];
    size_t nv;
    const char *pk;
    json_t *pv;
    clean_state cs = {false, false, false};
    json_object_foreach(props, pk, pv)
    {
        if (!prop_values(pv, vals, &nv, VG_SRV_MAX_VALUES))
            return vg_srv_error_422(e, loc_with(loc, "properties", pk),
                                    "Input should be a valid string or list of strings",
                                    "string_type");
        for (size_t i = 0; i < nv; i++)
            clean_value(ex, &cs, pk, vals[i], add_json, cprops);
    }
    return true;
}

void vg_srv_match_req_fini(vg_srv_match_req *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        json_decref(r->ex[i].cleaned);
    free(r->ex);
    r->ex = NULL;
    r->n = 0;
    free(r->fast);
    r->fast = NULL;
    if (r->fast_text.ptr)
        vg_buf_fini(&r->fast_text);
}

/* ---- the common /match body without jansson ----------------------------- */

/* json_loadb() with a hash table per object, the cleaning's jansson
 * objects, json_pack() and freeing them all cost ~45k instructions per
 * single-query request, as much as MHD and the reply together. The common
 * body is read here into a flat array of values (a subset of JSON: what
 * falls outside it goes to jansson, which has the last word on any body
 * that is not plainly valid), and cleaned by the same clean_value(). */

enum { JV_OBJ, JV_ARR, JV_STR, JV_NULL, JV_BOOL };

#define JV_MAX_DEPTH 16

typedef struct jv {
    int type;
    uint32_t n;      /* members of an object, elements of an array */
    uint32_t end;    /* index just past its subtree: the next sibling */
    const char *s;   /* JV_STR: decoded, NUL-terminated, in the copy */
    const char *key; /* a member of an object: its key, likewise */
} jv;

typedef struct jparse {
    char *p, *end; /* the copy of the body, read and decoded in place */
    jv *v;
    size_t n, cap;
} jparse;

static void jp_ws(jparse *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

/* A string after its opening quote, decoded in place (never longer than
 * the text it comes from) and NUL-terminated. False for what jansson would
 * refuse or what is left to it: control characters, invalid UTF-8, \u. */
static bool jp_str(jparse *j, const char **out)
{
    char *start = j->p, *w = start, *r = start;
    for (;;) {
        if (r >= j->end)
            return false;
        unsigned char c = (unsigned char)*r;
        if (c == '"')
            break;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++r >= j->end)
                return false;
            switch (*r) {
            case '"': case '\\': case '/': c = (unsigned char)*r; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default: return false; /* \u and errors: jansson */
            }
            *w++ = (char)c;
            r++;
            continue;
        }
        if (c < 0x80) {
            *w++ = *r++;
            continue;
        }
        size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!k || (size_t)(j->end - r) < k || vg_utf8_valid_prefix(r, k) != k)
            return false;
        memmove(w, r, k);
        w += k;
        r += k;
    }
    *w = '\0'; /* at or before the closing quote */
    j->p = r + 1;
    *out = start;
    return true;
}

bool vg_srv_match_req_parse(const char *body, size_t len, size_t max_batch, json_t **doc,
                            vg_srv_match_req *out, vg_srv_error *e)
{
    json_error_t jerr;
    bool ok = false;
    memset(out, 0, sizeof *out);
    *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*doc) {
        vg_srv_error_detail(e, 400, "Invalid JSON: %s (at byte %d)", jerr.text, jerr.position);
        goto out;
    }
    if (!json_is_object(*doc)) {
        vg_srv_error_422(e, json_pack("[s]", "body"), "Input should be a valid dictionary",
                         "model_attributes_type");
        goto out;
    }
    json_t *queries = json_object_get(*doc, "queries");
    if (!queries) {
        vg_srv_error_422(e, json_pack("[s,s]", "body", "queries"), "Field required", "missing");
        goto out;
    }
    if (!json_is_object(queries)) {
        vg_srv_error_422(e, json_pack("[s,s]", "body", "queries"),
                         "Input should be a valid dictionary", "dict_type");
        goto out;
    }
    json_t *w = json_object_get(*doc, "weights"), *c = json_object_get(*doc, "config");
    if ((w && !json_is_null(w) && !json_is_object(w)) || (c && !json_is_null(c) && !json_is_object(c))) {
        vg_srv_error_422(e, json_pack("[s,s]", "body", w && !json_is_object(w) ? "weights" : "config"),
                         "Input should be a valid dictionary", "dict_type");
        goto out;
    }
    size_t n = json_object_size(queries);
    if (n == 0) {
        vg_srv_error_detail(e, 400, "No queries provided.");
        goto out;
    }
    if (n > max_batch) {
        vg_srv_error_detail(e, 400, "Too many queries in one batch (%zu, at most %zu).", n,
                            max_batch);
        goto out;
    }
    out->ex = calloc(n, sizeof *out->ex);
    if (!out->ex) {
        vg_srv_error_detail(e, 500, "out of memory");
        goto out;
    }
    const char *key;
    json_t *ent;
    json_object_foreach(queries, key, ent)
    {
        json_t *loc = json_pack("[s,s,s]", "body", "queries", key);
        bool good = vg_srv_example_from_json(ent, key, loc, &out->ex[out->n], e);
        json_decref(loc);
        out->n++; /* counted even on failure so that fini frees `cleaned` */
        if (!good)
            goto out;
    }
    ok = true;
out:
    if (!ok) {
        vg_srv_match_req_fini(out);
        json_decref(*doc);
        *doc = NULL;
    }
    return ok;
}

static bool jp_lit(jparse *j, const char *lit, size_t n)
{
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n))
        return false;
    j->p += n;
    return true;
}

/* One value (whitespace before it skipped) as node j->n, its subtree after
 * it. False for anything outside the subset. */
static bool jp_value(jparse *j, const char *key, int depth)
{
    if (j->n == j->cap || depth > JV_MAX_DEPTH)
        return false;
    size_t me = j->n++;
    jv *v = &j->v[me];
    memset(v, 0, sizeof *v);
    v->key = key;
    jp_ws(j);
    if (j->p >= j->end)
        return false;
    char c = *j->p;
    if (c == '"') {
        j->p++;
        v->type = JV_STR;
        if (!jp_str(j, &v->s))
            return false;
    } else if (c == '{' || c == '[') {
        bool obj = c == '{';
        char close = obj ? '}' : ']';
        v->type = obj ? JV_OBJ : JV_ARR;
        j->p++;
        jp_ws(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
        } else {
            for (;;) {
                const char *k = NULL;
                if (obj) {
                    jp_ws(j);
                    if (j->p >= j->end || *j->p != '"')
                        return false;
                    j->p++;
                    if (!jp_str(j, &k))
                        return false;
                    /* duplicates: JSON_REJECT_DUPLICATES, jansson's error */
                    for (size_t m = me + 1; m < j->n; m = j->v[m].end)
                        if (!strcmp(j->v[m].key, k))
                            return false;
                    jp_ws(j);
                    if (j->p >= j->end || *j->p != ':')
                        return false;
                    j->p++;
                }
                if (!jp_value(j, k, depth + 1))
                    return false;
                j->v[me].n++;
                jp_ws(j);
                if (j->p < j->end && *j->p == ',') {
                    j->p++;
                    continue;
                }
                if (j->p < j->end && *j->p == close) {
                    j->p++;
                    break;
                }
                return false;
            }
        }
    } else if (c == 'n') {
        v->type = JV_NULL;
        if (!jp_lit(j, "null", 4))
            return false;
    } else if (c == 't' || c == 'f') {
        v->type = JV_BOOL;
        if (!jp_lit(j, c == 't' ? "true" : "false", c == 't' ? 4 : 5))
            return false;
    } else {
        return false; /* numbers: jansson */
    }
    j->v[me].end = (uint32_t)j->n;
    return true;
}

/* The member `key` of object node o, or NULL. */
static const jv *jv_get(const jparse *j, size_t o, const char *key)
{
    for (size_t m = o + 1; m < j->v[o].end; m = j->v[m].end)
        if (!strcmp(j->v[m].key, key))
            return &j->v[m];
    return NULL;
}

static void add_prop(void *ctx, const char *key, const char *v)
{
    prop_add(ctx, key, v);
}

/* One example from entity node o (key `key`), its cleaned JSON appended to
 * w. 1, 0 (not the subset's: jansson decides), -1 (OOM). */
static int fast_example(const jparse *j, size_t o, vg_srv_example *ex, vg_srv_jw *w)
{
    const jv *ent = &j->v[o];
    if (ent->type != JV_OBJ)
        return 0;
    const jv *schema = jv_get(j, o, "schema"), *id = jv_get(j, o, "id");
    const jv *props = jv_get(j, o, "properties");
    if (!schema || schema->type != JV_STR || (id && id->type != JV_NULL && id->type != JV_STR) ||
        (props && props->type != JV_NULL && props->type != JV_OBJ))
        return 0;
    const char *sc = schema->s;
    memset(ex, 0, sizeof *ex);
    vg_query_init(&ex->q);
    ex->key = ent->key;
    if (!strcmp(sc, "Thing") || !strcmp(sc, "LegalEntity"))
        ex->kind = -1;
    else
        ex->kind = vg_cli_kind_of_schema(sc);
    if (ex->kind == -2)
        return 0;
    ex->q.kind = ex->kind;
    /* every property is a string or a list of strings (else a 422) */
    size_t po = props ? (size_t)(props - j->v) : 0;
    for (size_t m = po + 1; props && m < props->end; m = j->v[m].end) {
        if (j->v[m].type == JV_ARR) {
            for (size_t k = m + 1; k < j->v[m].end; k = j->v[k].end)
                if (j->v[k].type != JV_STR)
                    return 0;
        } else if (j->v[m].type != JV_STR) {
            return 0;
        }
    }
    prop_list ps;
    memset(&ps, 0, sizeof ps);
    vg_buf_init(&ps.text, NULL, 0);
    clean_state cs = {false, false, false};
    for (size_t m = po + 1; props && m < props->end; m = j->v[m].end) {
        const char *pk = j->v[m].key;
        if (j->v[m].type == JV_STR) {
            clean_value(ex, &cs, pk, j->v[m].s, add_prop, &ps);
            continue;
        }
        size_t nv = 0; /* as prop_values(): the first VG_SRV_MAX_VALUES */
        for (size_t k = m + 1; k < j->v[m].end && nv < VG_SRV_MAX_VALUES; k = j->v[k].end, nv++)
            clean_value(ex, &cs, pk, j->v[k].s, add_prop, &ps);
    }
    /* {"id", "schema", "properties"} as json_pack() built and json_dumps()
     * wrote it: keys in order of first value, values in order */
    VG_SRV_JW_LIT(w, "{\"id\":");
    if (id && id->type == JV_STR)
        vg_srv_jw_str(w, id->s);
    else
        VG_SRV_JW_LIT(w, "null");
    VG_SRV_JW_LIT(w, ",\"schema\":");
    vg_srv_jw_str(w, sc);
    VG_SRV_JW_LIT(w, ",\"properties\":");
    props_write(w, &ps);
    VG_SRV_JW_LIT(w, "}");
    bool oom = ps.oom;
    free(ps.v);
    vg_buf_fini(&ps.text);
    return oom || w->rc ? -1 : 1;
}

int vg_srv_match_req_fast(const char *body, size_t len, size_t max_batch, vg_srv_match_req *out)
{
    int rc = 0;
    vg_srv_jw w;
    memset(out, 0, sizeof *out);
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    size_t *offs = NULL;
    /* a value takes at least two bytes with its separator, bar the last */
    size_t cap = len / 2 + 2;
    if (len > UINT32_MAX / 2 || w.rc)
        goto out;
    rc = -1;
    char *mem = malloc(cap * sizeof(jv) + len + 1);
    if (!mem)
        goto out;
    out->fast = mem;
    jparse j = {mem + cap * sizeof(jv), NULL, (jv *)(void *)mem, 0, cap};
    memcpy(j.p, body, len);
    j.end = j.p + len;
    rc = 0;
    jp_ws(&j);
    if (j.p >= j.end || *j.p != '{' || !jp_value(&j, NULL, 0))
        goto out;
    jp_ws(&j);
    if (j.p != j.end)
        goto out;
    const jv *queries = jv_get(&j, 0, "queries");
    const jv *wt = jv_get(&j, 0, "weights"), *cf = jv_get(&j, 0, "config");
    if (!queries || queries->type != JV_OBJ || !queries->n || queries->n > max_batch ||
        (wt && wt->type != JV_NULL && wt->type != JV_OBJ) ||
        (cf && cf->type != JV_NULL && cf->type != JV_OBJ))
        goto out;
    rc = -1;
    out->ex = calloc(queries->n, sizeof *out->ex);
    offs = malloc(2 * queries->n * sizeof *offs);
    if (!out->ex || !offs)
        goto out;
    size_t qo = (size_t)(queries - j.v);
    for (size_t m = qo + 1; m < queries->end; m = j.v[m].end) {
        size_t at = w.b.len;
        rc = fast_example(&j, m, &out->ex[out->n], &w);
        if (rc != 1)
            goto out;
        offs[2 * out->n] = at;
        offs[2 * out->n + 1] = w.b.len - at;
        out->n++;
    }
    out->fast_text = w.b; /* the examples point into it from here */
    memset(&w.b, 0, sizeof w.b);
    for (size_t i = 0; i < out->n; i++) {
        out->ex[i].cleaned_text = out->fast_text.ptr + offs[2 * i];
        out->ex[i].cleaned_len = offs[2 * i + 1];
    }
    rc = 1;
out:
    free(offs);
    vg_srv_jw_fini(&w);
    if (rc != 1)
        vg_srv_match_req_fini(out);
    return rc;
}

/* ---- explanations ------------------------------------------------------ */

/* `,"key":{"detail":...,"score":...,"query":...,"candidate":...}` (query
 * and candidate null when NULL, as json_pack()'s "s?"). Writes nothing and returns false when a
 * string is not valid UTF-8, as json_pack() then failed and nothing was set. */
static bool feature(vg_srv_jw *w, bool comma, const char *key, const char *detail, double score,
                    const char *q, const char *c)
{
    size_t mark = w->b.len;
    vg_srv_jw_key(w, comma, key);
    VG_SRV_JW_LIT(w, "{\"detail\":");
    bool ok = vg_srv_jw_str(w, detail);
    VG_SRV_JW_LIT(w, ",\"score\":");
    vg_srv_jw_real(w, vg_srv_round4(score));
    VG_SRV_JW_LIT(w, ",\"query\":");
    if (ok && q)
        ok = vg_srv_jw_str(w, q);
    else
        VG_SRV_JW_LIT(w, "null");
    VG_SRV_JW_LIT(w, ",\"candidate\":");
    if (ok && c)
        ok = vg_srv_jw_str(w, c);
    else
        VG_SRV_JW_LIT(w, "null");
    VG_SRV_JW_LIT(w, "}");
    if (!ok)
        vg_srv_jw_rewind(w, mark);
    return ok;
}

size_t vg_srv_fmt_fixed(char *t, float f, int decimals, bool plus)
{
    double scale = decimals == 2 ? 100.0 : 10000.0;
    /* exact: a float's 24 significant bits times 100 or 10000 (7 or 14
     * bits) fit a double's 53, so rounding the product to an integer, ties
     * to even, is printf's rounding of the exact value */
    double x = (double)f * scale;
    if (!isfinite(x) || fabs(x) >= 1e15) {
        int r = snprintf(t, 64, plus ? "%+.*f" : "%.*f", decimals, (double)f);
        return r < 0 ? 0 : (size_t)r < 64 ? (size_t)r : 63;
    }
    long long k = (long long)nearbyint(fabs(x));
    long long div = decimals == 2 ? 100 : 10000;
    long long ip = k / div, fp = k % div;
    char d[24];
    size_t i = sizeof d;
    for (int j = 0; j < decimals; j++) {
        d[--i] = (char)('0' + fp % 10);
        fp /= 10;
    }
    d[--i] = '.';
    do {
        d[--i] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (signbit(f))
        d[--i] = '-';
    else if (plus)
        d[--i] = '+';
    size_t n = sizeof d - i;
    memcpy(t, d + i, n);
    t[n] = '\0';
    return n;
}

/* Text of at most cap - 1 bytes built piece by piece as snprintf() into
 * the rest of the buffer would: `n` counts every byte offered, also those
 * that no longer fit (snprintf()'s return value), and the text is its
 * first min(n, cap - 1). snprintf() cost ~13k instructions per reply in
 * the explanations. */
typedef struct dtext {
    char *p;
    size_t n, cap;
} dtext;

static void dt_put(dtext *d, const char *s, size_t len)
{
    if (d->n + 1 < d->cap) {
        size_t room = d->cap - 1 - d->n;
        memcpy(d->p + d->n, s, len < room ? len : room);
    }
    d->n += len;
}

#define DT_LIT(d, lit) dt_put((d), (lit), sizeof(lit) - 1)

static void dt_str(dtext *d, const char *s)
{
    dt_put(d, s, strlen(s));
}

static void dt_fixed(dtext *d, float f, int decimals, bool plus)
{
    char t[64];
    dt_put(d, t, vg_srv_fmt_fixed(t, f, decimals, plus));
}

/* The text ends at min(n, cap - 1); then cut to valid UTF-8. */
static void dt_end(dtext *d)
{
    size_t len = d->n < d->cap - 1 ? d->n : d->cap - 1;
    d->p[len] = '\0';
    d->p[vg_utf8_valid_prefix(d->p, len)] = '\0';
}

/* As snprintf() piece by piece (what it was): "[", the pairs while the
 * text fits, and "]" when it still fits with its NUL and one byte more. */
static void name_detail(const vg_explanation *ex, char *detail, size_t cap)
{
    dtext d = {detail, 0, cap};
    DT_LIT(&d, "[");
    for (size_t i = 0; i < ex->n_pairs && d.n + 1 < cap; i++) {
        const vg_token_pair *p = &ex->pairs[i];
        if (i)
            DT_LIT(&d, ", ");
        if (!p->query[0] || !p->list[0]) {
            dt_str(&d, p->query[0] ? "query '" : "candidate '");
            dt_str(&d, p->query[0] ? p->query : p->list);
            DT_LIT(&d, "' unmatched, weight ");
        } else {
            DT_LIT(&d, "'");
            dt_str(&d, p->query);
            DT_LIT(&d, "'~'");
            dt_str(&d, p->list);
            DT_LIT(&d, "' ");
            dt_str(&d, vg_cmp_method_name(p->method));
            DT_LIT(&d, ": ");
            dt_fixed(&d, p->similarity, 2, false);
            DT_LIT(&d, ", weight ");
        }
        dt_fixed(&d, p->weight, 2, false);
    }
    if (d.n + 2 < cap)
        DT_LIT(&d, "]");
    dt_end(&d);
}

void vg_srv_explanations_write(vg_srv_jw *w, const vg_match *m, const char *qname)
{
    static const char *const kinds[] = {"birth_date", "nationality", "gender", "identifier",
                                        "linked_entity"};
    const vg_explanation *ex = &m->explain;
    bool comma = false;
    VG_SRV_JW_LIT(w, "{");
    if (ex->name) {
        char detail[1024];
        name_detail(ex, detail, sizeof detail);
        comma = feature(w, false, "name_match", detail, ex->name_score, qname, ex->name->full);
    }
    /* A kind given twice keeps the place where it was first set and the
     * value set last (json_object_set_new() semantics). */
    bool done[sizeof kinds / sizeof kinds[0]] = {false};
    for (size_t i = 0; i < ex->n_evidence; i++) {
        vg_evidence_kind k = ex->evidence[i].kind;
        if ((size_t)k >= sizeof kinds / sizeof kinds[0] || done[k])
            continue;
        for (size_t j = ex->n_evidence; j-- > i && !done[k];) {
            const vg_evidence *ev = &ex->evidence[j];
            if (ev->kind != k)
                continue;
            char detail[256];
            dtext d = {detail, 0, sizeof detail};
            dt_str(&d, ev->verdict);
            DT_LIT(&d, ": score ");
            dt_fixed(&d, ev->effect, 4, true);
            d.n = d.n < d.cap - 1 ? d.n : d.cap - 1; /* snprintf(): no UTF-8 cut */
            detail[d.n] = '\0';
            done[k] = feature(w, comma, kinds[k], detail, ev->effect, ev->query, ev->list);
        }
        comma |= done[k];
    }
    VG_SRV_JW_LIT(w, "}");
}

json_t *vg_srv_explanations_json(const vg_match *m, const char *qname)
{
    vg_srv_jw w;
    vg_srv_jw_init(&w, VG_LIMIT_JSON_REPLY);
    vg_srv_explanations_write(&w, m, qname);
    json_t *o = vg_srv_jw_json(&w);
    vg_srv_jw_fini(&w);
    return o;
}
