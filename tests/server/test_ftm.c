/* SPDX-License-Identifier: Apache-2.0 */
/* Server FollowTheMoney layer: a listed entity as FtM JSON, yente match
 * bodies (400 vs 422 and their shapes, cleaning of example properties),
 * and yente-style explanations of a real match. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/server.h"

static vg_list *load_un(void)
{
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(VIGIL_DATA "/lists/un/consolidated.xml", VG_FORMAT_AUTO, NULL,
                                  &l, &err),
                     VG_OK);
    return l;
}

static bool has(json_t *arr, const char *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!strcmp(json_string_value(x), v))
            return true;
    }
    return false;
}

static void test_entity_json(void **state)
{
    (void)state;
    vg_list *l = load_un();
    const vg_entity *e = vg_list_find(l, "un:QDi.299");
    assert_non_null(e);
    json_t *o = vg_srv_entity_json(e);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "un:QDi.299");
    assert_string_equal(json_string_value(json_object_get(o, "schema")), "Person");
    assert_true(has(json_object_get(o, "datasets"), "un_sc_sanctions"));
    json_t *p = json_object_get(o, "properties");
    assert_true(json_array_size(json_object_get(p, "name")) >= 1);
    assert_true(has(json_object_get(p, "birthDate"), "1971"));
    assert_true(has(json_object_get(p, "nationality"), "iq"));
    assert_true(has(json_object_get(p, "topics"), "sanction"));
    assert_true(json_is_true(json_object_get(o, "target")));
    assert_true(json_is_null(json_object_get(o, "last_change")));
    /* every property value is a list of strings */
    const char *k;
    json_t *v;
    json_object_foreach(p, k, v)
    {
        assert_true(json_is_array(v));
        assert_true(json_is_string(json_array_get(v, 0)));
    }
    char *text = json_dumps(o, 0);
    assert_non_null(text);
    free(text);
    json_decref(o);
    vg_list_free(l);
}

static int parse_status(const char *body)
{
    json_t *doc = NULL;
    vg_srv_match_req r;
    vg_srv_error e = {0, NULL};
    bool ok = vg_srv_match_req_parse(body, strlen(body), 2, &doc, &r, &e);
    int st = ok ? 200 : e.status;
    if (!ok) {
        assert_null(doc);
        assert_non_null(json_object_get(e.body, "detail"));
        if (st == 422) {
            json_t *d0 = json_array_get(json_object_get(e.body, "detail"), 0);
            assert_true(json_is_array(json_object_get(d0, "loc")));
            assert_true(json_is_string(json_object_get(d0, "msg")));
            assert_true(json_is_string(json_object_get(d0, "type")));
        } else {
            assert_true(json_is_string(json_object_get(e.body, "detail")));
        }
    }
    vg_srv_match_req_fini(&r);
    json_decref(doc);
    json_decref(e.body);
    return st;
}

/* The texts written once per snapshot are, entity by entity, what the
 * writer gives (open and closed), and an entity not in the cache is
 * written afresh. */
static void test_entity_cache(void **state)
{
    (void)state;
    vg_list *l = load_un();
    vg_srv_ftm_cache c;
    vg_err err;
    vg_err_clear(&err);
    assert_int_equal(vg_srv_ftm_cache_build(&c, &l, 1, &err), VG_OK);
    assert_true(vg_list_count(l) > 500);
    vg_entity other = *vg_list_entity(l, 0); /* same content, not in the cache */
    for (size_t i = 0; i <= vg_list_count(l); i++) {
        const vg_entity *e = i < vg_list_count(l) ? vg_list_entity(l, i) : &other;
        for (int open = 0; open < 2; open++) {
            vg_srv_jw a, b;
            vg_srv_jw_init(&a, 1u << 20);
            vg_srv_jw_init(&b, 1u << 20);
            VG_SRV_JW_LIT(&a, "[");
            VG_SRV_JW_LIT(&b, "[");
            vg_srv_entity_write(&a, e, open);
            vg_srv_entity_write_cached(&b, &c, e, open);
            assert_int_equal(a.rc, VG_OK);
            assert_int_equal(b.rc, VG_OK);
            assert_int_equal(a.b.len, b.b.len);
            assert_memory_equal(a.b.ptr, b.b.ptr, a.b.len);
            vg_srv_jw_fini(&a);
            vg_srv_jw_fini(&b);
        }
    }
    /* no cache: the writer */
    vg_srv_jw a;
    vg_srv_jw_init(&a, 1u << 20);
    vg_srv_entity_write_cached(&a, NULL, vg_list_entity(l, 0), false);
    json_t *o = vg_srv_jw_json(&a);
    assert_non_null(o);
    json_decref(o);
    vg_srv_jw_fini(&a);
    vg_srv_ftm_cache_fini(&c);
    vg_srv_ftm_cache_fini(&c); /* empty: a no-op */
    vg_list_free(l);
}

static bool str_eq(vg_str a, vg_str b)
{
    return a.len == b.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len));
}

/* vg_srv_match_req_fast() on body: when it takes the body, jansson's
 * parser must accept it too, with the same examples and the same cleaned
 * text; returns what the fast path returned. */
static int fast_same_as_jansson(const char *body, size_t max_batch)
{
    vg_srv_match_req f, r;
    json_t *doc = NULL;
    vg_srv_error e = {0, NULL};
    int rc = vg_srv_match_req_fast(body, strlen(body), max_batch, &f);
    assert_true(rc == 0 || rc == 1);
    if (rc == 0) {
        assert_null(f.ex);
        assert_null(f.fast);
        return 0;
    }
    bool ok = vg_srv_match_req_parse(body, strlen(body), max_batch, &doc, &r, &e);
    if (!ok)
        fprintf(stderr, "fast path took a body jansson refuses: %s\n", body);
    assert_true(ok);
    assert_int_equal(f.n, r.n);
    for (size_t i = 0; i < f.n; i++) {
        const vg_srv_example *a = &f.ex[i], *b = &r.ex[i];
        assert_string_equal(a->key, b->key);
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->n_names, b->n_names);
        for (size_t k = 0; k < a->n_names; k++)
            assert_string_equal(a->names[k], b->names[k]);
        assert_true(str_eq(a->q.first_name, b->q.first_name));
        assert_true(str_eq(a->q.last_name, b->q.last_name));
        assert_memory_equal(&a->q.birth_date, &b->q.birth_date, sizeof a->q.birth_date);
        assert_string_equal(a->q.nationality, b->q.nationality);
        assert_int_equal(a->q.gender, b->q.gender);
        assert_int_equal(a->q.kind, b->q.kind);
        assert_int_equal(a->q.n_docs, b->q.n_docs);
        for (size_t k = 0; k < a->q.n_docs; k++)
            assert_true(str_eq(a->q.docs[k].number, b->q.docs[k].number));
        assert_null(a->cleaned);
        vg_srv_jw w;
        vg_srv_jw_init(&w, 1u << 20);
        vg_srv_jw_value(&w, b->cleaned);
        assert_int_equal(w.rc, VG_OK);
        char *text = strndup(a->cleaned_text, a->cleaned_len);
        assert_string_equal(text, w.b.ptr);
        free(text);
        vg_srv_jw_fini(&w);
    }
    vg_srv_match_req_fini(&f);
    vg_srv_match_req_fini(&r);
    json_decref(doc);
    return 1;
}

static void test_match_body_fast(void **state)
{
    (void)state;
    static const char *const taken[] = {
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Ali Hassan\"]}}}}",
        " \t\r\n{ \"queries\" : { \"q\" : { \"schema\" : \"Person\" , \"properties\" : { \"name\" :"
        " \"Ali\" , \"birthDate\" : [ \"1971-02-03T00:00:00\" , \"1971\", \"x\" ] } } } }\n",
        "{\"queries\":{\"a\":{\"schema\":\"Organization\",\"id\":\"x-1\",\"properties\":{}},"
        "\"b\":{\"id\":null,\"schema\":\"LegalEntity\",\"properties\":null},"
        "\"c\":{\"schema\":\"Thing\"}},\"weights\":{},\"config\":null,\"extra\":[true,false,null]}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Ali\",\"Ali\",\" \","
        "\"\"],\"alias\":\"Abu Ali\",\"previousName\":[],\"weakAlias\":\"Ab\",\"firstName\":[\"A\","
        "\"B\"],\"lastName\":\"Z\",\"nationality\":[\"Iraq\",\"IQ\",\"Nowhere\"],\"citizenship\":"
        "\"sy\",\"country\":\"fr\",\"gender\":[\"female\",\"x\",\"m\"],\"passportNumber\":\"P1\","
        "\"idNumber\":[\"I1\",\"I2\"],\"registrationNumber\":\"R\",\"taxNumber\":\"T\","
        "\"notes\":\"dropped\",\"topics\":[\"sanction\"]}}}}",
        "{\"queries\":{\"\\u00e9\\\"q\":{\"schema\":\"Person\",\"properties\":{}}}}", /* \u: jansson */
        "{\"queries\":{\"k\\\"\\\\\\/\\b\\f\\n\\r\\t\":{\"schema\":\"Person\",\"properties\":{\"name\":"
        "\"A\\\"B\\\\C\\/D\\tE\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"\xd0\x9c\xd0\xb0\xd1\x80"
        "\xd0\xb8\xd1\x8f\",\"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\",\"\xf0\x9f\x98\x80 Smile\"]}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Vessel\",\"properties\":{\"name\":[\"a\",\"b\",\"c\",\"d\","
        "\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"]}}}}",
    };
    int n_fast = 0;
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        n_fast += fast_same_as_jansson(taken[i], 100);
    assert_int_equal(n_fast, (int)(sizeof taken / sizeof taken[0]) - 1); /* all but \u */
    /* left to jansson (errors, numbers, duplicates, odd shapes); any it
     * takes must agree */
    static const char *const left[] = {
        "",
        "{",
        "[]",
        "\"x\"",
        "{}",
        "{\"queries\":{}}",
        "{\"queries\":[]}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}}} x",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}},}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}},\"queries\":{}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"a\",\"name\":\"b\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"},\"q\":{\"schema\":\"Person\"}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"x\":{\"a\":1,\"a\":2}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}},\"weights\":{\"name\":0.5}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}},\"weights\":[]}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\"}},\"config\":\"x\"}",
        "{\"queries\":{\"q\":{\"schema\":\"Dragon\"}}}",
        "{\"queries\":{\"q\":{\"properties\":{}}}}",
        "{\"queries\":{\"q\":{\"schema\":1}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"id\":7}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"id\":[]}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":[]}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":null}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"a\",1]}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":[[\"a\"]]}}}}",
        "{\"queries\":{\"q\":\"Person\"}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"a\x01\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"\xc3\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"\xc0\xaf\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"\xed\xa0\x80\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"\xf4\x90\x80\x80\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"\\x\"}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"properties\":{\"name\":\"a}}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"x\":nul}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"x\":truex}}}",
        "{\"queries\":{\"q\":{\"schema\":\"Person\",\"x\":[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}}}",
        "\xef\xbb\xbf{\"queries\":{\"q\":{\"schema\":\"Person\"}}}",
    };
    for (size_t i = 0; i < sizeof left / sizeof left[0]; i++)
        assert_int_equal(fast_same_as_jansson(left[i], 100), 0);
    /* more queries than max_batch: jansson's 400 */
    assert_int_equal(fast_same_as_jansson("{\"queries\":{\"a\":{\"schema\":\"Person\"},"
                                          "\"b\":{\"schema\":\"Person\"}}}", 1), 0);
    assert_int_equal(fast_same_as_jansson("{\"queries\":{\"a\":{\"schema\":\"Person\"},"
                                          "\"b\":{\"schema\":\"Person\"}}}", 2), 1);
}

static void test_match_body(void **state)
{
    (void)state;
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":\"Person\",\"properties\":"
                                  "{\"name\":\"X\"}}}}"),
                     200);
    assert_int_equal(parse_status("{\"queries\": {"), 400);
    assert_int_equal(parse_status(""), 400);
    assert_int_equal(parse_status("{\"queries\":{}}"), 400);
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":\"Person\"},\"b\":{\"schema\":"
                                  "\"Person\"},\"c\":{\"schema\":\"Person\"}}}"),
                     400); /* over the batch of 2 */
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":\"Planet\"}}}"), 400);
    assert_int_equal(parse_status("[]"), 422);
    assert_int_equal(parse_status("{}"), 422);
    assert_int_equal(parse_status("{\"queries\":[]}"), 422);
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"properties\":{}}}}"), 422);
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":1}}}"), 422);
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":\"Person\",\"properties\":"
                                  "{\"name\":[1]}}}}"),
                     422);
    assert_int_equal(parse_status("{\"queries\":{\"a\":{\"schema\":\"Person\",\"properties\":[]}}}"),
                     422);
    assert_int_equal(parse_status("{\"queries\":{\"a\":\"Person\"}}"), 422);
}

static void test_example_cleaning(void **state)
{
    (void)state;
    const char *body = "{\"queries\":{\"k\":{\"id\":\"mine\",\"schema\":\"Person\",\"properties\":{"
                       "\"name\":[\"Ibrahim Awwad Ibrahim al-Badri\",\" \"],"
                       "\"alias\":\"Abu Du'a\",\"birthDate\":[\"1971-01-00\",\"1971-07-28T00:00:00\"],"
                       "\"nationality\":[\"Atlantis\",\"Iraq\"],\"gender\":\"M\","
                       "\"passportNumber\":\"A1234567\",\"eyeColor\":\"brown\"}}}}";
    json_t *doc = NULL;
    vg_srv_match_req r;
    vg_srv_error e = {0, NULL};
    assert_true(vg_srv_match_req_parse(body, strlen(body), 100, &doc, &r, &e));
    assert_int_equal(r.n, 1);
    vg_srv_example *ex = &r.ex[0];
    assert_string_equal(ex->key, "k");
    assert_int_equal(ex->kind, VG_KIND_PERSON);
    assert_int_equal(ex->n_names, 2);
    assert_int_equal(ex->q.birth_date.year, 1971);
    assert_int_equal(ex->q.birth_date.month, 7);
    assert_string_equal(ex->q.nationality, "IQ");
    assert_int_equal(ex->q.gender, VG_GENDER_MALE);
    assert_int_equal(ex->q.n_docs, 1);
    json_t *cp = json_object_get(ex->cleaned, "properties");
    assert_string_equal(json_string_value(json_object_get(ex->cleaned, "id")), "mine");
    assert_int_equal(json_array_size(json_object_get(cp, "nationality")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(cp, "nationality"), 0)), "iq");
    assert_int_equal(json_array_size(json_object_get(cp, "birthDate")), 1);
    assert_null(json_object_get(cp, "eyeColor"));
    assert_string_equal(json_string_value(json_array_get(json_object_get(cp, "gender"), 0)), "male");
    vg_srv_match_req_fini(&r);
    json_decref(doc);
}

static void test_explanations(void **state)
{
    (void)state;
    vg_list *l = load_un();
    vg_index *ix = NULL;
    vg_screener *sc = NULL;
    vg_err err;
    assert_int_equal(vg_index_build(&l, 1, NULL, &ix, &err), VG_OK);
    assert_int_equal(vg_screener_new(ix, &sc), VG_OK);
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c("Ibrahim Awwad Ibrahim al-Badri");
    q.birth_date.kind = VG_DATE_YEAR;
    q.birth_date.year = 1971;
    vg_screen_opts o = {0};
    o.explain_all = true;
    vg_result *res = malloc(sizeof *res);
    assert_int_equal(vg_screen(sc, &q, &o, res, &err), VG_OK);
    assert_true(res->n_matches > 0);
    assert_string_equal(res->matches[0].entity->id, "un:QDi.299");
    json_t *x = vg_srv_explanations_json(&res->matches[0], "Ibrahim Awwad Ibrahim al-Badri");
    json_t *nm = json_object_get(x, "name_match");
    assert_non_null(nm);
    assert_true(json_is_string(json_object_get(nm, "detail")));
    assert_true(json_real_value(json_object_get(nm, "score")) > 0.5);
    assert_string_equal(json_string_value(json_object_get(nm, "query")),
                        "Ibrahim Awwad Ibrahim al-Badri");
    assert_non_null(json_object_get(x, "birth_date"));
    json_decref(x);
    free(res);
    vg_screener_free(sc);
    vg_index_free(ix);
    vg_list_free(l);
}

/* The JSON writer against json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(6)):
 * escapes, reals, nesting and order must come out byte for byte the same,
 * as the /match reply is written by it and promised yente-identical. */
static void assert_same_text(vg_srv_jw *w, json_t *v)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6) | JSON_ENCODE_ANY);
    assert_non_null(want);
    assert_int_equal(w->rc, VG_OK);
    assert_string_equal(w->b.ptr, want);
    free(want);
    json_decref(v);
    vg_srv_jw_rewind(w, 0);
}

static void test_json_writer(void **state)
{
    (void)state;
    vg_srv_jw w;
    vg_srv_jw_init(&w, 1 << 20);
    const char *strs[] = {"",
                          "plain",
                          "q\"b\\s/",
                          "\x01\x02\b\f\n\r\t\x1f\x7f",
                          "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80",
                          "\xd0\x9a\xd0\xb8\xd0\xbc"};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        assert_true(vg_srv_jw_str(&w, strs[i]));
        assert_same_text(&w, json_string(strs[i]));
    }
    assert_false(vg_srv_jw_str(&w, "bad \xc3("));
    assert_int_equal(w.b.len, 0);
    /* refused anywhere in the string, after escapes too: nothing written */
    const char *bad[] = {"a\"b\n\xc3(", "\xe0\x80\x80", "x\xed\xa0\x80", "\xf4\x90\x80\x80",
                         "abc\xe2\x82", "\x80", "\xc1\xbf", "\xf5\x80\x80\x80", "\\\xff"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_null(json_string(bad[i]));
        assert_false(vg_srv_jw_str(&w, bad[i]));
        assert_int_equal(w.b.len, 0);
        assert_int_equal(w.rc, VG_OK);
    }
    const char *good[] = {"\xf0\x9f\x98\x80", "z\xf4\x8f\xbf\xbf", "\xef\xbf\xbf\t", "\xc2\x80\"",
                          "\xe0\xa0\x80\\"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(vg_srv_jw_str(&w, good[i]));
        assert_same_text(&w, json_string(good[i]));
    }
    const double reals[] = {0, 1, -1, 0.5, 0.6869, -0.1018, 0.0001, -0.0001, 1e-05, 123456789.0,
                            1e21, 3.14159265, 0.98, 1.0 / 3, -0.0};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        vg_srv_jw_real(&w, reals[i]);
        assert_same_text(&w, json_real(reals[i]));
        vg_srv_jw_real(&w, vg_srv_round4(reals[i]));
        assert_same_text(&w, json_real(vg_srv_round4(reals[i])));
    }
    /* every value vg_srv_round4() can give below 100 (the fast path) and
     * its neighbours, which must take the general one */
    for (long long k = -999999; k <= 999999; k++) {
        double v = (double)k / 10000.0;
        double near[] = {v, nextafter(v, 1e9), nextafter(v, -1e9)};
        for (size_t i = 0; i < (k % 997 ? 1u : 3u); i++) {
            vg_srv_jw_real(&w, near[i]);
            assert_same_text(&w, json_real(near[i]));
        }
    }
    const long long ints[] = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321,
                              9223372036854775807LL, -9223372036854775807LL - 1};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        vg_srv_jw_int(&w, ints[i]);
        assert_same_text(&w, json_integer(ints[i]));
    }
    const double edges[] = {99.99995, 100.0, -100.0, 99.9999, -99.9999, 0.00005, -0.00005};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        vg_srv_jw_real(&w, edges[i]);
        assert_same_text(&w, json_real(edges[i]));
    }
    json_t *doc = json_loads("{\"z\":[1,-2,3.5,true,false,null,{}],\"a\":{\"x\\n\":\"\\u0001\"},"
                             "\"m\":[],\"k\":9223372036854775807}",
                             0, NULL);
    assert_non_null(doc);
    vg_srv_jw_value(&w, doc);
    assert_same_text(&w, doc);
    vg_srv_jw_fini(&w);
}

static void assert_fixed(float f, int decimals, bool plus)
{
    char want[64], got[64];
    snprintf(want, sizeof want, plus ? "%+.*f" : "%.*f", decimals, (double)f);
    size_t n = vg_srv_fmt_fixed(got, f, decimals, plus);
    assert_string_equal(got, want);
    assert_int_equal(n, strlen(want));
}

/* vg_srv_fmt_fixed() against snprintf(): every float near a rounding tie
 * (k + 1/2) / 100 and / 10000 below 10, a stride through all bit patterns
 * (negative, subnormal, huge, inf, NaN), and the edges. */
static void test_fixed(void **state)
{
    (void)state;
    for (int dp = 2; dp <= 4; dp += 2) {
        double scale = dp == 2 ? 100.0 : 10000.0;
        for (long k = -100000; k <= 100000; k++) {
            float t = (float)(((double)k + 0.5) / scale);
            float near[] = {t, nextafterf(t, 1e30f), nextafterf(t, -1e30f), (float)(k / scale)};
            for (size_t i = 0; i < 4; i++) {
                assert_fixed(near[i], dp, false);
                assert_fixed(near[i], dp, true);
            }
        }
        for (uint64_t b = 0; b <= 0xffffffffu; b += 16411) {
            uint32_t u = (uint32_t)b;
            float f;
            memcpy(&f, &u, sizeof f);
            assert_fixed(f, dp, false);
            assert_fixed(f, dp, true);
        }
        const float edges[] = {0.0f, -0.0f, 0.005f, -0.005f, 0.125f, 0.375f, 1e15f, -1e15f,
                               9.99999e14f, 3.4e38f, INFINITY, -INFINITY, NAN, 1.0f, 0.99999f};
        for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
            assert_fixed(edges[i], dp, false);
            assert_fixed(edges[i], dp, true);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entity_json),
        cmocka_unit_test(test_entity_cache),
        cmocka_unit_test(test_match_body),
        cmocka_unit_test(test_match_body_fast),
        cmocka_unit_test(test_example_cleaning),
        cmocka_unit_test(test_explanations),
        cmocka_unit_test(test_json_writer),
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
