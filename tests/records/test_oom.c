/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation-failure injection into every record reader (CSV, JSONL,
 * PAXLST, MRZ): for every N the Nth allocation fails once and later ones
 * succeed, so code that carries on after a failure is exercised too. A read
 * either reports VG_ENOMEM (from open, next or clone) or gives exactly the
 * records of an undisturbed read; every block comes back (no leak). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rec_util.h"

typedef struct fail_once {
    long calls, fail_at, live;
} fail_once;

static void *fail_once_realloc(void *ud, void *p, size_t old, size_t n)
{
    fail_once *f = ud;
    (void)old;
    if (n == 0) {
        if (p)
            f->live--;
        free(p);
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        f->live++;
    return q;
}

/* One read: a line per record (status, id, name, error) into `out`. */
static vg_status read_all(const char *data, size_t len, vg_record_format fmt,
                          const vg_allocator *a, char *out, size_t cap)
{
    vg_reader_opts o = test_opts();
    vg_reader *rd = NULL;
    vg_err e;
    size_t used = 0;
    out[0] = '\0';
    vg_status st = vg_reader_open_mem(data, len, "mem", fmt, &o, a, &rd, &e);
    if (st)
        return st;
    for (;;) {
        vg_record *rec = NULL;
        st = vg_reader_next(rd, &rec, &e);
        if (!rec)
            break;
        vg_record *c = NULL;
        vg_status cs = vg_record_clone(rec, a, &c);
        if (cs) {
            st = cs;
            break;
        }
        int w = snprintf(out + used, cap - used, "%s|%s|%s|%s|%s\n", vg_status_name(st), nz(c->id),
                         nz(c->name), c->nationality, nz(c->error));
        if (w > 0 && (size_t)w < cap - used)
            used += (size_t)w;
        vg_record_free(c);
    }
    vg_reader_free(rd);
    return st;
}

static void oom_loop(const char *what, const char *data, size_t len, vg_record_format fmt)
{
    static char want[1 << 16], got[1 << 16];
    vg_status ref = read_all(data, len, fmt, NULL, want, sizeof want);
    assert_int_equal(ref, VG_OK);
    assert_true(strlen(want) > 0);
    long n, failed = 0;
    for (n = 1; n < 100000; n++) {
        fail_once f = {0, n, 0};
        vg_allocator a = {fail_once_realloc, &f};
        vg_status st = read_all(data, len, fmt, &a, got, sizeof got);
        if (st == VG_ENOMEM) {
            failed++;
        } else if (st != VG_OK) {
            fail_msg("%s, allocation %ld: got %s, want VG_OK or VG_ENOMEM", what, n,
                     vg_status_name(st));
        } else if (strcmp(got, want)) {
            fail_msg("%s, allocation %ld: records differ from an undisturbed read:\n%s---\n%s",
                     what, n, got, want);
        }
        if (f.live != 0)
            fail_msg("%s, allocation %ld: %ld blocks left", what, n, f.live);
        if (f.calls < n)
            break;
    }
    print_message("%s: %ld of %ld injected failures gave VG_ENOMEM\n", what, failed, n - 1);
    assert_true(failed > 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void test_csv(void **state)
{
    (void)state;
    const char *in = "name,dob,country,passport\nJane Doe,1970-01-01,France,X1\n"
                     "\"Bob, Jr\",1971,XX,\n,1980,DE,\n\"unterminated,1\n";
    oom_loop("csv", in, strlen(in), VG_RECORD_CSV);
}

static void test_jsonl(void **state)
{
    (void)state;
    const char *in = "{\"id\":\"a\",\"name\":\"Hasan Nasrallah\",\"birth_date\":\"1960-08-31\"}\n"
                     "{\"id\":\"b\",\"first_name\":\"Jane\",\"last_name\":\"Doe\","
                     "\"nationality\":\"FR\"}\n"
                     "{\"id\":\"c\",\"name\":\n"
                     "not json\n"
                     "{\"id\":7,\"name\":\"X\",\"documents\":[{\"number\":\"P1\",\"country\":\"DE\"}]}\n";
    oom_loop("jsonl", in, strlen(in), VG_RECORD_JSONL);
}

static void test_paxlst(void **state)
{
    (void)state;
    size_t len;
    char *in = slurp(VIGIL_TEST_DATA "/samples/paxlst/sample2_pax_and_crew_custom_delims.edi", &len);
    oom_loop("paxlst", in, len, VG_RECORD_PAXLST);
    in = slurp(VIGIL_TEST_DATA "/samples/paxlst/sample3_malformed_truncated.edi", &len);
    oom_loop("paxlst truncated", in, len, VG_RECORD_PAXLST);
}

static void test_mrz(void **state)
{
    (void)state;
    size_t len;
    char *in = slurp(VIGIL_TEST_DATA "/samples/mrz/valid_04_td1_id_card.txt", &len);
    oom_loop("mrz td1", in, len, VG_RECORD_MRZ);
    in = slurp(VIGIL_TEST_DATA "/samples/mrz/invalid_07_td3_bad_check_digit.txt", &len);
    oom_loop("mrz bad check digit", in, len, VG_RECORD_MRZ);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_paxlst),
        cmocka_unit_test(test_mrz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
