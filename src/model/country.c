/* SPDX-License-Identifier: Apache-2.0 */
/* Country texts to ISO 3166-1 alpha-2: English names, the variants used by
 * the UN and OFAC lists and on passports, demonyms and alpha-2/alpha-3
 * codes. Lookups normalise into a stack buffer and binary-search const
 * tables, so they allocate nothing and are thread-safe. */
#include "vg_model.h"

/* Inputs longer than this are free text, not a country name. */
#define COUNTRY_TEXT_MAX 120
/* Normalised text buffer; expansion ("&" -> "and") may overflow it, which
 * simply makes the lookup fail. */
#define COUNTRY_NORM_CAP 128
/* Fallbacks (qualifier stripping, comma inversion) nest at most this deep. */
#define COUNTRY_DEPTH_MAX 3

/* ------------------------------------------------------------------------ */
/* Tables                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct country_row {
    char a2[3];
    char a3[4];
    const char *name; /* ISO 3166-1 English short name */
} country_row;

/* All ISO 3166-1 codes, sorted by alpha-2. Beyond ISO 3166-1 proper:
 * - XK Kosovo: a user-assigned code, but the one in general use (EU,
 *   banks, travel-document software), with XKX as its alpha-3.
 * - Former countries keep their ISO 3166-3 codes, because lists still give
 *   them as nationalities and they have no single successor: AN Netherlands
 *   Antilles, DD German Democratic Republic, SU USSR, YU Yugoslavia, and CS,
 *   which ISO gave first to Czechoslovakia (until 1993) and then to Serbia
 *   and Montenegro (2003-2006); both map to CS and the name is the later one.
 * Renamed countries with one successor map to that successor's code
 * instead (Burma -> MM, Zaire -> CD, Swaziland -> SZ, East Timor -> TL). */
static const country_row k_countries[] = {
    {"AD", "AND", "Andorra"}, {"AE", "ARE", "United Arab Emirates"},
    {"AF", "AFG", "Afghanistan"}, {"AG", "ATG", "Antigua and Barbuda"},
    {"AI", "AIA", "Anguilla"}, {"AL", "ALB", "Albania"}, {"AM", "ARM", "Armenia"},
    {"AN", "ANT", "Netherlands Antilles"}, {"AO", "AGO", "Angola"}, {"AQ", "ATA", "Antarctica"},
    {"AR", "ARG", "Argentina"}, {"AS", "ASM", "American Samoa"}, {"AT", "AUT", "Austria"},
    {"AU", "AUS", "Australia"}, {"AW", "ABW", "Aruba"}, {"AX", "ALA", "Åland Islands"},
    {"AZ", "AZE", "Azerbaijan"}, {"BA", "BIH", "Bosnia and Herzegovina"},
    {"BB", "BRB", "Barbados"}, {"BD", "BGD", "Bangladesh"}, {"BE", "BEL", "Belgium"},
    {"BF", "BFA", "Burkina Faso"}, {"BG", "BGR", "Bulgaria"}, {"BH", "BHR", "Bahrain"},
    {"BI", "BDI", "Burundi"}, {"BJ", "BEN", "Benin"}, {"BL", "BLM", "Saint Barthélemy"},
    {"BM", "BMU", "Bermuda"}, {"BN", "BRN", "Brunei Darussalam"},
    {"BO", "BOL", "Bolivia, Plurinational State of"},
    {"BQ", "BES", "Bonaire, Sint Eustatius and Saba"}, {"BR", "BRA", "Brazil"},
    {"BS", "BHS", "Bahamas"}, {"BT", "BTN", "Bhutan"}, {"BV", "BVT", "Bouvet Island"},
    {"BW", "BWA", "Botswana"}, {"BY", "BLR", "Belarus"}, {"BZ", "BLZ", "Belize"},
    {"CA", "CAN", "Canada"}, {"CC", "CCK", "Cocos (Keeling) Islands"},
    {"CD", "COD", "Congo, Democratic Republic of the"},
    {"CF", "CAF", "Central African Republic"}, {"CG", "COG", "Congo"},
    {"CH", "CHE", "Switzerland"}, {"CI", "CIV", "Côte d'Ivoire"}, {"CK", "COK", "Cook Islands"},
    {"CL", "CHL", "Chile"}, {"CM", "CMR", "Cameroon"}, {"CN", "CHN", "China"},
    {"CO", "COL", "Colombia"}, {"CR", "CRI", "Costa Rica"},
    {"CS", "SCG", "Serbia and Montenegro"}, {"CU", "CUB", "Cuba"}, {"CV", "CPV", "Cabo Verde"},
    {"CW", "CUW", "Curaçao"}, {"CX", "CXR", "Christmas Island"}, {"CY", "CYP", "Cyprus"},
    {"CZ", "CZE", "Czechia"}, {"DD", "DDR", "German Democratic Republic"},
    {"DE", "DEU", "Germany"}, {"DJ", "DJI", "Djibouti"}, {"DK", "DNK", "Denmark"},
    {"DM", "DMA", "Dominica"}, {"DO", "DOM", "Dominican Republic"}, {"DZ", "DZA", "Algeria"},
    {"EC", "ECU", "Ecuador"}, {"EE", "EST", "Estonia"}, {"EG", "EGY", "Egypt"},
    {"EH", "ESH", "Western Sahara"}, {"ER", "ERI", "Eritrea"}, {"ES", "ESP", "Spain"},
    {"ET", "ETH", "Ethiopia"}, {"FI", "FIN", "Finland"}, {"FJ", "FJI", "Fiji"},
    {"FK", "FLK", "Falkland Islands (Malvinas)"},
    {"FM", "FSM", "Micronesia, Federated States of"}, {"FO", "FRO", "Faroe Islands"},
    {"FR", "FRA", "France"}, {"GA", "GAB", "Gabon"},
    {"GB", "GBR", "United Kingdom of Great Britain and Northern Ireland"},
    {"GD", "GRD", "Grenada"}, {"GE", "GEO", "Georgia"}, {"GF", "GUF", "French Guiana"},
    {"GG", "GGY", "Guernsey"}, {"GH", "GHA", "Ghana"}, {"GI", "GIB", "Gibraltar"},
    {"GL", "GRL", "Greenland"}, {"GM", "GMB", "Gambia"}, {"GN", "GIN", "Guinea"},
    {"GP", "GLP", "Guadeloupe"}, {"GQ", "GNQ", "Equatorial Guinea"}, {"GR", "GRC", "Greece"},
    {"GS", "SGS", "South Georgia and the South Sandwich Islands"}, {"GT", "GTM", "Guatemala"},
    {"GU", "GUM", "Guam"}, {"GW", "GNB", "Guinea-Bissau"}, {"GY", "GUY", "Guyana"},
    {"HK", "HKG", "Hong Kong"}, {"HM", "HMD", "Heard Island and McDonald Islands"},
    {"HN", "HND", "Honduras"}, {"HR", "HRV", "Croatia"}, {"HT", "HTI", "Haiti"},
    {"HU", "HUN", "Hungary"}, {"ID", "IDN", "Indonesia"}, {"IE", "IRL", "Ireland"},
    {"IL", "ISR", "Israel"}, {"IM", "IMN", "Isle of Man"}, {"IN", "IND", "India"},
    {"IO", "IOT", "British Indian Ocean Territory"}, {"IQ", "IRQ", "Iraq"},
    {"IR", "IRN", "Iran, Islamic Republic of"}, {"IS", "ISL", "Iceland"},
    {"IT", "ITA", "Italy"}, {"JE", "JEY", "Jersey"}, {"JM", "JAM", "Jamaica"},
    {"JO", "JOR", "Jordan"}, {"JP", "JPN", "Japan"}, {"KE", "KEN", "Kenya"},
    {"KG", "KGZ", "Kyrgyzstan"}, {"KH", "KHM", "Cambodia"}, {"KI", "KIR", "Kiribati"},
    {"KM", "COM", "Comoros"}, {"KN", "KNA", "Saint Kitts and Nevis"},
    {"KP", "PRK", "Korea, Democratic People's Republic of"},
    {"KR", "KOR", "Korea, Republic of"}, {"KW", "KWT", "Kuwait"},
    {"KY", "CYM", "Cayman Islands"}, {"KZ", "KAZ", "Kazakhstan"},
    {"LA", "LAO", "Lao People's Democratic Republic"}, {"LB", "LBN", "Lebanon"},
    {"LC", "LCA", "Saint Lucia"}, {"LI", "LIE", "Liechtenstein"}, {"LK", "LKA", "Sri Lanka"},
    {"LR", "LBR", "Liberia"}, {"LS", "LSO", "Lesotho"}, {"LT", "LTU", "Lithuania"},
    {"LU", "LUX", "Luxembourg"}, {"LV", "LVA", "Latvia"}, {"LY", "LBY", "Libya"},
    {"MA", "MAR", "Morocco"}, {"MC", "MCO", "Monaco"}, {"MD", "MDA", "Moldova, Republic of"},
    {"ME", "MNE", "Montenegro"}, {"MF", "MAF", "Saint Martin (French part)"},
    {"MG", "MDG", "Madagascar"}, {"MH", "MHL", "Marshall Islands"},
    {"MK", "MKD", "North Macedonia"}, {"ML", "MLI", "Mali"}, {"MM", "MMR", "Myanmar"},
    {"MN", "MNG", "Mongolia"}, {"MO", "MAC", "Macao"},
    {"MP", "MNP", "Northern Mariana Islands"}, {"MQ", "MTQ", "Martinique"},
    {"MR", "MRT", "Mauritania"}, {"MS", "MSR", "Montserrat"}, {"MT", "MLT", "Malta"},
    {"MU", "MUS", "Mauritius"}, {"MV", "MDV", "Maldives"}, {"MW", "MWI", "Malawi"},
    {"MX", "MEX", "Mexico"}, {"MY", "MYS", "Malaysia"}, {"MZ", "MOZ", "Mozambique"},
    {"NA", "NAM", "Namibia"}, {"NC", "NCL", "New Caledonia"}, {"NE", "NER", "Niger"},
    {"NF", "NFK", "Norfolk Island"}, {"NG", "NGA", "Nigeria"}, {"NI", "NIC", "Nicaragua"},
    {"NL", "NLD", "Netherlands, Kingdom of the"}, {"NO", "NOR", "Norway"},
    {"NP", "NPL", "Nepal"}, {"NR", "NRU", "Nauru"}, {"NU", "NIU", "Niue"},
    {"NZ", "NZL", "New Zealand"}, {"OM", "OMN", "Oman"}, {"PA", "PAN", "Panama"},
    {"PE", "PER", "Peru"}, {"PF", "PYF", "French Polynesia"}, {"PG", "PNG", "Papua New Guinea"},
    {"PH", "PHL", "Philippines"}, {"PK", "PAK", "Pakistan"}, {"PL", "POL", "Poland"},
    {"PM", "SPM", "Saint Pierre and Miquelon"}, {"PN", "PCN", "Pitcairn"},
    {"PR", "PRI", "Puerto Rico"}, {"PS", "PSE", "Palestine, State of"},
    {"PT", "PRT", "Portugal"}, {"PW", "PLW", "Palau"}, {"PY", "PRY", "Paraguay"},
    {"QA", "QAT", "Qatar"}, {"RE", "REU", "Réunion"}, {"RO", "ROU", "Romania"},
    {"RS", "SRB", "Serbia"}, {"RU", "RUS", "Russian Federation"}, {"RW", "RWA", "Rwanda"},
    {"SA", "SAU", "Saudi Arabia"}, {"SB", "SLB", "Solomon Islands"},
    {"SC", "SYC", "Seychelles"}, {"SD", "SDN", "Sudan"}, {"SE", "SWE", "Sweden"},
    {"SG", "SGP", "Singapore"}, {"SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha"},
    {"SI", "SVN", "Slovenia"}, {"SJ", "SJM", "Svalbard and Jan Mayen"},
    {"SK", "SVK", "Slovakia"}, {"SL", "SLE", "Sierra Leone"}, {"SM", "SMR", "San Marino"},
    {"SN", "SEN", "Senegal"}, {"SO", "SOM", "Somalia"}, {"SR", "SUR", "Suriname"},
    {"SS", "SSD", "South Sudan"}, {"ST", "STP", "Sao Tome and Principe"}, {"SU", "SUN", "USSR"},
    {"SV", "SLV", "El Salvador"}, {"SX", "SXM", "Sint Maarten (Dutch part)"},
    {"SY", "SYR", "Syrian Arab Republic"}, {"SZ", "SWZ", "Eswatini"},
    {"TC", "TCA", "Turks and Caicos Islands"}, {"TD", "TCD", "Chad"},
    {"TF", "ATF", "French Southern Territories"}, {"TG", "TGO", "Togo"},
    {"TH", "THA", "Thailand"}, {"TJ", "TJK", "Tajikistan"}, {"TK", "TKL", "Tokelau"},
    {"TL", "TLS", "Timor-Leste"}, {"TM", "TKM", "Turkmenistan"}, {"TN", "TUN", "Tunisia"},
    {"TO", "TON", "Tonga"}, {"TR", "TUR", "Türkiye"}, {"TT", "TTO", "Trinidad and Tobago"},
    {"TV", "TUV", "Tuvalu"}, {"TW", "TWN", "Taiwan, Province of China"},
    {"TZ", "TZA", "Tanzania, United Republic of"}, {"UA", "UKR", "Ukraine"},
    {"UG", "UGA", "Uganda"}, {"UM", "UMI", "United States Minor Outlying Islands"},
    {"US", "USA", "United States of America"}, {"UY", "URY", "Uruguay"},
    {"UZ", "UZB", "Uzbekistan"}, {"VA", "VAT", "Holy See"},
    {"VC", "VCT", "Saint Vincent and the Grenadines"},
    {"VE", "VEN", "Venezuela, Bolivarian Republic of"},
    {"VG", "VGB", "Virgin Islands (British)"}, {"VI", "VIR", "Virgin Islands (U.S.)"},
    {"VN", "VNM", "Viet Nam"}, {"VU", "VUT", "Vanuatu"}, {"WF", "WLF", "Wallis and Futuna"},
    {"WS", "WSM", "Samoa"}, {"XK", "XKX", "Kosovo"}, {"YE", "YEM", "Yemen"},
    {"YT", "MYT", "Mayotte"}, {"YU", "YUG", "Yugoslavia"}, {"ZA", "ZAF", "South Africa"},
    {"ZM", "ZMB", "Zambia"}, {"ZW", "ZWE", "Zimbabwe"},
};

typedef struct alpha3_row {
    char a3[4];
    char a2[3];
} alpha3_row;

/* Alpha-3 codes, sorted. Besides those of k_countries: CSK
 * (Czechoslovakia), RKS (Kosovo on its passports) and the ICAO 9303
 * nationality codes for the kinds of British passport (GBD, GBN, GBO, GBP,
 * GBS), which are all issued by the United Kingdom. */
static const alpha3_row k_alpha3[] = {
    {"ABW", "AW"}, {"AFG", "AF"}, {"AGO", "AO"}, {"AIA", "AI"}, {"ALA", "AX"}, {"ALB", "AL"},
    {"AND", "AD"}, {"ANT", "AN"}, {"ARE", "AE"}, {"ARG", "AR"}, {"ARM", "AM"}, {"ASM", "AS"},
    {"ATA", "AQ"}, {"ATF", "TF"}, {"ATG", "AG"}, {"AUS", "AU"}, {"AUT", "AT"}, {"AZE", "AZ"},
    {"BDI", "BI"}, {"BEL", "BE"}, {"BEN", "BJ"}, {"BES", "BQ"}, {"BFA", "BF"}, {"BGD", "BD"},
    {"BGR", "BG"}, {"BHR", "BH"}, {"BHS", "BS"}, {"BIH", "BA"}, {"BLM", "BL"}, {"BLR", "BY"},
    {"BLZ", "BZ"}, {"BMU", "BM"}, {"BOL", "BO"}, {"BRA", "BR"}, {"BRB", "BB"}, {"BRN", "BN"},
    {"BTN", "BT"}, {"BVT", "BV"}, {"BWA", "BW"}, {"CAF", "CF"}, {"CAN", "CA"}, {"CCK", "CC"},
    {"CHE", "CH"}, {"CHL", "CL"}, {"CHN", "CN"}, {"CIV", "CI"}, {"CMR", "CM"}, {"COD", "CD"},
    {"COG", "CG"}, {"COK", "CK"}, {"COL", "CO"}, {"COM", "KM"}, {"CPV", "CV"}, {"CRI", "CR"},
    {"CSK", "CS"}, {"CUB", "CU"}, {"CUW", "CW"}, {"CXR", "CX"}, {"CYM", "KY"}, {"CYP", "CY"},
    {"CZE", "CZ"}, {"DDR", "DD"}, {"DEU", "DE"}, {"DJI", "DJ"}, {"DMA", "DM"}, {"DNK", "DK"},
    {"DOM", "DO"}, {"DZA", "DZ"}, {"ECU", "EC"}, {"EGY", "EG"}, {"ERI", "ER"}, {"ESH", "EH"},
    {"ESP", "ES"}, {"EST", "EE"}, {"ETH", "ET"}, {"FIN", "FI"}, {"FJI", "FJ"}, {"FLK", "FK"},
    {"FRA", "FR"}, {"FRO", "FO"}, {"FSM", "FM"}, {"GAB", "GA"}, {"GBD", "GB"}, {"GBN", "GB"},
    {"GBO", "GB"}, {"GBP", "GB"}, {"GBR", "GB"}, {"GBS", "GB"}, {"GEO", "GE"}, {"GGY", "GG"},
    {"GHA", "GH"}, {"GIB", "GI"}, {"GIN", "GN"}, {"GLP", "GP"}, {"GMB", "GM"}, {"GNB", "GW"},
    {"GNQ", "GQ"}, {"GRC", "GR"}, {"GRD", "GD"}, {"GRL", "GL"}, {"GTM", "GT"}, {"GUF", "GF"},
    {"GUM", "GU"}, {"GUY", "GY"}, {"HKG", "HK"}, {"HMD", "HM"}, {"HND", "HN"}, {"HRV", "HR"},
    {"HTI", "HT"}, {"HUN", "HU"}, {"IDN", "ID"}, {"IMN", "IM"}, {"IND", "IN"}, {"IOT", "IO"},
    {"IRL", "IE"}, {"IRN", "IR"}, {"IRQ", "IQ"}, {"ISL", "IS"}, {"ISR", "IL"}, {"ITA", "IT"},
    {"JAM", "JM"}, {"JEY", "JE"}, {"JOR", "JO"}, {"JPN", "JP"}, {"KAZ", "KZ"}, {"KEN", "KE"},
    {"KGZ", "KG"}, {"KHM", "KH"}, {"KIR", "KI"}, {"KNA", "KN"}, {"KOR", "KR"}, {"KWT", "KW"},
    {"LAO", "LA"}, {"LBN", "LB"}, {"LBR", "LR"}, {"LBY", "LY"}, {"LCA", "LC"}, {"LIE", "LI"},
    {"LKA", "LK"}, {"LSO", "LS"}, {"LTU", "LT"}, {"LUX", "LU"}, {"LVA", "LV"}, {"MAC", "MO"},
    {"MAF", "MF"}, {"MAR", "MA"}, {"MCO", "MC"}, {"MDA", "MD"}, {"MDG", "MG"}, {"MDV", "MV"},
    {"MEX", "MX"}, {"MHL", "MH"}, {"MKD", "MK"}, {"MLI", "ML"}, {"MLT", "MT"}, {"MMR", "MM"},
    {"MNE", "ME"}, {"MNG", "MN"}, {"MNP", "MP"}, {"MOZ", "MZ"}, {"MRT", "MR"}, {"MSR", "MS"},
    {"MTQ", "MQ"}, {"MUS", "MU"}, {"MWI", "MW"}, {"MYS", "MY"}, {"MYT", "YT"}, {"NAM", "NA"},
    {"NCL", "NC"}, {"NER", "NE"}, {"NFK", "NF"}, {"NGA", "NG"}, {"NIC", "NI"}, {"NIU", "NU"},
    {"NLD", "NL"}, {"NOR", "NO"}, {"NPL", "NP"}, {"NRU", "NR"}, {"NZL", "NZ"}, {"OMN", "OM"},
    {"PAK", "PK"}, {"PAN", "PA"}, {"PCN", "PN"}, {"PER", "PE"}, {"PHL", "PH"}, {"PLW", "PW"},
    {"PNG", "PG"}, {"POL", "PL"}, {"PRI", "PR"}, {"PRK", "KP"}, {"PRT", "PT"}, {"PRY", "PY"},
    {"PSE", "PS"}, {"PYF", "PF"}, {"QAT", "QA"}, {"REU", "RE"}, {"RKS", "XK"}, {"ROU", "RO"},
    {"RUS", "RU"}, {"RWA", "RW"}, {"SAU", "SA"}, {"SCG", "CS"}, {"SDN", "SD"}, {"SEN", "SN"},
    {"SGP", "SG"}, {"SGS", "GS"}, {"SHN", "SH"}, {"SJM", "SJ"}, {"SLB", "SB"}, {"SLE", "SL"},
    {"SLV", "SV"}, {"SMR", "SM"}, {"SOM", "SO"}, {"SPM", "PM"}, {"SRB", "RS"}, {"SSD", "SS"},
    {"STP", "ST"}, {"SUN", "SU"}, {"SUR", "SR"}, {"SVK", "SK"}, {"SVN", "SI"}, {"SWE", "SE"},
    {"SWZ", "SZ"}, {"SXM", "SX"}, {"SYC", "SC"}, {"SYR", "SY"}, {"TCA", "TC"}, {"TCD", "TD"},
    {"TGO", "TG"}, {"THA", "TH"}, {"TJK", "TJ"}, {"TKL", "TK"}, {"TKM", "TM"}, {"TLS", "TL"},
    {"TON", "TO"}, {"TTO", "TT"}, {"TUN", "TN"}, {"TUR", "TR"}, {"TUV", "TV"}, {"TWN", "TW"},
    {"TZA", "TZ"}, {"UGA", "UG"}, {"UKR", "UA"}, {"UMI", "UM"}, {"URY", "UY"}, {"USA", "US"},
    {"UZB", "UZ"}, {"VAT", "VA"}, {"VCT", "VC"}, {"VEN", "VE"}, {"VGB", "VG"}, {"VIR", "VI"},
    {"VNM", "VN"}, {"VUT", "VU"}, {"WLF", "WF"}, {"WSM", "WS"}, {"XKX", "XK"}, {"YEM", "YE"},
    {"YUG", "YU"}, {"ZAF", "ZA"}, {"ZMB", "ZM"}, {"ZWE", "ZW"},
};

typedef struct alias_row {
    const char *key; /* normalised text, see "Normalisation" below */
    char a2[3];
} alias_row;

/* Names, variants and demonyms in normalised form, sorted by strcmp.
 * Hand-maintained: keep the order and the normal form when adding entries
 * (test_country checks both, and that every entry resolves to its code).
 * Deliberately absent: regions and peoples that are not countries
 * (Chechnya, Kurdistan, Crimea, Abkhazia, Chechen, Kurdish ...) and
 * demonyms shared by two countries (Congolese, Dominican, Korean). */
static const alias_row k_aliases[] = {
    {"afghan", "AF"}, {"afghani", "AF"}, {"afghanistan", "AF"}, {"aland", "AX"},
    {"aland islands", "AX"}, {"albania", "AL"}, {"albanian", "AL"}, {"algeria", "DZ"},
    {"algerian", "DZ"}, {"america", "US"}, {"american", "US"}, {"american samoa", "AS"},
    {"american samoan", "AS"}, {"andorra", "AD"}, {"andorran", "AD"}, {"angola", "AO"},
    {"angolan", "AO"}, {"anguilla", "AI"}, {"anguillan", "AI"}, {"antarctica", "AQ"},
    {"antigua", "AG"}, {"antigua and barbuda", "AG"}, {"antiguan", "AG"},
    {"arab republic of egypt", "EG"}, {"argentina", "AR"}, {"argentine", "AR"},
    {"argentine republic", "AR"}, {"argentinean", "AR"}, {"argentinian", "AR"},
    {"armenia", "AM"}, {"armenian", "AM"}, {"aruba", "AW"}, {"aruban", "AW"},
    {"ascension island", "SH"}, {"australia", "AU"}, {"australian", "AU"}, {"austria", "AT"},
    {"austrian", "AT"}, {"azerbaijan", "AZ"}, {"azerbaijani", "AZ"}, {"azeri", "AZ"},
    {"bahamas", "BS"}, {"bahamian", "BS"}, {"bahrain", "BH"}, {"bahraini", "BH"},
    {"bajan", "BB"}, {"bangladesh", "BD"}, {"bangladeshi", "BD"}, {"barbadian", "BB"},
    {"barbados", "BB"}, {"basotho", "LS"}, {"batswana", "BW"}, {"belarus", "BY"},
    {"belarusian", "BY"}, {"belarussian", "BY"}, {"belgian", "BE"}, {"belgium", "BE"},
    {"belize", "BZ"}, {"belizean", "BZ"}, {"belorussia", "BY"}, {"benin", "BJ"},
    {"beninese", "BJ"}, {"bermuda", "BM"}, {"bermudan", "BM"}, {"bermudian", "BM"},
    {"bhutan", "BT"}, {"bhutanese", "BT"}, {"bih", "BA"}, {"bissau guinean", "GW"},
    {"bolivarian republic of venezuela", "VE"}, {"bolivia", "BO"},
    {"bolivia plurinational state of", "BO"}, {"bolivian", "BO"}, {"bonaire", "BQ"},
    {"bonaire sint eustatius and saba", "BQ"}, {"bosnia", "BA"},
    {"bosnia and herzegovina", "BA"}, {"bosnia herzegovina", "BA"}, {"bosnian", "BA"},
    {"botswana", "BW"}, {"botswanan", "BW"}, {"bouvet island", "BV"}, {"brasil", "BR"},
    {"brazil", "BR"}, {"brazilian", "BR"}, {"britain", "GB"}, {"british", "GB"},
    {"british indian ocean territory", "IO"}, {"british virgin islands", "VG"},
    {"brunei", "BN"}, {"brunei darussalam", "BN"}, {"bruneian", "BN"}, {"bulgaria", "BG"},
    {"bulgarian", "BG"}, {"burkina", "BF"}, {"burkina faso", "BF"}, {"burkinabe", "BF"},
    {"burma", "MM"}, {"burmese", "MM"}, {"burundi", "BI"}, {"burundian", "BI"}, {"bvi", "VG"},
    {"byelorussia", "BY"}, {"cabo verde", "CV"}, {"cabo verdean", "CV"}, {"cambodia", "KH"},
    {"cambodian", "KH"}, {"cameroon", "CM"}, {"cameroonian", "CM"}, {"canada", "CA"},
    {"canadian", "CA"}, {"cape verde", "CV"}, {"cape verdean", "CV"},
    {"caribbean netherlands", "BQ"}, {"cayman islands", "KY"}, {"caymanian", "KY"},
    {"central african", "CF"}, {"central african republic", "CF"}, {"ceylon", "LK"},
    {"chad", "TD"}, {"chadian", "TD"}, {"chile", "CL"}, {"chilean", "CL"}, {"china", "CN"},
    {"china hong kong special administrative region", "HK"},
    {"china macao special administrative region", "MO"}, {"chinese", "CN"},
    {"chinese taipei", "TW"}, {"christmas island", "CX"},
    {"co operative republic of guyana", "GY"}, {"cocos islands", "CC"},
    {"cocos keeling islands", "CC"}, {"collectivity of saint martin", "MF"}, {"colombia", "CO"},
    {"colombian", "CO"}, {"commonwealth of australia", "AU"},
    {"commonwealth of dominica", "DM"}, {"commonwealth of the bahamas", "BS"},
    {"commonwealth of the northern mariana islands", "MP"}, {"comoran", "KM"},
    {"comorian", "KM"}, {"comoros", "KM"}, {"congo", "CG"}, {"congo brazzaville", "CG"},
    {"congo democratic republic", "CD"}, {"congo democratic republic of the", "CD"},
    {"congo dr", "CD"}, {"congo kinshasa", "CD"}, {"congo republic", "CG"},
    {"congo republic of the", "CG"}, {"congo the democratic republic of the", "CD"},
    {"cook islander", "CK"}, {"cook islands", "CK"}, {"cooperative republic of guyana", "GY"},
    {"costa rica", "CR"}, {"costa rican", "CR"}, {"cote d ivoire", "CI"},
    {"cote divoire", "CI"}, {"croatia", "HR"}, {"croatian", "HR"}, {"cuba", "CU"},
    {"cuban", "CU"}, {"curacao", "CW"}, {"cypriot", "CY"}, {"cyprus", "CY"}, {"czech", "CZ"},
    {"czech republic", "CZ"}, {"czechia", "CZ"}, {"czechoslovak", "CS"},
    {"czechoslovakia", "CS"}, {"czechoslovakian", "CS"}, {"dahomey", "BJ"}, {"danish", "DK"},
    {"democratic peoples republic of korea", "KP"}, {"democratic republic of congo", "CD"},
    {"democratic republic of the congo", "CD"}, {"democratic republic of timor leste", "TL"},
    {"democratic socialist republic of sri lanka", "LK"}, {"denmark", "DK"},
    {"deutschland", "DE"}, {"djibouti", "DJ"}, {"djiboutian", "DJ"}, {"dominica", "DM"},
    {"dominican republic", "DO"}, {"dpr korea", "KP"}, {"dprk", "KP"}, {"dr congo", "CD"},
    {"drc", "CD"}, {"dutch", "NL"}, {"east germany", "DD"}, {"east timor", "TL"},
    {"east timorese", "TL"}, {"ecuador", "EC"}, {"ecuadorean", "EC"}, {"ecuadorian", "EC"},
    {"egypt", "EG"}, {"egyptian", "EG"}, {"eire", "IE"}, {"el salvador", "SV"},
    {"emirates", "AE"}, {"emirati", "AE"}, {"england", "GB"}, {"equatoguinean", "GQ"},
    {"equatorial guinea", "GQ"}, {"equatorial guinean", "GQ"}, {"eritrea", "ER"},
    {"eritrean", "ER"}, {"espana", "ES"}, {"estonia", "EE"}, {"estonian", "EE"},
    {"eswatini", "SZ"}, {"ethiopia", "ET"}, {"ethiopian", "ET"}, {"faeroe islands", "FO"},
    {"falkland islands", "FK"}, {"falkland islands malvinas", "FK"}, {"falklands", "FK"},
    {"faroe islands", "FO"}, {"faroes", "FO"}, {"faroese", "FO"},
    {"federal democratic republic of ethiopia", "ET"},
    {"federal democratic republic of nepal", "NP"}, {"federal republic of germany", "DE"},
    {"federal republic of nigeria", "NG"}, {"federal republic of somalia", "SO"},
    {"federal republic of yugoslavia", "YU"}, {"federated states of micronesia", "FM"},
    {"federative republic of brazil", "BR"}, {"fiji", "FJ"}, {"fijian", "FJ"},
    {"filipina", "PH"}, {"filipino", "PH"}, {"finland", "FI"}, {"finnish", "FI"},
    {"former soviet union", "SU"}, {"former ussr", "SU"},
    {"former yugoslav republic of macedonia", "MK"}, {"former yugoslavia", "YU"},
    {"france", "FR"}, {"french", "FR"}, {"french guiana", "GF"}, {"french polynesia", "PF"},
    {"french republic", "FR"}, {"french southern and antarctic lands", "TF"},
    {"french southern territories", "TF"}, {"fyrom", "MK"}, {"gabon", "GA"}, {"gabonese", "GA"},
    {"gabonese republic", "GA"}, {"gambia", "GM"}, {"gambian", "GM"}, {"gaza", "PS"},
    {"gaza strip", "PS"}, {"gdr", "DD"}, {"georgia", "GE"}, {"georgian", "GE"},
    {"german", "DE"}, {"german democratic republic", "DD"}, {"germany", "DE"}, {"ghana", "GH"},
    {"ghanaian", "GH"}, {"gibraltar", "GI"}, {"gibraltarian", "GI"},
    {"grand duchy of luxembourg", "LU"}, {"great britain", "GB"},
    {"great britain and northern ireland", "GB"},
    {"great socialist peoples libyan arab jamahiriya", "LY"}, {"greece", "GR"}, {"greek", "GR"},
    {"greenland", "GL"}, {"greenlander", "GL"}, {"greenlandic", "GL"}, {"grenada", "GD"},
    {"grenadian", "GD"}, {"guadeloupe", "GP"}, {"guam", "GU"}, {"guamanian", "GU"},
    {"guatemala", "GT"}, {"guatemalan", "GT"}, {"guernsey", "GG"}, {"guinea", "GN"},
    {"guinea bissau", "GW"}, {"guinea conakry", "GN"}, {"guinean", "GN"}, {"guyana", "GY"},
    {"guyanese", "GY"}, {"haiti", "HT"}, {"haitian", "HT"},
    {"hashemite kingdom of jordan", "JO"}, {"heard and mcdonald islands", "HM"},
    {"heard island and mcdonald islands", "HM"}, {"hellenic republic", "GR"}, {"holland", "NL"},
    {"holy see", "VA"}, {"holy see vatican city state", "VA"}, {"honduran", "HN"},
    {"honduras", "HN"}, {"hong kong", "HK"}, {"hong kong china", "HK"}, {"hong kong sar", "HK"},
    {"hong kong sar china", "HK"}, {"hong kong special administrative region", "HK"},
    {"hong kong special administrative region of china", "HK"}, {"hongkonger", "HK"},
    {"hungarian", "HU"}, {"hungary", "HU"}, {"i kiribati", "KI"}, {"iceland", "IS"},
    {"icelander", "IS"}, {"icelandic", "IS"}, {"independent state of papua new guinea", "PG"},
    {"independent state of samoa", "WS"}, {"india", "IN"}, {"indian", "IN"},
    {"indonesia", "ID"}, {"indonesian", "ID"}, {"iran", "IR"},
    {"iran islamic republic of", "IR"}, {"iranian", "IR"}, {"iraq", "IQ"}, {"iraqi", "IQ"},
    {"ireland", "IE"}, {"irish", "IE"}, {"islamic emirate of afghanistan", "AF"},
    {"islamic republic of afghanistan", "AF"}, {"islamic republic of iran", "IR"},
    {"islamic republic of mauritania", "MR"}, {"islamic republic of pakistan", "PK"},
    {"isle of man", "IM"}, {"israel", "IL"}, {"israeli", "IL"}, {"italian", "IT"},
    {"italian republic", "IT"}, {"italy", "IT"}, {"ivorian", "CI"}, {"ivory coast", "CI"},
    {"jamaica", "JM"}, {"jamaican", "JM"}, {"japan", "JP"}, {"japanese", "JP"},
    {"jersey", "JE"}, {"jordan", "JO"}, {"jordanian", "JO"}, {"kampuchea", "KH"},
    {"kazakh", "KZ"}, {"kazakhstan", "KZ"}, {"kazakhstani", "KZ"}, {"kazakstan", "KZ"},
    {"keeling islands", "CC"}, {"kenya", "KE"}, {"kenyan", "KE"}, {"kingdom of bahrain", "BH"},
    {"kingdom of belgium", "BE"}, {"kingdom of bhutan", "BT"}, {"kingdom of cambodia", "KH"},
    {"kingdom of denmark", "DK"}, {"kingdom of eswatini", "SZ"}, {"kingdom of lesotho", "LS"},
    {"kingdom of morocco", "MA"}, {"kingdom of norway", "NO"},
    {"kingdom of saudi arabia", "SA"}, {"kingdom of spain", "ES"}, {"kingdom of sweden", "SE"},
    {"kingdom of thailand", "TH"}, {"kingdom of the netherlands", "NL"},
    {"kingdom of tonga", "TO"}, {"kirghizia", "KG"}, {"kirgizia", "KG"}, {"kiribati", "KI"},
    {"kittitian", "KN"}, {"korea democratic peoples republic of", "KP"}, {"korea dpr", "KP"},
    {"korea north", "KP"}, {"korea republic of", "KR"}, {"korea south", "KR"},
    {"kosovan", "XK"}, {"kosovar", "XK"}, {"kosovo", "XK"}, {"ksa", "SA"}, {"kuwait", "KW"},
    {"kuwaiti", "KW"}, {"kyrgyz", "KG"}, {"kyrgyz republic", "KG"}, {"kyrgyzstan", "KG"},
    {"kyrgyzstani", "KG"}, {"lao", "LA"}, {"lao pdr", "LA"},
    {"lao peoples democratic republic", "LA"}, {"laos", "LA"}, {"laotian", "LA"},
    {"latvia", "LV"}, {"latvian", "LV"}, {"lebanese", "LB"}, {"lebanese republic", "LB"},
    {"lebanon", "LB"}, {"lesotho", "LS"}, {"liberia", "LR"}, {"liberian", "LR"},
    {"libya", "LY"}, {"libyan", "LY"}, {"libyan arab jamahiriya", "LY"},
    {"liechtenstein", "LI"}, {"liechtensteiner", "LI"}, {"lithuania", "LT"},
    {"lithuanian", "LT"}, {"luxembourg", "LU"}, {"luxembourger", "LU"}, {"luxembourgish", "LU"},
    {"macanese", "MO"}, {"macao", "MO"}, {"macao china", "MO"}, {"macao sar", "MO"},
    {"macao special administrative region", "MO"},
    {"macao special administrative region of china", "MO"}, {"macau", "MO"},
    {"macau china", "MO"}, {"macau sar", "MO"}, {"macedonia", "MK"},
    {"macedonia the former yugoslav republic of", "MK"}, {"macedonian", "MK"},
    {"madagascar", "MG"}, {"mainland china", "CN"}, {"malagasy", "MG"}, {"malawi", "MW"},
    {"malawian", "MW"}, {"malaysia", "MY"}, {"malaysian", "MY"}, {"maldives", "MV"},
    {"maldivian", "MV"}, {"mali", "ML"}, {"malian", "ML"}, {"malta", "MT"}, {"maltese", "MT"},
    {"malvinas", "FK"}, {"manx", "IM"}, {"marshall islands", "MH"}, {"marshallese", "MH"},
    {"martinique", "MQ"}, {"mauritania", "MR"}, {"mauritanian", "MR"}, {"mauritian", "MU"},
    {"mauritius", "MU"}, {"mayotte", "YT"}, {"mexican", "MX"}, {"mexico", "MX"},
    {"micronesia", "FM"}, {"micronesia federated states of", "FM"}, {"micronesian", "FM"},
    {"moldavia", "MD"}, {"moldova", "MD"}, {"moldova republic of", "MD"}, {"moldovan", "MD"},
    {"monaco", "MC"}, {"monegasque", "MC"}, {"mongolia", "MN"}, {"mongolian", "MN"},
    {"montenegrin", "ME"}, {"montenegro", "ME"}, {"montserrat", "MS"}, {"moroccan", "MA"},
    {"morocco", "MA"}, {"mosotho", "LS"}, {"motswana", "BW"}, {"mozambican", "MZ"},
    {"mozambique", "MZ"}, {"myanmar", "MM"}, {"namibia", "NA"}, {"namibian", "NA"},
    {"nauru", "NR"}, {"nauruan", "NR"}, {"nepal", "NP"}, {"nepalese", "NP"}, {"nepali", "NP"},
    {"netherlands", "NL"}, {"netherlands antillean", "AN"}, {"netherlands antilles", "AN"},
    {"netherlands kingdom of the", "NL"}, {"new caledonia", "NC"}, {"new zealand", "NZ"},
    {"new zealander", "NZ"}, {"ni vanuatu", "VU"}, {"nicaragua", "NI"}, {"nicaraguan", "NI"},
    {"niger", "NE"}, {"nigeria", "NG"}, {"nigerian", "NG"}, {"nigerien", "NE"}, {"niue", "NU"},
    {"niuean", "NU"}, {"norfolk island", "NF"}, {"north korea", "KP"}, {"north korean", "KP"},
    {"north macedonia", "MK"}, {"north macedonian", "MK"}, {"northern ireland", "GB"},
    {"northern mariana islands", "MP"}, {"northern marianas", "MP"}, {"norway", "NO"},
    {"norwegian", "NO"}, {"occupied palestinian territories", "PS"},
    {"occupied palestinian territory", "PS"},
    {"occupied palestinian territory including east jerusalem", "PS"}, {"oman", "OM"},
    {"omani", "OM"}, {"oriental republic of uruguay", "UY"}, {"pakistan", "PK"},
    {"pakistani", "PK"}, {"palau", "PW"}, {"palauan", "PW"}, {"palestine", "PS"},
    {"palestine state of", "PS"}, {"palestinian", "PS"}, {"palestinian territories", "PS"},
    {"palestinian territory", "PS"}, {"palestinian territory occupied", "PS"}, {"panama", "PA"},
    {"panamanian", "PA"}, {"papua new guinea", "PG"}, {"papua new guinean", "PG"},
    {"paraguay", "PY"}, {"paraguayan", "PY"}, {"peoples democratic republic of algeria", "DZ"},
    {"peoples republic of bangladesh", "BD"}, {"peoples republic of china", "CN"},
    {"persia", "IR"}, {"peru", "PE"}, {"peruvian", "PE"}, {"philippine", "PH"},
    {"philippines", "PH"}, {"pitcairn", "PN"}, {"pitcairn islands", "PN"},
    {"plurinational state of bolivia", "BO"}, {"poland", "PL"}, {"polish", "PL"},
    {"portugal", "PT"}, {"portuguese", "PT"}, {"portuguese republic", "PT"}, {"prc", "CN"},
    {"principality of andorra", "AD"}, {"principality of liechtenstein", "LI"},
    {"principality of monaco", "MC"}, {"puerto rican", "PR"}, {"puerto rico", "PR"},
    {"qatar", "QA"}, {"qatari", "QA"}, {"republic of albania", "AL"},
    {"republic of angola", "AO"}, {"republic of armenia", "AM"}, {"republic of austria", "AT"},
    {"republic of azerbaijan", "AZ"}, {"republic of belarus", "BY"},
    {"republic of benin", "BJ"}, {"republic of botswana", "BW"}, {"republic of bulgaria", "BG"},
    {"republic of burundi", "BI"}, {"republic of cabo verde", "CV"},
    {"republic of cameroon", "CM"}, {"republic of chad", "TD"}, {"republic of chile", "CL"},
    {"republic of china", "TW"}, {"republic of colombia", "CO"}, {"republic of congo", "CG"},
    {"republic of costa rica", "CR"}, {"republic of cote divoire", "CI"},
    {"republic of croatia", "HR"}, {"republic of cuba", "CU"}, {"republic of cyprus", "CY"},
    {"republic of djibouti", "DJ"}, {"republic of ecuador", "EC"},
    {"republic of el salvador", "SV"}, {"republic of equatorial guinea", "GQ"},
    {"republic of estonia", "EE"}, {"republic of fiji", "FJ"}, {"republic of finland", "FI"},
    {"republic of ghana", "GH"}, {"republic of guatemala", "GT"}, {"republic of guinea", "GN"},
    {"republic of guinea bissau", "GW"}, {"republic of haiti", "HT"},
    {"republic of honduras", "HN"}, {"republic of india", "IN"},
    {"republic of indonesia", "ID"}, {"republic of iraq", "IQ"}, {"republic of ireland", "IE"},
    {"republic of kazakhstan", "KZ"}, {"republic of kenya", "KE"}, {"republic of korea", "KR"},
    {"republic of kosovo", "XK"}, {"republic of latvia", "LV"}, {"republic of liberia", "LR"},
    {"republic of lithuania", "LT"}, {"republic of macedonia", "MK"},
    {"republic of madagascar", "MG"}, {"republic of malawi", "MW"},
    {"republic of maldives", "MV"}, {"republic of mali", "ML"}, {"republic of malta", "MT"},
    {"republic of mauritius", "MU"}, {"republic of moldova", "MD"},
    {"republic of mozambique", "MZ"}, {"republic of namibia", "NA"},
    {"republic of nauru", "NR"}, {"republic of nicaragua", "NI"}, {"republic of niger", "NE"},
    {"republic of north macedonia", "MK"}, {"republic of palau", "PW"},
    {"republic of panama", "PA"}, {"republic of paraguay", "PY"}, {"republic of peru", "PE"},
    {"republic of poland", "PL"}, {"republic of rwanda", "RW"}, {"republic of senegal", "SN"},
    {"republic of serbia", "RS"}, {"republic of seychelles", "SC"},
    {"republic of sierra leone", "SL"}, {"republic of singapore", "SG"},
    {"republic of slovenia", "SI"}, {"republic of south africa", "ZA"},
    {"republic of south sudan", "SS"}, {"republic of sudan", "SD"},
    {"republic of tajikistan", "TJ"}, {"republic of the congo", "CG"},
    {"republic of the gambia", "GM"}, {"republic of the marshall islands", "MH"},
    {"republic of the niger", "NE"}, {"republic of the philippines", "PH"},
    {"republic of the sudan", "SD"}, {"republic of the union of myanmar", "MM"},
    {"republic of tunisia", "TN"}, {"republic of turkey", "TR"}, {"republic of turkiye", "TR"},
    {"republic of uganda", "UG"}, {"republic of uzbekistan", "UZ"},
    {"republic of vanuatu", "VU"}, {"republic of yemen", "YE"}, {"republic of zambia", "ZM"},
    {"republic of zimbabwe", "ZW"}, {"reunion", "RE"}, {"rok", "KR"}, {"romania", "RO"},
    {"romanian", "RO"}, {"rsa", "ZA"}, {"rumania", "RO"}, {"russia", "RU"}, {"russian", "RU"},
    {"russian federation", "RU"}, {"rwanda", "RW"}, {"rwandan", "RW"}, {"rwandese", "RW"},
    {"sahrawi arab democratic republic", "EH"}, {"saint barthelemy", "BL"},
    {"saint barths", "BL"}, {"saint barts", "BL"}, {"saint christopher and nevis", "KN"},
    {"saint helena", "SH"}, {"saint helena ascension and tristan da cunha", "SH"},
    {"saint kitts", "KN"}, {"saint kitts and nevis", "KN"}, {"saint lucia", "LC"},
    {"saint lucian", "LC"}, {"saint martin", "MF"}, {"saint martin french part", "MF"},
    {"saint pierre and miquelon", "PM"}, {"saint vincent", "VC"},
    {"saint vincent and the grenadines", "VC"}, {"salvadoran", "SV"}, {"salvadorian", "SV"},
    {"sammarinese", "SM"}, {"samoa", "WS"}, {"samoan", "WS"}, {"san marino", "SM"},
    {"santomean", "ST"}, {"sao tome and principe", "ST"}, {"saudi", "SA"},
    {"saudi arabia", "SA"}, {"saudi arabian", "SA"}, {"scotland", "GB"}, {"senegal", "SN"},
    {"senegalese", "SN"}, {"serbia", "RS"}, {"serbia and montenegro", "CS"}, {"serbian", "RS"},
    {"seychelles", "SC"}, {"seychellois", "SC"}, {"siam", "TH"}, {"sierra leone", "SL"},
    {"sierra leonean", "SL"}, {"singapore", "SG"}, {"singaporean", "SG"},
    {"sint eustatius", "BQ"}, {"sint maarten", "SX"}, {"sint maarten dutch part", "SX"},
    {"slovak", "SK"}, {"slovak republic", "SK"}, {"slovakia", "SK"}, {"slovakian", "SK"},
    {"slovene", "SI"}, {"slovenia", "SI"}, {"slovenian", "SI"},
    {"socialist federal republic of yugoslavia", "YU"},
    {"socialist republic of viet nam", "VN"}, {"socialist republic of vietnam", "VN"},
    {"solomon islander", "SB"}, {"solomon islands", "SB"}, {"somali", "SO"}, {"somalia", "SO"},
    {"somalian", "SO"}, {"south africa", "ZA"}, {"south african", "ZA"},
    {"south georgia", "GS"}, {"south georgia and the south sandwich islands", "GS"},
    {"south korea", "KR"}, {"south korean", "KR"}, {"south sudan", "SS"},
    {"south sudanese", "SS"}, {"soviet", "SU"}, {"soviet union", "SU"}, {"spain", "ES"},
    {"spanish", "ES"}, {"sri lanka", "LK"}, {"sri lankan", "LK"}, {"state of eritrea", "ER"},
    {"state of israel", "IL"}, {"state of kuwait", "KW"}, {"state of libya", "LY"},
    {"state of palestine", "PS"}, {"state of qatar", "QA"},
    {"state union of serbia and montenegro", "CS"}, {"sudan", "SD"}, {"sudanese", "SD"},
    {"sultanate of oman", "OM"}, {"surinam", "SR"}, {"suriname", "SR"}, {"surinamese", "SR"},
    {"svalbard", "SJ"}, {"svalbard and jan mayen", "SJ"}, {"swazi", "SZ"}, {"swaziland", "SZ"},
    {"sweden", "SE"}, {"swedish", "SE"}, {"swiss", "CH"}, {"swiss confederation", "CH"},
    {"switzerland", "CH"}, {"syria", "SY"}, {"syrian", "SY"}, {"syrian arab republic", "SY"},
    {"tadjikistan", "TJ"}, {"taiwan", "TW"}, {"taiwan province of china", "TW"},
    {"taiwanese", "TW"}, {"tajik", "TJ"}, {"tajikistan", "TJ"}, {"tajikistani", "TJ"},
    {"tanzania", "TZ"}, {"tanzania united republic of", "TZ"}, {"tanzanian", "TZ"},
    {"thai", "TH"}, {"thailand", "TH"}, {"timor leste", "TL"}, {"timorese", "TL"},
    {"tobagonian", "TT"}, {"togo", "TG"}, {"togolese", "TG"}, {"togolese republic", "TG"},
    {"tokelau", "TK"}, {"tonga", "TO"}, {"tongan", "TO"}, {"trinidad", "TT"},
    {"trinidad and tobago", "TT"}, {"trinidadian", "TT"}, {"tristan da cunha", "SH"},
    {"tunisia", "TN"}, {"tunisian", "TN"}, {"turkey", "TR"}, {"turkish", "TR"},
    {"turkiye", "TR"}, {"turkmen", "TM"}, {"turkmenistan", "TM"}, {"turks and caicos", "TC"},
    {"turks and caicos islands", "TC"}, {"tuvalu", "TV"}, {"tuvaluan", "TV"}, {"uae", "AE"},
    {"uganda", "UG"}, {"ugandan", "UG"}, {"uk", "GB"}, {"ukraine", "UA"}, {"ukrainian", "UA"},
    {"union of soviet socialist republics", "SU"}, {"union of the comoros", "KM"},
    {"united arab emirates", "AE"}, {"united kingdom", "GB"},
    {"united kingdom of great britain and northern ireland", "GB"},
    {"united mexican states", "MX"}, {"united republic of tanzania", "TZ"},
    {"united states", "US"}, {"united states minor outlying islands", "UM"},
    {"united states of america", "US"}, {"united states virgin islands", "VI"},
    {"upper volta", "BF"}, {"uruguay", "UY"}, {"uruguayan", "UY"}, {"us", "US"},
    {"us virgin islands", "VI"}, {"usa", "US"}, {"ussr", "SU"}, {"uzbek", "UZ"},
    {"uzbekistan", "UZ"}, {"uzbekistani", "UZ"}, {"vanuatu", "VU"}, {"vatican", "VA"},
    {"vatican city", "VA"}, {"vatican city state", "VA"}, {"venezuela", "VE"},
    {"venezuela bolivarian republic of", "VE"}, {"venezuelan", "VE"}, {"viet nam", "VN"},
    {"vietnam", "VN"}, {"vietnamese", "VN"}, {"vincentian", "VC"},
    {"virgin islands british", "VG"}, {"virgin islands us", "VI"}, {"wales", "GB"},
    {"wallis and futuna", "WF"}, {"wallis and futuna islands", "WF"}, {"west bank", "PS"},
    {"west bank and gaza", "PS"}, {"west bank and gaza strip", "PS"}, {"west germany", "DE"},
    {"western sahara", "EH"}, {"western samoa", "WS"}, {"yemen", "YE"}, {"yemeni", "YE"},
    {"yugoslav", "YU"}, {"yugoslavia", "YU"}, {"yugoslavian", "YU"}, {"zaire", "CD"},
    {"zambia", "ZM"}, {"zambian", "ZM"}, {"zimbabwe", "ZW"}, {"zimbabwean", "ZW"},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Normalisation                                                            */
/* ------------------------------------------------------------------------ */

/* The normal form: lower-case ASCII words separated by one space, where
 * - Latin-1 and Latin Extended-A letters fold to ASCII (Côte -> cote,
 *   Türkiye -> turkiye, Åland -> aland, ß -> ss, æ -> ae);
 * - apostrophes (' ` ´ ‘ ’ ʼ ʻ) vanish, so "People's" and "Peoples" agree;
 * - "&" is the word "and"; any other punctuation or space separates words;
 * - runs of single letters join ("U.S.A." -> usa, "D.P.R.K." -> dprk);
 * - "st", "rep", "dem" expand to saint, republic, democratic;
 * - a leading "the" is dropped ("The Gambia" -> gambia).
 * Text with other non-ASCII letters (Arabic, Cyrillic ...) cannot be
 * normalised and never matches. */

/* U+00C0..U+00FF; NULL marks the two symbols, which separate words. */
static const char *const k_fold_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F as base letters; '1' stands for "ij", '2' for "oe". */
static const char k_fold_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkk"
                                   "llllllllllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuu"
                                   "uuwwyyyzzzzzzs";
_Static_assert(sizeof(k_fold_ext_a) == 129, "one letter per code point U+0100..U+017F");

typedef struct norm {
    char *out; /* COUNTRY_NORM_CAP bytes, NUL-terminated */
    size_t len;
    char word[COUNTRY_NORM_CAP];
    size_t wlen;
    unsigned nwords;  /* words completed so far */
    bool held_the;    /* the first word was "the"; dropped if another follows */
    bool prev_single; /* the last word was a single letter */
    bool bad;         /* overflow or a character that cannot be folded */
} norm;

static void norm_init(norm *n, char *out)
{
    n->out = out;
    n->out[0] = '\0';
    n->len = 0;
    n->wlen = 0;
    n->nwords = 0;
    n->held_the = false;
    n->prev_single = false;
    n->bad = false;
}

static void norm_put(norm *n, const char *s, size_t l)
{
    if (n->len + l >= COUNTRY_NORM_CAP) {
        n->bad = true;
        return;
    }
    memcpy(n->out + n->len, s, l);
    n->len += l;
    n->out[n->len] = '\0';
}

static void norm_letters(norm *n, const char *s, size_t l)
{
    if (n->wlen + l >= sizeof(n->word)) {
        n->bad = true;
        return;
    }
    memcpy(n->word + n->wlen, s, l);
    n->wlen += l;
}

static bool word_is(const char *w, size_t l, const char *lit)
{
    return strlen(lit) == l && memcmp(w, lit, l) == 0;
}

/* Ends the current word and appends it to the output. */
static void norm_end_word(norm *n)
{
    const char *w = n->word;
    size_t l = n->wlen;
    if (l == 0)
        return;
    n->wlen = 0;
    bool single = l == 1 && w[0] >= 'a' && w[0] <= 'z';
    if (n->nwords++ == 0 && word_is(w, l, "the")) {
        n->held_the = true;
        return;
    }
    n->held_the = false;
    if (single && n->prev_single) {
        norm_put(n, w, 1);
        return;
    }
    n->prev_single = single;
    if (word_is(w, l, "st"))
        w = "saint", l = 5;
    else if (word_is(w, l, "rep"))
        w = "republic", l = 8;
    else if (word_is(w, l, "dem"))
        w = "democratic", l = 10;
    if (n->len)
        norm_put(n, " ", 1);
    norm_put(n, w, l);
}

static void norm_finish(norm *n)
{
    norm_end_word(n);
    if (n->held_the)
        norm_put(n, "the", 3);
}

/* Decodes one UTF-8 code point at p[*i] (p[*i] >= 0x80), or returns -1 for
 * an invalid or overlong sequence. Four-byte sequences are not needed. */
static long utf8_next(const unsigned char *p, size_t n, size_t *i)
{
    unsigned char c = p[*i];
    if (c >= 0xC2 && c <= 0xDF && *i + 1 < n && (p[*i + 1] & 0xC0) == 0x80) {
        long cp = ((long)(c & 0x1F) << 6) | (p[*i + 1] & 0x3F);
        *i += 2;
        return cp;
    }
    if (c >= 0xE0 && c <= 0xEF && *i + 2 < n && (p[*i + 1] & 0xC0) == 0x80 &&
        (p[*i + 2] & 0xC0) == 0x80) {
        long cp = ((long)(c & 0x0F) << 12) | ((long)(p[*i + 1] & 0x3F) << 6) | (p[*i + 2] & 0x3F);
        if (cp < 0x800)
            return -1;
        *i += 3;
        return cp;
    }
    return -1;
}

static bool is_apostrophe(long cp)
{
    return cp == 0xB4 || cp == 0x2018 || cp == 0x2019 || cp == 0x2BB || cp == 0x2BC;
}

/* Appends p[0..len) to the normal form. */
static void norm_feed(norm *n, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    while (i < len && !n->bad) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                char ch = (char)c;
                norm_letters(n, &ch, 1);
            } else if (c >= 'A' && c <= 'Z') {
                char ch = (char)(c - 'A' + 'a');
                norm_letters(n, &ch, 1);
            } else if (c == '\'' || c == '`') {
                /* joins: "d'Ivoire" -> divoire */
            } else if (c == '&') {
                norm_end_word(n);
                norm_letters(n, "and", 3);
                norm_end_word(n);
            } else {
                norm_end_word(n);
            }
            continue;
        }
        long cp = utf8_next(p, len, &i);
        if (cp < 0) {
            n->bad = true;
        } else if (is_apostrophe(cp)) {
            /* joins, like the ASCII apostrophe */
        } else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F)) {
            norm_end_word(n); /* Latin-1 symbols, NBSP, dashes, quotes */
        } else if (cp <= 0xFF) {
            const char *f = k_fold_latin1[cp - 0xC0];
            if (f)
                norm_letters(n, f, strlen(f));
            else
                norm_end_word(n);
        } else if (cp <= 0x17F) {
            char f = k_fold_ext_a[cp - 0x100];
            if (f == '1')
                norm_letters(n, "ij", 2);
            else if (f == '2')
                norm_letters(n, "oe", 2);
            else
                norm_letters(n, &f, 1);
        } else if (cp >= 0x218 && cp <= 0x21B) {
            norm_letters(n, cp < 0x21A ? "s" : "t", 1); /* Romanian comma below */
        } else {
            n->bad = true;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

static const char *find_alias(const char *key)
{
    size_t lo = 0, hi = COUNT_OF(k_aliases);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, k_aliases[mid].key);
        if (c == 0)
            return k_aliases[mid].a2;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static const country_row *find_alpha2(const char up[2])
{
    size_t lo = 0, hi = COUNT_OF(k_countries);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(up, k_countries[mid].a2, 2);
        if (c == 0)
            return &k_countries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static const char *find_alpha3(const char up[3])
{
    size_t lo = 0, hi = COUNT_OF(k_alpha3);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(up, k_alpha3[mid].a3, 3);
        if (c == 0)
            return k_alpha3[mid].a2;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static bool is_ascii_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char ascii_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Trims ASCII space and punctuation at both ends, but keeps a closing
 * parenthesis so that a trailing qualifier can still be recognised. */
static vg_str trim_text(vg_str s)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t b = 0, e = s.len;
    while (b < e && p[b] < 0x80 && !is_ascii_alpha(p[b]) && !(p[b] >= '0' && p[b] <= '9'))
        b++;
    while (e > b && p[e - 1] < 0x80 && p[e - 1] != ')' && !is_ascii_alpha(p[e - 1]) &&
           !(p[e - 1] >= '0' && p[e - 1] <= '9'))
        e--;
    return (vg_str){s.ptr + b, e - b};
}

/* An alpha-2 or alpha-3 code, given as exactly two or three ASCII letters. */
static const char *lookup_code(vg_str s)
{
    char up[3];
    if (s.len != 2 && s.len != 3)
        return NULL;
    for (size_t i = 0; i < s.len; i++) {
        if (!is_ascii_alpha((unsigned char)s.ptr[i]))
            return NULL;
        up[i] = ascii_upper(s.ptr[i]);
    }
    if (s.len == 3)
        return find_alpha3(up);
    const country_row *c = find_alpha2(up);
    return c ? c->a2 : NULL;
}

/* Start of the parenthesised group that ends the text, or s.len when the
 * text does not end with one. */
static size_t trailing_group(vg_str s)
{
    if (s.len == 0 || s.ptr[s.len - 1] != ')')
        return s.len;
    int depth = 0;
    for (size_t i = s.len; i-- > 0;) {
        if (s.ptr[i] == ')')
            depth++;
        else if (s.ptr[i] == '(' && --depth == 0)
            return i;
    }
    return s.len;
}

/* "Korea, North" -> "north korea", "Bahamas, The" -> "bahamas". */
static const char *lookup_inverted(vg_str s, size_t comma)
{
    char buf[COUNTRY_NORM_CAP];
    norm n;
    norm_init(&n, buf);
    norm_feed(&n, s.ptr + comma + 1, s.len - comma - 1);
    norm_end_word(&n);
    norm_feed(&n, s.ptr, comma);
    norm_finish(&n);
    return n.bad || n.len == 0 ? NULL : find_alias(buf);
}

/* The whole text, then, when that is not a known name, the text without
 * the qualifiers lists and passports attach to a country. */
static const char *lookup_text(vg_str s, int depth)
{
    char buf[COUNTRY_NORM_CAP];
    norm n;
    s = trim_text(s);
    if (s.len == 0 || s.len > COUNTRY_TEXT_MAX)
        return NULL;

    norm_init(&n, buf);
    norm_feed(&n, s.ptr, s.len);
    norm_finish(&n);
    if (!n.bad && n.len > 0) {
        const char *code = find_alias(buf);
        if (code)
            return code;
    }
    if (depth >= COUNTRY_DEPTH_MAX)
        return NULL;

    /* "Indonesia (as at Dec. 2003)", "USSR (until 1991)" */
    size_t open = trailing_group(s);
    if (open > 0 && open < s.len)
        return lookup_text((vg_str){s.ptr, open}, depth + 1);

    /* "Sudan/South Sudan": several countries, no single answer. */
    if (memchr(s.ptr, '/', s.len))
        return NULL;

    /* OFAC writes "Region: Gaza" where it names no country; the region
     * itself may still be one of our names. */
    if (s.len > 7 && vg_str_istarts_ascii(s, "region:"))
        return lookup_text((vg_str){s.ptr + 7, s.len - 7}, depth + 1);

    /* One comma: an inverted name ("Korea, South", "Gambia, The"). */
    const char *comma = memchr(s.ptr, ',', s.len);
    if (comma && !memchr(comma + 1, ',', s.len - (size_t)(comma - s.ptr) - 1))
        return lookup_inverted(s, (size_t)(comma - s.ptr));

    /* "Cabo Verde.  Previously Cape Verde.": the first sentence. */
    for (size_t i = 1; i + 1 < s.len; i++) {
        if (s.ptr[i] == '.' && s.ptr[i + 1] == ' ')
            return lookup_text((vg_str){s.ptr, i}, depth + 1);
    }
    return NULL;
}

bool vg_country_lookup(vg_str name, char out[3])
{
    const char *code = NULL;
    vg_str s = name.ptr ? trim_text(name) : (vg_str){"", 0};

    if (out)
        out[0] = '\0';
    /* Lists write "na" for "not available" (the UN list does, as a
     * nationality); only upper-case "NA" is Namibia. */
    if (s.len == 2 && vg_str_ieq_ascii(s, "na") && memcmp(s.ptr, "NA", 2) != 0)
        return false;
    code = lookup_code(s);
    if (!code)
        code = lookup_text(s, 0);
    if (!code)
        return false;
    if (out) {
        out[0] = code[0];
        out[1] = code[1];
        out[2] = '\0';
    }
    return true;
}

const char *vg_country_name(const char *alpha2)
{
    if (!alpha2 || !is_ascii_alpha((unsigned char)alpha2[0]) ||
        !is_ascii_alpha((unsigned char)alpha2[1]) || alpha2[2] != '\0')
        return NULL;
    char up[2] = {ascii_upper(alpha2[0]), ascii_upper(alpha2[1])};
    const country_row *c = find_alpha2(up);
    return c ? c->name : NULL;
}

/* ------------------------------------------------------------------------ */
/* Test hooks                                                               */
/* ------------------------------------------------------------------------ */

/* Let tests/model/test_country.c walk the tables to check their order and
 * that every entry resolves. Internal: declared only here and there. */
size_t vg__country_count(void);
const char *vg__country_at(size_t i, const char **alpha3, const char **name);
size_t vg__country_alpha3_count(void);
const char *vg__country_alpha3_at(size_t i, const char **alpha2);
size_t vg__country_alias_count(void);
const char *vg__country_alias_at(size_t i, const char **alpha2);

size_t vg__country_count(void)
{
    return COUNT_OF(k_countries);
}

const char *vg__country_at(size_t i, const char **alpha3, const char **name)
{
    if (i >= COUNT_OF(k_countries))
        return NULL;
    *alpha3 = k_countries[i].a3;
    *name = k_countries[i].name;
    return k_countries[i].a2;
}

size_t vg__country_alpha3_count(void)
{
    return COUNT_OF(k_alpha3);
}

const char *vg__country_alpha3_at(size_t i, const char **alpha2)
{
    if (i >= COUNT_OF(k_alpha3))
        return NULL;
    *alpha2 = k_alpha3[i].a2;
    return k_alpha3[i].a3;
}

size_t vg__country_alias_count(void)
{
    return COUNT_OF(k_aliases);
}

const char *vg__country_alias_at(size_t i, const char **alpha2)
{
    if (i >= COUNT_OF(k_aliases))
        return NULL;
    *alpha2 = k_aliases[i].a2;
    return k_aliases[i].key;
}
