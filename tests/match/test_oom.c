/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation-failure injection into the index build and the scorer: for
 * every N, the Nth allocation through vigil's allocator fails (once, the
 * later ones succeed, so code that goes on after a failure is exercised
 * too). Each call must return VG_ENOMEM or the full, correct result; the
 * byte balance must come back to where it was (no leak; ASan checks the
 * memory itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/vigil.h"

static vg_list *lists[2];

static int setup(void **state)
{
    (void)state;
    vg_err err;
    if (vg_list_load(VIGIL_TEST_DATA "/un/small.xml", VG_FORMAT_AUTO, NULL, &lists[0], &err) ||
        vg_list_load(VIGIL_TEST_DATA "/ofac/small", VG_FORMAT_AUTO, NULL, &lists[1], &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vg_list_free(lists[0]);
    vg_list_free(lists[1]);
    return 0;
}

typedef struct fail_once {
    long calls;      /* allocations and growths so far */
    long fail_at;    /* this one returns NULL (0: never) */
    long long bytes; /* balance of the sizes vigil reports */
    long blocks;     /* blocks not yet freed */
} fail_once;

static void *fail_once_realloc(void *ud, void *p, size_t old, size_t n)
{
    fail_once *f = ud;
    if (n == 0) {
        if (p) {
            f->bytes -= (long long)old;
            f->blocks--;
            free(p);
        }
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (!q)
        return NULL;
    f->bytes += (long long)n - (long long)(p ? old : 0);
    if (!p)
        f->blocks++;
    return q;
}

/* ---- index build ---------------------------------------------------------- */

static void test_index_build(void **state)
{
    (void)state;
    vg_index *ref = NULL;
    assert_int_equal(vg_index_build(lists, 2, NULL, &ref, NULL), VG_OK);
    size_t want_entities = vg_index_entities(ref), want_tokens = vg_index_tokens(ref);
    vg_index_free(ref);

    long n, failed = 0;
    for (n = 1; n < 200000; n++) {
        fail_once f = {0, n, 0, 0};
        vg_allocator a = {fail_once_realloc, &f};
        vg_index *ix = (vg_index *)(uintptr_t)1;
        vg_err err;
        vg_err_clear(&err);
        vg_status rc = vg_index_build(lists, 2, &a, &ix, &err);
        bool injected = f.calls >= n;
        if (rc == VG_OK) {
            assert_int_equal(vg_index_entities(ix), want_entities);
            assert_int_equal(vg_index_tokens(ix), want_tokens);
            vg_index_free(ix);
        } else {
            failed++;
            if (rc != VG_ENOMEM)
                fail_msg("allocation %ld: got %s (%s), want VG_ENOMEM", n, vg_status_name(rc),
                         err.msg);
            assert_null(ix);
        }
        if (f.bytes != 0 || f.blocks != 0)
            fail_msg("allocation %ld: %ld blocks / %lld bytes left", n, f.blocks, f.bytes);
        if (!injected)
            break;
    }
    print_message("index build: %ld of %ld injected failures returned VG_ENOMEM\n", failed, n - 1);
    assert_true(failed > 10); /* the loop really went through the build */
}

/* ---- scorer --------------------------------------------------------------- */

typedef struct probe {
    const char *name;
    int year, month, day; /* birth date; year 0: unknown, month 0: year only */
    const char *nat;
} probe;

static const probe k_probes[] = {
    {"Hasan Nasrallah", 0, 0, 0, NULL},
    {"Ibrahim Awwad Ibrahim al-Badri", 1971, 0, 0, "IQ"},
    {"Anglo-Caribbean Co. Ltd", 0, 0, 0, NULL},
    {"\xd8\xad\xd8\xb3\xd9\x86 \xd9\x86\xd8\xb5\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x84\xd9\x87", 0, 0,
     0, NULL}, /* Arabic script */
    {"John Smith", 1980, 5, 4, "GB"},
};
#define N_PROBES (sizeof k_probes / sizeof k_probes[0])

static void make_query(const probe *p, vg_query *q)
{
    vg_query_init(q);
    q->name = vg_str_c(p->name);
    if (p->year) {
        q->birth_date.kind = p->month ? VG_DATE_EXACT : VG_DATE_YEAR;
        q->birth_date.year = (int16_t)p->year;
        q->birth_date.month = (int16_t)p->month;
        q->birth_date.day = (int16_t)p->day;
    }
    if (p->nat)
        memcpy(q->nationality, p->nat, 3);
}

typedef struct summary {
    size_t n;
    char top[80];
    float score;
} summary;

static summary summarise(const vg_result *r)
{
    summary s = {r->n_matches, "", 0};
    if (r->n_matches) {
        snprintf(s.top, sizeof s.top, "%s", r->matches[0].entity->id);
        s.score = r->matches[0].score;
    }
    return s;
}

/* A screener made and used while allocations fail one at a time: creating
 * it, then each probe query, in the same loop. */
static void test_screener_and_scorer(void **state)
{
    (void)state;
    fail_once f = {0, 0, 0, 0};
    vg_allocator a = {fail_once_realloc, &f};
    vg_index *ix = NULL;
    assert_int_equal(vg_index_build(lists, 2, &a, &ix, NULL), VG_OK);
    long long base_bytes = f.bytes;
    long base_blocks = f.blocks;
    vg_result *r = malloc(sizeof *r);
    assert_non_null(r);

    summary want[N_PROBES];
    vg_screener *sc = NULL;
    assert_int_equal(vg_screener_new(ix, &sc), VG_OK);
    for (size_t i = 0; i < N_PROBES; i++) {
        vg_query q;
        make_query(&k_probes[i], &q);
        assert_int_equal(vg_screen(sc, &q, NULL, r, NULL), VG_OK);
        want[i] = summarise(r);
    }
    assert_true(want[0].n > 0);
    vg_screener_free(sc);
    assert_int_equal(f.bytes, base_bytes);

    long n, failed = 0;
    for (n = 1; n < 200000; n++) {
        f.calls = 0;
        f.fail_at = n;
        sc = NULL;
        vg_status rc = vg_screener_new(ix, &sc);
        if (rc != VG_OK) {
            if (rc != VG_ENOMEM)
                fail_msg("allocation %ld: screener_new gave %s", n, vg_status_name(rc));
            assert_null(sc);
            failed++;
        } else {
            for (size_t i = 0; i < N_PROBES; i++) {
                vg_query q;
                make_query(&k_probes[i], &q);
                vg_err err;
                vg_err_clear(&err);
                rc = vg_screen(sc, &q, NULL, r, &err);
                if (rc == VG_ENOMEM) {
                    failed++;
                    continue;
                }
                if (rc != VG_OK)
                    fail_msg("allocation %ld, probe %zu: got %s (%s)", n, i, vg_status_name(rc),
                             err.msg);
                summary got = summarise(r);
                if (got.n != want[i].n || strcmp(got.top, want[i].top) || got.score != want[i].score)
                    fail_msg("allocation %ld, probe %zu: %zu matches, top %s %.4f; want %zu, %s "
                             "%.4f",
                             n, i, got.n, got.top, (double)got.score, want[i].n, want[i].top,
                             (double)want[i].score);
            }
            /* the screener still works once allocations succeed again */
            vg_query q;
            make_query(&k_probes[0], &q);
            assert_int_equal(vg_screen(sc, &q, NULL, r, NULL), VG_OK);
            assert_string_equal(summarise(r).top, want[0].top);
            vg_screener_free(sc);
        }
        if (f.bytes != base_bytes || f.blocks != base_blocks)
            fail_msg("allocation %ld: %ld blocks / %lld bytes left", n, f.blocks - base_blocks,
                     f.bytes - base_bytes);
        if (f.calls < n)
            break; /* nothing was injected: every allocation has been failed once */
    }
    print_message("screener+scorer: %ld injected failures returned VG_ENOMEM over %ld runs\n",
                  failed, n);
    assert_true(failed > 3);
    free(r);
    vg_index_free(ix);
    assert_int_equal(f.bytes, 0);
    assert_int_equal(f.blocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_build),
        cmocka_unit_test(test_screener_and_scorer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
