/* SPDX-License-Identifier: Apache-2.0 */
/* Transliteration to Latin, designed for matching rather than scholarship:
 * vigil's own tables for the Arabic script (Arabic, Persian, Urdu, Pashto,
 * Kurdish letters), Cyrillic (BGN/PCGN-like, with Ukrainian and homoglyph
 * rules) and Hangul (Revised Romanisation, surnames as usually spelt), and
 * ICU for everything else (Han via Han-Latin/Names, Greek, Hebrew, Kana,
 * Thai ...). Han is read from a table built from ICU's Han-Latin at build
 * time; ICU transliterators live on the handle and open lazily. */
#include <unicode/ustring.h>
#include <utf8proc.h>

#include "han_latin_table.h" /* generated: tools/gen_han_latin.c */
#include "vg_text.h"

/* ------------------------------------------------------------------------ */
/* Arabic script                                                            */
/* ------------------------------------------------------------------------ */

enum {
    AR_HAMZA = 0x621,
    AR_ALEF_MADDA = 0x622,
    AR_ALEF_HAMZA = 0x623,
    AR_WAW_HAMZA = 0x624,
    AR_ALEF_HAMZA_BELOW = 0x625,
    AR_YEH_HAMZA = 0x626,
    AR_ALEF = 0x627,
    AR_BEH = 0x628,
    AR_TEH_MARBUTA = 0x629,
    AR_DAL = 0x62F,
    AR_SEEN = 0x633,
    AR_AIN = 0x639,
    AR_TATWEEL = 0x640,
    AR_LAM = 0x644,
    AR_MEEM = 0x645,
    AR_NOON = 0x646,
    AR_HEH = 0x647,
    AR_WAW = 0x648,
    AR_ALEF_MAKSURA = 0x649,
    AR_YEH = 0x64A,
    AR_FATHA = 0x64E,
    AR_DAMMA = 0x64F,
    AR_KASRA = 0x650,
    AR_SHADDA = 0x651,
    AR_SUPERSCRIPT_ALEF = 0x670,
    AR_ALEF_WASLA = 0x671,
    AR_TEH = 0x62A,
    FA_YEH = 0x6CC,
    UR_HEH_GOAL = 0x6C1,
    UR_TEH_MARBUTA_GOAL = 0x6C3,
};

/* Letters of U+0621..U+06FF with a fixed reading. Context-dependent
 * letters (alef, ain, waw, yeh, heh, alef maksura, teh marbuta, yeh with
 * hamza) are handled in ar_letter(). NULL: not a letter vigil reads. */
static const char *const ar_tab[0x100] = {
    [0x21] = "",   [0x22] = "a",  [0x23] = "a",  [0x24] = "u",  [0x25] = "i",  [0x27] = "a",
    [0x28] = "b",  [0x29] = "a",  [0x2A] = "t",  [0x2B] = "th", [0x2C] = "j",  [0x2D] = "h",
    [0x2E] = "kh", [0x2F] = "d",  [0x30] = "dh", [0x31] = "r",  [0x32] = "z",  [0x33] = "s",
    [0x34] = "sh", [0x35] = "s",  [0x36] = "d",  [0x37] = "t",  [0x38] = "z",  [0x3A] = "gh",
    [0x3B] = "k",  [0x3C] = "k",  [0x3D] = "y",  [0x3E] = "y",  [0x3F] = "y",  [0x41] = "f",
    [0x42] = "q",  [0x43] = "k",  [0x44] = "l",  [0x45] = "m",  [0x46] = "n",  [0x47] = "h",
    [0x6E] = "b",  [0x6F] = "q",  [0x71] = "a",  [0x72] = "a",  [0x73] = "i",  [0x75] = "a",
    [0x76] = "u",  [0x77] = "u",  [0x78] = "y",  [0x79] = "t",  [0x7A] = "th", [0x7B] = "b",
    [0x7C] = "t",  [0x7D] = "t",  [0x7E] = "p",  [0x7F] = "th", [0x80] = "bh", [0x81] = "dz",
    [0x82] = "h",  [0x83] = "ny", [0x84] = "j",  [0x85] = "ts", [0x86] = "ch", [0x87] = "ch",
    [0x88] = "d",  [0x89] = "d",  [0x8A] = "d",  [0x8B] = "d",  [0x8C] = "dh", [0x8D] = "d",
    [0x8E] = "d",  [0x8F] = "d",  [0x90] = "d",  [0x91] = "r",  [0x92] = "r",  [0x93] = "r",
    [0x94] = "r",  [0x95] = "r",  [0x96] = "zh", [0x97] = "z",  [0x98] = "zh", [0x99] = "zh",
    [0x9A] = "sh", [0x9B] = "s",  [0x9C] = "sh", [0x9D] = "s",  [0x9E] = "s",  [0x9F] = "z",
    [0xA0] = "gh", [0xA1] = "f",  [0xA2] = "f",  [0xA3] = "f",  [0xA4] = "v",  [0xA5] = "f",
    [0xA6] = "ph", [0xA7] = "q",  [0xA8] = "g",  [0xA9] = "k",  [0xAA] = "k",  [0xAB] = "g",
    [0xAC] = "k",  [0xAD] = "ng", [0xAE] = "k",  [0xAF] = "g",  [0xB0] = "g",  [0xB1] = "ng",
    [0xB2] = "g",  [0xB3] = "g",  [0xB4] = "g",  [0xB5] = "l",  [0xB6] = "l",  [0xB7] = "l",
    [0xB8] = "l",  [0xB9] = "n",  [0xBA] = "n",  [0xBB] = "n",  [0xBC] = "n",  [0xBD] = "n",
    [0xBE] = "h",  [0xBF] = "ch", [0xC0] = "e",  [0xC1] = "h",  [0xC2] = "e",  [0xC3] = "a",
    [0xC4] = "o",  [0xC5] = "o",  [0xC6] = "o",  [0xC7] = "u",  [0xC8] = "u",  [0xC9] = "u",
    [0xCA] = "u",  [0xCB] = "v",  [0xCD] = "ai", [0xCE] = "e",  [0xCF] = "v",  [0xD0] = "e",
    [0xD1] = "y",  [0xD2] = "e",  [0xD3] = "e",  [0xD5] = "e",  [0xEE] = "d",  [0xEF] = "r",
    [0xFA] = "sh", [0xFB] = "d",  [0xFC] = "gh", [0xFF] = "h",
};

static bool ar_is_mark(int32_t c)
{
    return (c >= 0x610 && c <= 0x61A) || (c >= 0x64B && c <= 0x65F) || c == AR_SUPERSCRIPT_ALEF ||
           (c >= 0x6D6 && c <= 0x6ED) || (c >= 0x8D3 && c <= 0x8FF) ||
           (c >= 0x300 && c <= 0x36F);
}

static int ar_digit(int32_t c)
{
    if (c >= 0x660 && c <= 0x669)
        return (int)(c - 0x660);
    if (c >= 0x6F0 && c <= 0x6F9)
        return (int)(c - 0x6F0);
    return -1;
}

static bool ar_is_letter(int32_t c)
{
    return !ar_is_mark(c) && c != AR_TATWEEL && ar_digit(c) < 0;
}

/* Letters that spell a long vowel: after them, a heh is not "ah". */
static bool ar_is_vowel_letter(int32_t c)
{
    return c == AR_ALEF || c == AR_ALEF_MADDA || c == AR_ALEF_MAKSURA || c == AR_TEH_MARBUTA ||
           c == AR_WAW || c == AR_YEH || c == FA_YEH || c == AR_ALEF_WASLA || c == AR_ALEF_HAMZA ||
           c == AR_ALEF_HAMZA_BELOW;
}

/* Does waw/yeh before `next` stand for a consonant? Yes before a letter
 * that spells a vowel: nawaf, ziyad, yahya, marwa. */
static bool ar_next_is_vowel(int32_t next)
{
    return next == AR_ALEF || next == AR_ALEF_MADDA || next == AR_ALEF_MAKSURA ||
           next == AR_TEH_MARBUTA || next == UR_TEH_MARBUTA_GOAL;
}

static bool ar_eq(const int32_t *l, size_t nl, const int32_t *want, size_t nw)
{
    if (nl != nw)
        return false;
    for (size_t k = 0; k < nl; k++)
        if (l[k] != want[k])
            return false;
    return true;
}

static bool ar_is_alef_any(int32_t c)
{
    return c == AR_ALEF || c == AR_ALEF_HAMZA || c == AR_ALEF_HAMZA_BELOW || c == AR_ALEF_WASLA ||
           c == AR_ALEF_MADDA;
}

/* Heh as Arabic or Urdu writes it (the end of Allah: الله, اللہ). */
static bool ar_is_heh(int32_t c)
{
    return c == AR_HEH || c == UR_HEH_GOAL;
}

/* Transliterates cp[s..e) as (part of) one word, letter by letter. */
static void ar_core(vg_text *t, const int32_t *cp, size_t s, size_t e)
{
    bool initial = true;
    char lastv = 0;           /* vowel written by a mark just before */
    const char *lastc = NULL; /* consonant written last (for shadda) */
    int32_t prev = 0;         /* previous letter */

    for (size_t k = s; k < e; k++) {
        int32_t c = cp[k];
        int dg = ar_digit(c);
        if (c == AR_TATWEEL)
            continue;
        if (dg >= 0) {
            vg__lat_putc(t, (char)('0' + dg));
            lastc = NULL;
            lastv = 0;
            continue;
        }
        if (ar_is_mark(c)) {
            /* marks of one letter were ordered by NFC (fatha 30 before
             * shadda 33); shadda is handled with the letter, below */
            if (c == AR_FATHA || c == AR_SUPERSCRIPT_ALEF) {
                vg__lat_putc(t, 'a');
                lastv = 'a';
            } else if (c == AR_DAMMA) {
                vg__lat_putc(t, 'u');
                lastv = 'u';
            } else if (c == AR_KASRA) {
                vg__lat_putc(t, 'i');
                lastv = 'i';
            }
            continue;
        }

        /* the next letter and the marks right after this one */
        int32_t next = 0;
        bool shadda = false, vmark = false;
        size_t m = k + 1;
        while (m < e && (ar_is_mark(cp[m]) || cp[m] == AR_TATWEEL)) {
            if (cp[m] == AR_SHADDA)
                shadda = true;
            if (cp[m] == AR_FATHA || cp[m] == AR_DAMMA || cp[m] == AR_KASRA)
                vmark = true;
            m++;
        }
        if (m < e && ar_digit(cp[m]) < 0)
            next = cp[m];

        const char *o = NULL;
        switch (c) {
        case AR_ALEF:
            o = lastv == 'a' ? "" : "a";
            break;
        case AR_AIN:
            /* word-initial ayn is heard as a vowel; the vowel letter after
             * it spells it already (adil, isa) */
            if (!initial)
                o = "";
            else if (ar_is_alef_any(next) || next == AR_ALEF_MAKSURA || next == AR_YEH || next == FA_YEH ||
                     next == AR_WAW)
                o = "";
            else
                o = "a";
            break;
        case AR_WAW:
            if (initial)
                o = "w";
            else if (lastv == 'u')
                o = "";
            else if (ar_next_is_vowel(next) || vmark || shadda || lastv == 'a')
                o = "w";
            else
                o = "u";
            break;
        case AR_YEH:
        case FA_YEH:
            if (initial)
                o = "y";
            else if (lastv == 'i')
                o = "";
            else if (ar_next_is_vowel(next) || vmark || shadda || lastv == 'a')
                o = "y";
            else
                o = "i";
            break;
        case AR_ALEF_MAKSURA:
            o = (lastv == 'a' || lastv == 'i') ? "" : "a";
            break;
        case AR_TEH_MARBUTA:
        case UR_TEH_MARBUTA_GOAL:
            o = lastv == 'a' ? "" : "a";
            break;
        case AR_HEH:
        case UR_HEH_GOAL:
            /* a final heh after a consonant is mostly a vowel ending
             * (zadeh, abd rabbuh): written "ah" so it folds like -ah */
            if (!next && !initial && prev && !ar_is_vowel_letter(prev))
                o = "ah";
            else
                o = "h";
            break;
        case AR_YEH_HAMZA:
            o = prev == AR_ALEF ? "" : "i";
            break;
        default:
            if (c >= 0x600 && c <= 0x6FF)
                o = ar_tab[c - 0x600];
            else if (c == 0x762 || c == 0x763)
                o = "g"; /* Maghrebi gaf */
            break;
        }
        if (o && *o) {
            vg__lat_put(t, o, strlen(o));
            bool vowel = vg__is_vowel(o[0]);
            lastc = vowel ? NULL : o;
            if (shadda && lastc)
                vg__lat_put(t, lastc, strlen(lastc));
        } else {
            lastc = NULL;
        }
        lastv = 0;
        prev = c;
        initial = false;
    }
}

#define AR_WORD_PEEK 64

/* Titles written in Arabic script, as ar_core() spells them, and the
 * spelling the lexicon in tokens.c knows (haji, qari, amir need none). */
static const struct {
    const char *from, *to;
} ar_titles[] = {
    {"amam", "imam"},     {"dktr", "dr"},         {"dktur", "dr"},   {"mfti", "mufti"},
    {"mla", "mullah"},    {"mlla", "mullah"},     {"mului", "mawlawi"}, {"mulana", "maulana"},
    {"shikh", "sheikh"},
};

/* Transliterates cp[s..e) and rewrites it when it is a known title. */
static void ar_word_tail(vg_text *t, const int32_t *cp, size_t s, size_t e)
{
    size_t from = t->lat_len;
    ar_core(t, cp, s, e);
    size_t n = t->lat_len - from;
    for (size_t k = 0; k < sizeof ar_titles / sizeof ar_titles[0]; k++) {
        if (strlen(ar_titles[k].from) == n && memcmp(t->lat + from, ar_titles[k].from, n) == 0) {
            t->lat_len = from;
            vg__lat_put(t, ar_titles[k].to, strlen(ar_titles[k].to));
            return;
        }
    }
}

/* Transliterates one Arabic-script word, splitting off the article and the
 * joined forms that spell two name words in one (عبدالله, ابوالحسن). */
void vg__translit_arabic(vg_text *t, const int32_t *cp, size_t n)
{
    static const int32_t w_bin[] = {AR_BEH, AR_NOON};
    static const int32_t w_bint[] = {AR_BEH, AR_NOON, AR_TEH};
    size_t s = 0;

    for (;;) {
        int32_t l[AR_WORD_PEEK];
        size_t pos[AR_WORD_PEEK];
        size_t nl = 0, total = 0;
        size_t last4[4] = {0, 0, 0, 0};
        int32_t last4c[4] = {0, 0, 0, 0};
        for (size_t k = s; k < n; k++) {
            if (!ar_is_letter(cp[k]))
                continue;
            if (nl < AR_WORD_PEEK) {
                l[nl] = cp[k];
                pos[nl] = k;
                nl++;
            }
            last4[total % 4] = k;
            last4c[total % 4] = cp[k];
            total++;
        }
        if (total == 0) {
            ar_core(t, cp, s, n);
            return;
        }
        int32_t first = l[0];
        if (first == AR_ALEF_WASLA)
            first = AR_ALEF;

        /* whole words */
        if (total == 4 && first == AR_ALEF && l[1] == AR_LAM && l[2] == AR_LAM && ar_is_heh(l[3])) {
            vg__lat_put(t, "allah", 5);
            return;
        }
        if (ar_eq(l, total, w_bin, 2)) {
            vg__lat_put(t, "bin", 3);
            return;
        }
        if (ar_eq(l, total, w_bint, 3)) {
            vg__lat_put(t, "bint", 4);
            return;
        }
        if (total == 3 && ar_is_alef_any(l[0]) && l[1] == AR_BEH && l[2] == AR_NOON) {
            vg__lat_put(t, "ibn", 3);
            return;
        }
        /* سيد, the title Sayyid (سعيد, Said, has an ain) */
        if (total == 3 && l[0] == AR_SEEN && (l[1] == AR_YEH || l[1] == FA_YEH) && l[2] == AR_DAL) {
            vg__lat_put(t, "sayyid", 6);
            return;
        }
        if (total == 2 && ar_is_alef_any(l[0]) && l[1] == AR_MEEM) {
            vg__lat_put(t, "umm", 3);
            return;
        }
        /* abd + article written as one word: عبدالرحمن, عبدالله */
        if (total >= 6 && l[0] == AR_AIN && l[1] == AR_BEH && l[2] == AR_DAL && ar_is_alef_any(l[3]) &&
            l[4] == AR_LAM) {
            vg__lat_put(t, "abd", 3);
            vg__lat_sep(t, VG__SEP_SPACE);
            s = pos[3];
            continue;
        }
        /* abu + article: ابوالحسن */
        if (total >= 6 && ar_is_alef_any(l[0]) && l[1] == AR_BEH && l[2] == AR_WAW && ar_is_alef_any(l[3]) &&
            l[4] == AR_LAM) {
            vg__lat_put(t, "abu", 3);
            vg__lat_sep(t, VG__SEP_SPACE);
            s = pos[3];
            continue;
        }
        /* the conjunction wa joined to an article: والشام, wa al-sham (a
         * name of three letters or more after it: والي is Wali) */
        if (total >= 6 && l[0] == AR_WAW && ar_is_alef_any(l[1]) && l[2] == AR_LAM) {
            vg__lat_put(t, "wa", 2);
            vg__lat_sep(t, VG__SEP_SPACE);
            s = pos[1];
            continue;
        }
        /* the article: al + the rest (whose first letter is word-initial) */
        if (total >= 4 && first == AR_ALEF && l[1] == AR_LAM) {
            vg__lat_put(t, "al", 2);
            vg__lat_sep(t, VG__SEP_SPACE);
            s = pos[2];
            continue;
        }
        /* X + allah joined: نصرالله -> nsrallah (tokens.c makes it X+ullah) */
        if (total >= 6) {
            int32_t tail[4];
            for (size_t k = 0; k < 4; k++)
                tail[k] = last4c[(total + k) % 4];
            if (ar_is_alef_any(tail[0]) && tail[1] == AR_LAM && tail[2] == AR_LAM &&
                ar_is_heh(tail[3])) {
                ar_core(t, cp, s, last4[total % 4]);
                vg__lat_put(t, "allah", 5);
                return;
            }
        }
        ar_word_tail(t, cp, s, n);
        return;
    }
}

/* ------------------------------------------------------------------------ */
/* Cyrillic                                                                 */
/* ------------------------------------------------------------------------ */

/* U+0430..U+045F (lower case; input is case folded). */
static const char *const cyr_basic[0x30] = {
    "a",  "b", "v",  "g",  "d",  "e", "zh",   "z", "i", "y",  "k", "l",  "m",  "n", "o",  "p",
    "r",  "s", "t",  "u",  "f",  "kh", "ts",  "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    "e",  "e", "dj", "gj", "ye", "dz", "i",   "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
};

/* Letters of U+0460..U+052F used by living languages (Kazakh, Tatar,
 * Tajik, Uzbek, Bashkir, Chuvash, Mongolian ...). */
static const char *cyr_ext(int32_t c)
{
    switch (c) {
    case 0x461: return "o";
    case 0x463: return "e";
    case 0x465: return "ye";
    case 0x467: return "ya";
    case 0x46B: return "u";
    case 0x473: return "f";
    case 0x475: return "i";
    case 0x477: return "i";
    case 0x491: return "g";
    case 0x493: return "gh";
    case 0x495: return "gh";
    case 0x497: return "zh";
    case 0x499: return "z";
    case 0x49B: return "k";
    case 0x49D: return "k";
    case 0x49F: return "k";
    case 0x4A1: return "k";
    case 0x4A3: return "ng";
    case 0x4A5: return "ng";
    case 0x4A7: return "p";
    case 0x4AB: return "s";
    case 0x4AD: return "t";
    case 0x4AF: return "u";
    case 0x4B1: return "u";
    case 0x4B3: return "h";
    case 0x4B5: return "ts";
    case 0x4B7: return "j";
    case 0x4B9: return "ch";
    case 0x4BB: return "h";
    case 0x4BD: return "ch";
    case 0x4BF: return "ch";
    case 0x4C2: return "zh";
    case 0x4C4: return "k";
    case 0x4C8: return "ng";
    case 0x4CA: return "n";
    case 0x4CC: return "ch";
    case 0x4CE: return "m";
    case 0x4CF: return "";
    case 0x4D1: return "a";
    case 0x4D3: return "a";
    case 0x4D5: return "ae";
    case 0x4D7: return "e";
    case 0x4D9: return "a";
    case 0x4DB: return "a";
    case 0x4DD: return "zh";
    case 0x4DF: return "z";
    case 0x4E1: return "dz";
    case 0x4E3: return "i";
    case 0x4E5: return "i";
    case 0x4E7: return "o";
    case 0x4E9: return "o";
    case 0x4EB: return "o";
    case 0x4ED: return "e";
    case 0x4EF: return "u";
    case 0x4F1: return "u";
    case 0x4F3: return "u";
    case 0x4F5: return "ch";
    case 0x4F7: return "g";
    case 0x4F9: return "y";
    case 0x4FB: return "g";
    case 0x4FD: return "h";
    case 0x4FF: return "h";
    case 0x501: return "d";
    case 0x511: return "e";
    case 0x51B: return "q";
    case 0x51D: return "w";
    default: return NULL;
    }
}

/* Cyrillic letters that look like Latin ones, read as what they imitate
 * when they appear inside a Latin word. */
static const char *cyr_homoglyph(int32_t c)
{
    switch (c) {
    case 0x430: return "a";
    case 0x432: return "b"; /* В */
    case 0x435: return "e";
    case 0x451: return "e";
    case 0x43A: return "k"; /* К */
    case 0x43C: return "m"; /* М */
    case 0x43D: return "h"; /* Н */
    case 0x43E: return "o";
    case 0x440: return "p";
    case 0x441: return "c";
    case 0x442: return "t"; /* Т */
    case 0x443: return "y";
    case 0x445: return "x";
    case 0x456: return "i";
    case 0x458: return "j";
    case 0x455: return "s";
    case 0x4BB: return "h";
    case 0x501: return "d";
    case 0x4CF: return "l";
    case 0x51B: return "q";
    case 0x51D: return "w";
    default: return NULL;
    }
}

bool vg__cyrillic_known(int32_t c)
{
    return (c >= 0x430 && c <= 0x45F) || cyr_ext(c) != NULL;
}

void vg__translit_cyrillic(vg_text *t, int32_t c, bool homoglyph)
{
    const char *o = NULL;
    if (homoglyph)
        o = cyr_homoglyph(c);
    if (!o && t->cyr_mode == 2) {
        /* Ukrainian / Belarusian readings */
        if (c == 0x433)
            o = "h";
        else if (c == 0x438)
            o = "y";
    }
    if (!o) {
        if (c >= 0x430 && c <= 0x45F)
            o = cyr_basic[c - 0x430];
        else
            o = cyr_ext(c);
    }
    if (o)
        vg__lat_put(t, o, strlen(o));
}

/* ------------------------------------------------------------------------ */
/* Hangul                                                                   */
/* ------------------------------------------------------------------------ */

static const char *const hg_lead[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                        "ss", "",  "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const hg_vowel[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                         "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                         "wo", "we", "wi", "yu",  "eu", "ui", "i"};
static const char *const hg_tail[28] = {"",  "k", "k", "k", "n", "n", "n",  "t", "l", "k",
                                        "m", "l", "l", "l", "p", "l", "m",  "p", "p", "t",
                                        "t", "ng", "t", "t", "k", "t", "p", "t"};

/* Common Korean surnames in the spelling their bearers use. */
static const struct {
    uint16_t syl;
    const char *rom;
} hg_surnames[] = {
    {0xAC15, "kang"}, {0xACE0, "ko"},    {0xACFD, "kwak"}, {0xAD6C, "koo"},  {0xAD8C, "kwon"},
    {0xAE40, "kim"},  {0xB178, "noh"},   {0xBB38, "moon"}, {0xBC15, "park"}, {0xBC30, "bae"},
    {0xBC31, "baek"}, {0xC11C, "seo"},   {0xC131, "sung"}, {0xC1A1, "song"}, {0xC2E0, "shin"},
    {0xC2EC, "shim"}, {0xC548, "ahn"},   {0xC591, "yang"}, {0xC624, "oh"},   {0xC6B0, "woo"},
    {0xC720, "yoo"},  {0xC724, "yoon"},  {0xC774, "lee"},  {0xC784, "lim"},  {0xC7A5, "jang"},
    {0xC804, "jeon"}, {0xC815, "jung"},  {0xC870, "cho"},  {0xC8FC, "joo"},  {0xCD5C, "choi"},
    {0xD55C, "han"},  {0xD5C8, "heo"},   {0xD64D, "hong"}, {0xD669, "hwang"}, {0xB958, "ryu"},
};

void vg__translit_hangul(vg_text *t, const int32_t *cp, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int32_t c = cp[k];
        if (c < 0xAC00 || c > 0xD7A3)
            continue; /* a stray mark */
        if (k > 0)
            vg__lat_sep(t, VG__SEP_SPACE);
        const char *sur = NULL;
        if (k == 0 && !t->hangul_seen && n > 1) {
            for (size_t s = 0; s < sizeof hg_surnames / sizeof hg_surnames[0]; s++) {
                if (hg_surnames[s].syl == c) {
                    sur = hg_surnames[s].rom;
                    break;
                }
            }
        }
        if (sur) {
            vg__lat_put(t, sur, strlen(sur));
            continue;
        }
        int32_t s = c - 0xAC00;
        const char *l = hg_lead[s / 588], *v = hg_vowel[(s % 588) / 28], *tl = hg_tail[s % 28];
        vg__lat_put(t, l, strlen(l));
        vg__lat_put(t, v, strlen(v));
        vg__lat_put(t, tl, strlen(tl));
    }
    t->hangul_seen = true;
}

/* ------------------------------------------------------------------------ */
/* ICU                                                                      */
/* ------------------------------------------------------------------------ */

static UTransliterator *icu_open(const char *id)
{
    UChar uid[64];
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    u_uastrncpy(uid, id, 63);
    uid[63] = 0;
    UTransliterator *tr = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
    if (U_FAILURE(st)) {
        if (tr)
            utrans_close(tr);
        return NULL;
    }
    return tr;
}

void vg__translit_free(vg_text *t)
{
    if (t->icu_any)
        utrans_close(t->icu_any);
    if (t->icu_han)
        utrans_close(t->icu_han);
    t->icu_any = NULL;
    t->icu_han = NULL;
    vg__free(&t->alloc, t->u16, t->u16_cap * sizeof *t->u16);
    t->u16 = NULL;
    t->u16_cap = 0;
}

/* One code point as UTF-16 at t->u16 + u; returns the new unit count. */
static size_t put_u16(vg_text *t, size_t u, int32_t c)
{
    if (c >= 0x10000) {
        c -= 0x10000;
        t->u16[u++] = (UChar)(0xD800 + (c >> 10));
        t->u16[u++] = (UChar)(0xDC00 + (c & 0x3FF));
    } else {
        t->u16[u++] = (UChar)c;
    }
    return u;
}

/* Code points to UTF-16 at t->u16; returns the number of units. */
static size_t to_u16(vg_text *t, const int32_t *cp, size_t n)
{
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        u = put_u16(t, u, cp[k]);
    return u;
}

/* Han names: one syllable per character from ICU; regroup as surname +
 * given name (2-3 characters), 2 + 2 (4, compound surnames), or one word
 * (5 and more: a transliterated foreign name). */
static void han_regroup(vg_text *t, size_t from, size_t nchars)
{
    size_t words = 0;
    for (size_t k = from; k < t->lat_len; k++)
        if (!vg__lat_is_sep(t->lat[k]) && (k == from || vg__lat_is_sep(t->lat[k - 1])))
            words++;
    if (words != nchars || nchars < 3)
        return;
    size_t w = from, seps = 0;
    for (size_t k = from; k < t->lat_len; k++) {
        char c = t->lat[k];
        if (vg__lat_is_sep(c)) {
            seps++;
            bool keep = (nchars == 3 && seps == 1) || (nchars == 4 && seps == 2);
            if (!keep && k + 1 < t->lat_len)
                continue;
        }
        t->lat[w++] = c;
    }
    t->lat_len = w;
}

/* ---- Han without ICU ------------------------------------------------------
 * Opening "Han-Latin/Names; Latin-ASCII" costs about 1e9 instructions (ICU
 * compiles its ~40,000 rules on every open), several times the rest of a
 * list load. han_latin_table.h, written at build time by
 * tools/gen_han_latin.c from the same ICU, holds what that transliterator
 * writes for each Han character: ICU's output for a run of them is their
 * readings joined by single spaces, the first one's reading taken at the
 * start of a run (surnames). The generator checks ICU's rules for that
 * shape and each character's readings against ICU; the few characters
 * ICU reads by what follows (令 before 狐 ...) have their readings there
 * too. Runs the table does not cover (a mark, a character it leaves out)
 * still go to ICU. */

/* String id of c's reading inside a run (0: not in the table). */
static unsigned han_inner_id(int32_t c)
{
    for (size_t r = 0; r < sizeof han_ranges / sizeof han_ranges[0]; r++)
        if ((uint32_t)c >= han_ranges[r][0] && (uint32_t)c <= han_ranges[r][1])
            return han_inner[han_ranges[r][2] + ((uint32_t)c - han_ranges[r][0])];
    return 0;
}

/* String id of c's reading at the start of a run. */
static unsigned han_start_id(int32_t c, unsigned inner)
{
    size_t lo = 0, hi = han_n_start;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (han_start[mid][0] < (uint32_t)c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < han_n_start && han_start[lo][0] == (uint32_t)c ? han_start[lo][1] : inner;
}

/* String id of x's reading before y when ICU reads x by what follows it
 * (令狐 ling hu, 长孙 zhang sun); 0 when not such a pair (*ctx false) or
 * when the pair is left to ICU (*ctx true). */
static unsigned han_pair(int32_t x, int32_t y, bool start, bool *ctx)
{
    *ctx = false;
    for (size_t k = 0; k < han_n_pairs; k++) {
        if (han_pairs[k][0] == (uint32_t)x && han_pairs[k][1] == (uint32_t)y) {
            *ctx = true;
            return han_pairs[k][start ? 2 : 3];
        }
    }
    return 0;
}

/* Writes the table's output for cp[0..n) to t->u16 (room for n * 8 units
 * is there); false when the run needs ICU. */
static bool han_from_table(vg_text *t, const int32_t *cp, size_t n, int32_t *len)
{
    size_t u = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned id = han_inner_id(cp[k]);
        if (id == 0)
            return false;
        bool ctx = false;
        if (k + 1 < n) {
            unsigned pid = han_pair(cp[k], cp[k + 1], k == 0, &ctx);
            if (ctx && pid == 0)
                return false;
            if (ctx)
                id = pid;
        }
        if (k == 0 && !ctx)
            id = han_start_id(cp[k], id);
        if (k > 0)
            t->u16[u++] = ' ';
        if (id == 1) {
            u = put_u16(t, u, cp[k]);
            continue;
        }
        for (uint32_t o = han_str_off[id]; o < han_str_off[id + 1]; o++)
            t->u16[u++] = han_pool[o];
    }
    *len = (int32_t)u;
    return true;
}

/* Writes ICU's (or the Han table's) output t->u16[0..len) into the stream. */
static void icu_emit(vg_text *t, int32_t len, size_t n, bool han)
{
    size_t from = t->lat_len;
    for (int32_t k = 0; k < len && !t->lat_full; k++) {
        UChar32 u = t->u16[k];
        if (U16_IS_LEAD(u) && k + 1 < len && U16_IS_TRAIL(t->u16[k + 1])) {
            u = U16_GET_SUPPLEMENTARY(u, t->u16[k + 1]);
            k++;
        }
        if (u < 0x80)
            vg__ascii_cp(t, u);
        else if (utf8proc_category(u) <= UTF8PROC_CATEGORY_LO)
            (void)vg__latin_fold(t, u); /* leftovers ICU could not fold: dropped */
    }
    if (han)
        han_regroup(t, from, n);
}

static vg_status translit_icu(vg_text *t, const int32_t *cp, size_t n, bool han, bool table)
{
    vg_status rc = VG_OK;
    UTransliterator **slot = han ? &t->icu_han : &t->icu_any;

    if (n == 0)
        goto out;
    size_t need = n * 2 * 8 + 64;
    if (han && table) {
        /* the same first buffer as ICU gets below, so a name too long for
         * it fails the same way */
        if (t->u16_cap < need) {
            rc = vg__grow(&t->alloc, (void **)&t->u16, &t->u16_cap, need, sizeof *t->u16,
                          VG__U16_LIMIT + n * 2);
            if (rc)
                goto out;
        }
        int32_t len;
        if (han_from_table(t, cp, n, &len)) {
            icu_emit(t, len, n, han);
            goto out;
        }
    }
    if (!*slot) {
        *slot = icu_open(han ? "Han-Latin/Names; Latin-ASCII" : "Any-Latin; Latin-ASCII");
        if (!*slot) {
            rc = VG_EINTERNAL;
            goto out;
        }
    }
    for (int attempt = 0; attempt < 3; attempt++) {
        if (t->u16_cap < need) {
            rc = vg__grow(&t->alloc, (void **)&t->u16, &t->u16_cap, need, sizeof *t->u16,
                          VG__U16_LIMIT + n * 2);
            if (rc)
                goto out;
        }
        int32_t len = (int32_t)to_u16(t, cp, n);
        int32_t limit = len;
        UErrorCode st = U_ZERO_ERROR;
        utrans_transUChars(*slot, t->u16, &len, (int32_t)t->u16_cap, 0, &limit, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            need = (size_t)len + 64;
            continue;
        }
        if (U_FAILURE(st)) {
            rc = VG_EINTERNAL;
            goto out;
        }
        icu_emit(t, len, n, han);
        goto out;
    }
    rc = VG_ELIMIT;
out:
    return rc;
}

vg_status vg__translit_icu(vg_text *t, const int32_t *cp, size_t n, bool han)
{
    return translit_icu(t, cp, n, han, true);
}

vg_status vg__translit_icu_only(vg_text *t, const int32_t *cp, size_t n, bool han)
{
    return translit_icu(t, cp, n, han, false);
}
