/* SPDX-License-Identifier: Apache-2.0 */
/* The scorer: candidate retrieval through the index, rarity-weighted token
 * alignment between the query name and each list name, then evidence (birth
 * date, nationality, gender, documents), with an explanation per match. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "index/vg_index.h"
#include "model/vg_model.h"
#include "text/vg_text.h"

#define REL_SLOTS 8192u         /* per-query (query token, list token) relations */
#define REL_MAX_FILL (REL_SLOTS / 2)
#define BUCKET_CAP 400u         /* largest key bucket expanded per query token */
#define DEFAULT_CANDIDATES 24u
#define SLIP_BONUS 0.08f /* one edit shaped like a typing or reading slip */
#define UNKNOWN_SLIP_BONUS 0.10f /* ... in a query word the lists never use */
#define UNKNOWN_SLIP2_BONUS 0.08f /* two edits in such a word of 7 letters or more */
#define MAX_QTOK (VG_NAME_MAX_TOKENS * 2)
/* qtok.flags beyond the public VG_TOKF_* bits: a query word's English
 * (translation_tokens) */
#define QTOK_TRANSLATED 0x100u
#define MRZ_NAME_CHARS 39 /* name field of a passport's (TD3) MRZ */
#define MRZ_NAME_READ 36  /* the shortest a cut name reads back (spaces for <<, < ) */
#define MRZ_PREFIX_SIM 0.85f
#define TRANSLATION_SIM 0.90f /* one word of a company's name in two languages */
#define ONE_WORD_NEAR 0.90f   /* see score_name: a company's one word, near */

typedef struct qtok {
    char s[VG_KEY_MAX + 1];
    uint16_t len;
    uint16_t flags;
    uint32_t id;         /* vocabulary id or NONE */
    uint32_t phon, skel; /* key ids or NONE */
    char phon_s[VG_KEY_MAX + 8], skel_s[VG_KEY_MAX + 8];
    uint16_t phon_len, skel_len;
    float w;
    uint32_t mask;
    uint8_t given; /* vg__text_given_group, 0 for none */
    int8_t pair; /* -1: a real token; else this joins real tokens pair and pair+1 */
    uint32_t cover; /* the real tokens it stands for (bit per token) */
    /* indexed path, set once per query for relate_entry: a Latin-script
     * query word no list writes (unknown), and whether its similarities
     * are remembered across queries (memo) */
    bool unknown, memo;
    int16_t ab_len;            /* length of ab, or -1 until pair_sim needs it */
    uint32_t ab_key;           /* abjad_key of ab, once ab_len is set */
    char ab[VG_KEY_MAX + 1];   /* the token through abjad_fold */
} qtok;

/* A remembered token similarity: vocabulary id + 1 of the query token (0:
 * empty), list token id, and what tok_sim said. */
typedef struct sim_memo {
    uint32_t qk;
    uint32_t tok;
    float sim;
    uint8_t method;
    bool skel_eq;
} sim_memo;

#ifndef SIM_MEMO_SLOTS
#define SIM_MEMO_SLOTS 65536u /* direct-mapped, 16 bytes each (1 MiB) */
#endif

typedef struct rel {
    uint32_t key_hi; /* query token index + 1 (0 = empty slot) */
    uint32_t tok;
    float sim;
    uint8_t method;
    bool skel_eq;
} rel;

/* Per vocabulary-token hash (11 bits), the query tokens that may have a
 * relation with a token of that hash: most pairs the scorer asks about have
 * none, and a clear bit says so without probing the relation table. Kept
 * by hash rather than by query token so that a row (one list token against
 * every query token) reads one word. */
#define RELQ_SLOTS 2048u

#define ROW_CAP 1024u
#define ROW_NONE UINT32_MAX

/* A row holds what score_name pairs from one list token (or join): for a
 * query title the similarity as compared, for another query token the
 * similarity after the initials rule; `live` has bit qi set when query
 * token qi makes a candidate pair with it. Only the entries of live query
 * tokens are written: a query token that is no title and not live has no
 * similarity (0, VG_CMP_NONE). */
typedef struct sim_row {
    float sim[MAX_QTOK];
    uint8_t m[MAX_QTOK];
    uint64_t live;
} sim_row;

/* Most entities a query word may name and still be read as a company's
 * initials */
#define INITIALS_MAX_DF 3

/* Explained acronym pairs per match, and the room for the words each spells */
#define RUN_TEXTS 2
#define RUN_TEXT_LEN 128

typedef struct ev_text {
    char q[96], l[96];
} ev_text;

/* Retrieval's state of one entity, in one place: a posting visits all of
 * it, and four parallel arrays cost four cache lines per visit. */
#define SEEN_BIT 0x80000000u
typedef struct ent_acc {
    float acc;       /* retrieval score */
    float qbest;     /* best gain for query token qstamp */
    uint32_t qstamp; /* query token qbest is for, or UINT32_MAX */
    uint32_t seen;   /* touched by this query (SEEN_BIT, cleared after it),
                        and which of the first 31 query words it holds */
} ent_acc;

/* A glossary spelling through abjad_fold (tok_concept). */
typedef struct gl_fold {
    uint32_t key; /* abjad_key */
    int16_t concept;
    uint8_t len;
    bool e_end; /* e_ending */
    char f[VG_KEY_MAX + 1];
} gl_fold;

struct vg_screener {
    const vg_index *ix;
    vg_allocator alloc;
    vg_text *text;
    ent_acc *ea; /* per entity, retrieval's accumulators */
    uint32_t *touched;
    size_t n_touched;
    rel *rels;
    size_t n_rels;
    sim_memo *memo; /* kept across queries: the index does not change */
    uint32_t lf_tok;          /* list token id + 1 whose abjad fold is lf (0: none) */
    size_t lf_len;
    char lf[VG_KEY_MAX + 1];
    /* abjad folds of vocabulary tokens, each made once (a token recurs
     * across rows and queries): vocabulary token -> offset + 1 in folds
     * of its length byte, followed by its abjad_key (4 bytes) and letters,
     * 0 until made; allocated at the
     * first abjad comparison, sized for every token (a fold is never
     * longer than its token) */
    uint32_t *fold_at;
    char *folds;
    size_t n_folds, c_folds;
    bool folds_failed; /* could not allocate: fold into lf each time */
    uint32_t *rel_order; /* slots in insertion order (grouped by query token) */
    uint64_t relq[RELQ_SLOTS]; /* relbit_of(tok) -> query tokens (bit qi) */
    sim_row *rows;       /* per-query cache of list-token rows */
    uint32_t *row_keys;
    size_t n_rows;
    /* vocabulary token -> index of the row last made for it, in this query
     * or an earlier one: this query's when that row's key holds the token;
     * row_prev links it to the token's earlier rows of this query (other
     * keys), ending at ROW_NONE */
    uint32_t *tok_row;
    uint32_t *row_prev;
    sim_row no_row; /* no token: pairs with nothing (live 0) */
    qtok q[MAX_QTOK];
    size_t nq, nq_real;
    bool plain_any;  /* some query token is not a title (rows are made for it) */
    bool plain_real; /* some real (not joined) query token is not a title */
    /* query tokens by kind (bit qi), for building rows a word at a time */
    uint64_t m_all;   /* every query token */
    uint64_t m_title; /* titles */
    uint64_t m_join;  /* joins (pair >= 0) */
    uint64_t m_plain; /* real tokens that are no title */
    uint64_t m_len1;  /* ... of one letter */
    uint32_t m_initials; /* real tokens that may be a company's initials */
    uint32_t initials_pairs[26]; /* [first letter] their second letters */
    /* real tokens that may be an abbreviation of syllables (four to ABBREV_MAX
     * letters), and [first letter] their second letters */
    uint32_t m_abbrev;
    uint32_t abbrev_pairs[26];
    /* [first letter of a real query word] its second letter, for list
     * abbreviations of syllables */
    uint32_t q_heads[26];
    /* [first letter of a real query word] first letters of the next word
     * (or of the one after a short word), for list initials */
    uint32_t q_bigrams[26];
    /* a row's filter (pair_filter) finds most pairs far by length alone:
     * near_len[across][L] has bit qi set when query token qi is no join
     * and its length is within 2 (across scripts 4) of L */
    uint64_t near_len[2][VG_KEY_MAX + 1];
    uint32_t *tok_mark; /* vocabulary token -> epoch of the last query relating it */
    uint32_t epoch;
    /* name signature (ix_name.sig) -> its score_name for the query of
     * epoch sig_mark: names that score alike are scored once per query */
    float *sig_score;
    uint32_t *sig_mark;
    bool exhaustive;
    bool q_translit;
    bool q_syllabic; /* Han, Hangul or Kana: romanised syllables */
    bool q_cut; /* as long as a passport's MRZ name: its last word may be cut */
    bool q_org;      /* the query reads as a company name */
    bool q_legal;    /* ... by a legal form of its own (LTDA, S.A., CO) */
    bool q_kind_org; /* the query was given as an organisation's (not by its words) */
    bool q_kind_person; /* ... as a person's */
    /* the glossary concept of real query token qi (tok_concept), known
     * when bit qi of q_concept_known is set; reset per query */
    int16_t q_concept[32];
    uint32_t q_concept_known;
    /* list tokens' glossary concepts (l_concept), and the glossary's
     * spellings through abjad_fold (tok_concept), made lazily */
    uint8_t *tok_concept;
    struct gl_fold *gl;
    size_t n_gl, c_gl;
    bool concepts_failed;
    /* the query's words are all romanised syllables (vg__text_cjk_syllable), and
     * their voicing-folded forms */
    bool q_cjk;
    char q_cjk_fold[32][16];
    /* the numbers the query's words start with (lead_number), up to 8 */
    long q_num[8];
    size_t n_qnum;
    vg_name_norm qn;
    ev_text evtext[VG_MAX_MATCHES][VG_EXPLAIN_MAX_EVIDENCE];
    /* an explained match's spelled-out initials (see initials_pairs) */
    char runtext[VG_MAX_MATCHES][RUN_TEXTS][RUN_TEXT_LEN];
    /* the last vg_screen()'s matches, for vg_screen_explain(); n_last is 0
     * once any other call has replaced the query state */
    uint32_t last_ent[VG_MAX_MATCHES];
    uint32_t last_link[VG_MAX_MATCHES]; /* the alert a twin was reported for, or NO_LINK */
    size_t n_last;
    /* vg_compare_names: the side read as the list's, kept here so that an
     * explanation's strings outlive the call that scored it */
    qtok cmp_l[VG_NAME_MAX_TOKENS];
    uint16_t cmp_lflags[VG_NAME_MAX_TOKENS];
};

const char *vg_cmp_method_name(vg_cmp_method m)
{
    static const char *const n[] = {"exact",   "variant", "skeleton", "edit",
                                    "joined",  "initial", "none",     "prefix",
                                    "acronym", "translation"};
    return (unsigned)m <= VG_CMP_TRANSLATION ? n[m] : "none";
}

void vg_query_init(vg_query *q)
{
    memset(q, 0, sizeof *q);
    q->kind = -1;
}

/* ---- screener lifetime ------------------------------------------------- */

vg_status vg_screener_new(const vg_index *ix, vg_screener **out)
{
    vg_status rc = VG_OK;
    *out = NULL;
    vg_screener *s = vg__calloc(&ix->alloc, sizeof *s);
    if (!s)
        return VG_ENOMEM;
    s->ix = ix;
    s->alloc = ix->alloc;
    size_t n = ix->n_ents ? ix->n_ents : 1;
    s->ea = vg__calloc(&s->alloc, n * sizeof *s->ea);
    s->touched = vg__alloc(&s->alloc, n * sizeof *s->touched);
    s->tok_mark = vg__calloc(&s->alloc, (ix->toks.n ? ix->toks.n : 1) * sizeof *s->tok_mark);
    s->rels = vg__calloc(&s->alloc, REL_SLOTS * sizeof *s->rels);
    s->memo = vg__calloc(&s->alloc, SIM_MEMO_SLOTS * sizeof *s->memo);
    s->rel_order = vg__alloc(&s->alloc, REL_SLOTS * sizeof *s->rel_order);
    s->rows = vg__alloc(&s->alloc, ROW_CAP * sizeof *s->rows);
    s->row_keys = vg__alloc(&s->alloc, ROW_CAP * sizeof *s->row_keys);
    s->row_prev = vg__alloc(&s->alloc, ROW_CAP * sizeof *s->row_prev);
    s->tok_row = vg__calloc(&s->alloc, (ix->toks.n ? ix->toks.n : 1) * sizeof *s->tok_row);
    size_t nsig = ix->n_sigs ? ix->n_sigs : 1;
    s->sig_score = vg__alloc(&s->alloc, nsig * sizeof *s->sig_score);
    s->sig_mark = vg__calloc(&s->alloc, nsig * sizeof *s->sig_mark);
    if (!s->tok_row || !s->sig_score || !s->sig_mark || !s->ea || !s->touched ||
        !s->tok_mark || !s->rels || !s->memo ||
        !s->rel_order || !s->rows || !s->row_keys || !s->row_prev) {
        rc = VG_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        s->ea[i].qstamp = UINT32_MAX;
    if ((rc = vg_text_new(&s->alloc, &s->text)))
        goto out;
    *out = s;
    s = NULL;
out:
    vg_screener_free(s);
    return rc;
}

void vg_screener_free(vg_screener *s)
{
    if (!s)
        return;
    size_t n = s->ix->n_ents ? s->ix->n_ents : 1;
    vg__free(&s->alloc, s->ea, n * sizeof *s->ea);
    vg__free(&s->alloc, s->touched, n * sizeof *s->touched);
    vg__free(&s->alloc, s->tok_mark, (s->ix->toks.n ? s->ix->toks.n : 1) * sizeof *s->tok_mark);
    vg__free(&s->alloc, s->rels, REL_SLOTS * sizeof *s->rels);
    vg__free(&s->alloc, s->memo, SIM_MEMO_SLOTS * sizeof *s->memo);
    vg__free(&s->alloc, s->rel_order, REL_SLOTS * sizeof *s->rel_order);
    vg__free(&s->alloc, s->rows, ROW_CAP * sizeof *s->rows);
    vg__free(&s->alloc, s->row_keys, ROW_CAP * sizeof *s->row_keys);
    vg__free(&s->alloc, s->row_prev, ROW_CAP * sizeof *s->row_prev);
    if (s->tok_concept)
        vg__free(&s->alloc, s->tok_concept, 2 * s->ix->toks.n);
    if (s->gl)
        vg__free(&s->alloc, s->gl, s->c_gl * sizeof *s->gl);
    if (s->fold_at) {
        vg__free(&s->alloc, s->fold_at, s->ix->toks.n * sizeof *s->fold_at);
        vg__free(&s->alloc, s->folds, s->c_folds);
    }
    vg__free(&s->alloc, s->tok_row, (s->ix->toks.n ? s->ix->toks.n : 1) * sizeof *s->tok_row);
    size_t nsig = s->ix->n_sigs ? s->ix->n_sigs : 1;
    vg__free(&s->alloc, s->sig_score, nsig * sizeof *s->sig_score);
    vg__free(&s->alloc, s->sig_mark, nsig * sizeof *s->sig_mark);
    vg_text_free(s->text);
    vg_allocator a = s->alloc;
    vg__free(&a, s, sizeof *s);
}

/* ---- token similarity -------------------------------------------------- */

/* Has x at most four bits set? The filters below ask only this: clearing
 * the lowest set bit four times is cheaper than a full count (the build
 * targets any x86-64, where __builtin_popcount without -mpopcnt is a
 * libgcc call). */
static inline bool bits_at_most4(uint32_t x)
{
    x &= x - 1;
    x &= x - 1;
    x &= x - 1;
    x &= x - 1;
    return x == 0;
}

/* Has x more than n bits set (n small; any x when n < 0)? */
static inline bool bits_over(uint32_t x, int n)
{
    for (int i = 0; i < n && x; i++)
        x &= x - 1;
    return n < 0 || x != 0;
}

/* Letters a slip turns into one another, as one bit mask per letter
 * (bit b: letter 'a' + b): neighbouring keys on a QWERTY keyboard (same
 * row, or the key below-left and below-right, the rows being offset by
 * half a key: rows qwertyuiop / asdfghjkl / zxcvbnm), and letters a
 * scanner or a tired eye confuses (o d q c g, i l j, u v y, e f c, m n h,
 * p r, b h, k x). Symmetric. */
static const uint32_t slip_masks[26] = {
    0x2450000u, 0x02020c0u, 0x0a04078u, 0x0874034u, 0x046002cu, 0x02a005cu, 0x12800a6u,
    0x1102242u, 0x0104e00u, 0x0103580u, 0x0805b00u, 0x000c500u, 0x0002600u, 0x0001282u,
    0x0018d0cu, 0x0024800u, 0x0404009u, 0x0088038u, 0x2c00019u, 0x1020060u, 0x1200380u,
    0x1100066u, 0x0050011u, 0x204040cu, 0x03800c0u, 0x0840001u};

static inline bool slip_pair(char a, char b)
{
    unsigned x = (unsigned char)a - 'a', y = (unsigned char)b - 'a';
    return x < 26 && y < 26 && ((slip_masks[x] >> y) & 1u);
}

/* Edit distance where a slip (two neighbours swapped, a neighbouring key,
 * look-alike letters, a doubled letter added or dropped) costs SLIP_COST
 * and any other edit 1: how far apart two spellings are as typing and
 * reading errors go. Tokens are short (VG_KEY_MAX). */
#define SLIP_COST 0.6f
static float slip_distance(vg_str a, vg_str b)
{
    /* called on tokens at most two edits apart: only cells within two of
     * the diagonal can lie on a cheapest path */
    enum { BAND = 2 };
    float d[VG_KEY_MAX + 1][VG_KEY_MAX + 1];
    size_t n = a.len < VG_KEY_MAX ? a.len : VG_KEY_MAX, m = b.len < VG_KEY_MAX ? b.len : VG_KEY_MAX;
    const float far = 99.0f;
    /* dropping a[i - 1], inserting b[j - 1]: a slip when the letter
     * doubles a neighbour (a cost of its position alone: made once) */
    float delc[VG_KEY_MAX + 1], insc[VG_KEY_MAX + 1];
    for (size_t i = 1; i <= n; i++) {
        char x = a.ptr[i - 1];
        delc[i] = (i > 1 && a.ptr[i - 2] == x) || (i < n && a.ptr[i] == x) ? SLIP_COST : 1.0f;
    }
    for (size_t j = 1; j <= m; j++) {
        char y = b.ptr[j - 1];
        insc[j] = (j > 1 && b.ptr[j - 2] == y) || (j < m && b.ptr[j] == y) ? SLIP_COST : 1.0f;
    }
    for (size_t i = 0; i <= n; i++) {
        size_t lo = i > BAND ? i - BAND : 0, hi = i + BAND < m ? i + BAND : m;
        if (lo > 0)
            d[i][lo - 1] = far;
        if (hi < m)
            d[i][hi + 1] = far;
        for (size_t j = lo; j <= hi; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = (float)(i + j);
                continue;
            }
            char x = a.ptr[i - 1], y = b.ptr[j - 1];
            float sub = x == y ? 0.0f : slip_pair(x, y) ? SLIP_COST : 1.0f;
            float del = delc[i], ins = insc[j];
            float v = d[i - 1][j - 1] + sub;
            /* neighbours outside the band hold `far` */
            if (d[i - 1][j] + del < v)
                v = d[i - 1][j] + del;
            if (d[i][j - 1] + ins < v)
                v = d[i][j - 1] + ins;
            if (i > 1 && j > 1 && x == b.ptr[j - 2] && a.ptr[i - 2] == y && x != y &&
                d[i - 2][j - 2] + SLIP_COST < v)
                v = d[i - 2][j - 2] + SLIP_COST;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

/* Given tokens one edit apart, tells whether the edit has the shape of a
 * typing or reading slip (two neighbouring letters swapped, a key's
 * neighbour struck, look-alike letters, a doubled letter) rather than of
 * another name. */
static bool slip_shaped(vg_str q, vg_str l)
{
    if (q.len == l.len) {
        size_t i = 0;
        while (i < q.len && q.ptr[i] == l.ptr[i])
            i++;
        if (i == q.len)
            return false;
        if (i + 1 < q.len && q.ptr[i] == l.ptr[i + 1] && q.ptr[i + 1] == l.ptr[i] &&
            memcmp(q.ptr + i + 2, l.ptr + i + 2, q.len - i - 2) == 0)
            return true; /* transposition */
        return slip_pair(q.ptr[i], l.ptr[i]);
    }
    /* a letter more or less: a doubled (or undoubled) letter */
    vg_str a = q.len > l.len ? q : l, b = q.len > l.len ? l : q;
    size_t i = 0;
    while (i < b.len && a.ptr[i] == b.ptr[i])
        i++;
    if ((i > 0 && a.ptr[i] == a.ptr[i - 1]) || (i + 1 < a.len && a.ptr[i] == a.ptr[i + 1]))
        return true;
    /* a letter dropped inside a longer word, the commonest typing slip
     * (not at either end: AHMAD / AHMADI is another name) */
    return b.len >= 5 && i > 0 && i + 1 < a.len;
}

/* An Abd compound as the normaliser writes it: abdul + name, one token. */
static inline bool is_abd_compound(vg_str t)
{
    return t.len > 5 && memcmp(t.ptr, "abdul", 5) == 0 &&
           !(t.len == 8 && memcmp(t.ptr + 5, "lah", 3) == 0); /* abdullah */
}

/* Which of a query token's strings equal the list token's (tok_sim's
 * `eq`): the indexed path knows it from the ids of interned strings,
 * without comparing bytes. */
#define EQ_TOK 1u
#define EQ_PHON 2u
#define EQ_SKEL 4u
#define EQ_GIVEN 8u /* one East Slavic name or patronymic (vg__text_given_group) */

/* Compares a query token with a list token given as strings and keys;
 * `eq` says which of the token, phonetic key and skeleton are equal (EQ_*);
 * q_unknown says the lists never use the query token (a Latin-script word,
 * not a join). Returns the similarity by Latin spelling rules and sets
 * *method; *skel_eq
 * tells whether the consonant skeletons agree, which the scorer trusts more
 * when one side was transliterated from a script without short vowels.
 * Shared by the indexed path and the pairwise comparison so that both score
 * alike. */
static inline __attribute__((always_inline)) float tok_sim(vg_str q, vg_str qphon, vg_str qskel, uint32_t qmask, vg_str l, vg_str lphon,
                     uint32_t lmask, unsigned eq, bool q_unknown, vg_cmp_method *method, bool *skel_eq)
{
    *method = VG_CMP_NONE;
    *skel_eq = qskel.len >= 2 && (eq & EQ_SKEL);
    if (eq & EQ_TOK) {
        *method = VG_CMP_EXACT;
        return 1.0f;
    }
    if (eq & EQ_GIVEN) { /* one name in two languages' forms: OLENA, YELENA */
        *method = VG_CMP_VARIANT;
        return 0.95f;
    }
    size_t minlen = q.len < l.len ? q.len : l.len;
    size_t maxlen = q.len < l.len ? l.len : q.len;
    if (minlen >= 3 && qphon.len >= 2 && (eq & EQ_PHON)) {
        *method = VG_CMP_VARIANT;
        /* short tokens leave little room for spelling variation */
        size_t room = minlen <= 4 ? 1 : 2;
        if (maxlen - minlen > room)
            return 0.80f;
        /* the same sound key over spellings that share few letters
         * (RICKEY / RICCIO, LEO / LIU) is another name as often as a
         * variant of this one */
        int sd = vg_text_edit_distance(q, l, 2); /* 3 when further */
        return sd >= 3 || (minlen <= 3 && sd >= 2) ? 0.80f : 0.95f;
    }
    float best = 0;
    /* only one edit counts under five letters, and none under three (the
     * Abd rule below only shortens minlen): the distance is then asked
     * up to one edit (2 meaning more), or not at all. A substitution
     * changes at most two letters of the letter-presence set, an insertion
     * or deletion (at least the length difference of them) one: a
     * distance within emax leaves at most 2 emax - (maxlen - minlen)
     * letters apart, and the distance is not asked otherwise. */
    int emax = minlen >= 5 ? 2 : 1;
    int ed = 3;
    if (minlen >= 3 && maxlen - minlen <= 2 &&
        !bits_over(qmask ^ lmask, 2 * emax - (int)(maxlen - minlen)))
        ed = vg_text_edit_distance(q, l, emax);
    /* two Abd compounds (abdul+name) are as close as the names that follow
     * the Abd: ABDUL ALI and ABDUL HADI are two names, however few letters
     * tell them apart */
    if (ed == 2 && is_abd_compound(q) && is_abd_compound(l))
        minlen -= 5;
    if (ed == 1 && minlen >= 3) {
        /* one slip: weak in short tokens, where it often makes another name */
        *method = VG_CMP_EDIT;
        best = minlen == 3 ? 0.60f : minlen == 4 ? 0.72f : minlen == 5 ? 0.78f
                                                          : 1.0f - 1.0f / (float)minlen;
        bool slip = slip_shaped(q, l);
        if (slip)
            best += SLIP_BONUS;
        /* a query word the lists never use, one slip or one letter more
         * or less from a listed word, is more likely that word mistyped
         * than another name: names in use are in the vocabulary */
        if (q_unknown && (slip || q.len != l.len))
            best += UNKNOWN_SLIP_BONUS; /* at most 0.95, below */
    } else if (ed == 2 && minlen >= 5) {
        *method = VG_CMP_EDIT;
        best = 1.0f - slip_distance(q, l) / (float)minlen;
        /* two slips in a long word the lists never use */
        if (q_unknown && minlen >= 7)
            best += UNKNOWN_SLIP2_BONUS;
    }
    /* an edit is never closer than a spelling variant (a long word with
     * one slip would pass 1: ABDULUDDEDINE / ABDULUDDDDINE) */
    if (best > 0.95f)
        best = 0.95f;
    if (*method == VG_CMP_EDIT && q.ptr[0] != l.ptr[0])
        best -= 0.05f; /* a different first letter is rarer as a slip */
    if (best < 0.78f && minlen >= 6 && qphon.len >= 5 &&
        !(is_abd_compound(q) && is_abd_compound(l)) &&
        vg_text_edit_distance(qphon, lphon, 1) == 1 && vg_text_edit_distance(q, l, 3) <= 3) {
        *method = VG_CMP_EDIT;
        best = 0.78f;
    }
    if (best < 0.60f && *skel_eq && qskel.len >= 3) {
        *method = VG_CMP_SKELETON;
        best = 0.60f;
    }
    return best;
}

/* ---- relation table (query token x vocabulary token) -------------------- */

static uint32_t rel_index(const vg_screener *s, uint32_t qi, uint32_t tok)
{
    uint32_t h = (uint32_t)(((uint64_t)(qi + 1) * 0x9E3779B1u) ^ (tok * 0x85EBCA77u));
    h ^= h >> 15;
    for (uint32_t k = 0;; k++) {
        uint32_t i = (h + k) & (REL_SLOTS - 1);
        const rel *r = &s->rels[i];
        if (r->key_hi == 0 || (r->key_hi == qi + 1 && r->tok == tok))
            return i;
    }
}

static uint32_t relbit_of(uint32_t tok)
{
    return (tok * 0x9E3779B1u) >> 21; /* 11 bits */
}

static bool rel_maybe(const vg_screener *s, uint32_t qi, uint32_t tok)
{
    return (s->relq[relbit_of(tok)] >> qi) & 1u;
}

static void rels_clear(vg_screener *s)
{
    /* every set bit belongs to a relation of the last query */
    rel *rels = s->rels;
    const uint32_t *order = s->rel_order;
    for (size_t i = 0, n = s->n_rels; i < n; i++) {
        rel *r = &rels[order[i]];
        s->relq[relbit_of(r->tok)] = 0;
        r->key_hi = 0;
    }
    s->n_rows = 0;
    s->n_rels = 0;
}

/* Relates query token qi to vocabulary token `tok`; returns its rel,
 * similar or not, or NULL when the table is full. `slot` is
 * rel_index(s, qi, tok) when the caller has probed, else REL_PROBE. */
#define REL_PROBE UINT32_MAX
static inline __attribute__((always_inline)) const rel *relate_entry(vg_screener *s, uint32_t qi, uint32_t tok,
                                                                     uint32_t slot)
{
    if (slot == REL_PROBE)
        slot = rel_index(s, qi, tok);
    rel *r = &s->rels[slot];
    if (r->key_hi)
        return r;
    if (s->n_rels >= REL_MAX_FILL)
        return NULL;
    const vg_index *ix = s->ix;
    const qtok *q = &s->q[qi];
    const ix_tok *t = &ix->tok[tok];
    vg_cmp_method m;
    bool skel_eq;
    float sim;
    sim_memo *c = NULL;
    if (q->memo) {
        uint32_t h = (q->id * 0x9E3779B1u) ^ (tok * 0x85EBCA77u);
        c = &s->memo[(h ^ (h >> 16)) & (SIM_MEMO_SLOTS - 1)];
        if (c->qk == q->id + 1 && c->tok == tok) {
            sim = c->sim;
            m = (vg_cmp_method)c->method;
            skel_eq = c->skel_eq;
            goto have;
        }
    }
    /* interned strings are equal when their ids are (a query key the
     * tables lack, NONE, equals no list token's) */
    unsigned eq = (q->id == tok ? EQ_TOK : 0u) |
                  (q->phon != VG_STRTAB_NONE && q->phon == t->phon ? EQ_PHON : 0u) |
                  (q->skel != VG_STRTAB_NONE && q->skel == t->skel ? EQ_SKEL : 0u) |
                  (q->given && q->given == t->given ? EQ_GIVEN : 0u);
    sim = tok_sim((vg_str){q->s, q->len}, (vg_str){q->phon_s, q->phon_len},
                  (vg_str){q->skel_s, q->skel_len}, q->mask, vg_strtab_get(&ix->toks, tok),
                  vg_strtab_get(&ix->phons, t->phon), t->mask, eq, q->unknown, &m, &skel_eq);
    if (c)
        *c = (sim_memo){q->id + 1, tok, sim, (uint8_t)m, skel_eq};
have:
    r->key_hi = qi + 1;
    r->tok = tok;
    r->sim = sim;
    r->method = (uint8_t)m;
    r->skel_eq = skel_eq;
    s->rel_order[s->n_rels++] = slot;
    s->relq[relbit_of(tok)] |= 1ull << qi;
    return r;
}

/* Records that query token qi and vocabulary token `tok`, not yet related,
 * have no similarity (what relate_entry would record after tok_sim said
 * so), unless the table is full. */
static void relate_none(vg_screener *s, uint32_t qi, uint32_t tok)
{
    uint32_t slot = rel_index(s, qi, tok);
    rel *r = &s->rels[slot];
    if (r->key_hi || s->n_rels >= REL_MAX_FILL)
        return;
    *r = (rel){qi + 1, tok, 0.0f, VG_CMP_NONE, false};
    s->rel_order[s->n_rels++] = slot;
    s->relq[relbit_of(tok)] |= 1ull << qi;
}

/* Relates query token qi to vocabulary token `tok`; returns its rel or NULL
 * (no similarity, or the table is full). */
static const rel *relate(vg_screener *s, uint32_t qi, uint32_t tok)
{
    const rel *r = relate_entry(s, qi, tok, REL_PROBE);
    return r && (r->sim > 0 || r->skel_eq) ? r : NULL;
}

/* ---- query preparation ------------------------------------------------- */

static void qtok_keys(const vg_index *ix, qtok *t)
{
    vg_str str = {t->s, t->len};
    t->mask = vg__ix_mask(str);
    t->ab_len = -1;
    if (ix) {
        uint64_t h0 = vg_strtab_hash(str);
        t->id = vg_strtab_find_h(&ix->toks, str, h0);
        if (t->id != VG_STRTAB_NONE) {
            /* a token the lists hold: the index made its keys with the
             * same functions and buffer size, so take them from there */
            const ix_tok *it = &ix->tok[t->id];
            vg_str ps = vg_strtab_get(&ix->phons, it->phon);
            vg_str ss = vg_strtab_get(&ix->skels, it->skel);
            memcpy(t->phon_s, ps.ptr, ps.len);
            t->phon_s[ps.len] = '\0';
            t->phon_len = (uint16_t)ps.len;
            memcpy(t->skel_s, ss.ptr, ss.len);
            t->skel_s[ss.len] = '\0';
            t->skel_len = (uint16_t)ss.len;
            t->phon = it->phon;
            t->skel = it->skel;
            t->w = it->w;
            t->given = it->given;
            return;
        }
        size_t sl;
        t->phon_len = (uint16_t)vg__text_keys(str, t->phon_s, sizeof t->phon_s, t->skel_s,
                                              sizeof t->skel_s, &sl);
        t->skel_len = (uint16_t)sl;
        t->given = t->pair < 0 ? (uint8_t)vg__text_given_group(str) : 0; /* no join */
        /* two independent lookups: start both memory loads first */
        vg_str ps = {t->phon_s, t->phon_len}, ss = {t->skel_s, t->skel_len};
        uint64_t h1 = vg_strtab_hash(ps), h2 = vg_strtab_hash(ss);
        vg_strtab_prefetch(&ix->phons, h1);
        vg_strtab_prefetch(&ix->skels, h2);
        t->phon = vg_strtab_find_h(&ix->phons, ps, h1);
        t->skel = vg_strtab_find_h(&ix->skels, ss, h2);
        t->w = vg__ix_weight(ix, 0, t->flags);
    } else {
        size_t sl;
        t->phon_len = (uint16_t)vg__text_keys(str, t->phon_s, sizeof t->phon_s, t->skel_s,
                                              sizeof t->skel_s, &sl);
        t->skel_len = (uint16_t)sl;
        t->id = t->phon = t->skel = VG_STRTAB_NONE;
        t->given = t->pair < 0 ? (uint8_t)vg__text_given_group(str) : 0; /* no join */
        t->w = (t->flags & VG_TOKF_TITLE) ? 0.0f
               : (t->flags & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL)) ? 0.3f
               : (t->flags & (VG_TOKF_GENERIC | VG_TOKF_INITIAL)) ? 1.0f
                                                                  : 5.0f;
    }
}

/* Does a list token lie within one edit of the join (their one-deletion
 * variants meet)? Joins shorter than eight letters are left to their
 * parts. */
static bool join_near(const vg_index *ix, const qtok *t)
{
    if (t->len < 8)
        return false;
    uint32_t ids[VG_KEY_MAX + 1];
    size_t n = vg__ix_del_ids(ix, (vg_str){t->s, t->len}, ids);
    for (size_t i = 0; i < n; i++)
        if (ids[i] != VG_STRTAB_NONE)
            return true;
    return false;
}

/* An Abd prefix left alone by the normaliser (nothing after it to join):
 * abd, abdul, abdel, abdal, abdoul, abdur ... */
static bool abd_alone(const qtok *t)
{
    return t->len >= 3 && t->len <= 6 && memcmp(t->s, "abd", 3) == 0;
}

/* A word the lists never use one slip from an Abd form (AEDUL, ABDLU):
 * an Abd the normaliser could not see. */
static bool abd_slip(const qtok *t)
{
    static const char *const forms[] = {"abdul", "abdel", "abdal", "abdoul", "abdur", "abdus"};
    if (t->id != VG_STRTAB_NONE || t->len < 4 || t->len > 7 || t->s[0] != 'a' || abd_alone(t))
        return false;
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++)
        if (vg_text_edit_distance((vg_str){t->s, t->len}, vg_str_c(forms[k]), 1) <= 1)
            return true;
    return false;
}

/* Weight of a romanised syllable the lists know only as a particle, a
 * title or a short connector (IN): a given name's, not the particle's */
#define SYLLABLE_W 5.0f

/* Makes t the compound ABDUL+x that the lists write for x ... ABD. */
static void abd_join(qtok *t, const qtok *x)
{
    memcpy(t->s, "abdul", 5);
    memcpy(t->s + 5, x->s, x->len);
    t->len = (uint16_t)(x->len + 5);
}

/* Pairwise, the other name's words stand for the lists': one of them
 * within one edit of t? */
static bool other_near(const qtok *o, size_t n, const qtok *t)
{
    for (size_t k = 0; k < n; k++)
        if (o[k].len + 1 >= t->len && t->len + 1 >= o[k].len &&
            vg_text_edit_distance((vg_str){o[k].s, o[k].len}, (vg_str){t->s, t->len}, 1) <= 1)
            return true;
    return false;
}

/* A query word the lists never use that ends one slip away from the
 * ending of a compound the normaliser writes X+aldin or X+ullah
 * (NOUREDDIHE, NOOPULLAJ, INAYWTULLHA: the slip kept the normaliser from
 * seeing the compound): respelt in that form when the lists hold it or a
 * word one edit from it, so that it can meet the listed compound.
 * `ix` the lists; pairwise (ix NULL), the other name's n_other words stand
 * for them. */
static void respell_compound(const vg_index *ix, const qtok *other, size_t n_other, qtok *t)
{
    static const struct {
        const char *s, *to;
    } ends[] = {{"uddeen", "aldin"}, {"eddeen", "aldin"}, {"aldeen", "aldin"}, {"eddine", "aldin"},
                {"uddine", "aldin"}, {"uddin", "aldin"},  {"eddin", "aldin"},  {"addin", "aldin"},
                {"aldin", "aldin"},  {"eldin", "aldin"},  {"edine", "aldin"},  {"eldeen", "aldin"},
                {"uldin", "aldin"},  {"iddin", "aldin"},  {"ullah", "ullah"},
                {"ollah", "ullah"},  {"allah", "ullah"},  {"illah", "ullah"},
                /* four letters, one slip from many a name's ending
                 * (SHOUBIN, TYURIN): pairwise only, where the other name
                 * writes the compound */
                {"udin", "aldin"},   {"edin", "aldin"}};
    if (t->len < 7 || t->len > VG_KEY_MAX)
        return;
    size_t nends = sizeof ends / sizeof ends[0] - (ix ? 2 : 0);
    for (size_t k = 0; k < nends; k++) {
        size_t sl = strlen(ends[k].s);
        if (memcmp(t->s + t->len - sl, ends[k].s, sl) == 0)
            return; /* the normaliser saw this ending (KHEIRULLAH) */
    }
    char c1 = t->s[t->len - 1], c2 = t->s[t->len - 2];
    for (size_t k = 0; k < nends; k++) {
        size_t sl = strlen(ends[k].s);
        /* one edit leaves one of the last two letters in one of the
         * ending's last two places: most words fail here, cheaply */
        char s1 = ends[k].s[sl - 1], s2 = ends[k].s[sl - 2];
        if (c1 != s1 && c1 != s2 && c2 != s1 && c2 != s2)
            continue;
        for (size_t tl = sl - 1; tl <= sl + 1; tl++) {
            if (t->len < tl + 3 || t->len - tl + 5 > VG_KEY_MAX)
                continue;
            vg_str tail = {t->s + t->len - tl, tl};
            /* one edit leaves the first or the last letter in place (in
             * strings of three letters or more): a cheap test first */
            if (tail.ptr[0] != ends[k].s[0] && tail.ptr[tl - 1] != ends[k].s[sl - 1])
                continue;
            if (vg_text_edit_distance(tail, (vg_str){ends[k].s, sl}, 1) != 1)
                continue;
            if (ix ? join_near(ix, t) : other_near(other, n_other, t))
                return; /* a listed word one edit away (ABDOLLAHY) is nearer */
            qtok c = *t;
            c.len = (uint16_t)(t->len - tl);
            memcpy(c.s + c.len, ends[k].to, 5);
            c.len += 5;
            c.s[c.len] = '\0';
            /* the keys only for the respelling kept */
            if (ix ? vg_strtab_find(&ix->toks, (vg_str){c.s, c.len}) != VG_STRTAB_NONE ||
                         join_near(ix, &c)
                   : other_near(other, n_other, &c)) {
                qtok_keys(ix, &c);
                *t = c;
                return;
            }
        }
    }
}

/* abdul + w, in the vocabulary as written? */
static bool abd_listed(const vg_index *ix, const qtok *w)
{
    char buf[VG_KEY_MAX + 8];
    if (w->len + 5 > VG_KEY_MAX)
        return false;
    memcpy(buf, "abdul", 5);
    memcpy(buf + 5, w->s, w->len);
    return vg_strtab_find(&ix->toks, (vg_str){buf, (size_t)w->len + 5}) != VG_STRTAB_NONE;
}

/* A compound abdul+X of a query whose Abd may belong to another word (a
 * shuffled name: AHMAD ABD MUHAMMED AL-TIKRITI IBRAHIM AL-SATTAR, where
 * the lists write ABD AL-SATTAR): when the lists hold no abdul+X as
 * written, write X alone and hold abdul+W for another query word W, the
 * compound is read as a lone Abd and X (the joins that follow make
 * abdul+X and abdul+W again). Runs on the real tokens, before the
 * joins. */
static void abd_unjoin(vg_screener *s, const vg_index *ix)
{
    for (size_t i = 0; i < s->nq && s->nq < VG_NAME_MAX_TOKENS; i++) {
        qtok *t = &s->q[i];
        if (!(t->flags & VG_TOKF_JOINED) || t->len < 8 || memcmp(t->s, "abdul", 5) != 0 ||
            t->id != VG_STRTAB_NONE)
            continue;
        vg_str rest = {t->s + 5, (size_t)t->len - 5};
        uint32_t id = vg_strtab_find(&ix->toks, rest);
        if (id == VG_STRTAB_NONE || !(ix->tok[id].flags & IX_TOKF_WRITTEN))
            continue;
        bool other = false;
        for (size_t k = 0; k < s->nq && !other; k++)
            other = k != i && !(s->q[k].flags & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)) &&
                    memcmp(s->q[k].s, "abd", 3) != 0 && abd_listed(ix, &s->q[k]);
        if (!other)
            continue;
        memmove(&s->q[i + 2], &s->q[i + 1], (s->nq - i - 1) * sizeof *s->q);
        s->nq++;
        qtok *u = &s->q[i + 1];
        *u = *t;
        memmove(u->s, u->s + 5, rest.len);
        u->s[rest.len] = '\0';
        u->len = (uint16_t)rest.len;
        u->flags = 0;
        qtok_keys(ix, u);
        t->len = 3;
        t->s[3] = '\0';
        t->flags = 0;
        qtok_keys(ix, t);
        for (size_t k = 0; k < s->nq; k++)
            s->q[k].cover = k < 32 ? 1u << k : 0;
        i++;
    }
}

/* Finishes the join whose letters t holds (made of real tokens `cover`,
 * marked as a join from real token `pair`): terminator, flags, keys. */
static void finish_join(const vg_index *ix, qtok *t, size_t pair, uint32_t cover)
{
    t->s[t->len] = '\0';
    t->flags = VG_TOKF_JOINED;
    t->pair = (int8_t)pair;
    t->cover = cover;
    qtok_keys(ix, t);
}

/* Whether a word can be an organisation's abbreviation: three to
 * ABBREV_MAX letters, no particle, title, legal form or business word. */
#define ABBREV_MAX 16

static bool abbrev_word(vg_str w, unsigned flags)
{
    if (w.len < 3 || w.len > ABBREV_MAX ||
        (flags & (VG_TOKF_PARTICLE | VG_TOKF_TITLE | VG_TOKF_LEGAL | VG_TOKF_GENERIC)))
        return false;
    for (size_t i = 0; i < w.len; i++)
        if (w.ptr[i] < 'a' || w.ptr[i] > 'z')
            return false;
    return true;
}

/* Whether a word can be an organisation's initials: an abbreviation of
 * three to eight letters. */
static bool initials_word(vg_str w, unsigned flags)
{
    return w.len <= 8 && abbrev_word(w, flags & ~(unsigned)(VG_TOKF_LEGAL | VG_TOKF_GENERIC));
}

/* The number a word starts with (77TH, 2005, 3RD), or -1 when it does not
 * start with a digit. */
static long lead_number(const char *w)
{
    if (*w < '0' || *w > '9')
        return -1;
    long v = 0;
    for (int k = 0; k < 9 && *w >= '0' && *w <= '9'; k++, w++)
        v = v * 10 + (*w - '0');
    return v;
}

static int q_concept(vg_screener *s, uint32_t qi);

/* A query's words of a company's name in another language (not a query
 * given as a person's: a name-only query may be a company's without a
 * legal form, SAZMANE SANAYE HAVAI): each such word's English as one more
 * query token standing for it, so that retrieval finds the names the lists
 * write in English (SIMAN SHOMAL: SHOMAL CEMENT COMPANY) and the scorer
 * pairs them as translations (QTOK_TRANSLATED). Only an English word the
 * lists use. */
static void translation_tokens(vg_screener *s, const vg_index *ix)
{
    if (!ix || s->q_kind_person)
        return;
    for (uint32_t qi = 0; qi < s->nq_real && qi < 32 && s->nq < MAX_QTOK; qi++) {
        const qtok *w = &s->q[qi];
        /* (an abjad skeleton under five letters reads as too many words) */
        if ((w->flags & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)) || (s->q_translit && w->len < 5))
            continue;
        const char *en = vg__text_org_concept_name(q_concept(s, qi));
        size_t n = en ? strlen(en) : 0;
        if (!n || n > VG_KEY_MAX || (n == w->len && memcmp(en, w->s, n) == 0))
            continue;
        qtok *t = &s->q[s->nq];
        memcpy(t->s, en, n);
        t->len = (uint16_t)n;
        finish_join(ix, t, qi, 1u << qi);
        t->flags |= QTOK_TRANSLATED;
        if (t->id != VG_STRTAB_NONE)
            s->nq++;
    }
}

/* Fills s->q from a normalised name: real tokens, then joined pairs. */
static void prepare_tokens(vg_screener *s, const vg_index *ix)
{
    const vg_name_norm *nn = &s->qn;
    s->nq = 0;
    for (size_t i = 0; i < nn->n_tokens && s->nq < VG_NAME_MAX_TOKENS; i++) {
        qtok *t = &s->q[s->nq++];
        vg_str str = vg_name_token(nn, i);
        if (str.len > VG_KEY_MAX)
            str.len = VG_KEY_MAX;
        memcpy(t->s, str.ptr, str.len);
        t->s[str.len] = '\0';
        t->len = (uint16_t)str.len;
        t->flags = nn->tokens[i].flags;
        t->pair = -1;
        t->cover = s->nq - 1 < 32 ? 1u << (s->nq - 1) : 0;
        /* a romanised Han or Hangul syllable is a name, never a particle,
         * a title or a two-letter legal form of another language (Da-bin is
         * not DA BIN, Sa I-an not IAN S.A.); legal phrases of those scripts
         * (youxian gongsi) are longer */
        const uint16_t foreign = VG_TOKF_PARTICLE | VG_TOKF_TITLE | (t->len <= 2 ? VG_TOKF_LEGAL : 0);
        if (s->q_syllabic)
            t->flags &= (uint16_t)~foreign;
        qtok_keys(ix, t);
        if (ix && t->id == VG_STRTAB_NONE && !s->qn.translit &&
            !(t->flags & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)))
            respell_compound(ix, NULL, 0, t);
        if (s->q_syllabic && ix && t->id != VG_STRTAB_NONE &&
            (ix->tok[t->id].flags & (foreign | (t->len <= 2 ? VG_TOKF_GENERIC : 0))) &&
            t->w < SYLLABLE_W)
            t->w = SYLLABLE_W;
    }
    if (ix && !s->qn.translit)
        abd_unjoin(s, ix);
    s->nq_real = s->nq;
    /* does the query read as a company (a legal form or business word, by
     * its own flags or the lists' use of the word)? once per query */
    s->q_org = s->q_legal = false;
    for (size_t qi = 0; qi < s->nq_real; qi++) {
        const qtok *q = &s->q[qi];
        /* a legal form, by its own flags or the lists' (a query not
         * given as a company's has no LEGAL flag of its own), spelt out or
         * of two letters ending a name that starts with a word (COPETE
         * S.A.; a two-letter word elsewhere may be a name's: SA, CO, TA FA
         * CA; and a passport's name is cut anywhere) */
        unsigned lf = q->flags | (ix && q->id != VG_STRTAB_NONE ? ix->tok[q->id].flags : 0u);
        s->q_legal |= (lf & VG_TOKF_LEGAL) && !(lf & VG_TOKF_PARTICLE) && !s->q_syllabic &&
                      (q->len >= 3 || (q->len == 2 && qi > 0 && qi + 1 == s->nq_real &&
                                       !s->q_cut && s->q[0].len >= 3));
        /* not by a syllable or a particle the lists use in a company's
         * name elsewhere (DE in S.A. DE C.V., SA, IN) */
        bool by_lists = ix && q->id != VG_STRTAB_NONE &&
                        (ix->tok[q->id].flags & (VG_TOKF_LEGAL | VG_TOKF_GENERIC)) &&
                        !s->q_syllabic && !(q->flags & VG_TOKF_PARTICLE);
        /* or a business word in another language (SHERKAT, SANAYE; from
         * an abjad, of five letters or more: a shorter skeleton reads as
         * too many words, jmaa as JUMA the name and JAMAA the group) */
        s->q_org |= (q->flags & (VG_TOKF_LEGAL | VG_TOKF_GENERIC)) != 0 || by_lists ||
                    (!s->q_syllabic && !(q->flags & VG_TOKF_PARTICLE) &&
                     (!s->q_translit || q->len >= 5) &&
                     vg__text_org_business(q_concept(s, (uint32_t)qi)));
    }
    /* a company's JUNIOR or II is a word of its name, not a person's
     * generation (the normaliser read the query as a person's) */
    for (size_t qi = 0; qi < s->nq_real && s->q_org; qi++)
        if ((s->q[qi].flags & VG_TOKF_TITLE) &&
            vg__text_generation((vg_str){s->q[qi].s, s->q[qi].len}))
            s->q[qi].flags &= (uint16_t)~VG_TOKF_TITLE;
    for (size_t i = 0; i + 1 < s->nq_real && s->nq < MAX_QTOK; i++) {
        const qtok *x = &s->q[i], *y = &s->q[i + 1];
        if ((x->flags | y->flags) & VG_TOKF_TITLE || x->len + y->len > VG_KEY_MAX)
            continue;
        qtok *t = &s->q[s->nq];
        if (abd_alone(y) && !abd_alone(x) && x->len + 5 <= VG_KEY_MAX) {
            /* a name before its Abd (AZIZ ABDUL, family name first): the
             * lists write the compound abdul+name */
            abd_join(t, x);
        } else if (ix && abd_slip(x) && !abd_alone(y) && y->len + 5 <= VG_KEY_MAX &&
                   !(y->flags & VG_TOKF_PARTICLE)) {
            /* an Abd mistyped (AEDUL RAHIM): the compound abdul+name */
            abd_join(t, y);
        } else {
            memcpy(t->s, x->s, x->len);
            memcpy(t->s + x->len, y->s, y->len);
            t->len = (uint16_t)(x->len + y->len);
        }
        finish_join(ix, t, i, i + 1 < 32 ? 3u << i : 0);
        /* in the index path a join matters only if the lists hold it, a
         * spelling variant of it, or a spelling one slip away (ABDUK MANAN
         * for ABDUL MANAN) */
        if (ix && t->id == VG_STRTAB_NONE && t->phon == VG_STRTAB_NONE &&
            t->skel == VG_STRTAB_NONE && !join_near(ix, t))
            continue;
        s->nq++;
    }
    /* X AL Y as one word (HUSAM AL DIM for Husam-al-Din, JIHAD-AL-DN for
     * Jihad-al-Din): the lists hold such compounds joined, and the
     * normaliser joins them only when Y is spelled as it knows (DIN) */
    for (size_t i = 0; i + 2 < s->nq_real && i + 2 < 32 && s->nq < MAX_QTOK; i++) {
        const qtok *x = &s->q[i], *al = &s->q[i + 1], *y = &s->q[i + 2];
        if (!(al->flags & VG_TOKF_PARTICLE) || al->len != 2 || memcmp(al->s, "al", 2) != 0 ||
            ((x->flags | y->flags) & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)) ||
            x->len + 2 + y->len > VG_KEY_MAX)
            continue;
        qtok *t = &s->q[s->nq];
        memcpy(t->s, x->s, x->len);
        memcpy(t->s + x->len, "al", 2);
        memcpy(t->s + x->len + 2, y->s, y->len);
        t->len = (uint16_t)(x->len + 2 + y->len);
        finish_join(ix, t, i, 7u << i);
        if (ix && t->id == VG_STRTAB_NONE && t->phon == VG_STRTAB_NONE &&
            t->skel == VG_STRTAB_NONE && !join_near(ix, t))
            continue;
        s->nq++;
    }
    /* An Abd that ends the name and a first name that is no Abd: a
     * passport's surname-first order (RAHIM MUFTI ABDUL, the MRZ's
     * SURNAME GIVEN NAMES) split the compound the lists write ABDUL RAHIM */
    size_t last = s->nq_real - 1;
    if (s->nq_real >= 3 && last < 32 && s->nq < MAX_QTOK && abd_alone(&s->q[last]) &&
        !abd_alone(&s->q[0]) && !(s->q[0].flags & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)) &&
        s->q[0].len + 5 <= VG_KEY_MAX) {
        qtok *t = &s->q[s->nq];
        abd_join(t, &s->q[0]);
        finish_join(ix, t, last, 1u | 1u << last);
        if (!ix || t->id != VG_STRTAB_NONE || t->phon != VG_STRTAB_NONE ||
            t->skel != VG_STRTAB_NONE)
            s->nq++;
    }
    /* a lone Abd elsewhere (a shuffled or surname-first name: JUMA
     * RAHMAN BARKALLA ABDEL) joins any other word into a compound the
     * lists hold as written */
    for (size_t a = 0; ix && a < s->nq_real && a < 32; a++) {
        if (!abd_alone(&s->q[a]))
            continue;
        for (size_t x = 0; x < s->nq_real && x < 32 && s->nq < MAX_QTOK; x++) {
            const qtok *w = &s->q[x];
            if (x == a || x + 1 == a || (a == s->nq_real - 1 && x == 0) || abd_alone(w) ||
                (w->flags & (VG_TOKF_TITLE | VG_TOKF_PARTICLE)) || w->len + 5 > VG_KEY_MAX)
                continue;
            qtok *t = &s->q[s->nq];
            abd_join(t, w);
            finish_join(ix, t, a, 1u << a | 1u << x);
            if (t->id != VG_STRTAB_NONE)
                s->nq++;
        }
    }
    translation_tokens(s, ix);
    s->plain_any = s->plain_real = false;
    s->m_all = s->m_title = s->m_join = s->m_plain = s->m_len1 = 0;
    s->m_initials = 0;
    s->n_qnum = 0;
    for (size_t qi = 0; qi < s->nq_real && s->n_qnum < 8; qi++) {
        long v = lead_number(s->q[qi].s);
        if (v >= 0)
            s->q_num[s->n_qnum++] = v;
    }
    /* (a query in Hangul or Han script is romanised one way, its own) */
    s->q_cjk = s->nq_real >= 2 && s->nq_real <= 32 && !s->q_syllabic;
    for (size_t qi = 0; qi < s->nq_real && s->q_cjk; qi++)
        s->q_cjk = !(s->q[qi].flags & (VG_TOKF_PARTICLE | VG_TOKF_TITLE)) &&
                   vg__text_cjk_syllable((vg_str){s->q[qi].s, s->q[qi].len}, s->q_cjk_fold[qi],
                                sizeof s->q_cjk_fold[qi]);
    memset(s->initials_pairs, 0, sizeof s->initials_pairs);
    memset(s->q_bigrams, 0, sizeof s->q_bigrams);
    s->m_abbrev = 0;
    memset(s->abbrev_pairs, 0, sizeof s->abbrev_pairs);
    memset(s->q_heads, 0, sizeof s->q_heads);
    for (size_t qi = 0; qi < s->nq_real; qi++) {
        unsigned c0 = (unsigned char)s->q[qi].s[0] - 'a';
        unsigned c1 = s->q[qi].len > 1 ? (unsigned char)s->q[qi].s[1] - 'a' : 26;
        if (c0 < 26 && c1 < 26)
            s->q_heads[c0] |= 1u << c1;
    }
    for (size_t qi = 0; qi + 1 < s->nq_real; qi++) {
        unsigned c0 = (unsigned char)s->q[qi].s[0] - 'a';
        for (size_t k = qi + 1; k < s->nq_real && k <= qi + 2 && c0 < 26; k++) {
            unsigned c1 = (unsigned char)s->q[k].s[0] - 'a';
            if (c1 < 26)
                s->q_bigrams[c0] |= 1u << c1;
            if (s->q[k].len > 3 && !(s->q[k].flags & VG_TOKF_PARTICLE))
                break;
        }
    }
    for (size_t qi = 0; qi < s->nq; qi++) {
        qtok *q = &s->q[qi];
        /* a Latin-script query word no list writes (it may be a listed
         * word's abjad skeleton, AHMD) may be a slip of a listed word */
        q->unknown = ix && q->pair < 0 && !s->qn.translit &&
                     (q->id == VG_STRTAB_NONE || !(ix->tok[q->id].flags & IX_TOKF_WRITTEN));
        /* a query token the lists hold is a vocabulary id, and its
         * similarity with a list token a function of the two ids:
         * remembered across queries, as names recur (not for an unwritten
         * word, whose similarity depends on the query's script) */
        q->memo = ix && q->id != VG_STRTAB_NONE && !q->unknown;
        uint64_t bit = 1ull << qi;
        s->m_all |= bit;
        if (q->pair >= 0)
            s->m_join |= bit;
        if (q->flags & VG_TOKF_TITLE) {
            s->m_title |= bit;
            continue;
        }
        s->plain_any = true;
        s->plain_real |= q->pair < 0;
        if (q->pair < 0) {
            s->m_plain |= bit;
            if (q->len == 1)
                s->m_len1 |= bit;
            /* initials are rare words: a word many listed names use (a
             * given name: ALI, IRA) is read as itself; and Latin letters:
             * a word transliterated from Arabic script (SID, Said) is none */
            if (qi < 32 && !s->q_translit && initials_word((vg_str){q->s, q->len}, q->flags) &&
                (!ix || q->id == VG_STRTAB_NONE || ix->tok[q->id].df <= INITIALS_MAX_DF)) {
                s->m_initials |= 1u << qi;
                s->initials_pairs[q->s[0] - 'a'] |= 1u << (q->s[1] - 'a');
            }
            if (qi < 32 && !s->q_translit && q->len >= 4 &&
                abbrev_word((vg_str){q->s, q->len}, q->flags) &&
                (!ix || q->id == VG_STRTAB_NONE || ix->tok[q->id].df <= INITIALS_MAX_DF)) {
                s->m_abbrev |= 1u << qi;
                s->abbrev_pairs[q->s[0] - 'a'] |= 1u << (q->s[1] - 'a');
            }
        }
    }
    memset(s->near_len, 0, sizeof s->near_len);
    for (uint64_t c = s->m_all & ~s->m_join; c; c &= c - 1) {
        uint32_t qi = (uint32_t)__builtin_ctzll(c);
        int len = s->q[qi].len;
        for (int l = len - 4; l <= len + 4; l++) {
            if (l < 0 || l > VG_KEY_MAX)
                continue;
            s->near_len[1][l] |= 1ull << qi;
            if (l >= len - 2 && l <= len + 2)
                s->near_len[0][l] |= 1ull << qi;
        }
    }
}

/* ---- retrieval --------------------------------------------------------- */

static void expand_bucket(vg_screener *s, uint32_t qi, const uint32_t *off, const uint32_t *toks,
                          uint32_t key, uint32_t cap)
{
    if (key == VG_STRTAB_NONE)
        return;
    uint32_t a = off[key], b = off[key + 1];
    if (b - a > cap)
        return;
    for (uint32_t k = a; k < b; k++)
        relate(s, qi, toks[k]);
}

/* Adds sim*w of vocabulary token `tok` for query token qi to every entity
 * holding it (keeping the best per query token). */
static void accumulate(vg_screener *s, uint32_t qi, uint32_t tok, float sim)
{
    const vg_index *ix = s->ix;
    float w = ix->tok[tok].w;
    const qtok *q = &s->q[qi];
    if (q->pair >= 0 && is_abd_compound((vg_str){q->s, q->len})) {
        /* an Abd compound made of two query words (RAHIM ... ABDUL) stands
         * for both: else a listed ABDULRAHIM ranks below every RAHIM */
        float both = 0;
        for (uint32_t i = 0, c = q->cover; c; i++, c >>= 1)
            if (c & 1u)
                both += s->q[i].w;
        if (both > w)
            w = both;
    } else if (q->id != VG_STRTAB_NONE && q->w < w) {
        /* a common query word close to a rare list spelling proves no more
         * than the common word (as in the scorer): else every entity with
         * a rare spelling of IBRAHIM outranks the one named IBRAHIM ALI */
        w = q->w;
    }
    float gain = sim * w;
    /* a join adds at most the weight of its words a name does not hold
     * apart (every real word is accumulated before any join): IBRAHIM ALI
     * is no better a candidate for also holding IBRAHIMALI, and IBRAHIM
     * AL-MADANI gains from IBRAHIMAL no more than ALI would give */
    uint32_t word = q->pair < 0 && qi < 31 ? 1u << qi : 0;
    uint32_t parts = q->pair >= 0 && q->cover < SEEN_BIT ? q->cover : 0;
    s->tok_mark[tok] = s->epoch;
    /* in locals: the stores below could alias the screener's fields */
    ent_acc *ea = s->ea;
    uint32_t *touched = s->touched;
    size_t n_touched = s->n_touched;
    const uint32_t *post = ix->post;
    for (uint32_t k = ix->post_off[tok], kend = ix->post_off[tok + 1]; k < kend; k++) {
        uint32_t e = post[k];
        ent_acc *a = &ea[e];
        float g = gain;
        if (!a->seen) {
            a->seen = SEEN_BIT;
            a->acc = 0;
            a->qstamp = UINT32_MAX;
            touched[n_touched++] = e;
        } else if (parts & a->seen) {
            float rest = 0;
            for (uint32_t i = 0, c = parts & ~a->seen; c; i++, c >>= 1)
                if (c & 1u)
                    rest += s->q[i].w;
            g = sim * rest < gain ? sim * rest : gain;
        }
        a->seen |= word;
        if (a->qstamp != qi) {
            a->qstamp = qi;
            a->qbest = 0;
        }
        if (g > a->qbest) {
            a->acc += g - a->qbest;
            a->qbest = g;
        }
    }
    s->n_touched = n_touched;
}

static void accumulate_rels(vg_screener *s, size_t from)
{
    for (size_t k = from; k < s->n_rels; k++) {
        const rel *r = &s->rels[s->rel_order[k]];
        float sim = r->sim;
        if (r->skel_eq && s->q_translit && sim < 0.95f)
            sim = 0.95f;
        if (sim > 0)
            accumulate(s, r->key_hi - 1, r->tok, sim);
    }
}

static void abbrev_candidates(vg_screener *s);

static void retrieve(vg_screener *s)
{
    const vg_index *ix = s->ix;
    for (uint32_t qi = 0; qi < s->nq; qi++) {
        qtok *q = &s->q[qi];
        if (q->flags & VG_TOKF_TITLE)
            continue;
        if (q->id != VG_STRTAB_NONE)
            relate(s, qi, q->id);
        expand_bucket(s, qi, ix->phon_off, ix->phon_toks, q->phon, BUCKET_CAP);
        /* a Latin query meets consonant skeletons mostly in abjad list
         * names; large buckets of Latin spellings add cost, not recall */
        expand_bucket(s, qi, ix->skel_off, ix->skel_toks, q->skel,
                      s->q_translit ? BUCKET_CAP : BUCKET_CAP / 8);
        if (s->q_translit && q->len < VG_KEY_MAX && strstr(q->s, "th")) {
            /* Arabic tha is written th or s (Uthman / Usman, Thaqib / Saqib) */
            char v[VG_KEY_MAX + 1], key[VG_KEY_MAX + 8];
            size_t n = 0;
            for (size_t i = 0; i < q->len; i++) {
                if (q->s[i] == 't' && i + 1 < q->len && q->s[i + 1] == 'h') {
                    v[n++] = 's';
                    i++;
                } else {
                    v[n++] = q->s[i];
                }
            }
            size_t kl = vg_text_skeleton((vg_str){v, n}, key, sizeof key);
            expand_bucket(s, qi, ix->skel_off, ix->skel_toks,
                          vg_strtab_find(&ix->skels, (vg_str){key, kl}), BUCKET_CAP);
        }
        /* the token and its one-deletion variants, looked up together */
        uint32_t dids[VG_KEY_MAX + 1];
        size_t nd = vg__ix_del_ids(ix, (vg_str){q->s, q->len}, dids);
        for (size_t d = 0; d < nd; d++)
            expand_bucket(s, qi, ix->del_off, ix->del_toks, dids[d], BUCKET_CAP);
    }
    /* accumulate every relation found, in insertion order, which groups
     * them by query token as the per-token best requires */
    accumulate_rels(s, 0);
    if (s->m_abbrev && (s->q_legal || s->q_kind_org))
        abbrev_candidates(s);
    if (s->n_touched)
        return;
    /* nothing found by the names: a title may be a name too (EBRAHIMI,
     * Ayatollah) and leads to the entries that hold it, among which the
     * scorer may find the rest garbled past the keys */
    size_t from = s->n_rels;
    for (uint32_t qi = 0; qi < s->nq; qi++) {
        const qtok *q = &s->q[qi];
        if ((q->flags & VG_TOKF_TITLE) && q->id != VG_STRTAB_NONE)
            relate(s, qi, q->id);
    }
    accumulate_rels(s, from);
}

/* ---- name scoring ------------------------------------------------------ */

typedef struct cand_pair {
    float gain; /* sim * weight, the greedy order */
    float sim, w;
    uint32_t qmask, lmask;
    uint8_t qi, lj, method;
    bool lmerge;
} cand_pair;

typedef struct name_view {
    const uint32_t *toks;  /* vocabulary ids */
    const uint16_t *flags;
    const uint32_t *merge; /* joined j+j+1 ids or NULL */
    size_t n;
    bool translit;
    /* pairwise mode: strings and keys instead of ids */
    const qtok *ptoks;
    bool org; /* the name is an organisation's (or a vessel's, an aircraft's) */
    const ix_name *nm; /* indexed path: the name, for its constants; else NULL */
    char (*runtext)[RUN_TEXT_LEN]; /* explaining: RUN_TEXTS buffers, else NULL */
} name_view;

static float list_w(const vg_screener *s, const name_view *nv, size_t j)
{
    if (nv->ptoks)
        return nv->ptoks[j].w;
    const ix_tok *t = &s->ix->tok[nv->toks[j]];
    return nv->org ? t->w : t->w_person;
}

static vg_str list_str(const vg_screener *s, const name_view *nv, size_t j)
{
    if (nv->ptoks)
        return (vg_str){nv->ptoks[j].s, nv->ptoks[j].len};
    return vg_strtab_get(&s->ix->toks, nv->toks[j]);
}

/* The cost `c` of an unmatched word within its run of hyphenated words
 * left out together (SEIT-UMAROVICH, JEAN-PAUL), which cost as one word,
 * the dearest: what c adds to the run's cost so far (`*run`, reset after
 * the run's last word, whose `flags` lack VG_TOKF_HYPHEN). */
static float hyphen_run(float *run, float c, unsigned flags)
{
    float was = *run;
    if (c > *run)
        *run = c;
    float add = *run - was;
    if (!(flags & VG_TOKF_HYPHEN))
        *run = 0;
    return add;
}

/* A Spanish married name: "DE" and the husband's surname after a woman's
 * own (TAPIA ORTEGA DE ARRIOLA), written or left out. `prev` is the word
 * before the word at `j` of `n`. */
static bool married_name(const char *prev, size_t j, size_t n)
{
    return j >= 2 && j + 1 == n && strcmp(prev, "de") == 0;
}

/* ---- abjad transliterations against Latin spellings --------------------- */

/* Folds a token for the abjad comparison: consonant digraphs to one letter
 * (sh/ch S, kh h, gh g, th s, dh z, dj j, ph f), q/c k (c s before e, i,
 * y), p b, vowels to
 * three classes (a; e i y -> i; o u w v -> u), doubled letters collapsed and
 * a final h after a vowel dropped (ta marbuta: -ah / -a). `abjad`: s is an
 * abjad transliteration, where d then j are two letters (ولید جان joined,
 * WALIDJAN: the French dj of DJAMEL is Latin only). */
static size_t abjad_fold(const char *s, size_t n, char *out, size_t cap, bool abjad)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : '\0', d;
        if ((c == 's' || c == 'c') && nx == 'h') {
            d = 'S';
            i++;
        } else if ((c == 'k' || c == 'g' || c == 'p' || c == 't' || c == 'd') && nx == 'h') {
            d = c == 'k' ? 'h' : c == 'g' ? 'g' : c == 'p' ? 'f' : c == 't' ? 's' : 'z';
            i++;
        } else if (c == 'd' && nx == 'j' && !abjad) {
            d = 'J'; /* jim (DJAMEL), or dal then jim (WALIDJAN): abjad_sim */
            i++;
        } else {
            switch (c) {
            case 'c': d = nx == 'e' || nx == 'i' || nx == 'y' ? 's' : 'k'; break; /* French ce, ci */
            case 'q': d = 'k'; break;
            case 'p': d = 'b'; break;
            case 'e': case 'i': case 'y': d = 'i'; break;
            case 'o': case 'u': case 'w': case 'v': d = 'u'; break;
            default: d = c;
            }
        }
        if (k && out[k - 1] == d)
            continue;
        out[k++] = d;
    }
    if (k >= 2 && out[k - 1] == 'h' && (out[k - 2] == 'a' || out[k - 2] == 'i' || out[k - 2] == 'u'))
        k--;
    out[k] = '\0';
    return k;
}

static bool abjad_vowel(char c)
{
    return c == 'a' || c == 'i' || c == 'u';
}

/* A hash of what abjad_sim needs equal in two folds: their consonants (all
 * but the vowels a i u) in order, the letters it tolerates for one another
 * (d z, s t, k g j, and a Latin dj J) as one, a d before j left out (the
 * J of a Latin dj may stand for both). abjad_sim pairs every consonant of one fold
 * with one of the other, in order, equal or tolerated, and never a
 * consonant with a vowel: folds with different keys do not align. */
static uint32_t abjad_key(const char *f, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        char c = f[i];
        if (abjad_vowel(c))
            continue;
        if (c == 'd' && i + 1 < n && f[i + 1] == 'j')
            continue; /* as a Latin dj (J) may hold it */
        c = c == 'z' ? 'd' : c == 't' ? 's' : c == 'g' || c == 'j' || c == 'J' ? 'k' : c;
        h = (h ^ (unsigned char)c) * 16777619u;
    }
    return h;
}

/* The abjad fold of vocabulary token tok (string ls), made once per
 * screener; sets *len and *key (its abjad_key). NULL when the store cannot
 * be allocated. */
static const char *tok_fold(vg_screener *s, uint32_t tok, vg_str ls, size_t *len, uint32_t *key)
{
    const vg_index *ix = s->ix;
    if (!s->fold_at) {
        if (s->folds_failed)
            return NULL;
        size_t need = 0;
        for (size_t i = 0; i < ix->toks.n; i++)
            need += 5u + ix->tok[i].len; /* length, key, letters */
        s->fold_at = vg__calloc(&s->alloc, ix->toks.n * sizeof *s->fold_at);
        s->folds = vg__alloc(&s->alloc, need ? need : 1);
        if (!s->fold_at || !s->folds || need >= UINT32_MAX) {
            if (s->fold_at)
                vg__free(&s->alloc, s->fold_at, ix->toks.n * sizeof *s->fold_at);
            if (s->folds)
                vg__free(&s->alloc, s->folds, need ? need : 1);
            s->fold_at = NULL;
            s->folds = NULL;
            s->folds_failed = true;
            return NULL;
        }
        s->c_folds = need ? need : 1;
        s->n_folds = 0;
    }
    uint32_t at = s->fold_at[tok];
    if (!at) {
        char f[VG_KEY_MAX + 1];
        size_t n = abjad_fold(ls.ptr, ls.len, f, sizeof f, false);
        uint32_t k = abjad_key(f, n);
        at = (uint32_t)s->n_folds + 1;
        s->folds[s->n_folds] = (char)n;
        memcpy(s->folds + at, &k, sizeof k);
        memcpy(s->folds + at + sizeof k, f, n);
        s->n_folds += 1 + sizeof k + n;
        s->fold_at[tok] = at;
    }
    *len = (unsigned char)s->folds[at - 1];
    memcpy(key, s->folds + at, sizeof *key);
    return s->folds + at + sizeof *key;
}

/* Does a Latin spelling end in e or eh (AMINE, ZADEH: a silent e, or the
 * Persian -eh of a final heh), whose fold ends in i? */
static bool e_ending(const char *w, size_t n)
{
    return (n >= 1 && w[n - 1] == 'e') || (n >= 2 && w[n - 2] == 'e' && w[n - 1] == 'h');
}

/* Compares a token transliterated from an abjad (consonants and long vowels
 * written, short vowels not) with a Latin spelling: the abjad letters must
 * appear in order in the Latin one, which may add vowels between them. A
 * vowel of another class counts against it (not at the start, where ayn and
 * alif carry any vowel). l_silent_e: the Latin spelling ends in e (its
 * fold's last i may be silent). Returns 0 when they do not align. */
static float abjad_sim(const char *a, size_t na, const char *l, size_t nl, bool l_silent_e)
{
    /* a, l: the two spellings through abjad_fold */
    size_t i = 0, j = 0;
    int cons = 0, mism = 0;
    while (i < na) {
        if (j >= nl)
            return 0;
        char ca = a[i], cl = l[j];
        if (cl == 'J' && (ca == 'j' || (ca == 'd' && i + 1 < na && a[i + 1] == 'j'))) {
            /* a Latin dj: jim, or dal then jim */
            cons += 1 + (ca == 'd');
            i += 1 + (ca == 'd');
            j++;
        } else if (ca == cl) {
            cons += !abjad_vowel(ca);
            i++;
            j++;
        } else if ((ca == 'i' || ca == 'u') && cl == 'a' && j + 1 < nl && l[j + 1] == ca) {
            /* ya and waw after a short a: the diphthongs ay and aw
             * (KUBAYSI, SHAWKAT) */
            i++;
            j += 2;
        } else if (abjad_vowel(ca) && abjad_vowel(cl)) {
            /* a written ya or waw inside the word is a long vowel or a
             * diphthong that the Latin spelling shows (HUSAYN, HUSSEIN;
             * never HASAN); the last letter may be read a (alif maqsura:
             * MUSA), alif anything inside (hamza seat, Persian e) */
            if (ca != 'a' && i > 0 && i + 1 < na)
                return 0;
            /* a final alif or ta marbuta is -a, -ah or Persian -eh, not a
             * Latin -i or -u (HAMZA, HAMZEH; HAMZI is another name) */
            if (ca == 'a' && i > 0 && i + 1 == na && !(l_silent_e && j + 1 == nl))
                return 0;
            mism += i > 0;
            i++;
            j++;
        } else if ((ca == 'd' && cl == 'z') || (ca == 'z' && cl == 'd') ||
                   (ca == 's' && cl == 't') || (ca == 't' && cl == 's') ||
                   (ca == 'k' && cl == 'g') || (ca == 'j' && cl == 'g')) {
            /* dad is d in Arabic and z in Persian and Urdu (Ramadan /
             * Ramazan, Zia); tha is th or s; qaf is spoken and written g
             * in the Maghreb, the Gulf and Sudan (Belgacem, Gaddafi), jim
             * g in Egypt (Gamal, Ragab): tolerated at a cost */
            mism++;
            cons++;
            i++;
            j++;
        } else if (abjad_vowel(cl)) {
            j++;
        } else {
            return 0;
        }
    }
    /* Latin letters past the abjad's last: a short final a (or the -ah,
     * -a of ta marbuta), or a French silent e (AMINE, YASSINE); a final i,
     * y, u or ou is a ya or waw the abjad would write (KAMALI is not كمال) */
    for (; j < nl; j++)
        if (!abjad_vowel(l[j]) || (l[j] != 'a' && !(l_silent_e && j + 1 == nl)))
            return 0;
    if (cons == 0 || mism > 1)
        return 0;
    float base = cons >= 3 ? 0.95f : cons == 2 ? 0.90f : 0.80f;
    return base - 0.08f * (float)mism;
}

/* The cheap filter before comparing a query token with a list token that
 * retrieval did not relate to it: false when they cannot be close. */
static inline bool maybe_close(const ix_tok *t, const qtok *q, bool across)
{
    int dl = (int)t->len - (int)q->len;
    return !(t->phon != q->phon && t->skel != q->skel && !(q->given && q->given == t->given) &&
             (across ? (dl > 4 || dl < -4)
                     : (dl > 2 || dl < -2 || !bits_at_most4(t->mask ^ q->mask))));
}

/* The quick test before reading a Latin spelling against an abjad one
 * (abjad_sim): false when they cannot match. An abjad spelling is not
 * longer than the Latin one by more than two (short vowels are missing, not
 * added), and at most one of its consonant letters (d/z, t/s ...) may be
 * absent from the Latin one. q_abjad says the query token (qlen letters,
 * letter mask qmask) is the abjad side, else the list token. */
static inline bool abjad_maybe(bool q_abjad, size_t qlen, uint32_t qmask, size_t llen,
                               uint32_t lmask)
{
    size_t ablen = q_abjad ? qlen : llen, latlen = q_abjad ? llen : qlen;
    if (ablen > latlen + 2)
        return false;
#define BIT(c) (1u << ((c) - 'a'))
    const uint32_t vowelish = BIT('a') | BIT('e') | BIT('i') | BIT('o') | BIT('u') | BIT('y') |
                              BIT('w') | BIT('h');
    uint32_t abm = (q_abjad ? qmask : lmask) & ~vowelish;
    uint32_t latm = q_abjad ? lmask : qmask;
    /* letters abjad_sim tolerates for one another are not missing: q for
     * k, g or c; k for g or c; s for c or t; t for s; d for z, z for d; j
     * for g */
    uint32_t tol = ((latm & (BIT('k') | BIT('g') | BIT('c'))) ? BIT('q') : 0u) |
                   ((latm & (BIT('g') | BIT('c'))) ? BIT('k') : 0u) |
                   ((latm & (BIT('c') | BIT('t'))) ? BIT('s') : 0u) |
                   ((latm & BIT('s')) ? BIT('t') : 0u) | ((latm & BIT('z')) ? BIT('d') : 0u) |
                   ((latm & BIT('d')) ? BIT('z') : 0u) | ((latm & BIT('g')) ? BIT('j') : 0u);
#undef BIT
    uint32_t miss = abm & ~latm & ~tol;
    return (miss & (miss - 1)) == 0;
}

/* How a row compares query token qi (no join) with list token t (vocabulary
 * id tok) that retrieval did not relate to it: PAIR_FAR when maybe_close
 * says they cannot be close (pair_sim is not asked), PAIR_NONE when they
 * pass it but pair_sim would find no similarity, which lengths, letter
 * masks, key ids and abjad keys tell alone: tok_sim says 0 by VG_CMP_NONE
 * with skeletons unequal (what relate_entry records) and, across an abjad
 * transliteration, abjad_maybe rejects them or their abjad keys differ.
 * The edit-distance bound is tok_sim's (letters of the letter-presence set
 * apart, against 2 x the distance it asks less the length difference),
 * for its one or two edits and for its phonetic near-miss within three.
 * Else PAIR_ASK. *lkey caches the list token's abjad key for the row: -1
 * until asked, -2 when there is none. */
enum { PAIR_FAR, PAIR_NONE, PAIR_ASK };
static inline int pair_filter(vg_screener *s, const ix_tok *t, uint32_t tok, uint32_t qi,
                              bool across, int64_t *lkey)
{
    qtok *q = &s->q[qi];
    int dl = q->len < t->len ? t->len - q->len : q->len - t->len;
    uint32_t x = q->mask ^ t->mask;
    if (t->phon == q->phon || t->skel == q->skel || q->id == tok ||
        (q->given && q->given == t->given))
        return PAIR_ASK; /* maybe_close passes; the keys may make a similarity */
    if (across ? dl > 4 : dl > 2 || !bits_at_most4(x))
        return PAIR_FAR;
    size_t minlen = q->len < t->len ? q->len : t->len;
    if (minlen >= 3 && dl <= 2 && !bits_over(x, (minlen >= 5 ? 4 : 2) - dl))
        return PAIR_ASK;
    if (minlen >= 6 && q->phon_len >= 5 && !bits_over(x, 6 - dl))
        return PAIR_ASK;
    if (!across || !abjad_maybe(s->q_translit, q->len, q->mask, t->len, t->mask))
        return PAIR_NONE;
    if (q->ab_len < 0) {
        q->ab_len = (int16_t)abjad_fold(q->s, q->len, q->ab, sizeof q->ab, s->q_translit);
        q->ab_key = abjad_key(q->ab, (size_t)q->ab_len);
    }
    if (*lkey == -1) {
        size_t lfl;
        uint32_t k;
        *lkey = tok_fold(s, tok, vg_strtab_get(&s->ix->toks, tok), &lfl, &k) ? (int64_t)k : -2;
    }
    return *lkey >= 0 && (uint32_t)*lkey != q->ab_key ? PAIR_NONE : PAIR_ASK;
}

/* Tells whether list token j is too slight to be half of a join: one or
 * two letters and no particle, or, against an abjad transliteration, no
 * consonant at all (WEI, whose glide and vowels the abjad comparison
 * reads as short vowels nobody wrote). */
static bool short_part(const vg_screener *s, const name_view *nv, size_t j, bool translit)
{
    vg_str t = list_str(s, nv, j);
    if (t.len <= 2 && !(nv->flags[j] & VG_TOKF_PARTICLE))
        return true;
    if (!translit)
        return false;
    for (size_t i = 0; i < t.len; i++)
        if (!strchr("aeiouwy", t.ptr[i]))
            return false;
    return true;
}

/* Similarity of query token qi with list token j (or the join j, j+1).
 * `translit` says a side came from a script written without short vowels,
 * where equal consonant skeletons are strong evidence. `unrelated_close`:
 * the caller (a row) found no relation bit for the pair and the cheap
 * filter passed, so neither is tested again. */
static float pair_sim(vg_screener *s, const name_view *nv, uint32_t qi, size_t j, bool merge,
                      bool unrelated_close, vg_cmp_method *m)
{
    const qtok *q = &s->q[qi];
    *m = VG_CMP_NONE;
    if (s->q_cut && !merge && q->pair < 0 && !s->q_translit &&
        (q->len >= 3 || (q->len == 2 && qi + 1 == s->nq_real))) {
        /* a word of a name cut at the MRZ's length: the start of the list's
         * (the last word may keep two letters: ... MUHAMMAD YU) */
        vg_str ls = list_str(s, nv, j);
        if (ls.len > q->len && memcmp(ls.ptr, q->s, q->len) == 0) {
            *m = VG_CMP_PREFIX;
            return MRZ_PREFIX_SIM;
        }
    }
    float sim;
    bool skel_eq;
    qtok joined;
    const qtok *pl = NULL; /* pairwise: the list token (j and j + 1 joined when merging) */
    if (nv->ptoks) {
        const qtok *l = &nv->ptoks[j];
        if (merge) {
            const qtok *l2 = &nv->ptoks[j + 1];
            if (l->len + l2->len > VG_KEY_MAX)
                return 0;
            memset(&joined, 0, sizeof joined);
            memcpy(joined.s, l->s, l->len);
            memcpy(joined.s + l->len, l2->s, l2->len);
            joined.len = (uint16_t)(l->len + l2->len);
            qtok_keys(NULL, &joined);
            l = &joined;
        }
        pl = l;
        vg_str qs = {q->s, q->len}, qp = {q->phon_s, q->phon_len}, qk = {q->skel_s, q->skel_len};
        vg_str ls = {l->s, l->len}, lp = {l->phon_s, l->phon_len}, lk = {l->skel_s, l->skel_len};
        unsigned eq = (vg_str_eq(qs, ls) ? EQ_TOK : 0u) | (vg_str_eq(qp, lp) ? EQ_PHON : 0u) |
                      (vg_str_eq(qk, lk) ? EQ_SKEL : 0u) |
                      (q->given && q->given == l->given ? EQ_GIVEN : 0u);
        sim = tok_sim(qs, qp, qk, q->mask, ls, lp, l->mask, eq, false, m, &skel_eq);
    } else {
        uint32_t tok = merge ? nv->merge[j] : nv->toks[j];
        if (tok == VG_STRTAB_NONE)
            return 0;
        const rel *r = NULL;
        uint32_t slot = REL_PROBE; /* rel_index(s, qi, tok) once probed */
        if (!unrelated_close && rel_maybe(s, qi, tok)) {
            slot = rel_index(s, qi, tok);
            r = &s->rels[slot];
            if (!r->key_hi)
                r = NULL;
        }
        if (!r) {
            if (q->pair >= 0)
                return 0; /* joins are related at retrieval or not at all */
            /* not met during retrieval: compare now when a cheap filter
             * says the tokens could be close, and remember the answer */
            if (!unrelated_close &&
                !maybe_close(&s->ix->tok[tok], q, s->q_translit != nv->translit))
                return 0;
            /* the relation is now in the table, similar or not; across
             * scripts a Latin dissimilarity is not the last word (abjad
             * check below) */
            r = relate_entry(s, qi, tok, slot);
            if (!r)
                return 0; /* table full */
        }
        sim = r->sim;
        skel_eq = r->skel_eq;
        *m = (vg_cmp_method)r->method;
        if (sim <= 0 && !skel_eq && s->q_translit == nv->translit)
            return 0;
    }
    if (s->q_syllabic && *m == VG_CMP_EDIT)
        return 0; /* a romanised syllable one letter off is another syllable */
    if ((nv->flags[j] & VG_TOKF_ACRONYM) && *m != VG_CMP_EXACT)
        return 0; /* initials are spelled one way */
    bool translit = s->q_translit != nv->translit;
    if (translit && *m != VG_CMP_EXACT) {
        /* one side is an abjad transliteration (no short vowels): its
         * letters must appear in order in the Latin spelling; Latin edit
         * distance means little there */
        vg_str ls;
        uint32_t lmask, lt = VG_STRTAB_NONE;
        if (pl) {
            ls = (vg_str){pl->s, pl->len};
            lmask = pl->mask;
        } else {
            lt = merge ? nv->merge[j] : nv->toks[j];
            ls = vg_strtab_get(&s->ix->toks, lt);
            lmask = s->ix->tok[lt].mask; /* vg__ix_mask(ls), kept by the index */
        }
        float as = 0;
        if (abjad_maybe(s->q_translit, q->len, q->mask, ls.len, lmask)) {
            /* the query token's fold is made once per query */
            qtok *qw = &s->q[qi];
            if (qw->ab_len < 0) {
                qw->ab_len =
                    (int16_t)abjad_fold(qw->s, qw->len, qw->ab, sizeof qw->ab, s->q_translit);
                qw->ab_key = abjad_key(qw->ab, (size_t)qw->ab_len);
            }
            /* and the list token's once per screener (with its key, which
             * settles most pairs without abjad_sim) */
            const char *lf = NULL;
            size_t lfl = 0;
            uint32_t lkey = 0;
            if (lt != VG_STRTAB_NONE)
                lf = tok_fold(s, lt, ls, &lfl, &lkey);
            if (!lf) { /* pairwise, or no store */
                if (lt == VG_STRTAB_NONE || s->lf_tok != lt + 1) {
                    s->lf_len = abjad_fold(ls.ptr, ls.len, s->lf, sizeof s->lf, nv->translit);
                    s->lf_tok = lt == VG_STRTAB_NONE ? 0 : lt + 1;
                }
                lf = s->lf;
                lfl = s->lf_len;
                lkey = qw->ab_key; /* not made: let abjad_sim decide */
            }
            if (lkey == qw->ab_key)
                as = s->q_translit
                         ? abjad_sim(qw->ab, (size_t)qw->ab_len, lf, lfl, e_ending(ls.ptr, ls.len))
                         : abjad_sim(lf, lfl, qw->ab, (size_t)qw->ab_len, e_ending(qw->s, qw->len));
        }
        if (as > 0) {
            sim = as;
            *m = VG_CMP_SKELETON;
        } else if (sim > 0.60f) {
            sim = 0.60f;
        }
    }
    if (q->pair >= 0 && sim > 0 && *m != VG_CMP_EXACT && !(*m == VG_CMP_SKELETON && translit) &&
        !(*m == VG_CMP_EDIT && q->len >= 8 && sim >= 0.85f))
        return 0; /* two query tokens read as one must be spelled alike */
    if (merge && sim > 0) {
        /* a join is trusted on spelling, not on consonants alone */
        if (*m != VG_CMP_EXACT &&
            (sim < (translit ? 0.85f : 0.9f) || (*m == VG_CMP_SKELETON && !translit)))
            return 0;
        /* nor on a part of one or two letters that is no particle: two
         * romanised syllables (AH HAN) joined resemble many a word */
        if (*m != VG_CMP_EXACT && (short_part(s, nv, j, translit) || short_part(s, nv, j + 1, translit)))
            return 0;
        *m = VG_CMP_JOINED;
    }
    return sim;
}

/* Sorts pairs by decreasing gain, keeping equal gains in their order (the
 * greedy alignment depends on it): insertion sort for the few pairs most
 * names make, a merge sort through `tmp` (room for n) beyond. Stable like
 * the merge sort glibc's qsort uses, without its comparator calls and
 * buffer allocation. */
static void sort_pairs(cand_pair *cp, size_t n, cand_pair *tmp)
{
    if (n <= 24) {
        for (size_t i = 1; i < n; i++) {
            cand_pair x = cp[i];
            size_t j = i;
            while (j > 0 && cp[j - 1].gain < x.gain) {
                cp[j] = cp[j - 1];
                j--;
            }
            cp[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_pairs(cp, h, tmp);
    sort_pairs(cp + h, n - h, tmp);
    size_t a = 0, b = h, k = 0;
    while (a < h && b < n)
        tmp[k++] = cp[b].gain > cp[a].gain ? cp[b++] : cp[a++];
    while (a < h)
        tmp[k++] = cp[a++];
    /* the rest of the right half is already in place */
    memcpy(cp, tmp, k * sizeof *cp);
}

#define MAX_CAND_PAIRS 1024
#define UNKNOWN_QUERY_W 6.5f /* an unmatched query word the lists never use */
#define QUERY_MIDDLE_COST 0.5f /* an unmatched query token between matched ones */
#define NUMBERS_DIFFER 0.6f /* both names hold numbers (or countries), none in common */
#define INFO_FLOOR 11.0f /* matched information below which a name is a common one */
/* The same floor for a partial match compared pairwise, by the lists'
 * rarity: higher, as no birth date or nationality can lift a common name
 * there (bench/compare: 11 gave F1 80.6, 13 81.1, 15 80.6) */
#define PAIR_INFO_FLOOR 13.0f

/* An East Slavic patronymic (PETROVICH, SERGEYEVNA, IVANOVYCH), which
 * lists often leave out. */
static bool patronymic(const qtok *t)
{
    /* Russian and Ukrainian (-ovich, -ovych, -ovna, -ivna), Belarusian
     * (-avich, -avna, -euna: Ryhoravich, Mikalaeuna) and Moldovan
     * (-ovici, -evici: Gheorghievici) forms */
    static const char *const ends[] = {"ovich", "evich", "ovych", "evych", "ovna",  "evna",
                                       "ichna", "ivna",  "avich", "avna",  "euna",  "ovici",
                                       "evici"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t n = strlen(ends[k]);
        if (t->len >= n + 3 && memcmp(t->s + t->len - n, ends[k], n) == 0)
            return true;
    }
    return false;
}

/* Scores the query against one list name; fills `ex` when not NULL. */
/* Similarities of every query token with list token j (or the join j,
 * j+1), cached per query by vocabulary token so that a token shared by many
 * candidate names is compared once. Returns NULL in pairwise mode or when
 * the cache is full; the caller then compares directly. */
static const sim_row *row_find(vg_screener *s, const name_view *nv, size_t j, bool merge,
                               uint32_t tok, uint32_t key);

static inline const sim_row *row_get(vg_screener *s, const name_view *nv, size_t j, bool merge)
{
    if (nv->ptoks)
        return NULL;
    uint32_t tok = merge ? nv->merge[j] : nv->toks[j];
    if (tok == VG_STRTAB_NONE)
        return &s->no_row;
    /* a row depends on the token, the script side, whether it is a join
     * (stricter rules) and whether it is an index-made acronym (exact only):
     * key - 1 is the token times 8 and those three bits */
    uint32_t key = tok * 8u + (nv->translit ? 1u : 0u) + (merge ? 2u : 0u) +
                   (!merge && (nv->flags[j] & VG_TOKF_ACRONYM) ? 4u : 0u) + 1u;
    /* the row this token had last: most lookups end here (an index left
     * from an earlier query fails the key test, as this query's rows have
     * distinct keys) */
    uint32_t last = s->tok_row[tok];
    if (last < s->n_rows && s->row_keys[last] == key)
        return &s->rows[last];
    return row_find(s, nv, j, merge, tok, key);
}

/* row_get() past its first guess: finds the row of `key` among the token's
 * other rows of this query, or makes it. */
static const sim_row *row_find(vg_screener *s, const name_view *nv, size_t j, bool merge,
                               uint32_t tok, uint32_t key)
{
    uint32_t prev = s->tok_row[tok];
    if (prev < s->n_rows && (s->row_keys[prev] - 1u) / 8u == tok) {
        for (uint32_t k = prev; k != ROW_NONE; k = s->row_prev[k])
            if (s->row_keys[k] == key)
                return &s->rows[k];
    } else {
        prev = ROW_NONE; /* the token has no row in this query */
    }
    if (s->n_rows >= ROW_CAP)
        return NULL;
    uint32_t idx = (uint32_t)s->n_rows++;
    s->tok_row[tok] = idx;
    s->row_keys[idx] = key;
    s->row_prev[idx] = prev;
    sim_row *r = &s->rows[idx];
    r->live = 0;
    const ix_tok *lt = &s->ix->tok[tok];
    bool across = s->q_translit != nv->translit;
    /* a join against a join is never paired, and pair_sim would
     * only look it up (no relation is made for a query join
     * outside retrieval) */
    uint64_t skip = merge ? s->m_join & ~s->m_title : 0;
    /* most pairs fail pair_sim's first tests (no relation from
     * retrieval and the cheap filter): leave those at zero as it
     * would, without the call (not for a name cut at the MRZ's
     * length, whose prefix rule comes first) */
    /* close: passed the filter, no relation bit; none: of those,
     * the ones no_similarity rules out */
    uint64_t cand = s->m_all, close = 0, none = 0;
    int64_t lkey = -1;
    if (!s->q_cut) {
        cand = s->relq[relbit_of(tok)] & s->m_all;
        /* pair_filter says far when no key is equal and the lengths
         * differ too much: test only the keys of those */
        uint64_t rest = s->m_all & ~s->m_join & ~cand;
        uint64_t near = lt->len <= VG_KEY_MAX ? s->near_len[across][lt->len] : rest;
        for (uint64_t c = rest & ~near; c; c &= c - 1) {
            uint32_t qi = (uint32_t)__builtin_ctzll(c);
            const qtok *q = &s->q[qi];
            if (lt->phon == q->phon || lt->skel == q->skel || q->id == tok ||
                (q->given && q->given == lt->given))
                near |= 1ull << qi;
        }
        for (uint64_t c = rest & near; c; c &= c - 1) {
            uint32_t qi = (uint32_t)__builtin_ctzll(c);
            int f = pair_filter(s, lt, tok, qi, across, &lkey);
            if (f == PAIR_NONE)
                none |= 1ull << qi;
            else if (f == PAIR_ASK)
                close |= 1ull << qi;
        }
        cand |= close | none;
    }
    cand &= ~skip;
    /* in query order, as the relations pair_sim makes fill the
     * table in the order they are made */
    for (uint64_t c = cand; c; c &= c - 1) {
        uint32_t qi = (uint32_t)__builtin_ctzll(c);
        if ((none >> qi) & 1u) {
            /* the relation pair_sim would make, without tok_sim */
            relate_none(s, qi, tok);
            r->sim[qi] = 0;
            r->m[qi] = VG_CMP_NONE;
            continue;
        }
        vg_cmp_method m;
        r->sim[qi] = pair_sim(s, nv, qi, j, merge, (close >> qi) & 1u, &m);
        r->m[qi] = (uint8_t)m;
    }
    /* what score_name makes of it (its per-pair rules that depend
     * on the token alone, applied once per row): initials, "M"
     * against "Mohammed" either way */
    uint64_t init = 0;
    if (!merge)
        init = lt->len > 1 ? s->m_len1 : lt->len == 1 ? s->m_plain & ~s->m_len1 : 0;
    /* a title pairs with a list token, never with a join */
    for (uint64_t c = cand & ~(merge ? s->m_title : 0); c; c &= c - 1) {
        uint32_t qi = (uint32_t)__builtin_ctzll(c);
        if (r->sim[qi] > 0)
            r->live |= 1ull << qi;
    }
    for (uint64_t c = init & ~r->live; c; c &= c - 1) {
        uint32_t qi = (uint32_t)__builtin_ctzll(c);
        if (s->q[qi].s[0] == lt->s0) {
            r->sim[qi] = 0.7f;
            r->m[qi] = VG_CMP_INITIAL;
            r->live |= 1ull << qi;
        }
    }
    return r;
}

/* Fills candidate pair c of query token q (index qi, covering qmask) with
 * list token j (or the join j, j+1) at similarity sim by method m, the
 * list side weighing wl. */
static void set_pair(cand_pair *c, const qtok *q, uint32_t qi, uint32_t qmask, size_t j,
                     bool merge, float sim, uint8_t m, float wl)
{
    float w = wl;
    if (m == VG_CMP_INITIAL && w > 1.0f)
        w = 1.0f;
    if (q->flags & QTOK_TRANSLATED) {
        /* the query word's English, paired: a translation */
        if (sim > TRANSLATION_SIM)
            sim = TRANSLATION_SIM;
        m = VG_CMP_TRANSLATION;
    }
    /* a common spelling close to a rare one proves no more than the common
     * one: MOHAMAD against a rare MAHAMED, the join ABDULRAHIM against a
     * rare ABDULRACHIM */
    if (!merge && q->id != VG_STRTAB_NONE && q->w < w)
        w = q->w;
    c->sim = sim;
    c->w = w;
    c->gain = sim * w + sim * 1e-3f;
    c->qmask = qmask;
    c->lmask = merge ? (3u << j) : (1u << j);
    c->qi = (uint8_t)qi;
    c->lj = (uint8_t)j;
    c->method = m;
    c->lmerge = merge;
}

/* One side's words as initials see them: the words, which they may skip
 * (connectives, particles, legal forms: LIBYAN ISLAMIC FIGHTING GROUP is
 * LIFG, ISLAMIC STATE OF IRAQ AND THE LEVANT is ISIL, but MINISTRY OF
 * DEFENSE AND ARMED FORCES LOGISTICS is MODAFL) and which they break on
 * (empty words). */
typedef struct initials_side {
    vg_str w[32];
    uint32_t skip, stop;
    uint32_t whole; /* legal forms: spelt whole or not at all (GAESA's SA) */
    size_t n;
} initials_side;

static void initials_mark(initials_side *x, size_t j, vg_str w, unsigned flags)
{
    x->w[j] = w;
    if (!w.len)
        x->stop |= 1u << j;
    else if ((flags & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL)) || (w.len <= 3 && vg__text_initials_skip(w)))
        x->skip |= 1u << j;
    if (flags & VG_TOKF_LEGAL)
        x->whole |= 1u << j;
}

/* An abbreviation's letters against a run of words: each word of the run
 * gives its first letter (initials) or, when `syllables`, the first
 * letters of it (METEXCOL, METALURGIA EXTRACTIVA DE COLOMBIA; GAESA,
 * GRUPO DE ADMINISTRACION EMPRESARIAL S.A.); a word initials may skip
 * gives nothing or its share; at least two words give. fail[c][i] has bit
 * j set when letters i on cannot be spelt from word j on with c (at most
 * 2) words given so far. */
typedef struct abbrev_dp {
    const initials_side *x;
    const char *a;
    size_t k;
    bool syllables;
    size_t pieces; /* the words that gave letters, once spelt */
    uint32_t fail[3][ABBREV_MAX + 1];
} abbrev_dp;

static bool abbrev_from(abbrev_dp *d, size_t i, size_t j, unsigned c, size_t *end)
{
    if (i == d->k) {
        *end = j;
        return c >= 2;
    }
    if (j >= d->x->n || (d->x->stop >> j & 1u) || (d->fail[c][i] >> j & 1u))
        return false;
    vg_str w = d->x->w[j];
    unsigned c1 = c < 2 ? c + 1 : 2;
    size_t most = d->syllables ? w.len : 1;
    /* a connective gives its first letter at most, and only to a word of
     * five letters or more (MODAFL's OF; not DUDA, DESARROLLO URBANISTICO
     * DEL ATLANTICO) */
    if ((d->x->skip >> j & 1u) && !(d->x->whole >> j & 1u))
        most = d->k >= 5 || w.len == 1 ? 1 : 0; /* E of S E Z is an initial */
    if (d->syllables && (d->x->whole >> j & 1u)) {
        if (i + w.len <= d->k && memcmp(w.ptr, d->a + i, w.len) == 0 &&
            abbrev_from(d, i + w.len, j + 1, c1, end)) {
            d->pieces++;
            return true;
        }
        most = 0;
    }
    /* a syllable is a word's first letters up to four, or the word but
     * for an ending of two letters at most (COL-CERDOS, COLOMBIANA DE
     * CERDOS; OCCI-PAPEL, OCCIDENTAL DE PAPELES; not DETERMIN-E,
     * DETERMINING EXAMPLES) */
    for (size_t p = 1; p <= most && i + p <= d->k && w.ptr[p - 1] == d->a[i + p - 1]; p++)
        if ((p <= 4 || p + 2 >= w.len) && abbrev_from(d, i + p, j + 1, c1, end)) {
            d->pieces++;
            return true;
        }
    if (i > 0 && (d->x->skip >> j & 1u) && abbrev_from(d, i, j + 1, c, end))
        return true;
    d->fail[c][i] |= 1u << j;
    return false;
}

/* The words from j0 on that abbreviation `a` (k letters) spells, the
 * skipped words inside the run included: their mask, or 0 when it does
 * not spell them. Initials are tried first; *sim is 0.9 for initials, 0.85
 * for an abbreviation of syllables (allowed from four letters when
 * `syllables`). */
static uint32_t initials_run(const initials_side *x, size_t j0, const char *a, size_t k,
                             bool syllables, float *sim, size_t *pieces)
{
    if (k > ABBREV_MAX || j0 >= x->n || !x->w[j0].len || x->w[j0].ptr[0] != a[0])
        return 0;
    for (int syl = 0; syl <= (syllables && k >= 4); syl++) {
        abbrev_dp d = {.x = x, .a = a, .k = k, .syllables = syl != 0};
        size_t end = 0;
        if (abbrev_from(&d, 0, j0, 0, &end)) {
            *sim = syl ? 0.85f : 0.9f;
            if (pieces)
                *pieces = d.pieces;
            return (uint32_t)((end >= 32 ? ~0ull : (1ull << end) - 1) & ~((1ull << j0) - 1));
        }
    }
    return 0;
}

/* Retrieval for a company's query word the lists never write that may be
 * an abbreviation of syllables (COLCERDOS LTDA: COLOMBIANA DE CERDOS
 * LTDA): the organisations' names with two words in a row that start with
 * its first letter and one of its next five (ix->abbr_off), at most
 * ABBREV_CHECK_MAX per word, are read against it as the scorer reads
 * them (initials_run); an entity whose name it spells gains what the word
 * would give it spelled out. */
#define ABBREV_CHECK_MAX 4096

static void abbrev_candidates(vg_screener *s)
{
    const vg_index *ix = s->ix;
    for (uint32_t qc = s->m_abbrev; qc; qc &= qc - 1) {
        uint32_t qi = (uint32_t)__builtin_ctz(qc);
        const qtok *q = &s->q[qi];
        /* found by the abbreviation alone: of seven letters or more (and
         * below, in syllables of three letters on average: COL-CERDOS,
         * IN-CO-VALLE); shorter ones spell a name by chance too often
         * (S-TE-IN, SERVICIOS TECNOLOGICOS INDUSTRIALES) */
        if (q->id != VG_STRTAB_NONE || q->len < 7 || q->len > ABBREV_MAX)
            continue;
        unsigned c0 = (unsigned)(q->s[0] - 'a');
        uint16_t keys[5];
        size_t nk = 0;
        for (size_t i = 1; i < q->len && i <= 5; i++) {
            uint16_t key = (uint16_t)(c0 * 26 + (unsigned)(q->s[i] - 'a'));
            size_t x = 0;
            while (x < nk && keys[x] != key)
                x++;
            if (x == nk)
                keys[nk++] = key;
        }
        size_t checked = 0;
        for (size_t x = 0; x < nk && checked < ABBREV_CHECK_MAX; x++) {
            for (uint32_t p = ix->abbr_off[keys[x]];
                 p < ix->abbr_off[keys[x] + 1] && checked < ABBREV_CHECK_MAX; p++) {
                const ix_name *nm = &ix->names[ix->abbr_names[p]];
                ent_acc *a = &s->ea[nm->entity];
                if (a->seen & (1u << qi))
                    continue; /* this word found it already */
                checked++;
                initials_side side = {.n = nm->n_tok < 32 ? nm->n_tok : 32};
                for (size_t j = 0; j < side.n; j++)
                    initials_mark(&side, j, vg_strtab_get(&ix->toks, ix->name_toks[nm->tok0 + j]),
                                  ix->name_tokf[nm->tok0 + j]);
                float sim = 0;
                uint32_t run = 0;
                size_t pieces = 0;
                for (size_t j = 0; j < side.n && !run; j++)
                    if (side.w[j].len && side.w[j].ptr[0] == q->s[0])
                        run = initials_run(&side, j, q->s, q->len, true, &sim, &pieces);
                if (!run || sim >= 0.9f || q->len < 3 * pieces)
                    continue;
                /* its words count as related (score_entity scores only
                 * names that retrieval related a word of) */
                for (; run; run &= run - 1)
                    s->tok_mark[ix->name_toks[nm->tok0 + __builtin_ctz(run)]] = s->epoch;
                if (!a->seen) {
                    a->seen = SEEN_BIT;
                    a->acc = 0;
                    a->qstamp = UINT32_MAX;
                    s->touched[s->n_touched++] = nm->entity;
                }
                a->seen |= 1u << qi;
                a->acc += sim * q->w;
            }
        }
    }
}

/* Adds to cp the pairs of an organisation's initials on one side with the
 * run of words they spell on the other (DTO / DRUG TRAFFICKING
 * ORGANIZATION, NPC / N P C), at similarity 0.9 and the weight of the words
 * spelled out: query initials always, list initials when `q_org` (the
 * query is a company's). When the query is surely a company's, an
 * abbreviation of syllables (COMECARNES, COMERCIALIZADORA DE CARNES)
 * pairs too, at 0.85. They come
 * last in the greedy order (but before an initial paired with one of their
 * letters): initials fill what the words themselves left unpaired, never
 * take words from a closer pair. */
static __attribute__((noinline)) void initials_pairs(vg_screener *s, const name_view *nv,
                                                     size_t n, cand_pair *cp, size_t *ncp,
                                                     bool q_org)
{
    size_t nq = s->nq_real < 32 ? s->nq_real : 32, n0 = *ncp;
    /* syllables only when the query is surely a company's: given as one,
     * or with a legal form (a business word is also a name: MARINE COLIN
     * is no CO-LIN, CONFECCIONES LINA) */
    bool syllables = nv->ptoks || s->q_kind_org || s->q_legal;
    /* first the letters alone: most names have no two words in a row (or
     * with a short word between, which initials may skip) that start with
     * a query initial's first two letters, and no word of three to eight
     * letters whose first two letters start two such query words (or, for
     * an abbreviation of syllables, a query word) */
    unsigned c[32], c2[32];
    uint32_t shortw = 0, lcand = 0;
    uint32_t m_abbrev = q_org && syllables ? s->m_abbrev : 0;
    for (size_t j = 0; j < n; j++) {
        vg_str w = list_str(s, nv, j);
        c[j] = (unsigned char)w.ptr[0] - 'a';
        c2[j] = w.len > 1 ? (unsigned char)w.ptr[1] - 'a' : 26;
        if (c[j] >= 26)
            c[j] = 26;
        if (c2[j] >= 26)
            c2[j] = 26;
        if (w.len <= 3 || (nv->flags[j] & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL)))
            shortw |= 1u << j;
        /* initials the index made of the name itself repeat its words */
        if (q_org && w.len >= 3 && w.len <= ABBREV_MAX && c[j] < 26 && c2[j] < 26 &&
            !(nv->flags[j] & VG_TOKF_ACRONYM) &&
            ((w.len <= 8 && (s->q_bigrams[c[j]] >> c2[j] & 1u)) ||
             (syllables && w.len >= 4 && (s->q_heads[c[j]] >> c2[j] & 1u))))
            lcand |= 1u << j;
    }
    bool fwd = false;
    for (size_t j = 0; j < n && (s->m_initials | m_abbrev) && !fwd; j++) {
        if (c[j] >= 26)
            continue;
        uint32_t second = s->initials_pairs[c[j]];
        fwd = (j + 1 < n && c[j + 1] < 26 && (second >> c[j + 1] & 1u)) ||
              (j + 2 < n && (shortw >> (j + 1) & 1u) && c[j + 2] < 26 &&
               (second >> c[j + 2] & 1u)) ||
              (m_abbrev && c2[j] < 26 && (s->abbrev_pairs[c[j]] >> c2[j] & 1u));
    }
    if (fwd) {
        initials_side l = {.n = n};
        for (size_t j = 0; j < n; j++)
            initials_mark(&l, j, list_str(s, nv, j), nv->flags[j]);
        for (uint32_t qc = s->m_initials | m_abbrev; qc; qc &= qc - 1) {
            uint32_t qi = (uint32_t)__builtin_ctz(qc);
            const qtok *q = &s->q[qi];
            /* screening, four letters spell a name by chance too often
             * (S-TE-C, SMILE TECHNOLOGIES CANADA) */
            bool syl = (m_abbrev >> qi & 1u) && (nv->ptoks || q->len >= 5);
            for (size_t j = 0; j < n && *ncp < MAX_CAND_PAIRS; j++) {
                float sim = 0;
                uint32_t run = initials_run(&l, j, q->s, q->len, syl, &sim, NULL);
                if (!run)
                    continue;
                float w = 0;
                for (uint32_t r = run; r; r &= r - 1)
                    w += list_w(s, nv, (size_t)__builtin_ctz(r));
                cp[(*ncp)++] = (cand_pair){0, sim, w, q->cover, run, (uint8_t)qi, (uint8_t)j,
                                           VG_CMP_ACRONYM, false};
            }
        }
    }
    if (lcand) {
        initials_side qs = {.n = nq};
        for (size_t qi = 0; qi < nq; qi++)
            initials_mark(&qs, qi, (vg_str){s->q[qi].s, s->q[qi].len}, s->q[qi].flags);
        for (; lcand; lcand &= lcand - 1) {
            size_t j = (size_t)__builtin_ctz(lcand);
            vg_str w = list_str(s, nv, j);
            bool syl = syllables && w.len >= (nv->ptoks ? 4u : 5u) && abbrev_word(w, nv->flags[j]);
            if (!syl && !initials_word(w, nv->flags[j]))
                continue;
            for (size_t qi = 0; qi < nq && *ncp < MAX_CAND_PAIRS; qi++) {
                float sim = 0;
                uint32_t run = initials_run(&qs, qi, w.ptr, w.len, syl, &sim, NULL);
                if (!run)
                    continue;
                float wt = 0;
                for (uint32_t r = run; r; r &= r - 1)
                    wt += s->q[__builtin_ctz(r)].w;
                cp[(*ncp)++] = (cand_pair){0, sim, wt, run, 1u << j, (uint8_t)qi, (uint8_t)j,
                                           VG_CMP_ACRONYM, false};
            }
        }
    }
    /* an initial pair within them (NPC against the N of N P C) explains a
     * letter where they explain all: it comes after them */
    uint32_t qm = 0, lm = 0;
    for (size_t k = n0; k < *ncp; k++) {
        qm |= cp[k].qmask;
        lm |= cp[k].lmask;
    }
    for (size_t k = 0; k < n0 && *ncp > n0; k++)
        if (cp[k].method == VG_CMP_INITIAL && ((cp[k].qmask & qm) || (cp[k].lmask & lm)))
            cp[k].gain = -1.0f;
}

/* Writes the words of run `mask` (query words when `query`, else list
 * words) to t, space-separated and cut at RUN_TEXT_LEN. */
static void run_text(const vg_screener *s, const name_view *nv, uint32_t mask, bool query, char *t)
{
    size_t k = 0;
    for (uint32_t r = mask; r; r &= r - 1) {
        size_t j = (size_t)__builtin_ctz(r);
        vg_str w = query ? (vg_str){s->q[j].s, s->q[j].len} : list_str(s, nv, j);
        if (k && k + 1 < RUN_TEXT_LEN)
            t[k++] = ' ';
        size_t c = w.len < RUN_TEXT_LEN - 1 - k ? w.len : RUN_TEXT_LEN - 1 - k;
        memcpy(t + k, w.ptr, c);
        k += c;
    }
    t[k] = '\0';
}

/* ---- Korean and Chinese syllables ---------------------------------------
 * McCune-Reischauer writes the unaspirated Korean initials k, t, p, ch
 * where Revised Romanization writes g, d, b, j (CHONG / JONG, PU IL /
 * BU IL), and without its breves o and u where RR writes eo and eu (SONG /
 * SEONG, UN / EUN); Wade-Giles and pinyin differ alike for Chinese (TENG /
 * DENG, CHIANG / JIANG, HSIAO / XIAO). Two names that are both romanised
 * syllables, and only such, pair syllables that differ in these alone. */

/* Adds to cp the pairs of a query syllable and a list syllable written
 * differently that fold alike (vg__text_cjk_syllable), at 0.85 as a variant, when
 * the list name's words are all romanised syllables, two or more, no
 * particle or title among them. */
static void cjk_pairs(vg_screener *s, const name_view *nv, size_t n, cand_pair *cp, size_t *ncp)
{
    char lf[32][16];
    if (n < 2 || n > 32)
        return;
    for (size_t j = 0; j < n; j++)
        if ((nv->flags[j] & (VG_TOKF_PARTICLE | VG_TOKF_TITLE)) ||
            !vg__text_cjk_syllable(list_str(s, nv, j), lf[j], sizeof lf[j]))
            return;
    for (size_t j = 0; j < n; j++) {
        vg_str lw = list_str(s, nv, j);
        for (size_t qi = 0; qi < s->nq_real && qi < 32 && *ncp < MAX_CAND_PAIRS; qi++) {
            const qtok *q = &s->q[qi];
            if (strcmp(s->q_cjk_fold[qi], lf[j]) == 0 &&
                !(q->len == lw.len && memcmp(q->s, lw.ptr, lw.len) == 0))
                set_pair(&cp[(*ncp)++], q, (uint32_t)qi, q->cover, j, false, 0.85f,
                         VG_CMP_VARIANT, list_w(s, nv, j));
        }
    }
}

/* A country's name as one word (IRAN, GERMANY, KOREA), not a code (CO
 * and SA are legal forms). */
static bool country_code(const char *w, size_t n, char cc[3])
{
    if (n < 4)
        return false;
    /* either Korea, which the table leaves to its long names */
    if ((n == 5 && !memcmp(w, "korea", 5)) || (n == 6 && !memcmp(w, "korean", 6))) {
        memcpy(cc, "K?", 3);
        return true;
    }
    return vg_country_lookup((vg_str){w, n}, cc);
}

static bool country_word(const char *w, size_t n)
{
    char cc[3];
    return country_code(w, n, cc);
}

/* A company's name against a company's: each holds a country the other
 * lacks, and no country in common among them: two branches or national
 * units of one family of names (AL-HARAMAIN FOUNDATION (KENYA) / (TANZANIA),
 * JUND AL-KHILAFAH IN ALGERIA / IN TUNISIA). */
static bool countries_differ(const vg_screener *s, const name_view *nv, size_t n, uint32_t qused,
                             uint32_t lused)
{
    char qc[4][3], lc[4][3];
    size_t nqc = 0, nlc = 0;
    for (uint32_t qi = 0; qi < s->nq_real && qi < 32 && nqc < 4; qi++)
        if (!(qused & (1u << qi)) && country_code(s->q[qi].s, s->q[qi].len, qc[nqc]))
            nqc++;
    for (size_t j = 0; j < n && j < 32 && nlc < 4; j++) {
        vg_str w = list_str(s, nv, j);
        if (!(lused & (1u << j)) && country_code(w.ptr, w.len, lc[nlc]))
            nlc++;
    }
    if (!nqc || !nlc)
        return false;
    for (size_t a = 0; a < nqc; a++)
        for (size_t b = 0; b < nlc; b++)
            if (!memcmp(qc[a], lc[b], 2))
                return false;
    return true;
}

/* Both names carry numbers and none of the query's is the list name's:
 * another unit, branch or series of the same family of names (the 77TH
 * and the 33RD LIGHT INFANTRY DIVISION, SHIPPING 3 and SHIPPING 5). */
static bool numbers_differ(const vg_screener *s, const name_view *nv)
{
    if (!s->n_qnum)
        return false;
    bool any = false;
    for (size_t j = 0; j < nv->n; j++) {
        long v = lead_number(list_str(s, nv, j).ptr);
        if (v < 0)
            continue;
        any = true;
        for (size_t k = 0; k < s->n_qnum; k++)
            if (s->q_num[k] == v)
                return false;
    }
    return any;
}

/* An English plural of the other word (FORCE / FORCES, SERVICE /
 * SERVICES, AGENCY / AGENCIES), as a company's or group's other names
 * write its words: the same word. Four letters or more in the singular. */
static bool plural_pair(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    if (na < 4 || nb > na + 2)
        return false;
    if (nb == na + 1)
        return b[na] == 's' && memcmp(a, b, na) == 0;
    /* -es after a sibilant (BUS, BOX: short words aside), -y to -ies */
    if (b[nb - 2] == 'e' && b[nb - 1] == 's' && memcmp(a, b, na) == 0)
        return true;
    return a[na - 1] == 'y' && memcmp(a, b, na - 1) == 0 && !memcmp(b + na - 1, "ies", 3);
}

/* The similarity of an edit-distance pair of an organisation's words
 * when one is the plural of the other. */
#define PLURAL_SIM 0.95f
/* ... and when they are the same word in two European languages. */
#define COGNATE_SIM 0.92f

/* A word of an organisation's name with its ending brought to a form
 * shared by French, Spanish, Portuguese, Italian, German and English
 * (ISLAMIQUE, ISLAMICO, ISLAMISCH and ISLAMIC; MINISTERIO and MINISTRY;
 * GROUPE and GROUP; ARME and ARMED; INDUSTRIE, INDUSTRIA and INDUSTRY;
 * NACIONAL and NATIONAL): writes it to out (VG_KEY_MAX + 8 bytes) and
 * returns its length, 0 when the stem left is shorter than four letters. */
static size_t cognate_form(const char *w, size_t n, char *out)
{
    static const struct {
        const char *end, *to;
    } rules[] = {{"cional", "tional"}, {"zione", "tion"}, {"ique", "ic"}, {"isch", "ic"},
                 {"cion", "tion"},     {"cao", "tion"},   {"ico", "ic"},   {"ica", "ic"},
                 {"erio", "ry"},       {"que", "k"},      {"ia", "y"},     {"ie", "y"},
                 {"ed", ""},           {"e", ""},         {"o", ""},       {"a", ""}};
    if (n > VG_KEY_MAX)
        return 0;
    memcpy(out, w, n);
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        size_t el = strlen(rules[k].end), tl = strlen(rules[k].to);
        if (n >= el + 4 && memcmp(w + n - el, rules[k].end, el) == 0) {
            memcpy(out + n - el, rules[k].to, tl);
            return n - el + tl;
        }
    }
    return n >= 4 ? n : 0;
}

/* The glossary concept of an organisation's word (vg__text_org_concept);
 * of a word transliterated from an abjad (abjad), the concept of the first
 * spelling of four letters or more it reads as (abjad_sim, 0.9 or more:
 * jmaa as jamaa, mslha as musallaha). -1 when none. */
static int tok_concept(vg_screener *s, const char *w, size_t n, bool abjad)
{
    if (!abjad)
        return vg__text_org_concept((vg_str){w, n});
    if (!s->gl) {
        /* the glossary's spellings through abjad_fold, once per screener */
        vg_str g;
        size_t cnt = 0;
        while (vg__text_org_word(cnt, &g) >= 0)
            cnt++;
        if (s->concepts_failed ||
            !(s->gl = vg__calloc(&s->alloc, (cnt ? cnt : 1) * sizeof *s->gl))) {
            s->concepts_failed = true;
            return -1;
        }
        for (size_t i = 0; i < cnt; i++) {
            gl_fold *f = &s->gl[s->n_gl];
            int c = vg__text_org_word(i, &g);
            if (g.len < 4 || g.len > VG_KEY_MAX)
                continue; /* too short to read an abjad spelling by */
            f->len = (uint8_t)abjad_fold(g.ptr, g.len, f->f, sizeof f->f, false);
            f->key = abjad_key(f->f, f->len);
            f->e_end = e_ending(g.ptr, g.len);
            f->concept = (int16_t)c;
            s->n_gl++;
        }
        s->c_gl = cnt ? cnt : 1;
    }
    char af[VG_KEY_MAX + 1];
    size_t na = abjad_fold(w, n, af, sizeof af, true);
    if (na < 3)
        return -1;
    uint32_t key = abjad_key(af, na);
    for (size_t i = 0; i < s->n_gl; i++) {
        const gl_fold *f = &s->gl[i];
        if (f->key == key && abjad_sim(af, na, f->f, f->len, f->e_end) >= 0.9f)
            return f->concept;
    }
    return -1;
}

/* Vocabulary token tok's glossary concept, read as Latin or as an abjad
 * transliteration: looked up once per screener (an abjad reading scans
 * the glossary). -1 when none, or when the cache cannot be allocated. */
static int vocab_concept(vg_screener *s, uint32_t tok, bool abjad)
{
    size_t ntok = s->ix->toks.n;
    if (!s->tok_concept) {
        if (s->concepts_failed || !ntok)
            return -1;
        /* [tok] read as Latin, [ntok + tok] as an abjad transliteration:
         * 0 not yet looked up, 1 none, c + 2 concept c */
        s->tok_concept = vg__calloc(&s->alloc, 2 * ntok);
        if (!s->tok_concept) {
            s->concepts_failed = true;
            return -1;
        }
    }
    uint8_t *slot = &s->tok_concept[(abjad ? ntok : 0) + tok];
    if (!*slot) {
        vg_str ls = vg_strtab_get(&s->ix->toks, tok);
        *slot = (uint8_t)(tok_concept(s, ls.ptr, ls.len, abjad) + 2);
    }
    return (int)*slot - 2;
}

/* Query token qi's glossary concept: a word the lists hold by
 * vocab_concept, any other looked up once per query. */
static int q_concept(vg_screener *s, uint32_t qi)
{
    const qtok *q = &s->q[qi];
    if (q->id != VG_STRTAB_NONE && s->ix && q->id < s->ix->toks.n)
        return vocab_concept(s, q->id, s->q_translit);
    if (qi >= 32)
        return tok_concept(s, q->s, q->len, s->q_translit);
    if (!(s->q_concept_known >> qi & 1u)) {
        s->q_concept[qi] = (int16_t)tok_concept(s, q->s, q->len, s->q_translit);
        s->q_concept_known |= 1u << qi;
    }
    return s->q_concept[qi];
}

/* List token j's glossary concept: pairwise looked up, in screening by
 * vocab_concept. */
static int l_concept(vg_screener *s, const name_view *nv, size_t j)
{
    if (nv->ptoks)
        return tok_concept(s, nv->ptoks[j].s, nv->ptoks[j].len, nv->translit);
    return vocab_concept(s, nv->toks[j], nv->translit);
}

/* A spelled pair's similarity (edit distance or skeleton, below
 * PLURAL_SIM) raised when one word is the plural of the other or its
 * cognate, and, compared pairwise, any pair of words the glossary gives
 * one English word (TRANSLATION_SIM); any other pair as it is. Only in an
 * organisation's name against an organisation's (see score_name).
 * Screening pairs translations after the rest (translated_pairs): its
 * cached rows hold only the pairs retrieval related. */
static float org_word_sim(vg_screener *s, const name_view *nv, size_t j, const qtok *q,
                          float sim, uint8_t *m)
{
    if (nv->ptoks && sim < TRANSLATION_SIM) {
        /* pairwise, one word in two languages (SHERKAT NAFT PARS / PARS
         * OIL COMPANY) */
        int cq = q_concept(s, (uint32_t)(q - s->q));
        if (cq >= 0 && cq == l_concept(s, nv, j)) {
            *m = VG_CMP_TRANSLATION;
            return TRANSLATION_SIM;
        }
    }
    if ((*m != VG_CMP_EDIT && *m != VG_CMP_SKELETON) || sim <= 0 || sim >= PLURAL_SIM)
        return sim;
    const char *a = q->s;
    size_t na = q->len;
    vg_str b = list_str(s, nv, j);
    if (plural_pair(a, na, b.ptr, b.len)) {
        *m = VG_CMP_VARIANT;
        return PLURAL_SIM;
    }
    char ca[VG_KEY_MAX + 8], cb[VG_KEY_MAX + 8];
    size_t la = cognate_form(a, na, ca), lb = cognate_form(b.ptr, b.len, cb);
    if (sim < COGNATE_SIM && la && la == lb && memcmp(ca, cb, la) == 0) {
        *m = VG_CMP_VARIANT;
        return COGNATE_SIM;
    }
    return sim;
}

/* Query token qi's flags, with the index's for a word the lists hold
 * (pairwise, the words' own, as the other side's are). */
static unsigned q_tokflags(const vg_screener *s, const name_view *nv, uint32_t qi)
{
    const qtok *q = &s->q[qi];
    return q->flags | (!nv->ptoks && q->id != VG_STRTAB_NONE ? s->ix->tok[q->id].flags : 0u);
}

/* Whether query token qi is a legal form of three letters or more (LTD,
 * DOO, LLC; not SP or AS, which are also words of names). */
static bool q_legal(const vg_screener *s, const name_view *nv, uint32_t qi)
{
    return s->q[qi].len >= 3 && (q_tokflags(s, nv, qi) & VG_TOKF_LEGAL);
}

/* Whether the query tokens of mask m hold a name's word: not only legal
 * forms, business words and particles. */
static bool q_named(const vg_screener *s, const name_view *nv, uint32_t m)
{
    for (; m; m &= m - 1)
        if (!(q_tokflags(s, nv, (uint32_t)__builtin_ctz(m)) &
              (VG_TOKF_LEGAL | VG_TOKF_GENERIC | VG_TOKF_PARTICLE)))
            return true;
    return false;
}

/* Pairwise, with lists loaded: how rare a word (pairwise token t, its keys
 * made) is as a person's name in them: its spelling's weight, else its
 * variant group's, else that of a word they never use. */
static float vocab_w(const vg_index *ix, const qtok *t)
{
    uint32_t id = vg_strtab_find(&ix->toks, (vg_str){t->s, t->len});
    if (id != VG_STRTAB_NONE)
        return ix->tok[id].w_person;
    uint32_t p = vg_strtab_find(&ix->phons, (vg_str){t->phon_s, t->phon_len});
    if (p != VG_STRTAB_NONE && ix->phon_off[p] < ix->phon_off[p + 1])
        return ix->tok[ix->phon_toks[ix->phon_off[p]]].w_person;
    return ix->w_unknown;
}

/* The rarity of a pair of words compared pairwise: that of the commoner
 * (a joined list pair as pair_sim joins it) */
static float pair_rarity(const vg_screener *s, const name_view *nv, const cand_pair *c)
{
    float wq = vocab_w(s->ix, &s->q[c->qi]), wl;
    const qtok *a = &nv->ptoks[c->lj];
    if (c->lmerge && (size_t)c->lj + 1 < nv->n) {
        const qtok *b = &nv->ptoks[c->lj + 1];
        qtok joined;
        memset(&joined, 0, sizeof joined);
        size_t nb = a->len + b->len > VG_KEY_MAX ? VG_KEY_MAX - a->len : b->len;
        memcpy(joined.s, a->s, a->len);
        memcpy(joined.s + a->len, b->s, nb);
        joined.len = (uint16_t)(a->len + nb);
        qtok_keys(NULL, &joined);
        wl = vocab_w(s->ix, &joined);
    } else {
        wl = vocab_w(s->ix, a);
    }
    return wq < wl ? wq : wl;
}

/* Adds to score_name's tallies a pair it left for later: query word qi
 * (real) with list word j at similarity sim by method m, both marked used,
 * to the matched weight *M, the query's weight *Dq, the rarity-weighted *Mr
 * when given, and the explanation. */
static void take_pair(vg_screener *s, const name_view *nv, uint32_t qi, size_t j, float sim,
                      vg_cmp_method m, uint32_t *qused, uint32_t *lused, float *M, float *Dq,
                      float *Mr, vg_explanation *ex)
{
    cand_pair c;
    set_pair(&c, &s->q[qi], qi, 1u << qi, j, false, sim, (uint8_t)m, list_w(s, nv, j));
    *qused |= 1u << qi;
    *lused |= 1u << j;
    *M += c.sim * c.w;
    *Dq += c.w;
    if (Mr)
        *Mr += c.sim * pair_rarity(s, nv, &c);
    if (ex && ex->n_pairs < VG_EXPLAIN_MAX_PAIRS)
        ex->pairs[ex->n_pairs++] = (vg_token_pair){.query = s->q[qi].s,
                                                   .list = list_str(s, nv, j).ptr,
                                                   .method = m,
                                                   .similarity = c.sim,
                                                   .weight = c.w};
}

/* Pairs the words score_name left unpaired on both sides of a company's
 * name that the glossary gives one English word (MOASSESEH / FOUNDATION),
 * each query word with the first such list word, at TRANSLATION_SIM
 * (take_pair). */
static void translated_pairs(vg_screener *s, const name_view *nv, size_t n, uint32_t *qused,
                             uint32_t *lused, float *M, float *Dq, vg_explanation *ex)
{
    for (uint32_t qi = 0; qi < s->nq_real && qi < 32; qi++) {
        if (*qused >> qi & 1u)
            continue;
        int cq = q_concept(s, qi);
        for (size_t j = 0; cq >= 0 && j < n; j++) {
            if ((*lused >> j & 1u) || l_concept(s, nv, j) != cq)
                continue;
            take_pair(s, nv, qi, j, TRANSLATION_SIM, VG_CMP_TRANSLATION, qused, lused, M, Dq,
                      NULL, ex);
            break;
        }
    }
}

/* Pairs the words score_name left unpaired on both sides of a pairwise
 * comparison whose letters are alike enough (a first letter in common, at
 * most 40 % of the longer word edited), each query word with its likest
 * list word, at that likeness (take_pair). Returns whether it paired any. */
#define LOOSE_MIN_LEN 4
#define LOOSE_MIN_SIM 0.6f
static bool loose_pairs(vg_screener *s, const name_view *nv, size_t n, uint32_t *qused,
                        uint32_t *lused, float *M, float *Dq, float *Mr, vg_explanation *ex)
{
    const unsigned skip = VG_TOKF_PARTICLE | VG_TOKF_TITLE;
    bool any = false;
    for (uint32_t qi = 0; qi < s->nq_real && qi < 32; qi++) {
        const qtok *q = &s->q[qi];
        if ((*qused >> qi & 1u) || (q->flags & skip) || q->len < LOOSE_MIN_LEN)
            continue;
        float best = 0;
        size_t bj = n;
        for (size_t j = 0; j < n; j++) {
            const qtok *l = &nv->ptoks[j];
            if ((*lused >> j & 1u) || (nv->flags[j] & skip) || l->len < LOOSE_MIN_LEN)
                continue;
            /* two Abd compounds are as alike as the names after the Abd
             * (ABDULALI / ABDULHADI), which must be long enough */
            vg_str qa = {q->s, q->len}, la = {l->s, l->len};
            if (is_abd_compound(qa) && is_abd_compound(la)) {
                qa = (vg_str){qa.ptr + 5, qa.len - 5};
                la = (vg_str){la.ptr + 5, la.len - 5};
                if (qa.len < LOOSE_MIN_LEN || la.len < LOOSE_MIN_LEN)
                    continue;
            }
            /* a different first letter is rarer as a slip (ZHDANOVA /
             * ASLANOVA, two names) */
            if (qa.ptr[0] != la.ptr[0])
                continue;
            /* 40 % of a word of ten letters; no more than four edits in
             * a longer one */
            int d = vg_text_edit_distance(qa, la, 4);
            if (d > 4)
                continue;
            size_t longer = qa.len > la.len ? qa.len : la.len;
            float sim = 1.0f - (float)d / (float)longer;
            if (sim > best) {
                best = sim;
                bj = j;
            }
        }
        if (bj == n || best < LOOSE_MIN_SIM)
            continue;
        take_pair(s, nv, qi, bj, best, VG_CMP_EDIT, qused, lused, M, Dq, Mr, ex);
        any = true;
    }
    return any;
}

static float score_name(vg_screener *s, const name_view *nv, vg_explanation *ex)
{
    cand_pair cp[MAX_CAND_PAIRS];
    size_t ncp = 0;
    size_t n = nv->n < 32 ? nv->n : 32;
    /* an organisation's words against an organisation's: plurals and
     * cognates are the same word (not a person's name against them) */
    bool org_words = nv->org && (nv->ptoks || s->q_org || s->q_kind_org);
    for (size_t j = 0; j < n; j++) {
        for (int merge = 0; merge < 2; merge++) {
            if (merge && (j + 1 >= n || (!nv->ptoks && !nv->merge) ||
                          (!nv->ptoks && nv->merge[j] == VG_STRTAB_NONE)))
                continue;
            const sim_row *row = NULL;
            bool have_row = false;
            /* The usual case: a cached row says which query tokens pair
             * with this list token; visit only those, in query order. A
             * list title, pairwise mode, a full cache or no query token
             * to make a row for take the general loop below, which makes
             * the same pairs in the same order. */
            if (!(nv->flags[j] & VG_TOKF_TITLE) && (merge ? s->plain_real : s->plain_any)) {
                row = row_get(s, nv, j, merge);
                have_row = true;
            }
            if (row) {
                if (!row->live)
                    continue; /* most list tokens pair with no query token */
                float wj = list_w(s, nv, j) + (merge ? list_w(s, nv, j + 1) : 0.0f);
                for (uint64_t live = row->live; live && ncp < MAX_CAND_PAIRS;
                     live &= live - 1) {
                    uint32_t qi = (uint32_t)__builtin_ctzll(live);
                    const qtok *q = &s->q[qi];
                    uint32_t qmask = q->cover;
                    float sim = row->sim[qi];
                    uint8_t m = row->m[qi];
                    if (org_words && !merge)
                        sim = org_word_sim(s, nv, j, q, sim, &m);
                    cand_pair *c = &cp[ncp++];
                    if (q->flags & VG_TOKF_TITLE) {
                        *c = (cand_pair){0.5f * sim, sim, 0.5f, qmask, 1u << j, (uint8_t)qi,
                                         (uint8_t)j, m, false};
                        continue;
                    }
                    set_pair(c, q, qi, qmask, j, merge, sim, m, wj);
                }
                continue;
            }
            for (uint32_t qi = 0; qi < s->nq; qi++) {
                const qtok *q = &s->q[qi];
                uint32_t qmask = q->cover;
                if ((nv->flags[j] | q->flags) & VG_TOKF_TITLE) {
                    /* a title (or a name a title was read from: Sayyid,
                     * Haji) pairs like any token but weighs little */
                    if (merge || ncp >= MAX_CAND_PAIRS)
                        continue;
                    vg_cmp_method tm;
                    float ts = pair_sim(s, nv, qi, j, false, false, &tm);
                    if (ts > 0) {
                        cand_pair *c = &cp[ncp++];
                        *c = (cand_pair){0.5f * ts, ts, 0.5f, qmask, 1u << j, (uint8_t)qi,
                                         (uint8_t)j, (uint8_t)tm, false};
                    }
                    continue;
                }
                if (merge && q->pair >= 0)
                    continue;
                vg_cmp_method m;
                float sim;
                if (!have_row) {
                    row = row_get(s, nv, j, merge);
                    have_row = true;
                }
                if (row) {
                    /* a token that is no title has an entry when live */
                    bool on = (row->live >> qi) & 1u;
                    sim = on ? row->sim[qi] : 0.0f;
                    m = on ? (vg_cmp_method)row->m[qi] : VG_CMP_NONE;
                } else {
                    sim = pair_sim(s, nv, qi, j, merge, false, &m);
                }
                if (sim <= 0 && !merge && q->pair < 0) {
                    /* initials: "M" against "Mohammed" either way (length
                     * and first byte from the token table, not the string) */
                    size_t ll;
                    char l0;
                    if (nv->ptoks) {
                        ll = nv->ptoks[j].len;
                        l0 = nv->ptoks[j].s[0];
                    } else {
                        const ix_tok *lt = &s->ix->tok[nv->toks[j]];
                        ll = lt->len;
                        l0 = lt->s0;
                    }
                    if (q->len == 1 && ll > 1 && l0 == q->s[0]) {
                        sim = 0.7f;
                        m = VG_CMP_INITIAL;
                    } else if (ll == 1 && q->len > 1 && q->s[0] == l0) {
                        sim = 0.7f;
                        m = VG_CMP_INITIAL;
                    }
                }
                if (org_words && !merge) {
                    uint8_t m8 = (uint8_t)m;
                    sim = org_word_sim(s, nv, j, q, sim, &m8);
                    m = (vg_cmp_method)m8;
                }
                if (sim <= 0 || ncp >= MAX_CAND_PAIRS)
                    continue;
                set_pair(&cp[ncp++], q, qi, qmask, j, merge, sim, (uint8_t)m,
                         list_w(s, nv, j) + (merge ? list_w(s, nv, j + 1) : 0.0f));
            }
        }
    }
    if (s->q_cjk && !nv->org)
        cjk_pairs(s, nv, n, cp, &ncp);
    /* a company's initials, when the query is a company's name too (a
     * person's JAY or IRA is no acronym) */
    bool org_query = nv->ptoks || s->q_org || s->q_kind_org;
    if (nv->org && (s->m_initials || org_query))
        initials_pairs(s, nv, n, cp, &ncp, org_query);
    cand_pair tmp[MAX_CAND_PAIRS];
    sort_pairs(cp, ncp, tmp);
    uint32_t qused = 0, lused = 0;
    uint8_t lq_min[32]; /* the query token each list token is paired with */
    memset(lq_min, 0xff, sizeof lq_min);
    float M = 0, Dq = 0, best_w = 0, rare_w = 0;
    /* pairwise, a person's name, with lists loaded: the matched words'
     * rarity in them (below) */
    bool p_rarity = nv->ptoks && !nv->org && s->ix->n_ents > 0;
    float Mr = 0, best_r = 0;
    bool all_close = true;
    int content_pairs = 0;
    bool content_exact = true;
    if (ex)
        ex->n_pairs = 0;
    size_t nruns = 0;
    float Dl = 0;
    for (size_t k = 0; k < ncp; k++) {
        cand_pair *c = &cp[k];
        if ((qused & c->qmask) || (lused & c->lmask))
            continue;
        qused |= c->qmask;
        lused |= c->lmask;
        /* the pairs' order on both sides (the whole name rule below) */
        if (c->lj < 32 && (c->qi < lq_min[c->lj]))
            lq_min[c->lj] = c->qi;
        all_close &= c->sim >= 0.85f;
        if (!(q_tokflags(s, nv, c->qi) &
              (VG_TOKF_LEGAL | VG_TOKF_GENERIC | VG_TOKF_PARTICLE | VG_TOKF_TITLE))) {
            content_pairs++;
            content_exact &= c->sim >= 1.0f || c->method == VG_CMP_ACRONYM;
        }
        M += c->sim * c->w;
        if (p_rarity && !(s->q[c->qi].flags & (VG_TOKF_PARTICLE | VG_TOKF_TITLE))) {
            float wr = pair_rarity(s, nv, c);
            Mr += c->sim * wr;
            if (c->sim >= 0.9f && wr > best_r)
                best_r = wr;
        }
        Dq += c->w;
        if (c->sim >= 0.9f && c->w > best_w)
            best_w = c->w; /* a rare token matched closely: a distinctive name */
        if (c->sim >= 0.85f && c->w > rare_w)
            rare_w = c->w;
        if (c->method == VG_CMP_INITIAL) {
            /* an initial confirms a letter, not the name: the rest of the
             * full token's information stays unexplained */
            float wq = s->q[c->qi].w, wl = list_w(s, nv, c->lj);
            if (wq > c->w)
                Dq += wq - c->w;
            if (wl > c->w)
                Dl += 0.5f * (wl - c->w);
        }
        if (ex && ex->n_pairs < VG_EXPLAIN_MAX_PAIRS) {
            vg_token_pair *p = &ex->pairs[ex->n_pairs++];
            p->query = s->q[c->qi].s;
            if (s->q[c->qi].flags & QTOK_TRANSLATED)
                p->query = s->q[__builtin_ctz(c->qmask)].s; /* the word itself */
            if (c->method == VG_CMP_ACRONYM) {
                /* the initials against the words they spell */
                char *t = nv->runtext && nruns < RUN_TEXTS ? nv->runtext[nruns++] : NULL;
                bool qrun = (c->qmask & (c->qmask - 1)) != 0;
                p->list = list_str(s, nv, c->lj).ptr;
                if (t) {
                    run_text(s, nv, qrun ? c->qmask : c->lmask, qrun, t);
                    *(qrun ? &p->query : &p->list) = t;
                }
            } else if (c->lmerge && nv->ptoks) {
                /* pairwise, the two words as joined (or the first alone
                 * when no buffer is left) */
                char *t = nv->runtext && nruns < RUN_TEXTS ? nv->runtext[nruns++] : NULL;
                p->list = nv->ptoks[c->lj].s;
                if (t) {
                    const qtok *l0 = &nv->ptoks[c->lj], *l1 = &nv->ptoks[c->lj + 1];
                    size_t n0 = l0->len < RUN_TEXT_LEN - 1 ? l0->len : RUN_TEXT_LEN - 1;
                    size_t n1 = l1->len < RUN_TEXT_LEN - 1 - n0 ? l1->len : RUN_TEXT_LEN - 1 - n0;
                    memcpy(t, l0->s, n0);
                    memcpy(t + n0, l1->s, n1);
                    t[n0 + n1] = '\0';
                    p->list = t;
                }
            } else if (c->lmerge) {
                /* the joined list token has its own vocabulary string */
                p->list = vg_strtab_get(&s->ix->toks, nv->merge[c->lj]).ptr;
            } else {
                p->list = list_str(s, nv, c->lj).ptr;
            }
            p->method = (vg_cmp_method)c->method;
            p->similarity = c->sim;
            p->weight = c->w;
        }
    }
    /* Pairwise, a person's name: a word of each side left unpaired, of four
     * letters or more and alike in most of their letters (MEVTL / MEVLUT,
     * two slips; ALEXANDROS / ALEXANDER, a name of one word), pair at that
     * likeness. Screening leaves them apart, as a name retrieved by its
     * other words meets many such near words by chance; two names an
     * analyst puts side by side are another matter. */
    if (nv->ptoks && !nv->org &&
        loose_pairs(s, nv, n, &qused, &lused, &M, &Dq, p_rarity ? &Mr : NULL, ex))
        all_close = false;
    /* screening, a company's name against a company's (or an abjad
     * script's, whose words no Latin lexicon marks): words the query and
     * the list name hold in two languages (pairwise, org_word_sim pairs
     * them with the rest) */
    if (!nv->ptoks && nv->org && (s->q_org || s->q_kind_org || s->q_translit) && qused)
        translated_pairs(s, nv, n, &qused, &lused, &M, &Dq, ex);
    /* unmatched query tokens cost their full weight at the edges and half
     * between two matched ones when a rare token matched (a middle name or
     * patronymic the list entry does not carry); an unmatched title a
     * little, as transliteration can make a title of a name */
    uint32_t qreal = s->nq_real < 32 ? (1u << s->nq_real) - 1u : ~0u;
    uint32_t qm = qused & qreal;
    float qrun = 0;
    /* a company's name against a company's: the query's words on the far
     * side of one of its legal forms from every matched word are another
     * name's (a branch, a place, an owner: ARANEKS DOO BEOGRAD, RODRIGUEZ
     * CARRENO LTDA. TODO BOLSAS) and cost as middle words */
    uint32_t q_beyond = 0;
    if (qm != qreal && qm && nv->org && (s->q_org || s->q_kind_org) && q_named(s, nv, qm)) {
        uint32_t lo = (uint32_t)__builtin_ctz(qm), hi = 31u - (uint32_t)__builtin_clz(qm);
        bool after = false;
        for (uint32_t qi = hi; qi < s->nq_real && qi < 32; qi++) {
            if (after)
                q_beyond |= 1u << qi;
            after |= q_legal(s, nv, qi);
        }
        bool before = false;
        for (uint32_t qi = lo + 1; qi-- > 0;) {
            if (before)
                q_beyond |= 1u << qi;
            before |= q_legal(s, nv, qi);
        }
        q_beyond &= ~qm;
    }
    /* the list's whole name, of two name words or more, within a company
     * query (every word of it paired closely, and enough information
     * matched that the name alone is no common one): the query's other
     * words describe the company (GRAND TOWN TOURISM PROJECT, CENTRE DE
     * LOISIR SAFARI CLUB, SIXTH YAMAGUCHI-GUMI) and cost as middle words.
     * A list name of one word (ALLIANCE) is not enough: many a company's
     * name holds one listed word. */
    if (qm != qreal && qm && all_close && nv->org && (s->q_org || s->q_kind_org) &&
        (nv->ptoks /* pairwise knows no rarity */ || M >= INFO_FLOOR || best_w >= 7.5f)) {
        size_t words = 0;
        bool whole = true;
        unsigned prev_q = 0;
        for (size_t j = 0; j < n && whole; j++) {
            unsigned f = nv->flags[j];
            if (f & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL | VG_TOKF_TITLE))
                continue;
            /* every name word paired, in the list's order (KIMIYA BASPAR
             * is not within MANDEGAR BASPAR KIMIYA) */
            whole = ((lused >> j) & 1u) && (lq_min[j] == 0xff || lq_min[j] >= prev_q);
            if (lq_min[j] != 0xff)
                prev_q = lq_min[j];
            words += !(f & VG_TOKF_GENERIC);
        }
        if (whole && words >= 2)
            q_beyond = qreal & ~qm;
    }
    for (uint32_t qi = 0; qi < s->nq_real; qi++) {
        if (qused & (1u << qi)) {
            qrun = 0;
            continue;
        }
        float wq = s->q[qi].flags & VG_TOKF_TITLE ? 1.5f : s->q[qi].w;
        if (s->q[qi].id == VG_STRTAB_NONE) {
            /* a word the lists never use may be a rare name or a listed one
             * garbled past recognition (KABN for KANG): it costs a rare
             * name's weight, not the rarest possible; an abjad
             * transliteration, never spelled as in the (Latin) lists, a
             * typical name's (pairwise, without lists, only the latter) */
            float cap = s->q_translit ? 6.0f : nv->ptoks ? wq : UNKNOWN_QUERY_W;
            if (wq > cap)
                wq = cap;
        }
        bool middle = (qm & ((1u << qi) - 1u)) && (qm >> qi) > 1u;
        /* a married name the list leaves out costs as a middle name */
        if (married_name(s->q[qi - (qi > 0)].s, qi, s->nq_real) && (qm & ((1u << qi) - 1u)))
            middle = true;
        if (rare_w >= 7.5f && !(s->q[qi].flags & (VG_TOKF_PARTICLE | VG_TOKF_TITLE)) && middle)
            /* a patronymic the list leaves out costs as a list's middle
             * name the query leaves out */
            wq *= patronymic(&s->q[qi]) ? 0.25f : QUERY_MIDDLE_COST;
        else if (nv->ptoks || (nv->org && s->q_org))
            /* pairwise, neither side is the list, and a company's name
             * against a company's, whose other names add or drop words
             * either way: a word one side lacks costs as on the list side
             * (first and last more) */
            wq *= middle || (q_beyond >> qi & 1u) ||
                          (nv->org && s->q_org && country_word(s->q[qi].s, s->q[qi].len))
                      ? 0.25f : 0.5f;
        else if (q_beyond >> qi & 1u)
            wq *= 0.25f;
        wq = hyphen_run(&qrun, wq, s->q[qi].flags);
        Dq += wq;
        if (ex && ex->n_pairs < VG_EXPLAIN_MAX_PAIRS) {
            vg_token_pair *p = &ex->pairs[ex->n_pairs++];
            p->query = s->q[qi].s;
            p->list = "";
            p->method = VG_CMP_NONE;
            p->similarity = 0;
            p->weight = wq;
        }
    }
    /* unmatched list tokens cost part of theirs: more at the edges (first and
     * last name), less in the middle (passports drop middle names) */
    size_t first = n, last = 0;
    bool l_org = false; /* a legal form or business word (used below) */
    if (nv->nm) { /* the index made them */
        first = nv->nm->first;
        last = nv->nm->last;
        l_org = nv->nm->l_org;
    } else {
        for (size_t j = 0; j < n; j++) {
            l_org |= (nv->flags[j] & (VG_TOKF_LEGAL | VG_TOKF_GENERIC)) != 0;
            if (nv->flags[j] & (VG_TOKF_TITLE | VG_TOKF_PARTICLE))
                continue;
            if (first == n)
                first = j;
            last = j;
        }
    }
    size_t fam0 = nv->nm && nv->nm->fam0 != IX_NO_FAMILY ? nv->nm->fam0 : 32;
    bool fam_held = false; /* a word of the family name (no particle) matched */
    for (size_t j = fam0; j < n && !fam_held; j++)
        fam_held = (lused & (1u << j)) && !(nv->flags[j] & (VG_TOKF_PARTICLE | VG_TOKF_TITLE));
    /* the words of a hyphenated name left out together (SEIT-UMAROVICH)
     * cost as one word: the dearest of them */
    float run = 0;
    for (size_t j = 0; j < n; j++) {
        if (lused & (1u << j) || nv->flags[j] & VG_TOKF_TITLE) {
            run = 0;
            continue;
        }
        float beta = (j == first || j == last) ? 0.5f : 0.25f;
        /* a company's last word after every matched one, against a query
         * that reads or is given as a company's, says what it does
         * (PETROCHEMICAL PRODUCTS, MOBILE PHONES), and its country (KOREA
         * KUMBYOL TRADING, REYCO GMBH GERMANY): each is dropped as often
         * as a middle name */
        if (beta > 0.25f && nv->org && (s->q_org || s->q_kind_org)) {
            vg_str w = list_str(s, nv, j);
            if ((j == last && lused && (lused >> j) == 0) || country_word(w.ptr, w.len))
                beta = 0.25f;
        }
        /* a family name of several words, one of which the query holds:
         * the others cost as middle names (Spanish and Portuguese names
         * carry two surnames and are called by one of them) */
        if (fam_held && j >= fam0)
            beta = 0.25f;
        /* and one the query leaves out */
        if (married_name(list_str(s, nv, j - (j > 0)).ptr, j, n) && lused)
            beta = 0.25f;
        float c = hyphen_run(&run, beta * list_w(s, nv, j), nv->flags[j]);
        Dl += c;
        if (ex && ex->n_pairs < VG_EXPLAIN_MAX_PAIRS) {
            vg_token_pair *p = &ex->pairs[ex->n_pairs++];
            p->query = "";
            p->list = list_str(s, nv, j).ptr;
            p->method = VG_CMP_NONE;
            p->similarity = 0;
            p->weight = c;
        }
    }
    float denom = Dq + Dl;
    if (denom <= 0 || M <= 0)
        return 0;
    /* every word of the query and of the list name paired closely (legal
     * forms aside: LTD or LLC does not make another company): the whole
     * name of an organisation, which is its identity however common its
     * words (AL-QAIDA, NOBLE SHIPPING CO) */
    bool complete = all_close;
    for (uint32_t qi = 0; qi < s->nq_real && complete; qi++) {
        const qtok *q = &s->q[qi];
        complete = (qused & (1u << qi)) || (q->flags & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL)) ||
                   (!nv->ptoks && q->id != VG_STRTAB_NONE &&
                    (s->ix->tok[q->id].flags & VG_TOKF_LEGAL));
    }
    for (size_t j = 0; j < n && complete; j++)
        complete = (lused & (1u << j)) || (nv->flags[j] & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL));
    float score = M / denom;
    /* a company's query (a legal form of its own) against a company's name
     * whose one word of substance they share is spelt otherwise (FORST
     * HOLDING GMBH / FOREST): company names are seldom transliterated,
     * and one word near another is little evidence that two companies are
     * one. Screening only: pairwise, nothing says which name is whose. */
    if (nv->org && !nv->ptoks && s->q_legal && content_pairs == 1 && !content_exact)
        score *= ONE_WORD_NEAR;
    /* a list name with a legal form or business word against a query with
     * none reads as a company against a person (unless the query was given
     * as an organisation's) */
    if (l_org && !s->q_org && !s->q_kind_org)
        score *= 0.85f;
    /* and a query with a legal form of its own (MAZUR TRADING LLC) is a
     * company's, against a person's name */
    else if (!nv->org && !nv->ptoks && s->q_legal && !s->q_kind_person)
        score *= 0.85f;
    if (numbers_differ(s, nv))
        score *= NUMBERS_DIFFER;
    if (nv->org && (s->q_org || s->q_kind_org) && countries_differ(s, nv, n, qused, lused))
        score *= NUMBERS_DIFFER;
    /* A common name alone never makes an alert: when the matched tokens
     * carry little information together (two common given names), the
     * score shrinks in proportion, so that only agreeing evidence (a birth
     * date) can lift it to an alert. */
    const float info_floor = INFO_FLOOR;
    if (M < info_floor && best_w < 7.5f && !nv->ptoks /* pairwise mode knows no rarity */ &&
        !(nv->org && complete))
        score *= M / info_floor;
    /* Pairwise, the same rule by the loaded lists' rarity (and a higher
     * floor), when a name word of either side is left unpaired: MOHAMED
     * HASSAN is within many a name (MOHAMMED HASSAN IBRAHIM) and says
     * little of whose. Two whole
     * names paired word for word (MOHAMED ABDELRAHMAN / Muhammad Abd
     * al-Rahman) are the same name however common. */
    if (p_rarity && Mr < PAIR_INFO_FLOOR && best_r < 7.5f) {
        bool partial = false;
        for (uint32_t qi = 0; qi < s->nq_real && !partial; qi++)
            partial = !(qused & (1u << qi)) && !(s->q[qi].flags & (VG_TOKF_PARTICLE | VG_TOKF_TITLE));
        for (size_t j = 0; j < n && !partial; j++)
            partial = !(lused & (1u << j)) && !(nv->flags[j] & (VG_TOKF_PARTICLE | VG_TOKF_TITLE));
        if (partial)
            score *= Mr / PAIR_INFO_FLOOR;
    }
    return score;
}

/* ---- evidence ---------------------------------------------------------- */

/* Evidence moves the score in log-odds, so that agreement lifts a partial
 * name match more than a perfect one, and a contradiction pulls even a
 * perfect name match well below the threshold. */
#define EV_SAME_DATE 2.5f
#define EV_SAME_YEAR 1.3f
#define EV_CLOSE_YEAR (-0.3f)
#define EV_DOB_CONTRADICTS (-3.5f)
#define EV_NAT_AGREES 0.7f
#define EV_NAT_DIFFERS (-0.4f)
#define EV_GENDER_AGREES 0.2f
#define EV_GENDER_DIFFERS (-1.2f)
#define EV_DOC_SAME 5.0f
#define EV_DOC_OTHER_COUNTRY 2.0f
#define SCORE_CAP 0.98f /* a name alone is never certainty */
#define SAME_DATE_FROM 0.10f /* name strength from which a same full date counts */

static float logit(float p)
{
    if (p < 1e-4f)
        p = 1e-4f;
    if (p > SCORE_CAP)
        p = SCORE_CAP;
    return logf(p / (1 - p));
}

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* Agreement only confirms a name that already resembles: on a weak name a
 * shared birth year or nationality is coincidence (dozens of candidates are
 * compared per query). Positive evidence is scaled by the name's strength,
 * fully from 0.75 up, not at all at 0.5 and below; negative evidence always
 * applies. */
static float shift_scaled(float sc, float name, float delta, float from)
{
    if (delta > 0) {
        float k = (name - from) / 0.25f;
        delta *= k < 0 ? 0 : k > 1 ? 1 : k;
    }
    return sigmoid(logit(sc) + delta);
}

#define shift(sc, delta) shift_scaled((sc), name, (delta), 0.5f)

static ev_text *ev_slot(vg_explanation *ex, ev_text *txt)
{
    return &txt[ex->n_evidence < VG_EXPLAIN_MAX_EVIDENCE ? ex->n_evidence : 0];
}

static void add_ev(vg_explanation *ex, vg_evidence_kind kind, const char *verdict, float before,
                   float after, ev_text *txt)
{
    if (!ex || ex->n_evidence >= VG_EXPLAIN_MAX_EVIDENCE)
        return;
    vg_evidence *e = &ex->evidence[ex->n_evidence];
    e->kind = kind;
    e->query = txt[ex->n_evidence].q;
    e->list = txt[ex->n_evidence].l;
    e->verdict = verdict;
    e->effect = after - before;
    ex->n_evidence++;
}

static float apply_dob(const vg_query *q, const vg_entity *e, float sc, float name,
                       vg_explanation *ex, ev_text *txt)
{
    if (!q->birth_date.year || !e->n_birth_dates)
        return sc;
    int best = 1000; /* year distance */
    bool same_day = false;
    const vg_date *closest = NULL;
    for (size_t i = 0; i < e->n_birth_dates; i++) {
        const vg_date *d = &e->birth_dates[i];
        int lo, hi;
        if (!vg_date_years(d, &lo, &hi))
            continue;
        int y = q->birth_date.year;
        int dy = y < lo ? lo - y : y > hi ? y - hi : 0;
        /* the same day and month, or swapped day and month, in the same year */
        bool sd = dy == 0 && d->kind == VG_DATE_EXACT && q->birth_date.month && q->birth_date.day &&
                  ((d->month == q->birth_date.month && d->day == q->birth_date.day) ||
                   (d->month == q->birth_date.day && d->day == q->birth_date.month));
        if (dy < best || (dy == best && sd && !same_day)) {
            best = dy;
            same_day = sd;
            closest = d;
        }
    }
    if (!closest)
        return sc;
    float delta;
    const char *verdict;
    if (same_day) {
        delta = EV_SAME_DATE;
        verdict = "same date";
    } else if (best == 0) {
        delta = EV_SAME_YEAR;
        verdict = "same year";
    } else if (best <= 2) {
        delta = EV_CLOSE_YEAR;
        verdict = "close (within 2 years)";
    } else {
        delta = EV_DOB_CONTRADICTS;
        verdict = "contradicts";
    }
    /* the same full date is rare enough by chance (1 in some ten thousand
     * people of an age) to confirm a name that shares less: an alias of
     * the person, one rare name in common (a name score of 0.35 and a
     * full date alert; below 0.10 the date counts for nothing). Not 1
     * January, which stands in
     * for an unknown day in many registers. */
    bool rare_day = same_day && !(q->birth_date.month == 1 && q->birth_date.day == 1);
    float after = shift_scaled(sc, name, delta, rare_day ? SAME_DATE_FROM : 0.5f);
    if (ex) {
        ev_text *t = ev_slot(ex, txt);
        vg_date_format(&q->birth_date, t->q, sizeof t->q);
        vg_date_format(closest, t->l, sizeof t->l);
        add_ev(ex, VG_EV_BIRTH_DATE, verdict, sc, after, txt);
    }
    return after;
}

static float apply_nat(const vg_query *q, const vg_entity *e, float sc, float name,
                       vg_explanation *ex, ev_text *txt)
{
    if (!q->nationality[0])
        return sc;
    const char *first = NULL, *hit = NULL;
    for (int pass = 0; pass < 2 && !hit; pass++) {
        const vg_country *cs = pass ? e->citizenships : e->nationalities;
        size_t nc = pass ? e->n_citizenships : e->n_nationalities;
        for (size_t i = 0; i < nc && !hit; i++) {
            if (!cs[i].code[0])
                continue;
            if (!first)
                first = cs[i].code;
            if (strcmp(cs[i].code, q->nationality) == 0)
                hit = cs[i].code;
        }
    }
    if (!first)
        return sc;
    float after = shift(sc, hit ? EV_NAT_AGREES : EV_NAT_DIFFERS);
    if (ex) {
        ev_text *t = ev_slot(ex, txt);
        snprintf(t->q, sizeof t->q, "%s", q->nationality);
        snprintf(t->l, sizeof t->l, "%s", hit ? hit : first);
        add_ev(ex, VG_EV_NATIONALITY, hit ? "agrees" : "differs", sc, after, txt);
    }
    return after;
}

static float apply_gender(const vg_query *q, const vg_entity *e, float sc, float name,
                          vg_explanation *ex, ev_text *txt)
{
    if (!q->gender || !e->gender)
        return sc;
    bool same = q->gender == e->gender;
    float after = shift(sc, same ? EV_GENDER_AGREES : EV_GENDER_DIFFERS);
    if (ex) {
        ev_text *t = ev_slot(ex, txt);
        snprintf(t->q, sizeof t->q, "%s", vg_gender_name(q->gender));
        snprintf(t->l, sizeof t->l, "%s", vg_gender_name(e->gender));
        add_ev(ex, VG_EV_GENDER, same ? "agrees" : "differs", sc, after, txt);
    }
    return after;
}

static float apply_docs(const vg_query *q, const vg_entity *e, float sc, vg_explanation *ex,
                        ev_text *txt)
{
    for (size_t i = 0; i < q->n_docs; i++) {
        char norm[64];
        if (vg__docnum_norm(q->docs[i].number, norm, sizeof norm) < 4)
            continue;
        for (size_t d = 0; d < e->n_documents; d++) {
            const vg_document *doc = &e->documents[d];
            if (!doc->number_norm || strcmp(doc->number_norm, norm) != 0)
                continue;
            bool other = q->docs[i].country[0] && doc->country.code[0] &&
                         strcmp(q->docs[i].country, doc->country.code) != 0;
            /* an identical number is evidence even when the name is far off */
            float base = sc > 0.3f ? sc : 0.3f;
            float after = sigmoid(logit(base) + (other ? EV_DOC_OTHER_COUNTRY : EV_DOC_SAME));
            if (ex) {
                ev_text *t = ev_slot(ex, txt);
                snprintf(t->q, sizeof t->q, "%s %s", norm, q->docs[i].country);
                snprintf(t->l, sizeof t->l, "%.60s %s", doc->number ? doc->number : "",
                         doc->country.code);
                add_ev(ex, VG_EV_DOCUMENT, other ? "same number, other country" : "same number",
                       sc, after, txt);
            }
            return after;
        }
    }
    return sc;
}

/* sig_score of a signature whose names retrieval did not relate to the
 * query (score_name never returns less than 0) */
#define NOT_RELATED (-1.0f)

/* Scores one entity: best name, then evidence. */
static float score_entity(vg_screener *s, const vg_query *q, uint32_t ent, vg_explanation *ex,
                          size_t slot)
{
    ev_text *txt = s->evtext[slot];
    const vg_index *ix = s->ix;
    const ix_ent *ie = &ix->ents[ent];
    float best = 0;
    const ix_name *best_name = NULL;
    for (uint32_t k = 0; k < ie->n_names; k++) {
        const ix_name *nm = &ix->names[ie->name0 + k];
        /* a name scored alike earlier in this query (the same person in
         * another list, a repeated alias) has that score: score_name
         * reads only the query state, which stays as it was, and the
         * name's signature fields; NOT_RELATED when it was skipped below
         * (names of one signature hold the same tokens and joins) */
        float sc;
        if (s->sig_mark[nm->sig] == s->epoch) {
            sc = s->sig_score[nm->sig];
            if (sc == NOT_RELATED)
                continue;
        } else {
            /* a name none of whose tokens (or joins) retrieval related to
             * the query cannot score: skip it (the exhaustive path scores
             * all) */
            if (!s->exhaustive) {
                bool related = false;
                for (uint32_t t = 0; t < nm->n_tok && !related; t++) {
                    uint32_t mt = ix->name_merge[nm->tok0 + t];
                    related = s->tok_mark[ix->name_toks[nm->tok0 + t]] == s->epoch ||
                              (mt != VG_STRTAB_NONE && s->tok_mark[mt] == s->epoch);
                }
                if (!related) {
                    s->sig_mark[nm->sig] = s->epoch;
                    s->sig_score[nm->sig] = NOT_RELATED;
                    continue;
                }
            }
            name_view nv = {ix->name_toks + nm->tok0, ix->name_tokf + nm->tok0,
                            ix->name_merge + nm->tok0, nm->n_tok, nm->translit, NULL,
                            ie->e->kind != VG_KIND_PERSON, nm, NULL};
            sc = score_name(s, &nv, NULL);
            s->sig_mark[nm->sig] = s->epoch;
            s->sig_score[nm->sig] = sc;
        }
        if (nm->role == VG_NAME_WEAK)
            sc *= 0.93f;
        if (sc > best) {
            best = sc;
            best_name = nm;
        }
    }
    if (ex) {
        memset(ex, 0, sizeof *ex);
        if (best_name) {
            name_view nv = {ix->name_toks + best_name->tok0, ix->name_tokf + best_name->tok0,
                            ix->name_merge + best_name->tok0, best_name->n_tok,
                            best_name->translit, NULL, ie->e->kind != VG_KIND_PERSON, best_name,
                            s->runtext[slot]};
            score_name(s, &nv, ex);
            ex->name = &ie->e->names[best_name->name_idx];
        }
        ex->name_score = best;
    }
    /* a name alone is never certainty: evidence may lift it above the cap */
    float sc = best < SCORE_CAP ? best : SCORE_CAP;
    sc = apply_docs(q, ie->e, sc, ex, txt);
    if (sc <= 0.05f)
        return sc;
    float name = sc; /* name, or name and document */
    sc = apply_dob(q, ie->e, sc, name, ex, txt);
    sc = apply_nat(q, ie->e, sc, name, ex, txt);
    sc = apply_gender(q, ie->e, sc, name, ex, txt);
    if (sc < 0)
        sc = 0;
    if (sc > 1)
        sc = 1;
    return sc;
}

/* ---- top-k selection --------------------------------------------------- */

typedef struct scored {
    uint32_t ent;
    float score;
} scored;

/* Sorts by decreasing score, then increasing entity index (a total order,
 * so any correct sort gives the same array). Arrays here are short (the
 * candidates, the matches): insertion sort. */
static void sort_scored(scored *a, size_t n)
{
    /* worst first, then reversed: the candidates come from a heap with
     * the worst at its root, nearly in that order already */
    for (size_t i = 1; i < n; i++) {
        scored x = a[i];
        size_t j = i;
        while (j > 0 && (a[j - 1].score > x.score ||
                         (a[j - 1].score == x.score && a[j - 1].ent < x.ent))) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        scored t = a[i];
        a[i] = a[j - 1];
        a[j - 1] = t;
    }
}

/* Keeps the k best of (ent, score) in `top` (unsorted). */
static void topk_push(scored *top, size_t *n, size_t k, uint32_t ent, float score)
{
    if (*n < k) {
        top[(*n)++] = (scored){ent, score};
        return;
    }
    size_t worst = 0;
    for (size_t i = 1; i < *n; i++)
        if (top[i].score < top[worst].score ||
            (top[i].score == top[worst].score && top[i].ent > top[worst].ent))
            worst = i;
    if (score > top[worst].score || (score == top[worst].score && ent < top[worst].ent))
        top[worst] = (scored){ent, score};
}

/* Picks the k touched entities with the highest retrieval score into
 * `top` (at most k, unsorted). Ties are broken by entity index, a total
 * order, so the set is deterministic. */
static bool sc_before(const scored *a, const scored *b)
{
    return a->score > b->score || (a->score == b->score && a->ent < b->ent);
}

/* Birth-year agreement as retrieval evidence: when more names share the
 * query's words than can be scored (MUHAMMAD AHMAD), the listed people of
 * the query's age (within two years) go first and those the birth date
 * already rules out last. Only the order of scoring changes; every score
 * comes from the scorer. */
#define RETRIEVE_SAME_AGE 1.05f
#define RETRIEVE_OTHER_AGE 0.95f
static float age_factor(const vg_index *ix, uint32_t e, int year)
{
    const ix_ent *ie = &ix->ents[e];
    if (!year || !ie->birth_lo)
        return 1.0f;
    return year >= ie->birth_lo - 2 && year <= ie->birth_hi + 2 ? RETRIEVE_SAME_AGE
                                                               : RETRIEVE_OTHER_AGE;
}

/* Entity e's retrieval score, weighed by age when `year`. */
static inline float ent_score(const vg_screener *s, uint32_t e, int year)
{
    float acc = s->ea[e].acc;
    return year ? acc * age_factor(s->ix, e, year) : acc;
}

/* Picks the (at most k) candidates into `top`, unsorted, and clears the
 * retrieval marks (ent_acc.seen) of every touched entity on the way. */
static size_t select_candidates(vg_screener *s, scored *top, size_t k, int year)
{
    size_t n = s->n_touched;
    /* in locals: the stores below could alias the screener's fields */
    const uint32_t *touched = s->touched;
    ent_acc *ea = s->ea;
    if (n <= k) { /* all are scored: the age order does not matter */
        for (size_t i = 0; i < n; i++) {
            top[i] = (scored){touched[i], ea[touched[i]].acc};
            ea[touched[i]].seen = 0;
        }
        return n;
    }
    /* one pass with a heap of the k best so far, the worst at its root:
     * most entities lose against the root and cost one comparison */
    for (size_t i = 0; i < k; i++) {
        uint32_t e = touched[i];
        scored x = {e, ent_score(s, e, year)};
        ea[e].seen = 0;
        size_t c = i;
        while (c > 0 && sc_before(&top[(c - 1) / 2], &x)) {
            top[c] = top[(c - 1) / 2];
            c = (c - 1) / 2;
        }
        top[c] = x;
    }
    /* the age factor is at most `most`, and a product of floats grows
     * with either factor: an entity whose score times `most` stays under
     * the root's cannot enter, whatever its age */
    const float most = year ? RETRIEVE_SAME_AGE : 1.0f;
    float root = top[0].score;
    for (size_t i = k; i < n; i++) {
        uint32_t e = touched[i];
        float acc = ea[e].acc;
        ea[e].seen = 0;
        if (acc * most < root)
            continue;
        scored x = {e, year ? acc * age_factor(s->ix, e, year) : acc};
        if (!sc_before(&x, &top[0]))
            continue;
        size_t c = 0;
        for (;;) { /* sift x down below the worse of its children */
            size_t l = 2 * c + 1, w = c;
            const scored *wv = &x;
            if (l < k && sc_before(wv, &top[l])) {
                w = l;
                wv = &top[l];
            }
            if (l + 1 < k && sc_before(wv, &top[l + 1])) {
                w = l + 1;
                wv = &top[l + 1];
            }
            if (w == c)
                break;
            top[c] = top[w];
            c = w;
        }
        top[c] = x;
        root = top[0].score;
    }
    return k;
}

/* ---- public entry points ----------------------------------------------- */

static vg_status normalise_query(vg_screener *s, const vg_query *q, unsigned flags, vg_err *err)
{
    char joined[VG_LIMIT_NAME + 2];
    vg_str name = q->name;
    s->q_kind_org = (flags & VG_NORM_ORG) != 0;
    s->q_kind_person = q->kind == VG_KIND_PERSON;
    s->q_concept_known = 0;
    if (!vg_str_trim(name).len) {
        vg_str f = vg_str_trim(q->first_name), l = vg_str_trim(q->last_name);
        if (f.len + l.len + 1 > VG_LIMIT_NAME)
            return vg_err_set(err, VG_ELIMIT, NULL, 0, "name longer than %u bytes",
                              VG_LIMIT_NAME);
        size_t n = 0;
        if (f.len) {
            memcpy(joined, f.ptr, f.len);
            n = f.len;
        }
        if (f.len && l.len)
            joined[n++] = ' ';
        if (l.len)
            memcpy(joined + n, l.ptr, l.len);
        name = (vg_str){joined, n + l.len};
    }
    if (!vg_str_trim(name).len)
        return vg_err_set(err, VG_EEMPTY, NULL, 0, "no name given");
    vg_status rc = vg_text_name(s->text, name, flags, &s->qn);
    switch (rc) {
    case VG_OK:
        break;
    case VG_EUTF8:
        return vg_err_set(err, rc, NULL, 0, "name: invalid UTF-8");
    case VG_ELIMIT:
        return vg_err_set(err, rc, NULL, 0, "name: longer than %u bytes", VG_LIMIT_NAME);
    case VG_EEMPTY:
        return vg_err_set(err, rc, NULL, 0, "name: no letters or digits");
    default:
        return vg_err_set(err, rc, NULL, 0, "name: %s", vg_status_str(rc));
    }
    s->q_translit = s->qn.translit &&
                    (s->qn.script == VG_SCRIPT_ARABIC || s->qn.script == VG_SCRIPT_HEBREW);
    s->q_syllabic = s->qn.script == VG_SCRIPT_HAN || s->qn.script == VG_SCRIPT_HANGUL ||
                    s->qn.script == VG_SCRIPT_KANA;
    /* ICAO 9303: the MRZ of a passport holds 39 characters of name
     * (SURNAME<<GIVEN<NAMES) and cuts the rest, mid-word; read back with
     * spaces that is 37 or 38 characters */
    size_t len = vg_str_trim(name).len;
    s->q_cut = len >= MRZ_NAME_READ && len <= MRZ_NAME_CHARS;
    return VG_OK;
}

static bool valid_date(const vg_date *d)
{
    if (!d->year)
        return d->month == 0 && d->day == 0;
    if (d->year < 1800 || d->year > 2200 || d->month < 0 || d->month > 12 || d->day < 0)
        return false;
    if (d->day && !d->month)
        return false;
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->day > (d->month ? dim[d->month - 1] : 31))
        return false;
    if (d->month == 2 && d->day == 29 &&
        !((d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0))
        return false;
    return true;
}

/* ---- the same entity in another list ----------------------------------- */

#define NO_LINK UINT32_MAX

/* Reports beside each alert the entity's twins in other lists (see
 * link_twins in the index), at the alert's score, right after it: an
 * alias one list holds and the other lacks finds both listings. A twin
 * already ranked lower moves up; the list stays within `limit`, the
 * lowest going unless it is an alert (then the twin is left out). link[i]
 * is the entity a reported twin stands for, else NO_LINK. Returns the new
 * count. */
static size_t add_twins(const vg_index *ix, scored *best, uint32_t *link, size_t w, size_t limit,
                        float threshold)
{
    for (size_t i = 0; i < w; i++)
        link[i] = NO_LINK;
    for (size_t i = 0; i < w && i + 1 < limit; i++) {
        if (best[i].score < threshold || link[i] != NO_LINK)
            continue;
        uint32_t a = best[i].ent;
        for (uint32_t t = ix->twin_off[a]; t < ix->twin_off[a + 1] && i + 1 < limit; t++) {
            uint32_t b = ix->twins[t];
            size_t k = 0;
            while (k < w && best[k].ent != b)
                k++;
            if (k < w && best[k].score >= best[i].score)
                continue; /* already as high */
            if (k == w && w == limit && best[w - 1].score >= threshold)
                continue; /* no room: a twin never displaces an alert */
            if (k < w) { /* below: taken out, to go in again right after a */
                memmove(&best[k], &best[k + 1], (w - k - 1) * sizeof *best);
                memmove(&link[k], &link[k + 1], (w - k - 1) * sizeof *link);
                w--;
            }
            if (w == limit)
                w--; /* the lowest gives way */
            memmove(&best[i + 2], &best[i + 1], (w - i - 1) * sizeof *best);
            memmove(&link[i + 2], &link[i + 1], (w - i - 1) * sizeof *link);
            best[i + 1] = (scored){b, best[i].score};
            link[i + 1] = a;
            w++;
        }
    }
    return w;
}

/* Adds to a reported twin's explanation what made it an alert: the listing
 * of the same entity that matched (`from`), its score against the twin's
 * own (`own`). */
static void add_link_ev(vg_screener *s, vg_explanation *ex, size_t slot, uint32_t from, float own,
                        float score)
{
    if (ex->n_evidence >= VG_EXPLAIN_MAX_EVIDENCE)
        return;
    ev_text *t = &s->evtext[slot][ex->n_evidence];
    t->q[0] = '\0';
    snprintf(t->l, sizeof t->l, "%s", s->ix->ents[from].e->id);
    vg_evidence *e = &ex->evidence[ex->n_evidence++];
    e->kind = VG_EV_LINKED;
    e->query = t->q;
    e->list = t->l;
    e->verdict = "the same entity in another list";
    e->effect = score - own;
}

vg_status vg_screen(vg_screener *s, const vg_query *q, const vg_screen_opts *opts,
                    vg_result *out, vg_err *err)
{
    const vg_index *ix = s->ix;
    vg_screen_opts o = {0};
    if (opts)
        o = *opts;
    if (o.threshold <= 0)
        o.threshold = VG_DEFAULT_THRESHOLD;
    if (o.limit == 0 || o.limit > VG_MAX_MATCHES)
        o.limit = VG_MAX_MATCHES;
    size_t k = o.max_candidates ? o.max_candidates : DEFAULT_CANDIDATES;
    out->n_matches = 0;
    out->candidates = 0;
    s->n_last = 0;
    if (!valid_date(&q->birth_date))
        return vg_err_set(err, VG_EINVAL, NULL, 0, "birth_date: impossible date");
    unsigned flags = (q->kind >= 0 && q->kind != VG_KIND_PERSON) ? VG_NORM_ORG : 0;
    vg_status rc = normalise_query(s, q, flags, err);
    if (rc)
        return rc;
    prepare_tokens(s, ix);
    rels_clear(s);
    s->n_touched = 0;
    if (++s->epoch == 0) { /* wrapped: forget every mark */
        memset(s->tok_mark, 0, (ix->toks.n ? ix->toks.n : 1) * sizeof *s->tok_mark);
        memset(s->sig_mark, 0, (ix->n_sigs ? ix->n_sigs : 1) * sizeof *s->sig_mark);
        s->epoch = 1;
    }
    s->exhaustive = o.exhaustive;
    retrieve(s);

    scored top[256];
    size_t ntop = 0;
    if (k > 256)
        k = 256;
    scored best[VG_MAX_MATCHES + 1];
    size_t nbest = 0;
    if (o.exhaustive) {
        for (uint32_t e = 0; e < ix->n_ents; e++) {
            float sc = score_entity(s, q, e, NULL, 0);
            if (sc > 0)
                topk_push(best, &nbest, o.limit, e, sc);
        }
        out->candidates = ix->n_ents;
    } else {
        ntop = select_candidates(s, top, k, q->birth_date.year);
        /* Score in order of retrieval evidence. Once the result list is
         * full, a candidate whose retrieval score is under a third of the
         * best one's cannot reach the top: its names share too little. */
        sort_scored(top, ntop);
        size_t scored_n = 0;
        for (size_t i = 0; i < ntop; i++) {
            if (nbest >= o.limit && top[i].score < 0.4f * top[0].score)
                break;
            float sc = score_entity(s, q, top[i].ent, NULL, 0);
            scored_n++;
            if (sc > 0)
                topk_push(best, &nbest, o.limit, top[i].ent, sc);
        }
        /* exact document-number hits are always scored */
        for (size_t d = 0; d < q->n_docs; d++) {
            char norm[64];
            size_t nl = vg__docnum_norm(q->docs[d].number, norm, sizeof norm);
            uint32_t id = vg_strtab_find(&ix->docs, (vg_str){norm, nl});
            if (id == VG_STRTAB_NONE)
                continue;
            for (uint32_t j = ix->doc_off[id]; j < ix->doc_off[id + 1] && j < ix->doc_off[id] + 64; j++) {
                uint32_t e = ix->doc_ents[j].entity;
                bool dup = false;
                for (size_t b = 0; b < nbest; b++)
                    dup |= best[b].ent == e;
                if (dup)
                    continue;
                float sc = score_entity(s, q, e, NULL, 0);
                scored_n++;
                if (sc > 0)
                    topk_push(best, &nbest, o.limit, e, sc);
            }
        }
        out->candidates = scored_n;
    }
    if (o.exhaustive) /* select_candidates cleared them otherwise */
        for (size_t i = 0; i < s->n_touched; i++)
            s->ea[s->touched[i]].seen = 0;
    s->n_touched = 0;
    sort_scored(best, nbest);
    /* de-duplicate (a doc hit may repeat an entity) */
    size_t w = 0;
    for (size_t i = 0; i < nbest; i++) {
        bool dup = false;
        for (size_t j = 0; j < w; j++)
            dup |= best[j].ent == best[i].ent;
        if (!dup)
            best[w++] = best[i];
    }
    uint32_t link[VG_MAX_MATCHES + 1];
    w = add_twins(ix, best, link, w, o.limit, o.threshold);
    for (size_t i = 0; i < w; i++) {
        vg_match *m = &out->matches[out->n_matches++];
        m->entity = ix->ents[best[i].ent].e;
        m->score = best[i].score;
        m->alert = m->score >= o.threshold;
        s->last_ent[i] = best[i].ent;
        s->last_link[i] = link[i];
        if (!o.explain_none && (m->alert || o.explain_all)) {
            float own = score_entity(s, q, best[i].ent, &m->explain, i); /* zeroes it first */
            if (link[i] != NO_LINK)
                add_link_ev(s, &m->explain, i, link[i], own, m->score);
        } else {
            /* no explanation: empty (the arrays past the counts are unused) */
            m->explain.name = NULL;
            m->explain.name_score = 0;
            m->explain.n_pairs = 0;
            m->explain.n_evidence = 0;
        }
    }
    s->n_last = w;
    return VG_OK;
}

/* Explaining later is the same computation as explaining at the end of
 * vg_screen(): the query state it reads is left as it was there. */
vg_status vg_screen_explain(vg_screener *s, const vg_query *q, vg_result *res, size_t i)
{
    if (i >= s->n_last || i >= res->n_matches ||
        res->matches[i].entity != s->ix->ents[s->last_ent[i]].e)
        return VG_EINVAL;
    vg_match *m = &res->matches[i];
    memset(&m->explain, 0, sizeof m->explain);
    float own = score_entity(s, q, s->last_ent[i], &m->explain, i);
    if (s->last_link[i] != NO_LINK)
        add_link_ev(s, &m->explain, i, s->last_link[i], own, m->score);
    return VG_OK;
}

static vg_status compare_dir(vg_screener *s, vg_str a, vg_str b, vg_kind kind, float *score,
                             vg_explanation *ex, vg_err *err)
{
    *score = 0;
    s->n_last = 0; /* the query state is about to change */
    unsigned flags = kind == VG_KIND_PERSON ? 0 : VG_NORM_ORG;
    vg_query qa, qb;
    vg_query_init(&qa);
    vg_query_init(&qb);
    qa.name = a;
    qb.name = b;
    /* b becomes the "list" side: normalise it first and keep its tokens */
    vg_status rc = normalise_query(s, &qb, flags, err);
    if (rc)
        return rc;
    prepare_tokens(s, NULL);
    qtok *lt = s->cmp_l;
    uint16_t *lflags = s->cmp_lflags;
    size_t nl = s->nq_real < VG_NAME_MAX_TOKENS ? s->nq_real : VG_NAME_MAX_TOKENS;
    bool ltranslit = s->q_translit;
    memcpy(lt, s->q, nl * sizeof *lt);
    for (size_t j = 0; j < nl; j++)
        lflags[j] = lt[j].flags;
    if ((rc = normalise_query(s, &qa, flags, err)))
        return rc;
    prepare_tokens(s, NULL);
    /* a word one slip from a compound's ending (NOUREDDIME) that the other
     * name writes as the compound (NOUREDDINE, as nouraldin): respelt, as
     * screening respells it against the lists' words; either side */
    if (!ltranslit && !s->q_translit) {
        for (size_t j = 0; j < nl; j++)
            if (!(lt[j].flags & (VG_TOKF_JOINED | VG_TOKF_TITLE | VG_TOKF_PARTICLE)))
                respell_compound(NULL, s->q, s->nq_real, &lt[j]);
        for (size_t i = 0; i < s->nq_real; i++)
            if (!(s->q[i].flags & (VG_TOKF_JOINED | VG_TOKF_TITLE | VG_TOKF_PARTICLE)))
                respell_compound(NULL, lt, nl, &s->q[i]);
    }
    name_view nv = {NULL,     lflags, NULL, nl, ltranslit, lt, kind != VG_KIND_PERSON, NULL,
                    ex ? s->runtext[0] : NULL};
    if (ex)
        memset(ex, 0, sizeof *ex);
    *score = score_name(s, &nv, ex);
    if (ex)
        ex->name_score = *score;
    return VG_OK;
}

/* The scorer reads one side as the list's (its words that the other side
 * lacks cost less than the query's, its initials count only against a
 * company's name): a pair scores the better of its two readings, so that
 * a comparison gives the same score either way round, as a deduplication
 * needs. */
static vg_status compare_one(vg_screener *s, vg_str a, vg_str b, vg_kind kind, float *score,
                             vg_compare_detail *d, vg_err *err)
{
    float ab, ba;
    vg_status rc = compare_dir(s, a, b, kind, &ab, NULL, err);
    if (!rc)
        rc = compare_dir(s, b, a, kind, &ba, NULL, err);
    *score = rc ? 0 : ab > ba ? ab : ba;
    if (rc || !d)
        return rc;
    /* explaining: the better reading once more, its strings kept (the
     * scores are the same computation) */
    bool b_query = ba > ab;
    vg_explanation ex;
    float again;
    rc = b_query ? compare_dir(s, b, a, kind, &again, &ex, err)
                 : compare_dir(s, a, b, kind, &again, &ex, err);
    if (rc)
        return rc;
    d->a = a;
    d->b = b;
    d->n_pairs = ex.n_pairs;
    for (size_t i = 0; i < ex.n_pairs; i++) {
        vg_token_pair p = ex.pairs[i];
        if (b_query) { /* the pairs say query and list: a's word first */
            const char *t = p.query;
            p.query = p.list;
            p.list = t;
        }
        d->pairs[i] = p;
    }
    return VG_OK;
}

/* The names a field holds: split at each ';' outside parentheses ("Javad
 * Rahigi; Jawad Rahigi", as lists write several spellings in one field),
 * at most COMPARE_MAX_NAMES, empty pieces dropped. Returns the count. */
#define COMPARE_MAX_NAMES 16

static size_t split_names(vg_str x, vg_str *out)
{
    size_t n = 0, start = 0, depth = 0;
    for (size_t i = 0; i <= x.len && n < COMPARE_MAX_NAMES; i++) {
        char c = i < x.len ? x.ptr[i] : ';';
        if (c == '(') {
            depth++;
        } else if (c == ')' && depth) {
            depth--;
        } else if (c == ';' && (depth == 0 || i == x.len)) {
            vg_str piece = vg_str_trim((vg_str){x.ptr + start, i - start});
            if (piece.len)
                out[n++] = piece;
            start = i + 1;
        }
    }
    return n;
}

vg_status vg_compare_names(vg_screener *s, vg_str a, vg_str b, vg_kind kind, float *score,
                           vg_err *err)
{
    return vg_compare_names_explain(s, a, b, kind, score, NULL, err);
}

vg_status vg_compare_names_explain(vg_screener *s, vg_str a, vg_str b, vg_kind kind, float *score,
                                   vg_compare_detail *d, vg_err *err)
{
    if (d)
        memset(d, 0, sizeof *d);
    vg_str as[COMPARE_MAX_NAMES], bs[COMPARE_MAX_NAMES];
    size_t na = split_names(a, as), nb = split_names(b, bs);
    if (na <= 1 && nb <= 1)
        return compare_one(s, a, b, kind, score, d, err);
    /* several names on a side: the best-matching pair (a piece without a
     * name, "Ali; -", is passed over) */
    *score = 0;
    vg_status first = VG_OK;
    bool any = false;
    size_t bi = 0, bj = 0; /* the best pair */
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            float sc;
            vg_err e;
            vg_err_clear(&e);
            vg_status rc = compare_one(s, as[i], bs[j], kind, &sc, NULL, &e);
            if (rc && rc != VG_EEMPTY) { /* invalid UTF-8, too long: the pair is bad */
                *score = 0;
                if (err)
                    *err = e;
                return rc;
            }
            if (rc) {
                if (!first) {
                    first = rc;
                    if (err)
                        *err = e;
                }
                continue;
            }
            if (!any || sc > *score) {
                *score = sc;
                bi = i;
                bj = j;
            }
            any = true;
        }
    }
    if (any && d) { /* explained once, for the pair that counted */
        float again;
        return compare_one(s, as[bi], bs[bj], kind, &again, d, err);
    }
    return any ? VG_OK : first ? first : VG_EEMPTY;
}
