/* SPDX-License-Identifier: Apache-2.0 */
/* String interning with linear probing over a power-of-two slot array. */
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
    vg_arena_fini(&t->arena);
    memset(t, 0, sizeof *t);
}

static size_t slot_of(const vg_strtab *t, vg_str s, uint32_t *found)
{
    size_t mask = t->n_slots - 1;
    size_t h = (size_t)vg_hash64(s.ptr, s.len, 0x5eed) & mask;
    for (;;) {
        uint32_t id = t->slots[h];
        if (id == VG_STRTAB_NONE) {
            *found = VG_STRTAB_NONE;
            return h;
        }
        if (t->ents[id].len == s.len && memcmp(t->ents[id].str, s.ptr, s.len) == 0) {
            *found = id;
            return h;
        }
        h = (h + 1) & mask;
    }
}

static vg_status rehash(vg_strtab *t, size_t n_slots)
{
    uint32_t *slots = vg__alloc(&t->alloc, n_slots * sizeof *slots);
    if (!slots)
        return VG_ENOMEM;
    memset(slots, 0xff, n_slots * sizeof *slots);
    vg__free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    for (uint32_t id = 0; id < t->n; id++) {
        uint32_t dummy;
        size_t h = slot_of(t, vg_strtab_get(t, id), &dummy);
        t->slots[h] = id;
    }
    return VG_OK;
}

uint32_t vg_strtab_find(const vg_strtab *t, vg_str s)
{
    if (!t->n_slots)
        return VG_STRTAB_NONE;
    uint32_t id;
    slot_of(t, s, &id);
    return id;
}

vg_status vg_strtab_intern(vg_strtab *t, vg_str s, uint32_t *id)
{
    vg_status rc;
    *id = VG_STRTAB_NONE;
    if ((t->n + 1) * 2 > t->n_slots && (rc = rehash(t, t->n_slots ? t->n_slots * 2 : 1024)))
        return rc;
    uint32_t found;
    size_t h = slot_of(t, s, &found);
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
    t->slots[h] = (uint32_t)t->n;
    *id = (uint32_t)t->n++;
    return VG_OK;
}

size_t vg_strtab_bytes(const vg_strtab *t)
{
    return t->arena.total + t->cap * sizeof *t->ents +
           t->n_slots * sizeof *t->slots;
}
