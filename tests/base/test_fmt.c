/* SPDX-License-Identifier: Apache-2.0 */
/* vg_fmt_decimal against its definition (snprintf "%.*f", trailing zeros
 * trimmed, "-0.0" as "0.0"): exact binary ties, negatives, large values
 * and a few million pseudo-random floats in the ranges scores, weights and
 * evidence effects take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/vg_base.h"

static void reference(char *out, size_t cap, float v, int digits)
{
    int n = snprintf(out, cap, "%.*f", digits, (double)v);
    while (n > 2 && out[n - 1] == '0' && out[n - 2] != '.')
        n--;
    out[n] = '\0';
    if (strcmp(out, "-0.0") == 0)
        memcpy(out, "0.0", 4);
}

static void check(float v, int digits)
{
    char want[128], got[64];
    reference(want, sizeof want, v, digits);
    size_t n = vg_fmt_decimal(got, sizeof got, v, digits);
    if (n != strlen(want) || strcmp(got, want) != 0)
        fail_msg("v=%.9g digits=%d: got \"%s\", want \"%s\"", (double)v, digits, got, want);
}

static void test_known(void **state)
{
    (void)state;
    char buf[16];
    assert_int_equal(vg_fmt_decimal(buf, sizeof buf, 0.98f, 4), 4);
    assert_string_equal(buf, "0.98");
    vg_fmt_decimal(buf, sizeof buf, 1.0f, 4);
    assert_string_equal(buf, "1.0");
    vg_fmt_decimal(buf, sizeof buf, -0.05f, 4);
    assert_string_equal(buf, "-0.05");
    vg_fmt_decimal(buf, sizeof buf, -0.00001f, 4);
    assert_string_equal(buf, "0.0");
    vg_fmt_decimal(buf, sizeof buf, 0.0625f, 3); /* exact tie: half to even */
    assert_string_equal(buf, "0.062");
    vg_fmt_decimal(buf, sizeof buf, 12.3456789f, 3);
    assert_string_equal(buf, "12.346");
    /* too small a buffer: nothing written */
    assert_int_equal(vg_fmt_decimal(buf, 4, 0.1234f, 4), 0);
    assert_int_equal(vg_fmt_decimal(buf, sizeof buf, 1.0f, 0), 0);
}

static void test_ties_and_edges(void **state)
{
    (void)state;
    for (int digits = 1; digits <= 6; digits++) {
        /* k / 2^m: every exact binary tie at these digit counts */
        for (int m = 1; m <= 16; m++)
            for (int k = -(1 << m) * 3; k <= (1 << m) * 3; k++)
                check((float)k / (float)(1 << m), digits);
        const float edge[] = {0.0f, -0.0f, 1e-9f, -1e-9f, 0.99995f, 0.999949f, 9.99995f,
                              123456.78f, 999999999.0f, 1e9f, 3e9f, -2.5e10f, 1e30f};
        for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
            check(edge[i], digits);
    }
}

static void test_random(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        float u = (float)(x >> 40) / (float)(1u << 24); /* [0, 1) */
        float v;
        switch (i % 4) {
        case 0: v = u; break;                    /* scores */
        case 1: v = u * 12.0f; break;            /* weights */
        case 2: v = (u - 0.5f) * 10.0f; break;   /* evidence effects */
        default: v = (float)((x >> 8) & 0xffff) / 10000.0f; break; /* near decimals */
        }
        check(v, 3 + (i & 1));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_ties_and_edges),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
