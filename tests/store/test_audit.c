/* SPDX-License-Identifier: Apache-2.0 */
/* The audit chain: intact chains verify; an edited, deleted, reordered or
 * truncated record is named, and a consistently rewritten chain is caught by
 * the signed head. Tampering goes through the SQLite C API, as an attacker
 * with the file would. */
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
    snprintf(f->path, sizeof f->path, "/tmp/vigil-audit-test-%ld-XXXXXX", (long)getpid());
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(f->path);
    crypto_sign_keypair(f->pk, f->sk);
    if (vg_store_open(f->path, NULL, &f->st, NULL) != VG_OK)
        return -1;
    vg_store_set_key(f->st, f->sk);
    /* five records */
    if (vg_store_user_add(f->st, NULL, "root", VG_ROLE_ADMIN) ||
        vg_store_user_add(f->st, "root", "ann", VG_ROLE_ANALYST) ||
        vg_store_audit(f->st, "root", "test.a", "x/1", "{\"n\":1}") ||
        vg_store_audit(f->st, "root", "test.b", "x/2", "{\"n\":2}") ||
        vg_store_audit(f->st, "root", "test.c", "x/3", "{\"n\":3}"))
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

/* Runs test-authored SQL on the file behind the store's back. */
static void tamper(fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char *msg = NULL;
    int r = sqlite3_exec(db,
                         "DROP TRIGGER IF EXISTS audit_no_update;"
                         "DROP TRIGGER IF EXISTS audit_no_delete;",
                         NULL, NULL, &msg);
    if (r == SQLITE_OK)
        r = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (r != SQLITE_OK)
        fail_msg("tamper: %s", msg);
    sqlite3_close(db);
}

static vg_audit_report verify(fixture *f)
{
    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(f->st, f->pk, &rep), VG_OK);
    return rep;
}

static void test_intact(void **state)
{
    fixture *f = *state;
    vg_audit_report rep = verify(f);
    assert_true(rep.ok);
    assert_int_equal(rep.n_records, 5);
    assert_int_equal(rep.first_bad, 0);
    /* another key does not verify */
    uint8_t pk2[32], sk2[64];
    crypto_sign_keypair(pk2, sk2);
    assert_int_equal(vg_store_audit_verify(f->st, pk2, &rep), VG_OK);
    assert_false(rep.ok);
}

static void test_append_only(void **state)
{
    fixture *f = *state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET actor = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_true(verify(f).ok);
}

static void test_edited(void **state)
{
    fixture *f = *state;
    tamper(f, "UPDATE audit SET details = '{\"n\":9}' WHERE seq = 4");
    vg_audit_report rep = verify(f);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, 4);
    assert_non_null(strstr(rep.reason, "altered"));
}

static void test_deleted(void **state)
{
    fixture *f = *state;
    tamper(f, "DELETE FROM audit WHERE seq = 3");
    vg_audit_report rep = verify(f);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, 3);
    assert_non_null(strstr(rep.reason, "missing"));
}

static void test_reordered(void **state)
{
    fixture *f = *state;
    /* swap records 2 and 3, keeping their seq numbers in place */
    tamper(f, "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2, 3);"
              "DELETE FROM audit WHERE seq IN (2, 3);"
              "INSERT INTO audit SELECT 5 - seq, time, actor, action, object, details,"
              " prev_hash, hash FROM t ORDER BY seq DESC;");
    vg_audit_report rep = verify(f);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, 2);
}

static void test_truncated(void **state)
{
    fixture *f = *state;
    tamper(f, "DELETE FROM audit WHERE seq = 5");
    vg_audit_report rep = verify(f);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, 5);
}

/* Rebuilds the whole chain consistently with the edit, as an attacker
 * without the signing key can: every link and hash is right, the head is
 * re-signed with the attacker's key. */
static void test_rewritten(void **state)
{
    fixture *f = *state;
    tamper(f, "UPDATE audit SET details = '{\"n\":7}' WHERE seq = 3");
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL, *u = NULL;
    uint8_t prev[32] = {0}, pk2[32], sk2[64];
    crypto_sign_keypair(pk2, sk2);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, time, actor, action, object, details"
                                            " FROM audit ORDER BY seq",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit SET prev_hash = ?1, hash = ?2"
                                            " WHERE seq = ?3",
                                        -1, &u, NULL),
                     SQLITE_OK);
    int64_t last = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        vg_audit_record r;
        r.seq = sqlite3_column_int64(s, 0);
        r.time = (const char *)sqlite3_column_text(s, 1);
        r.actor = (const char *)sqlite3_column_text(s, 2);
        r.action = (const char *)sqlite3_column_text(s, 3);
        r.object = (const char *)sqlite3_column_text(s, 4);
        r.details = (const char *)sqlite3_column_text(s, 5);
        memcpy(r.prev_hash, prev, 32);
        vg_audit_record_hash(&r, r.hash);
        sqlite3_bind_blob(u, 1, r.prev_hash, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(u, 2, r.hash, 32, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 3, r.seq);
        assert_int_equal(sqlite3_step(u), SQLITE_DONE);
        sqlite3_reset(u);
        memcpy(prev, r.hash, 32);
        last = r.seq;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    /* the head message layout is public (store.h); sign it with the wrong key */
    uint8_t msg[59], sig[64];
    memcpy(msg, "vigil-audit-head-v1", 19);
    for (int i = 0; i < 8; i++)
        msg[19 + i] = (uint8_t)((uint64_t)last >> (56 - 8 * i));
    memcpy(msg + 27, prev, 32);
    crypto_sign_detached(sig, NULL, msg, sizeof msg, sk2);
    assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit_head SET hash = ?1, signature = ?2",
                                        -1, &u, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(u, 1, prev, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(u, 2, sig, 64, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(u), SQLITE_DONE);
    sqlite3_finalize(u);
    sqlite3_close(db);

    vg_audit_report rep = verify(f);
    assert_false(rep.ok);
    assert_non_null(strstr(rep.reason, "signature"));
    /* under the attacker's key the forged chain is self-consistent */
    assert_int_equal(vg_store_audit_verify(f->st, pk2, &rep), VG_OK);
    assert_true(rep.ok);
}

static void test_keys_and_bundle(void **state)
{
    fixture *f = *state;
    char key[300], dir[300];
    uint8_t sk[64], pk[32];
    snprintf(key, sizeof key, "%s.key", f->path);
    snprintf(dir, sizeof dir, "%s.bundle", f->path);
    assert_int_equal(vg_audit_keygen(key, NULL), VG_OK);
    assert_int_equal(vg_audit_keygen(key, NULL), VG_EINVAL); /* never overwrites */
    assert_int_equal(vg_audit_key_load(key, sk, NULL), VG_OK);
    assert_int_equal(vg_audit_pubkey_load(key, pk, NULL), VG_OK);
    uint8_t pk2[32];
    char pub[310];
    snprintf(pub, sizeof pub, "%s.pub", key);
    assert_int_equal(vg_audit_pubkey_load(pub, pk2, NULL), VG_OK);
    assert_memory_equal(pk, pk2, 32);
    assert_int_equal(vg_store_audit_export(f->st, "ann", dir, f->pk, NULL), VG_EPERM);
    assert_int_equal(vg_store_user_add(f->st, "root", "aud", VG_ROLE_AUDITOR), VG_OK);
    assert_int_equal(vg_store_audit_export(f->st, "aud", dir, f->pk, NULL), VG_OK);
    char p[400];
    snprintf(p, sizeof p, "%s/audit.jsonl", dir);
    assert_int_equal(access(p, R_OK), 0);
    unlink(p);
    snprintf(p, sizeof p, "%s/head.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/pubkey.hex", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/README.md", dir);
    unlink(p);
    rmdir(dir);
    unlink(key);
    unlink(pub);
}

/* The decisions table is checked against the chain: a reason or verdict
 * changed in place, or a decision inserted without the trail, is caught. */
static void test_decision_edited(void **state)
{
    fixture *f = *state;
    int64_t run = 0, sid = 0, aid = 0, dec = 0;
    uint8_t key[32], hash[32] = {1};
    vg_store_person_key("John Smith", NULL, NULL, key);
    assert_int_equal(vg_store_run_begin(f->st, "ann", "0", "{}", "[]", &run), VG_OK);
    assert_int_equal(vg_store_screened_add(f->st, run, "{}", "{}", key, &sid), VG_OK);
    assert_int_equal(vg_store_alert_add(f->st, run, sid, "un:QDi.1", "v1", hash, 0.85, "{}", &aid,
                                        NULL),
                     VG_OK);
    assert_int_equal(vg_store_decide(f->st, aid, VG_VERDICT_FALSE_POSITIVE, "other dob", "ann",
                                     &dec),
                     VG_OK);
    vg_audit_report rep = verify(f);
    assert_true(rep.ok);
    tamper(f, "UPDATE decisions SET reason = 'checked passport'");
    rep = verify(f);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, 8); /* 5 + run.start, alert.raise, alert.decide */
    assert_non_null(strstr(rep.reason, "was changed"));
    tamper(f, "UPDATE decisions SET reason = 'other dob'");
    assert_true(verify(f).ok);
    tamper(f, "INSERT INTO decisions(alert_id, verdict, reason, analyst, decided_at,"
              " needs_signoff, final, person_key, entity_id, content_hash)"
              " SELECT alert_id, 'confirmed_match', 'x', analyst, decided_at, 0, 1, person_key,"
              " entity_id, content_hash FROM decisions");
    rep = verify(f);
    assert_false(rep.ok);
    assert_non_null(strstr(rep.reason, "no audit record"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reordered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewritten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decision_edited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_and_bundle, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
