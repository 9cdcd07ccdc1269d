/* SPDX-License-Identifier: Apache-2.0 */
/* Country lookup: names, variants, demonyms, codes and qualifiers to ISO
 * 3166-1 alpha-2, and the order and consistency of the const tables. Loads
 * no list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "model/vg_model.h"

/* Test hooks defined in src/model/country.c. */
size_t vg__country_count(void);
const char *vg__country_at(size_t i, const char **alpha3, const char **name);
size_t vg__country_alpha3_count(void);
const char *vg__country_alpha3_at(size_t i, const char **alpha2);
size_t vg__country_alias_count(void);
const char *vg__country_alias_at(size_t i, const char **alpha2);

typedef struct tcase {
    const char *text;
    const char *code; /* "" when the text must not map */
} tcase;

/* Compares "text -> got" with "text -> want" so a failure shows the input. */
static void check(const char *text, const char *want)
{
    char out[3] = "??";
    bool ok = vg_country_lookup(vg_str_c(text), out);
    char got_s[200], want_s[200];
    snprintf(got_s, sizeof got_s, "%s -> %s%s", text, ok ? "" : "(false) ", out);
    snprintf(want_s, sizeof want_s, "%s -> %s%s", text, want[0] ? "" : "(false) ", want);
    assert_string_equal(got_s, want_s);
}

static void check_all(const tcase *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check(c[i].text, c[i].code);
}

#define CHECK_ALL(arr) check_all((arr), sizeof(arr) / sizeof((arr)[0]))

/* ---- names and variants ------------------------------------------------ */

static void test_sanctions_names(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"Syrian Arab Republic", "SY"},
        {"Syria", "SY"},
        {"Iran (Islamic Republic of)", "IR"},
        {"Iran, Islamic Republic of", "IR"},
        {"Iran", "IR"},
        {"Russian Federation", "RU"},
        {"Russia", "RU"},
        {"Democratic People's Republic of Korea", "KP"},
        {"Korea, North", "KP"},
        {"North Korea", "KP"},
        {"DPRK", "KP"},
        {"Republic of Korea", "KR"},
        {"Korea, South", "KR"},
        {"Korea, Republic of", "KR"},
        {"Burma", "MM"},
        {"Myanmar", "MM"},
        {"Lao People's Democratic Republic", "LA"},
        {"Laos", "LA"},
        {"Viet Nam", "VN"},
        {"Vietnam", "VN"},
        {"Bolivia (Plurinational State of)", "BO"},
        {"Venezuela (Bolivarian Republic of)", "VE"},
        {"United Republic of Tanzania", "TZ"},
        {"Tanzania", "TZ"},
        {"Democratic Republic of the Congo", "CD"},
        {"Congo, Democratic Republic of the", "CD"},
        {"Republic of the Congo", "CG"},
        {"Congo, Republic of the", "CG"},
        {"Congo", "CG"},
        {"Côte d'Ivoire", "CI"},
        {"Cote d'Ivoire", "CI"},
        {"Cote d Ivoire", "CI"},
        {"Ivory Coast", "CI"},
        {"Türkiye", "TR"},
        {"Turkey", "TR"},
        {"United Kingdom of Great Britain and Northern Ireland", "GB"},
        {"United Kingdom", "GB"},
        {"UK", "GB"},
        {"United States", "US"},
        {"United States of America", "US"},
        {"USA", "US"},
        {"U.S.A.", "US"},
        {"Palestine", "PS"},
        {"State of Palestine", "PS"},
        {"occupied Palestinian territory", "PS"},
        {"Gaza", "PS"},
        {"West Bank", "PS"},
        {"Kosovo", "XK"},
        {"Netherlands (Kingdom of the)", "NL"},
        {"Netherlands", "NL"},
        {"Czechia", "CZ"},
        {"Czech Republic", "CZ"},
        {"Macedonia", "MK"},
        {"North Macedonia", "MK"},
        {"Macedonia, The Former Yugoslav Republic of", "MK"},
        {"Swaziland", "SZ"},
        {"Eswatini", "SZ"},
        {"Cape Verde", "CV"},
        {"Cabo Verde", "CV"},
        {"Timor-Leste", "TL"},
        {"East Timor", "TL"},
        {"Moldova, Republic of", "MD"},
        {"Holy See", "VA"},
        {"Micronesia (Federated States of)", "FM"},
        {"Hong Kong", "HK"},
        {"China, Hong Kong Special Administrative Region", "HK"},
        {"Macau", "MO"},
        {"Macao", "MO"},
        {"Taiwan", "TW"},
        {"Bahamas, The", "BS"},
        {"The Gambia", "GM"},
        {"Virgin Islands, British", "VG"},
        {"British Virgin Islands", "VG"},
        {"Virgin Islands, U.S.", "VI"},
        {"Guinea-Bissau", "GW"},
        {"Guinea", "GN"},
        {"Equatorial Guinea", "GQ"},
        {"Papua New Guinea", "PG"},
        {"Niger", "NE"},
        {"Nigeria", "NG"},
        {"Dominica", "DM"},
        {"Dominican Republic", "DO"},
        {"Sudan", "SD"},
        {"South Sudan", "SS"},
        {"Saint Kitts and Nevis", "KN"},
        {"St. Kitts & Nevis", "KN"},
        {"Saint Vincent and the Grenadines", "VC"},
        {"Bosnia and Herzegovina", "BA"},
        {"Antigua and Barbuda", "AG"},
        {"Trinidad and Tobago", "TT"},
        {"Brunei", "BN"},
        {"Jersey", "JE"},
        {"Netherlands Antilles", "AN"},
    };
    CHECK_ALL(c);
}

static void test_accented_names(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"Curaçao", "CW"},
        {"Curacao", "CW"},
        {"Åland Islands", "AX"},
        {"Aland Islands", "AX"},
        {"Réunion", "RE"},
        {"São Tomé and Príncipe", "ST"},
        {"Sao Tome and Principe", "ST"},
        {"Saint Barthélemy", "BL"},
        {"CÔTE D’IVOIRE", "CI"},     /* upper-case accent, right quote */
        {"Côte d‘Ivoire", "CI"},     /* left quote */
        {"Cote d`Ivoire", "CI"},     /* grave accent */
        {"TÜRKİYE", "TR"},           /* dotted capital I (Latin Extended-A) */
        {"México", "MX"},
        {"Éire", "IE"},
    };
    CHECK_ALL(c);
}

static void test_historical(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"USSR", "SU"},
        {"U.S.S.R.", "SU"},
        {"Soviet Union", "SU"},
        {"former Soviet Union", "SU"},
        {"Yugoslavia", "YU"},
        {"Federal Republic of Yugoslavia", "YU"},
        {"Czechoslovakia", "CS"},
        {"Serbia and Montenegro", "CS"},
        {"German Democratic Republic", "DD"},
        {"Zaire", "CD"},
        {"Ceylon", "LK"},
        {"Upper Volta", "BF"},
    };
    CHECK_ALL(c);
}

static void test_demonyms(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"Afghan", "AF"},      {"Iraqi", "IQ"},     {"Syrian", "SY"},       {"Yemeni", "YE"},
        {"Saudi", "SA"},       {"Egyptian", "EG"},  {"Jordanian", "JO"},    {"Lebanese", "LB"},
        {"Libyan", "LY"},      {"Tunisian", "TN"},  {"Algerian", "DZ"},     {"Moroccan", "MA"},
        {"Sudanese", "SD"},    {"Somali", "SO"},    {"Pakistani", "PK"},    {"Indian", "IN"},
        {"Iranian", "IR"},     {"Russian", "RU"},   {"Turkish", "TR"},      {"German", "DE"},
        {"French", "FR"},      {"British", "GB"},   {"American", "US"},     {"Kuwaiti", "KW"},
        {"Qatari", "QA"},      {"Emirati", "AE"},   {"Bahraini", "BH"},     {"Omani", "OM"},
        {"Palestinian", "PS"}, {"Kenyan", "KE"},    {"Nigerian", "NG"},     {"Malian", "ML"},
        {"Mauritanian", "MR"}, {"Chinese", "CN"},   {"North Korean", "KP"}, {"Indonesian", "ID"},
        {"Filipino", "PH"},    {"Malaysian", "MY"}, {"Uzbek", "UZ"},        {"Tajik", "TJ"},
        {"Kazakh", "KZ"},      {"Kyrgyz", "KG"},    {"Azerbaijani", "AZ"},  {"Nigerien", "NE"},
        {"South Sudanese", "SS"}, {"Ivorian", "CI"}, {"Burmese", "MM"},     {"Kosovar", "XK"},
        /* peoples and shared demonyms */
        {"Chechen", ""},       {"Kurdish", ""},     {"Congolese", ""},      {"Dominican", ""},
        {"Korean", ""},        {"Arab", ""},
    };
    CHECK_ALL(c);
}

static void test_not_countries(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"Chechnya", ""},
        {"Chechen Republic", ""},
        {"", ""},
        {"   ", ""},
        {"()", ""},
        {"Atlantis", ""},
        {"Sudan/South Sudan", ""},
        {"Syria/Iraq", ""},
        {"Syria and Iraq", ""},
        {"Iraq; Syria", ""},
        {"Moscow, Russia", ""},
        {"Korea", ""}, /* North or South */
        {"Texas", ""},
        {"Crimea", ""},
        {"Region: Crimea", ""},
        {"Region: Kafia Kingi", ""},
        {"undetermined", ""},
        {"unknown", ""},
        {"na", ""},
        {"N/A", ""},
        {"possibly Palestinian", ""},
        {"the", ""},
        {"and", "AD"}, /* a code: Andorra's alpha-3 */
        {"&", ""},
        {"Europe", ""},
        {"\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7", ""}, /* Syria in Arabic script */
        {"Syri\xc3", ""},                                  /* truncated UTF-8 */
        {"Syri\xc0\xa1", ""},                              /* overlong */
    };
    CHECK_ALL(c);
}

/* ---- normalisation and qualifiers -------------------------------------- */

static void test_normalisation(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"  syrian arab republic  ", "SY"},
        {"SYRIAN   ARAB\tREPUBLIC", "SY"},
        {"\"Syria\".", "SY"},
        {"(Syria)", "SY"},
        {"Syria;", "SY"},
        {"Democratic Peoples Republic of Korea", "KP"},
        {"Democratic People’s Republic of Korea", "KP"},
        {"Trinidad & Tobago", "TT"},
        {"Bosnia & Herzegovina", "BA"},
        {"the Netherlands", "NL"},
        {"THE UNITED KINGDOM", "GB"},
        {"Guinea Bissau", "GW"},
        {"Timor Leste", "TL"},
        {"Timor\xe2\x80\x93Leste", "TL"},   /* en dash */
        {"Costa\xc2\xa0Rica", "CR"},        /* no-break space */
        {"St Lucia", "LC"},
        {"St. Lucia", "LC"},
        {"Dem. Rep. of the Congo", "CD"},
        {"U. K.", "GB"},
        {"U.S. Virgin Islands", "VI"},
    };
    CHECK_ALL(c);

    /* A slice into a longer buffer: nothing past len is read. */
    char out[3];
    const char *text = "FranceXYZ";
    assert_true(vg_country_lookup((vg_str){text, 6}, out));
    assert_string_equal(out, "FR");
    /* Failure clears out. */
    assert_false(vg_country_lookup(VG_STR_LIT("Atlantis"), out));
    assert_string_equal(out, "");
    /* Empty and NULL slices. */
    assert_false(vg_country_lookup((vg_str){NULL, 0}, out));
    assert_false(vg_country_lookup((vg_str){NULL, 5}, out));
    /* A NULL out still reports the result. */
    assert_true(vg_country_lookup(VG_STR_LIT("Peru"), NULL));

    /* Over-long text is not a country name, even with a country in it. */
    char longtext[200];
    memset(longtext, ' ', sizeof longtext);
    memcpy(longtext, "Syria", 5);
    assert_true(vg_country_lookup((vg_str){longtext, 120}, out)); /* trailing spaces trim */
    memset(longtext, 'x', sizeof longtext);
    memcpy(longtext, "Syria (", 7);
    longtext[sizeof longtext - 1] = ')';
    assert_false(vg_country_lookup((vg_str){longtext, sizeof longtext}, out));
    /* "&" expansion overflowing the buffer fails cleanly. */
    memset(longtext, '&', 119);
    assert_false(vg_country_lookup((vg_str){longtext, 119}, out));
}

static void test_qualifiers(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"Indonesia (as at Dec. 2003)", "ID"},
        {"USSR (until 1991)", "SU"},
        {"Kosovo (under UNSCR 1244)", "XK"},
        {"Syria (\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7)", "SY"},
        {"Korea, North (DPRK)", "KP"},
        {"Iraq (possibly) (2004)", "IQ"},
        {"Sudan/South Sudan (disputed)", ""},
        {"Cabo Verde.  Previously Cape Verde.", "CV"},
        {"Region: Gaza", "PS"},
        {"Gambia, The", "GM"},
        {"Palestine, State of", "PS"},
        {"Congo, the Democratic Republic of the", "CD"},
        {"Virgin Islands (British)", "VG"},
        {"Hong Kong, China", "HK"},
        {"Congo (Kinshasa)", "CD"},
        {"Congo (Brazzaville)", "CG"},
    };
    CHECK_ALL(c);
}

/* ---- codes --------------------------------------------------------------- */

static void test_codes(void **state)
{
    (void)state;
    static const tcase c[] = {
        {"SY", "SY"},  {"sy", "SY"},  {"SYR", "SY"}, {"syr", "SY"}, {" IR ", "IR"},
        {"IRN", "IR"}, {"PRK", "KP"}, {"KOR", "KR"}, {"GBR", "GB"}, {"GB", "GB"},
        {"UK", "GB"},  {"USA", "US"}, {"US", "US"},  {"UAE", "AE"}, {"ARE", "AE"},
        {"XK", "XK"},  {"XKX", "XK"}, {"RKS", "XK"}, {"SU", "SU"},  {"SUN", "SU"},
        {"YU", "YU"},  {"CS", "CS"},  {"CSK", "CS"}, {"SCG", "CS"}, {"NA", "NA"},
        {"NAM", "NA"}, {"GBD", "GB"}, {"D", ""},     {"ZZ", ""},    {"ZZZ", ""},
        {"Na", ""},    {"S Y", ""},
    };
    CHECK_ALL(c);
}

static void test_country_name(void **state)
{
    (void)state;
    assert_string_equal(vg_country_name("SY"), "Syrian Arab Republic");
    assert_string_equal(vg_country_name("sy"), "Syrian Arab Republic");
    assert_string_equal(vg_country_name("Ci"), "Côte d'Ivoire");
    assert_string_equal(vg_country_name("XK"), "Kosovo");
    assert_string_equal(vg_country_name("GB"),
                        "United Kingdom of Great Britain and Northern Ireland");
    assert_null(vg_country_name(NULL));
    assert_null(vg_country_name(""));
    assert_null(vg_country_name("S"));
    assert_null(vg_country_name("SYR"));
    assert_null(vg_country_name("ZZ"));
    assert_null(vg_country_name("UK"));
    assert_null(vg_country_name("1A"));
}

/* ---- the tables ---------------------------------------------------------- */

static void lower2(const char *in, char out[3])
{
    out[0] = (char)(in[0] | 0x20);
    out[1] = (char)(in[1] | 0x20);
    out[2] = '\0';
}

/* Every code: code -> name -> code, code -> code, alpha-3 -> code. */
static void test_round_trip(void **state)
{
    (void)state;
    size_t n = vg__country_count();
    assert_true(n >= 249 + 1); /* ISO 3166-1 plus XK */
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        const char *a3, *name;
        const char *a2 = vg__country_at(i, &a3, &name);
        assert_non_null(a2);
        assert_true(strcmp(prev, a2) < 0);
        prev = a2;
        assert_int_equal(strlen(a2), 2);
        assert_int_equal(strlen(a3), 3);
        assert_string_equal(vg_country_name(a2), name);
        char low[3];
        lower2(a2, low);
        assert_string_equal(vg_country_name(low), name);
        check(name, a2);
        check(a2, a2);
        check(a3, a2);
    }
    assert_null(vg__country_at(n, &prev, &prev));
}

static void test_alpha3_table(void **state)
{
    (void)state;
    size_t n = vg__country_alpha3_count();
    assert_true(n >= vg__country_count());
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        const char *a2;
        const char *a3 = vg__country_alpha3_at(i, &a2);
        assert_true(strcmp(prev, a3) < 0);
        prev = a3;
        assert_non_null(vg_country_name(a2));
        check(a3, a2);
    }
}

/* Aliases are sorted, in normal form (each resolves to its own code) and
 * point at known codes. */
static void test_alias_table(void **state)
{
    (void)state;
    size_t n = vg__country_alias_count();
    assert_true(n > 600);
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        const char *a2;
        const char *key = vg__country_alias_at(i, &a2);
        assert_true(strcmp(prev, key) < 0);
        prev = key;
        assert_non_null(vg_country_name(a2));
        check(key, a2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanctions_names), cmocka_unit_test(test_accented_names),
        cmocka_unit_test(test_historical),      cmocka_unit_test(test_demonyms),
        cmocka_unit_test(test_not_countries),   cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_qualifiers),      cmocka_unit_test(test_codes),
        cmocka_unit_test(test_country_name),    cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_alpha3_table),    cmocka_unit_test(test_alias_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
