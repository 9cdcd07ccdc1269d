/* SPDX-License-Identifier: Apache-2.0 */
/* Screening against the bundled lists: the right entry on top across
 * spellings and scripts, evidence that clears namesakes, documents, bad
 * queries, thread safety, and the indexed path agreeing with the exhaustive
 * one. */
#include <pthread.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil/vigil.h"

static vg_list *lists[2];
static vg_index *ix;
static vg_screener *sc;

static int setup(void **state)
{
    (void)state;
    vg_err err;
    if (vg_list_load(VIGIL_DATA "/lists/un/consolidated.xml", VG_FORMAT_AUTO, NULL, &lists[0],
                     &err) ||
        vg_list_load(VIGIL_DATA "/lists/ofac", VG_FORMAT_AUTO, NULL, &lists[1], &err) ||
        vg_index_build(lists, 2, NULL, &ix, &err) || vg_screener_new(ix, &sc))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vg_screener_free(sc);
    vg_index_free(ix);
    vg_list_free(lists[0]);
    vg_list_free(lists[1]);
    return 0;
}

static vg_result res;

static const vg_result *screen_q(const vg_query *q)
{
    vg_err err;
    vg_status rc = vg_screen(sc, q, NULL, &res, &err);
    if (rc)
        fail_msg("vg_screen: %s", err.msg);
    return &res;
}

static const vg_result *screen_name(const char *name, const char *dob)
{
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c(name);
    if (dob) {
        int y = 0, m = 0, d = 0;
        sscanf(dob, "%d-%d-%d", &y, &m, &d);
        q.birth_date.year = (int16_t)y;
        q.birth_date.month = (int16_t)m;
        q.birth_date.day = (int16_t)d;
        q.birth_date.kind = d ? VG_DATE_EXACT : VG_DATE_YEAR;
    }
    return screen_q(&q);
}

static bool alerted(const vg_result *r, const char *id)
{
    for (size_t i = 0; i < r->n_matches; i++)
        if (strcmp(r->matches[i].entity->id, id) == 0)
            return r->matches[i].alert;
    return false;
}

static bool any_alert(const vg_result *r)
{
    for (size_t i = 0; i < r->n_matches; i++)
        if (r->matches[i].alert)
            return true;
    return false;
}

static void assert_top(const vg_result *r, const char *id)
{
    if (r->n_matches == 0)
        fail_msg("no match, expected %s", id);
    if (strcmp(r->matches[0].entity->id, id) != 0)
        fail_msg("top is %s (%.3f), expected %s", r->matches[0].entity->id,
                 r->matches[0].score, id);
}

static void test_listed_name_variants(void **state)
{
    (void)state;
    /* the listed name, MRZ style, surname first, joined particles */
    const char *variants[] = {"Ibrahim Awwad Ibrahim Ali al-Badri al-Samarrai",
                              "IBRAHIM AWWAD IBRAHIM ALI AL BADRI AL SAMARRAI",
                              "AL BADRI AL SAMARRAI IBRAHIM AWWAD IBRAHIM ALI",
                              "IBRAHIM AWAD IBRAHIM ALI ALBADRI ALSAMARRAI"};
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        const vg_result *r = screen_name(variants[i], NULL);
        assert_top(r, "un:QDi.299");
        assert_true(r->matches[0].alert);
    }
    /* the MRZ's 39 characters cut the last given name: BAFUN is the start
     * of BAFUNKWA, paired as such through the screener's cached rows (which
     * skip pairs too far apart in length for any other rule) */
    {
        vg_query q;
        vg_query_init(&q);
        q.name = vg_str_c("KANONGA GEDEON KYUNGU MUTANGA WA BAFUN");
        vg_result *r = malloc(sizeof *r);
        vg_screen_opts o = {0};
        o.explain_all = true;
        assert_non_null(r);
        assert_int_equal(vg_screen(sc, &q, &o, r, NULL), VG_OK);
        assert_true(r->n_matches > 0 && r->matches[0].alert);
        bool prefix = false;
        for (size_t i = 0; i < r->matches[0].explain.n_pairs; i++)
            prefix |= r->matches[0].explain.pairs[i].method == VG_CMP_PREFIX &&
                      strcmp(r->matches[0].explain.pairs[i].query, "bafun") == 0;
        free(r);
        assert_true(prefix);
    }
    /* surname first with the given names' Abd last: RAHIM, Mufti Abdul */
    assert_top(screen_name("RAHIM MUFTI ABDUL", NULL), "ofac:11970");
    /* a company's name with a word more than the listed one: as the list
     * side's extra words cost half, so do the query's (was 0.56) */
    {
        const vg_result *r = screen_name("KATRANGI ELECTRONICS WORKSHOP CO", NULL);
        assert_top(r, "ofac:24744");
        if (r->matches[0].score < 0.7f)
            fail_msg("KATRANGI ELECTRONICS WORKSHOP CO: %.3f", r->matches[0].score);
    }
    /* a lone Abd anywhere joins the word the lists write it with */
    {
        const vg_result *r = screen_name("JUMA RAHMAN BARKALLA ABDEL", NULL);
        assert_top(r, "un:SDi.005");
        assert_true(r->matches[0].alert);
    }
    /* a patronymic the list leaves out costs less than another middle
     * word (IVANOVICH against IVANOVSKY) */
    {
        float patro = screen_name("Vladimir Ivanovich KONONOV", NULL)->matches[0].score;
        const vg_result *r = screen_name("Vladimir Ivanovsky KONONOV", NULL);
        assert_top(r, "ofac:20139");
        if (!(patro > r->matches[0].score + 0.05f))
            fail_msg("patronymic %.3f vs other middle word %.3f", patro, r->matches[0].score);
    }
    /* an Abd mistyped still makes the compound */
    assert_top(screen_name("MUTTI AEDUL RAHIM", NULL), "ofac:11970");
    /* a slip in each word (RAZI MUSAVI: a neighbouring key, a dropped
     * letter) in words the lists never use: mistyped listed words */
    const char *typos[][2] = {{"RAZU MSAVI", "ofac:12117"}, {"ALI GHANE", "ofac:20964"},
                              {"NDER KALWI", "ofac:29027"},
                              /* X AL Y read as the compound Husam-al-Din */
                              {"HUSAM-AL-DIM JALAL", "ofac:22018"},
                              /* a slip in the ending of a compound */
                              {"HAJI NOOPULLAJ", "ofac:12591"},
                              {"NOUREDDIHE MOHAMAD", "ofac:19388"},
                              /* ... but a listed word one edit away is nearer */
                              {"ALI ABDOLLAHY", "ofac:27856"},
                              /* a shuffled name whose Abd went before another
                               * word than its own (ABD AL-GHAFAR) */
                              {"AL-GHAFAR ABD SUNDUS", "ofac:8183"},
                              {"ABD ZARQUN HADI AL", "ofac:21204"}};
    for (size_t i = 0; i < sizeof typos / sizeof *typos; i++) {
        const vg_result *r = screen_name(typos[i][0], NULL);
        assert_top(r, typos[i][1]);
        if (!r->matches[0].alert)
            fail_msg("%s: %s not alerted (%.3f)", typos[i][0], typos[i][1], r->matches[0].score);
    }
}

static void test_original_script(void **state)
{
    (void)state;
    const vg_result *r = screen_name("إبراهيم عواد إبراهيم علي البدري السامرائي", NULL);
    assert_top(r, "un:QDi.299");
    assert_true(r->matches[0].alert);
}

static void test_dob_contradiction_clears(void **state)
{
    (void)state;
    const char *name = "Ibrahim Awwad Ibrahim Ali al-Badri al-Samarrai";
    const vg_result *r = screen_name(name, "1971");
    assert_true(alerted(r, "un:QDi.299"));
    float agree = r->matches[0].score;
    r = screen_name(name, "1990-05-05");
    assert_false(alerted(r, "un:QDi.299"));
    /* a year-only list date two years away is weak disagreement at most */
    r = screen_name(name, "1973");
    assert_true(alerted(r, "un:QDi.299"));
    assert_true(r->matches[0].score < agree);
}

static float score_of(const vg_result *r, const char *id)
{
    for (size_t i = 0; i < r->n_matches; i++)
        if (strcmp(r->matches[i].entity->id, id) == 0)
            return r->matches[i].score;
    return 0;
}

static void test_same_full_date_confirms_partial_name(void **state)
{
    (void)state;
    /* ofac:30520 RAZA, Mujtaba Ali, born 1987-10-21: a query sharing the
     * given names only (two other words) is lifted by the same full date,
     * not by the same year or by 1 January (a stand-in for an unknown day) */
    const char *name = "Mujtaba Ali Qarawani Zentrubel";
    float none = score_of(screen_name(name, NULL), "ofac:30520");
    float year = score_of(screen_name(name, "1987"), "ofac:30520");
    float jan1 = score_of(screen_name(name, "1987-01-01"), "ofac:30520");
    float full = score_of(screen_name(name, "1987-10-21"), "ofac:30520");
    assert_true(none > 0.3f);
    assert_true(year <= none + 0.01f);
    assert_true(jan1 <= none + 0.01f);
    assert_true(full > none + 0.2f);
}

static void test_fuller_and_company_names(void **state)
{
    (void)state;
    /* the query carries a middle name the list entry lacks (ofac:2686 is
     * NASRALLAH, Hasan): it costs less between two matched rare names than
     * at an edge */
    const vg_result *r = screen_name("Hasan Qarawani NASRALLAH", NULL);
    assert_top(r, "ofac:2686");
    float middle = r->matches[0].score;
    r = screen_name("Qarawani Hasan NASRALLAH", NULL);
    assert_top(r, "ofac:2686");
    assert_true(middle > r->matches[0].score);
    /* an organisation's whole name is its identity even when its words are
     * common on the list (qaida is in several names) */
    r = screen_name("AL-QAIDA", NULL);
    assert_true(alerted(r, "un:QDe.004"));
    r = screen_name("Qaida", NULL);
    assert_true(alerted(r, "un:QDe.004"));
    /* a short form in parentheses is a name of its own, and the name
     * without it is whole; Russian dzh is j (un:QDe.168 is KHATIBA
     * AL-TAWHID WAL-JIHAD (KTJ)) */
    r = screen_name("KTJ", NULL);
    assert_true(alerted(r, "un:QDe.168"));
    r = screen_name("Khatiba at-Taukhid val-Dzhikhad", NULL);
    assert_true(alerted(r, "un:QDe.168"));
    /* an organisation's initials are a name of it, spelled one way only
     * (un:CFe.002 LORD'S RESISTANCE ARMY, un:QDe.011 LIBYAN ISLAMIC
     * FIGHTING GROUP; ofac:15737 HERCULES INTERNATIONAL SHIP is no HESS) */
    r = screen_name("LRA", NULL);
    assert_true(alerted(r, "un:CFe.002"));
    r = screen_name("L.I.F.G.", NULL);
    assert_true(alerted(r, "un:QDe.011"));
    r = screen_name("Ben Hess", NULL);
    assert_false(alerted(r, "ofac:15737"));
    /* a legal form written out weighs like its abbreviation */
    r = screen_name("OPEN JOINT STOCK COMPANY MOSTOTREST", NULL);
    assert_top(r, "ofac:20029");
    assert_true(r->matches[0].alert);
}

static void test_ordinary_people_no_alert(void **state)
{
    (void)state;
    const char *names[] = {"Linda Berglund", "Mohammed Ali", "John Smith", "Fatima Hussein",
                           "Ahmed Hassan", "Maria Garcia Lopez"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const vg_result *r = screen_name(names[i], "1985-02-03");
        if (any_alert(r))
            fail_msg("%s alerted on %s (%.3f)", names[i], r->matches[0].entity->id,
                     r->matches[0].score);
    }
    /* a legal form elsewhere is a surname in a person's name: PAO in
     * PAO, Hua Chiang is not a Russian company's form, and a query
     * without it lacks a name */
    {
        const vg_result *r = screen_name("\u5E38\u6D69", NULL); /* Chang Hao */
        if (any_alert(r))
            fail_msg("Chang Hao alerted on %s (%.3f)", r->matches[0].entity->id,
                     r->matches[0].score);
    }
    /* Imam Khan, in Urdu script: KHAN read as an abjad skeleton is not
     * the join of two Chinese syllables (Ta Han Wei: HAN+WEI, the vowels
     * and the glide of WEI standing for unwritten short vowels) */
    {
        const vg_result *r = screen_name("\u0639\u0645\u0627\u0626\u0645 \u062E\u0627\u0646",
                                         "1972-06-28");
        if (any_alert(r))
            fail_msg("Imam Khan alerted on %s (%.3f)", r->matches[0].entity->id,
                     r->matches[0].score);
    }
    /* Korean names whose romanised syllables spell particles elsewhere
     * (Ho Da-bin is not HODA BIN; Sa I-an is not IAN) */
    const char *hangul[] = {"\uD638\uB2E4\uBE48", "\uC0AC\uC774\uC548"};
    for (size_t i = 0; i < sizeof hangul / sizeof *hangul; i++) {
        const vg_result *r = screen_name(hangul[i], NULL);
        if (any_alert(r))
            fail_msg("%s alerted on %s (%.3f)", hangul[i], r->matches[0].entity->id,
                     r->matches[0].score);
    }
}

static void test_document_number(void **state)
{
    (void)state;
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c("AYMAN ZAWAHIRI");
    q.docs[0].number = vg_str_c("1084010");
    memcpy(q.docs[0].country, "EG", 3);
    q.n_docs = 1;
    const vg_result *r = screen_q(&q);
    /* both lists hold him with this passport */
    assert_true(strcmp(r->matches[0].entity->id, "ofac:2676") == 0 ||
                strcmp(r->matches[0].entity->id, "un:QDi.006") == 0);
    assert_true(alerted(r, "ofac:2676"));
    assert_true(r->matches[0].alert);
    bool doc_ev = false;
    for (size_t i = 0; i < r->matches[0].explain.n_evidence; i++)
        doc_ev |= r->matches[0].explain.evidence[i].kind == VG_EV_DOCUMENT;
    assert_true(doc_ev);
    /* the number alone, with a name that does not match, still surfaces him */
    q.name = vg_str_c("JOHN DOE");
    r = screen_q(&q);
    assert_true(r->n_matches > 0);
    assert_true(alerted(r, "ofac:2676") || alerted(r, "un:QDi.006"));
    /* the UN list writes the number inside a phrase ("French passport
     * number 05AT521433"): the number alone finds her */
    q.name = vg_str_c("JANE DOE");
    q.docs[0].number = vg_str_c("05AT521433");
    memcpy(q.docs[0].country, "FR", 3);
    r = screen_q(&q);
    assert_true(alerted(r, "un:QDi.340"));
}

static void test_explanation(void **state)
{
    (void)state;
    const vg_result *r = screen_name("HASAN NASRALLAH", "1960-08-31");
    assert_top(r, "ofac:2686");
    const vg_explanation *ex = &r->matches[0].explain;
    assert_non_null(ex->name);
    assert_true(ex->n_pairs >= 2);
    bool exact = false;
    for (size_t i = 0; i < ex->n_pairs; i++)
        exact |= strcmp(ex->pairs[i].query, "nasrullah") == 0 && ex->pairs[i].method == VG_CMP_EXACT;
    assert_true(exact);
    assert_int_equal(ex->n_evidence, 1);
    assert_int_equal(ex->evidence[0].kind, VG_EV_BIRTH_DATE);
    assert_string_equal(ex->evidence[0].verdict, "same date");
    assert_true(ex->evidence[0].effect > 0);
}

/* explain_none leaves every match unexplained, and vg_screen_explain() then
 * fills exactly what explain_all would have, for the chosen match only. */
static void test_explain_later(void **state)
{
    (void)state;
    static vg_result all, later;
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c("HASAN NASRALLAH");
    q.birth_date.year = 1960;
    vg_screen_opts o = {0};
    o.explain_all = true;
    assert_int_equal(vg_screen(sc, &q, &o, &all, NULL), VG_OK);
    assert_true(all.n_matches >= 3);
    o.explain_none = true;
    assert_int_equal(vg_screen(sc, &q, &o, &later, NULL), VG_OK);
    assert_int_equal(later.n_matches, all.n_matches);
    for (size_t i = 0; i < later.n_matches; i++) {
        assert_ptr_equal(later.matches[i].entity, all.matches[i].entity);
        assert_true(later.matches[i].score == all.matches[i].score);
        assert_null(later.matches[i].explain.name);
        assert_int_equal(later.matches[i].explain.n_pairs, 0);
        assert_int_equal(later.matches[i].explain.n_evidence, 0);
    }
    size_t k = later.n_matches - 1;
    assert_int_equal(vg_screen_explain(sc, &q, &later, k), VG_OK);
    const vg_explanation *a = &all.matches[k].explain, *b = &later.matches[k].explain;
    assert_ptr_equal(b->name, a->name);
    assert_true(b->name_score == a->name_score);
    assert_int_equal(b->n_pairs, a->n_pairs);
    for (size_t i = 0; i < a->n_pairs; i++) {
        assert_string_equal(b->pairs[i].query, a->pairs[i].query);
        assert_string_equal(b->pairs[i].list, a->pairs[i].list);
        assert_int_equal(b->pairs[i].method, a->pairs[i].method);
    }
    assert_int_equal(b->n_evidence, a->n_evidence);
    for (size_t i = 0; i < a->n_evidence; i++) {
        assert_string_equal(b->evidence[i].verdict, a->evidence[i].verdict);
        assert_true(b->evidence[i].effect == a->evidence[i].effect);
    }
    assert_null(later.matches[0].explain.name); /* only the one asked for */
    assert_int_equal(vg_screen_explain(sc, &q, &later, later.n_matches), VG_EINVAL);
    /* another call in between: the query state is gone */
    float score;
    assert_int_equal(vg_compare_names(sc, vg_str_c("a b"), vg_str_c("a c"), VG_KIND_PERSON, &score,
                                      NULL),
                     VG_OK);
    assert_int_equal(vg_screen_explain(sc, &q, &later, 0), VG_EINVAL);
}

static void test_bad_queries(void **state)
{
    (void)state;
    vg_query q;
    vg_err err;
    vg_query_init(&q);
    q.name = vg_str_c("\xff\xfe bad");
    assert_int_equal(vg_screen(sc, &q, NULL, &res, &err), VG_EUTF8);
    q.name = vg_str_c("   ");
    assert_int_equal(vg_screen(sc, &q, NULL, &res, &err), VG_EEMPTY);
    q.name = vg_str_c("Valid Name");
    q.birth_date = (vg_date){VG_DATE_EXACT, 1990, 2, 30, 0, 0, 0};
    assert_int_equal(vg_screen(sc, &q, NULL, &res, &err), VG_EINVAL);
    static char big[10 * 1024 * 1024 + 1];
    memset(big, 'a', sizeof big - 1);
    vg_query_init(&q);
    q.name = (vg_str){big, sizeof big - 1};
    assert_int_equal(vg_screen(sc, &q, NULL, &res, &err), VG_ELIMIT);
    /* the screener still works after errors */
    assert_top(screen_name("HASAN NASRALLAH", NULL), "ofac:2686");
}

static void test_indexed_agrees_with_exhaustive(void **state)
{
    (void)state;
    const char *names[] = {"HASAN NASRALLAH", "AYMAN AL ZAWAHIRI", "BANCO NACIONAL DE CUBA",
                           "Abu Bakr al-Baghdadi", "ERIC BADEGE"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        vg_query q;
        vg_query_init(&q);
        q.name = vg_str_c(names[i]);
        vg_result a, b;
        vg_screen_opts ex = {0};
        ex.exhaustive = true;
        assert_int_equal(vg_screen(sc, &q, NULL, &a, NULL), VG_OK);
        assert_int_equal(vg_screen(sc, &q, &ex, &b, NULL), VG_OK);
        assert_true(a.n_matches > 0 && b.n_matches > 0);
        assert_string_equal(a.matches[0].entity->id, b.matches[0].entity->id);
        assert_true(b.candidates == vg_index_entities(ix));
    }
}

typedef struct thread_arg {
    const char *name;
    char top[64];
    int rc;
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *a = p;
    vg_screener *own = NULL;
    a->rc = vg_screener_new(ix, &own);
    vg_result *r = malloc(sizeof *r);
    for (int i = 0; i < 200 && !a->rc; i++) {
        vg_query q;
        vg_query_init(&q);
        q.name = vg_str_c(a->name);
        a->rc = vg_screen(own, &q, NULL, r, NULL);
        if (!a->rc && r->n_matches)
            snprintf(a->top, sizeof a->top, "%s", r->matches[0].entity->id);
    }
    free(r);
    vg_screener_free(own);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    thread_arg args[4] = {{"HASAN NASRALLAH", "", 0},
                          {"AYMAN AL ZAWAHIRI", "", 0},
                          {"إبراهيم عواد إبراهيم علي البدري السامرائي", "", 0},
                          {"ERIC BADEGE", "", 0}};
    char expect[4][64];
    for (int i = 0; i < 4; i++) {
        const vg_result *r = screen_name(args[i].name, NULL);
        assert_true(r->n_matches > 0);
        snprintf(expect[i], sizeof expect[i], "%s", r->matches[0].entity->id);
    }
    assert_string_equal(expect[2], "un:QDi.299");
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, thread_main, &args[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(args[i].rc, VG_OK);
        assert_string_equal(args[i].top, expect[i]);
    }
}

/* An allocator that keeps the balance of bytes it was told about: every
 * free names the size that was allocated, so the balance returns to zero. */
static void *counting_realloc(void *ud, void *p, size_t old, size_t n)
{
    long long *balance = ud;
    *balance += (long long)n - (long long)(p ? old : 0);
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static void test_index_frees_what_it_allocated(void **state)
{
    (void)state;
    long long balance = 0;
    vg_allocator a = {counting_realloc, &balance};
    vg_index *own = NULL;
    vg_screener *s = NULL;
    assert_int_equal(vg_index_build(lists, 2, &a, &own, NULL), VG_OK);
    assert_true(balance > 0);
    assert_int_equal(vg_screener_new(own, &s), VG_OK);
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c("HASAN NASRALLAH");
    vg_result *r = malloc(sizeof *r);
    assert_int_equal(vg_screen(s, &q, NULL, r, NULL), VG_OK);
    free(r);
    vg_screener_free(s);
    vg_index_free(own);
    assert_int_equal(balance, 0);
}

/* Creates `dir` (a mkdtemp template) and opens dir/sdn.csv for writing
 * (its path in `path`): an OFAC list of a test's own. */
static FILE *sdn_create(char *dir, char *path, size_t cap)
{
    assert_non_null(mkdtemp(dir));
    snprintf(path, cap, "%s/sdn.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    return f;
}

/* A list of a test's own, loaded, indexed, with a screener and a result. */
typedef struct own_list {
    vg_list *l;
    vg_index *ix;
    vg_screener *s;
    vg_result *r;
} own_list;

/* Loads the list at `path` (closed file) into `o`. */
static void own_open(own_list *o, const char *path)
{
    vg_err err;
    memset(o, 0, sizeof *o);
    assert_int_equal(vg_list_load(path, VG_FORMAT_AUTO, NULL, &o->l, &err), VG_OK);
    assert_int_equal(vg_index_build(&o->l, 1, NULL, &o->ix, &err), VG_OK);
    assert_int_equal(vg_screener_new(o->ix, &o->s), VG_OK);
    o->r = malloc(sizeof *o->r);
    assert_non_null(o->r);
}

/* Frees `o` and removes the list file and its directory. */
static void own_close(own_list *o, const char *path, const char *dir)
{
    free(o->r);
    vg_screener_free(o->s);
    vg_index_free(o->ix);
    vg_list_free(o->l);
    remove(path);
    rmdir(dir);
}

/* Screens `name` (of kind `kind`, -1 for any) in `o` with every match
 * explained; asserts that it succeeds and that the best match is entity
 * `id`, alerted. Returns that match. */
static const vg_match *own_top(own_list *o, const char *name, int kind, const char *id)
{
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c(name);
    q.kind = kind;
    vg_err err;
    vg_screen_opts opts = {0};
    opts.explain_all = true;
    assert_int_equal(vg_screen(o->s, &q, &opts, o->r, &err), VG_OK);
    assert_true(o->r->n_matches > 0);
    assert_string_equal(o->r->matches[0].entity->id, id);
    assert_true(o->r->matches[0].alert);
    return &o->r->matches[0];
}

/* Sixty listed namesakes share the query's two words and differ in a third
 * and in age: more than the screener scores. The one born on the query's
 * date must be among those scored, and on top (in so small a list the
 * words carry no information, so the score stays low); without a birth
 * date no one alerts on two common words. */
static void test_namesakes_by_age(void **state)
{
    (void)state;
    char dir[] = "/tmp/vigil-namesakes-XXXXXX", path[128];
    FILE *f = sdn_create(dir, path, sizeof path);
    static const char *const third[] = {"ALI", "HASSAN", "HUSSEIN", "OMAR", "SALEH", "YUSUF"};
    for (int i = 0; i < 60; i++)
        fprintf(f,
                "%d,\"AHMAD, Muhammad %s\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,"
                "-0- ,-0- ,\"DOB 12 Mar %d; nationality Yemen.\"\n",
                9000 + i, third[i % 6], 1940 + i);
    fclose(f);
    own_list o;
    own_open(&o, path);
    assert_int_equal(vg_list_count(o.l), 60);
    vg_screener *s = o.s;
    vg_result *r = o.r;
    vg_err err;
    for (int year = 1941; year < 2000; year += 7) {
        vg_query q;
        vg_query_init(&q);
        q.name = vg_str_c("MUHAMMAD AHMAD");
        q.birth_date = (vg_date){.kind = VG_DATE_EXACT, .year = (int16_t)year, .month = 3,
                                 .day = 12};
        assert_int_equal(vg_screen(s, &q, NULL, r, &err), VG_OK);
        char want[16];
        snprintf(want, sizeof want, "ofac:%d", 9000 + year - 1940);
        assert_true(r->n_matches > 0);
        if (strcmp(r->matches[0].entity->id, want) != 0)
            fail_msg("born %d: top is %s, expected %s", year, r->matches[0].entity->id, want);
        /* the candidate cap held: not all sixty were scored */
        assert_true(r->candidates < 60);
    }
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c("MUHAMMAD AHMAD");
    assert_int_equal(vg_screen(s, &q, NULL, r, &err), VG_OK);
    assert_true(r->n_matches > 0);
    assert_false(any_alert(r));
    own_close(&o, path, dir);
}

/* Writes four thousand OFAC records of people with made-up names to f, so
 * that the words of a test's own records are as rare as in the lists. */
static void made_up_people(FILE *f)
{
    static const char syl[][3] = {"ka", "lo", "mi", "nu", "re", "sa", "tu", "vo"};
    for (int i = 0; i < 4000; i++)
        fprintf(f,
                "%d,\"%s%s%s%s, %s%s\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,"
                "-0- ,-0- ,-0- \n",
                5000 + i, syl[i % 8], syl[i / 8 % 8], syl[i / 64 % 8], syl[i / 512 % 8],
                syl[(i + 3) % 8], syl[i / 8 % 8]);
}

/* Screens `name` against an index of one-line OFAC records `rows`
 * ("id,\"FAMILY, Given\""), returning the score of entity `id`. */
static float score_in(const char *const *rows, size_t n, const char *name, const char *id)
{
    char dir[] = "/tmp/vigil-family-XXXXXX", path[128];
    FILE *f = sdn_create(dir, path, sizeof path);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s,\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
                rows[i]);
    made_up_people(f);
    fclose(f);
    own_list o;
    own_open(&o, path);
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c(name);
    vg_err err;
    assert_int_equal(vg_screen(o.s, &q, NULL, o.r, &err), VG_OK);
    float got = score_of(o.r, id);
    own_close(&o, path, dir);
    return got;
}

/* How the structure of a name sets the cost of the words one side lacks:
 * each case screens two queries against a small list (score_in) and
 * compares the scores: `equal` (the two cost alike, within `gap` when it
 * is set) or the first above the second by `gap`; the second must pass
 * `floor` (a real match). */
typedef struct name_case {
    const char *why;
    const char *rows[2];
    const char *qa, *ida, *qb, *idb;
    bool equal;
    float gap, floor;
} name_case;

static void test_name_structure(void **state)
{
    (void)state;
    static const name_case cases[] = {
        /* Spanish names carry two surnames and are called by one: the
         * second surname dropped costs as a middle given name dropped */
        {"second surname",
         {"101,\"VELASQUEZ FIGUEROA, Adrian Jose\"", "102,\"AL-UBAIDI, Amir Rashid\""},
         "Adrian Jose VELASQUEZ", "ofac:101", "Adrian VELASQUEZ FIGUEROA", "ofac:101", true, 0,
         0.5f},
        /* ... but a particle (AL-) matched does not hold the family name */
        {"particle of the family name",
         {"101,\"VELASQUEZ FIGUEROA, Adrian Jose\"", "102,\"AL-UBAIDI, Amir Rashid\""},
         "Amir Rashid AL-HASHIMI", "ofac:102", "Amir Rashid HASHIMI", "ofac:102", true, 0.03f,
         0.0f},
        /* the words of a hyphenated name left out together cost as one,
         * on the list's side and on the query's */
        {"hyphenated list name",
         {"101,\"ATABIEV, Islam Seit-Umarovich\"", "102,\"KARIMOV, Islam Zaurbekovich\""},
         "Islam ATABIEV", "ofac:101", "Islam KARIMOV", "ofac:102", true, 0, 0.5f},
        {"hyphenated query name", {"103,\"BEKOV, Islam\"", "104,\"SALIMOV, Ruslan\""},
         "Islam Jean-Paul BEKOV", "ofac:103", "Islam Pierre BEKOV", "ofac:103", true, 0, 0.3f},
        /* a Spanish married name (DE and the husband's surname) on one
         * side only costs as a middle name, not as a last */
        {"married name in the query", {"101,\"TAPIA ORTEGA, Abigail\"", "104,\"SALIMOV, Ruslan\""},
         "Abigail TAPIA ORTEGA DE ARRIOLA", "ofac:101", "Abigail TAPIA ORTEGA ARRIOLA",
         "ofac:101", false, 0.05f, 0.3f},
        /* (no comma: the list does not say which words are the family) */
        {"married name in the list",
         {"102,\"Maria SALAZAR DE GUZMAN\"", "103,\"Maria HERRERA GUZMAN\""}, "Maria SALAZAR",
         "ofac:102", "Maria HERRERA", "ofac:103", false, 0.05f, 0.3f},
        /* a patronymic the list leaves out costs a quarter, in its
         * Moldovan and Belarusian forms too */
        {"Moldovan patronymic", {"101,\"SHEVTSOV, Vadim\"", "102,\"LUKASHOV, Ales\""},
         "Vadim Gheorghievici SHEVTSOV", "ofac:101", "Vadim Gheorghiescu SHEVTSOV", "ofac:101",
         false, 0.05f, 0.3f},
        {"Belarusian patronymic", {"101,\"SHEVTSOV, Vadim\"", "102,\"LUKASHOV, Ales\""},
         "Ales Ryhoravich LUKASHOV", "ofac:102", "Ales Ryhorashko LUKASHOV", "ofac:102", false,
         0.05f, 0.0f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const name_case *c = &cases[i];
        float a = score_in(c->rows, 2, c->qa, c->ida);
        float b = score_in(c->rows, 2, c->qb, c->idb);
        if (b <= c->floor)
            fail_msg("%s: %s scored %.4f", c->why, c->qb, b);
        if (c->equal ? fabsf(a - b) > (c->gap > 0 ? c->gap : 1e-4f) : a < b + c->gap)
            fail_msg("%s: %.4f (%s) against %.4f (%s)", c->why, a, c->qa, b, c->qb);
    }
}

/* Retrieval weighs a common query word by its own rarity, not by that of
 * a rare list spelling it resembles (IBRAHIM against an original-script
 * name read as ABRAHIM), and a join of two query words adds nothing for a
 * name that holds both words apart: else the dozens of listed names with
 * IBRAHIM and ALI fill the candidate list before the one that is exactly
 * IBRAHIM ALI, born that day, is scored. */
static void test_common_words_retrieved(void **state)
{
    (void)state;
    const vg_result *r = screen_name("IBRAHIM ALI", "1961-03-25");
    assert_top(r, "ofac:22145");
    assert_true(alerted(r, "ofac:22145"));
    r = screen_name("ALI IBRAHIM", "1961-03-25");
    assert_top(r, "ofac:22145");
}

/* vg_compare_names() on screener scr (cmp_names: the bundled lists'),
 * asserted to succeed: the score of a against b as `kind`. */
static float cmp_on(vg_screener *scr, const char *a, const char *b, vg_kind kind)
{
    float sc1 = -1;
    assert_int_equal(vg_compare_names(scr, vg_str_c(a), vg_str_c(b), kind, &sc1, NULL), VG_OK);
    return sc1;
}

static float cmp_names(const char *a, const char *b, vg_kind kind)
{
    return cmp_on(sc, a, b, kind);
}

/* vg_compare_names_explain() of a and b as kind (asserted to succeed) into
 * *d, the score in *score; returns how many of its pairs were made by
 * method m. */
static size_t explain(const char *a, const char *b, vg_kind kind, float *score,
                      vg_compare_detail *d, vg_cmp_method m)
{
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c(a), vg_str_c(b), kind, score, d, NULL),
                     VG_OK);
    size_t k = 0;
    for (size_t i = 0; i < d->n_pairs; i++)
        k += d->pairs[i].method == m;
    return k;
}

/* vg_compare_names_explain() of two one-word names (asserted to succeed
 * and to pair them as one pair): that pair (strings the screener's until
 * its next call); the score in *score. */
static vg_token_pair one_pair(const char *a, const char *b, float *score)
{
    vg_compare_detail d;
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c(a), vg_str_c(b), VG_KIND_PERSON, score,
                                              &d, NULL),
                     VG_OK);
    assert_int_equal(d.n_pairs, 1);
    return d.pairs[0];
}

/* Two names, their kind, and whether vg_compare_names() matches them. */
typedef struct pair_case {
    const char *a, *b;
    vg_kind kind;
    bool match;
} pair_case;

/* Fails on the first case whose comparison says otherwise. */
static void check_pair_cases(const pair_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float sc1 = cmp_names(cases[i].a, cases[i].b, cases[i].kind);
        if ((sc1 >= VG_COMPARE_THRESHOLD) != cases[i].match)
            fail_msg("%s / %s: %.4f", cases[i].a, cases[i].b, sc1);
    }
}

/* An organisation's initials pair with the words they spell, either way
 * (DTO / DRUG TRAFFICKING ORGANIZATION, N P C / NPC), and the explanation
 * shows the words; a person's name is never read as initials. */
static void test_initials(void **state)
{
    (void)state;
    static const pair_case cases[] = {
        {"HASSAN DTO", "HASSAN DRUG TRAFFICKING ORGANIZATION", VG_KIND_ORGANIZATION, true},
        {"PCC FZE", "PETROCHEMICAL COMMERCIAL COMPANY FZE", VG_KIND_ORGANIZATION, true},
        {"CONTINUITY IRISH REPUBLICAN ARMY", "CONTINUITY IRA", VG_KIND_ORGANIZATION, true},
        {"ISLAMIC STATE OF IRAQ AND THE LEVANT", "ISIL", VG_KIND_ORGANIZATION, true},
        {"N P C INTERNATIONAL", "NPC INTERNATIONAL", VG_KIND_ORGANIZATION, true},
        /* business abbreviations are their words */
        {"ACME INTL TRDG MGMT", "ACME INTERNATIONAL TRADING MANAGEMENT", VG_KIND_ORGANIZATION,
         true},
        /* initials that spell other words */
        {"HASSAN DTA", "HASSAN DRUG TRAFFICKING ORGANIZATION", VG_KIND_ORGANIZATION, false},
        /* the initials of a person's names are no acronym */
        {"HASSAN DTO", "HASSAN DRUG TRAFFICKING ORGANIZATION", VG_KIND_PERSON, false},
        /* people */
        {"Ira STEHR", "Irish Republican Army STEHR", VG_KIND_PERSON, false},
        /* a word transliterated from Arabic script is no initials (سعيد, SID) */
        {"منذر سعيد", "SOUTH IRAN DARYABAN KISH", VG_KIND_ORGANIZATION, false},
        {"MONZER SID", "SOUTH IRAN DARYABAN KISH", VG_KIND_ORGANIZATION, true},
    };
    check_pair_cases(cases, sizeof cases / sizeof *cases);

    char dir[] = "/tmp/vigil-initials-XXXXXX", path[128];
    FILE *f = sdn_create(dir, path, sizeof path);
    fprintf(f, "101,\"LAREDO DRUG TRAFFICKING ORGANIZATION\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,"
               "-0- ,-0- ,-0- ,-0- \n"
               "102,\"NAVARRO, Ira\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
               "-0- \n");
    fclose(f);
    own_list o;
    own_open(&o, path);
    const vg_match *m = own_top(&o, "LAREDO DTO", VG_KIND_ORGANIZATION, "ofac:101");
    bool shown = false;
    for (size_t i = 0; i < m->explain.n_pairs; i++) {
        const vg_token_pair *p = &m->explain.pairs[i];
        if (p->method == VG_CMP_ACRONYM) {
            assert_string_equal(p->query, "dto");
            assert_string_equal(p->list, "drug trafficking organization");
            assert_string_equal(vg_cmp_method_name(p->method), "acronym");
            shown = true;
        }
    }
    assert_true(shown);
    own_close(&o, path, dir);
}

/* A query with a legal form of its own is a company's: a person listed
 * under a like name is not alerted on the name alone (the same words
 * without the legal form still are: nothing else says company), nor is a
 * company whose one word of substance is only near the query's. */
static void test_company_query_person_entry(void **state)
{
    (void)state;
    assert_true(alerted(screen_name("MAZUR TRADING", NULL), "ofac:11969"));
    assert_false(alerted(screen_name("MAZUR TRADING LLC", NULL), "ofac:11969"));
    assert_false(alerted(screen_name("MAZUR TRADING S.A.", NULL), "ofac:11969"));
    /* against a company's name, its one word of substance spelt otherwise
     * is not enough (FORST / FOREST); spelt alike, it is */
    assert_false(alerted(screen_name("FORST HOLDING GMBH", NULL), "ofac:15049"));
    assert_true(alerted(screen_name("FOREST HOLDING GMBH", NULL), "ofac:15049"));
}

/* A Russian, Ukrainian or Belarusian given name in another language's form
 * * pairs as a variant, and so does its patronymic (HORBENKO / GORBENKO is
 * one edit); a typo of one still
 * pairs by its letters. */
static void test_compare_east_slavic(void **state)
{
    (void)state;
    vg_compare_detail d;
    float score = -1;
    size_t variants = explain("Volodymyr Volodymyrovych HORBENKO", "Vladimir Vladimirovich GORBENKO",
                              VG_KIND_PERSON, &score, &d, VG_CMP_VARIANT);
    if (variants != 2 || score < 0.9f)
        fail_msg("%zu variants, score %.4f", variants, score);
    float sib = cmp_names("Siarhei ZDRILIUK", "Serhii ZDRILIUK", VG_KIND_PERSON);
    float olena = cmp_names("Olena RADOMSKA", "Yelena RADOMSKA", VG_KIND_PERSON);
    float typo = cmp_names("Aleksnadr KOVALENKO", "Aleksandr KOVALENKO", VG_KIND_PERSON);
    /* two names of the same family are two people */
    float other = cmp_names("Sergey RADOMSKY", "Vladimir RADOMSKY", VG_KIND_PERSON);
    if (sib < 0.9f || olena < 0.9f || typo < VG_COMPARE_THRESHOLD || other >= VG_COMPARE_THRESHOLD)
        fail_msg("siarhei %.4f olena %.4f typo %.4f other %.4f", sib, olena, typo, other);
}

/* An organisation's abbreviation of syllables (TEXMAR, TEXTILES MARINOS)
 * pairs with the words it spells, at 0.85 and explained as an acronym;
 * initials may take a connective's letter (MOFAT, MINISTRY OF FOREIGN
 * AFFAIRS AND TRADE) or a legal form's (INPROSA). A syllable is at most
 * four letters or a whole word; a person's name is never read so. */
static void test_abbreviations(void **state)
{
    (void)state;
    static const pair_case cases[] = {
        {"COMECARNES LTDA", "COMERCIALIZADORA DE CARNES LTDA", VG_KIND_ORGANIZATION, true},
        {"MOFAT", "MINISTRY OF FOREIGN AFFAIRS AND TRADE", VG_KIND_ORGANIZATION, true},
        {"INPROSA", "INDUSTRIAS PROCESADORAS SA", VG_KIND_ORGANIZATION, true},
        {"TEXMAR DEL NORTE SA", "TEXTILES MARINOS DEL NORTE SA", VG_KIND_ORGANIZATION, true},
        /* a word but its ending (PAPEL-ES); a legal form spelt whole or
         * not at all (not the L of LTDA) */
        {"OCCIPAPEL LTDA", "OCCIDENTAL DE PAPELES LTDA", VG_KIND_ORGANIZATION, true},
        /* letters the words do not give in order */
        {"CANAL SA", "CABLES NACIONALES SA", VG_KIND_ORGANIZATION, false},
        /* a connective's letter only in five letters or more, or as an
         * initial of its own */
        {"DUDA SA", "DESARROLLO URBANISTICO DEL ATLANTICO SA", VG_KIND_ORGANIZATION, false},
        {"MDS THMORDA SEZ", "M D S THMORDA S E Z CO LTD", VG_KIND_ORGANIZATION, true},
        /* seven letters of one word are no syllable */
        {"PROGRESA", "PROGRESSIVE ASSOCIATION", VG_KIND_ORGANIZATION, false},
        /* people */
        {"MARIA", "MARITIME ASIA", VG_KIND_PERSON, false},
        {"TEXMAR", "TEXTILES MARINOS", VG_KIND_PERSON, false},
    };
    check_pair_cases(cases, sizeof cases / sizeof *cases);
    vg_compare_detail d;
    float score = -1;
    assert_int_equal(explain("TEXMAR SA", "TEXTILES MARINOS SA", VG_KIND_ORGANIZATION, &score, &d,
                             VG_CMP_ACRONYM),
                     1);
    for (size_t i = 0; i < d.n_pairs; i++)
        if (d.pairs[i].method == VG_CMP_ACRONYM) {
            assert_string_equal(d.pairs[i].query, "texmar");
            assert_string_equal(d.pairs[i].list, "textiles marinos");
            assert_float_equal(d.pairs[i].similarity, 0.85, 1e-6);
        }

    /* screening: an abbreviation in the query of a company's */
    char dir[] = "/tmp/vigil-abbrev-XXXXXX", path[128];
    FILE *f = sdn_create(dir, path, sizeof path);
    fprintf(f, "201,\"TEXTILES MARINOS DEL NORTE S.A.\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,"
               "-0- ,-0- ,-0- ,-0- \n"
               "202,\"OCCIDENTAL DE PAPELES LTDA.\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,"
               "-0- ,-0- ,-0- ,-0- \n"
               "203,\"OCCIDENTAL PETROLEUM LTDA.\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,"
               "-0- ,-0- ,-0- ,-0- \n"
               "204,\"SERVICIOS TECNOLOGICOS INDUSTRIALES, C.A.\",-0- ,\"SDNTK\",-0- ,-0- ,"
               "-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n");
    fclose(f);
    own_list o;
    own_open(&o, path);
    const vg_match *m = own_top(&o, "TEXMAR DEL NORTE S.A.", VG_KIND_ORGANIZATION, "ofac:201");
    bool shown = false;
    for (size_t i = 0; i < m->explain.n_pairs; i++)
        shown |= m->explain.pairs[i].method == VG_CMP_ACRONYM &&
                 strcmp(m->explain.pairs[i].list, "textiles marinos") == 0;
    assert_true(shown);
    /* read as a company's by its legal form, or given as one; found by
     * the abbreviation alone when no other word leads to the name; the
     * name it does not spell is not alerted */
    static const char *const occi[] = {"OCCIPAPEL LTDA.", "OCCIPAPEL"};
    for (size_t k = 0; k < 2; k++) {
        own_top(&o, occi[k], k ? VG_KIND_ORGANIZATION : -1, "ofac:202");
        for (size_t i = 1; i < o.r->n_matches; i++)
            assert_false(o.r->matches[i].alert);
    }
    vg_query q;
    vg_query_init(&q);
    vg_err err;
    vg_screen_opts opts = {0};
    /* a short word found by nothing else is not read as one: a surname
     * spells a company's name by chance (S-TE-IN) */
    q.kind = -1;
    q.name = vg_str_c("STEIN LTDA.");
    assert_int_equal(vg_screen(o.s, &q, &opts, o.r, &err), VG_OK);
    for (size_t i = 0; i < o.r->n_matches; i++) {
        assert_false(o.r->matches[i].alert);
        assert_string_not_equal(o.r->matches[i].entity->id, "ofac:204");
    }
    /* given as a person's, the same words are no abbreviation */
    q.kind = VG_KIND_PERSON;
    q.name = vg_str_c("TEXMAR NORTE");
    assert_int_equal(vg_screen(o.s, &q, &opts, o.r, &err), VG_OK);
    for (size_t i = 0; i < o.r->n_matches; i++)
        assert_false(o.r->matches[i].alert);
    q.name = vg_str_c("OCCIPAPEL");
    assert_int_equal(vg_screen(o.s, &q, &opts, o.r, &err), VG_OK);
    for (size_t i = 0; i < o.r->n_matches; i++)
        assert_false(o.r->matches[i].alert);
    own_close(&o, path, dir);
}

/* A field holding several names (';' outside parentheses) compares by its
 * best-matching name; a piece without a name is passed over. */
static void test_compare_several_names(void **state)
{
    (void)state;
    float several = cmp_names("RAHIQI JAVAD", "Javad Rahigi; Jawad Rahiqi (b); -", VG_KIND_PERSON);
    float alone = cmp_names("RAHIQI JAVAD", "Javad Rahigi", VG_KIND_PERSON);
    float other = cmp_names("RAHIQI JAVAD", "Jawad Rahiqi (b)", VG_KIND_PERSON);
    assert_true(several >= VG_COMPARE_THRESHOLD);
    assert_float_equal(several, alone > other ? alone : other, 1e-6);
    float none = 1;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("-; ;"), VG_STR_LIT("Ali"), VG_KIND_PERSON,
                                      &none, NULL),
                     VG_EEMPTY);
}

/* McCune-Reischauer's CHONG is Revised Romanization's JONG (k/g, t/d,
 * p/b, ch/j; o/eo, u/eu), Wade-Giles' TENG HSIAO pinyin's DENG XIAO:
 * between two names made of romanised syllables alone, not when a word of
 * the name is no such syllable. */
static void test_korean_romanisations(void **state)
{
    (void)state;
    float both = cmp_names("Kim Cho'ng-sik", "KIM JONG SIK", VG_KIND_PERSON);
    /* in a mixed name CHONG / JONG is no romanisation: at most the loose
     * likeness of two words apart in two letters of five */
    vg_compare_detail d;
    float mixed = -1;
    explain("Kim Chong Peter", "KIM JONG PETER", VG_KIND_PERSON, &mixed, &d, VG_CMP_VARIANT);
    for (size_t i = 0; i < d.n_pairs; i++)
        if (strcmp(d.pairs[i].query, "chong") == 0 && d.pairs[i].similarity > 0.6f)
            fail_msg("CHONG / %s %.4f by method %d", d.pairs[i].list, d.pairs[i].similarity,
                     (int)d.pairs[i].method);
    float bu = cmp_names("Pu Il CHOE", "Bu-il CHOI", VG_KIND_PERSON);
    float teng = cmp_names("Teng Hsiao Ping", "Deng Xiao Ping", VG_KIND_PERSON);
    float seong = cmp_names("Ri Un Song", "Ri Eun Seong", VG_KIND_PERSON);
    if (both < 0.9f || mixed >= both || bu < 0.9f || teng < 0.85f || seong < 0.9f)
        fail_msg("KIM CHONG SIK %.4f, KIM CHONG PETER %.4f, PU IL CHOE %.4f, TENG %.4f, "
                 "RI UN SONG %.4f",
                 both, mixed, bu, teng, seong);
    /* screening: the MR spelling finds the RR-listed person */
    const vg_result *r = screen_name("Kim Cho'ng-sik", NULL);
    assert_true(alerted(r, "un:KPi.066"));
}

/* A query whose only other word is garbled past every key is still found
 * through its title, when the title is a listed name (EBRAHIMI, Ayatollah). */
static void test_title_leads_when_nothing_else(void **state)
{
    (void)state;
    const vg_result *r = screen_name("AYATOLLAH EBTAHIML", NULL);
    assert_true(alerted(r, "ofac:26526"));
}

/* A company's last word after every word matched (what it does) costs as
 * a middle word against a company's name; a first word left out, or a
 * person's, does not. */
static void test_company_descriptor_dropped(void **state)
{
    (void)state;
    float tail = cmp_names("MANDEGAR BASPAR CO", "MANDEGAR BASPAR KIMIYA", VG_KIND_ORGANIZATION);
    float head = cmp_names("KIMIYA BASPAR CO", "MANDEGAR BASPAR KIMIYA", VG_KIND_ORGANIZATION);
    float person = cmp_names("MANDEGAR BASPAR", "MANDEGAR BASPAR KIMIYA", VG_KIND_PERSON);
    if (tail < 0.85f || head > tail - 0.05f || person > tail - 0.05f)
        fail_msg("tail %.4f, head %.4f, person %.4f", tail, head, person);
}

/* A company's country, left out on either side, costs as a middle word
 * (KOREA KUMBYOL TRADING, REYCO GMBH GERMANY); another word does not. */
static void test_company_country_dropped(void **state)
{
    (void)state;
    float korea = cmp_names("KUMBYOL TRADING CO", "KOREA KUMBYOL TRADING CO", VG_KIND_ORGANIZATION);
    float other = cmp_names("KUMBYOL TRADING CO", "HANSONG KUMBYOL TRADING CO",
                            VG_KIND_ORGANIZATION);
    /* before the name (after its legal form, any word costs little: see
     * test_company_beyond_legal_form) */
    float germany = cmp_names("GERMANY REYCO GMBH", "REYCO GMBH", VG_KIND_ORGANIZATION);
    float word = cmp_names("KANDOVAN REYCO GMBH", "REYCO GMBH", VG_KIND_ORGANIZATION);
    if (korea < other + 0.05f || germany < word + 0.05f)
        fail_msg("KOREA %.4f, HANSONG %.4f, GERMANY %.4f, KANDOVAN %.4f", korea, other, germany,
                 word);
}

/* An organisation's word and its English plural are the same word
 * (FORCE / FORCES, AGENCY / AGENCIES); a person's name ending in s is
 * not a plural (ANDREA / ANDREAS stays an edit). */
static void test_company_plural(void **state)
{
    (void)state;
    float forces = cmp_names("KIVU FORCE", "KIVU FORCES", VG_KIND_ORGANIZATION);
    float agencies = cmp_names("NAMGANG AGENCY", "NAMGANG AGENCIES", VG_KIND_ORGANIZATION);
    float other = cmp_names("KIVU FORGE", "KIVU FORCES", VG_KIND_ORGANIZATION);
    float person = cmp_names("ANDREA KIVU", "ANDREAS KIVU", VG_KIND_PERSON);
    float org = cmp_names("ANDREA KIVU", "ANDREAS KIVU", VG_KIND_ORGANIZATION);
    if (forces < 0.95f || agencies < 0.95f || other > forces - 0.05f || person > forces - 0.03f ||
        org < 0.95f)
        fail_msg("FORCES %.4f, AGENCIES %.4f, FORGE %.4f, person ANDREAS %.4f, org %.4f", forces,
                 agencies, other, person, org);
}

/* An organisation's word and its cognate in another European language
 * are the same word (ISLAMIQUE / ISLAMIC, MINISTERIO / MINISTRY, GROUPE /
 * GROUP, ARME / ARMED); in people's names the rule does not apply. */
static void test_company_cognates(void **state)
{
    (void)state;
    float gia = cmp_names("GROUPE ISLAMIQUE ARME", "ARMED ISLAMIC GROUP", VG_KIND_ORGANIZATION);
    float min = cmp_names("MINISTERIO DEL INTERIOR", "MINISTRY OF INTERIOR",
                          VG_KIND_ORGANIZATION);
    float bank = cmp_names("BANQUE NACIONAL KIVU", "KIVU NATIONAL BANK", VG_KIND_ORGANIZATION);
    float org = cmp_names("ISLAMIQUE KIVU", "ISLAMIC KIVU", VG_KIND_ORGANIZATION);
    float person = cmp_names("ISLAMIQUE KIVU", "ISLAMIC KIVU", VG_KIND_PERSON);
    if (gia < 0.8f || min < 0.85f || bank < 0.85f || org < person + 0.05f)
        fail_msg("GIA %.4f, MINISTERIO %.4f, BANQUE NACIONAL %.4f, ISLAMIQUE org %.4f person %.4f",
                 gia, min, bank, org, person);
}

/* A listed company's whole name (two name words or more) within a
 * company query: the query's other words describe it and cost as middle
 * words; a one-word name (ALLIANCE) inside a query is not enough. */
static void test_company_whole_name_within(void **state)
{
    (void)state;
    float whole = cmp_names("GRAND KIVU TOURISM PROJECT", "GRAND KIVU", VG_KIND_ORGANIZATION);
    float part = cmp_names("GRAND KIVU TOURISM PROJECT", "GRAND KIVU SAFARI", VG_KIND_ORGANIZATION);
    float one = cmp_names("KREMSONT ALLIANCE CORP", "ALLIANCE", VG_KIND_ORGANIZATION);
    if (whole < 0.85f || part > whole - 0.05f || one > 0.7f)
        fail_msg("whole %.4f, part %.4f, one word %.4f", whole, part, one);
}

/* A company's query words on the far side of one of its legal forms from
 * every matched word (a place, a branch, an owner) cost as middle words
 * (the list names here have a word of their own, so that the whole name
 * rule of test_company_whole_name_within does not apply);
 * an edge word on the name's side does not, nor do words beyond a legal
 * form when only legal forms matched. */
static void test_company_beyond_legal_form(void **state)
{
    (void)state;
    float place = cmp_names("ARANEKS KOMERC DOO BEOGRAD", "ARANEKS KOMERC IMPEX DOO",
                            VG_KIND_ORGANIZATION);
    float before = cmp_names("BEOGRAD ARANEKS KOMERC DOO", "ARANEKS KOMERC IMPEX DOO",
                             VG_KIND_ORGANIZATION);
    float owner = cmp_names("MILAN KRSTIC DOO TODOBOLSAS COLSOBRES", "TODOBOLSAS COLSOBRES PAPEL",
                            VG_KIND_ORGANIZATION);
    float no_form = cmp_names("MILAN KRSTIC TODOBOLSAS COLSOBRES", "TODOBOLSAS COLSOBRES PAPEL",
                              VG_KIND_ORGANIZATION);
    float only_legal = cmp_names("AKTSIONERNOE OBSHCHESTVO KVANT",
                                 "AKTSIONERNOE OBSHCHESTVO MORION", VG_KIND_ORGANIZATION);
    float no_legal = cmp_names("AKTSIONERNOE OBSHCHESTVO", "AKTSIONERNOE OBSHCHESTVO MORION",
                               VG_KIND_ORGANIZATION);
    if (place < before + 0.05f || owner < no_form + 0.05f || only_legal > no_legal + 0.01f)
        fail_msg("place %.4f, before %.4f, owner %.4f / %.4f, only legal forms %.4f / %.4f",
                 place, before, owner, no_form, only_legal, no_legal);
}

/* A comparison scores the same either way round: each side is read once
 * as the list's (the query side's joins and initials: AZIZ ABDUL for
 * Abdul Aziz, SID for SOUTH IRAN DARYABAN) and the better reading counts. */
static void test_compare_symmetric(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        vg_kind kind;
    } pairs[] = {
        {"AZIZ ABDUL", "Abdul Aziz", VG_KIND_PERSON},
        {"MONZER SID", "SOUTH IRAN DARYABAN KISH", VG_KIND_ORGANIZATION},
        {"GRAND KIVU TOURISM PROJECT", "GRAND KIVU", VG_KIND_ORGANIZATION},
        {"Reza Ebadzadeh Semnani", "Reza Ebadzadeh", VG_KIND_PERSON},
        {"NOUREDDIME ADAM", "NOUREDDINE ADAM", VG_KIND_PERSON},
        {"Mohamed Ibrahim", "Mohammed Hassan IBRAHIM", VG_KIND_PERSON},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        float ab = cmp_names(pairs[i].a, pairs[i].b, pairs[i].kind);
        float ba = cmp_names(pairs[i].b, pairs[i].a, pairs[i].kind);
        if (ab != ba || (i < 3 && ab < VG_COMPARE_THRESHOLD))
            fail_msg("%s / %s: %.4f, reversed %.4f", pairs[i].a, pairs[i].b, ab, ba);
    }
}

/* vg_compare_names_explain: the same score as vg_compare_names, a's words
 * on the a side whichever reading scored better, and, for sides holding
 * several names, the pair of names that counted. */
static void test_compare_explain(void **state)
{
    (void)state;
    vg_compare_detail d;
    float plain = cmp_names("AZIZ ABDUL", "Abdul Aziz", VG_KIND_PERSON), score = -1;
    float hasan = cmp_names("Mohamed Ali Hasan", "Muhammad HASSAN", VG_KIND_PERSON);
    /* (the detail's words are the screener's until its next call) */
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c("Mohamed Ali Hasan"),
                                              vg_str_c("Muhammad HASSAN"), VG_KIND_PERSON, &score, &d,
                                              NULL),
                     VG_OK);
    assert_float_equal(score, hasan, 1e-6);
    assert_int_equal(d.n_pairs, 3);
    bool ali_a = false, mohamed = false;
    for (size_t i = 0; i < d.n_pairs; i++) {
        const vg_token_pair *p = &d.pairs[i];
        ali_a |= strcmp(p->query, "ali") == 0 && p->list[0] == '\0' && p->method == VG_CMP_NONE;
        mohamed |= strcmp(p->query, "mohamed") == 0 && strcmp(p->list, "muhammad") == 0;
    }
    assert_true(ali_a && mohamed);
    /* the reading with b as the query scores better here; the words stay on
     * their sides */
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c("AZIZ ABDUL"),
                                              vg_str_c("Abdul Aziz"), VG_KIND_PERSON, &score, &d, NULL),
                     VG_OK);
    assert_float_equal(score, plain, 1e-6);
    assert_int_equal(d.n_pairs, 1);
    assert_string_equal(d.pairs[0].query, "abdulaziz");
    assert_string_equal(d.pairs[0].list, "abdulaziz");
    /* several names: the best pair is the one explained */
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c("Ali Reza; Javad Rahigi"),
                                              vg_str_c("Jawad Rahiqi; Mohammed Omar"),
                                              VG_KIND_PERSON, &score, &d, NULL),
                     VG_OK);
    assert_true(score >= VG_COMPARE_THRESHOLD);
    assert_int_equal(d.a.len, strlen("Javad Rahigi"));
    assert_memory_equal(d.a.ptr, "Javad Rahigi", d.a.len);
    assert_memory_equal(d.b.ptr, "Jawad Rahiqi", d.b.len);
    assert_string_equal(d.pairs[0].query, "javad");
}

/* Pairwise across scripts, two Latin words joined are compared whole with
 * the transliterated word: MOHAMMAD ALI is not one spelling of محمد, which
 * left علي without a partner; each word now pairs with its own. */
static void test_compare_script_join(void **state)
{
    (void)state;
    vg_compare_detail d;
    float score = -1;
    assert_int_equal(vg_compare_names_explain(sc, vg_str_c("محمد علي الحبو"),
                                              vg_str_c("MOHAMMAD ALI AL HABBO"), VG_KIND_PERSON,
                                              &score, &d, NULL),
                     VG_OK);
    bool joined = false, ali = false;
    for (size_t i = 0; i < d.n_pairs; i++) {
        joined |= d.pairs[i].method == VG_CMP_JOINED;
        ali |= strcmp(d.pairs[i].query, "ali") == 0 && strcmp(d.pairs[i].list, "ali") == 0;
    }
    if (score < 0.9f || joined || !ali)
        fail_msg("score %.4f, joined %d, ali paired %d", score, joined, ali);
}

/* Pairwise with lists loaded, a common name partly matched (MOHAMED
 * HASSAN within MOHAMMED HASSAN IBRAHIM) scores below a match, as in
 * screening; whole names paired word for word, or a rare name partly
 * matched, do not lose by it. Without lists nothing tells common from rare. */
static void test_compare_common_partial(void **state)
{
    (void)state;
    float common = cmp_names("Mohamed Hassan", "Mohammed Hassan IBRAHIM", VG_KIND_PERSON);
    float whole = cmp_names("MOHAMED ABDELRAHMAN", "Muhammad Abd al-Rahman", VG_KIND_PERSON);
    float rare = cmp_names("Reza Ebadzadeh", "Reza Ebadzadeh Semnani", VG_KIND_PERSON);
    if (common >= VG_COMPARE_THRESHOLD || whole < 0.9f || rare < VG_COMPARE_THRESHOLD)
        fail_msg("common partial %.4f, whole %.4f, rare partial %.4f", common, whole, rare);
    vg_index *empty = NULL;
    vg_screener *bare = NULL;
    vg_err err;
    assert_int_equal(vg_index_build(NULL, 0, NULL, &empty, &err), VG_OK);
    assert_int_equal(vg_screener_new(empty, &bare), VG_OK);
    float none = cmp_on(bare, "Mohamed Hassan", "Mohammed Hassan IBRAHIM", VG_KIND_PERSON);
    float whole_none = cmp_on(bare, "MOHAMED ABDELRAHMAN", "Muhammad Abd al-Rahman", VG_KIND_PERSON);
    vg_screener_free(bare);
    vg_index_free(empty);
    if (none < VG_COMPARE_THRESHOLD || whole_none != whole)
        fail_msg("without lists: common partial %.4f, whole %.4f (with lists %.4f)", none,
                 whole_none, whole);
}

/* A person's generation (Jr, III) the other side leaves out costs as a
 * title; in a company's name (MAGNUS HOLDING II) it is a word. */
static void test_compare_generation(void **state)
{
    (void)state;
    /* a generation the other side leaves out costs as a title */
    float jr = cmp_names("John Albert SMITH Jr.", "SMITH, John Albert", VG_KIND_PERSON);
    float ii = cmp_names("MAGNUS HOLDING II CORP", "MAGNUS HOLDING CORP", VG_KIND_ORGANIZATION);
    if (jr < 0.95f || ii >= jr)
        fail_msg("SMITH JR %.4f, MAGNUS HOLDING II %.4f", jr, ii);
}

/* An organisation's words in two languages pair as one word (SHERKAT /
 * COMPANY, NAFT / OIL), named as a translation, compared pairwise and in
 * screening; a person's name is never translated (ANSAR is a name). */
static void test_compare_translation(void **state)
{
    (void)state;
    vg_compare_detail d;
    float score = -1;
    size_t translated = explain("SHERKAT NAFT PARSIAN", "PARSIAN OIL COMPANY",
                                VG_KIND_ORGANIZATION, &score, &d, VG_CMP_TRANSLATION);
    float person = cmp_names("Ansar RAZAVI", "Supporters RAZAVI", VG_KIND_PERSON);
    if (translated != 2 || score < 0.9f || person >= VG_COMPARE_THRESHOLD)
        fail_msg("%zu translated, score %.4f; person %.4f", translated, score, person);
    assert_string_equal(vg_cmp_method_name(VG_CMP_TRANSLATION), "translation");
    /* from Arabic script: al-jamaa al-islamiya al-musallaha */
    translated = explain("الجماعة الاسلامية المسلحة", "ARMED ISLAMIC GROUP",
                         VG_KIND_ORGANIZATION, &score, &d, VG_CMP_TRANSLATION);
    if (translated != 3 || score < VG_COMPARE_THRESHOLD)
        fail_msg("from Arabic script: %zu translated, score %.4f", translated, score);
    /* screening too: SHOMAL CEMENT COMPANY in Persian (listed in English
     * only), with a legal form or without (then the query's English word
     * finds it: the query reads as no company's) */
    const vg_result *r = screen_name("SIMAN SHOMAL CO", NULL);
    assert_true(alerted(r, "ofac:25805"));
    r = screen_name("SIMAN SHOMAL", NULL);
    assert_true(alerted(r, "ofac:25805"));
    bool siman = false;
    for (size_t i = 0; i < r->n_matches; i++) {
        const vg_explanation *x = &r->matches[i].explain;
        if (strcmp(r->matches[i].entity->id, "ofac:25805") != 0)
            continue;
        for (size_t k = 0; k < x->n_pairs; k++)
            siman |= strcmp(x->pairs[k].query, "siman") == 0 &&
                     strcmp(x->pairs[k].list, "cement") == 0 &&
                     x->pairs[k].method == VG_CMP_TRANSLATION;
    }
    assert_true(siman);
}

/* Pairwise, a word of each side left unpaired pairs with its likest when
 * most of their letters agree (two transliterations of one Slavic name,
 * three edits in eleven letters), at that likeness and named as an edit;
 * words further apart, or short, stay unpaired. */
static void test_compare_loose_pairs(void **state)
{
    (void)state;
    vg_compare_detail d;
    float score = -1;
    explain("Ruslan KARPYANKOU", "Ruslan KARPENKOV", VG_KIND_PERSON, &score, &d, VG_CMP_EDIT);
    bool loose = false;
    for (size_t i = 0; i < d.n_pairs; i++)
        if (strcmp(d.pairs[i].query, "karpyankou") == 0 && strcmp(d.pairs[i].list, "karpenkov") == 0)
            loose = d.pairs[i].method == VG_CMP_EDIT && d.pairs[i].similarity >= 0.6f &&
                    d.pairs[i].similarity <= 0.75f;
    if (!loose || score < VG_COMPARE_THRESHOLD)
        fail_msg("KARPYANKOU / KARPENKOV not paired loosely (score %.4f)", score);
    /* a name of one word each: Greek -os */
    float greek = cmp_names("Αλέξανδρος", "Alexander", VG_KIND_PERSON);
    if (greek < VG_COMPARE_THRESHOLD)
        fail_msg("ALEXANDROS / ALEXANDER %.4f", greek);
    float apart = cmp_names("Ruslan KARPENKOV", "Ruslan KOVALENKO", VG_KIND_PERSON);
    float shrt = cmp_names("Ruslan BAUR", "Ruslan BOHR", VG_KIND_PERSON);
    float first = cmp_names("Darya ZHDANOVA", "Darya ASLANOVA", VG_KIND_PERSON);
    if (apart >= VG_COMPARE_THRESHOLD || shrt >= VG_COMPARE_THRESHOLD ||
        first >= VG_COMPARE_THRESHOLD)
        fail_msg("KARPENKOV / KOVALENKO %.4f, BAUR / BOHR %.4f, ZHDANOVA / ASLANOVA %.4f", apart,
                 shrt, first);
}

/* Across scripts, a ya or waw written inside an Arabic word is a long
 * vowel or diphthong the Latin spelling must show: حسين is HUSSEIN or
 * HUSAYN, never HASAN (a Latin skeleton alone still counts for a little);
 * a final ya read a (alif maqsura) still meets MUSA and MUSTAFA. */
static void test_abjad_long_vowels(void **state)
{
    (void)state;
    float score = -1;
    vg_token_pair p = one_pair("حسين", "HASAN", &score);
    if (p.similarity > 0.6f)
        fail_msg("hsin / hasan %.3f (%s)", p.similarity, vg_cmp_method_name(p.method));
    float hussein = cmp_names("حسين", "HUSSEIN", VG_KIND_PERSON);
    float husayn = cmp_names("حسين", "HUSAYN", VG_KIND_PERSON);
    float musa = cmp_names("موسى", "MUSA", VG_KIND_PERSON);
    float mustafa = cmp_names("مصطفى", "MUSTAFA", VG_KIND_PERSON);
    float yusuf = cmp_names("يوسف", "YOUSSEF", VG_KIND_PERSON);
    if (hussein < 0.9f || husayn < 0.9f || musa < 0.9f || mustafa < 0.9f || yusuf < 0.85f)
        fail_msg("HUSSEIN %.4f HUSAYN %.4f MUSA %.4f MUSTAFA %.4f YOUSSEF %.4f", hussein, husayn,
                 musa, mustafa, yusuf);
    /* past the abjad's last letter, a final i is a ya it would write (KAMALI
     * is not كمال); a French silent e is nothing (AMINE, YASSINE) */
    float kamali = cmp_names("كمال", "KAMALI", VG_KIND_PERSON);
    float kamal = cmp_names("كمال", "KAMAL", VG_KIND_PERSON);
    float amine = cmp_names("أمين", "AMINE", VG_KIND_PERSON);
    float yassine = cmp_names("ياسين", "YASSINE", VG_KIND_PERSON);
    if (kamali > 0.6f || kamal < 0.9f || amine < 0.9f || yassine < 0.9f)
        fail_msg("KAMALI %.4f KAMAL %.4f AMINE %.4f YASSINE %.4f", kamali, kamal, amine, yassine);
    /* a final ta marbuta or heh is -a, -ah, -eh: HAMZA, HAMZEH, not HAMZI */
    float hamzi = cmp_names("حمزہ", "HAMZI", VG_KIND_PERSON);
    float hamzeh = cmp_names("حمزه", "HAMZEH", VG_KIND_PERSON);
    float hamza = cmp_names("حمزة", "HAMZA", VG_KIND_PERSON);
    if (hamzi > 0.6f || hamzeh < 0.85f || hamza < 0.9f)
        fail_msg("HAMZI %.4f HAMZEH %.4f HAMZA %.4f", hamzi, hamzeh, hamza);
    /* d then j in a transliteration are two letters (ولید جان joined is not
     * WALIJAN), where the Latin dj of DJAMEL is one */
    float walijan = cmp_names("ولید جان", "WALIJAN", VG_KIND_PERSON);
    float walidjan = cmp_names("ولید جان", "WALIDJAN", VG_KIND_PERSON);
    float djamal = cmp_names("جمال", "DJAMEL", VG_KIND_PERSON);
    if (walijan > 0.6f || walidjan < 0.85f || djamal < 0.85f)
        fail_msg("WALIJAN %.4f WALIDJAN %.4f DJAMEL %.4f", walijan, walidjan, djamal);
}

/* An edit is never closer than a spelling variant: a long word one slip
 * from another scored 1 - 1/13 + the slip bonus, over 1 (found by
 * fuzz_name_compare). */
static void test_edit_never_over_variant(void **state)
{
    (void)state;
    float score = -1;
    vg_token_pair p = one_pair("Abduuddedine", "Abduuddddine", &score);
    assert_int_equal(p.method, VG_CMP_EDIT);
    if (p.similarity > 0.95f || score > 1.0f)
        fail_msg("similarity %.4f, score %.4f", p.similarity, score);
}

/* A name cut at the MRZ's 39 characters: its last word, even of two
 * letters, is the start of the list's (YU for YUSUF). */
static void test_mrz_cut_two_letters(void **state)
{
    (void)state;
    const vg_result *r = screen_name("UTHMAN ABD AL SALAM ASHRAF MUHAMMAD YU", NULL);
    assert_top(r, "un:QDi.343");
    assert_true(alerted(r, "un:QDi.343"));
    bool prefix = false;
    for (size_t i = 0; i < r->matches[0].explain.n_pairs; i++)
        prefix |= r->matches[0].explain.pairs[i].method == VG_CMP_PREFIX &&
                  strcmp(r->matches[0].explain.pairs[i].query, "yu") == 0;
    assert_true(prefix);
}

/* Pairwise, a word one slip from a compound's ending (NOUREDDIME) meets
 * the compound the other name writes (NOUREDDINE), either way round, as
 * screening respells it against the lists' words; a word that only ends
 * like one (SHOUBIN) does not become one without it. */
static void test_compare_compound_slip(void **state)
{
    (void)state;
    float din = cmp_names("NOUREDDIME ADAM", "NOUREDDINE ADAM", VG_KIND_PERSON);
    float rev = cmp_names("NOUREDDINE ADAM", "NOUREDDIME ADAM", VG_KIND_PERSON);
    float udin = cmp_names("JAMALUDIM AHMED", "JAMALUDIN AHMED", VG_KIND_PERSON);
    float ullah = cmp_names("NOORULLAJ KHAN", "NOORULLAH KHAN", VG_KIND_PERSON);
    float other = cmp_names("SHOUBIN ADAM", "NOUREDDINE ADAM", VG_KIND_PERSON);
    if (din < 0.9f || rev < 0.9f || udin < 0.9f || ullah < 0.9f || other > 0.6f)
        fail_msg("NOUREDDIME %.4f / %.4f, JAMALUDIM %.4f, NOORULLAJ %.4f, SHOUBIN %.4f", din,
                 rev, udin, ullah, other);
}

/* Two names holding numbers, none of them in common, are another unit or
 * branch of a family of names: the 77TH is not the 33RD DIVISION. */
static void test_numbers_differ(void **state)
{
    (void)state;
    float other = cmp_names("77TH LIGHT INFANTRY DIVISION", "33RD LIGHT INFANTRY DIVISION",
                            VG_KIND_ORGANIZATION);
    float same = cmp_names("33RD LIGHT INFANTRY DIVISION", "33 LIGHT INFANTRY DIVISION",
                           VG_KIND_ORGANIZATION);
    float one = cmp_names("77TH LIGHT INFANTRY DIVISION", "LIGHT INFANTRY DIVISION",
                          VG_KIND_ORGANIZATION);
    if (other > 0.6f || same < 0.9f || one < other + 0.1f)
        fail_msg("77TH/33RD %.4f, 33RD/33 %.4f, 77TH/none %.4f", other, same, one);
    /* and two organisations each naming a country the other lacks, none in
     * common, two national branches; a country on one side only is not */
    float kenya = cmp_names("AL-HARAMAIN FOUNDATION (KENYA)", "AL-HARAMAIN FOUNDATION (TANZANIA)",
                            VG_KIND_ORGANIZATION);
    float bare = cmp_names("AL-HARAMAIN FOUNDATION (KENYA)", "AL-HARAMAIN FOUNDATION",
                           VG_KIND_ORGANIZATION);
    if (kenya > 0.6f || bare < VG_COMPARE_THRESHOLD)
        fail_msg("KENYA/TANZANIA %.4f, KENYA/none %.4f", kenya, bare);
}

/* An index of tests/data/un/small.xml (ERIC BADEGE, born 1971, among
 * others) and of an OFAC list of `row` among four thousand made-up people,
 * and the result of screening `name` against it. */
typedef struct two_lists {
    char dir[32], path[128];
    vg_list *l[2];
    vg_index *ix;
    vg_screener *s;
    vg_result r;
} two_lists;

static void two_lists_screen(two_lists *t, const char *row, const char *name)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/vigil-twins-XXXXXX");
    FILE *f = sdn_create(t->dir, t->path, sizeof t->path);
    fprintf(f, "%s\n", row);
    made_up_people(f);
    fclose(f);
    vg_err err;
    assert_int_equal(vg_list_load(VIGIL_TEST_DATA "/un/small.xml", VG_FORMAT_AUTO, NULL,
                                  &t->l[0], &err),
                     VG_OK);
    assert_int_equal(vg_list_load(t->path, VG_FORMAT_AUTO, NULL, &t->l[1], &err), VG_OK);
    assert_int_equal(vg_index_build(t->l, 2, NULL, &t->ix, &err), VG_OK);
    assert_int_equal(vg_screener_new(t->ix, &t->s), VG_OK);
    vg_query q;
    vg_query_init(&q);
    q.name = vg_str_c(name);
    assert_int_equal(vg_screen(t->s, &q, NULL, &t->r, &err), VG_OK);
}

static void two_lists_close(two_lists *t)
{
    vg_screener_free(t->s);
    vg_index_free(t->ix);
    vg_list_free(t->l[0]);
    vg_list_free(t->l[1]);
    remove(t->path);
    rmdir(t->dir);
}

/* The same person in both lists (the same name, a birth year in common;
 * or one name part of the other's) is reported from either listing: an
 * alias only OFAC gives finds the UN entry too, at the same score, with
 * the link as evidence. Another birth year, no link. */
static void test_twins(void **state)
{
    (void)state;
    static two_lists t;
    two_lists_screen(&t,
                     "101,\"BADEGE, Eric\",\"individual\",\"DRC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
                     "-0- ,\"DOB 1971; a.k.a. 'MUGABE KIVUMBI'.\"",
                     "Mugabe KIVUMBI");
    const vg_result *r = &t.r;
    assert_true(r->n_matches >= 2);
    assert_string_equal(r->matches[0].entity->id, "ofac:101");
    assert_true(r->matches[0].alert);
    assert_string_equal(r->matches[1].entity->id, "un:CDi.001");
    assert_true(r->matches[1].alert);
    assert_float_equal(r->matches[1].score, r->matches[0].score, 1e-6);
    const vg_explanation *ex = &r->matches[1].explain;
    assert_true(ex->n_evidence > 0);
    const vg_evidence *ev = &ex->evidence[ex->n_evidence - 1];
    assert_int_equal(ev->kind, VG_EV_LINKED);
    assert_string_equal(ev->list, "ofac:101");
    assert_true(ev->effect > 0.3f);
    two_lists_close(&t);

    two_lists_screen(&t,
                     "101,\"BADEGE, Eric\",\"individual\",\"DRC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
                     "-0- ,\"DOB 1950; a.k.a. 'MUGABE KIVUMBI'.\"",
                     "Mugabe KIVUMBI");
    assert_true(t.r.matches[0].alert);
    for (size_t i = 1; i < t.r.n_matches; i++)
        assert_false(t.r.matches[i].alert);
    two_lists_close(&t);

    /* a name part of the other's, with a rare word and a birth year in
     * common: IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI, born 1971 */
    two_lists_screen(&t,
                     "102,\"AL-SAMARRAI, Awwad\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,"
                     "-0- ,-0- ,\"DOB 1971; a.k.a. 'MUGABE KIVUMBI'.\"",
                     "Mugabe KIVUMBI");
    assert_true(t.r.n_matches >= 2);
    assert_string_equal(t.r.matches[0].entity->id, "ofac:102");
    assert_string_equal(t.r.matches[1].entity->id, "un:QDi.299");
    assert_true(t.r.matches[1].alert);
    two_lists_close(&t);

    /* an organisation's name with its own initials among its words (ADF
     * ALLIED DEMOCRATIC FORCES; the UN writes INDUSTRIAL FACTORIES OF
     * PRECISION (IFP) MACHINERY) is the other list's name without them */
    two_lists_screen(&t,
                     "103,\"ADF ALLIED DEMOCRATIC FORCES\",-0- ,\"DRC\",-0- ,-0- ,-0- ,-0- ,"
                     "-0- ,-0- ,-0- ,\"a.k.a. 'KAMPALA HILL REBELS'.\"",
                     "KAMPALA HILL REBELS");
    assert_true(t.r.n_matches >= 2);
    assert_string_equal(t.r.matches[0].entity->id, "ofac:103");
    assert_string_equal(t.r.matches[1].entity->id, "un:CDe.001");
    assert_true(t.r.matches[1].alert);
    two_lists_close(&t);
}

static void test_compare(void **state)
{
    (void)state;
    float a = 0, b = 0, c = 0;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("MOHAMED ABDELRAHMAN"),
                                      VG_STR_LIT("Muhammad Abd al-Rahman"), VG_KIND_PERSON, &a,
                                      NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("John Smith"), VG_STR_LIT("Mohammed Ali"),
                                      VG_KIND_PERSON, &b, NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("Anglo-Caribbean Co. Ltd"),
                                      VG_STR_LIT("ANGLO CARIBBEAN COMPANY LIMITED"),
                                      VG_KIND_ORGANIZATION, &c, NULL),
                     VG_OK);
    assert_true(a >= VG_DEFAULT_THRESHOLD);
    assert_true(b < 0.3f);
    assert_true(c >= VG_DEFAULT_THRESHOLD);

    /* IN joins an organisation's words as OF does (ISLAMIC STATE IN ...) */
    float in = 0, of = 1;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("ISLAMIC STATE IN EGYPT"),
                                      VG_STR_LIT("ISLAMIC STATE EGYPT"), VG_KIND_ORGANIZATION, &in,
                                      NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("ISLAMIC STATE OF EGYPT"),
                                      VG_STR_LIT("ISLAMIC STATE EGYPT"), VG_KIND_ORGANIZATION, &of,
                                      NULL),
                     VG_OK);
    assert_float_equal(in, of, 1e-4);

    /* two Abd compounds are as close as the names after the Abd: ABDUL ALI
     * is not ABDUL HADI, while a slip in ABDUL ALI stays close */
    float ali_hadi = 1, ali_aali = 0;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("YASIN ABDULALI"),
                                      VG_STR_LIT("YASIN ABDULHADI"), VG_KIND_PERSON, &ali_hadi,
                                      NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("YASIN ABDULALI"),
                                      VG_STR_LIT("YASIN ABDUL AALI"), VG_KIND_PERSON, &ali_aali,
                                      NULL),
                     VG_OK);
    assert_true(ali_hadi < VG_COMPARE_THRESHOLD);
    assert_true(ali_aali >= VG_COMPARE_THRESHOLD);

    /* pairwise, neither side is the list: a word one side lacks costs the
     * same either way round; a name before its Abd is the abdul compound */
    float ab = 0, ba = 0, abd = 0;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("Reza Ebadzadeh Semnani"),
                                      VG_STR_LIT("Reza Ebadzadeh"), VG_KIND_PERSON, &ab, NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("Reza Ebadzadeh"),
                                      VG_STR_LIT("Reza Ebadzadeh Semnani"), VG_KIND_PERSON, &ba,
                                      NULL),
                     VG_OK);
    assert_float_equal(ab, ba, 1e-4);
    assert_true(ab >= VG_DEFAULT_THRESHOLD);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("AZIZ ABDUL"), VG_STR_LIT("Abdul Aziz"),
                                      VG_KIND_PERSON, &abd, NULL),
                     VG_OK);
    assert_true(abd >= VG_DEFAULT_THRESHOLD);

    /* one edit shaped like a slip (swapped neighbours, a neighbouring key,
     * look-alike letters) is closer than one that makes another name */
    const char *slips[] = {"Hafiz Maklhuf", "Hafiz Makhlif", "Hafiz Makhlyf"};
    float other = 0;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("Hafiz Makhzuf"), VG_STR_LIT("Hafiz Makhluf"),
                                      VG_KIND_PERSON, &other, NULL),
                     VG_OK);
    for (size_t i = 0; i < sizeof slips / sizeof *slips; i++) {
        float slip = 0;
        assert_int_equal(vg_compare_names(sc, vg_str_c(slips[i]), VG_STR_LIT("Hafiz Makhluf"),
                                          VG_KIND_PERSON, &slip, NULL),
                         VG_OK);
        if (!(slip > other))
            fail_msg("%s: %.3f not above %.3f", slips[i], slip, other);
    }

    /* a passport's MRZ cuts the name at 39 characters, mid-word: read back
     * at that length, a last word that starts a listed one is that word
     * (not in a short name, where it would be another word) */
    float cut = 0, uncut = 0, short_prefix = 1;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("KANONGA GEDEON KYUNGU MUTANGA WA BAFUN"),
                                      VG_STR_LIT("Gedeon Kyungu Mutanga wa Bafunyembaka Kanonga"),
                                      VG_KIND_PERSON, &cut, NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("KANONGA GEDEON KYUNGU MUTANGA WA KOLWE"),
                                      VG_STR_LIT("Gedeon Kyungu Mutanga wa Bafunyembaka Kanonga"),
                                      VG_KIND_PERSON, &uncut, NULL),
                     VG_OK);
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("GEDEON BAFUN"),
                                      VG_STR_LIT("Gedeon Bafunyembaka"), VG_KIND_PERSON,
                                      &short_prefix, NULL),
                     VG_OK);
    if (!(cut > 0.95f && cut > uncut + 0.05f && short_prefix < VG_COMPARE_THRESHOLD))
        fail_msg("cut %.3f, another word %.3f, short name %.3f", cut, uncut, short_prefix);

    /* Arabic script against Latin spellings of other traditions: qaf as g
     * with French ce (Belqasim / Belgacem), jim as g (Jamal / Gamal), the
     * diphthongs ay and aw (Kubaysi, Shawkat); an unrelated name stays far */
    static const char *const script_pairs[][2] = {
        {"\u0628\u0644\u0642\u0627\u0633\u0645", "Belgacem"},
        {"\u062c\u0645\u0627\u0644", "Gamal"},
        {"\u0627\u0644\u0643\u0628\u064a\u0633\u064a", "al-Kubaysi"},
        {"\u0634\u0648\u0643\u062a", "Shawkat"},
    };
    for (size_t i = 0; i < sizeof script_pairs / sizeof *script_pairs; i++) {
        float v = 0;
        assert_int_equal(vg_compare_names(sc, vg_str_c(script_pairs[i][0]),
                                          vg_str_c(script_pairs[i][1]), VG_KIND_PERSON, &v, NULL),
                         VG_OK);
        /* one tolerated alternation costs a little; a diphthong nothing */
        if (!(v >= (i < 2 ? 0.85f : 0.92f)))
            fail_msg("%s / %s: %.3f", script_pairs[i][0], script_pairs[i][1], v);
    }
    float far = 1;
    assert_int_equal(vg_compare_names(sc, VG_STR_LIT("\u0628\u0644\u0642\u0627\u0633\u0645"),
                                      VG_STR_LIT("Bilal"), VG_KIND_PERSON, &far, NULL),
                     VG_OK);
    assert_true(far < 0.5f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listed_name_variants),
        cmocka_unit_test(test_original_script),
        cmocka_unit_test(test_dob_contradiction_clears),
        cmocka_unit_test(test_namesakes_by_age),
        cmocka_unit_test(test_common_words_retrieved),
        cmocka_unit_test(test_name_structure),
        cmocka_unit_test(test_fuller_and_company_names),
        cmocka_unit_test(test_same_full_date_confirms_partial_name),
        cmocka_unit_test(test_ordinary_people_no_alert),
        cmocka_unit_test(test_document_number),
        cmocka_unit_test(test_explanation),
        cmocka_unit_test(test_explain_later),
        cmocka_unit_test(test_bad_queries),
        cmocka_unit_test(test_indexed_agrees_with_exhaustive),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_compare_several_names),
        cmocka_unit_test(test_korean_romanisations),
        cmocka_unit_test(test_numbers_differ),
        cmocka_unit_test(test_company_descriptor_dropped),
        cmocka_unit_test(test_company_country_dropped),
        cmocka_unit_test(test_company_plural),
        cmocka_unit_test(test_company_cognates),
        cmocka_unit_test(test_company_whole_name_within),
        cmocka_unit_test(test_compare_compound_slip),
        cmocka_unit_test(test_compare_symmetric),
        cmocka_unit_test(test_compare_explain),
        cmocka_unit_test(test_compare_script_join),
        cmocka_unit_test(test_compare_common_partial),
        cmocka_unit_test(test_compare_loose_pairs),
        cmocka_unit_test(test_compare_generation),
        cmocka_unit_test(test_compare_translation),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_compare_east_slavic),
        cmocka_unit_test(test_company_query_person_entry),
        cmocka_unit_test(test_abjad_long_vowels),
        cmocka_unit_test(test_mrz_cut_two_letters),
        cmocka_unit_test(test_edit_never_over_variant),
        cmocka_unit_test(test_company_beyond_legal_form),
        cmocka_unit_test(test_title_leads_when_nothing_else),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_index_frees_what_it_allocated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
