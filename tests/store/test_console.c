/* SPDX-License-Identifier: Apache-2.0 */
/* The store pieces of the web console: Argon2id passwords, sessions (token
 * stored hashed, CSRF token, expiry, logout), the lockout after repeated
 * failures, the queue filters and counts, audited views and reopening a
 * suppressed alert. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "vigil/vigil.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

typedef struct fixture {
    char path[256];
    vg_store *st;
    uint8_t pk[32], sk[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || sodium_init() < 0)
        return -1;
    snprintf(f->path, sizeof f->path, "/tmp/vigil-console-test-%ld-XXXXXX", (long)getpid());
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(f->path);
    crypto_sign_keypair(f->pk, f->sk);
    if (vg_store_open(f->path, NULL, &f->st, NULL) != VG_OK)
        return -1;
    vg_store_set_key(f->st, f->sk);
    vg_store_set_clock(f->st, T0);
    vg_store *st = f->st;
    if (vg_store_user_add(st, NULL, "root", VG_ROLE_ADMIN) ||
        vg_store_user_add(st, "root", "ann", VG_ROLE_ANALYST) ||
        vg_store_user_add(st, "root", "sam", VG_ROLE_SUPERVISOR) ||
        vg_store_user_add(st, "root", "aud", VG_ROLE_AUDITOR))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[300];
    vg_store_close(f->st);
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* Number of rows `sql` counts (a second connection to the file). */
static long long count(const fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    long long n = -1;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static long long audit_count(const fixture *f, const char *action)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s'", action);
    return count(f, sql);
}

static void verify_chain(const fixture *f)
{
    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(f->st, f->pk, &rep), VG_OK);
    if (!rep.ok)
        fail_msg("audit chain: %s (record %lld)", rep.reason, (long long)rep.first_bad);
}

/* ------------------------------------------------------------------------ */

static void test_password_set(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    assert_int_equal(vg_store_password_set(st, "ann", "ann", "a-long-password"), VG_EPERM);
    assert_int_equal(vg_store_password_set(st, "root", "ann", "short"), VG_EINVAL);
    assert_int_equal(vg_store_password_set(st, "root", "nobody", "a-long-password"), VG_ENOENT);
    assert_int_equal(vg_store_password_set(st, "root", "ann", "a-long-password"), VG_OK);
    /* Argon2id, never the password */
    assert_int_equal(count(f, "SELECT count(*) FROM credentials WHERE user = 'ann'"
                              " AND pwhash LIKE '$argon2id$%'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM credentials WHERE instr(pwhash,"
                              " 'a-long-password') > 0"),
                     0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE instr(details, 'a-long') > 0"),
                     0);
    assert_int_equal(audit_count(f, "user.password"), 1);
    verify_chain(f);
}

static void test_login_session_logout(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    vg_store_session s, g;
    assert_int_equal(vg_store_password_set(st, "root", "ann", "a-long-password"), VG_OK);
    /* no password set: the same refusal as a wrong one */
    assert_int_equal(vg_store_login(st, "sam", "anything-at-all", 0, &s), VG_EPERM);
    assert_int_equal(vg_store_login(st, "nobody", "anything-at-all", 0, &s), VG_EPERM);
    assert_int_equal(vg_store_login(st, "ann", "wrong-password", 0, &s), VG_EPERM);
    assert_int_equal(vg_store_login(st, "ann", "a-long-password", 3600, &s), VG_OK);
    assert_string_equal(s.user, "ann");
    assert_int_equal(s.role, VG_ROLE_ANALYST);
    assert_int_equal(strlen(s.token), 64);
    assert_int_equal(strlen(s.csrf), 64);
    assert_string_not_equal(s.token, s.csrf);
    assert_string_equal(s.expires_at, "2026-01-01T01:00:00Z");
    /* the token is stored hashed only */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE hex(token_hash) = upper('%s')"
                              " OR instr(csrf, '%s') > 0", s.token, s.token);
    assert_int_equal(count(f, sql), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
    /* looked up by token */
    assert_int_equal(vg_store_session_get(st, s.token, &g), VG_OK);
    assert_string_equal(g.user, "ann");
    assert_string_equal(g.csrf, s.csrf);
    assert_string_equal(g.token, "");
    assert_int_equal(vg_store_session_get(st, "not-a-token", &g), VG_ENOENT);
    char other[65];
    memcpy(other, s.token, 65);
    other[0] = other[0] == 'a' ? 'b' : 'a';
    assert_int_equal(vg_store_session_get(st, other, &g), VG_ENOENT);
    /* a second login is a second session */
    vg_store_session s2;
    assert_int_equal(vg_store_login(st, "ann", "a-long-password", 60, &s2), VG_OK);
    assert_string_not_equal(s2.token, s.token);
    /* expiry */
    vg_store_set_clock(st, T0 + 61);
    assert_int_equal(vg_store_session_get(st, s2.token, &g), VG_ENOENT);
    assert_int_equal(vg_store_session_get(st, s.token, &g), VG_OK);
    /* logout ends it; a second logout finds nothing */
    assert_int_equal(vg_store_logout(st, s.token), VG_OK);
    assert_int_equal(vg_store_session_get(st, s.token, &g), VG_ENOENT);
    assert_int_equal(vg_store_logout(st, s.token), VG_ENOENT);
    /* a new password ends every session of the user */
    assert_int_equal(vg_store_login(st, "ann", "a-long-password", 0, &s), VG_OK);
    assert_int_equal(vg_store_password_set(st, "root", "ann", "another-password"), VG_OK);
    assert_int_equal(vg_store_session_get(st, s.token, &g), VG_ENOENT);
    assert_int_equal(audit_count(f, "session.login"), 3);
    assert_int_equal(audit_count(f, "session.login_failed"), 1); /* known users only */
    assert_int_equal(audit_count(f, "session.logout"), 1);
    verify_chain(f);
}

static void test_lockout(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    vg_store_session s;
    assert_int_equal(vg_store_password_set(st, "root", "sam", "sams-password"), VG_OK);
    /* a success resets the count */
    for (int i = 0; i < VG_STORE_LOCK_FAILURES - 1; i++)
        assert_int_equal(vg_store_login(st, "sam", "wrong-password", 0, &s), VG_EPERM);
    assert_int_equal(vg_store_login(st, "sam", "sams-password", 0, &s), VG_OK);
    for (int i = 0; i < VG_STORE_LOCK_FAILURES - 1; i++)
        assert_int_equal(vg_store_login(st, "sam", "wrong-password", 0, &s), VG_EPERM);
    /* the fifth failure in a row locks */
    assert_int_equal(vg_store_login(st, "sam", "wrong-password", 0, &s), VG_ELIMIT);
    assert_non_null(strstr(vg_store_errmsg(st), "locked until 2026-01-01T00:15:00Z"));
    /* locked: even the right password is refused */
    assert_int_equal(vg_store_login(st, "sam", "sams-password", 0, &s), VG_ELIMIT);
    vg_store_set_clock(st, T0 + VG_STORE_LOCK_SECONDS - 1);
    assert_int_equal(vg_store_login(st, "sam", "sams-password", 0, &s), VG_ELIMIT);
    /* the lock lapses */
    vg_store_set_clock(st, T0 + VG_STORE_LOCK_SECONDS + 1);
    assert_int_equal(vg_store_login(st, "sam", "sams-password", 0, &s), VG_OK);
    /* an admin's new password clears a lock at once */
    for (int i = 0; i < VG_STORE_LOCK_FAILURES; i++)
        vg_store_login(st, "sam", "wrong-password", 0, &s);
    assert_int_equal(vg_store_login(st, "sam", "sams-password", 0, &s), VG_ELIMIT);
    assert_int_equal(vg_store_password_set(st, "root", "sam", "sams-new-password"), VG_OK);
    assert_int_equal(vg_store_login(st, "sam", "sams-new-password", 0, &s), VG_OK);
    assert_int_equal(audit_count(f, "user.locked"), 2);
    assert_int_equal(audit_count(f, "session.login_refused"), 3);
    verify_chain(f);
}

/* ------------------------------------------------------------------------ */

static const uint8_t k_hash[32] = {7, 7, 7};

/* One run with one person and one alert of `score` against `entity` of
 * list "un" (flight in the provenance). */
static int64_t raise_alert(vg_store *st, const char *name, const char *entity, double score,
                     const char *flight, int64_t *sup)
{
    int64_t run = 0, sid = 0, aid = 0;
    uint8_t key[32];
    char prov[100];
    vg_store_person_key(name, NULL, NULL, key);
    snprintf(prov, sizeof prov, "{\"flight\":\"%s\"}", flight);
    assert_int_equal(vg_store_list_entity(st, "un", "v1", entity, k_hash,
                                          "{\"names\":[{\"full\":\"LISTED NAME\"}]}"),
                     VG_OK);
    assert_int_equal(vg_store_run_begin(st, "ann", "0", "{}", "[]", &run), VG_OK);
    assert_int_equal(vg_store_screened_add(st, run, prov, "{\"name\":\"x\"}", key, &sid), VG_OK);
    assert_int_equal(vg_store_alert_add(st, run, sid, entity, "v1", k_hash, score,
                                        "{\"explanation\":{}}", &aid, sup),
                     VG_OK);
    assert_int_equal(vg_store_run_end(st, run, 1, 1), VG_OK);
    return aid;
}

static void test_queue_filters(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    char *doc = NULL;
    raise_alert(st, "A One", "un:1", 0.85, "ZZ1", NULL);
    raise_alert(st, "B Two", "un:2", 0.95, "ZZ2", NULL);
    vg_store_set_clock(st, T0 + 10 * 86400);
    raise_alert(st, "C Three", "un:3", 0.99, "ZZ1", NULL);
    vg_store_queue_filter q;
    vg_store_queue_filter_init(&q);
    assert_int_equal(vg_store_queue_json(st, "root", &q, &doc), VG_EPERM); /* admin: no view */
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":3"));
    assert_non_null(strstr(doc, "\"counts\":{\"open\":3}"));
    assert_non_null(strstr(doc, "\"caption\":\"LISTED NAME\""));
    assert_null(strstr(doc, "C Three")); /* no personal data in the queue */
    /* highest score first */
    assert_true(strstr(doc, "\"un:3\"") < strstr(doc, "\"un:2\""));
    vg_store_text_free(st, doc);
    q.flight = "ZZ1";
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":2"));
    assert_null(strstr(doc, "\"un:2\""));
    vg_store_text_free(st, doc);
    q.flight = NULL;
    q.score_min = 0.9;
    q.score_max = 0.97;
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":1"));
    assert_non_null(strstr(doc, "\"un:2\""));
    vg_store_text_free(st, doc);
    vg_store_queue_filter_init(&q);
    q.min_age_days = 5; /* raised at least five days ago: the first two */
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":2"));
    assert_null(strstr(doc, "\"un:3\""));
    vg_store_text_free(st, doc);
    vg_store_queue_filter_init(&q);
    q.max_age_days = 5;
    q.list = "un";
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":1"));
    vg_store_text_free(st, doc);
    q.list = "ofac";
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":0"));
    vg_store_text_free(st, doc);
    /* counts stay per status under a status filter */
    vg_store_queue_filter_init(&q);
    assert_int_equal(vg_store_decide(st, 1, VG_VERDICT_NEEDS_ESCALATION, "ask", "ann", NULL),
                     VG_OK);
    q.status = VG_ALERT_ESCALATED;
    assert_int_equal(vg_store_queue_json(st, "ann", &q, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"total\":1"));
    assert_non_null(strstr(doc, "\"escalated\":1"));
    assert_non_null(strstr(doc, "\"open\":2"));
    vg_store_text_free(st, doc);
    assert_int_equal(audit_count(f, "alert.view"), 0); /* the queue is not a view */
}

static void test_views_audited(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    char *doc = NULL;
    int64_t a = raise_alert(st, "A One", "un:1", 0.95, "ZZ1", NULL);
    assert_int_equal(vg_store_alert_json(st, "root", a, &doc), VG_EPERM);
    assert_null(doc);
    assert_int_equal(vg_store_alert_json(st, "ann", 99, &doc), VG_ENOENT);
    assert_int_equal(vg_store_alert_json(st, "ann", a, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"query\":{\"name\":\"x\"}"));
    assert_non_null(strstr(doc, "\"entity\":{\"names\""));
    assert_non_null(strstr(doc, "\"decisions\":[]"));
    vg_store_text_free(st, doc);
    assert_int_equal(audit_count(f, "alert.view"), 1);
    assert_int_equal(vg_store_decide(st, a, VG_VERDICT_FALSE_POSITIVE, "other dob", "ann", NULL),
                     VG_OK);
    assert_int_equal(vg_store_signoff_json(st, "ann", &doc), VG_EPERM);
    assert_int_equal(vg_store_signoff_json(st, "sam", &doc), VG_OK);
    assert_non_null(strstr(doc, "\"reason\":\"other dob\""));
    vg_store_text_free(st, doc);
    assert_int_equal(audit_count(f, "signoff.view"), 1);
    assert_int_equal(vg_store_case_json(st, "aud", 1, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"screenings\":[{"));
    vg_store_text_free(st, doc);
    assert_int_equal(audit_count(f, "case.view"), 1);
    assert_int_equal(vg_store_audit_json(st, "ann", 0, 10, &doc), VG_EPERM);
    assert_int_equal(vg_store_audit_json(st, "aud", 0, 1000, &doc), VG_OK);
    assert_non_null(strstr(doc, "\"action\":\"case.view\""));
    assert_non_null(strstr(doc, "\"action\":\"audit.view\""));
    vg_store_text_free(st, doc);
    verify_chain(f);
}

static void test_reopen(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    int64_t sup = 0;
    int64_t a1 = raise_alert(st, "A One", "un:1", 0.5, "ZZ1", &sup);
    assert_int_equal(sup, 0);
    assert_int_equal(vg_store_alert_reopen(st, a1, "ann", "why"), VG_EINVAL); /* open */
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "namesake", "ann", NULL),
                     VG_OK);
    int64_t a2 = raise_alert(st, "A One", "un:1", 0.5, "ZZ1", &sup);
    assert_true(sup > 0);
    assert_int_equal(vg_store_alert_reopen(st, a2, "ann", ""), VG_EINVAL);
    assert_int_equal(vg_store_alert_reopen(st, a2, "aud", "new facts"), VG_EPERM);
    assert_int_equal(vg_store_alert_reopen(st, 999, "ann", "new facts"), VG_ENOENT);
    assert_int_equal(vg_store_alert_reopen(st, a2, "ann", "new facts"), VG_OK);
    vg_store_alert a;
    assert_int_equal(vg_store_alert_get(st, "ann", a2, &a), VG_OK);
    assert_int_equal(a.status, VG_ALERT_OPEN);
    assert_int_equal(a.suppressed_by, 0);
    /* decidable again; a second reopen is refused */
    assert_int_equal(vg_store_alert_reopen(st, a2, "ann", "again"), VG_EINVAL);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'alert.reopen'"
                              " AND instr(details, 'new facts') = 0"
                              " AND instr(details, '\"suppressed_by\":') > 0"),
                     1);
    assert_int_equal(vg_store_decide(st, a2, VG_VERDICT_CONFIRMED_MATCH, "it is him", "ann", NULL),
                     VG_OK);
    verify_chain(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_password_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
