/* SPDX-License-Identifier: Apache-2.0 */
/* String interning: maps byte strings to dense uint32 ids and back. Strings
 * are copied into an arena, or once the table is frozen, into one block in
 * id order. Not thread-safe for writes; lookups on a table no longer
 * written to are safe from any thread. */
#ifndef VG_STRTAB_H
#define VG_STRTAB_H

#include "vg_base.h"

#define VG_STRTAB_NONE UINT32_MAX

typedef struct vg_strtab {
    vg_allocator alloc;
    vg_arena arena;
    struct vg_strtab_ent {
        const char *str; /* NUL-terminated */
        uint32_t len;
    } *ents; /* id -> string */
    size_t n, cap;
    uint64_t *slots; /* open addressing: id (low 32 bits, NONE when empty)
                      * and the top 32 bits of the string's hash, so that a
                      * probe rejects most other strings without reading them */
    size_t n_slots;
    /* frozen (vg_strtab_freeze): the strings, each NUL-terminated, one
     * after the other in id order in `pool`, string id at pool + off[id]
     * (off[n]: the pool's size); ents and the arena are then freed */
    char *pool;
    uint32_t *off;
} vg_strtab;

void vg_strtab_init(vg_strtab *t, const vg_allocator *a);
void vg_strtab_fini(vg_strtab *t);
/* Returns the id of `s`, adding it when absent. *id = VG_STRTAB_NONE and
 * VG_ENOMEM on allocation failure, VG_EINVAL on a frozen table. */
vg_status vg_strtab_intern(vg_strtab *t, vg_str s, uint32_t *id);
/* Sizes the table for n strings in all, so that interning them rehashes
 * no more (an optimisation: interning grows the table anyway). VG_ENOMEM or
 * VG_ELIMIT leave the table as it was, still usable; VG_EINVAL on a frozen
 * table. */
vg_status vg_strtab_reserve(vg_strtab *t, size_t n);
/* Returns the id of `s` or VG_STRTAB_NONE. */
uint32_t vg_strtab_find(const vg_strtab *t, vg_str s);
/* The same in two steps, so that a caller looking up many keys can hash
 * them all and prefetch their slots before the first lookup waits on
 * memory: vg_strtab_hash(s), vg_strtab_prefetch(t, h), then
 * vg_strtab_find_h(t, s, h) == vg_strtab_find(t, s). */
uint64_t vg_strtab_hash(vg_str s);
static inline void vg_strtab_prefetch(const vg_strtab *t, uint64_t h)
{
    if (t->n_slots)
        __builtin_prefetch(&t->slots[(size_t)h & (t->n_slots - 1)]);
}
uint32_t vg_strtab_find_h(const vg_strtab *t, vg_str s, uint64_t h);
static inline vg_str vg_strtab_get(const vg_strtab *t, uint32_t id)
{
    if (t->off)
        return (vg_str){t->pool + t->off[id], t->off[id + 1] - t->off[id] - 1};
    return (vg_str){t->ents[id].str, t->ents[id].len};
}
/* Makes the table read-only and moves its strings into one block in id
 * order, with 4 bytes of index per string instead of 16: a table read at
 * random (a vocabulary met by every query) then takes fewer cache lines.
 * Views returned by vg_strtab_get before are no longer valid; ids and
 * lookups are unchanged. VG_ENOMEM or VG_ELIMIT (strings of 4 GiB) leave
 * the table as it was. A frozen table stays frozen. */
vg_status vg_strtab_freeze(vg_strtab *t);
size_t vg_strtab_bytes(const vg_strtab *t);

#endif
