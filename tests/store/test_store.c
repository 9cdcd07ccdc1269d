/* SPDX-License-Identifier: Apache-2.0 */
/* The workbench store: schema migration from empty, roles, decisions and
 * four eyes, remembered false positives and their lapse. */
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
    snprintf(f->path, sizeof f->path, "/tmp/vigil-store-test-%ld-XXXXXX", (long)getpid());
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(f->path);
    crypto_sign_keypair(f->pk, f->sk);
    if (vg_store_open(f->path, NULL, &f->st, NULL) != VG_OK)
        return -1;
    vg_store_set_key(f->st, f->sk);
    vg_store_set_clock(f->st, 1767225600); /* 2026-01-01 */
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

static void users(vg_store *st)
{
    assert_int_equal(vg_store_user_add(st, NULL, "root", VG_ROLE_ADMIN), VG_OK);
    assert_int_equal(vg_store_user_add(st, "root", "ann", VG_ROLE_ANALYST), VG_OK);
    assert_int_equal(vg_store_user_add(st, "root", "sam", VG_ROLE_SUPERVISOR), VG_OK);
    assert_int_equal(vg_store_user_add(st, "root", "sue", VG_ROLE_SUPERVISOR), VG_OK);
    assert_int_equal(vg_store_user_add(st, "root", "aud", VG_ROLE_AUDITOR), VG_OK);
}

static const uint8_t k_hash1[32] = {1, 2, 3};
static const uint8_t k_hash2[32] = {9, 9, 9};

/* One run screening one person, with one alert against un:QDi.1. */
static int64_t screen_one(vg_store *st, const char *name, const uint8_t *hash, double score,
                          int64_t *suppressed_by)
{
    int64_t run = 0, sid = 0, aid = 0, sup = -1;
    uint8_t key[32];
    vg_date bd = {.kind = VG_DATE_EXACT, .year = 1970, .month = 1, .day = 2};
    vg_store_person_key(name, &bd, "X123", key);
    assert_int_equal(vg_store_run_begin(st, "ann", "0.1.0", "{}", "[\"un@1\"]", &run), VG_OK);
    assert_int_equal(vg_store_screened_add(st, run, "{}", "{}", key, &sid), VG_OK);
    assert_int_equal(vg_store_alert_add(st, run, sid, "un:QDi.1", "v1", hash, score, "{}", &aid,
                                        &sup),
                     VG_OK);
    assert_int_equal(vg_store_run_end(st, run, 1, 1), VG_OK);
    if (suppressed_by)
        *suppressed_by = sup;
    return aid;
}

static vg_alert_status status_of(vg_store *st, int64_t id)
{
    vg_store_alert a;
    assert_int_equal(vg_store_alert_get(st, "sam", id, &a), VG_OK);
    return a.status;
}

static void test_migration_from_empty(void **state)
{
    fixture *f = *state;
    assert_int_equal(vg_store_schema_version(f->st), VG_STORE_SCHEMA_VERSION);
    vg_store_close(f->st);
    /* reopening migrates nothing and keeps the version */
    assert_int_equal(vg_store_open(f->path, NULL, &f->st, NULL), VG_OK);
    assert_int_equal(vg_store_schema_version(f->st), VG_STORE_SCHEMA_VERSION);
    vg_store_set_key(f->st, f->sk);
    users(f->st);
    vg_role r;
    assert_int_equal(vg_store_user_role(f->st, "sam", &r), VG_OK);
    assert_int_equal(r, VG_ROLE_SUPERVISOR);
    assert_int_equal(vg_store_user_role(f->st, "nobody", &r), VG_ENOENT);
    /* the first user must be an admin; later users need an admin actor */
    assert_int_equal(vg_store_user_add(f->st, "ann", "eve", VG_ROLE_ADMIN), VG_EPERM);
}

static void test_first_user_admin(void **state)
{
    fixture *f = *state;
    assert_int_equal(vg_store_user_add(f->st, NULL, "ann", VG_ROLE_ANALYST), VG_EINVAL);
    assert_true(vg_role_allows(VG_ROLE_SUPERVISOR, VG_PERM_SIGN_OFF));
    assert_false(vg_role_allows(VG_ROLE_ANALYST, VG_PERM_SIGN_OFF));
    assert_false(vg_role_allows(VG_ROLE_AUDITOR, VG_PERM_DECIDE));
    assert_false(vg_role_allows(VG_ROLE_ADMIN, VG_PERM_VIEW));
}

static void test_four_eyes(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    int64_t dec = 0;
    users(st);
    /* high score: clearing needs a sign-off */
    int64_t a1 = screen_one(st, "John Smith", k_hash1, 0.95, NULL);
    assert_int_equal(status_of(st, a1), VG_ALERT_OPEN);
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "", "ann", NULL),
                     VG_EINVAL);
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "other dob", "aud", NULL),
                     VG_EPERM);
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "other dob", "ann", &dec),
                     VG_OK);
    assert_true(dec > 0);
    assert_int_equal(status_of(st, a1), VG_ALERT_PENDING_SIGNOFF);
    /* not decidable again while pending; analysts cannot sign off */
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_CONFIRMED_MATCH, "x", "ann", NULL),
                     VG_EINVAL);
    assert_int_equal(vg_store_sign_off(st, a1, "ann"), VG_EPERM);
    assert_int_equal(vg_store_sign_off(st, a1, "sam"), VG_OK);
    assert_int_equal(status_of(st, a1), VG_ALERT_CLEARED);
    assert_int_equal(vg_store_sign_off(st, a1, "sam"), VG_EINVAL);

    /* low score: clearing is final at once */
    int64_t a2 = screen_one(st, "Jane Doe", k_hash1, 0.82, NULL);
    assert_int_equal(vg_store_decide(st, a2, VG_VERDICT_FALSE_POSITIVE, "namesake", "ann", NULL),
                     VG_OK);
    assert_int_equal(status_of(st, a2), VG_ALERT_CLEARED);

    /* confirming always needs a second supervisor, never the decider */
    int64_t a3 = screen_one(st, "Abu Example", k_hash1, 0.82, NULL);
    assert_int_equal(vg_store_decide(st, a3, VG_VERDICT_CONFIRMED_MATCH, "passport", "sam", NULL),
                     VG_OK);
    assert_int_equal(status_of(st, a3), VG_ALERT_PENDING_SIGNOFF);
    assert_int_equal(vg_store_sign_off(st, a3, "sam"), VG_EPERM);
    assert_int_equal(vg_store_sign_off(st, a3, "sue"), VG_OK);
    assert_int_equal(status_of(st, a3), VG_ALERT_CONFIRMED);

    /* escalation is final and the alert can be decided again */
    int64_t a4 = screen_one(st, "Some Body", k_hash1, 0.85, NULL);
    assert_int_equal(vg_store_decide(st, a4, VG_VERDICT_NEEDS_ESCALATION, "unsure", "ann", NULL),
                     VG_OK);
    assert_int_equal(status_of(st, a4), VG_ALERT_ESCALATED);
    assert_int_equal(vg_store_decide(st, a4, VG_VERDICT_FALSE_POSITIVE, "checked", "sam", NULL),
                     VG_OK);
    assert_int_equal(status_of(st, a4), VG_ALERT_CLEARED);

    /* the configurable threshold */
    vg_store_policy p;
    vg_store_policy_default(&p);
    p.four_eyes_score = 0.5;
    vg_store_set_policy(st, &p);
    int64_t a5 = screen_one(st, "Another One", k_hash1, 0.82, NULL);
    assert_int_equal(vg_store_decide(st, a5, VG_VERDICT_FALSE_POSITIVE, "namesake", "ann", NULL),
                     VG_OK);
    assert_int_equal(status_of(st, a5), VG_ALERT_PENDING_SIGNOFF);
    /* a supervisor sends it back with a reason: open again, nothing to sign */
    assert_int_equal(vg_store_reject(st, a5, "sam", ""), VG_EINVAL);
    assert_int_equal(vg_store_reject(st, a5, "ann", "no"), VG_EPERM);
    assert_int_equal(vg_store_reject(st, a5, "sam", "check the passport"), VG_OK);
    assert_int_equal(status_of(st, a5), VG_ALERT_OPEN);
    assert_int_equal(vg_store_sign_off(st, a5, "sue"), VG_EINVAL);
    assert_int_equal(vg_store_decide(st, a5, VG_VERDICT_CONFIRMED_MATCH, "passport", "ann", NULL),
                     VG_OK);
    assert_int_equal(vg_store_sign_off(st, a5, "sue"), VG_OK);
    assert_int_equal(status_of(st, a5), VG_ALERT_CONFIRMED);

    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(st, f->pk, &rep), VG_OK);
    assert_true(rep.ok);
}

static void test_suppression_and_lapse(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    int64_t dec = 0, sup = 0;
    users(st);
    int64_t a1 = screen_one(st, "John Smith", k_hash1, 0.85, &sup);
    assert_int_equal(sup, 0);
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "other dob", "ann", &dec),
                     VG_OK);
    /* same person (token order and case do not matter), same entity content */
    int64_t a2 = screen_one(st, "SMITH, john", k_hash1, 0.85, &sup);
    assert_int_equal(sup, dec);
    assert_int_equal(status_of(st, a2), VG_ALERT_SUPPRESSED);
    vg_store_alert a;
    assert_int_equal(vg_store_alert_get(st, "ann", a2, &a), VG_OK);
    assert_int_equal(a.suppressed_by, dec);
    /* another person is not suppressed */
    screen_one(st, "John Smyth", k_hash1, 0.85, &sup);
    assert_int_equal(sup, 0);
    /* the entity changed in a new list version: the memory lapses */
    int64_t a3 = screen_one(st, "John Smith", k_hash2, 0.85, &sup);
    assert_int_equal(sup, 0);
    assert_int_equal(status_of(st, a3), VG_ALERT_OPEN);
    /* ... and after the configured period */
    vg_store_set_clock(st, 1767225600 + 366 * 86400);
    screen_one(st, "John Smith", k_hash1, 0.85, &sup);
    assert_int_equal(sup, 0);
    /* a pending (not yet signed-off) false positive suppresses nothing */
    vg_store_set_clock(st, 1767225600);
    int64_t a4 = screen_one(st, "Pending Person", k_hash1, 0.95, &sup);
    assert_int_equal(vg_store_decide(st, a4, VG_VERDICT_FALSE_POSITIVE, "x", "ann", NULL), VG_OK);
    screen_one(st, "Pending Person", k_hash1, 0.95, &sup);
    assert_int_equal(sup, 0);
}

static bool count_cb(void *ud, int64_t id, const char *q)
{
    (void)id;
    assert_non_null(q);
    (*(int *)ud)++;
    return true;
}

static void test_delisting_and_people(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    int64_t n = 0;
    users(st);
    int64_t a1 = screen_one(st, "John Smith", k_hash1, 0.85, NULL);
    int64_t a2 = screen_one(st, "Jane Doe", k_hash1, 0.85, NULL);
    screen_one(st, "John Smith", k_hash1, 0.85, NULL);
    assert_int_equal(vg_store_decide(st, a2, VG_VERDICT_FALSE_POSITIVE, "x", "ann", NULL), VG_OK);
    /* two distinct people, latest screening each */
    int people = 0;
    assert_int_equal(vg_store_people_each(st, "ann", count_cb, &people), VG_OK);
    assert_int_equal(people, 2);
    assert_int_equal(vg_store_people_each(st, "aud", count_cb, &people), VG_EPERM);
    assert_int_equal(vg_store_close_delisted(st, "ann", "un:QDi.1", &n), VG_OK);
    assert_int_equal(n, 2); /* the two open ones; the cleared one stays cleared */
    assert_int_equal(status_of(st, a1), VG_ALERT_CLOSED_DELISTED);
    assert_int_equal(status_of(st, a2), VG_ALERT_CLEARED);
}

static void test_retention(void **state)
{
    fixture *f = *state;
    vg_store *st = f->st;
    int64_t masked = -1, deleted = -1, dec = 0;
    users(st);
    int64_t a1 = screen_one(st, "John Smith", k_hash1, 0.85, NULL);
    assert_int_equal(vg_store_decide(st, a1, VG_VERDICT_FALSE_POSITIVE, "x", "ann", &dec), VG_OK);
    vg_store_set_clock(st, 1767225600 + 100 * 86400);
    int64_t a2 = screen_one(st, "Jane Doe", k_hash1, 0.85, NULL);
    /* 200 days on: the first screening is masked, the second not yet */
    vg_store_set_clock(st, 1767225600 + 200 * 86400);
    assert_int_equal(vg_store_retention_run(st, "ann", &masked, &deleted), VG_EPERM);
    assert_int_equal(vg_store_retention_run(st, "root", &masked, &deleted), VG_OK);
    assert_int_equal(masked, 1);
    assert_int_equal(deleted, 0);
    vg_store_alert a;
    assert_int_equal(vg_store_alert_get(st, "sam", a1, &a), VG_OK);
    assert_string_equal(a.query, "{\"masked\":true}");
    assert_string_equal(a.explanation, "{\"masked\":true}");
    assert_int_equal(vg_store_alert_get(st, "sam", a2, &a), VG_OK);
    assert_null(strstr(a.query, "masked"));
    /* the reviewed negative still suppresses the same person (Art. 12(5)) */
    int64_t sup = 0;
    vg_store_policy p;
    vg_store_policy_default(&p);
    p.suppression_days = 0; /* no expiry */
    vg_store_set_policy(st, &p);
    screen_one(st, "John Smith", k_hash1, 0.85, &sup);
    /* the decision was made with the default policy: it expires after 365 days */
    assert_int_equal(sup, dec);
    /* six years on everything is deleted */
    vg_store_set_clock(st, 1767225600 + 6 * 366 * 86400);
    assert_int_equal(vg_store_retention_run(st, "root", &masked, &deleted), VG_OK);
    assert_int_equal(deleted, 3);
    assert_int_equal(vg_store_alert_get(st, "sam", a1, &a), VG_ENOENT);
    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(st, f->pk, &rep), VG_OK);
    assert_true(rep.ok);
}

static void test_policy_persisted(void **state)
{
    fixture *f = *state;
    vg_store_policy p;
    users(f->st);
    vg_store_get_policy(f->st, &p);
    assert_true(p.four_eyes_score > 0.89 && p.four_eyes_score < 0.91);
    p.four_eyes_score = 0.5;
    p.suppression_days = 30;
    /* analysts and supervisors cannot lift the four-eyes threshold */
    assert_int_equal(vg_store_policy_save(f->st, "ann", &p), VG_EPERM);
    assert_int_equal(vg_store_policy_save(f->st, "sam", &p), VG_EPERM);
    p.delete_after_days = 1;
    assert_int_equal(vg_store_policy_save(f->st, "root", &p), VG_EINVAL);
    p.delete_after_days = 1826;
    assert_int_equal(vg_store_policy_save(f->st, "root", &p), VG_OK);
    vg_store_close(f->st);
    assert_int_equal(vg_store_open(f->path, NULL, &f->st, NULL), VG_OK);
    vg_store_get_policy(f->st, &p);
    assert_true(p.four_eyes_score > 0.49 && p.four_eyes_score < 0.51);
    assert_int_equal(p.suppression_days, 30);
    assert_int_equal(p.mask_after_days, 183);
}

static void raw(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql: %s", msg);
    sqlite3_close(db);
}

/* A store left at schema 1 by an older vigil is migrated in order; a store
 * from a newer vigil is refused. */
static void test_migration_from_v1(void **state)
{
    fixture *f = *state;
    users(f->st);
    vg_store_close(f->st);
    f->st = NULL;
    raw(f->path, "DELETE FROM schema_version WHERE version > 1; DROP TABLE settings;"
                 "ALTER TABLE decisions DROP COLUMN reject_reason;"
                 "ALTER TABLE decisions DROP COLUMN rejected_by;"
                 "DROP TABLE credentials; DROP TABLE sessions;"
                 "ALTER TABLE alerts DROP COLUMN reopen_reason;"
                 "ALTER TABLE alerts DROP COLUMN reopened_by;");
    assert_int_equal(vg_store_open(f->path, NULL, &f->st, NULL), VG_OK);
    assert_int_equal(vg_store_schema_version(f->st), VG_STORE_SCHEMA_VERSION);
    vg_store_set_key(f->st, f->sk);
    vg_store_policy p;
    vg_store_policy_default(&p);
    assert_int_equal(vg_store_policy_save(f->st, "root", &p), VG_OK);
    int64_t a = screen_one(f->st, "John Smith", k_hash1, 0.95, NULL);
    assert_int_equal(vg_store_decide(f->st, a, VG_VERDICT_CONFIRMED_MATCH, "x", "ann", NULL),
                     VG_OK);
    assert_int_equal(vg_store_reject(f->st, a, "sam", "why"), VG_OK);
    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(f->st, f->pk, &rep), VG_OK);
    assert_true(rep.ok);
    vg_store_close(f->st);
    f->st = NULL;
    raw(f->path, "INSERT INTO schema_version VALUES(99, 'future')");
    vg_err err;
    assert_int_equal(vg_store_open(f->path, NULL, &f->st, &err), VG_EFORMAT);
    assert_null(f->st);
    assert_non_null(strstr(err.msg, "newer"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migration_from_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_user_admin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_four_eyes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppression_and_lapse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delisting_and_people, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_persisted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
