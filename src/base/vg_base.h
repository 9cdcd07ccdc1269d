/* SPDX-License-Identifier: Apache-2.0 */
/* Internal base helpers shared by every module: allocation through a
 * vg_allocator, a bump arena, a growable byte buffer and hashing. libc only. */
#ifndef VG_BASE_INTERNAL_H
#define VG_BASE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil/base.h"
#include "vg_limits.h"

/* ---- allocation -------------------------------------------------------- */

void *vg__alloc(const vg_allocator *a, size_t n);
void *vg__calloc(const vg_allocator *a, size_t n);
void *vg__realloc(const vg_allocator *a, void *p, size_t old, size_t n);
void vg__free(const vg_allocator *a, void *p, size_t n);

/* Grows *items (element size `elem`) so that it holds at least `need`
 * elements; *cap is updated. Returns VG_ENOMEM or VG_ELIMIT (need > limit). */
vg_status vg__grow(const vg_allocator *a, void **items, size_t *cap, size_t need, size_t elem,
                   size_t limit);

/* ---- arena ------------------------------------------------------------- */

typedef struct vg__arena_block vg__arena_block;

/* Bump allocator: many small allocations freed together. Not thread-safe. */
typedef struct vg_arena {
    vg_allocator alloc;
    vg__arena_block *head;
    size_t block_size;
    size_t total; /* bytes reserved from the allocator */
} vg_arena;

void vg_arena_init(vg_arena *ar, const vg_allocator *a, size_t block_size);
void vg_arena_fini(vg_arena *ar);
/* Frees all blocks but the first and rewinds it. */
void vg_arena_reset(vg_arena *ar);
/* 8-byte aligned; NULL on OOM. n == 0 returns a valid unique pointer. */
void *vg_arena_alloc(vg_arena *ar, size_t n);
/* Copies `len` bytes and appends a NUL. NULL on OOM. */
char *vg_arena_strndup(vg_arena *ar, const char *s, size_t len);
void *vg_arena_memdup(vg_arena *ar, const void *p, size_t n);

/* ---- growable byte buffer ---------------------------------------------- */

/* A NUL-terminated growable buffer with a cap. Not thread-safe. */
typedef struct vg_buf {
    vg_allocator alloc;
    char *ptr;
    size_t len;
    size_t cap;
    size_t limit;
} vg_buf;

void vg_buf_init(vg_buf *b, const vg_allocator *a, size_t limit);
void vg_buf_fini(vg_buf *b);
static inline void vg_buf_clear(vg_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}
vg_status vg_buf_reserve(vg_buf *b, size_t extra);
/* vg_buf_append when the room check fails: grows, or fails with VG_ELIMIT
 * past the cap or VG_ENOMEM. */
vg_status vg__buf_append_slow(vg_buf *b, const void *p, size_t n);
/* Appends n bytes (and a NUL): VG_ELIMIT past the cap, VG_ENOMEM. Inline,
 * as output is written a few bytes at a time and the room check is most
 * of the work. */
static inline vg_status vg_buf_append(vg_buf *b, const void *p, size_t n)
{
    if (n <= b->limit && b->len <= b->limit - n && b->cap - b->len > n) {
        if (n)
            memcpy(b->ptr + b->len, p, n);
        b->len += n;
        b->ptr[b->len] = '\0';
        return VG_OK;
    }
    return vg__buf_append_slow(b, p, n);
}
static inline vg_status vg_buf_putc(vg_buf *b, char c)
{
    return vg_buf_append(b, &c, 1);
}
static inline vg_status vg_buf_puts(vg_buf *b, const char *s)
{
    return vg_buf_append(b, s, strlen(s));
}
vg_status vg_buf_printf(vg_buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- strings ----------------------------------------------------------- */

static inline bool vg_str_eq(vg_str a, vg_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}
static inline bool vg_str_eqc(vg_str a, const char *c)
{
    return vg_str_eq(a, vg_str_c(c));
}
/* Trims ASCII whitespace at both ends. */
vg_str vg_str_trim(vg_str s);
bool vg_str_ieq_ascii(vg_str a, const char *c);
bool vg_str_istarts_ascii(vg_str a, const char *prefix);
/* Parses a decimal integer (optional sign), whole slice. */
bool vg_str_to_long(vg_str s, long *out);

/* ---- hashing ----------------------------------------------------------- */

uint64_t vg_hash64(const void *p, size_t n, uint64_t seed);

/* The splitmix64 finaliser: every bit of x moves about half the bits of
 * the result. Pure. */
static inline uint64_t vg_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* ---- numbers ----------------------------------------------------------- */

/* Writes v rounded to `digits` decimals (1..9) into out[cap] as "%.*f" would,
 * then drops trailing zeros but keeps one decimal ("0.98", "1.0", "-0.05");
 * a negative zero result is written "0.0". Returns the length written (NUL
 * terminated), or 0 when it does not fit. Pure function: thread-safe. */
size_t vg_fmt_decimal(char *out, size_t cap, float v, int digits);

/* ---- UTF-8 ------------------------------------------------------------- */

/* Returns the byte length of the longest valid UTF-8 prefix of p[0..n). */
size_t vg_utf8_valid_prefix(const char *p, size_t n);
static inline bool vg_utf8_valid(const char *p, size_t n)
{
    return vg_utf8_valid_prefix(p, n) == n;
}

/* ---- files ------------------------------------------------------------- */

/* Reads a whole file into a NUL-terminated heap buffer (caller frees with
 * vg__free(a, *out, *len + 1)). Fails with VG_ENOENT, VG_EIO, VG_ELIMIT. */
vg_status vg_file_read(const vg_allocator *a, const char *path, size_t limit, char **out,
                       size_t *len, vg_err *err);

#endif
