/* SPDX-License-Identifier: Apache-2.0 */
/* PAXLST reader: the shared samples parse to exactly the values their
 * README lists; bad input (truncation, dangling release, 31 February, wrong
 * counts, segments outside messages) is reported and no person is dropped;
 * an allocation-failure loop ends cleanly at every failure point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rec_util.h"

#define SAMPLES VIGIL_TEST_DATA "/samples/paxlst/"

typedef struct want_doc {
    const char *type, *number, *expiry, *country;
} want_doc;

typedef struct want_person {
    const char *family, *given;
    vg_gender gender;
    const char *dob, *nat;
    want_doc docs[2];
    const char *pnr, *seat, *embark, *debark;
    vg_record_role role;
    const char *message;
} want_person;

static void check_person(const vg_record *r, const want_person *w)
{
    assert_string_equal(nz(r->family), w->family);
    assert_string_equal(nz(r->given), w->given);
    assert_int_equal(r->gender, w->gender);
    assert_string_equal(DSTR(r->birth_date), w->dob);
    assert_string_equal(nz(r->nationality_text), w->nat);
    size_t nd = w->docs[1].number ? 2 : 1;
    assert_int_equal(r->n_docs, nd);
    for (size_t i = 0; i < nd; i++) {
        assert_string_equal(nz(r->docs[i].type), w->docs[i].type);
        assert_string_equal(nz(r->docs[i].number), w->docs[i].number);
        assert_string_equal(DSTR(r->docs[i].expires), w->docs[i].expiry);
        assert_string_equal(nz(r->docs[i].country_text), w->docs[i].country);
    }
    assert_string_equal(nz(r->booking_ref), w->pnr);
    assert_string_equal(nz(r->seat), w->seat);
    assert_string_equal(nz(r->embark), w->embark);
    assert_string_equal(nz(r->debark), w->debark);
    assert_int_equal(r->role, w->role);
    assert_string_equal(nz(r->message), w->message);
    assert_true(r->verified);
    assert_null(r->error);
}

static void test_sample1(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o;
    memset(&o, 0, sizeof o); /* the interchange date is the reference */
    assert_int_equal(recs_read_file(SAMPLES "sample1_passengers_default_delims.edi",
                                    VG_RECORD_AUTO, &o, &rs),
                     VG_OK);
    assert_int_equal(rs.n, 3);
    static const want_person w[3] = {
        {"NOVAK", "MARTA ELENA", VG_GENDER_FEMALE, "1988-04-17", "HRV",
         {{"P", "P4817263", "2031-09-09", "HRV"}, {"V", "VX2281937", "2027-01-01", "CAN"}},
         "QW7T2L", "14C", "LIS", "YUL", VG_ROLE_PASSENGER, "PAX4271A"},
        {"D'ALMEIDA", "JOAO PEDRO", VG_GENDER_MALE, "1975-11-02", "PRT",
         {{"P", "RX0098471", "2029-03-30", "PRT"}, {NULL, NULL, NULL, NULL}},
         "QW7T2L", "14D", "LIS", "YUL", VG_ROLE_PASSENGER, "PAX4271A"},
        {"OKONKWO-BELL", "GRACE", VG_GENDER_FEMALE, "2001-01-30", "GBR",
         {{"P", "559812734", "2033-07-18", "GBR"}, {NULL, NULL, NULL, NULL}},
         "HT55PZ", "22A", "LIS", "YUL", VG_ROLE_PASSENGER, "PAX4271A"},
    };
    for (size_t i = 0; i < 3; i++) {
        check_person(rs.r[i], &w[i]);
        assert_int_equal(rs.st[i], VG_OK);
        assert_int_equal(rs.r[i]->record_no, i + 1);
        assert_int_equal(rs.r[i]->index_in_message, i + 1);
        assert_string_equal(rs.r[i]->interchange, "IC0004271");
        assert_int_equal(rs.r[i]->n_warnings, 0);
        assert_int_equal(rs.r[i]->n_legs, 1);
        const vg_record_leg *l = &rs.r[i]->legs[0];
        assert_string_equal(l->carrier, "ZZ");
        assert_string_equal(l->flight, "ZZ4271");
        assert_string_equal(l->from, "LIS");
        assert_string_equal(l->to, "YUL");
        assert_string_equal(l->departs, "2026-03-14T10:40");
        assert_string_equal(l->arrives, "2026-03-14T13:25");
    }
    assert_string_equal(rs.r[0]->nationality, "HR");
    assert_string_equal(rs.r[0]->residence, "HRV");
    assert_string_equal(rs.r[0]->docs[1].country, "CA");
    assert_string_equal(rs.r[1]->name, "JOAO PEDRO D'ALMEIDA");
    assert_string_equal(rs.r[2]->nationality, "GB");
    assert_int_equal(rs.r[0]->line, 13);
    assert_int_equal(rs.r[0]->segment, 10);
    assert_int_equal(rs.n_warn, 0);
    recs_free(&rs);
}

static void test_sample2(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    assert_int_equal(recs_read_file(SAMPLES "sample2_pax_and_crew_custom_delims.edi",
                                    VG_RECORD_AUTO, &o, &rs),
                     VG_OK);
    assert_int_equal(rs.n, 4);
    static const want_person w[4] = {
        {"EL AMRANI", "YOUSSEF KARIM", VG_GENDER_MALE, "1990-06-05", "MAR",
         {{"P", "UV7731205", "2030-04-12", "MAR"}, {NULL, NULL, NULL, NULL}},
         "LM8K2Q", "07F", "CMN", "CPH", VG_ROLE_PASSENGER, "P0815"},
        {"HANSEN", "INGRID", VG_GENDER_FEMALE, "1964-02-28", "DNK",
         {{"P", "209918273", "2028-10-01", "DNK"}, {NULL, NULL, NULL, NULL}},
         "PP0T6V", "11A", "BCN", "CPH", VG_ROLE_PASSENGER, "P0815"},
        {"FERRER", "LUCIA", VG_GENDER_FEMALE, "1986-09-19", "ESP",
         {{"P", "PAA114477", "2032-01-01", "ESP"}, {NULL, NULL, NULL, NULL}},
         "(null)", "(null)", "CMN", "CPH", VG_ROLE_CREW, "C0815"},
        {"LARSEN", "MADS OLE", VG_GENDER_MALE, "1979-12-07", "DNK",
         {{"P", "210044381", "2029-06-15", "DNK"}, {NULL, NULL, NULL, NULL}},
         "(null)", "(null)", "CMN", "CPH", VG_ROLE_CREW, "C0815"},
    };
    for (size_t i = 0; i < 4; i++) {
        check_person(rs.r[i], &w[i]);
        assert_int_equal(rs.r[i]->n_warnings, 0);
        assert_int_equal(rs.r[i]->n_legs, 2);
        const vg_record_leg *l = rs.r[i]->legs;
        assert_string_equal(l[0].flight, "ZZ0815");
        assert_string_equal(l[0].from, "CMN");
        assert_string_equal(l[0].to, "BCN");
        assert_string_equal(l[0].departs, "2026-04-02T09:05");
        assert_string_equal(l[0].arrives, "2026-04-02T11:15");
        assert_string_equal(l[1].flight, "ZZ0816");
        assert_string_equal(l[1].from, "BCN");
        assert_string_equal(l[1].to, "CPH");
        assert_string_equal(l[1].departs, "2026-04-02T12:40");
        assert_string_equal(l[1].arrives, "2026-04-02T16:00");
    }
    assert_string_equal(rs.r[2]->id, "C0815/1");
    assert_int_equal(rs.r[3]->record_no, 4);
    assert_int_equal(rs.n_warn, 0);
    recs_free(&rs);
}

static void test_sample3_truncated(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    assert_int_equal(
        recs_read_file(SAMPLES "sample3_malformed_truncated.edi", VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 2); /* both persons are reported */
    assert_int_equal(rs.st[0], VG_EPARSE);
    assert_string_equal(rs.r[0]->family, "SILVA");
    assert_int_equal(rs.r[0]->birth_date.year, 0);
    assert_non_null(strstr(rs.r[0]->error, "birth date '750231' is not a valid date"));
    assert_non_null(strstr(rs.err[0], "sample3_malformed_truncated.edi:12: message PAX4272A"));
    assert_non_null(strstr(rs.err[0], "segment 11 (DTM, line 14)"));
    assert_int_equal(rs.st[1], VG_EPARSE);
    assert_string_equal(rs.r[1]->family, "O'REILLY");
    assert_string_equal(rs.r[1]->given, "SIOBH");
    assert_non_null(strstr(rs.r[1]->error, "dangling release character"));
    assert_non_null(strstr(rs.err[1], ":19: message PAX4272A"));
    /* the missing trailers are warned about */
    assert_non_null(strstr(rs.r[0]->warnings[0], "has no UNT"));
    assert_int_equal(rs.n_warn, 2);
    assert_non_null(strstr(rs.warn[1], "interchange IC0004272 has no UNZ"));
    recs_free(&rs);
}

/* Wrong UNT and CNT counts, UNT reference mismatch: warnings, every person. */
static void test_wrong_counts(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    const char *m = "UNB+UNOA:4+S+R+260314:0912+IC1'"
                    "UNH+M1+PAXLST:D:02B:UN:IATA'BGM+745'"
                    "NAD+FL+++DOE:JOHN'DTM+329:800101'"
                    "NAD+DDU+++ROE:JANE'ATT+2++F'"
                    "NAD+DDT+++POE:JIM'"
                    "CNT+42:136'UNT+121+M2'UNZ+1+IC1'";
    assert_int_equal(recs_read_mem(m, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 3);
    assert_int_equal(rs.r[1]->role, VG_ROLE_TRANSIT_PASSENGER);
    assert_int_equal(rs.r[2]->role, VG_ROLE_TRANSIT_CREW);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rs.st[i], VG_OK);
        assert_int_equal(rs.r[i]->n_warnings, 2);
        assert_string_equal(rs.r[i]->warnings[0],
                            "message M1: CNT says 136 persons, the message has 2");
        assert_string_equal(rs.r[i]->warnings[1],
                            "message M1: UNT says 121 segments, the message has 9");
    }
    assert_int_equal(rs.n_warn, 3);
    assert_non_null(strstr(rs.warn[2], "UNT reference 'M2' does not match UNH 'M1'"));
    recs_free(&rs);
}

/* No UNA, level-B control characters; several interchanges in one input;
 * a segment outside any message; wrapped lines; Latin-1 under UNOC. */
static void test_variants(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    const char *m = "UNB\x1dUNOB:4\x1dS\x1dR\x1d"
                    "260314:0912\x1dI1\x1c"
                    "UNH\x1dM1\x1dPAXLST\x1c"
                    "NAD\x1d"
                    "FL\x1d\x1d\x1dSMITH\x1fJOHN\x1c"
                    "UNT\x1d"
                    "3\x1dM1\x1cUNZ\x1d"
                    "1\x1dI1\x1c";
    assert_int_equal(recs_read_mem(m, VG_RECORD_PAXLST, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 1);
    assert_string_equal(rs.r[0]->name, "JOHN SMITH");
    assert_int_equal(rs.n_warn, 0);
    recs_free(&rs);

    const char *m2 = "UNA:+.? 'UNB+UNOC:4+S+R+260314:0912+I1'UNH+M1+PAXLST'NAD+FL+++M\xdcL\n"
                     "LER:J\xdcRGEN'UNT+3+M1'UNZ+1+I1'\r\n"
                     "UNA:*.? ~UNB*UNOA:4*S*R*260314:0912*I2~NAD*FM***SOLO:HAN~UNZ*0*I2~";
    assert_int_equal(recs_read_mem(m2, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 2);
    assert_string_equal(rs.r[0]->family, "M\xc3\x9cLLER");
    assert_string_equal(rs.r[0]->given, "J\xc3\x9cRGEN");
    assert_string_equal(rs.r[1]->family, "SOLO");
    assert_int_equal(rs.r[1]->role, VG_ROLE_CREW);
    assert_string_equal(rs.r[1]->interchange, "I2");
    assert_null(rs.r[1]->message);
    assert_true(rs.n_warn >= 1);
    assert_non_null(strstr(rs.warn[0], "segment NAD outside a message"));
    recs_free(&rs);
}

/* A person without a name is an error record; ?? is a literal ?. */
static void test_bad_person(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    const char *m = "UNB+UNOA:4+S+R+260314:0912+I1'UNH+M1+PAXLST'NAD+FL'DTM+329:991340'"
                    "NAD+FL+++WH??O:ANNE'DTM+329:19991231'UNT+6+M1'UNZ+1+I1'";
    assert_int_equal(recs_read_mem(m, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 2);
    assert_int_equal(rs.st[0], VG_EPARSE);
    assert_non_null(strstr(rs.r[0]->error, "NAD+FL has no name"));
    assert_int_equal(rs.r[0]->n_warnings, 1); /* the bad date too */
    assert_int_equal(rs.st[1], VG_OK);
    assert_string_equal(rs.r[1]->family, "WH?O");
    assert_string_equal(DSTR(rs.r[1]->birth_date), "1999-12-31");
    recs_free(&rs);
}

/* Two-digit birth years: never in the future, so 25 -> 1925 before
 * 2025-06-01 and 2025 after. */
static void test_century(void **state)
{
    (void)state;
    recs rs;
    vg_reader_opts o = test_opts();
    o.today = (vg_date){VG_DATE_EXACT, 2025, 5, 31, 0, 0, 0};
    const char *m = "UNH+M1+PAXLST'NAD+FL+++A:B'DTM+329:250601'NAD+FL+++C:D'DTM+329:250531'"
                    "UNT+6+M1'";
    assert_int_equal(recs_read_mem(m, VG_RECORD_PAXLST, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 2);
    assert_string_equal(DSTR(rs.r[0]->birth_date), "1925-06-01");
    assert_string_equal(DSTR(rs.r[1]->birth_date), "2025-05-31");
    recs_free(&rs);
}

/* Every allocation failure point: a clean VG_ENOMEM (or success), no leak. */
static void test_alloc_failures(void **state)
{
    (void)state;
    FILE *f = fopen(SAMPLES "sample2_pax_and_crew_custom_delims.edi", "rb");
    assert_non_null(f);
    static char data[8192];
    size_t n = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[n] = '\0';
    vg_reader_opts o = test_opts();
    bool succeeded = false;
    for (long k = 1; k < 400 && !succeeded; k++) {
        fail_alloc fa = {0, k, 0};
        vg_allocator a = {fail_realloc, &fa};
        vg_reader *rd = NULL;
        vg_err e;
        vg_status st = vg_reader_open_mem(data, n, "mem", VG_RECORD_AUTO, &o, &a, &rd, &e);
        if (st == VG_OK) {
            size_t got = 0;
            for (;;) {
                vg_record *rec;
                st = vg_reader_next(rd, &rec, &e);
                if (!rec)
                    break;
                assert_int_equal(st, VG_OK);
                got++;
            }
            assert_true(st == VG_OK || st == VG_ENOMEM);
            if (st == VG_OK) {
                assert_int_equal(got, 4);
                succeeded = true;
            }
            vg_reader_free(rd);
        } else {
            assert_int_equal(st, VG_ENOMEM);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample1),        cmocka_unit_test(test_sample2),
        cmocka_unit_test(test_sample3_truncated), cmocka_unit_test(test_wrong_counts),
        cmocka_unit_test(test_variants),       cmocka_unit_test(test_bad_person),
        cmocka_unit_test(test_century),        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
