/* SPDX-License-Identifier: Apache-2.0 */
/* Server pure parts: the key = value configuration, environment overrides,
 * listen addresses, API keys (hash lines, parsing, checking, headers), form
 * decoding and yente /match query parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "server/server.h"

static void test_config_file(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    vg_srv_config_init(&c);
    assert_string_equal(c.listen, "127.0.0.1:8000");
    assert_int_equal(c.max_batch, 100);
    assert_int_equal(c.max_header_bytes, 16384);
    const char *text = "# vigil serve\n"
                       "listen = 0.0.0.0:9000\n"
                       "\n"
                       "  list = /a/un.xml  \n"
                       "list=\"/b/ofac\"\n"
                       "allow_plain_http = yes\n"
                       "max_body_bytes = 65536\n"
                       "max_header_bytes = 8192\n"
                       "threshold = 0.75\n"
                       "access_log = off\n";
    assert_int_equal(vg_srv_config_parse(&c, text, strlen(text), "x.conf", &err), VG_OK);
    assert_string_equal(c.listen, "0.0.0.0:9000");
    assert_int_equal(c.n_lists, 2);
    assert_string_equal(c.lists[0], "/a/un.xml");
    assert_string_equal(c.lists[1], "/b/ofac");
    assert_true(c.allow_plain_http);
    assert_int_equal(c.max_body, 65536);
    assert_int_equal(c.max_header_bytes, 8192);
    assert_float_equal(c.threshold, 0.75, 1e-6);
    assert_false(c.access_log);

    const char *bad[] = {"nokey\n", "colour = blue\n", "threads = many\n", "max_batch = 101\n",
                         "threshold = 1.5\n", "listen = nohostport\n", "open = maybe\n",
                         "max_header_bytes = 1000\n", "max_header_bytes = 2000000\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_srv_config_init(&c);
        vg_err_clear(&err);
        assert_int_not_equal(vg_srv_config_parse(&c, bad[i], strlen(bad[i]), "x.conf", &err), VG_OK);
        assert_string_equal(err.path, "x.conf");
        assert_int_equal(err.line, 1);
    }
}

static const char *fake_env(const char *name)
{
    if (!strcmp(name, "VIGIL_LISTEN"))
        return "[::1]:8443";
    if (!strcmp(name, "VIGIL_LIST"))
        return "/x/un.xml:/y/ofac";
    if (!strcmp(name, "VIGIL_METRICS_PUBLIC"))
        return "true";
    return NULL;
}

static const char *bad_env(const char *name)
{
    return !strcmp(name, "VIGIL_THREADS") ? "-1" : NULL;
}

static void test_config_env(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    vg_srv_config_init(&c);
    vg_srv_config_set(&c, "list", "/file/list", NULL);
    assert_int_equal(vg_srv_config_env(&c, fake_env, &err), VG_OK);
    assert_string_equal(c.listen, "[::1]:8443");
    assert_int_equal(c.n_lists, 2); /* replaces the file's lists */
    assert_string_equal(c.lists[1], "/y/ofac");
    assert_true(c.metrics_public);
    assert_int_not_equal(vg_srv_config_env(&c, bad_env, &err), VG_OK);
    assert_string_equal(err.path, "VIGIL_THREADS");
}

static void test_listen(void **state)
{
    (void)state;
    char host[64];
    unsigned port;
    assert_true(vg_srv_parse_listen("127.0.0.1:8000", host, sizeof host, &port));
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 8000);
    assert_true(vg_srv_parse_listen("[::1]:0", host, sizeof host, &port));
    assert_string_equal(host, "::1");
    assert_int_equal(port, 0);
    assert_false(vg_srv_parse_listen("::1:80", host, sizeof host, &port));
    assert_false(vg_srv_parse_listen("host:99999", host, sizeof host, &port));
    assert_false(vg_srv_parse_listen(":80", host, sizeof host, &port));
    assert_false(vg_srv_parse_listen("host:", host, sizeof host, &port));
    assert_true(vg_srv_host_is_loopback("127.0.0.1"));
    assert_true(vg_srv_host_is_loopback("127.8.9.10"));
    assert_true(vg_srv_host_is_loopback("::1"));
    assert_true(vg_srv_host_is_loopback("LOCALHOST"));
    assert_false(vg_srv_host_is_loopback("0.0.0.0"));
    assert_false(vg_srv_host_is_loopback("128.0.0.1"));
    assert_false(vg_srv_host_is_loopback("127.0.0.1.evil.com"));
    assert_false(vg_srv_host_is_loopback("::"));
}

static void test_keys(void **state)
{
    (void)state;
    char a[256], b[256], file[600];
    const char *k1 = "secret-one-0123456789", *k2 = "secret-two-0123456789";
    assert_int_equal(vg_srv_key_line("ci", "screen", k1, strlen(k1), a, sizeof a), VG_OK);
    assert_int_equal(vg_srv_key_line("ops", "screen,admin", k2, strlen(k2), b, sizeof b), VG_OK);
    assert_null(strstr(a, k1));
    assert_non_null(strstr(a, "ci screen sha256$"));
    char again[256];
    vg_srv_key_line("ci", "screen", k1, strlen(k1), again, sizeof again);
    assert_string_not_equal(a, again); /* fresh salt each time */
    snprintf(file, sizeof file, "# keys\n%s\n\n%s\n", a, b);
    vg_srv_keys keys;
    vg_err err;
    assert_int_equal(vg_srv_keys_parse(file, strlen(file), "keys", &keys, &err), VG_OK);
    assert_int_equal(keys.n, 2);
    const vg_srv_key *k = vg_srv_keys_check(&keys, k1, strlen(k1));
    assert_non_null(k);
    assert_string_equal(k->name, "ci");
    assert_int_equal(k->roles, VG_SRV_ROLE_SCREEN);
    k = vg_srv_keys_check(&keys, k2, strlen(k2));
    assert_non_null(k);
    assert_int_equal(k->roles, VG_SRV_ROLE_SCREEN | VG_SRV_ROLE_ADMIN);
    assert_null(vg_srv_keys_check(&keys, "secret-one-012345678", 20));
    assert_null(vg_srv_keys_check(&keys, "", 0));
    vg_srv_keys_fini(&keys);
    assert_int_not_equal(vg_srv_key_line("a b", "screen", k1, strlen(k1), a, sizeof a), VG_OK);
    assert_int_not_equal(vg_srv_key_line("a", "root", k1, strlen(k1), a, sizeof a), VG_OK);
    const char *bad[] = {"ci screen\n", "ci root sha256$00$00\n",
                         "ci screen md5$0123456789abcdef0123456789abcdef$00\n",
                         ("ci screen sha256$zz23456789abcdef0123456789abcdef$"
                          "0000000000000000000000000000000000000000000000000000000000000000\n")};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_err_clear(&err);
        assert_int_equal(vg_srv_keys_parse(bad[i], strlen(bad[i]), "keys", &keys, &err), VG_EPARSE);
        assert_int_equal(err.line, 1);
        assert_null(keys.v);
    }
}

static void test_auth_header(void **state)
{
    (void)state;
    const char *k;
    size_t n;
    assert_true(vg_srv_auth_parse("ApiKey abc", &k, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(k, "abc", 3);
    assert_true(vg_srv_auth_parse("bearer  xyz ", &k, &n));
    assert_int_equal(n, 3);
    assert_false(vg_srv_auth_parse("Basic abc", &k, &n));
    assert_false(vg_srv_auth_parse("ApiKey ", &k, &n));
    assert_false(vg_srv_auth_parse(NULL, &k, &n));
}

static void test_form(void **state)
{
    (void)state;
    char s[] = "queries=%7B%22q0%22%3A1%7D&a+b=c+d&flag&=x&bad=%zz%4";
    vg_srv_kv kv[8];
    size_t n = vg_srv_form_parse(s, kv, 8);
    assert_int_equal(n, 5);
    assert_string_equal(vg_srv_kv_get(kv, n, "queries"), "{\"q0\":1}");
    assert_string_equal(vg_srv_kv_get(kv, n, "a b"), "c d");
    assert_string_equal(vg_srv_kv_get(kv, n, "flag"), "");
    assert_string_equal(vg_srv_kv_get(kv, n, ""), "x");
    assert_string_equal(vg_srv_kv_get(kv, n, "bad"), "%zz%4");
    assert_null(vg_srv_kv_get(kv, n, "nope"));
    char t[] = "a=1&b=2&c=3";
    assert_int_equal(vg_srv_form_parse(t, kv, 2), 2);
}

static void test_match_params(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_srv_config_init(&c);
    vg_srv_match_params p;
    vg_srv_error e = {0, NULL};
    vg_srv_kv ok[] = {{"limit", "20"},          {"threshold", "0.9"},
                      {"algorithm", "Logic-V2"}, {"include_dataset", "a"},
                      {"include_dataset", "b"},  {"exclude_entity_ids", "un:1"},
                      {"fuzzy", "true"},         {"changed_since", "2024-01-02T03"}};
    assert_true(vg_srv_match_params_parse(ok, 8, &c, 5, &p, &e));
    assert_int_equal(p.limit, 20);
    assert_float_equal(p.threshold, 0.9, 1e-6);
    assert_int_equal(p.n_include, 2);
    assert_int_equal(p.n_exclude_ids, 1);
    assert_float_equal(p.cutoff, VG_SRV_DEFAULT_CUTOFF, 1e-6);
    vg_srv_kv d[] = {{"threshold", "0.3"}};
    assert_true(vg_srv_match_params_parse(d, 1, &c, 5, &p, &e));
    assert_float_equal(p.cutoff, 0.3, 1e-6); /* min(cutoff, threshold) */
    assert_int_equal(p.limit, 5);
    assert_false(p.record); /* stateless unless asked */
    assert_true(vg_srv_params_no_record(&p, &e));

    /* record: FastAPI booleans, any case */
    static const struct {
        const char *v;
        bool rec;
    } recs[] = {{"true", true}, {"TRUE", true}, {"1", true},   {"yes", true},
                {"on", true},   {"false", false}, {"0", false}, {"Off", false}};
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        vg_srv_kv r[] = {{"record", recs[i].v}};
        assert_true(vg_srv_match_params_parse(r, 1, &c, 5, &p, &e));
        assert_int_equal(p.record, recs[i].rec);
    }
    assert_true(vg_srv_params_no_record(&p, &e)); /* record=Off */
    /* endpoints that do not record refuse record=true with the 422 shape */
    vg_srv_kv rt[] = {{"record", "true"}};
    assert_true(vg_srv_match_params_parse(rt, 1, &c, 5, &p, &e));
    assert_false(vg_srv_params_no_record(&p, &e));
    assert_int_equal(e.status, 422);
    json_t *d0 = json_array_get(json_object_get(e.body, "detail"), 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(d0, "loc"), 1)), "record");
    assert_string_equal(json_string_value(json_object_get(d0, "type")), "record_unsupported");

    struct {
        vg_srv_kv kv;
        int status;
    } bad[] = {{{"limit", "501"}, 422},       {{"limit", "x"}, 422},
               {{"threshold", "2"}, 422},     {{"algorithm", "magic"}, 400},
               {{"changed_since", "2024"}, 422}, {{"record", "maybe"}, 422},
               {{"record", ""}, 422}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(vg_srv_match_params_parse(&bad[i].kv, 1, &c, 5, &p, &e));
        assert_int_equal(e.status, bad[i].status);
        assert_non_null(json_object_get(e.body, "detail"));
    }
    assert_true(json_is_array(json_object_get(e.body, "detail"))); /* the last was a 422 */
    json_decref(e.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_file), cmocka_unit_test(test_config_env),
        cmocka_unit_test(test_listen),      cmocka_unit_test(test_keys),
        cmocka_unit_test(test_auth_header), cmocka_unit_test(test_form),
        cmocka_unit_test(test_match_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
