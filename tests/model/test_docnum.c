/* SPDX-License-Identifier: Apache-2.0 */
/* Document numbers cut out of the phrases lists wrap them in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/vigil.h"

size_t vg__docnum_norm(vg_str s, char *out, size_t cap);

static void norm_is(const char *in, const char *want)
{
    char out[128];
    size_t n = vg__docnum_norm(vg_str_c(in), out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("%s: got %s, want %s", in, out, want);
    assert_int_equal(n, strlen(want));
}

static void test_plain(void **state)
{
    (void)state;
    norm_is("A1234567", "A1234567");
    norm_is("sa-0020 249", "SA0020249");
    norm_is("12 345 678", "12345678");
    norm_is("44103-5251752-5", "4410352517525");
    norm_is("", "");
    norm_is("unknown", "UNKNOWN"); /* no digit: the letters */
}

static void test_in_phrases(void **state)
{
    (void)state;
    norm_is("French passport number 05AT521433", "05AT521433");
    norm_is("CAR diplomatic passport no. D00000898", "D00000898");
    norm_is("Diplomatic Passport: Z30321794", "Z30321794");
    norm_is("Libyan Passport No. 96/184442", "96184442");
    norm_is("German travel document (\"Reiseausweis\") A 0139243", "A0139243");
    norm_is("381110042 (Expired 25 Jan. 2016)", "381110042");
    norm_is("563210184(expires 2018)", "563210184");
    norm_is("national identity card number 44103-5251752-5", "4410352517525");
    norm_is("Congo service passport number SA0020249 ", "SA0020249");
}

static void test_small_buffer(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(vg__docnum_norm(vg_str_c("passport 123456"), out, sizeof out), 3);
    assert_string_equal(out, "123");
    assert_int_equal(vg__docnum_norm(vg_str_c("x"), out, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_in_phrases),
        cmocka_unit_test(test_small_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
