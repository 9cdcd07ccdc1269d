/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface of the text module: the vg_text handle, the folded
 * Latin stream the script handlers write into, and the entry points shared
 * by norm.c (Unicode fold), translit.c (script rules, ICU) and tokens.c
 * (tokens, particles, compounds). */
#ifndef VG_TEXT_INTERNAL_H
#define VG_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/utrans.h>

#include "base/vg_base.h"
#include "vigil/text.h"

/* The folded stream: lower-case ASCII letters and digits, and separator
 * bytes. Anything past VG__LAT_CAP could never reach vg_name_norm.buf (512
 * bytes), so the stream stops there and the name is marked truncated. */
#define VG__LAT_CAP 2048u
/* Most raw tokens looked at; a name keeps at most VG_NAME_MAX_TOKENS, and a
 * compound consumes at most three raw tokens. */
#define VG__RAW_MAX 128u
/* Largest code point buffer (NFKC can expand a code point 18-fold). */
#define VG__CPS_LIMIT (VG_LIMIT_NAME * 18u + 64u)
/* Largest ICU buffer (UTF-16 units). */
#define VG__U16_LIMIT (VG__LAT_CAP * 8u)

/* Separator bytes in the stream. A run of separators is merged into one:
 * a hyphen wins (it marks "ash-Shammari"), otherwise two different kinds
 * give a plain space (so "J. Smith" is not an acronym). */
#define VG__SEP_SPACE ' '
#define VG__SEP_HYPHEN '-'
#define VG__SEP_DOT '.'
#define VG__SEP_SLASH '/'

/* Letter groups: a change of group between two letters inserts a
 * separator, so "Muhammadمحمد" gives two tokens. */
enum {
    VG__G_NONE = 0,
    VG__G_LATIN,
    VG__G_ARABIC,
    VG__G_CYRILLIC,
    VG__G_HANGUL,
    VG__G_HAN,
    VG__G_OTHER
};

/* A raw token: a view into the stream, before particles and compounds. */
typedef struct vg__rawtok {
    uint32_t off;
    uint16_t len;
    char sep; /* separator that followed it (0 at the end) */
} vg__rawtok;

struct vg_text {
    vg_allocator alloc;

    /* Code points after NFKC + case fold (non-ASCII names only). */
    int32_t *cps;
    size_t cps_cap;
    /* ICU work buffer (UTF-16). */
    UChar *u16;
    size_t u16_cap;
    /* Transliterators, created on the first name that needs them. */
    UTransliterator *icu_any; /* "Any-Latin; Latin-ASCII" */
    UTransliterator *icu_han; /* "Han-Latin/Names; Latin-ASCII" */

    /* Per-call state. */
    char lat[VG__LAT_CAP];
    size_t lat_len;
    bool lat_full;
    int group;         /* VG__G_* of the last letter written */
    unsigned scripts;  /* bit (1 << vg_script) per script of input letters */
    bool translit;     /* a non-Latin letter was transliterated */
    bool hangul_seen;  /* a Hangul word was written (surname rule) */
    int cyr_mode;      /* 0 unknown, 1 Russian-like, 2 Ukrainian/Belarusian */

    vg__rawtok raw[VG__RAW_MAX];
    size_t n_raw;
    bool raw_full;
};

/* ---- stream writers (inline: the hot path) ---------------------------- */

static inline bool vg__lat_is_sep(char c)
{
    return c == VG__SEP_SPACE || c == VG__SEP_HYPHEN || c == VG__SEP_DOT || c == VG__SEP_SLASH;
}

static inline void vg__lat_putc(vg_text *t, char c)
{
    if (t->lat_len < VG__LAT_CAP)
        t->lat[t->lat_len++] = c;
    else
        t->lat_full = true;
}

static inline void vg__lat_put(vg_text *t, const char *s, size_t n)
{
    if (n > VG__LAT_CAP - t->lat_len) {
        n = VG__LAT_CAP - t->lat_len;
        t->lat_full = true;
    }
    memcpy(t->lat + t->lat_len, s, n);
    t->lat_len += n;
}

/* Writes a separator of kind `k`, merging it with a separator before it. */
static inline void vg__lat_sep(vg_text *t, char k)
{
    if (t->lat_len == 0)
        return;
    char *last = &t->lat[t->lat_len - 1];
    if (vg__lat_is_sep(*last)) {
        if (*last != k)
            *last = (*last == VG__SEP_HYPHEN || k == VG__SEP_HYPHEN) ? VG__SEP_HYPHEN : VG__SEP_SPACE;
        return;
    }
    vg__lat_putc(t, k);
}

/* Notes that a letter of group `g` is about to be written; inserts a
 * separator when the group changes inside a word. */
static inline void vg__lat_group(vg_text *t, int g)
{
    if (t->group != g && t->group != VG__G_NONE && t->lat_len && !vg__lat_is_sep(t->lat[t->lat_len - 1]))
        vg__lat_sep(t, VG__SEP_SPACE);
    t->group = g;
}

/* ---- norm.c ----------------------------------------------------------- */

/* Writes the ASCII folding of one non-ASCII Latin letter `c` (already case
 * folded and composed) to the stream. Returns false when `c` has no
 * folding of its own (the caller then asks ICU). */
bool vg__latin_fold(vg_text *t, int32_t c);

/* Handles one ASCII code point of Latin text (letter, digit, punctuation). */
void vg__ascii_cp(vg_text *t, int32_t c);

/* ---- translit.c ------------------------------------------------------- */

/* Vowel/consonant helpers on ASCII shared with tokens.c and keys.c. */
static inline bool vg__is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Arabic-script word (letters, marks, digits, tatweel; no separators):
 * writes its Latin form, splitting the article al- off as a token. */
void vg__translit_arabic(vg_text *t, const int32_t *cp, size_t n);

/* True when `c` is a Cyrillic letter vigil's own table covers. */
bool vg__cyrillic_known(int32_t c);

/* One Cyrillic letter. `homoglyph`: the word also has Latin letters, so
 * look-alikes (р, с, о ...) are read as the Latin letters they imitate. */
void vg__translit_cyrillic(vg_text *t, int32_t c, bool homoglyph);

/* A run of Hangul syllables: one token per syllable, Revised
 * Romanisation, common surnames in their usual spelling. */
void vg__translit_hangul(vg_text *t, const int32_t *cp, size_t n);

/* A run of code points handed to ICU ("Any-Latin; Latin-ASCII", or
 * "Han-Latin/Names; Latin-ASCII" for Han, read from the build-time Han
 * table when it covers the run: the same output). Han syllables are
 * regrouped (surname, given name). Returns VG_ENOMEM, VG_ELIMIT, or
 * VG_EINTERNAL when ICU cannot open. Not thread-safe on one handle. */
vg_status vg__translit_icu(vg_text *t, const int32_t *cp, size_t n, bool han);
/* The same, always through ICU (tests compare it with the Han table). */
vg_status vg__translit_icu_only(vg_text *t, const int32_t *cp, size_t n, bool han);

/* vg_text_phonetic(token, phon, phon_cap) and vg_text_skeleton(token,
 * skel, skel_cap) in one pass (the same outputs): returns the phonetic
 * key's length and sets *skel_len. Thread-safe. */
size_t vg__text_keys(vg_str token, char *phon, size_t phon_cap, char *skel, size_t skel_cap,
                     size_t *skel_len);

void vg__translit_free(vg_text *t);

/* ---- tokens.c --------------------------------------------------------- */

/* Splits the stream into raw tokens, then writes `out` (particles,
 * compounds, flags). */
vg_status vg__tokens_build(vg_text *t, unsigned flags, vg_name_norm *out);

/* Whether a folded word is one an organisation's initials skip (of, and,
 * the, for, de, y ...: LIBYAN ISLAMIC FIGHTING GROUP is LIFG, ISLAMIC STATE
 * OF IRAQ AND THE LEVANT is ISIL). Thread-safe. */
bool vg__text_initials_skip(vg_str w);

/* Whether a folded word tells which of a family's persons a name is (Jr,
 * Sr, II, III, IV): the normaliser marks it a title in a person's name
 * only, and a query read as a company's keeps it as a word. Thread-safe. */
bool vg__text_generation(vg_str w);

/* The concept of a folded word of an organisation's name in another
 * language, or of the English word itself (sherkat, kompaniya, company: the
 * concept "company"; kashtirani: "shipping"): an id below
 * VG_ORG_CONCEPTS_MAX, or -1 when the glossary has none. Two words of one
 * concept are the same word in two languages. Thread-safe. */
#define VG_ORG_CONCEPTS_MAX 200
int vg__text_org_concept(vg_str w);

/* Whether glossary concept c (vg__text_org_concept) is a business word or
 * legal form: its English word is one in the lexicon (company, industries,
 * trade: the concepts of sherkat, sanaye, tejarat). Thread-safe. */
bool vg__text_org_business(int c);

/* Concept c's English word (static), NULL for no concept. Thread-safe. */
const char *vg__text_org_concept_name(int c);

/* Spelling i of the glossary in *w (static) and its concept; -1 past the
 * last (to read a word from another script against every spelling).
 * Thread-safe. */
int vg__text_org_word(size_t i, vg_str *w);

/* 0 when the glossary's spellings and stems are sorted and unique, else
 * the index of the first out of order. A test's check (the number of
 * concepts is checked when org_words.c is compiled). */
long vg__text_org_concepts_check(void);

/* The group of a Russian, Ukrainian or Belarusian given name in any of
 * its languages' forms and romanisations (VOLODYMYR, ULADZIMIR and
 * VLADIMIR are one; SERHII and SERGEY), or of a patronymic made of one
 * (VOLODYMYROVYCH and VLADIMIROVICH; IVANAUNA and IVANOVNA; a son's and a
 * daughter's differ): a number in [1, VG_GIVEN_GROUPS_MAX], or 0 for any
 * other word. w is folded (lower-case ASCII). Thread-safe. */
#define VG_GIVEN_GROUPS_MAX 255
int vg__text_given_group(vg_str w);

/* The common Russian romanisation of group g's name (static), NULL for
 * none. Thread-safe. */
const char *vg__text_given_canon(int g);

/* 0 when the given names' spellings are sorted and unique, else the index
 * of the first out of order. A test's check. */
long vg__text_given_names_check(void);

/* Whether w is one romanised Korean or Chinese syllable (an onset, one to
 * three vowels or glides, an ending n, ng, m, l, k, p, t or r): KIM, CHONG,
 * HYONG, CHOE; not HWAHAK or KANG-IL joined. When it is, writes its form
 * folded across McCune-Reischauer / Revised Romanization and Wade-Giles /
 * pinyin (JONG -> chong, SEONG -> song, XIAO -> hsiao) to out (cap at least
 * 12 bytes). Pure; thread-safe. */
bool vg__text_cjk_syllable(vg_str w, char *out, size_t cap);

/* Returns the index of the first lexicon entry out of order, or -1 when
 * the lexicon is sorted (checked by the unit tests). */
long vg__text_lexicon_check(void);

#endif
