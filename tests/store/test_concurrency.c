/* SPDX-License-Identifier: Apache-2.0 */
/* Several analysts deciding at once, in separate processes on one store
 * file: no decision is lost, the audit chain stays one verifiable chain and
 * the file stays consistent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "vigil/vigil.h"

#define N_ALERTS 48
#define N_PROCS 4

static bool count_cleared(void *ud, const vg_store_alert *a)
{
    if (a->status == VG_ALERT_CLEARED)
        (*(int *)ud)++;
    return true;
}

/* Child: decides every alert i with i % N_PROCS == k. Exit 0 when all
 * decisions were recorded. */
static int child(const char *path, const uint8_t sk[64], int k, const int64_t *ids)
{
    vg_store *st = NULL;
    char user[16];
    int bad = 0;
    snprintf(user, sizeof user, "analyst%d", k);
    if (vg_store_open(path, NULL, &st, NULL) != VG_OK)
        return 2;
    vg_store_set_key(st, sk);
    for (int i = k; i < N_ALERTS; i += N_PROCS)
        if (vg_store_decide(st, ids[i], VG_VERDICT_FALSE_POSITIVE, "namesake", user, NULL))
            bad++;
    vg_store_close(st);
    return bad ? 1 : 0;
}

static void test_parallel_decisions(void **state)
{
    (void)state;
    char path[256], p2[300];
    uint8_t pk[32], sk[64];
    int64_t ids[N_ALERTS], run = 0, sid = 0;
    vg_store *st = NULL;
    assert_true(sodium_init() >= 0);
    crypto_sign_keypair(pk, sk);
    snprintf(path, sizeof path, "/tmp/vigil-conc-test-%ld-XXXXXX", (long)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(vg_store_open(path, NULL, &st, NULL), VG_OK);
    vg_store_set_key(st, sk);
    assert_int_equal(vg_store_user_add(st, NULL, "root", VG_ROLE_ADMIN), VG_OK);
    for (int k = 0; k < N_PROCS; k++) {
        char user[16];
        snprintf(user, sizeof user, "analyst%d", k);
        assert_int_equal(vg_store_user_add(st, "root", user, VG_ROLE_ANALYST), VG_OK);
    }
    assert_int_equal(vg_store_run_begin(st, "analyst0", "0", "{}", "[]", &run), VG_OK);
    for (int i = 0; i < N_ALERTS; i++) {
        uint8_t key[32], hash[32] = {(uint8_t)i};
        char name[32];
        snprintf(name, sizeof name, "person %d", i);
        vg_store_person_key(name, NULL, NULL, key);
        assert_int_equal(vg_store_screened_add(st, run, "{}", "{}", key, &sid), VG_OK);
        assert_int_equal(vg_store_alert_add(st, run, sid, "un:QDi.1", "v1", hash, 0.85, "{}",
                                            &ids[i], NULL),
                         VG_OK);
    }
    assert_int_equal(vg_store_run_end(st, run, N_ALERTS, N_ALERTS), VG_OK);
    /* SQLite connections must not cross a fork */
    vg_store_close(st);
    st = NULL;

    pid_t pids[N_PROCS];
    for (int k = 0; k < N_PROCS; k++) {
        pids[k] = fork();
        assert_true(pids[k] >= 0);
        if (pids[k] == 0)
            _exit(child(path, sk, k, ids));
    }
    /* an auditor verifies the live store while they write: every check
     * reads one consistent state, so a growing chain is never taken for a
     * tampered one */
    assert_int_equal(vg_store_open(path, NULL, &st, NULL), VG_OK);
    int verified = 0, done = 0;
    while (done < N_PROCS) {
        vg_audit_report live;
        assert_int_equal(vg_store_audit_verify(st, pk, &live), VG_OK);
        if (!live.ok)
            fail_msg("live verify, after %d good ones: %s", verified, live.reason);
        verified++;
        for (int k = 0; k < N_PROCS; k++) {
            int status = 0;
            if (pids[k] <= 0 || waitpid(pids[k], &status, WNOHANG) != pids[k])
                continue;
            assert_true(WIFEXITED(status));
            assert_int_equal(WEXITSTATUS(status), 0);
            pids[k] = 0;
            done++;
        }
    }
    vg_store_close(st);
    st = NULL;

    assert_int_equal(vg_store_open(path, NULL, &st, NULL), VG_OK);
    assert_int_equal(vg_store_user_add(st, NULL, "x", VG_ROLE_ADMIN), VG_EPERM);
    vg_store_set_key(st, sk);
    assert_int_equal(vg_store_user_add(st, "root", "aud", VG_ROLE_AUDITOR), VG_OK);
    int cleared = 0;
    assert_int_equal(vg_store_alerts_each(st, "aud", -1, count_cleared, &cleared), VG_OK);
    assert_int_equal(cleared, N_ALERTS);
    vg_audit_report rep;
    assert_int_equal(vg_store_audit_verify(st, pk, &rep), VG_OK);
    assert_true(rep.ok);
    /* users, run start/end, alerts, decisions */
    assert_int_equal(rep.n_records, 1 + N_PROCS + 2 + N_ALERTS + N_ALERTS + 1);
    bool ok = false;
    char msg[200];
    assert_int_equal(vg_store_check(st, &ok, msg, sizeof msg), VG_OK);
    assert_true(ok);
    vg_store_close(st);
    unlink(path);
    snprintf(p2, sizeof p2, "%s-wal", path);
    unlink(p2);
    snprintf(p2, sizeof p2, "%s-shm", path);
    unlink(p2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_decisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
