/* SPDX-License-Identifier: Apache-2.0 */
/* Base helpers: arena, buffer caps, UTF-8 validation, error formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/vg_base.h"

static void test_arena_alloc_and_reset(void **state)
{
    (void)state;
    vg_arena ar;
    vg_arena_init(&ar, NULL, 1024);
    char *a = vg_arena_strndup(&ar, "hello", 5);
    assert_string_equal(a, "hello");
    /* a one-off larger than the block size */
    void *big = vg_arena_alloc(&ar, 10000);
    assert_non_null(big);
    memset(big, 1, 10000);
    char *b = vg_arena_strndup(&ar, "world", 5);
    assert_string_equal(b, "world");
    assert_string_equal(a, "hello");
    assert_int_equal((uintptr_t)vg_arena_alloc(&ar, 3) % 8, 0);
    vg_arena_reset(&ar);
    assert_non_null(vg_arena_alloc(&ar, 16));
    vg_arena_fini(&ar);
}

static void test_buf_limit(void **state)
{
    (void)state;
    vg_buf b;
    vg_buf_init(&b, NULL, 8);
    assert_int_equal(vg_buf_puts(&b, "12345678"), VG_OK);
    assert_int_equal(vg_buf_putc(&b, 'x'), VG_ELIMIT);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.ptr, "12345678");
    vg_buf_clear(&b);
    assert_int_equal(vg_buf_printf(&b, "%d-%s", 42, "ab"), VG_OK);
    assert_string_equal(b.ptr, "42-ab");
    vg_buf_fini(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(vg_utf8_valid("abc", 3));
    assert_true(vg_utf8_valid("\xd8\xa3\xd8\xa8\xd9\x88", 6)); /* Arabic */
    assert_false(vg_utf8_valid("\xc3", 1));                    /* truncated */
    assert_false(vg_utf8_valid("\xc0\xaf", 2));                /* overlong */
    assert_false(vg_utf8_valid("\xed\xa0\x80", 3));            /* surrogate */
    assert_false(vg_utf8_valid("\xff", 1));
    assert_int_equal(vg_utf8_valid_prefix("ab\xe2\x82", 4), 2);
}

static void test_err_format(void **state)
{
    (void)state;
    vg_err e;
    vg_err_clear(&e);
    assert_int_equal(vg_err_set(&e, VG_EPARSE, "list.xml", 12, "bad %s", "tag"), VG_EPARSE);
    char buf[128];
    assert_string_equal(vg_err_format(&e, buf, sizeof buf), "list.xml:12: bad tag");
    assert_string_equal(vg_status_name(VG_ENOMEM), "VG_ENOMEM");
    assert_string_equal(vg_status_str(VG_OK), "success");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alloc_and_reset),
        cmocka_unit_test(test_buf_limit),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_err_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
