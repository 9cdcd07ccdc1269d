/* SPDX-License-Identifier: Apache-2.0 */
/* The vg_list container: entities of one list version in one arena, with
 * warnings and unknown country texts gathered while loading. */
#include <stdarg.h>
#include <stdio.h>

#include "vg_model.h"

typedef struct unknown_country {
    const char *text;
    size_t count;
} unknown_country;

struct vg_list {
    vg_allocator alloc;
    vg_arena arena;
    const char *source;
    const char *version;
    const char *path;
    vg_list_format format;
    vg_entity *entities;
    size_t n_entities, c_entities;
    /* open-addressing id table, built by vg__list_finish() */
    uint32_t *slots;
    size_t n_slots;
    size_t n_warnings;
    const char *examples[VG_LIMIT_WARN_EXAMPLES];
    size_t n_examples;
    unknown_country *unknown;
    size_t n_unknown, c_unknown;
};

vg_status vg__list_new(const vg_allocator *a, const char *source, vg_list_format fmt,
                       const char *path, vg_list **out)
{
    *out = NULL;
    vg_list *l = vg__calloc(a, sizeof *l);
    if (!l)
        return VG_ENOMEM;
    l->alloc = a ? *a : *vg_allocator_default();
    vg_arena_init(&l->arena, &l->alloc, 256 * 1024);
    l->format = fmt;
    l->source = vg_arena_strndup(&l->arena, source, strlen(source));
    l->path = path ? vg_arena_strndup(&l->arena, path, strlen(path)) : "";
    l->version = "";
    if (!l->source || !l->path) {
        vg_list_free(l);
        return VG_ENOMEM;
    }
    *out = l;
    return VG_OK;
}

void vg_list_free(vg_list *l)
{
    if (!l)
        return;
    vg_allocator a = l->alloc;
    vg__free(&a, l->entities, l->c_entities * sizeof *l->entities);
    vg__free(&a, l->slots, l->n_slots * sizeof *l->slots);
    vg__free(&a, l->unknown, l->c_unknown * sizeof *l->unknown);
    vg_arena_fini(&l->arena);
    vg__free(&a, l, sizeof *l);
}

vg_status vg__list_set_version(vg_list *l, vg_str version)
{
    const char *v = vg_arena_strndup(&l->arena, version.ptr, version.len);
    if (!v)
        return VG_ENOMEM;
    l->version = v;
    return VG_OK;
}

vg_arena *vg__list_arena(vg_list *l)
{
    return &l->arena;
}

void vg__list_warn(vg_list *l, long line, const char *fmt, ...)
{
    l->n_warnings++;
    if (l->n_examples >= VG_LIMIT_WARN_EXAMPLES)
        return;
    char msg[512];
    int off = line > 0 ? snprintf(msg, sizeof msg, "%s:%ld: ", l->path, line)
                       : snprintf(msg, sizeof msg, "%s: ", l->path);
    if (off < 0 || (size_t)off >= sizeof msg)
        off = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + off, sizeof msg - (size_t)off, fmt, ap);
    va_end(ap);
    const char *kept = vg_arena_strndup(&l->arena, msg, strlen(msg));
    if (kept)
        l->examples[l->n_examples++] = kept;
}

void vg__list_unknown_country(vg_list *l, vg_str text)
{
    for (size_t i = 0; i < l->n_unknown; i++) {
        if (vg_str_eqc(text, l->unknown[i].text)) {
            l->unknown[i].count++;
            return;
        }
    }
    if (vg__grow(&l->alloc, (void **)&l->unknown, &l->c_unknown, l->n_unknown + 1,
                 sizeof *l->unknown, VG_LIMIT_PER_ENTITY * 16))
        return;
    const char *t = vg_arena_strndup(&l->arena, text.ptr, text.len);
    if (!t)
        return;
    l->unknown[l->n_unknown].text = t;
    l->unknown[l->n_unknown].count = 1;
    l->n_unknown++;
}

vg_status vg__list_append(vg_list *l, const vg_entity *e)
{
    vg_status rc = vg__grow(&l->alloc, (void **)&l->entities, &l->c_entities, l->n_entities + 1,
                            sizeof *l->entities, VG_LIMIT_ENTITIES);
    if (rc)
        return rc;
    l->entities[l->n_entities++] = *e;
    return VG_OK;
}

vg_status vg__list_finish(vg_list *l)
{
    size_t n = 16;
    while (n < l->n_entities * 2)
        n *= 2;
    uint32_t *slots = vg__alloc(&l->alloc, n * sizeof *slots);
    if (!slots)
        return VG_ENOMEM;
    memset(slots, 0xff, n * sizeof *slots);
    for (size_t i = 0; i < l->n_entities; i++) {
        const char *id = l->entities[i].id;
        size_t h = (size_t)vg_hash64(id, strlen(id), 0) & (n - 1);
        while (slots[h] != UINT32_MAX)
            h = (h + 1) & (n - 1);
        slots[h] = (uint32_t)i;
    }
    vg__free(&l->alloc, l->slots, l->n_slots * sizeof *l->slots);
    l->slots = slots;
    l->n_slots = n;
    return VG_OK;
}

const char *vg_list_source(const vg_list *l)
{
    return l->source;
}
const char *vg_list_version(const vg_list *l)
{
    return l->version;
}
const char *vg_list_path(const vg_list *l)
{
    return l->path;
}
vg_list_format vg_list_get_format(const vg_list *l)
{
    return l->format;
}
size_t vg_list_count(const vg_list *l)
{
    return l->n_entities;
}
const vg_entity *vg_list_entity(const vg_list *l, size_t i)
{
    return i < l->n_entities ? &l->entities[i] : NULL;
}

const vg_entity *vg_list_find(const vg_list *l, const char *id)
{
    if (!id || !l->slots)
        return NULL;
    size_t n = l->n_slots;
    size_t h = (size_t)vg_hash64(id, strlen(id), 0) & (n - 1);
    while (l->slots[h] != UINT32_MAX) {
        const vg_entity *e = &l->entities[l->slots[h]];
        if (strcmp(e->id, id) == 0)
            return e;
        h = (h + 1) & (n - 1);
    }
    return NULL;
}

size_t vg_list_warning_count(const vg_list *l)
{
    return l->n_warnings;
}
size_t vg_list_warning_examples(const vg_list *l)
{
    return l->n_examples;
}
const char *vg_list_warning_example(const vg_list *l, size_t i)
{
    return i < l->n_examples ? l->examples[i] : NULL;
}
size_t vg_list_unknown_country_count(const vg_list *l)
{
    return l->n_unknown;
}
const char *vg_list_unknown_country(const vg_list *l, size_t i, size_t *occurrences)
{
    if (i >= l->n_unknown)
        return NULL;
    if (occurrences)
        *occurrences = l->unknown[i].count;
    return l->unknown[i].text;
}
