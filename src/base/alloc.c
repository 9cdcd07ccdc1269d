/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation through a vg_allocator, the bump arena and the byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "vg_base.h"

static void *libc_realloc(void *ud, void *p, size_t old, size_t n)
{
    (void)ud;
    (void)old;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static const vg_allocator default_allocator = {libc_realloc, NULL};

const vg_allocator *vg_allocator_default(void)
{
    return &default_allocator;
}

void *vg__alloc(const vg_allocator *a, size_t n)
{
    if (!a)
        a = &default_allocator;
    return a->realloc_fn(a->ud, NULL, 0, n ? n : 1);
}

void *vg__calloc(const vg_allocator *a, size_t n)
{
    void *p = vg__alloc(a, n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void *vg__realloc(const vg_allocator *a, void *p, size_t old, size_t n)
{
    if (!a)
        a = &default_allocator;
    return a->realloc_fn(a->ud, p, old, n ? n : 1);
}

void vg__free(const vg_allocator *a, void *p, size_t n)
{
    if (!p)
        return;
    if (!a)
        a = &default_allocator;
    a->realloc_fn(a->ud, p, n, 0);
}

vg_status vg__grow(const vg_allocator *a, void **items, size_t *cap, size_t need, size_t elem,
                   size_t limit)
{
    if (need <= *cap)
        return VG_OK;
    if (need > limit)
        return VG_ELIMIT;
    size_t ncap = *cap ? *cap : 4;
    while (ncap < need)
        ncap = ncap > limit / 2 ? limit : ncap * 2;
    if (ncap > SIZE_MAX / elem)
        return VG_ELIMIT;
    void *p = vg__realloc(a, *items, *cap * elem, ncap * elem);
    if (!p)
        return VG_ENOMEM;
    *items = p;
    *cap = ncap;
    return VG_OK;
}

/* ---- arena ------------------------------------------------------------- */

struct vg__arena_block {
    vg__arena_block *next;
    size_t size; /* usable bytes */
    size_t used;
    _Alignas(16) unsigned char data[];
};

void vg_arena_init(vg_arena *ar, const vg_allocator *a, size_t block_size)
{
    ar->alloc = a ? *a : default_allocator;
    ar->head = NULL;
    ar->block_size = block_size ? block_size : 64 * 1024;
    ar->total = 0;
}

void vg_arena_fini(vg_arena *ar)
{
    if (!ar)
        return;
    vg__arena_block *b = ar->head;
    while (b) {
        vg__arena_block *next = b->next;
        vg__free(&ar->alloc, b, sizeof *b + b->size);
        b = next;
    }
    ar->head = NULL;
    ar->total = 0;
}

void vg_arena_reset(vg_arena *ar)
{
    if (!ar->head)
        return;
    vg__arena_block *keep = ar->head;
    while (keep->next) {
        vg__arena_block *b = keep;
        keep = keep->next;
        ar->total -= sizeof *b + b->size;
        vg__free(&ar->alloc, b, sizeof *b + b->size);
    }
    keep->used = 0;
    ar->head = keep;
}

void *vg_arena_alloc(vg_arena *ar, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    if (n == 0)
        n = 8;
    vg__arena_block *b = ar->head;
    if (!b || b->size - b->used < n) {
        if (n > VG_LIMIT_ARENA_BLOCK)
            return NULL;
        size_t size = n > ar->block_size / 4 ? n : ar->block_size;
        vg__arena_block *nb = vg__alloc(&ar->alloc, sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->size = size;
        nb->used = 0;
        ar->total += sizeof *nb + size;
        if (b && size == n) {
            /* A large one-off: keep the current block as the bump block. */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            return nb->data;
        }
        nb->next = b;
        ar->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *vg_arena_strndup(vg_arena *ar, const char *s, size_t len)
{
    char *p = vg_arena_alloc(ar, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void *vg_arena_memdup(vg_arena *ar, const void *src, size_t n)
{
    void *p = vg_arena_alloc(ar, n);
    if (p && n)
        memcpy(p, src, n);
    return p;
}

/* ---- buffer ------------------------------------------------------------ */

void vg_buf_init(vg_buf *b, const vg_allocator *a, size_t limit)
{
    b->alloc = a ? *a : default_allocator;
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->limit = limit ? limit : SIZE_MAX / 2;
}

void vg_buf_fini(vg_buf *b)
{
    if (!b)
        return;
    vg__free(&b->alloc, b->ptr, b->cap);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

vg_status vg_buf_reserve(vg_buf *b, size_t extra)
{
    if (extra > b->limit || b->len > b->limit - extra)
        return VG_ELIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return VG_OK;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    char *p = vg__realloc(&b->alloc, b->ptr, b->cap, ncap);
    if (!p)
        return VG_ENOMEM;
    b->ptr = p;
    b->cap = ncap;
    return VG_OK;
}

vg_status vg__buf_append_slow(vg_buf *b, const void *p, size_t n)
{
    vg_status rc = vg_buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return VG_OK;
}


vg_status vg_buf_printf(vg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return VG_EINVAL;
    if ((size_t)n < sizeof tmp)
        return vg_buf_append(b, tmp, (size_t)n);
    vg_status rc = vg_buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return VG_OK;
}
