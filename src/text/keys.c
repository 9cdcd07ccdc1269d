/* SPDX-License-Identifier: Apache-2.0 */
/* Keys and distances on ASCII tokens: the consonant skeleton and the
 * phonetic key that survive transliteration differences (vowel-less
 * Arabic, French and English spellings, MRZ folds), Jaro-Winkler and
 * optimal-string-alignment edit distance. Pure functions, thread-safe. */
#include "vg_text.h"

/* ------------------------------------------------------------------------ */
/* Symbol scanner shared by the two keys                                    */
/* ------------------------------------------------------------------------ */

/* Consonant folds (both keys):
 *   sh ch sch tch tsch -> c   (one class: Rashid/Rachid, Cherif/Sharif,
 *                              Chechnya/Shamil; Cyrillic ш and ч meet)
 *   kh -> h   gh -> g   ph -> f   th -> t   dh -> z (Arabic ذ/ظ is said z)
 *   zh dzh dj j -> j   ck q c -> k   x -> ks
 *   a e i o u: vowels; y and w: semivowels (consonants only before a
 *   vowel, and at the start of the word).
 * Initial w and v both give v (Wladimir/Vladimir, Walid from و).
 * Phonetic key: an initial ye is read as the vowel e (Yelena/Elena). */
enum { SYM_CONS, SYM_VOWEL, SYM_SEMI };

typedef struct sym {
    char c[2];     /* one or two output letters (x -> ks) */
    unsigned char nc;
    unsigned char kind; /* SYM_* */
    bool plain_h;  /* a written h, not part of kh: may be a silent ending */
    char letter;   /* the vowel or semivowel letter */
} sym;

static inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static inline bool alnum(char c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Reads one symbol at s[i]; returns the index after it. Characters other
 * than ASCII letters and digits are skipped by the caller. */
static size_t scan(const char *s, size_t n, size_t i, sym *y)
{
    char c = lower(s[i]);
    char c1 = i + 1 < n ? lower(s[i + 1]) : 0;
    char c2 = i + 2 < n ? lower(s[i + 2]) : 0;
    char c3 = i + 3 < n ? lower(s[i + 3]) : 0;

    y->nc = 1;
    y->kind = SYM_CONS;
    y->plain_h = false;
    y->letter = c;
    if (c == 't' && c1 == 's' && c2 == 'c' && c3 == 'h') {
        y->c[0] = 'c';
        return i + 4;
    }
    if ((c == 's' || c == 't') && c1 == 'c' && c2 == 'h') {
        y->c[0] = 'c';
        return i + 3;
    }
    if (c == 'd' && c1 == 'z' && c2 == 'h') {
        y->c[0] = 'j'; /* Russian dzh (дж): Dzhamal, Dzhikhad */
        return i + 3;
    }
    if (c1 == 'h') {
        char d = 0;
        switch (c) {
        case 's': case 'c': d = 'c'; break;
        case 'k': d = 'h'; break;
        case 'g': d = 'g'; break;
        case 'p': d = 'f'; break;
        case 't': d = 't'; break;
        case 'd': d = 'z'; break;
        case 'z': d = 'j'; break;
        default: break;
        }
        if (d) {
            y->c[0] = d;
            return i + 2;
        }
    }
    if (c == 'd' && c1 == 'j') {
        y->c[0] = 'j';
        return i + 2;
    }
    if (c == 'c' && c1 == 'k') {
        y->c[0] = 'k';
        return i + 2;
    }
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        y->kind = SYM_VOWEL;
        y->c[0] = c;
        break;
    case 'y': case 'w':
        y->kind = SYM_SEMI;
        y->c[0] = c == 'w' ? 'v' : 'y';
        break;
    case 'q': case 'c':
        y->c[0] = 'k';
        break;
    case 'x':
        y->c[0] = 'k';
        y->c[1] = 's';
        y->nc = 2;
        break;
    case 'h':
        y->c[0] = 'h';
        y->plain_h = true;
        break;
    default:
        y->c[0] = c;
        break;
    }
    return i + 1;
}

/* Index of the next letter or digit at or after i (n when none). */
static size_t skip(const char *s, size_t n, size_t i)
{
    while (i < n && !alnum(s[i]))
        i++;
    return i;
}

/* Output with collapse of doubled letters; always NUL-terminated. */
typedef struct key_out {
    char *p;
    size_t cap, len;
} key_out;

static void put(key_out *o, char c)
{
    if (o->len && o->p[o->len - 1] == c)
        return;
    if (o->len + 1 < o->cap)
        o->p[o->len++] = c;
}

/* ------------------------------------------------------------------------ */
/* Skeleton                                                                 */
/* ------------------------------------------------------------------------ */

/* First symbol: a vowel gives 'a' (Omar/Umar/Amr, Ibrahim/Ebrahim), y is
 * kept, w and v give v. Then vowels and semivowels are dropped, a final
 * written h is dropped (-ah/-a, and Saleh against the vowel-less salh;
 * kh, sh ... are kept), doubled letters collapse.
 * mohammed, muhammad, mohamed, mhmd -> "mhmd"; hussein, husayn, hsyn ->
 * "hsn"; yusuf, youssef, ywsf -> "ysf"; osama, usama, asamh -> "asm". */
size_t vg_text_skeleton(vg_str token, char *out, size_t cap)
{
    key_out o = {out, cap, 0};
    const char *s = token.ptr;
    size_t n = s ? token.len : 0;
    bool first = true;
    sym y;

    if (!out || cap == 0)
        return 0;
    size_t i = skip(s, n, 0);
    while (i < n) {
        i = scan(s, n, i, &y);
        i = skip(s, n, i);
        bool last = i >= n;
        if (first) {
            first = false;
            if (y.kind == SYM_VOWEL)
                put(&o, 'a');
            else
                for (unsigned k = 0; k < y.nc; k++)
                    put(&o, y.c[k]);
            continue;
        }
        if (y.kind != SYM_CONS)
            continue;
        if (!(y.plain_h && last))
            for (unsigned k = 0; k < y.nc; k++)
                put(&o, y.c[k]);
    }
    out[o.len] = '\0';
    return o.len;
}

/* ------------------------------------------------------------------------ */
/* Phonetic key                                                             */
/* ------------------------------------------------------------------------ */

/* A vowel run (vowels, and y/w not followed by a vowel) becomes one class
 * letter. First run of the word: 'a' if it holds an a, else 'u' if it
 * holds o/u/w (ou, oo, ue from u-umlaut, eo), else 'i' (e, i, y, ee, ei).
 * Later runs: 'i' if it holds i or y (ei, ay) or is a doubled ee (the
 * English spelling of a long i: Azeez/Aziz, Ibraheem), else 'a': unstressed
 * vowels vary most between spellings (Mohammed/Muhammad, Yousef/Yusuf).
 * Consonants fold as in the skeleton; y/w before a vowel are consonants. */
typedef struct vrun {
    bool any, a, ou, iy;
    char last; /* the run's last letter */
} vrun;

static void run_add(vrun *r, char letter)
{
    r->any = true;
    if (letter == 'a')
        r->a = true;
    else if (letter == 'o' || letter == 'u' || letter == 'w')
        r->ou = true;
    else if (letter == 'i' || letter == 'y')
        r->iy = true;
    else if (letter == 'e' && r->last == 'e')
        r->iy = true; /* ee: a long i as English spells it (AZEEZ, AZIZ) */
    r->last = letter;
}

static void run_flush(vrun *r, bool *first_run, key_out *o)
{
    if (!r->any)
        return;
    char c;
    if (*first_run)
        c = r->a ? 'a' : r->ou ? 'u' : 'i';
    else
        c = r->iy ? 'i' : 'a';
    put(o, c);
    *first_run = false;
    *r = (vrun){false, false, false, false, 0};
}

/* A word-initial "ye" is Russian and Ukrainian Е/Є as BGN/PCGN writes it,
 * "e" in other romanisations (Yelena/Elena, Yevgeny/Evgeny, Yegor/Egor):
 * its y is read as part of the vowel. */
static inline bool ye_start(bool first, const sym *y, bool next_vowel, const sym *nx)
{
    return first && y->letter == 'y' && next_vowel && nx->letter == 'e';
}

size_t vg_text_phonetic(vg_str token, char *out, size_t cap)
{
    key_out o = {out, cap, 0};
    const char *s = token.ptr;
    size_t n = s ? token.len : 0;
    bool first = true, first_run = true;
    vrun r = {false, false, false, false, 0};
    sym y, nx;

    if (!out || cap == 0)
        return 0;
    size_t i = skip(s, n, 0), nx_end = 0;
    bool have_nx = false;
    while (i < n) {
        /* the symbol looked ahead at is the next one read: keep it */
        if (have_nx) {
            y = nx;
            i = nx_end;
        } else {
            i = scan(s, n, i, &y);
        }
        i = skip(s, n, i);
        bool last = i >= n;
        bool next_vowel = false;
        have_nx = !last;
        if (!last) {
            nx_end = scan(s, n, i, &nx);
            next_vowel = nx.kind == SYM_VOWEL;
        }
        if (y.kind == SYM_SEMI && (first || next_vowel) && !ye_start(first, &y, next_vowel, &nx))
            y.kind = SYM_CONS; /* yusuf, nawaf, initial w -> v */
        first = false;
        if (y.kind != SYM_CONS) {
            run_add(&r, y.letter);
            continue;
        }
        if (y.plain_h && last && r.any) {
            run_flush(&r, &first_run, &o); /* -ah -> -a */
            continue;
        }
        if (r.any) {
            run_flush(&r, &first_run, &o);
        }
        for (unsigned k = 0; k < y.nc; k++)
            put(&o, y.c[k]);
    }
    run_flush(&r, &first_run, &o);
    out[o.len] = '\0';
    return o.len;
}

/* Both keys in one pass over the symbols: each step below is the step of
 * vg_text_skeleton, then of vg_text_phonetic, for the same symbol. */
size_t vg__text_keys(vg_str token, char *phon, size_t phon_cap, char *skel, size_t skel_cap,
                     size_t *skel_len)
{
    key_out o = {phon, phon_cap, 0}, os = {skel, skel_cap, 0};
    const char *s = token.ptr;
    size_t n = s ? token.len : 0;
    bool first = true, first_run = true;
    vrun r = {false, false, false, false, 0};
    sym y, nx;

    if (!phon || phon_cap == 0 || !skel || skel_cap == 0) {
        *skel_len = vg_text_skeleton(token, skel, skel_cap);
        return vg_text_phonetic(token, phon, phon_cap);
    }
    size_t i = skip(s, n, 0), nx_end = 0;
    bool have_nx = false;
    while (i < n) {
        if (have_nx) {
            y = nx;
            i = nx_end;
        } else {
            i = scan(s, n, i, &y);
        }
        i = skip(s, n, i);
        bool last = i >= n;
        /* skeleton */
        if (first) {
            if (y.kind == SYM_VOWEL)
                put(&os, 'a');
            else
                for (unsigned k = 0; k < y.nc; k++)
                    put(&os, y.c[k]);
        } else if (y.kind == SYM_CONS && !(y.plain_h && last)) {
            for (unsigned k = 0; k < y.nc; k++)
                put(&os, y.c[k]);
        }
        /* phonetic key */
        bool next_vowel = false;
        have_nx = !last;
        if (!last) {
            nx_end = scan(s, n, i, &nx);
            next_vowel = nx.kind == SYM_VOWEL;
        }
        if (y.kind == SYM_SEMI && (first || next_vowel) && !ye_start(first, &y, next_vowel, &nx))
            y.kind = SYM_CONS;
        first = false;
        if (y.kind != SYM_CONS) {
            run_add(&r, y.letter);
            continue;
        }
        if (y.plain_h && last && r.any) {
            run_flush(&r, &first_run, &o);
            continue;
        }
        if (r.any)
            run_flush(&r, &first_run, &o);
        for (unsigned k = 0; k < y.nc; k++)
            put(&o, y.c[k]);
    }
    run_flush(&r, &first_run, &o);
    phon[o.len] = '\0';
    skel[os.len] = '\0';
    *skel_len = os.len;
    return o.len;
}

/* ------------------------------------------------------------------------ */
/* Jaro-Winkler                                                             */
/* ------------------------------------------------------------------------ */

/* Tokens are compared on their first VG__KEY_MAX bytes (names never come
 * close; it keeps the work arrays on the stack). */
#define VG__KEY_MAX 255

double vg_text_jw(vg_str a, vg_str b)
{
    size_t la = a.ptr ? a.len : 0, lb = b.ptr ? b.len : 0;
    bool ma[VG__KEY_MAX], mb[VG__KEY_MAX];

    if (la > VG__KEY_MAX)
        la = VG__KEY_MAX;
    if (lb > VG__KEY_MAX)
        lb = VG__KEY_MAX;
    if (la == 0 && lb == 0)
        return 1.0;
    if (la == 0 || lb == 0)
        return 0.0;
    size_t win = (la > lb ? la : lb) / 2;
    win = win ? win - 1 : 0;
    memset(ma, 0, la);
    memset(mb, 0, lb);

    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > win ? i - win : 0, hi = i + win + 1 < lb ? i + win + 1 : lb;
        for (size_t j = lo; j < hi; j++) {
            if (!mb[j] && a.ptr[i] == b.ptr[j]) {
                ma[i] = mb[j] = true;
                m++;
                break;
            }
        }
    }
    if (m == 0)
        return 0.0;
    size_t tr = 0, j = 0;
    for (size_t i = 0; i < la; i++) {
        if (!ma[i])
            continue;
        while (!mb[j])
            j++;
        if (a.ptr[i] != b.ptr[j])
            tr++;
        j++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)tr / 2.0) / md) / 3.0;
    size_t pre = 0;
    while (pre < 4 && pre < la && pre < lb && a.ptr[pre] == b.ptr[pre])
        pre++;
    return jaro + (double)pre * 0.1 * (1.0 - jaro);
}

/* ------------------------------------------------------------------------ */
/* Edit distance                                                            */
/* ------------------------------------------------------------------------ */

/* Optimal string alignment (Damerau-Levenshtein without repeated edits of
 * one substring). Tokens longer than VG__KEY_MAX bytes give 0 when
 * byte-identical, else max + 1. */
int vg_text_edit_distance(vg_str a, vg_str b, int max)
{
    size_t la = a.ptr ? a.len : 0, lb = b.ptr ? b.len : 0;
    int rows[3][VG__KEY_MAX + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];

    if (max < 0)
        max = 0;
    if (la > VG__KEY_MAX || lb > VG__KEY_MAX)
        return (la == lb && memcmp(a.ptr, b.ptr, la) == 0) ? 0 : max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max)
        return max + 1;
    if (la == 0 || lb == 0)
        return (int)(la + lb);
    /* a common prefix or suffix never changes the distance (an edit that
     * crossed it could be moved off it at no cost): compare what is left */
    while (la && lb && a.ptr[0] == b.ptr[0]) {
        a.ptr++;
        b.ptr++;
        la--;
        lb--;
    }
    while (la && lb && a.ptr[la - 1] == b.ptr[lb - 1]) {
        la--;
        lb--;
    }
    if (la == 0 || lb == 0)
        return (int)(la + lb); /* the length difference, at most max */
    if (max <= 1 && (la > 2 || lb > 2))
        return max + 1; /* one edit that changes both ends spans at most two letters */
    if (la <= 2 && lb <= 2) {
        /* what is left differs at both ends: one substitution, a swap of
         * two letters, or else two edits */
        int d = la == 1 && lb == 1 ? 1
                : la == 2 && lb == 2 && a.ptr[0] == b.ptr[1] && a.ptr[1] == b.ptr[0] ? 1
                                                                                  : 2;
        return d > max ? max + 1 : d;
    }
    if (la <= 64) {
        /* Bit-parallel optimal string alignment distance (after Hyyro's
         * bit-vector formulation of Damerau-Levenshtein): one pass over b,
         * a column of the dynamic-programming table per machine word. */
        uint64_t peq[256];
        const unsigned char *pa = (const unsigned char *)a.ptr;
        const unsigned char *pb = (const unsigned char *)b.ptr;
        for (size_t j = 0; j < lb; j++)
            peq[pb[j]] = 0;
        for (size_t i = 0; i < la; i++)
            peq[pa[i]] = 0;
        for (size_t i = 0; i < la; i++)
            peq[pa[i]] |= (uint64_t)1 << i;
        const uint64_t top = (uint64_t)1 << (la - 1);
        uint64_t vp = la == 64 ? ~(uint64_t)0 : (((uint64_t)1 << la) - 1), vn = 0;
        uint64_t d0 = 0, eq_prev = 0;
        int score = (int)la;
        for (size_t j = 0; j < lb; j++) {
            uint64_t eq = peq[pb[j]];
            uint64_t tr = (((~d0) & eq) << 1) & eq_prev;
            d0 = (((eq & vp) + vp) ^ vp) | eq | vn | tr;
            uint64_t hp = vn | ~(d0 | vp);
            uint64_t hn = vp & d0;
            if (hp & top)
                score++;
            else if (hn & top)
                score--;
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | ~(d0 | hp);
            vn = hp & d0;
            eq_prev = eq;
            /* each column left moves the score by one at most */
            if (score > max + (int)(lb - 1 - j))
                return max + 1;
        }
        return score > max ? max + 1 : score;
    }

    /* Only cells within `max` of the diagonal can stay at or under max:
     * compute that band, with everything outside it at `inf`. */
    const int inf = max + 1;
    const size_t band = (size_t)max;
    for (size_t j = 0; j <= lb; j++) {
        prev[j] = j <= band ? (int)j : inf;
        pp[j] = inf;
        cur[j] = inf;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t jlo = i > band ? i - band : 1;
        size_t jhi = i + band < lb ? i + band : lb;
        cur[jlo - 1] = (jlo == 1 && i <= band) ? (int)i : inf;
        int rowmin = cur[jlo - 1];
        for (size_t j = jlo; j <= jhi; j++) {
            int cost = a.ptr[i - 1] == b.ptr[j - 1] ? 0 : 1;
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a.ptr[i - 1] == b.ptr[j - 2] && a.ptr[i - 2] == b.ptr[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            if (v > inf)
                v = inf;
            cur[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (jhi + 1 <= lb)
            cur[jhi + 1] = inf;
        /* every cell of the next row is at least this row's minimum */
        if (rowmin > max)
            return max + 1;
        int *tmp = pp;
        pp = prev;
        prev = cur;
        cur = tmp;
        /* the recycled row may hold stale cells left of the next band */
        if (i + 1 <= la) {
            size_t nlo = i + 1 > band ? i + 1 - band : 1;
            if (nlo >= 2)
                cur[nlo - 2] = inf;
        }
    }
    int d = prev[lb];
    return d > max ? max + 1 : d;
}
