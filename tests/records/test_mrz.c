/* SPDX-License-Identifier: Apache-2.0 */
/* MRZ reader: the shared samples parse to the values their README lists,
 * the ICAO specimens verify, a failed check digit leaves the record
 * unverified with the field named, and malformed blocks are reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rec_util.h"

#define SAMPLES VIGIL_TEST_DATA "/samples/mrz/"

typedef struct want {
    const char *file, *family, *given, *doc, *dob, *nat;
    vg_gender gender;
    const char *expiry; /* NULL: not pinned by the README */
} want;

static void test_valid_samples(void **state)
{
    (void)state;
    static const want w[] = {
        {"valid_01_td3_transliterated_de.txt", "MUELLER", "JUERGEN KLAUS", "C7T4NK2R9",
         "1985-03-14", "DE", VG_GENDER_MALE, "2033-05-12"},
        {"valid_02_td3_long_name_truncated.txt", "VAN DER BERGHE SANTOS", "MARIA ISABEL CON",
         "CP4471093", "1992-11-30", "PT", VG_GENDER_FEMALE, NULL},
        {"valid_03_td3_mononym_unknown_dob.txt", "ADEYEMIRA", "(null)", "K0005521", "1979-01",
         "", VG_GENDER_UNKNOWN, NULL},
        {"valid_04_td1_id_card.txt", "JANSSEN DE VRIES", "SOPHIE ANNA", "XR4T7K2P9",
         "1999-07-08", "NL", VG_GENDER_FEMALE, "2034-07-08"},
        {"valid_05_td1_long_docnum.txt", "AL RASHIDI", "KAREEM OMAR", "A12B34C56D78",
         "1968-02-29", "", VG_GENDER_MALE, NULL},
        {"valid_06_td2_id_card.txt", "NAKAMURA OKONJO", "HANA ZOE", "LK9001247", "2001-02-03",
         "", VG_GENDER_FEMALE, NULL},
    };
    vg_reader_opts o = test_opts();
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", SAMPLES, w[i].file);
        recs rs;
        assert_int_equal(recs_read_file(path, VG_RECORD_AUTO, &o, &rs), VG_OK);
        assert_int_equal(rs.n, 1);
        const vg_record *r = rs.r[0];
        assert_int_equal(r->format, VG_RECORD_MRZ);
        assert_int_equal(rs.st[0], VG_OK);
        assert_null(r->error);
        assert_true(r->verified);
        assert_null(r->failed_checks);
        assert_string_equal(nz(r->family), w[i].family);
        assert_string_equal(nz(r->given), w[i].given);
        assert_int_equal(r->n_docs, 1);
        assert_string_equal(r->docs[0].number, w[i].doc);
        assert_string_equal(DSTR(r->birth_date), w[i].dob);
        assert_string_equal(r->nationality, w[i].nat);
        assert_int_equal(r->gender, w[i].gender);
        if (w[i].expiry)
            assert_string_equal(DSTR(r->docs[0].expires), w[i].expiry);
        assert_int_equal(r->line, 1);
        recs_free(&rs);
    }
}

static void test_sample_details(void **state)
{
    (void)state;
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_file(SAMPLES "valid_01_td3_transliterated_de.txt", VG_RECORD_MRZ,
                                    &o, &rs),
                     VG_OK);
    assert_string_equal(rs.r[0]->nationality_text, "D");
    assert_string_equal(rs.r[0]->docs[0].country, "DE");
    assert_string_equal(rs.r[0]->name, "JUERGEN KLAUS MUELLER");
    assert_string_equal(rs.r[0]->docs[0].type, "P");
    recs_free(&rs);
    /* truncated name: flagged */
    assert_int_equal(recs_read_file(SAMPLES "valid_02_td3_long_name_truncated.txt",
                                    VG_RECORD_AUTO, &o, &rs),
                     VG_OK);
    assert_int_equal(rs.r[0]->n_warnings, 1);
    assert_string_equal(rs.r[0]->warnings[0], "name fills the field and may be truncated");
    recs_free(&rs);
    /* UTO is a specimen state: kept as text, no ISO code */
    assert_int_equal(recs_read_file(SAMPLES "valid_03_td3_mononym_unknown_dob.txt",
                                    VG_RECORD_AUTO, &o, &rs),
                     VG_OK);
    assert_string_equal(rs.r[0]->nationality_text, "UTO");
    assert_int_equal(rs.r[0]->birth_date.kind, VG_DATE_YEAR_MONTH);
    assert_string_equal(rs.r[0]->name, "ADEYEMIRA");
    recs_free(&rs);
}

static void test_bad_check_digit(void **state)
{
    (void)state;
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_file(SAMPLES "invalid_07_td3_bad_check_digit.txt",
                                    VG_RECORD_AUTO, &o, &rs),
                     VG_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.st[0], VG_OK); /* still screened ... */
    assert_false(rs.r[0]->verified);   /* ... but unverified */
    assert_string_equal(rs.r[0]->failed_checks, "document_number");
    assert_string_equal(rs.r[0]->warnings[0],
                        "check digit of document_number fails (is '9', computed 8)");
    assert_string_equal(rs.r[0]->family, "OSULLIVAN");
    recs_free(&rs);
}

static void test_rejected_samples(void **state)
{
    (void)state;
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_file(SAMPLES "invalid_08_td3_wrong_length.txt", VG_RECORD_AUTO,
                                    &o, &rs),
                     VG_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.st[0], VG_EPARSE);
    assert_string_equal(rs.r[0]->error, "line 2 has 43 characters, expected 44");
    assert_non_null(strstr(rs.err[0], "invalid_08_td3_wrong_length.txt:1: line 2 has 43"));
    recs_free(&rs);
    assert_int_equal(recs_read_file(SAMPLES "invalid_09_td3_bad_charset.txt", VG_RECORD_AUTO, &o,
                                    &rs),
                     VG_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.st[0], VG_EPARSE);
    assert_string_equal(rs.r[0]->error, "line 1 column 11: character '-' outside A-Z 0-9 <");
    recs_free(&rs);
}

/* ICAO specimens in one file, blank-line separated, with a broken block in
 * the middle: all others are read. */
static void test_specimens(void **state)
{
    (void)state;
    const char *in = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                     "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
                     "\n"
                     "I<UTOD23145890<7349<<<<<<<<<<<\n"
                     "3407127M9507122UTO<<<<<<<<<<<2\n"
                     "STEVENSON<<PETER<JOHN<<<<<<<<<\n"
                     "\n\n"
                     "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
                     "\n"
                     "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\r\n"
                     "D231458907UTO7408122F1204159<<<<<<<6\r\n"
                     "\n"
                     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                     "L898902C36UTO7408122F1204159ZE184226B<<<<<11\n"
                     "\n"
                     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                     "L898902C36UTO7413122F1204159ZE184226B<<<<<10\n";
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_mem(in, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 6);
    assert_true(rs.r[0]->verified);
    assert_string_equal(DSTR(rs.r[0]->birth_date), "1974-08-12");
    assert_string_equal(DSTR(rs.r[0]->docs[0].expires), "2012-04-15");
    assert_true(rs.r[1]->verified);
    assert_string_equal(rs.r[1]->docs[0].number, "D23145890734");
    assert_string_equal(DSTR(rs.r[1]->birth_date), "1934-07-12");
    assert_int_equal(rs.st[2], VG_EPARSE);
    assert_int_equal(rs.r[2]->line, 9);
    assert_string_equal(rs.r[2]->error, "an MRZ has 2 or 3 lines, this block has 1");
    assert_true(rs.r[3]->verified);
    assert_int_equal(rs.r[3]->line, 11);
    assert_false(rs.r[4]->verified);
    assert_string_equal(rs.r[4]->failed_checks, "composite");
    /* month 13: an error, the check digit failures are kept as warnings */
    assert_int_equal(rs.st[5], VG_EPARSE);
    assert_non_null(strstr(rs.r[5]->error, "birth date '741312' is not a valid date"));
    assert_int_equal(vg_mrz_check_digit("740812", 6), 2);
    assert_int_equal(vg_mrz_check_digit("L898902C3", 9), 6);
    recs_free(&rs);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *in = "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\n"
                     "STEVENSON<<PETER<JOHN<<<<<<<<<\n";
    vg_reader_opts o = test_opts();
    bool ok = false;
    for (long k = 1; k < 100 && !ok; k++) {
        fail_alloc fa = {0, k, 0};
        vg_allocator a = {fail_realloc, &fa};
        vg_reader *rd = NULL;
        vg_err e;
        vg_status st = vg_reader_open_mem(in, strlen(in), "m", VG_RECORD_AUTO, &o, &a, &rd, &e);
        if (st == VG_OK) {
            vg_record *rec;
            st = vg_reader_next(rd, &rec, &e);
            if (st == VG_OK) {
                assert_non_null(rec);
                assert_string_equal(rec->docs[0].number, "D23145890734");
                ok = true;
            } else {
                assert_int_equal(st, VG_ENOMEM);
                assert_null(rec);
            }
            vg_reader_free(rd);
        } else {
            assert_int_equal(st, VG_ENOMEM);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_samples),   cmocka_unit_test(test_sample_details),
        cmocka_unit_test(test_bad_check_digit), cmocka_unit_test(test_rejected_samples),
        cmocka_unit_test(test_specimens),       cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
