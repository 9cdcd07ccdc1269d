/* SPDX-License-Identifier: Apache-2.0 */
/* Internal layout of the candidate index, shared with the matcher. Built
 * once, then read-only. Arrays in CSR form: X_off[k]..X_off[k+1] indexes X. */
#ifndef VG_INDEX_INTERNAL_H
#define VG_INDEX_INTERNAL_H

#include "vigil/screen.h"
#include "vigil/text.h"
#include "base/vg_strtab.h"

#define VG_KEY_MAX 64 /* longest token / key kept (bytes) */

/* Token information, by token id (vocabulary of normalised list tokens,
 * plus joined pairs of adjacent tokens). */
/* ix_tok.flags beyond VG_TOKF_*: the word occurs as itself in a name a
 * list writes in Latin (or another script with vowels), not only as an
 * abjad transliteration, a join or initials */
#define IX_TOKF_WRITTEN 0x8000u

typedef struct ix_tok {
    uint32_t phon; /* id in ix->phons */
    uint32_t skel; /* id in ix->skels */
    uint32_t df;   /* entities with this token in a name */
    float w;       /* rarity weight */
    float w_person; /* in a person's name, where a legal form or business
                     * word (PAO, TRADING) is a name like any other */
    uint16_t flags; /* VG_TOKF_* of its first occurrence */
    uint16_t len;
    uint32_t mask; /* letters present (bit c - 'a'), digits in bit 26 */
    char s0;       /* first byte */
    uint8_t given; /* vg__text_given_group, 0 for none */
} ix_tok;

typedef struct ix_name {
    uint32_t entity; /* index in ix->ents */
    uint32_t tok0;   /* first token in ix->name_toks */
    uint16_t n_tok;
    uint16_t name_idx; /* index in the entity's names[] */
    uint8_t role;      /* vg_name_role */
    uint8_t translit;  /* came from a non-Latin script */
    /* names the scorer cannot tell apart (the same tokens, flags and joins,
     * script side and entity kind: the same person in two lists, an alias
     * repeated) share this id, in [0, ix->n_sigs), so that a query scores
     * each once */
    uint32_t sig;
    /* of its first 32 tokens (the scorer's): the first and the last that
     * is no title or particle (32 when none), and whether one is a legal
     * form or business word */
    uint8_t first, last;
    bool l_org;
    /* the first token of the family name where the list gives the given
     * and family names apart (OFAC's "FAMILY, Given"), else IX_NO_FAMILY */
    uint8_t fam0;
} ix_name;
#define IX_NO_FAMILY 0xFFu

typedef struct ix_ent {
    const vg_entity *e;
    uint32_t name0, n_names; /* range in ix->names */
    /* earliest and latest year of any listed birth date or range, 0 when
     * none is known: lets candidate selection prefer, among names that
     * share as much, the people of the query's age */
    int16_t birth_lo, birth_hi;
} ix_ent;

/* A slot of the deletion-variant table: the variant's first 12 bytes and
 * its length, so that a lookup compares in the slot and reads no string
 * (a variant longer than 12 bytes compares the rest in ix->del_tail). */
typedef struct ix_dslot {
    uint64_t w0;  /* bytes 0-7, little-endian, zero past the end */
    uint32_t w1;  /* bytes 8-11, likewise */
    uint32_t key; /* (id + 1) << 7 | length (0-64); 0: empty slot */
} ix_dslot;
#define IX_DEL_MAX_IDS ((1u << 25) - 2) /* most deletion variants (key holds id + 1) */

typedef struct ix_doc {
    uint32_t entity;
    uint32_t doc_idx;
} ix_doc;

struct vg_index {
    vg_allocator alloc;
    vg_strtab toks, phons, skels, docs;
    /* deletion variants (a list token and its one-byte deletions), ids
     * dense from 0: open addressing, linear probing, a power of two slots */
    ix_dslot *dslots;
    size_t n_dslots, n_dels;
    char *del_tail;        /* bytes 12.. of the variants longer than 12 */
    size_t n_del_tail, c_del_tail;
    uint32_t *del_tail_at; /* id -> offset in del_tail (long variants only) */
    size_t c_del_tail_at;
    ix_tok *tok;    /* by token id */
    ix_ent *ents;
    size_t n_ents;
    ix_name *names;
    size_t n_names;
    size_t n_sigs; /* distinct ix_name.sig */
    uint32_t *name_toks;  /* token ids */
    uint16_t *name_tokf;  /* token flags per occurrence */
    uint32_t *name_merge; /* id of the joined token j+j+1, or NONE */
    size_t n_name_toks;
    uint32_t *post_off, *post; /* token -> entities */
    uint32_t *phon_off, *phon_toks; /* phonetic key -> tokens */
    uint32_t *skel_off, *skel_toks; /* skeleton -> tokens */
    uint32_t *del_off, *del_toks;   /* deletion variant -> tokens */
    uint32_t *doc_off;
    ix_doc *doc_ents; /* normalised document number -> (entity, doc) */
    /* the same person or organisation in another list (see link_twins):
     * entity -> twins[twin_off[e] .. twin_off[e + 1]) */
    uint32_t *twin_off, *twins;
    /* organisations' names by the first letters of two words in a row
     * (connectives, particles and legal forms passed over), for finding
     * the names an abbreviation of syllables may stand for: key c1 * 26 +
     * c2 -> names abbr_names[abbr_off[key] .. abbr_off[key + 1]) */
    uint32_t *abbr_off, *abbr_names;
    float w_unknown;  /* weight of a token absent from the lists */
    size_t bytes;
    /* allocation sizes, so that every free tells the allocator its size */
    size_t c_tok, c_names, c_name_toks, c_name_tokf, c_name_merge, n_alloc_ents; /* capacities */
    size_t sz_post_off, sz_post, sz_phon_off, sz_phon_toks, sz_skel_off, sz_skel_toks,
        sz_del_off, sz_del_toks, sz_doc_off, sz_doc_ents, sz_twin_off, sz_twins, sz_abbr_off,
        sz_abbr_names; /* bytes */
};

#define IX_ABBR_KEYS (26 * 26)

/* Letter-presence mask of an ASCII token, a cheap filter before edit
 * distance. */
static inline uint32_t vg__ix_mask(vg_str s)
{
    uint32_t m = 0;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c >= 'a' && c <= 'z')
            m |= 1u << (c - 'a');
        else
            m |= 1u << 26;
    }
    return m;
}

/* Token weight for flags and df. */
float vg__ix_weight(const vg_index *ix, uint32_t df, unsigned flags);

/* Looks up `s` itself and then its deletion variants (each one byte
 * removed, left to right, a byte equal to the one before it skipped; none
 * when `s` is shorter than 3 bytes) among the index's deletion variants;
 * writes their ids (VG_STRTAB_NONE when absent) to ids[] (room for
 * VG_KEY_MAX + 1) and returns how many. All slots are prefetched before
 * the first lookup. Read-only on ix. */
size_t vg__ix_del_ids(const vg_index *ix, vg_str s, uint32_t *ids);

#endif
