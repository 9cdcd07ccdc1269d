/* SPDX-License-Identifier: Apache-2.0 */
/* String interning with linear probing over a power-of-two slot array;
 * each slot keeps part of its string's hash beside the id. */
#include "vg_strtab.h"

void vg_strtab_init(vg_strtab *t, const vg_allocator *a)
{
    memset(t, 0, sizeof *t);
    t->alloc = a ? *a : *vg_allocator_default();
    vg_arena_init(&t->arena, &t->alloc, 64 * 1024);
}

void vg_strtab_fini(vg_strtab *t)
{
    if (!t)
        return;
    vg__free(&t->alloc, t->ents, t->cap * sizeof *t->ents);
    vg__free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    if (t->off) {
        vg__free(&t->alloc, t->pool, t->off[t->n] ? t->off[t->n] : 1);
        vg__free(&t->alloc, t->off, (t->n + 1) * sizeof *t->off);
    }
    vg_arena_fini(&t->arena);
    memset(t, 0, sizeof *t);
}

#define SLOT_EMPTY UINT64_MAX

/* A word-at-a-time hash for short keys (tokens, phonetic keys, deletion
 * variants): much cheaper than a byte loop on 4-16 byte strings. Only slot
 * positions depend on it, never ids, so it may change freely. */
static uint64_t key_hash(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        for (size_t i = 0; i < n; i++)
            w |= (uint64_t)(unsigned char)p[i] << (8 * i);
        h = (h ^ w) * 0x94d049bb133111ebULL;
    }
    h ^= h >> 31;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

static size_t slot_of(const vg_strtab *t, vg_str s, uint64_t h, uint32_t *found)
{
    size_t mask = t->n_slots - 1;
    size_t i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    for (;;) {
        uint64_t v = t->slots[i];
        if (v == SLOT_EMPTY) {
            *found = VG_STRTAB_NONE;
            return i;
        }
        uint32_t id = (uint32_t)v;
        if ((uint32_t)(v >> 32) == tag) {
            vg_str e = vg_strtab_get(t, id);
            if (e.len == s.len && memcmp(e.ptr, s.ptr, s.len) == 0) {
                *found = id;
                return i;
            }
        }
        i = (i + 1) & mask;
    }
}

static vg_status rehash(vg_strtab *t, size_t n_slots)
{
    uint64_t *slots = vg__alloc(&t->alloc, n_slots * sizeof *slots);
    if (!slots)
        return VG_ENOMEM;
    memset(slots, 0xff, n_slots * sizeof *slots);
    vg__free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    size_t mask = n_slots - 1;
    for (uint32_t id = 0; id < t->n; id++) {
        /* ids are distinct strings: only an empty slot is needed */
        vg_str e = vg_strtab_get(t, id);
        uint64_t h = key_hash(e.ptr, e.len);
        size_t i = (size_t)h & mask;
        while (t->slots[i] != SLOT_EMPTY)
            i = (i + 1) & mask;
        t->slots[i] = (h & 0xffffffff00000000ULL) | id;
    }
    return VG_OK;
}

uint64_t vg_strtab_hash(vg_str s)
{
    return key_hash(s.ptr, s.len);
}

uint32_t vg_strtab_find_h(const vg_strtab *t, vg_str s, uint64_t h)
{
    if (!t->n_slots)
        return VG_STRTAB_NONE;
    uint32_t id;
    slot_of(t, s, h, &id);
    return id;
}

uint32_t vg_strtab_find(const vg_strtab *t, vg_str s)
{
    if (!t->n_slots)
        return VG_STRTAB_NONE;
    uint32_t id;
    slot_of(t, s, key_hash(s.ptr, s.len), &id);
    return id;
}

vg_status vg_strtab_reserve(vg_strtab *t, size_t n)
{
    if (t->off)
        return VG_EINVAL;
    size_t want = t->n_slots ? t->n_slots : 1024;
    while (want < 2 * n) {
        if (want > SIZE_MAX / 4 / sizeof *t->slots)
            return VG_ELIMIT;
        want *= 2;
    }
    if (want == t->n_slots)
        return VG_OK;
    vg_status rc = rehash(t, want);
    if (rc)
        return rc;
    return vg__grow(&t->alloc, (void **)&t->ents, &t->cap, n, sizeof *t->ents, UINT32_MAX - 1);
}

vg_status vg_strtab_intern(vg_strtab *t, vg_str s, uint32_t *id)
{
    vg_status rc;
    *id = VG_STRTAB_NONE;
    if (t->off)
        return VG_EINVAL;
    if ((t->n + 1) * 2 > t->n_slots && (rc = rehash(t, t->n_slots ? t->n_slots * 2 : 1024)))
        return rc;
    uint32_t found;
    uint64_t hash = key_hash(s.ptr, s.len);
    size_t h = slot_of(t, s, hash, &found);
    if (found != VG_STRTAB_NONE) {
        *id = found;
        return VG_OK;
    }
    if ((rc = vg__grow(&t->alloc, (void **)&t->ents, &t->cap, t->n + 1, sizeof *t->ents,
                       UINT32_MAX - 1)))
        return rc;
    char *copy = vg_arena_strndup(&t->arena, s.ptr, s.len);
    if (!copy)
        return VG_ENOMEM;
    t->ents[t->n].str = copy;
    t->ents[t->n].len = (uint32_t)s.len;
    t->slots[h] = (hash & 0xffffffff00000000ULL) | (uint32_t)t->n;
    *id = (uint32_t)t->n++;
    return VG_OK;
}

vg_status vg_strtab_freeze(vg_strtab *t)
{
    if (t->off)
        return VG_OK;
    size_t size = 0;
    for (size_t id = 0; id < t->n; id++)
        size += t->ents[id].len + 1;
    if (size > UINT32_MAX)
        return VG_ELIMIT;
    uint32_t *off = vg__alloc(&t->alloc, (t->n + 1) * sizeof *off);
    char *pool = vg__alloc(&t->alloc, size ? size : 1);
    if (!off || !pool) {
        vg__free(&t->alloc, off, (t->n + 1) * sizeof *off);
        vg__free(&t->alloc, pool, size ? size : 1);
        return VG_ENOMEM;
    }
    size_t at = 0;
    for (size_t id = 0; id < t->n; id++) {
        off[id] = (uint32_t)at;
        memcpy(pool + at, t->ents[id].str, t->ents[id].len + 1);
        at += t->ents[id].len + 1;
    }
    off[t->n] = (uint32_t)at;
    vg__free(&t->alloc, t->ents, t->cap * sizeof *t->ents);
    t->ents = NULL;
    t->cap = 0;
    vg_arena_fini(&t->arena);
    t->pool = pool;
    t->off = off;
    return VG_OK;
}

size_t vg_strtab_bytes(const vg_strtab *t)
{
    if (t->off)
        return t->off[t->n] + (t->n + 1) * sizeof *t->off + t->n_slots * sizeof *t->slots;
    return t->arena.total + t->cap * sizeof *t->ents +
           t->n_slots * sizeof *t->slots;
}
