/* SPDX-License-Identifier: Apache-2.0 */
/* Name text processing: bring a name in any script to comparable Latin
 * tokens, and derive the keys (skeleton, phonetic) that survive
 * transliteration differences. */
#ifndef VIGIL_TEXT_H
#define VIGIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A normaliser. Holds ICU transliterators (created lazily, on the first
 * non-Latin input) and scratch buffers. NOT thread-safe: use one per thread
 * (creating one is cheap until a non-Latin name is seen). */
typedef struct vg_text vg_text;

/* Creates a normaliser. `a` may be NULL (default allocator). On success
 * *out is owned by the caller: free with vg_text_free(). */
VG_API vg_status vg_text_new(const vg_allocator *a, vg_text **out);

/* Frees `t`; NULL is a no-op. */
VG_API void vg_text_free(vg_text *t);

/* Token flags. */
#define VG_TOKF_PARTICLE 0x01u /* al, el, bin, ibn, bint, abu, van, de, von ... */
#define VG_TOKF_TITLE 0x02u    /* dr, mr, sheikh, mullah, hajji, general ... */
#define VG_TOKF_LEGAL 0x04u    /* ltd, llc, ag, ooo, jsc, sarl, co, gmbh ... (orgs) */
#define VG_TOKF_GENERIC 0x08u  /* company, trading, group, international ... (orgs) */
#define VG_TOKF_JOINED 0x10u   /* made by joining a particle to the next word */
#define VG_TOKF_INITIAL 0x20u  /* a single letter */
#define VG_TOKF_ACRONYM 0x40u  /* an organisation's initials made by the index (matched exactly) */
#define VG_TOKF_HYPHEN 0x80u   /* hyphenated to the next token (Seit-Umarovich, Jong-Un) */

/* One token: a view into vg_name_norm.buf. */
typedef struct vg_token {
    uint32_t off; /* byte offset of the token text in buf */
    uint16_t len;
    uint16_t flags; /* VG_TOKF_* */
} vg_token;

#define VG_NAME_MAX_TOKENS 32

/* A normalised name. `buf` holds the folded Latin text: lower-case ASCII
 * letters and digits, tokens separated by one space. `tokens` lists the
 * tokens in order. `script` is the vg_script (see model.h) of the input.
 * Plain value; storage inside. */
typedef struct vg_name_norm {
    char buf[512];
    size_t len;
    vg_token tokens[VG_NAME_MAX_TOKENS];
    size_t n_tokens;
    int script;       /* vg_script of the input */
    bool translit;    /* a non-Latin script was transliterated */
    bool truncated;   /* input longer than buf or more than VG_NAME_MAX_TOKENS tokens */
} vg_name_norm;

/* Name normalisation flags. */
#define VG_NORM_ORG 0x01u /* the name is an organisation: mark legal forms, generic words */

/* Normalises a name: UTF-8 validation, NFKC, case folding, marks stripped,
 * non-Latin scripts transliterated to Latin (ICU plus vigil's own rules),
 * Latin letters reduced to ASCII (ä->ae, ß->ss, ø->oe ...), apostrophes and
 * similar removed, other punctuation a separator, particles (al-, el-, ad-,
 * ash- ...) split off and marked, "abd al rahman" / "abdul rahman" /
 * "abdelrahman" all given the same token form "abdulrahman" (joined,
 * VG_TOKF_JOINED), titles marked. `in` is borrowed. Returns VG_EUTF8 for
 * invalid UTF-8, VG_EEMPTY when no letter or digit remains, VG_ENOMEM;
 * also VG_ELIMIT (more than VG_LIMIT_NAME = 4096 bytes), VG_EINVAL (t or
 * out NULL) and VG_EINTERNAL (ICU unavailable). `out` is always reset, so
 * it holds no tokens after an error. See src/text/README.md for the rules. */
VG_API vg_status vg_text_name(vg_text *t, vg_str in, unsigned flags, vg_name_norm *out);

/* Returns token i of n as a slice (borrowed from n). */
static inline vg_str vg_name_token(const vg_name_norm *n, size_t i)
{
    return (vg_str){n->buf + n->tokens[i].off, n->tokens[i].len};
}

/* Writes the consonant skeleton of an ASCII token: the first letter kept
 * (vowel or not), then vowels (a e i o u y w when used as vowels) dropped,
 * doubled letters collapsed, transliteration alternations folded
 * (kh->h, gh->g, q->k, dj->j, dh/th->z/t as documented, ph->f, ou->u ...).
 * "mohammed", "muhammad", "mohamed", "mhmd" share one skeleton. NUL-
 * terminated; returns its length (at most cap - 1). Thread-safe. */
VG_API size_t vg_text_skeleton(vg_str token, char *out, size_t cap);

/* Writes a phonetic key of an ASCII token that keeps vowel classes but
 * folds the usual Latin transliteration alternations (ou/u, ee/i, y/i,
 * final -ah/-a, kh/h, q/k, dj/j, ph/f, doubled letters ...). Two spellings
 * of one name share it more often than their bytes, less often than their
 * skeletons. Returns its length. Thread-safe. */
VG_API size_t vg_text_phonetic(vg_str token, char *out, size_t cap);

/* Similarity of two ASCII tokens in [0,1]: Jaro-Winkler style, with
 * transpositions. Thread-safe. */
VG_API double vg_text_jw(vg_str a, vg_str b);

/* Damerau-Levenshtein (optimal string alignment) distance of two ASCII
 * tokens, stopping early above `max` (returns max + 1 then). Thread-safe. */
VG_API int vg_text_edit_distance(vg_str a, vg_str b, int max);

#ifdef __cplusplus
}
#endif

#endif
