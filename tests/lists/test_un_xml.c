/* SPDX-License-Identifier: Apache-2.0 */
/* The UN consolidated XML reader, through vg_list_load(): counts pinned on
 * the bundled list, every field of a few hard records, hand-made corner
 * cases, bad input with its status and "FILE:LINE:" message, and a run that
 * fails each allocation in turn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <pthread.h>

#include "vigil/lists.h"
#include "vigil/model.h"

#define UN_LIST VIGIL_DATA "/lists/un/consolidated.xml"
#define FIXTURE(name) VIGIL_TEST_DATA "/un/" name

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static const vg_entity *must_find(const vg_list *l, const char *id)
{
    const vg_entity *e = vg_list_find(l, id);
    if (!e)
        fail_msg("entity %s not found", id);
    return e;
}

typedef struct want_name {
    const char *full;
    vg_name_role role;
    vg_script script;
    unsigned flags;
} want_name;

static void check_names(const vg_entity *e, const want_name *w, size_t n)
{
    for (size_t i = 0; i < n && i < e->n_names; i++) {
        const vg_name *got = &e->names[i];
        assert_string_equal(got->full, w[i].full);
        assert_string_equal(vg_name_role_name(got->role), vg_name_role_name(w[i].role));
        assert_string_equal(vg_script_name(got->script), vg_script_name(w[i].script));
        assert_int_equal(got->flags, w[i].flags);
        /* UN name parts are in listed order, not given / family */
        assert_null(got->given);
        assert_null(got->family);
    }
    assert_int_equal(e->n_names, n);
}

static void check_date(const vg_date *d, const char *formatted, vg_date_kind kind)
{
    char buf[64];
    assert_string_equal(vg_date_format(d, buf, sizeof buf), formatted);
    assert_int_equal(d->kind, kind);
}

/* NULL-safe string equality: want NULL means the field is absent. */
static void check_str(const char *got, const char *want)
{
    if (!want)
        assert_null(got);
    else
        assert_string_equal(got ? got : "(null)", want);
}

/* The country code is checked only once the country table maps the name
 * (it is being written separately; until then every code is ""). */
static void check_country(const vg_country *c, const char *text, const char *code)
{
    check_str(c->text, text);
    char probe[3];
    if (text && vg_country_lookup(vg_str_c(text), probe))
        assert_string_equal(c->code, code);
}

static void check_doc(const vg_document *d, const char *type, const char *number,
                      const char *number_norm, const char *country, const char *code,
                      const char *issued, const char *expires, const char *note)
{
    char buf[64];
    check_str(d->type, type);
    check_str(d->number, number);
    check_str(d->number_norm, number_norm);
    check_country(&d->country, country, code);
    assert_string_equal(vg_date_format(&d->issued, buf, sizeof buf), issued);
    assert_string_equal(vg_date_format(&d->expires, buf, sizeof buf), expires);
    check_str(d->note, note);
}

static void check_address(const vg_address *a, const char *street, const char *city,
                          const char *region, const char *postal, const char *country,
                          const char *code, const char *note)
{
    check_str(a->street, street);
    check_str(a->city, city);
    check_str(a->region, region);
    check_str(a->postal, postal);
    check_country(&a->country, country, code);
    check_str(a->note, note);
}

static void check_place(const vg_place *p, const char *text, const char *city, const char *region,
                        const char *country, const char *code)
{
    check_str(p->text, text);
    check_str(p->city, city);
    check_str(p->region, region);
    check_country(&p->country, country, code);
}

static void check_prefix(const char *got, const char *prefix)
{
    assert_non_null(got);
    if (strncmp(got, prefix, strlen(prefix)) != 0)
        fail_msg("'%.80s' does not start with '%s'", got, prefix);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* ------------------------------------------------------------------------ */
/* The bundled list, loaded once for the group                              */
/* ------------------------------------------------------------------------ */

static int load_bundled(void **state)
{
    vg_list *l = NULL;
    vg_err err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vg_status rc = vg_list_load(UN_LIST, VG_FORMAT_AUTO, NULL, &l, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc) {
        char buf[1024];
        fprintf(stderr, "load failed: %s\n", vg_err_format(&err, buf, sizeof buf));
        return -1;
    }
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("# loaded %zu UN records in %.1f ms\n", vg_list_count(l), ms);
    *state = l;
    return 0;
}

static int free_bundled(void **state)
{
    vg_list_free(*state);
    return 0;
}

static void test_counts(void **state)
{
    const vg_list *l = *state;
    assert_string_equal(vg_list_source(l), "un");
    assert_string_equal(vg_list_version(l), "2026-02-27T00:00:09.554Z");
    assert_int_equal(vg_list_get_format(l), VG_FORMAT_UN_XML);
    assert_int_equal(vg_list_count(l), 1003);

    size_t kinds[VG_KIND__COUNT] = {0}, roles[VG_NAME_ROLE__COUNT] = {0};
    size_t split = 0, fka = 0, docs_with_number = 0, no_primary = 0;
    for (size_t i = 0; i < vg_list_count(l); i++) {
        const vg_entity *e = vg_list_entity(l, i);
        kinds[e->kind]++;
        assert_non_null(e->id);
        assert_memory_equal(e->id, "un:", 3);
        assert_string_equal(e->native_id, e->id + 3);
        assert_string_equal(e->source, "un");
        assert_string_equal(e->list_version, "2026-02-27T00:00:09.554Z");
        assert_ptr_equal(vg_list_find(l, e->id), e);
        assert_false(all_zero(e->content_hash, sizeof e->content_hash));
        assert_int_equal(e->n_programs, 1);
        assert_true(e->listed_on.year >= 2000);
        if (e->n_names == 0 || e->names[0].role != VG_NAME_PRIMARY)
            no_primary++;
        for (size_t j = 0; j < e->n_names; j++) {
            const vg_name *n = &e->names[j];
            roles[n->role]++;
            split += (n->flags & VG_NAMEF_SPLIT) != 0;
            fka += (n->flags & VG_NAMEF_FKA) != 0;
            assert_non_null(n->full);
            assert_null(strchr(n->full, '\n'));
            assert_null(strchr(n->full, ';'));
            assert_null(strstr(n->full, "  "));
        }
        for (size_t j = 0; j < e->n_documents; j++)
            docs_with_number += e->documents[j].number != NULL;
    }
    assert_int_equal(kinds[VG_KIND_PERSON], 730);
    assert_int_equal(kinds[VG_KIND_ORGANIZATION], 273);
    assert_int_equal(no_primary, 0);
    assert_int_equal(roles[VG_NAME_PRIMARY], 1003);
    /* SOURCES.md counts 378 NAME_ORIGINAL_SCRIPT values; one of them (QDe.164,
     * in Latin script) repeats the primary name, which stays primary. */
    assert_int_equal(roles[VG_NAME_ORIGINAL], 377);
    /* regression pins of the alias rules (quality, splitting, dedup) */
    assert_int_equal(roles[VG_NAME_STRONG], 2215);
    assert_int_equal(roles[VG_NAME_WEAK], 628);
    assert_int_equal(split, 152);
    assert_int_equal(fka, 18);
    assert_int_equal(docs_with_number, 454);

    /* three dates of birth are not dates; each is warned about */
    assert_int_equal(vg_list_warning_count(l), 3);
    assert_int_equal(vg_list_warning_examples(l), 3);
    assert_non_null(strstr(vg_list_warning_example(l, 0),
                           "consolidated.xml:13391: LYi.022: unparseable date of birth "
                           "'30-35 years old'"));
    assert_non_null(strstr(vg_list_warning_example(l, 1), ":22634: QDi.291:"));
    assert_non_null(strstr(vg_list_warning_example(l, 2),
                           ":23633: QDi.306: unparseable date of birth "
                           "'Between Aug. and Sep. 1977'"));
    check_str(must_find(l, "un:LYi.022")->remarks,
              "Listed pursuant to paragraphs 15 and 17 of resolution 1970 (Travel Ban, Asset "
              "Freeze) DOB: 30-35 years old");
    assert_null(vg_list_find(l, "un:QDi.999"));
}

static void test_qdi_299(void **state)
{
    const vg_entity *e = must_find(*state, "un:QDi.299");
    assert_string_equal(e->native_id, "QDi.299");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(e->gender, VG_GENDER_UNKNOWN);
    static const want_name names[] = {
        {"IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI", VG_NAME_PRIMARY, VG_SCRIPT_LATIN, 0},
        {"إبراهيم عواد إبراهيم علي البدري السامرائي", VG_NAME_ORIGINAL, VG_SCRIPT_ARABIC, 0},
        {"Dr. Ibrahim ‘Awwad Ibrahim ’Ali al-Badri al-Samarrai’", VG_NAME_STRONG,
         VG_SCRIPT_LATIN, 0},
        {"أبو دعاء", VG_NAME_WEAK, VG_SCRIPT_ARABIC, 0},
        {"Dr. Ibrahim", VG_NAME_WEAK, VG_SCRIPT_LATIN, 0},
        {"أبو بكر البغدادي الحسيني القريشي", VG_NAME_WEAK, VG_SCRIPT_ARABIC, VG_NAMEF_SPLIT},
        {"Abu Bakr al-Baghdadi al-Husayni al-Quraishi", VG_NAME_WEAK, VG_SCRIPT_LATIN,
         VG_NAMEF_SPLIT},
        {"Abu Bakr al-Baghdadi", VG_NAME_WEAK, VG_SCRIPT_LATIN, VG_NAMEF_SPLIT},
    };
    check_names(e, names, sizeof names / sizeof *names);

    assert_int_equal(e->n_birth_dates, 1);
    check_date(&e->birth_dates[0], "1971", VG_DATE_YEAR);
    assert_int_equal(e->n_birth_places, 1);
    check_place(&e->birth_places[0], "Iraq", NULL, NULL, "Iraq", "IQ");
    assert_int_equal(e->n_nationalities, 1);
    check_country(&e->nationalities[0], "Iraq", "IQ");
    assert_int_equal(e->n_citizenships, 0);
    assert_int_equal(e->n_documents, 1);
    check_doc(&e->documents[0], "National Identification Number", "0134852", "0134852", NULL,
              NULL, "", "", "Ration card number");
    assert_int_equal(e->n_addresses, 2);
    check_address(&e->addresses[0], NULL, NULL, NULL, NULL, "Iraq", "IQ", NULL);
    check_address(&e->addresses[1], NULL, NULL, NULL, NULL, "Syrian Arab Republic", "SY", NULL);
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "Al-Qaida");
    assert_int_equal(e->n_titles, 1);
    assert_string_equal(e->titles[0], "Dr.");
    check_date(&e->listed_on, "2011-10-05", VG_DATE_EXACT);
    check_prefix(e->remarks, "Description: Height: 1.65 m. Weight: 85 kg.");
    /* the file's line wrapping and double spaces are gone */
    assert_non_null(strstr(e->remarks, "Killed in October 2019 during a counterterrorism "
                                       "operation. Review pursuant"));
    assert_null(strchr(e->remarks, '\n'));
    assert_int_equal(strlen(e->remarks), 892);
}

/* BETWEEN dates of birth, a NOTE kept in the remarks, six titles. */
static void test_between_dob(void **state)
{
    const vg_entity *e = must_find(*state, "un:TAi.002");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(e->gender, VG_GENDER_UNKNOWN);
    static const want_name names[] = {
        {"MOHAMMAD HASSAN AKHUND", VG_NAME_PRIMARY, VG_SCRIPT_LATIN, 0},
        {"محمد حسن آخوند", VG_NAME_ORIGINAL, VG_SCRIPT_ARABIC, 0},
    };
    check_names(e, names, sizeof names / sizeof *names);
    assert_int_equal(e->n_birth_dates, 2);
    check_date(&e->birth_dates[0], "1955..1958", VG_DATE_RANGE);
    assert_int_equal(e->birth_dates[0].year, 1955);
    assert_int_equal(e->birth_dates[0].year_to, 1958);
    check_date(&e->birth_dates[1], "1945..1950", VG_DATE_RANGE);
    assert_int_equal(e->n_birth_places, 1);
    check_place(&e->birth_places[0],
                "Pashmul village, Panjwai District, Kandahar Province, Afghanistan",
                "Pashmul village, Panjwai District", "Kandahar Province", "Afghanistan", "AF");
    assert_int_equal(e->n_nationalities, 1);
    check_country(&e->nationalities[0], "Afghanistan", "AF");
    assert_int_equal(e->n_documents, 0);
    assert_int_equal(e->n_addresses, 0);
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "Taliban");
    static const char *const titles[] = {
        "Mullah",
        "Haji",
        "First Deputy, Council of Ministers under the Taliban regime",
        "Foreign Minister under the Taliban regime",
        "Governor of Kandahar under the Taliban regime",
        "Political Advisor of Mullah Mohammed Omar",
    };
    assert_int_equal(e->n_titles, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(e->titles[i], titles[i]);
    check_date(&e->listed_on, "2001-01-25", VG_DATE_EXACT);
    check_str(e->remarks,
              "A close associate of Mullah Mohammed Omar (TAi.004). Member of Taliban Supreme "
              "Council as at Dec. 2009. Belongs to Kakar tribe. Review pursuant to Security "
              "Council resolution 1822 (2008) was concluded on 21 Jul. 2010. INTERPOL-UN "
              "Security Council Special Notice web "
              "link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals "
              "DOB 1955..1958 note: Approximately DOB 1945..1950 note: Approximately");
}

/* Four passports and a national ID, issue dates and an expiry in a note. */
static void test_passports(void **state)
{
    const vg_entity *e = must_find(*state, "un:QDi.380");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    static const want_name names[] = {
        {"ABD AL-LATIF BIN ABDALLAH SALIH MUHAMMAD AL-KAWARI", VG_NAME_PRIMARY, VG_SCRIPT_LATIN,
         0},
        {"عبداللطیف بن عبدلله صالح محمد الكواري", VG_NAME_ORIGINAL, VG_SCRIPT_ARABIC, 0},
        {"Abd-al-Latif Abdallah Salih al-Kawari", VG_NAME_STRONG, VG_SCRIPT_LATIN, 0},
        {"Abd-al-Latif Abdallah Salih al-Kuwari", VG_NAME_STRONG, VG_SCRIPT_LATIN, 0},
        {"Abd-al-Latif Abdallah al-Kawwari", VG_NAME_STRONG, VG_SCRIPT_LATIN, 0},
        {"Abd-al-Latif Abdallah al-Kawari", VG_NAME_STRONG, VG_SCRIPT_LATIN, 0},
        {"Abu Ali al-Kawari", VG_NAME_STRONG, VG_SCRIPT_LATIN, 0},
    };
    check_names(e, names, sizeof names / sizeof *names);
    assert_int_equal(e->n_birth_dates, 1);
    check_date(&e->birth_dates[0], "1973-09-28", VG_DATE_EXACT);
    assert_int_equal(e->n_birth_places, 0);
    assert_int_equal(e->n_nationalities, 1);
    check_country(&e->nationalities[0], "Qatar", "QA");
    assert_int_equal(e->n_documents, 5);
    check_doc(&e->documents[0], "Passport", "01020802", "01020802", "Qatar", "QA", "", "", NULL);
    check_doc(&e->documents[1], "Passport", "00754833", "00754833", "Qatar", "QA", "2007-05-20",
              "", NULL);
    check_doc(&e->documents[2], "Passport", "00490327", "00490327", "Qatar", "QA", "2001-07-28",
              "", NULL);
    check_doc(&e->documents[3], "Passport", "01538029", "01538029", "Qatar", "QA", "",
              "2025-03-14", "expires 14 Mar. 2025");
    check_doc(&e->documents[4], "National Identification Number", "27363400684", "27363400684",
              "Qatar", "QA", "", "", NULL);
    assert_int_equal(e->n_addresses, 1);
    check_address(&e->addresses[0], NULL, "Al Kharaitiyat", NULL, NULL, "Qatar", "QA", NULL);
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "Al-Qaida");
    assert_int_equal(e->n_titles, 0);
    check_date(&e->listed_on, "2015-09-21", VG_DATE_EXACT);
    check_str(e->remarks,
              "Qatar-based facilitator who provides financial services to, or in support of, "
              "Al-Qaida (QDe.004). Review pursuant to Security Council resolution 2253 (2015) "
              "was concluded on 21 Feb. 2019. Review pursuant to Security Council resolution "
              "2610 (2021) was concluded on 8 November 2022. INTERPOL-UN Security Council "
              "Special Notice web "
              "link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals");
}

/* An entity whose aliases pack lists of names in two scripts. */
static void test_entity_aliases(void **state)
{
    const vg_entity *e = must_find(*state, "un:QDe.137");
    assert_int_equal(e->kind, VG_KIND_ORGANIZATION);
    assert_int_equal(e->gender, VG_GENDER_UNKNOWN);
    const unsigned S = VG_NAMEF_SPLIT;
    const vg_name_role G = VG_NAME_STRONG;
    const vg_script L = VG_SCRIPT_LATIN, A = VG_SCRIPT_ARABIC;
    const want_name names[] = {
        {"AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT", VG_NAME_PRIMARY, L, 0},
        {"جبهة النصرة لأهل الشام", VG_NAME_ORIGINAL, A, 0},
        /* "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); ...)" */
        {"Hay’at Tahrir al-Sham (HTS)", G, L, S},
        {"هيئة تحرير الشام", G, A, S},
        {"Hay’at Tahrir al-Sham", G, L, S},
        {"Hay’et Tahrir al-Sham", G, L, S},
        {"Hayat Tahrir al-Sham", G, L, S},
        {"Assembly for the Liberation of Syria", G, L, S},
        {"Assembly for the Liberation of the Levant", G, L, S},
        {"Liberation of al-Sham Commission", G, L, S},
        {"Liberation of the Levant Organisation Tahrir al-Sham", G, L, S},
        {"Tahrir al-Sham Hay’at", G, L, S},
        {"جبهة النصرة", G, A, S},
        {"the Victory Front", G, L, S},
        {"Jabhat al-Nusrah", G, L, S},
        {"Jabhet al-Nusra", G, L, S},
        {"Al-Nusrah Front", G, L, S},
        {"Al-Nusra Front", G, L, S},
        {"جبهة فتح الشام", G, A, S},
        {"Jabhat Fath al Sham", G, L, S},
        {"Jabhat Fath al-Sham", G, L, S},
        {"Jabhat Fatah al-Sham", G, L, S},
        {"Jabhat Fateh Al-Sham", G, L, S},
        {"Fatah al-Sham Front", G, L, S},
        {"Fateh al-Sham Front", G, L, S},
        {"Conquest of the Levant Front", G, L, 0},
        {"The Front for the Liberation of al Sham", G, L, 0},
        {"Front for the Conquest of Syria/the Levant", G, L, 0},
        {"Front for the Liberation of the Levant", G, L, 0},
        {"Front for the Conquest of Syria", G, L, 0},
        /* "... (Ansar al-Mujahideen Network - sub-unit name)" */
        {"شبكة أنصار المجاهدين", G, A, S},
        {"Ansar al-Mujahideen Network", G, L, S},
        {"مجاهدو الشام في ساحات الجهاد", G, A, S},
        {"Levantine Mujahideen on the Battlefields of Jihad", G, L, S},
    };
    check_names(e, names, sizeof names / sizeof *names);
    assert_int_equal(e->n_birth_dates, 0);
    assert_int_equal(e->n_birth_places, 0);
    assert_int_equal(e->n_nationalities, 0);
    assert_int_equal(e->n_documents, 0);
    assert_int_equal(e->n_addresses, 2);
    check_address(&e->addresses[0], NULL, NULL, NULL, NULL, "Syrian Arab Republic", "SY",
                  "Operates in");
    check_address(&e->addresses[1], NULL, NULL, NULL, NULL, "Iraq", "IQ", "Support network");
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "Al-Qaida");
    assert_int_equal(e->n_titles, 0);
    check_date(&e->listed_on, "2014-05-14", VG_DATE_EXACT);
    check_prefix(e->remarks, "Associated with Al-Qaida (QDe.004). Brought Syrian");
    assert_null(strchr(e->remarks, '\n'));

    /* f.k.a. aliases */
    e = must_find(*state, "un:CDe.001");
    const want_name cde[] = {
        {"ADF", VG_NAME_PRIMARY, L, 0},
        {"Allied Democratic Forces", G, L, 0},
        {"Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", G, L,
         VG_NAMEF_FKA},
        {"ADF/NALU", G, L, VG_NAMEF_FKA},
        {"NALU", G, L, VG_NAMEF_FKA},
    };
    check_names(e, cde, sizeof cde / sizeof *cde);

    /* an original-script value equal to the primary name stays primary */
    e = must_find(*state, "un:QDe.164");
    const want_name qde164[] = {
        {"JAMAAH ANSHARUT DAULAH", VG_NAME_PRIMARY, L, 0},
        {"Jemaah Anshorut Daulah", G, L, 0},
        {"Jamaah Ansharut Daulat", G, L, 0},
    };
    check_names(e, qde164, sizeof qde164 / sizeof *qde164);

    /* two names packed in FIRST_NAME */
    e = must_find(*state, "un:CDe.003");
    const want_name cde3[] = {
        {"COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", VG_NAME_PRIMARY, L, S},
        {"GREAT LAKES BUSINESS COMPANY (GLBC)", G, L, S},
        {"CAGL", G, L, 0},
    };
    check_names(e, cde3, sizeof cde3 / sizeof *cde3);

    /* an enumeration "a) ... b) ..." inside an alias list */
    e = must_find(*state, "un:IRi.034");
    assert_int_equal(e->n_names, 6);
    assert_string_equal(e->names[2].full, "Mohammad Sabet");
    assert_string_equal(e->names[3].full, "M. Javad Kareemi Sabet");

    /* a Latin alias with its Han spelling in parentheses */
    e = must_find(*state, "un:KPi.035");
    const want_name kpi[] = {
        {"KIM CHOL SAM", VG_NAME_PRIMARY, L, 0},
        {"Jin Tiesan", G, L, S},
        {"金铁三", G, VG_SCRIPT_HAN, S},
    };
    check_names(e, kpi, sizeof kpi / sizeof *kpi);
}

/* ------------------------------------------------------------------------ */
/* Hand-made corner cases                                                   */
/* ------------------------------------------------------------------------ */

static void test_edge_cases(void **state)
{
    (void)state;
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(FIXTURE("edge_cases.xml"), VG_FORMAT_AUTO, NULL, &l, &err),
                     VG_OK);
    assert_string_equal(vg_list_version(l), "2026-01-02T03:04:05.678Z");
    assert_int_equal(vg_list_count(l), 2);
    assert_int_equal(vg_list_warning_count(l), 0);

    const vg_entity *e = must_find(l, "un:QDi.990");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(e->gender, VG_GENDER_FEMALE);
    const unsigned S = VG_NAMEF_SPLIT;
    const vg_script L = VG_SCRIPT_LATIN, A = VG_SCRIPT_ARABIC;
    const want_name names[] = {
        /* parts trimmed, wrapped text squashed; the equal Good alias merges */
        {"ABU BAKR AL-TEST AL-WRAPPED", VG_NAME_PRIMARY, L, 0},
        {"أبو بكر", VG_NAME_ORIGINAL, A, 0},
        {"Abu Bakr al-Test", VG_NAME_STRONG, L, S},
        {"Abou Bakr al-Test", VG_NAME_STRONG, L, S},
        {"أبو الاختبار", VG_NAME_WEAK, A, S},
        {"Abu al-Ikhtibar", VG_NAME_WEAK, L, S},
        {"Abu Ikhtibar", VG_NAME_WEAK, L, S},
        {"Amir Testov", VG_NAME_STRONG, L, S},
        {"Амир Тестов", VG_NAME_STRONG, VG_SCRIPT_CYRILLIC, S},
        /* a same-script parenthesis is part of the name */
        {"Testing Front (TF)", VG_NAME_STRONG, L, VG_NAMEF_FKA},
        /* empty QUALITY is strong; enclosing quotes dropped */
        {"TESTER, Sheikh", VG_NAME_STRONG, L, 0},
    };
    check_names(e, names, sizeof names / sizeof *names);
    assert_int_equal(e->n_birth_dates, 4);
    check_date(&e->birth_dates[0], "1969-02-05", VG_DATE_EXACT); /* given with an alias */
    check_date(&e->birth_dates[1], "1958-09", VG_DATE_YEAR_MONTH); /* YEAR + NOTE "Sep." */
    check_date(&e->birth_dates[2], "1973-11", VG_DATE_YEAR_MONTH); /* NOTE "Nov. 1973" */
    check_date(&e->birth_dates[3], "~1960", VG_DATE_APPROX);
    assert_int_equal(e->n_birth_places, 2);
    check_place(&e->birth_places[0], "Tripoli, Libya", "Tripoli", NULL, "Libya", "LY");
    check_place(&e->birth_places[1],
                "Manono Territory, Katanga Province (now Tanganyika Province)", NULL,
                "Katanga Province", NULL, NULL);
    assert_int_equal(e->n_documents, 1);
    check_doc(&e->documents[0], "Passport", "sa-0020 249", "SA0020249", "Tunisia", "TN",
              "2019-01-22", "2022-01-21",
              "Service passport; issued in Milan; country of issue Italy; expires on 21 "
              "January 2022");
    assert_int_equal(e->n_addresses, 0);
    check_date(&e->listed_on, "2015-03-27", VG_DATE_EXACT); /* "-04:00" suffix */
    check_str(e->remarks, "First line second line.");
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "Al-Qaida");

    e = must_find(l, "un:KPe.990");
    assert_int_equal(e->kind, VG_KIND_ORGANIZATION);
    const want_name enames[] = {
        {"TEST TRADING & CO. (TTC)", VG_NAME_PRIMARY, L, 0},
        {"Test Shipping (Hong Kong) Limited", VG_NAME_STRONG, L, 0},
        {"测试贸易公司", VG_NAME_STRONG, VG_SCRIPT_HAN, S},
        {"Ceshi Maoyi Gongsi", VG_NAME_STRONG, L, S},
    };
    check_names(e, enames, sizeof enames / sizeof *enames);
    assert_int_equal(e->n_addresses, 1);
    check_address(&e->addresses[0], "1 Test Street", "Pyongyang", NULL, "0001",
                  "Democratic People's Republic of Korea", "KP", "previous");
    assert_null(e->remarks);
    check_date(&e->listed_on, "2016-03-02", VG_DATE_EXACT);
    vg_list_free(l);
}

static void test_bad_dob_warns(void **state)
{
    (void)state;
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(FIXTURE("bad_dob.xml"), VG_FORMAT_UN_XML, NULL, &l, &err),
                     VG_OK);
    assert_int_equal(vg_list_count(l), 2);
    assert_int_equal(vg_list_warning_count(l), 1);
    assert_int_equal(vg_list_warning_examples(l), 1);
    assert_string_equal(vg_list_warning_example(l, 0),
                        FIXTURE("bad_dob.xml") ":9: QDi.901: unparseable date of birth "
                                               "'1970-13-45'");
    const vg_entity *e = must_find(l, "un:QDi.901");
    check_str(e->remarks, "DOB: 1970-13-45");
    assert_int_equal(e->n_birth_dates, 1);
    check_date(&e->birth_dates[0], "~1971", VG_DATE_APPROX);
    e = must_find(l, "un:QDi.902");
    assert_null(e->remarks);
    assert_int_equal(e->n_birth_dates, 1);
    check_date(&e->birth_dates[0], "1980-02-29", VG_DATE_EXACT);
    vg_list_free(l);
}

/* ------------------------------------------------------------------------ */
/* Bad input                                                                */
/* ------------------------------------------------------------------------ */

typedef struct bad_case {
    const char *file;
    vg_status code;
    long line;
    const char *msg; /* expected part of the message */
} bad_case;

static void test_bad_input(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"malformed.xml", VG_EPARSE, 6, "mismatched tag"},
        {"truncated.xml", VG_ETRUNC, 11, "document ended early inside <SECOND_NAME>"},
        {"bad_utf8.xml", VG_EUTF8, 6, "invalid UTF-8"},
        {"not_un.xml", VG_EFORMAT, 3, "root element is <export>"},
        {"no_reference.xml", VG_EPARSE, 11, "ENTITY record without REFERENCE_NUMBER"},
        {"empty_list.xml", VG_EEMPTY, 6, "no INDIVIDUAL or ENTITY records"},
        {"no_date.xml", VG_EFORMAT, 2, "no dateGenerated"},
        {"entity_decl.xml", VG_EFORMAT, 3, "entity declaration 'lol' not allowed"},
        {"external_entity.xml", VG_EFORMAT, 2, "external DTD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        char path[1024], want[1200], got[1200];
        snprintf(path, sizeof path, "%s/un/%s", VIGIL_TEST_DATA, c->file);
        vg_list *l = (vg_list *)&l; /* must be reset to NULL */
        vg_err err;
        vg_status rc = vg_list_load(path, VG_FORMAT_UN_XML, NULL, &l, &err);
        vg_err_format(&err, got, sizeof got);
        printf("# %s -> %s: %s\n", c->file, vg_status_name(rc), got);
        assert_string_equal(vg_status_name(rc), vg_status_name(c->code));
        assert_int_equal(err.code, c->code);
        assert_null(l);
        assert_int_equal(err.line, c->line);
        assert_string_equal(err.path, path);
        snprintf(want, sizeof want, "%s:%ld: ", path, c->line);
        assert_memory_equal(got, want, strlen(want));
        if (!strstr(got, c->msg))
            fail_msg("%s: message '%s' lacks '%s'", c->file, got, c->msg);
    }
}

/* Detection by content: a file with another root is refused, not loaded. */
static void test_auto_format(void **state)
{
    (void)state;
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(FIXTURE("not_un.xml"), VG_FORMAT_AUTO, NULL, &l, &err),
                     VG_EFORMAT);
    assert_null(l);
    assert_int_equal(vg_list_load(FIXTURE("small.xml"), VG_FORMAT_AUTO, NULL, &l, &err), VG_OK);
    assert_int_equal(vg_list_count(l), 3);
    vg_list_free(l);
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */
/* ------------------------------------------------------------------------ */

typedef struct fail_alloc {
    size_t calls;   /* allocations and growths so far */
    size_t fail_at; /* this one returns NULL (0: never) */
    long live;      /* blocks not yet freed */
    long long bytes; /* bytes not yet freed, by the sizes vigil reports */
} fail_alloc;

static void *fail_realloc(void *ud, void *p, size_t old, size_t n)
{
    fail_alloc *f = ud;
    if (n == 0) {
        if (p) {
            f->live--;
            f->bytes -= (long long)old;
            free(p);
        }
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (!q)
        return NULL;
    if (!p)
        f->live++;
    f->bytes += (long long)n - (long long)(p ? old : 0);
    return q;
}

/* Fails allocation 1, 2, 3 ... until a load runs without meeting the
 * failure. A failure some code tolerates (an unknown-country tally that
 * cannot grow) may still give a whole list; it is checked and the loop
 * goes on. */
static void oom_loop(const char *path, size_t want_count)
{
    size_t n, failed = 0, unset_err = 0;
    for (n = 1; n < 100000; n++) {
        fail_alloc f = {0, n, 0, 0};
        vg_allocator a = {fail_realloc, &f};
        vg_list *l = NULL;
        vg_err err;
        vg_status rc = vg_list_load(path, VG_FORMAT_UN_XML, &a, &l, &err);
        bool injected = f.calls >= n;
        if (rc == VG_OK) {
            assert_int_equal(vg_list_count(l), want_count);
            vg_list_free(l);
            assert_int_equal(f.live, 0);
            assert_int_equal(f.bytes, 0);
            if (!injected)
                break;
            continue;
        }
        failed++;
        if (rc != VG_ENOMEM)
            fail_msg("allocation %zu failed: got %s (%s)", n, vg_status_name(rc), err.msg);
        assert_null(l);
        if (err.code != VG_ENOMEM) {
            /* load.c returns a vg__list_finish() failure (the id table,
             * after the reader is done) without filling err */
            assert_int_equal(err.code, VG_OK);
            unset_err++;
        }
        if (f.live != 0 || f.bytes != 0)
            fail_msg("allocation %zu failed: %ld blocks / %lld bytes left", n, f.live, f.bytes);
    }
    printf("# %s: %zu of %zu failed allocations failed the load\n", path, failed, n - 1);
    assert_true(failed > 20);
    assert_true(unset_err <= 1);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    oom_loop(FIXTURE("small.xml"), 3);
    oom_loop(FIXTURE("edge_cases.xml"), 2);
}

/* Two loads at once, each with its own allocator: expat's blocks must go
 * back to the allocator of the load that made them. */
typedef struct thread_load {
    fail_alloc f;
    size_t loaded;
    vg_status rc;
} thread_load;

static void *load_loop(void *arg)
{
    thread_load *t = arg;
    vg_allocator a = {fail_realloc, &t->f};
    for (int i = 0; i < 20 && t->rc == VG_OK; i++) {
        vg_list *l = NULL;
        t->rc = vg_list_load(FIXTURE("edge_cases.xml"), VG_FORMAT_UN_XML, &a, &l, NULL);
        if (t->rc == VG_OK)
            t->loaded += vg_list_count(l);
        vg_list_free(l);
    }
    return NULL;
}

static void test_concurrent_loads(void **state)
{
    (void)state;
    thread_load t[2];
    pthread_t th[2];
    memset(t, 0, sizeof t);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, load_loop, &t[i]), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(t[i].rc, VG_OK);
        assert_int_equal(t[i].loaded, 40);
        assert_true(t[i].f.calls > 0);
        assert_int_equal(t[i].f.live, 0);
        assert_int_equal(t[i].f.bytes, 0);
    }
}

int main(void)
{
    const struct CMUnitTest bundled[] = {
        cmocka_unit_test(test_counts),      cmocka_unit_test(test_qdi_299),
        cmocka_unit_test(test_between_dob), cmocka_unit_test(test_passports),
        cmocka_unit_test(test_entity_aliases),
    };
    const struct CMUnitTest fixtures[] = {
        cmocka_unit_test(test_edge_cases),    cmocka_unit_test(test_bad_dob_warns),
        cmocka_unit_test(test_bad_input),     cmocka_unit_test(test_auto_format),
        cmocka_unit_test(test_alloc_failures), cmocka_unit_test(test_concurrent_loads),
    };
    int failed = cmocka_run_group_tests_name("un_xml bundled list", bundled, load_bundled,
                                             free_bundled);
    failed += cmocka_run_group_tests_name("un_xml fixtures", fixtures, NULL, NULL);
    return failed;
}
