/* SPDX-License-Identifier: Apache-2.0 */
/* String interning: dense ids in insertion order, lookups through several
 * rehashes, keys that differ only past the first 8 bytes or in length, the
 * empty string, and a frozen table answering as before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "base/vg_strtab.h"

#define N_KEYS 60000u

/* Deterministic key i: lengths 1..40, with long shared prefixes so that
 * many keys agree on their first word. */
static size_t key_of(uint32_t i, char *buf)
{
    size_t len = 1 + (i * 7u) % 40u;
    for (size_t k = 0; k < len; k++)
        buf[k] = (char)('a' + (k < 16 ? 0 : (int)(k % 26)));
    /* spread i over the last bytes (and one byte in the middle) */
    char tail[16];
    int tl = snprintf(tail, sizeof tail, "%u", i);
    if ((size_t)tl > len)
        len = (size_t)tl;
    memcpy(buf + len - (size_t)tl, tail, (size_t)tl);
    return len;
}

static void test_intern_find_get(void **state)
{
    (void)state;
    vg_strtab t;
    vg_strtab_init(&t, NULL);
    assert_int_equal(vg_strtab_reserve(&t, 1000), VG_OK); /* then grows past it */
    char buf[64];
    uint32_t next = 0;
    for (uint32_t i = 0; i < N_KEYS; i++) {
        size_t len = key_of(i, buf);
        uint32_t before = vg_strtab_find(&t, (vg_str){buf, len});
        uint32_t id;
        assert_int_equal(vg_strtab_intern(&t, (vg_str){buf, len}, &id), VG_OK);
        if (before == VG_STRTAB_NONE) {
            assert_int_equal(id, next); /* new strings get the next id */
            next++;
        } else {
            assert_int_equal(id, before);
        }
    }
    assert_int_equal(t.n, next);
    assert_true(next > N_KEYS / 2);
    /* every key is found with its id, and get returns its bytes */
    for (uint32_t i = 0; i < N_KEYS; i++) {
        size_t len = key_of(i, buf);
        uint32_t id = vg_strtab_find(&t, (vg_str){buf, len});
        assert_int_not_equal(id, VG_STRTAB_NONE);
        vg_str g = vg_strtab_get(&t, id);
        assert_int_equal(g.len, len);
        assert_memory_equal(g.ptr, buf, len);
        assert_int_equal(g.ptr[len], '\0');
        uint64_t h = vg_strtab_hash((vg_str){buf, len});
        vg_strtab_prefetch(&t, h);
        assert_int_equal(vg_strtab_find_h(&t, (vg_str){buf, len}, h), id);
        uint32_t again;
        assert_int_equal(vg_strtab_intern(&t, (vg_str){buf, len}, &again), VG_OK);
        assert_int_equal(again, id);
    }
    assert_int_equal(t.n, next);
    /* absent: a prefix, an extension, a changed last byte */
    size_t len = key_of(12345, buf);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"zzzzzzzzzzzzzzzzzz", 18}), VG_STRTAB_NONE);
    buf[len] = 'q';
    assert_int_equal(vg_strtab_find(&t, (vg_str){buf, len + 1}), VG_STRTAB_NONE);
    buf[len - 1] = '#';
    assert_int_equal(vg_strtab_find(&t, (vg_str){buf, len}), VG_STRTAB_NONE);
    vg_strtab_fini(&t);
}

static void test_edge_keys(void **state)
{
    (void)state;
    vg_strtab t;
    vg_strtab_init(&t, NULL);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"a", 1}), VG_STRTAB_NONE); /* empty table */
    uint32_t e, z1, z2, a8, a9, a16;
    assert_int_equal(vg_strtab_reserve(&t, 3), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"", 0}, &e), VG_OK);
    /* embedded NUL bytes and zero-padding lookalikes stay distinct */
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"\0", 1}, &z1), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"\0\0", 2}, &z2), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"aaaaaaaa", 8}, &a8), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"aaaaaaaa\0", 9}, &a9), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"aaaaaaaaaaaaaaaa", 16}, &a16), VG_OK);
    assert_int_equal(e, 0);
    assert_int_equal(z1, 1);
    assert_int_equal(z2, 2);
    assert_int_equal(a8, 3);
    assert_int_equal(a9, 4);
    assert_int_equal(a16, 5);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"", 0}), e);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"\0\0", 2}), z2);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"aaaaaaaa\0", 9}), a9);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"aaaaaaaaaaaaaaa", 15}), VG_STRTAB_NONE);
    /* reserving after interning keeps every id */
    assert_int_equal(vg_strtab_reserve(&t, 100000), VG_OK);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"\0", 1}), z1);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"aaaaaaaaaaaaaaaa", 16}), a16);
    assert_true(vg_strtab_bytes(&t) > 0);
    vg_strtab_fini(&t);
    vg_strtab_fini(NULL);
}

static void test_freeze(void **state)
{
    (void)state;
    vg_strtab t;
    vg_strtab_init(&t, NULL);
    char buf[64];
    uint32_t id, z2, a9;
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"", 0}, &id), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"\0\0", 2}, &z2), VG_OK);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"aaaaaaaa\0", 9}, &a9), VG_OK);
    for (uint32_t i = 0; i < N_KEYS; i++) {
        size_t len = key_of(i, buf);
        assert_int_equal(vg_strtab_intern(&t, (vg_str){buf, len}, &id), VG_OK);
    }
    size_t n = t.n;
    assert_int_equal(vg_strtab_freeze(&t), VG_OK);
    assert_int_equal(vg_strtab_freeze(&t), VG_OK); /* stays frozen */
    assert_int_equal(t.n, n);
    /* the same ids, bytes and terminators */
    for (uint32_t i = 0; i < N_KEYS; i++) {
        size_t len = key_of(i, buf);
        id = vg_strtab_find(&t, (vg_str){buf, len});
        assert_int_not_equal(id, VG_STRTAB_NONE);
        assert_true(id >= 3);
        vg_str g = vg_strtab_get(&t, id);
        assert_int_equal(g.len, len);
        assert_memory_equal(g.ptr, buf, len);
        assert_int_equal(g.ptr[len], '\0');
        assert_int_equal(vg_strtab_find_h(&t, (vg_str){buf, len}, vg_strtab_hash((vg_str){buf, len})),
                         id);
    }
    assert_int_equal(vg_strtab_find(&t, (vg_str){"", 0}), 0);
    assert_int_equal(vg_strtab_get(&t, 0).len, 0);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"\0\0", 2}), z2);
    assert_int_equal(vg_strtab_get(&t, z2).len, 2);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"aaaaaaaa\0", 9}), a9);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"\0", 1}), VG_STRTAB_NONE);
    /* read-only */
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"new", 3}, &id), VG_EINVAL);
    assert_int_equal(id, VG_STRTAB_NONE);
    assert_int_equal(vg_strtab_intern(&t, (vg_str){"", 0}, &id), VG_EINVAL);
    assert_int_equal(vg_strtab_reserve(&t, 10 * N_KEYS), VG_EINVAL);
    assert_true(vg_strtab_bytes(&t) > 0);
    vg_strtab_fini(&t);
    /* an empty table */
    vg_strtab_init(&t, NULL);
    assert_int_equal(vg_strtab_freeze(&t), VG_OK);
    assert_int_equal(vg_strtab_find(&t, (vg_str){"a", 1}), VG_STRTAB_NONE);
    vg_strtab_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_find_get),
        cmocka_unit_test(test_edge_keys),
        cmocka_unit_test(test_freeze),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
