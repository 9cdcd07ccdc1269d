/* SPDX-License-Identifier: Apache-2.0 */
/* OFAC SDN legacy CSV reader: counts over the bundled list, full parses of
 * hard records, malformed fixtures (FILE:LINE errors), warnings, and an
 * allocation-failure loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "vigil/lists.h"

#define OFAC_DIR VIGIL_DATA "/lists/ofac"
#define FIX(c) VIGIL_TEST_DATA "/ofac/" c

static vg_list *bundled;

static int setup(void **state)
{
    (void)state;
    vg_err err;
    vg_status rc = vg_list_load(OFAC_DIR, VG_FORMAT_OFAC_CSV, NULL, &bundled, &err);
    if (rc) {
        char buf[600];
        fprintf(stderr, "load failed: %s\n", vg_err_format(&err, buf, sizeof buf));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vg_list_free(bundled);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static const vg_entity *get(const char *id)
{
    const vg_entity *e = vg_list_find(bundled, id);
    if (!e)
        fail_msg("%s not found", id);
    return e;
}

static const vg_name *name_of(const vg_entity *e, const char *full)
{
    for (size_t i = 0; i < e->n_names; i++)
        if (strcmp(e->names[i].full, full) == 0)
            return &e->names[i];
    fail_msg("%s has no name '%s'", e->id, full);
    return NULL;
}

static size_t count_role(const vg_entity *e, vg_name_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < e->n_names; i++)
        n += e->names[i].role == role;
    return n;
}

static const char *date_str(const vg_date *d)
{
    static char buf[64];
    return vg_date_format(d, buf, sizeof buf);
}

static void assert_opt_str(const char *got, const char *want)
{
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
}

/* Country text always; the code only once the country table knows it. */
static void assert_country(const vg_country *c, const char *text)
{
    assert_opt_str(c->text, text);
    char cc[3];
    if (text && vg_country_lookup(vg_str_c(text), cc))
        assert_string_equal(c->code, cc);
}

static void assert_doc(const vg_document *d, const char *type, const char *number,
                       const char *country, const char *issued, const char *expires)
{
    assert_string_equal(d->type, type);
    assert_opt_str(d->number, number);
    assert_country(&d->country, country);
    assert_string_equal(date_str(&d->issued), issued);
    assert_string_equal(date_str(&d->expires), expires);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ------------------------------------------------------------------------ */
/* The bundled list                                                         */
/* ------------------------------------------------------------------------ */

static void test_counts(void **state)
{
    (void)state;
    size_t kinds[VG_KIND__COUNT] = {0}, roles[VG_NAME_ROLE__COUNT] = {0};
    size_t fka = 0, nka = 0, dobs = 0, docs = 0;
    assert_int_equal(vg_list_count(bundled), 8976);
    for (size_t i = 0; i < vg_list_count(bundled); i++) {
        const vg_entity *e = vg_list_entity(bundled, i);
        assert_string_equal(e->source, "ofac");
        assert_true(strncmp(e->id, "ofac:", 5) == 0);
        assert_ptr_equal(e->native_id, e->id + 5);
        assert_string_equal(e->list_version, vg_list_version(bundled));
        assert_true(e->n_names >= 1);
        assert_int_equal(e->names[0].role, VG_NAME_PRIMARY);
        kinds[e->kind]++;
        for (size_t j = 0; j < e->n_names; j++) {
            roles[e->names[j].role]++;
            fka += (e->names[j].flags & VG_NAMEF_FKA) != 0;
            nka += (e->names[j].flags & VG_NAMEF_NKA) != 0;
        }
        dobs += e->n_birth_dates;
        docs += e->n_documents;
    }
    assert_int_equal(kinds[VG_KIND_PERSON], 4620);
    assert_int_equal(kinds[VG_KIND_ORGANIZATION], 3673);
    assert_int_equal(kinds[VG_KIND_VESSEL], 406);
    assert_int_equal(kinds[VG_KIND_AIRCRAFT], 277);
    assert_int_equal(kinds[VG_KIND_OTHER], 0);
    assert_int_equal(roles[VG_NAME_PRIMARY], 8976);
    /* alt.csv has 11,910 rows; the builder drops 6 as duplicates: 4 repeat
     * the primary name (ent_num 10594, 12609, 13369, 20125) and 2 repeat
     * another alias of the same record (8407, 16448). */
    assert_int_equal(roles[VG_NAME_STRONG], 11904);
    /* observed: a.k.a./f.k.a. quoted in Remarks */
    assert_int_equal(roles[VG_NAME_WEAK], 2442);
    assert_int_equal(roles[VG_NAME_ORIGINAL], 0);
    assert_int_equal(fka, 393); /* 369 alt.csv fka + 24 Remarks f.k.a. */
    assert_int_equal(nka, 18);
    assert_int_equal(dobs, 5124);
    assert_int_equal(docs, 7009);
    /* the only warnings: prose clauses starting with "Passport" */
    assert_int_equal(vg_list_warning_count(bundled), 4);
    assert_non_null(strstr(vg_list_warning_example(bundled, 0),
                           "sdn.csv:899: ofac:8116: unparseable Passport"));
}

static void hash_file(crypto_hash_sha256_state *st, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)n >> (8 * i));
    crypto_hash_sha256_update(st, len, 8);
    crypto_hash_sha256_update(st, buf, (size_t)n);
    free(buf);
}

static void test_version(void **state)
{
    (void)state;
    const char *v = vg_list_version(bundled);
    assert_int_equal(strlen(v), 64);
    for (const char *p = v; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    /* the documented recipe, computed independently */
    crypto_hash_sha256_state st;
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256_init(&st);
    hash_file(&st, OFAC_DIR "/sdn.csv");
    hash_file(&st, OFAC_DIR "/alt.csv");
    hash_file(&st, OFAC_DIR "/add.csv");
    hash_file(&st, OFAC_DIR "/sdn_comments.csv");
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(v, hex);
    /* stable across loads; the path to sdn.csv itself works too */
    vg_list *again = NULL;
    assert_int_equal(vg_list_load(OFAC_DIR "/sdn.csv", VG_FORMAT_AUTO, NULL, &again, NULL), VG_OK);
    assert_string_equal(vg_list_version(again), v);
    assert_int_equal(vg_list_count(again), 8976);
    const vg_entity *a = vg_list_find(again, "ofac:2686"), *b = get("ofac:2686");
    assert_memory_equal(a->content_hash, b->content_hash, 32);
    vg_list_free(again);
}

static void test_comments(void **state)
{
    (void)state;
    /* sdn.csv cut "... Linked To: PROMO RAI" and sdn_comments.csv goes on
     * "Z S.A.S.; ..." mid-word */
    const vg_entity *e = get("ofac:12300");
    assert_non_null(strstr(e->remarks, "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL"));
    assert_true(ends_with(e->remarks, "Linked To: R D I S.A."));
    /* the cut split an a.k.a.: 'snowsjo' + "hn'" */
    e = get("ofac:28263");
    assert_int_equal(name_of(e, "snowsjohn")->role, VG_NAME_WEAK);
    assert_true(ends_with(e->remarks, "a.k.a. 'snowsjohn'; Linked To: LAZARUS GROUP."));
    const char *tails[][2] = {{"ofac:28264", "Linked To: LAZARUS GROUP."},
                              {"ofac:29703", NULL},
                              {"ofac:30518", NULL}};
    for (size_t i = 0; i < 3; i++) {
        e = get(tails[i][0]);
        assert_non_null(e->remarks);
        assert_true(strlen(e->remarks) > 1000);
        if (tails[i][1])
            assert_true(ends_with(e->remarks, tails[i][1]));
    }
    e = get("ofac:30518");
    assert_true(ends_with(e->remarks, "Linked To: INTERNET RESEARCH AGENCY LLC."));
}

static void test_nasrallah(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:2686");
    assert_string_equal(e->native_id, "2686");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(e->gender, VG_GENDER_MALE);
    assert_int_equal(e->n_names, 2);
    assert_string_equal(e->names[0].full, "NASRALLAH, Hasan");
    assert_string_equal(e->names[0].family, "NASRALLAH");
    assert_string_equal(e->names[0].given, "Hasan");
    assert_int_equal(e->names[0].script, VG_SCRIPT_LATIN);
    const vg_name *n = name_of(e, "NASRALLAH, Hasan Abd-al-Karim");
    assert_int_equal(n->role, VG_NAME_STRONG);
    assert_int_equal(n->flags, 0);
    assert_string_equal(n->given, "Hasan Abd-al-Karim");
    assert_int_equal(e->n_birth_dates, 4);
    assert_string_equal(date_str(&e->birth_dates[0]), "1960-08-31");
    assert_string_equal(date_str(&e->birth_dates[1]), "1953-08-31");
    assert_string_equal(date_str(&e->birth_dates[2]), "1955-08-31");
    assert_string_equal(date_str(&e->birth_dates[3]), "1958-08-31");
    assert_int_equal(e->birth_dates[0].kind, VG_DATE_EXACT);
    assert_int_equal(e->n_birth_places, 1);
    assert_string_equal(e->birth_places[0].text, "Al Basuriyah, Lebanon");
    assert_string_equal(e->birth_places[0].city, "Al Basuriyah");
    assert_null(e->birth_places[0].region);
    assert_country(&e->birth_places[0].country, "Lebanon");
    assert_int_equal(e->n_documents, 1);
    assert_doc(&e->documents[0], "Passport", "042833", "Lebanon", "", "");
    assert_string_equal(e->documents[0].number_norm, "042833");
    assert_int_equal(e->n_programs, 2);
    assert_string_equal(e->programs[0], "SDGT");
    assert_string_equal(e->programs[1], "SYRIA");
    assert_int_equal(e->n_titles, 1);
    assert_string_equal(e->titles[0], "Secretary General of Hizballah");
    assert_int_equal(e->n_nationalities, 0);
    assert_int_equal(e->n_addresses, 1);
    assert_null(e->addresses[0].street);
    assert_country(&e->addresses[0].country, "Lebanon");
    /* the whole Remarks text is kept */
    assert_true(strncmp(e->remarks, "DOB 31 Aug 1960; alt. DOB 31 Aug 1953;", 38) == 0);
    assert_true(ends_with(e->remarks, "Linked To: HIZBALLAH."));
}

static void test_zawahiri(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:2676");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(e->gender, VG_GENDER_UNKNOWN);
    /* full as published; the title stays in the given names */
    assert_string_equal(e->names[0].full, "AL ZAWAHIRI, Dr. Ayman");
    assert_string_equal(e->names[0].family, "AL ZAWAHIRI");
    assert_string_equal(e->names[0].given, "Dr. Ayman");
    assert_int_equal(e->n_names, 4);
    assert_int_equal(count_role(e, VG_NAME_STRONG), 3);
    assert_string_equal(name_of(e, "SALIM, Ahmad Fuad")->family, "SALIM");
    assert_string_equal(name_of(e, "AL-ZAWAHIRI, Aiman Muhammad Rabi")->given,
                        "Aiman Muhammad Rabi");
    assert_int_equal(e->n_birth_dates, 1);
    assert_string_equal(date_str(&e->birth_dates[0]), "1951-06-19");
    assert_int_equal(e->n_birth_places, 1);
    assert_string_equal(e->birth_places[0].text, "Giza, Egypt");
    assert_string_equal(e->birth_places[0].city, "Giza");
    assert_country(&e->birth_places[0].country, "Egypt");
    assert_int_equal(e->n_documents, 2);
    assert_doc(&e->documents[0], "Passport", "1084010", "Egypt", "", "");
    assert_doc(&e->documents[1], "Passport", "19820215", NULL, "", "");
    assert_string_equal(e->documents[1].country.code, "");
    assert_int_equal(e->n_programs, 1);
    assert_string_equal(e->programs[0], "SDGT");
    assert_string_equal(e->titles[0], "Operational and Military Leader of JIHAD GROUP");
    /* an all-empty add.csv row is no address */
    assert_int_equal(e->n_addresses, 0);
}

/* Weak a.k.a.s, several document types, nationality and citizenship, two
 * DOBs and two POBs. */
static void test_flores_cacho(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:12184");
    assert_int_equal(e->kind, VG_KIND_PERSON);
    assert_int_equal(count_role(e, VG_NAME_STRONG), 3);
    assert_int_equal(count_role(e, VG_NAME_WEAK), 2);
    const vg_name *w = name_of(e, "GUILLERMO LABASTIDA");
    assert_int_equal(w->role, VG_NAME_WEAK);
    assert_null(w->given);
    assert_null(w->family);
    assert_int_equal(name_of(e, "ALEJANDRO LABASTIDA")->role, VG_NAME_WEAK);
    assert_int_equal(e->n_birth_dates, 2);
    assert_string_equal(date_str(&e->birth_dates[0]), "1963-03-26");
    assert_string_equal(date_str(&e->birth_dates[1]), "1964-03-26");
    assert_int_equal(e->n_birth_places, 2);
    assert_string_equal(e->birth_places[0].city, "Mexico City");
    assert_string_equal(e->birth_places[0].region, "Distrito Federal");
    assert_country(&e->birth_places[0].country, "Mexico");
    assert_string_equal(e->birth_places[1].text, "Guadalajara, Jalisco, Mexico");
    assert_int_equal(e->n_nationalities, 1);
    assert_country(&e->nationalities[0], "Mexico");
    assert_int_equal(e->n_citizenships, 1);
    assert_country(&e->citizenships[0], "Mexico");
    assert_int_equal(e->n_documents, 8);
    assert_doc(&e->documents[0], "Passport", "01350202554", "Mexico", "", "");
    assert_doc(&e->documents[1], "R.F.C.", "FOCA-630326", "Mexico", "", "");
    assert_string_equal(e->documents[1].number_norm, "FOCA630326");
    assert_doc(&e->documents[4], "R.F.C.", "FOCA-640326", "Mexico", "", "");
    assert_doc(&e->documents[5], "C.U.R.P.", "FOCA630326HMCLCL05", "Mexico", "", "");
    assert_doc(&e->documents[6], "Electoral Registry No.", "FLCCAL64032609H300", "Mexico", "",
               "");
    assert_doc(&e->documents[7], "C.U.I.P.", "FOCA640326H14506669", "Mexico", "", "");
    assert_int_equal(e->n_addresses, 12);
    assert_string_equal(e->addresses[1].street, "Carretera Acapulco, KM 8.5, Pie de la Cuesta");
    assert_string_equal(e->addresses[1].city, "Acapulco, Guerrero");
    assert_country(&e->addresses[1].country, "Mexico");
    assert_string_equal(e->programs[0], "SDNTK");
}

/* Weak a.k.a.s with apostrophes, a passport with issue and expiry dates,
 * year-only DOBs. */
static void test_bahaziq(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:10692");
    assert_int_equal(count_role(e, VG_NAME_WEAK), 3);
    assert_int_equal(name_of(e, "ABU 'ABD AL-'AZIZ")->role, VG_NAME_WEAK);
    assert_int_equal(name_of(e, "SHAYKH SAHIB")->role, VG_NAME_WEAK);
    assert_int_equal(e->n_birth_dates, 4);
    assert_string_equal(date_str(&e->birth_dates[1]), "1943");
    assert_int_equal(e->birth_dates[1].kind, VG_DATE_YEAR);
    assert_int_equal(e->n_documents, 3);
    assert_doc(&e->documents[0], "Passport", "C284181", "Saudi Arabia", "2000-08-12",
               "2005-06-19");
    assert_doc(&e->documents[1], "National ID No.", "1004860324", "Saudi Arabia", "", "");
    assert_doc(&e->documents[2], "Registration ID", "4-6032-0048-1", "Saudi Arabia", "", "");
    assert_country(&e->nationalities[0], "Saudi Arabia");
    assert_country(&e->citizenships[0], "Saudi Arabia");
    /* a single-part POB that is not (yet) a known country stays text */
    assert_string_equal(e->birth_places[0].text, "India");
}

/* A parenthesised aside repeats facts in prose ("Alt. DOB: 10 October
 * 1969; ... Passport No.: 0310857, Eritrea ..."): its ';' do not split
 * clauses and it is not mined twice. */
static void test_robow_aside(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:11313");
    assert_int_equal(e->n_birth_dates, 2);
    assert_string_equal(date_str(&e->birth_dates[0]), "1969");
    assert_string_equal(date_str(&e->birth_dates[1]), "1969-10-10");
    assert_int_equal(e->n_birth_places, 2);
    assert_int_equal(e->n_documents, 2);
    assert_doc(&e->documents[0], "Passport", "0310857", "Eritrea", "2006-08-21", "2008-08-20");
    assert_doc(&e->documents[1], "National ID No.", "1372584", "Kenya", "", "");
    assert_int_equal(e->n_nationalities, 1);
    assert_int_equal(count_role(e, VG_NAME_WEAK), 2);
    assert_int_equal(name_of(e, "ABU MANSOUR")->role, VG_NAME_WEAK);
    assert_non_null(strstr(e->remarks, "(Following data derived from an Eritrean passport"));
}

static void test_dates_and_oddities(void **state)
{
    (void)state;
    /* "DOB circa 1957" */
    const vg_entity *e = get("ofac:11177");
    assert_int_equal(e->birth_dates[0].kind, VG_DATE_APPROX);
    assert_string_equal(date_str(&e->birth_dates[0]), "~1957");
    /* "a.k.a. 'ABU-AL-KARKH', 'Yusuf'" is two names */
    assert_int_equal(name_of(e, "ABU-AL-KARKH")->role, VG_NAME_WEAK);
    assert_int_equal(name_of(e, "Yusuf")->role, VG_NAME_WEAK);
    /* a weak "LAST, First" of an individual is split too */
    assert_string_equal(name_of(e, "YUSEF, Hajj")->family, "YUSEF");
    /* a prose "Passport ..." clause: warned, no document, still in remarks */
    e = get("ofac:8116");
    assert_int_equal(e->n_documents, 1);
    assert_doc(&e->documents[0], "Passport", "3943074", "Bosnia and Herzegovina", "2002-09-27", "");
    assert_non_null(strstr(e->remarks, "Passport issued in Sarajevo"));
    /* an unparseable issue date is kept as the document note */
    e = get("ofac:12562");
    bool seen = false;
    for (size_t i = 0; i < e->n_documents; i++) {
        if (e->documents[i].note && strcmp(e->documents[i].number, "4117921") == 0) {
            assert_string_equal(e->documents[i].note,
                                "issued under the name Dilawar Khan Zain Khan");
            seen = true;
        }
    }
    assert_true(seen);
}

static void test_vessel_aircraft(void **state)
{
    (void)state;
    const vg_entity *e = get("ofac:4243");
    assert_int_equal(e->kind, VG_KIND_VESSEL);
    assert_string_equal(e->names[0].full, "SAND SWAN");
    assert_null(e->names[0].given);
    const vg_name *f = name_of(e, "ANA I");
    assert_int_equal(f->role, VG_NAME_WEAK);
    assert_int_equal(f->flags, VG_NAMEF_FKA);
    /* the flag is the vessel's nationality, and all vessel columns are in
     * the remarks */
    assert_int_equal(e->n_nationalities, 1);
    assert_country(&e->nationalities[0], "Cyprus");
    assert_string_equal(e->remarks, "f.k.a. 'ANA I'. Call sign: P3QG3; Vessel type: General "
                                    "Cargo; Tonnage: 2595; GRT: 1116; Flag: Cyprus; Owner: Sand "
                                    "& Swan Navigation Co. Ltd.");
    e = get("ofac:27197");
    assert_int_equal(e->kind, VG_KIND_AIRCRAFT);
    assert_int_equal(name_of(e, "M-VITO")->flags, VG_NAMEF_FKA);
    assert_int_equal(name_of(e, "M-VITO")->role, VG_NAME_STRONG);
    assert_int_equal(e->n_programs, 3);
    assert_string_equal(e->programs[2], "ELECTION-EO13848");
    assert_country(&e->nationalities[0], "Russia"); /* Nationality of Registration */
    assert_int_equal(e->n_documents, 2);
    assert_doc(&e->documents[0], "Aircraft Mode S Transponder Code", "140AE7", NULL, "", "");
    /* a vessel with an IMO number */
    e = get("ofac:15036");
    assert_int_equal(e->kind, VG_KIND_VESSEL);
    bool imo = false;
    for (size_t i = 0; i < e->n_documents; i++)
        imo |= strcmp(e->documents[i].type, "Vessel Registration Identification") == 0 &&
               strncmp(e->documents[i].number, "IMO ", 4) == 0;
    assert_true(imo);
}

/* ------------------------------------------------------------------------ */
/* Small fixture: CSV corner cases                                          */
/* ------------------------------------------------------------------------ */

static void test_small_fixture(void **state)
{
    (void)state;
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(FIX("small"), VG_FORMAT_AUTO, NULL, &l, &err), VG_OK);
    assert_int_equal(vg_list_count(l), 6);
    assert_int_equal(vg_list_warning_count(l), 0);
    /* "" escapes, a quoted field over two lines, LF-only add.csv */
    const vg_entity *e = vg_list_find(l, "ofac:90001");
    assert_non_null(e);
    assert_string_equal(e->names[0].full, "O\"BRIEN, Sean \"The Fox\"");
    assert_string_equal(e->names[0].family, "O\"BRIEN");
    assert_int_equal(e->gender, VG_GENDER_MALE);
    assert_int_equal(e->n_birth_dates, 1);
    assert_int_equal(e->birth_dates[0].kind, VG_DATE_RANGE);
    assert_string_equal(date_str(&e->birth_dates[0]), "1955..1960");
    assert_string_equal(e->birth_places[0].city, "Belfast");
    assert_country(&e->birth_places[0].country, "United Kingdom");
    assert_int_equal(name_of(e, "FOX")->role, VG_NAME_WEAK);
    const vg_name *f = name_of(e, "SEAN O''B");
    assert_int_equal(f->role, VG_NAME_WEAK);
    assert_int_equal(f->flags, VG_NAMEF_FKA);
    assert_int_equal(name_of(e, "OBRIEN, Sean")->role, VG_NAME_STRONG);
    assert_int_equal(e->n_documents, 1);
    assert_doc(&e->documents[0], "National ID No.", "X12", "Ireland", "2001-01-01", "2011-01-01");
    assert_true(ends_with(e->remarks, "Linked To: EXAMPLE TRADING CO."));
    e = vg_list_find(l, "ofac:90002");
    assert_int_equal(e->kind, VG_KIND_ORGANIZATION);
    assert_int_equal(e->n_programs, 2);
    assert_string_equal(e->programs[0], "IRAN");
    assert_string_equal(e->programs[1], "SDGT");
    assert_string_equal(e->remarks, "renamed 2020"); /* alt_remarks */
    assert_int_equal(name_of(e, "EXAMPLE TRADERS")->flags, VG_NAMEF_FKA);
    assert_int_equal(name_of(e, "EXAMPLE HOLDING")->flags, VG_NAMEF_NKA);
    assert_int_equal(e->n_addresses, 1);
    assert_string_equal(e->addresses[0].street, "1 Main St");
    assert_string_equal(e->addresses[0].city, "Tehran");
    assert_string_equal(e->addresses[0].note, "registered office");
    assert_country(&e->addresses[0].country, "Iran");
    vg_list_free(l);
}

/* ------------------------------------------------------------------------ */
/* Malformed input                                                          */
/* ------------------------------------------------------------------------ */

static void expect_error(const char *dir, vg_status code, const char *file_line, const char *msg)
{
    vg_list *l = (vg_list *)(uintptr_t)1;
    vg_err err;
    char buf[1024], want[600];
    vg_status rc = vg_list_load(dir, VG_FORMAT_OFAC_CSV, NULL, &l, &err);
    vg_err_format(&err, buf, sizeof buf);
    if (rc != code)
        fail_msg("%s: got %s (%s), want %s", dir, vg_status_name(rc), buf, vg_status_name(code));
    assert_null(l);
    assert_int_equal(err.code, code);
    snprintf(want, sizeof want, "%s/%s: %s", dir, file_line, msg);
    assert_string_equal(buf, want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error(FIX("bad_columns"), VG_EPARSE, "sdn.csv:3", "expected 12 columns, found 11");
    expect_error(FIX("multiline_columns"), VG_EPARSE, "sdn.csv:3",
                 "expected 12 columns, found 13");
    expect_error(FIX("truncated"), VG_ETRUNC, "sdn.csv:3",
                 "unterminated quoted field (truncated file?)");
    expect_error(FIX("bad_ent"), VG_EPARSE, "sdn.csv:2", "ent_num '30x6' is not a positive integer");
    expect_error(FIX("bad_utf8"), VG_EUTF8, "sdn.csv:2", "invalid UTF-8 at byte offset 109");
    expect_error(FIX("alt_columns"), VG_EPARSE, "alt.csv:2", "expected 5 columns, found 4");
    expect_error(FIX("duplicate"), VG_EPARSE, "sdn.csv:3", "duplicate ent_num 36 (first on line 1)");
}

static void test_warnings(void **state)
{
    (void)state;
    vg_list *l = NULL;
    vg_err err;
    assert_int_equal(vg_list_load(FIX("warnings"), VG_FORMAT_OFAC_CSV, NULL, &l, &err), VG_OK);
    assert_int_equal(vg_list_count(l), 2);
    const vg_entity *e = vg_list_find(l, "ofac:7001");
    assert_non_null(e);
    /* the good DOB is kept, the bad one stays in the remarks only */
    assert_int_equal(e->n_birth_dates, 1);
    assert_string_equal(date_str(&e->birth_dates[0]), "1970-03-12");
    assert_true(strncmp(e->remarks, "DOB 32 Foo 19x5;", 16) == 0);
    assert_int_equal(e->n_documents, 1);
    assert_doc(&e->documents[0], "Passport", "ZZ99", "Spain", "", "");
    assert_string_equal(e->documents[0].note, "expires sometime");
    assert_int_equal(name_of(e, "DOE, Johnny")->role, VG_NAME_STRONG);
    assert_int_equal(vg_list_warning_count(l), 3);
    assert_int_equal(vg_list_warning_examples(l), 3);
    const char *w0 = vg_list_warning_example(l, 0);
    const char *w1 = vg_list_warning_example(l, 1);
    const char *w2 = vg_list_warning_example(l, 2);
    assert_non_null(strstr(w0, "sdn.csv:2: ofac:7001: unparseable DOB 'DOB 32 Foo 19x5'"));
    assert_non_null(strstr(w1, "sdn.csv:2: ofac:7001: unparseable expiry date "
                               "'Passport ZZ99 (Spain) expires sometime.'"));
    assert_non_null(strstr(w2, "alt.csv:2: ent_num 4242 is not in sdn.csv"));
    vg_list_free(l);
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */
/* ------------------------------------------------------------------------ */

typedef struct failing {
    long calls, fail_at; /* fail the fail_at-th allocation (1-based) */
    long long live;      /* bytes outstanding */
} failing;

static void *failing_realloc(void *ud, void *p, size_t old, size_t n)
{
    failing *f = ud;
    if (n == 0) {
        if (p)
            f->live -= (long long)old;
        free(p);
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q)
        f->live += (long long)n - (long long)(p ? old : 0);
    return q;
}

static void test_oom(void **state)
{
    (void)state;
    long n;
    for (n = 1; n < 100000; n++) {
        failing f = {0, n, 0};
        vg_allocator a = {failing_realloc, &f};
        vg_list *l = (vg_list *)(uintptr_t)1;
        vg_err err;
        vg_status rc = vg_list_load(FIX("small"), VG_FORMAT_OFAC_CSV, &a, &l, &err);
        if (rc == VG_OK) {
            assert_int_equal(vg_list_count(l), 6);
            vg_list_free(l);
            assert_int_equal(f.live, 0);
            break;
        }
        if (rc != VG_ENOMEM)
            fail_msg("allocation %ld: got %s, want VG_ENOMEM", n, vg_status_name(rc));
        assert_null(l);
        if (f.live != 0)
            fail_msg("allocation %ld: %lld bytes leaked", n, f.live);
    }
    assert_true(n > 20); /* the loop really went through the reader */
    print_message("oom: load succeeded once %ld allocations were allowed\n", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_nasrallah),
        cmocka_unit_test(test_zawahiri),
        cmocka_unit_test(test_flores_cacho),
        cmocka_unit_test(test_bahaziq),
        cmocka_unit_test(test_robow_aside),
        cmocka_unit_test(test_dates_and_oddities),
        cmocka_unit_test(test_vessel_aircraft),
        cmocka_unit_test(test_small_fixture),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
