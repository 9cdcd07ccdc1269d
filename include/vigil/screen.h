/* SPDX-License-Identifier: Apache-2.0 */
/* Screening: an immutable candidate index built from loaded lists, and a
 * per-thread screener that ranks list entities for one query and explains
 * every match. */
#ifndef VIGIL_SCREEN_H
#define VIGIL_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/base.h"
#include "vigil/lists.h"
#include "vigil/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Index                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct vg_index vg_index;

/* Builds an index over every entity of `lists[0..n)`. The lists are
 * borrowed and must outlive the index. `a` may be NULL. On success *out is
 * owned by the caller (vg_index_free()). The index is immutable after build:
 * any number of threads may screen against it at once. */
VG_API vg_status vg_index_build(vg_list *const *lists, size_t n, const vg_allocator *a,
                                vg_index **out, vg_err *err);

/* Frees the index; NULL is a no-op. Screeners made from it must be freed
 * first. */
VG_API void vg_index_free(vg_index *ix);

/* Number of entities / distinct name tokens / bytes held. Thread-safe. */
VG_API size_t vg_index_entities(const vg_index *ix);
VG_API size_t vg_index_tokens(const vg_index *ix);
VG_API size_t vg_index_bytes(const vg_index *ix);

/* ------------------------------------------------------------------------ */
/* Queries and results                                                      */
/* ------------------------------------------------------------------------ */

#define VG_QUERY_MAX_DOCS 4

typedef struct vg_query_doc {
    vg_str number;  /* as read; normalised internally */
    char country[3]; /* ISO alpha-2 issuing country, "" when unknown */
} vg_query_doc;

/* One person or organisation to screen. All slices are borrowed for the
 * duration of vg_screen(). Fields left zero are "unknown" and never count
 * as evidence either way. */
typedef struct vg_query {
    vg_str name;       /* full name, any script, any token order */
    vg_str first_name; /* given names (used with last_name when name is empty) */
    vg_str last_name;
    vg_date birth_date;  /* year 0 = unknown */
    char nationality[3]; /* ISO alpha-2 or "" */
    vg_gender gender;
    vg_query_doc docs[VG_QUERY_MAX_DOCS];
    size_t n_docs;
    int kind; /* -1 any (default when 0-initialised? no: set explicitly), else vg_kind */
} vg_query;

/* Initialises a query to "nothing known, any kind". */
VG_API void vg_query_init(vg_query *q);

typedef enum vg_cmp_method {
    VG_CMP_EXACT = 0,   /* same token */
    VG_CMP_VARIANT,     /* same phonetic key: a known transliteration variant */
    VG_CMP_SKELETON,    /* same consonant skeleton */
    VG_CMP_EDIT,        /* small edit distance */
    VG_CMP_JOINED,      /* one token equals two joined tokens of the other side */
    VG_CMP_INITIAL,     /* an initial against a name */
    VG_CMP_NONE,        /* unmatched */
    VG_CMP_PREFIX,      /* the start of the list token: a name cut at the
                         * length a passport's machine-readable zone holds */
    VG_CMP_ACRONYM,     /* an organisation's initials against the words they
                         * spell (DTO / drug trafficking organization) */
    VG_CMP_TRANSLATION, /* one word of an organisation's name in two
                         * languages (sherkat / company) */
} vg_cmp_method;

/* One aligned token pair (or an unmatched token, method VG_CMP_NONE with
 * the other side empty). Strings are owned by the screener. */
typedef struct vg_token_pair {
    const char *query; /* "" when a list token is unmatched */
    const char *list;  /* "" when a query token is unmatched */
    vg_cmp_method method;
    float similarity; /* [0,1] */
    float weight;     /* rarity weight of the pair */
} vg_token_pair;

typedef enum vg_evidence_kind {
    VG_EV_BIRTH_DATE = 0,
    VG_EV_NATIONALITY,
    VG_EV_GENDER,
    VG_EV_DOCUMENT,
    VG_EV_LINKED, /* reported as the same entity as an alert in another list
                   * (list: that entity's id) */
} vg_evidence_kind;

typedef struct vg_evidence {
    vg_evidence_kind kind;
    const char *query; /* query value as text */
    const char *list;  /* closest list value as text */
    const char *verdict; /* "agrees", "close", "contradicts", "differs", "same number" ... */
    float effect;        /* score after minus score before */
} vg_evidence;

#define VG_EXPLAIN_MAX_PAIRS 48
#define VG_EXPLAIN_MAX_EVIDENCE 8

typedef struct vg_explanation {
    const vg_name *name; /* the list name that matched best (borrowed from the list) */
    float name_score;    /* score of the name alone */
    vg_token_pair pairs[VG_EXPLAIN_MAX_PAIRS];
    size_t n_pairs;
    vg_evidence evidence[VG_EXPLAIN_MAX_EVIDENCE];
    size_t n_evidence;
} vg_explanation;

typedef struct vg_match {
    const vg_entity *entity; /* borrowed from the list */
    float score;             /* [0,1], see vg_screen() */
    bool alert;              /* score >= threshold */
    vg_explanation explain;  /* filled for alerts, or all with explain_all; else empty
                              * (name NULL, counts 0; the arrays are not cleared) */
} vg_match;

#define VG_MAX_MATCHES 10

typedef struct vg_result {
    vg_match matches[VG_MAX_MATCHES]; /* best first */
    size_t n_matches;
    size_t candidates; /* entities scored */
} vg_result;

/* Default alert threshold. */
#define VG_DEFAULT_THRESHOLD 0.80f
/* Default match threshold of a pairwise comparison (vg_compare_names): two
 * names alone, without the lists' rarity or any evidence, read as the same
 * entity's from here (bench/compare: F1 flat from 0.60 to 0.70, precision
 * rising with it; the higher end is kept). */
#define VG_COMPARE_THRESHOLD 0.70f

typedef struct vg_screen_opts {
    float threshold;  /* alert at or above; 0 means VG_DEFAULT_THRESHOLD */
    size_t limit;     /* matches returned, <= VG_MAX_MATCHES; 0 means 10 */
    bool exhaustive;  /* score every entity instead of the indexed candidates */
    size_t max_candidates; /* 0: the default cap (see vg_limits.h) */
    bool explain_all; /* explanations for every match, not only alerts */
    bool explain_none; /* no explanation at all, not even for alerts (overrides
                        * explain_all): the caller picks the matches it shows
                        * and explains those with vg_screen_explain() */
} vg_screen_opts;

/* ------------------------------------------------------------------------ */
/* Screener                                                                 */
/* ------------------------------------------------------------------------ */

/* Per-thread screening state (normaliser, scratch, and caches kept across
 * queries: token similarities, abjad folds of list tokens, each token's
 * last similarity row; results do not depend on them). Borrow
 * `ix`, which must outlive it. NOT thread-safe: one per thread. Free with
 * vg_screener_free(). */
typedef struct vg_screener vg_screener;

VG_API vg_status vg_screener_new(const vg_index *ix, vg_screener **out);
VG_API void vg_screener_free(vg_screener *s);

/* Screens one query. `out` is filled with up to opts->limit matches, best
 * first; its strings stay valid until the next call on `s`.
 *
 * The score is in [0,1]. The name part measures how much of the rarity-
 * weighted information of the query name and of the best list name are
 * accounted for by aligned tokens (unmatched query tokens cost fully,
 * unmatched list tokens partly: passports carry fewer names than lists).
 * Evidence then moves it: a birth year more than 2 years from every listed
 * date contradicts and pulls the score far below the threshold; agreement
 * raises it; nationality and gender act likewise, more weakly; the same
 * document number from the same country makes it near-certain. A missing
 * attribute on either side is never evidence. At the default threshold 0.80
 * an alert means "a person should look at this".
 *
 * Returns VG_EUTF8 (invalid UTF-8 in a name), VG_EEMPTY (no name), VG_ELIMIT
 * (name too long), VG_EINVAL (impossible birth date), VG_ENOMEM; `err`
 * (may be NULL) names the field. */
VG_API vg_status vg_screen(vg_screener *s, const vg_query *q, const vg_screen_opts *opts,
                           vg_result *out, vg_err *err);

/* Fills res->matches[i].explain exactly as vg_screen() would have, for a
 * match it left unexplained (opts->explain_none, or neither an alert nor
 * explain_all). `q` and `res` must be the query and result of the last
 * call on `s`, which must have been vg_screen() returning VG_OK; the
 * explanation's strings stay valid until the next vg_screen() or
 * vg_compare_names() on `s`. Costs about one more scoring of that entity.
 * Returns VG_EINVAL when i is not a match of that call (or another call on
 * `s` came in between). NOT thread-safe, like every call on `s`. */
VG_API vg_status vg_screen_explain(vg_screener *s, const vg_query *q, vg_result *res, size_t i);

/* Scores two names against each other with the same name scorer, for
 * deduplication and pairwise checks. `kind` is the vg_kind both are assumed
 * to be (person or organisation rules). A side holding several names
 * separated by ';' outside parentheses ("Javad Rahigi; Jawad Rahiqi", as
 * lists write them) scores by its best-matching name. Symmetric: (a, b)
 * and (b, a) score the same (the better of the scorer's two readings, each
 * side taken once as the list's). The lists of `s`'s index serve only to
 * tell common names from rare ones: a person's name partly matched on
 * common words scores low (an index of no list: never). Returns the score
 * in *score. NOT thread-safe, like every call on `s`. */
VG_API vg_status vg_compare_names(vg_screener *s, vg_str a, vg_str b, vg_kind kind,
                                  float *score, vg_err *err);

/* How a pairwise comparison came to its score: the names of each side
 * that scored (a side holding several names: its best-matching one) and
 * their words aligned. */
typedef struct vg_compare_detail {
    vg_str a, b; /* the names compared, slices of the arguments (borrowed) */
    /* .query is a's word, .list b's ("" for a word the other side lacks);
     * method and similarity as in a screening explanation; weight is what
     * the word counts in the score (pairwise: by its place and kind, not
     * the lists' rarity) */
    vg_token_pair pairs[VG_EXPLAIN_MAX_PAIRS];
    size_t n_pairs;
} vg_compare_detail;

/* vg_compare_names(), and when `d` is not NULL its detail: the same score,
 * and the words of the better reading aligned (one more scoring of that
 * pair). The words' strings belong to `s` and stay valid until the next
 * call on it. NOT thread-safe, like every call on `s`. */
VG_API vg_status vg_compare_names_explain(vg_screener *s, vg_str a, vg_str b, vg_kind kind,
                                          float *score, vg_compare_detail *d, vg_err *err);

/* Name of a comparison method ("exact", "variant" ...). Static string. */
VG_API const char *vg_cmp_method_name(vg_cmp_method m);

#ifdef __cplusplus
}
#endif

#endif
