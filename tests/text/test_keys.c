/* SPDX-License-Identifier: Apache-2.0 */
/* Token keys and distances: consonant skeleton, phonetic key, Jaro-Winkler
 * and optimal-string-alignment edit distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/vg_text.h"
#include "vigil/text.h"

static void skel_is(const char *tok, const char *want)
{
    char out[64];
    size_t n = vg_text_skeleton(vg_str_c(tok), out, sizeof out);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "skeleton(%s)\n", tok);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void phon_is(const char *tok, const char *want)
{
    char out[64];
    size_t n = vg_text_phonetic(vg_str_c(tok), out, sizeof out);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "phonetic(%s)\n", tok);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

/* Every spelling of a group shares the skeleton `want`. */
static void skel_group(const char *want, const char *const *toks, size_t n)
{
    for (size_t k = 0; k < n; k++)
        skel_is(toks[k], want);
}

#define GROUP(want, ...)                                                                        \
    do {                                                                                        \
        static const char *const g_[] = {__VA_ARGS__};                                         \
        skel_group(want, g_, sizeof g_ / sizeof g_[0]);                                        \
    } while (0)

static void test_skeleton_groups(void **state)
{
    (void)state;
    GROUP("mhmd", "mohammed", "muhammad", "mohamed", "mohamad", "muhamad", "mhmd", "mohammad", "muhammed",
          "mhmmd");
    GROUP("bgd", "baghdadi", "bghdady", "bghdadi");
    GROUP("abdlrhmn", "abdulrahman", "abdelrahman", "abdalrhmn", "abdulrhmn");
    GROUP("ksm", "qasim", "kasim", "kassem", "qassem", "qsm");
    GROUP("hsn", "hussein", "husayn", "hossein", "husain", "hsyn", "hsin", "hassan", "hasan", "hsn");
    GROUP("ysf", "yusuf", "youssef", "yousef", "ywsf", "yusf", "yousif");
    GROUP("amr", "omar", "umar", "amr");
    GROUP("hld", "khalid", "halid", "khaled", "khld", "khald");
    GROUP("asm", "osama", "usama", "asamh", "asama", "oussama");
    GROUP("ahmd", "ahmed", "ahmad", "ahmd");
    GROUP("abrhm", "ibrahim", "ebrahim", "abrahim", "ibraheem");
    GROUP("abdl", "abdullah", "abdulla", "abdallah");
    GROUP("mlr", "mueller", "muller", "mullr");
    GROUP("crf", "sharif", "cherif", "chérif", "shareef");
    GROUP("rcd", "rashid", "rachid", "rasheed");
    GROUP("jml", "jamal", "djamal", "djamel");
    GROUP("zkr", "dhakir", "zakir", "zaker");
    GROUP("tmr", "thamer", "tamer");
    GROUP("kdr", "qadir", "kadir", "kader", "qader");
    GROUP("jkv", "zhukov", "jukov");
    GROUP("vldmr", "vladimir", "wladimir");
    GROUP("alksndr", "alexander", "aleksandr", "alexandr");
    GROUP("hmz", "hamzah", "hamza", "hamze");
    GROUP("fsl", "faisal", "faysal", "feisal", "fysl");
    GROUP("zd", "ziyad", "ziad", "zyad");
    GROUP("d", "dawud", "daoud", "daud", "dawood");
    GROUP("fd", "fuad", "fouad");
}

static void test_skeleton_edges(void **state)
{
    (void)state;
    char out[8];
    skel_is("", "");
    skel_is("a", "a");
    skel_is("e", "a");
    skel_is("y", "y");
    skel_is("w", "v");
    skel_is("h", "h");
    skel_is("ah", "a");    /* final written h */
    skel_is("shah", "c");  /* sh, then a final h after a vowel */
    skel_is("sheikh", "ch"); /* kh is never a silent ending */
    skel_is("x", "ks");
    skel_is("12ab3", "12b3");
    skel_is("Mo-Hammed", "mhmd"); /* upper case and punctuation tolerated */
    skel_is("tschetschenien", "cn"); /* doubles collapse after vowels go */
    skel_is("saleh", "sl");
    skel_is("salh", "sl"); /* a final written h goes after a consonant too */
    assert_int_equal(vg_text_skeleton(vg_str_c("abc"), NULL, 0), 0);
    assert_int_equal(vg_text_skeleton(vg_str_c("abc"), out, 0), 0);
    /* capped output, still NUL-terminated */
    assert_int_equal(vg_text_skeleton(vg_str_c("abdulrahman"), out, 4), 3);
    assert_string_equal(out, "abd");
    assert_int_equal(vg_text_skeleton((vg_str){NULL, 5}, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_phonetic(void **state)
{
    (void)state;
    static const char *const mo[] = {"mohammed", "muhammad", "mohamed", "mohamad", "muhammed"};
    for (size_t k = 0; k < 5; k++)
        phon_is(mo[k], "muhamad");
    phon_is("hussein", "husin");
    phon_is("husayn", "husin");
    phon_is("hossein", "husin");
    phon_is("husain", "husin");
    phon_is("yousef", "yusaf");
    phon_is("yusuf", "yusaf");
    phon_is("youssef", "yusaf");
    phon_is("osama", "usama");
    phon_is("usama", "usama");
    phon_is("hamzah", "hamza");
    phon_is("hamza", "hamza");
    phon_is("mueller", "mular");
    phon_is("muller", "mular");
    phon_is("dmitriy", "dmitri");
    phon_is("dmitry", "dmitri");
    phon_is("hesham", "hicam");
    phon_is("hisham", "hicam");
    phon_is("nawaf", "navaf"); /* w before a vowel is a consonant */
    phon_is("jeong", "jung");
    phon_is("jong", "jung");
    phon_is("", "");
    /* a word-initial ye is the e of other romanisations (Russian Е) */
    phon_is("yelena", "ilana");
    phon_is("elena", "ilana");
    phon_is("yevgeny", "ivgani");
    phon_is("evgeny", "ivgani");
    phon_is("yusuf", "yusaf"); /* other initial y stay consonants */
    /* a later ee is a long i (South Asian and English spellings) */
    phon_is("azeez", "aziz");
    phon_is("aziz", "aziz");
    phon_is("ibraheem", "ibrahim");
    phon_is("ibrahim", "ibrahim");
    phon_is("ahmed", "ahmad"); /* a single e stays an unstressed vowel */
    phon_is("yahya", "yahya");
    /* keeps more than the skeleton: these differ */
    char a[32], b[32];
    vg_text_phonetic(vg_str_c("omar"), a, sizeof a);
    vg_text_phonetic(vg_str_c("amr"), b, sizeof b);
    assert_string_not_equal(a, b);
}

static void jw_near(const char *a, const char *b, double want)
{
    double got = vg_text_jw(vg_str_c(a), vg_str_c(b));
    if (got < want - 0.001 || got > want + 0.001)
        fprintf(stderr, "jw(%s, %s) = %f, want %f\n", a, b, got, want);
    assert_true(got >= want - 0.001 && got <= want + 0.001);
    double rev = vg_text_jw(vg_str_c(b), vg_str_c(a));
    assert_true(rev >= want - 0.001 && rev <= want + 0.001);
}

static void test_jw(void **state)
{
    (void)state;
    jw_near("martha", "marhta", 0.961);
    jw_near("dwayne", "duane", 0.840);
    jw_near("dixon", "dicksonx", 0.813);
    jw_near("abc", "abc", 1.0);
    jw_near("abc", "xyz", 0.0);
    jw_near("", "", 1.0);
    jw_near("abc", "", 0.0);
    jw_near("a", "a", 1.0);
    /* the prefix bonus stops at four letters */
    double j1 = vg_text_jw(vg_str_c("abcdefgh"), vg_str_c("abcdxxxx"));
    double j2 = vg_text_jw(vg_str_c("abcdefgh"), vg_str_c("abcdexxx"));
    assert_true(j2 > j1);
    assert_true(j1 > 0.0 && j2 < 1.0);
    assert_true(vg_text_jw(vg_str_c("mohammed"), vg_str_c("muhammad")) > 0.8);
    /* long tokens: compared on their first 255 bytes */
    char x[400], y[400];
    memset(x, 'a', sizeof x);
    memset(y, 'a', sizeof y);
    y[399] = 'b';
    assert_true(vg_text_jw((vg_str){x, 400}, (vg_str){y, 400}) == 1.0);
}

static int ed(const char *a, const char *b, int max)
{
    return vg_text_edit_distance(vg_str_c(a), vg_str_c(b), max);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(ed("kitten", "sitting", 5), 3);
    assert_int_equal(ed("kitten", "sitting", 2), 3); /* max + 1 */
    assert_int_equal(ed("ab", "ba", 3), 1);          /* transposition */
    assert_int_equal(ed("ca", "abc", 5), 3);         /* OSA, not full Damerau (2) */
    assert_int_equal(ed("", "", 0), 0);
    assert_int_equal(ed("abc", "", 5), 3);
    assert_int_equal(ed("", "abc", 2), 3);
    assert_int_equal(ed("abc", "abc", 0), 0);
    assert_int_equal(ed("abc", "abd", 0), 1);
    assert_int_equal(ed("abc", "abd", -4), 1); /* negative max counts as 0 */
    assert_int_equal(ed("mohammed", "muhammad", 3), 2);
    assert_int_equal(ed("abcdefghij", "jihgfedcba", 2), 3); /* early exit */
    assert_int_equal(ed("abdulrahman", "abdelrahman", 1), 1);
    /* over 255 bytes: identical or max + 1 */
    char x[300], y[300];
    memset(x, 'a', sizeof x);
    memcpy(y, x, sizeof y);
    assert_int_equal(vg_text_edit_distance((vg_str){x, 300}, (vg_str){y, 300}, 2), 0);
    y[10] = 'b';
    assert_int_equal(vg_text_edit_distance((vg_str){x, 300}, (vg_str){y, 300}, 2), 3);
    /* 255 bytes exactly is still computed */
    assert_int_equal(vg_text_edit_distance((vg_str){x, 255}, (vg_str){y, 255}, 2), 1);
}

/* The full optimal-string-alignment table, the definition the bounded and
 * bit-parallel code (and its common prefix and suffix trimming) must meet. */
static int osa_ref(const char *a, int la, const char *b, int lb)
{
    int d[8][8];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++) {
        for (int j = 1; j <= lb; j++) {
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) < v)
                v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

static void spell(long x, int len, char *out)
{
    for (int i = 0; i < len; i++, x /= 3)
        out[i] = (char)('a' + x % 3);
}

static void test_edit_distance_exhaustive(void **state)
{
    (void)state;
    /* every pair of strings of up to 5 letters over {a, b, c} */
    char a[8], b[8];
    for (int la = 0; la <= 5; la++) {
        for (int lb = 0; lb <= 5; lb++) {
            long na = 1, nb = 1;
            for (int i = 0; i < la; i++)
                na *= 3;
            for (int i = 0; i < lb; i++)
                nb *= 3;
            for (long x = 0; x < na; x++) {
                spell(x, la, a);
                for (long y = 0; y < nb; y++) {
                    spell(y, lb, b);
                    int want = osa_ref(a, la, b, lb);
                    for (int max = 0; max <= 3; max++) {
                        int got = vg_text_edit_distance((vg_str){a, (size_t)la},
                                                        (vg_str){b, (size_t)lb}, max);
                        assert_int_equal(got, want > max ? max + 1 : want);
                    }
                }
            }
        }
    }
}

/* vg__text_keys gives what the two key functions give, on every string of
 * up to five letters over those the keys treat specially, and on a few
 * caps. */
static void test_keys_together(void **state)
{
    (void)state;
    static const char al[] = "ahstcdzkgpjwyeoux1-";
    const size_t na = sizeof al - 1;
    char tok[8];
    for (int len = 0; len <= 5; len++) {
        long total = 1;
        for (int i = 0; i < len; i++)
            total *= (long)na;
        for (long x = 0; x < total; x++) {
            long v = x;
            for (int i = 0; i < len; i++, v /= (long)na)
                tok[i] = al[v % (long)na];
            vg_str t = {tok, (size_t)len};
            for (size_t cap = 3; cap <= 64; cap += 61) {
                char p1[64], s1[64], p2[64], s2[64];
                size_t pl = vg_text_phonetic(t, p1, cap), sl = vg_text_skeleton(t, s1, cap);
                size_t sl2, pl2 = vg__text_keys(t, p2, cap, s2, cap, &sl2);
                assert_int_equal(pl2, pl);
                assert_int_equal(sl2, sl);
                assert_string_equal(p2, p1);
                assert_string_equal(s2, s1);
            }
        }
    }
    static const char *const names[] = {"abdulrahman", "mohammed", "tschaikowsky", "dzhamal",
                                        "yusuf", "saleh", "wladimir", "khaled", "xavier",
                                        "yelena", "ye"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char p1[64], s1[64], p2[64], s2[64];
        size_t pl = vg_text_phonetic(vg_str_c(names[k]), p1, sizeof p1);
        size_t sl = vg_text_skeleton(vg_str_c(names[k]), s1, sizeof s1);
        size_t sl2, pl2 = vg__text_keys(vg_str_c(names[k]), p2, sizeof p2, s2, sizeof s2, &sl2);
        assert_int_equal(pl2, pl);
        assert_int_equal(sl2, sl);
        assert_string_equal(p2, p1);
        assert_string_equal(s2, s1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skeleton_groups),
        cmocka_unit_test(test_skeleton_edges),
        cmocka_unit_test(test_phonetic),
        cmocka_unit_test(test_jw),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_edit_distance_exhaustive),
        cmocka_unit_test(test_keys_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
