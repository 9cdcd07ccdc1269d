/* SPDX-License-Identifier: Apache-2.0 */
/* CSV and JSONL record readers: header guessing, --map, RFC 4180 quoting,
 * dates and countries, the bench query format with its exact rejection
 * reasons, and broken lines reported while the rest is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <unistd.h>

#include "rec_util.h"

static void test_csv_guess(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBFRef;Surname;Given Name;Date of Birth;Citizenship;Sex;Passport No\r\n"
                     "c1;M\xc3\xbcller;\"Anna; Maria\";1980-02-29;Germany;F;C01X00T47\r\n"
                     "c2;\"O\"\"Brien\";Sean;31/12/1975;IE;male;\r\n"
                     "\r\n"
                     "c3;Doe;Jane;1990-02-31;Atlantis;q;\r\n"
                     "c4;\"Multi\nLine\";Bob;;;;\r\n";
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_mem(in, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 4);
    assert_int_equal(rs.r[0]->format, VG_RECORD_CSV);
    assert_string_equal(rs.r[0]->id, "c1");
    assert_string_equal(rs.r[0]->family, "M\xc3\xbcller");
    assert_string_equal(rs.r[0]->given, "Anna; Maria");
    assert_string_equal(rs.r[0]->name, "Anna; Maria M\xc3\xbcller");
    assert_string_equal(DSTR(rs.r[0]->birth_date), "1980-02-29");
    assert_string_equal(rs.r[0]->nationality, "DE");
    assert_int_equal(rs.r[0]->gender, VG_GENDER_FEMALE);
    assert_int_equal(rs.r[0]->n_docs, 1);
    assert_string_equal(rs.r[0]->docs[0].number, "C01X00T47");
    assert_int_equal(rs.r[0]->line, 2);
    assert_string_equal(rs.r[1]->family, "O\"Brien");
    assert_string_equal(DSTR(rs.r[1]->birth_date), "1975-12-31");
    assert_int_equal(rs.r[1]->n_docs, 0);
    assert_int_equal(rs.st[2], VG_EPARSE);
    assert_int_equal(rs.r[2]->line, 5);
    assert_string_equal(rs.r[2]->error, "birth date '1990-02-31' is not a valid date");
    assert_non_null(strstr(rs.err[2], "mem:5: birth date"));
    assert_int_equal(rs.r[2]->n_warnings, 2); /* unknown country, bad gender */
    assert_string_equal(rs.r[3]->family, "Multi\nLine");
    assert_int_equal(rs.st[3], VG_OK);
    recs_free(&rs);
}

static void test_csv_map(void **state)
{
    (void)state;
    const char *in = "a,b,c\nX1,ALI HASSAN,1970\nX2,,1971\nX3,\"unterminated,1972\n";
    vg_reader_opts o = test_opts();
    o.csv_map = "id=A, name=2,birth_date=c";
    recs rs;
    assert_int_equal(recs_read_mem(in, VG_RECORD_CSV, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 3);
    assert_string_equal(rs.r[0]->id, "X1");
    assert_string_equal(rs.r[0]->name, "ALI HASSAN");
    assert_string_equal(DSTR(rs.r[0]->birth_date), "1970");
    assert_int_equal(rs.st[1], VG_EPARSE);
    assert_string_equal(rs.r[1]->error, "no name");
    assert_int_equal(rs.st[2], VG_EPARSE);
    assert_string_equal(rs.r[2]->error, "quoted field not closed before the end of the input");
    recs_free(&rs);

    o.csv_map = "name=zzz";
    assert_int_equal(recs_read_mem(in, VG_RECORD_CSV, &o, &rs), VG_EINVAL);
    assert_string_equal(rs.err[0], "--map: no column 'zzz' in the header");
    o.csv_map = "bogus=a";
    assert_int_equal(recs_read_mem(in, VG_RECORD_CSV, &o, &rs), VG_EINVAL);
    o.csv_map = NULL;
    assert_int_equal(recs_read_mem(in, VG_RECORD_CSV, &o, &rs), VG_EINVAL);
    assert_non_null(strstr(rs.err[0], "no name column"));
    assert_int_equal(recs_read_mem("", VG_RECORD_AUTO, &o, &rs), VG_EEMPTY);
}

static void test_jsonl(void **state)
{
    (void)state;
    const char *in =
        "{\"id\": \"t1\", \"name\": \"IBRAHIM AWAD\", \"birth_date\": \"1971\", "
        "\"nationality\": \"IQ\", \"gender\": \"male\", \"passport_number\": \"A1\", "
        "\"documents\": [{\"number\": \"B2\", \"country\": \"Syria\"}], \"x\": [1, {\"y\": null}]}\n"
        "{\"id\": 7, \"first_name\": \"HASAN\", \"last_name\": \"NASRALLAH\"}\n"
        "{\"id\":\"b\",\"name\":\n"
        "\n"
        "{\"id\":\"c\",\"name\":\"X\",\"birth_date\":\"1990-02-31\"}\n"
        "{\"id\":\"d\"}\n"
        "[1,2]\n"
        "{\"id\":\"e\",\"name\":\"A\",\"name\":\"B\"}\n"
        "{\"id\":\"f\",\"name\":\"\\u00c9LODIE \\ud83d\\ude00\",\"nationality\":\"Narnia\"}\n"
        "{\"id\":\"g\",\"name\":\"A\",\"gender\":\"robot\"}\n"
        "{\"id\":\"h\",\"name\":5}\n"
        "{\"id\":\"i\",\"name\":\"A\",\"documents\":[{\"country\":\"FR\"}]}\n"
        "{\"id\":\"j\",\"name\":\"\xff\"}\n";
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_mem(in, VG_RECORD_AUTO, &o, &rs), VG_OK);
    assert_int_equal(rs.n, 12);
    const vg_record *r = rs.r[0];
    assert_int_equal(r->format, VG_RECORD_JSONL);
    assert_string_equal(r->id, "t1");
    assert_string_equal(r->id_json, "\"t1\"");
    assert_string_equal(r->name, "IBRAHIM AWAD");
    assert_string_equal(DSTR(r->birth_date), "1971");
    assert_string_equal(r->nationality, "IQ");
    assert_int_equal(r->gender, VG_GENDER_MALE);
    assert_int_equal(r->n_docs, 2);
    assert_string_equal(r->docs[0].number, "A1");
    assert_string_equal(r->docs[1].number, "B2");
    assert_string_equal(r->docs[1].country, "SY");
    assert_string_equal(rs.r[1]->id_json, "7");
    assert_string_equal(rs.r[1]->name, "HASAN NASRALLAH");
    assert_int_equal(rs.r[1]->line, 2);
    static const char *const errs[] = {
        NULL,
        NULL,
        "invalid JSON at column 18: '[' or '{' expected near end of file",
        "field 'birth_date': '1990-02-31' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "no name: give 'name' or 'first_name'/'last_name'",
        "a query must be a JSON object",
        "invalid JSON at column 28: duplicate object key",
        "field 'nationality': unknown country 'Narnia'",
        "field 'gender' must be male, female or unknown",
        "field 'name' must be a string",
        "field 'documents': each needs a string 'number'",
        "invalid UTF-8 at byte 19",
    };
    for (size_t i = 0; i < 12; i++) {
        assert_int_equal(rs.st[i], errs[i] ? VG_EPARSE : VG_OK);
        assert_string_equal(nz(rs.r[i]->error), errs[i] ? errs[i] : "(null)");
    }
    assert_int_equal(rs.r[3]->line, 5); /* the blank line counts */
    assert_string_equal(rs.r[3]->id, "c");
    assert_string_equal(rs.r[11]->id, "j"); /* a query with bad bytes is named */
    assert_string_equal(rs.r[7]->name, "\xc3\x89LODIE \xf0\x9f\x98\x80");
    recs_free(&rs);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *in = "name,dob,country\nJane Doe,1970-01-01,France\n\"Bob\",1971,XX\n";
    vg_reader_opts o = test_opts();
    bool ok = false;
    for (long k = 1; k < 200 && !ok; k++) {
        fail_alloc fa = {0, k, 0};
        vg_allocator a = {fail_realloc, &fa};
        vg_reader *rd = NULL;
        vg_err e;
        vg_status st = vg_reader_open_mem(in, strlen(in), "m", VG_RECORD_AUTO, &o, &a, &rd, &e);
        if (st == VG_OK) {
            recs rs;
            memset(&rs, 0, sizeof rs);
            st = recs_drain(rd, &rs, NULL);
            assert_true(st == VG_OK || st == VG_ENOMEM);
            if (st == VG_OK) {
                assert_int_equal(rs.n, 2);
                assert_string_equal(rs.r[0]->name, "Jane Doe");
                assert_string_equal(rs.r[0]->nationality, "FR");
                ok = true;
            }
            recs_free(&rs);
        } else {
            assert_int_equal(st, VG_ENOMEM);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(ok);
}

/* JSONL from a file, lines copied in runs: a line that straddles the
 * 256 KiB read window, CRLF endings, blank lines, and a last line without a
 * newline keep their content and line numbers. */
static void test_jsonl_file_windows(void **state)
{
    (void)state;
    char path[] = "/tmp/vg_test_jsonl_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    /* line 1 fills the window to 20 bytes before its end, so that line 2
     * starts in the first window and ends in the second */
    const size_t chunk = 256u * 1024u;
    const char *head = "{\"id\":\"w1\",\"name\":\"A\",\"pad\":\"";
    const char *tail = "\"}\r\n";
    size_t pad = chunk - 20 - strlen(head) - strlen(tail);
    fputs(head, f);
    for (size_t i = 0; i < pad; i++)
        fputc('x', f);
    fputs(tail, f);
    fputs("{\"id\":\"w2\",\"name\":\"STRADDLING THE WINDOW\"}\n\n\r\n", f);
    fputs("{\"id\":\"w3\",\"name\":\"NO NEWLINE\"}", f);
    assert_int_equal(fclose(f), 0);
    vg_reader_opts o = test_opts();
    recs rs;
    assert_int_equal(recs_read_file(path, VG_RECORD_JSONL, &o, &rs), VG_OK);
    unlink(path);
    assert_int_equal(rs.n, 3);
    assert_string_equal(rs.r[0]->id, "w1");
    assert_int_equal(rs.st[0], VG_OK);
    assert_int_equal(rs.r[0]->line, 1);
    assert_string_equal(rs.r[1]->id, "w2");
    assert_string_equal(rs.r[1]->name, "STRADDLING THE WINDOW");
    assert_int_equal(rs.r[1]->line, 2);
    assert_string_equal(rs.r[2]->id, "w3");
    assert_string_equal(rs.r[2]->name, "NO NEWLINE");
    assert_int_equal(rs.r[2]->line, 5);
    recs_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_guess),
        cmocka_unit_test(test_csv_map),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_file_windows),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
