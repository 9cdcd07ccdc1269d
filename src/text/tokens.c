/* SPDX-License-Identifier: Apache-2.0 */
/* Tokens of a folded name: splitting, dotted acronyms, the lexicon of
 * particles, titles, legal forms and generic words, the Arabic article and
 * its assimilated forms, and the compounds written joined or apart
 * (abdul+X, X+aldin, X+ullah) brought to one token form. */
#include "vg_text.h"

/* Lexicon flags beyond the public VG_TOKF_* bits. */
#define LX_ART 0x100u   /* assimilated article form: ad, ash, ed, ud ... */
#define LX_ALLAH 0x200u /* allah, ullah ... (second part of X+ullah) */
#define LX_DINW 0x400u  /* din, deen (after the article: X al din) */
#define LX_DINF 0x800u  /* aldin, uddin, eddine ... (after X) */
#define LX_PHRASE 0x1000u /* a word of a legal form written out (any name) */
#define LX_EZAFE 0x2000u  /* the Persian ezafe (Bank-e Saman): left out */
#define LX_GENERATION 0x4000u /* Jr, Sr, III: a title in a person's name only */

/* Flags that only apply to organisation names (VG_NORM_ORG). */
#define ORG_ONLY (VG_TOKF_LEGAL | VG_TOKF_GENERIC)
#define PUBLIC_FLAGS 0xFFu

typedef struct lex_ent {
    const char *w;
    const char *canon; /* spelling written instead (NULL: the word itself) */
    unsigned flags;
} lex_ent;

/* Sorted by strcmp (checked by vg__text_lexicon_check and a unit test).
 * General linguistic knowledge: Arabic, Persian and Urdu particles and
 * titles; European nobiliary particles; company legal forms as written in
 * their countries (and Russian/Ukrainian/Kazakh forms transliterated). */
static const lex_ent lexicon[] = {
    {"ab", NULL, VG_TOKF_LEGAL},
    {"abo", "abu", VG_TOKF_PARTICLE},
    {"abou", "abu", VG_TOKF_PARTICLE},
    {"abu", NULL, VG_TOKF_PARTICLE},
    {"ad", NULL, VG_TOKF_PARTICLE | VG_TOKF_LEGAL | LX_ART},
    {"adh", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"administration", NULL, VG_TOKF_GENERIC},
    {"admiral", NULL, VG_TOKF_TITLE},
    {"ag", NULL, VG_TOKF_PARTICLE | VG_TOKF_LEGAL},
    {"agency", NULL, VG_TOKF_GENERIC},
    {"agro", NULL, VG_TOKF_GENERIC},
    {"airlines", NULL, VG_TOKF_GENERIC},
    {"airways", NULL, VG_TOKF_GENERIC},
    {"ait", NULL, VG_TOKF_PARTICLE},
    {"al", NULL, VG_TOKF_PARTICLE},
    {"alhadji", "hajji", VG_TOKF_TITLE},
    {"alhaj", "hajji", VG_TOKF_TITLE},
    {"alhaji", "hajji", VG_TOKF_TITLE},
    {"alhajj", "hajji", VG_TOKF_TITLE},
    {"alla", NULL, LX_ALLAH},
    {"allah", NULL, LX_ALLAH},
    {"ameer", "amir", 0},
    {"amir", NULL, 0},
    {"an", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"and", NULL, VG_TOKF_GENERIC},
    {"anstalt", NULL, VG_TOKF_LEGAL},
    {"ao", NULL, VG_TOKF_LEGAL},
    {"ap", NULL, VG_TOKF_PARTICLE},
    {"aps", NULL, VG_TOKF_LEGAL},
    {"ar", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"as", NULL, VG_TOKF_PARTICLE | VG_TOKF_LEGAL | LX_ART},
    {"asa", NULL, VG_TOKF_LEGAL},
    {"ash", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"assn", "association", VG_TOKF_GENERIC}, /* business abbreviations */
    {"association", NULL, VG_TOKF_GENERIC},
    {"at", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"ath", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"authority", NULL, VG_TOKF_GENERIC},
    {"aviation", NULL, VG_TOKF_GENERIC},
    {"ayatollah", "ayatullah", VG_TOKF_TITLE},
    {"ayatullah", NULL, VG_TOKF_TITLE},
    {"az", NULL, VG_TOKF_PARTICLE | LX_ART},
    {"bani", NULL, VG_TOKF_PARTICLE},
    {"bank", NULL, VG_TOKF_GENERIC},
    {"banu", "bani", VG_TOKF_PARTICLE},
    {"ben", "bin", VG_TOKF_PARTICLE},
    {"beni", "bani", VG_TOKF_PARTICLE},
    {"bent", "bint", VG_TOKF_PARTICLE},
    {"bhd", NULL, VG_TOKF_LEGAL},
    {"bin", NULL, VG_TOKF_PARTICLE},
    {"bint", NULL, VG_TOKF_PARTICLE},
    {"binte", "bint", VG_TOKF_PARTICLE},
    {"binti", "bint", VG_TOKF_PARTICLE},
    {"brig", NULL, VG_TOKF_TITLE},
    {"brigadier", NULL, VG_TOKF_TITLE},
    {"bro", "bros", VG_TOKF_GENERIC},
    {"brothers", "bros", VG_TOKF_GENERIC},
    {"bsc", NULL, VG_TOKF_LEGAL},
    {"bureau", NULL, VG_TOKF_GENERIC},
    {"bv", NULL, VG_TOKF_LEGAL},
    {"ca", NULL, VG_TOKF_LEGAL}, /* compania anonima (Venezuela) */
    {"capital", NULL, VG_TOKF_GENERIC},
    {"capt", NULL, VG_TOKF_TITLE},
    {"captain", NULL, VG_TOKF_TITLE},
    {"center", NULL, VG_TOKF_GENERIC},
    {"centre", NULL, VG_TOKF_GENERIC},
    {"cheik", "sheikh", VG_TOKF_TITLE},
    {"cheikh", "sheikh", VG_TOKF_TITLE},
    {"chemical", NULL, VG_TOKF_GENERIC},
    {"chemicals", NULL, VG_TOKF_GENERIC},
    {"cia", "compania", VG_TOKF_GENERIC},
    {"cjsc", NULL, VG_TOKF_LEGAL},
    {"co", NULL, VG_TOKF_LEGAL},
    {"col", NULL, VG_TOKF_TITLE},
    {"colonel", NULL, VG_TOKF_TITLE},
    {"comercial", NULL, VG_TOKF_GENERIC},
    {"comercializadora", NULL, VG_TOKF_GENERIC},
    {"commander", NULL, VG_TOKF_TITLE},
    {"commerce", NULL, VG_TOKF_GENERIC},
    {"commercial", NULL, VG_TOKF_GENERIC},
    {"commercio", NULL, VG_TOKF_GENERIC},
    {"committee", NULL, VG_TOKF_GENERIC},
    {"compagnie", NULL, VG_TOKF_GENERIC},
    {"compania", NULL, VG_TOKF_GENERIC},
    {"companies", NULL, VG_TOKF_GENERIC},
    {"company", "co", VG_TOKF_LEGAL},
    {"construction", NULL, VG_TOKF_GENERIC},
    {"consultants", NULL, VG_TOKF_GENERIC},
    {"consulting", NULL, VG_TOKF_GENERIC},
    {"contracting", NULL, VG_TOKF_GENERIC},
    {"contractors", NULL, VG_TOKF_GENERIC},
    {"cooperative", NULL, VG_TOKF_GENERIC},
    {"corp", NULL, VG_TOKF_LEGAL},
    {"corporation", "corp", VG_TOKF_LEGAL},
    {"council", NULL, VG_TOKF_GENERIC},
    {"cv", NULL, VG_TOKF_LEGAL},
    {"da", NULL, VG_TOKF_PARTICLE},
    {"danismanlik", NULL, VG_TOKF_GENERIC}, /* consulting (Turkish) */
    {"das", NULL, VG_TOKF_PARTICLE},
    {"dd", NULL, VG_TOKF_LEGAL},
    {"de", NULL, VG_TOKF_PARTICLE},
    {"deen", NULL, LX_DINW},
    {"degli", NULL, VG_TOKF_PARTICLE},
    {"dei", NULL, VG_TOKF_PARTICLE},
    {"del", NULL, VG_TOKF_PARTICLE},
    {"della", NULL, VG_TOKF_PARTICLE},
    {"dello", NULL, VG_TOKF_PARTICLE},
    {"den", NULL, VG_TOKF_PARTICLE},
    {"denizcilik", NULL, VG_TOKF_GENERIC}, /* shipping (Turkish) */
    {"department", NULL, VG_TOKF_GENERIC},
    {"der", NULL, VG_TOKF_PARTICLE},
    {"dernegi", NULL, VG_TOKF_GENERIC}, /* association (Turkish) */
    {"derzhavne", NULL, VG_TOKF_GENERIC},
    {"des", NULL, VG_TOKF_PARTICLE},
    {"development", NULL, VG_TOKF_GENERIC},
    {"devt", "development", VG_TOKF_GENERIC},
    {"di", NULL, VG_TOKF_PARTICLE},
    {"din", NULL, LX_DINW},
    {"dine", NULL, LX_DINW},
    {"directorate", NULL, VG_TOKF_GENERIC},
    {"distribuidora", NULL, VG_TOKF_GENERIC},
    {"do", NULL, VG_TOKF_PARTICLE},
    {"doctor", NULL, VG_TOKF_TITLE},
    {"doo", NULL, VG_TOKF_LEGAL},
    {"dos", NULL, VG_TOKF_PARTICLE},
    {"dp", NULL, VG_TOKF_LEGAL},
    {"dr", NULL, VG_TOKF_TITLE},
    {"du", NULL, VG_TOKF_PARTICLE},
    {"ed", NULL, LX_ART},
    {"eddeen", NULL, LX_DINF},
    {"eddin", NULL, LX_DINF},
    {"eddine", NULL, LX_DINF},
    {"ehf", NULL, VG_TOKF_LEGAL},
    {"eirl", NULL, VG_TOKF_LEGAL},
    {"el", "al", VG_TOKF_PARTICLE},
    {"eldeen", NULL, LX_DINF},
    {"eldin", NULL, LX_DINF},
    {"electronics", NULL, VG_TOKF_GENERIC},
    {"ellah", NULL, LX_ALLAH},
    {"emir", "amir", 0},
    {"empresa", NULL, VG_TOKF_GENERIC},
    {"en", NULL, LX_ART},
    {"energy", NULL, VG_TOKF_GENERIC},
    {"enerji", NULL, VG_TOKF_GENERIC}, /* energy (Turkish) */
    {"eng", NULL, VG_TOKF_TITLE},
    {"engg", "engineering", VG_TOKF_GENERIC},
    {"engineer", NULL, VG_TOKF_TITLE},
    {"engineering", NULL, VG_TOKF_GENERIC},
    {"enterprise", NULL, VG_TOKF_GENERIC},
    {"enterprises", NULL, VG_TOKF_GENERIC},
    {"entreprise", NULL, VG_TOKF_GENERIC},
    {"eood", NULL, VG_TOKF_LEGAL},
    {"equipment", NULL, VG_TOKF_GENERIC},
    {"er", NULL, LX_ART},
    {"es", NULL, LX_ART},
    {"esh", NULL, LX_ART},
    {"est", NULL, VG_TOKF_LEGAL},
    {"establishment", NULL, VG_TOKF_GENERIC},
    {"et", NULL, VG_TOKF_GENERIC | LX_ART},
    {"eurl", NULL, VG_TOKF_LEGAL},
    {"exchange", NULL, VG_TOKF_GENERIC},
    {"export", NULL, VG_TOKF_GENERIC},
    {"exportadora", NULL, VG_TOKF_GENERIC},
    {"exports", NULL, VG_TOKF_GENERIC},
    {"ez", NULL, LX_ART},
    {"factories", NULL, VG_TOKF_GENERIC},
    {"factory", NULL, VG_TOKF_GENERIC},
    {"federalnoe", NULL, VG_TOKF_GENERIC},
    {"federalnoye", NULL, VG_TOKF_GENERIC},
    {"fgbu", NULL, VG_TOKF_LEGAL},
    {"fgup", NULL, VG_TOKF_LEGAL},
    {"finance", NULL, VG_TOKF_GENERIC},
    {"financial", NULL, VG_TOKF_GENERIC},
    {"for", NULL, VG_TOKF_GENERIC},
    {"foundation", NULL, VG_TOKF_GENERIC},
    {"fzc", NULL, VG_TOKF_LEGAL},
    {"fzco", NULL, VG_TOKF_LEGAL},
    {"fze", NULL, VG_TOKF_LEGAL},
    {"fzllc", NULL, VG_TOKF_LEGAL},
    {"gas", NULL, VG_TOKF_GENERIC},
    {"gen", NULL, VG_TOKF_TITLE},
    {"general", NULL, VG_TOKF_TITLE | VG_TOKF_GENERIC},
    {"gesellschaft", NULL, VG_TOKF_GENERIC},
    {"global", NULL, VG_TOKF_GENERIC},
    {"gmbh", NULL, VG_TOKF_LEGAL},
    {"gongsi", NULL, VG_TOKF_GENERIC}, /* company (Chinese) */
    {"gosudarstvennoe", NULL, VG_TOKF_GENERIC},
    {"gosudarstvennoye", NULL, VG_TOKF_GENERIC},
    {"gp", NULL, VG_TOKF_LEGAL},
    {"group", NULL, VG_TOKF_GENERIC},
    {"groupe", NULL, VG_TOKF_GENERIC},
    {"grupa", NULL, VG_TOKF_GENERIC},
    {"grupo", NULL, VG_TOKF_GENERIC},
    {"gruppa", NULL, VG_TOKF_GENERIC},
    {"gruppo", NULL, VG_TOKF_GENERIC},
    {"gup", NULL, VG_TOKF_LEGAL},
    {"hadj", "hajji", VG_TOKF_TITLE},
    {"hadji", "hajji", VG_TOKF_TITLE},
    {"haj", "hajji", VG_TOKF_TITLE},
    {"haji", "hajji", VG_TOKF_TITLE},
    {"hajj", "hajji", VG_TOKF_TITLE},
    {"hajji", NULL, VG_TOKF_TITLE},
    {"handel", NULL, VG_TOKF_GENERIC},
    {"handels", NULL, VG_TOKF_GENERIC},
    {"havacilik", NULL, VG_TOKF_GENERIC}, /* aviation (Turkish) */
    {"hazrat", NULL, VG_TOKF_TITLE},
    {"hldgs", "holdings", VG_TOKF_GENERIC},
    {"holding", NULL, VG_TOKF_GENERIC},
    {"holdings", NULL, VG_TOKF_GENERIC},
    {"hotel", NULL, VG_TOKF_GENERIC},
    {"hotels", NULL, VG_TOKF_GENERIC},
    {"ibin", "bin", VG_TOKF_PARTICLE},
    {"ibn", "bin", VG_TOKF_PARTICLE},
    {"ibnu", "bin", VG_TOKF_PARTICLE},
    {"ihracat", NULL, VG_TOKF_GENERIC}, /* export (Turkish) */
    {"ii", NULL, LX_GENERATION}, /* generational suffixes (II, III, IV, Jr, Sr) */
    {"iii", NULL, LX_GENERATION},
    {"illah", NULL, LX_ALLAH},
    {"imam", NULL, VG_TOKF_TITLE},
    {"import", NULL, VG_TOKF_GENERIC},
    {"importadora", NULL, VG_TOKF_GENERIC},
    {"imports", NULL, VG_TOKF_GENERIC},
    {"in", NULL, VG_TOKF_GENERIC}, /* ISLAMIC STATE IN ... */
    {"inc", NULL, VG_TOKF_LEGAL},
    {"incorporated", "inc", VG_TOKF_LEGAL},
    {"industria", NULL, VG_TOKF_GENERIC},
    {"industrial", NULL, VG_TOKF_GENERIC},
    {"industrie", NULL, VG_TOKF_GENERIC},
    {"industries", NULL, VG_TOKF_GENERIC},
    {"industry", NULL, VG_TOKF_GENERIC},
    {"insaat", NULL, VG_TOKF_GENERIC}, /* construction (Turkish) */
    {"institute", NULL, VG_TOKF_GENERIC},
    {"insurance", NULL, VG_TOKF_GENERIC},
    {"internacional", NULL, VG_TOKF_GENERIC},
    {"international", NULL, VG_TOKF_GENERIC},
    {"internationale", NULL, VG_TOKF_GENERIC},
    {"intl", "international", VG_TOKF_GENERIC},
    {"inversiones", NULL, VG_TOKF_GENERIC},
    {"investment", NULL, VG_TOKF_GENERIC},
    {"investments", NULL, VG_TOKF_GENERIC},
    {"ithalat", NULL, VG_TOKF_GENERIC}, /* import (Turkish) */
    {"iv", NULL, LX_GENERATION},
    {"jamiat", NULL, VG_TOKF_GENERIC}, /* society (Arabic) */
    {"jamiyat", NULL, VG_TOKF_GENERIC}, /* society (Arabic) */
    {"jamiyya", NULL, VG_TOKF_GENERIC}, /* society (Arabic) */
    {"jamiyyat", NULL, VG_TOKF_GENERIC}, /* society (Arabic) */
    {"janab", NULL, VG_TOKF_TITLE},
    {"jnr", NULL, LX_GENERATION},
    {"jr", NULL, LX_GENERATION},
    {"jsc", NULL, VG_TOKF_LEGAL},
    {"junior", NULL, LX_GENERATION},
    {"jv", NULL, VG_TOKF_LEGAL}, /* joint venture */
    {"kampani", NULL, VG_TOKF_GENERIC},
    {"kazennoe", NULL, VG_TOKF_GENERIC},
    {"kazennoye", NULL, VG_TOKF_GENERIC},
    {"kft", NULL, VG_TOKF_LEGAL},
    {"kg", NULL, VG_TOKF_LEGAL},
    {"kgaa", NULL, VG_TOKF_LEGAL},
    {"kk", NULL, VG_TOKF_LEGAL},
    {"kombinat", NULL, VG_TOKF_GENERIC},
    {"ksc", NULL, VG_TOKF_LEGAL},
    {"kscc", NULL, VG_TOKF_LEGAL},
    {"la", NULL, VG_TOKF_PARTICLE},
    {"lda", NULL, VG_TOKF_LEGAL},
    {"le", NULL, VG_TOKF_PARTICLE},
    {"les", NULL, VG_TOKF_PARTICLE},
    {"lieutenant", NULL, VG_TOKF_TITLE},
    {"limitd", "ltd", VG_TOKF_LEGAL}, /* Limited in Arabic script (ليمتد) */
    {"limited", "ltd", VG_TOKF_LEGAL},
    {"limtd", "ltd", VG_TOKF_LEGAL},
    {"llc", NULL, VG_TOKF_LEGAL},
    {"llp", NULL, VG_TOKF_LEGAL},
    {"lmitd", "ltd", VG_TOKF_LEGAL}, /* Limited in Urdu and Persian script (لمیٹڈ) */
    {"lmtd", "ltd", VG_TOKF_LEGAL},
    {"lo", NULL, VG_TOKF_PARTICLE},
    {"logistics", NULL, VG_TOKF_GENERIC},
    {"lojistik", NULL, VG_TOKF_GENERIC}, /* logistics (Turkish) */
    {"lp", NULL, VG_TOKF_LEGAL},
    {"lt", NULL, VG_TOKF_TITLE},
    {"ltd", NULL, VG_TOKF_LEGAL},
    {"ltda", NULL, VG_TOKF_LEGAL},
    {"madencilik", NULL, VG_TOKF_GENERIC}, /* mining (Turkish) */
    {"maj", NULL, VG_TOKF_TITLE},
    {"major", NULL, VG_TOKF_TITLE},
    {"management", NULL, VG_TOKF_GENERIC},
    {"manufacturing", NULL, VG_TOKF_GENERIC},
    {"maoyi", NULL, VG_TOKF_GENERIC},  /* trade (Chinese) */
    {"marine", NULL, VG_TOKF_GENERIC},
    {"maritime", NULL, VG_TOKF_GENERIC},
    {"markaz", NULL, VG_TOKF_GENERIC}, /* centre (Arabic) */
    {"maulana", NULL, VG_TOKF_TITLE},
    {"maulavi", "mawlawi", VG_TOKF_TITLE},
    {"maulawi", "mawlawi", VG_TOKF_TITLE},
    {"maulvi", "mawlawi", VG_TOKF_TITLE},
    {"mawlana", "maulana", VG_TOKF_TITLE},
    {"mawlavi", "mawlawi", VG_TOKF_TITLE},
    {"mawlawi", NULL, VG_TOKF_TITLE},
    {"mbh", NULL, VG_TOKF_LEGAL},
    {"medical", NULL, VG_TOKF_GENERIC},
    {"mfg", "manufacturing", VG_TOKF_GENERIC},
    {"mgmt", "management", VG_TOKF_GENERIC},
    {"mines", NULL, VG_TOKF_GENERIC},
    {"mining", NULL, VG_TOKF_GENERIC},
    {"ministry", NULL, VG_TOKF_GENERIC},
    {"miss", NULL, VG_TOKF_TITLE},
    {"mmc", NULL, VG_TOKF_LEGAL},
    {"molana", "maulana", VG_TOKF_TITLE},
    {"molla", "mullah", VG_TOKF_TITLE},
    {"mollah", "mullah", VG_TOKF_TITLE},
    {"molvi", "mawlawi", VG_TOKF_TITLE},
    {"moulana", "maulana", VG_TOKF_TITLE},
    {"moulavi", "mawlawi", VG_TOKF_TITLE},
    {"moulla", "mullah", VG_TOKF_TITLE},
    {"moulvi", "mawlawi", VG_TOKF_TITLE},
    {"mowlavi", "mawlawi", VG_TOKF_TITLE},
    {"mowlawi", "mawlawi", VG_TOKF_TITLE},
    {"mr", NULL, VG_TOKF_TITLE},
    {"mrs", NULL, VG_TOKF_TITLE},
    {"ms", NULL, VG_TOKF_TITLE},
    {"muassasa", NULL, VG_TOKF_GENERIC}, /* foundation, establishment (Arabic) */
    {"muassasah", NULL, VG_TOKF_GENERIC}, /* foundation, establishment (Arabic) */
    {"muassasat", NULL, VG_TOKF_GENERIC}, /* foundation, establishment (Arabic) */
    {"mufti", NULL, VG_TOKF_TITLE},
    {"muhendislik", NULL, VG_TOKF_GENERIC}, /* engineering (Turkish) */
    {"mulla", "mullah", VG_TOKF_TITLE},
    {"mullah", NULL, VG_TOKF_TITLE},
    {"nakliyat", NULL, VG_TOKF_GENERIC}, /* haulage (Turkish) */
    {"nv", NULL, VG_TOKF_LEGAL},
    {"nyrt", NULL, VG_TOKF_LEGAL},
    {"oao", NULL, VG_TOKF_LEGAL},
    {"obyedineniye", NULL, VG_TOKF_GENERIC},
    {"of", NULL, VG_TOKF_GENERIC},
    {"office", NULL, VG_TOKF_GENERIC},
    {"ohg", NULL, VG_TOKF_LEGAL},
    {"oil", NULL, VG_TOKF_GENERIC},
    {"ojsc", NULL, VG_TOKF_LEGAL},
    {"olla", NULL, LX_ALLAH},
    {"ollah", NULL, LX_ALLAH},
    {"ood", NULL, VG_TOKF_LEGAL},
    {"ooo", NULL, VG_TOKF_LEGAL},
    {"organisation", NULL, VG_TOKF_GENERIC},
    {"organization", NULL, VG_TOKF_GENERIC},
    {"otomotiv", NULL, VG_TOKF_GENERIC}, /* automotive (Turkish) */
    {"ould", NULL, VG_TOKF_PARTICLE},
    {"oum", "umm", VG_TOKF_PARTICLE},
    {"oy", NULL, VG_TOKF_LEGAL},
    {"oyj", NULL, VG_TOKF_LEGAL},
    {"pahlavan", "pahlawan", VG_TOKF_TITLE},
    {"pahlawan", NULL, VG_TOKF_TITLE},
    {"pao", NULL, VG_TOKF_LEGAL},
    {"partners", NULL, VG_TOKF_GENERIC},
    {"partnership", NULL, VG_TOKF_GENERIC},
    {"pat", NULL, VG_TOKF_LEGAL},
    {"pazarlama", NULL, VG_TOKF_GENERIC}, /* marketing (Turkish) */
    {"petroleum", NULL, VG_TOKF_GENERIC},
    {"pharmaceutical", NULL, VG_TOKF_GENERIC},
    {"pharmaceuticals", NULL, VG_TOKF_GENERIC},
    {"pidpryiemstvo", NULL, VG_TOKF_GENERIC},
    {"pjs", NULL, VG_TOKF_LEGAL},
    {"pjsc", NULL, VG_TOKF_LEGAL},
    {"plc", NULL, VG_TOKF_LEGAL},
    {"pllc", NULL, VG_TOKF_LEGAL},
    {"prat", NULL, VG_TOKF_LEGAL},
    {"predpriyatie", NULL, VG_TOKF_GENERIC},
    {"predpriyatiye", NULL, VG_TOKF_GENERIC},
    {"products", NULL, VG_TOKF_GENERIC},
    {"prof", NULL, VG_TOKF_TITLE},
    {"professor", NULL, VG_TOKF_TITLE},
    {"psc", NULL, VG_TOKF_LEGAL},
    {"pt", NULL, VG_TOKF_LEGAL},
    {"pte", NULL, VG_TOKF_LEGAL},
    {"pty", NULL, VG_TOKF_LEGAL},
    {"pvt", NULL, VG_TOKF_LEGAL},
    {"qari", NULL, VG_TOKF_TITLE},
    {"qpsc", NULL, VG_TOKF_LEGAL},
    {"qsc", NULL, VG_TOKF_LEGAL},
    {"research", NULL, VG_TOKF_GENERIC},
    {"resources", NULL, VG_TOKF_GENERIC},
    {"rl", NULL, VG_TOKF_LEGAL},
    {"sa", NULL, VG_TOKF_LEGAL},
    {"saa", NULL, VG_TOKF_LEGAL},
    {"sab", NULL, VG_TOKF_LEGAL},
    {"sac", NULL, VG_TOKF_LEGAL},
    {"sae", NULL, VG_TOKF_LEGAL},
    {"saiyid", "sayyid", VG_TOKF_TITLE},
    {"sal", NULL, VG_TOKF_LEGAL},
    {"sanat", NULL, VG_TOKF_GENERIC},
    {"sanayi", NULL, VG_TOKF_GENERIC},  /* industry (Turkish) */
    {"saoc", NULL, VG_TOKF_LEGAL},
    {"saog", NULL, VG_TOKF_LEGAL},
    {"sapa", NULL, VG_TOKF_LEGAL},
    {"sapi", NULL, VG_TOKF_LEGAL},
    {"sarl", NULL, VG_TOKF_LEGAL},
    {"sas", NULL, VG_TOKF_LEGAL},
    {"sasu", NULL, VG_TOKF_LEGAL},
    {"savunma", NULL, VG_TOKF_GENERIC}, /* defence (Turkish) */
    {"sayed", "sayyid", VG_TOKF_TITLE},
    {"sayid", "sayyid", VG_TOKF_TITLE},
    {"sayyed", "sayyid", VG_TOKF_TITLE},
    {"sayyid", NULL, VG_TOKF_TITLE},
    {"sca", NULL, VG_TOKF_LEGAL},
    {"scs", NULL, VG_TOKF_LEGAL},
    {"sdn", NULL, VG_TOKF_LEGAL},
    {"senior", NULL, LX_GENERATION},
    {"sergeant", NULL, VG_TOKF_TITLE},
    {"service", NULL, VG_TOKF_GENERIC},
    {"services", NULL, VG_TOKF_GENERIC},
    {"servicios", NULL, VG_TOKF_GENERIC},
    {"seyed", "sayyid", VG_TOKF_TITLE},
    {"seyyed", "sayyid", VG_TOKF_TITLE},
    {"sgt", NULL, VG_TOKF_TITLE},
    {"shaik", "sheikh", VG_TOKF_TITLE},
    {"shaikh", "sheikh", VG_TOKF_TITLE},
    {"sharekat", "sherkat", VG_TOKF_GENERIC}, /* company (Persian, Arabic) */
    {"sharikah", "sherkat", VG_TOKF_GENERIC},
    {"sharikat", NULL, VG_TOKF_GENERIC}, /* company (Arabic) */
    {"shaykh", "sheikh", VG_TOKF_TITLE},
    {"sheik", "sheikh", VG_TOKF_TITLE},
    {"sheikh", NULL, VG_TOKF_TITLE},
    {"sherkat", NULL, VG_TOKF_GENERIC}, /* company (Persian) */
    {"sheykh", "sheikh", VG_TOKF_TITLE},
    {"shipping", NULL, VG_TOKF_GENERIC},
    {"shirkat", "sherkat", VG_TOKF_GENERIC},
    {"shpg", "shipping", VG_TOKF_GENERIC},
    {"sirketi", NULL, VG_TOKF_GENERIC}, /* company (Turkish) */
    {"sl", NULL, VG_TOKF_LEGAL},
    {"slu", NULL, VG_TOKF_LEGAL},
    {"snc", NULL, VG_TOKF_LEGAL},
    {"snr", NULL, LX_GENERATION},
    {"sociedad", NULL, VG_TOKF_GENERIC},
    {"sociedade", NULL, VG_TOKF_GENERIC},
    {"societa", NULL, VG_TOKF_GENERIC},
    {"societe", NULL, VG_TOKF_GENERIC},
    {"society", NULL, VG_TOKF_GENERIC},
    {"solutions", NULL, VG_TOKF_GENERIC},
    {"sp", NULL, VG_TOKF_LEGAL},
    {"spa", NULL, VG_TOKF_LEGAL},
    {"spc", NULL, VG_TOKF_LEGAL},
    {"spol", NULL, VG_TOKF_LEGAL},
    {"sprl", NULL, VG_TOKF_LEGAL},
    {"sr", NULL, LX_GENERATION},
    {"srl", NULL, VG_TOKF_LEGAL},
    {"sro", NULL, VG_TOKF_LEGAL},
    {"stg", NULL, VG_TOKF_GENERIC}, /* foundation (Dutch, short) */
    {"sti", NULL, VG_TOKF_LEGAL},       /* Sti. (Turkish limited company) */
    {"stichting", NULL, VG_TOKF_GENERIC}, /* foundation (Dutch) */
    {"studio", NULL, VG_TOKF_GENERIC},
    {"studios", NULL, VG_TOKF_GENERIC},
    {"supplies", NULL, VG_TOKF_GENERIC},
    {"supply", NULL, VG_TOKF_GENERIC},
    {"svcs", "services", VG_TOKF_GENERIC},
    {"syed", "sayyid", VG_TOKF_TITLE},
    {"systems", NULL, VG_TOKF_GENERIC},
    {"tbk", NULL, VG_TOKF_LEGAL},
    {"technologies", NULL, VG_TOKF_GENERIC},
    {"technology", NULL, VG_TOKF_GENERIC},
    {"tejarat", NULL, VG_TOKF_GENERIC},
    {"tekstil", NULL, VG_TOKF_GENERIC}, /* textiles (Turkish) */
    {"ten", NULL, VG_TOKF_PARTICLE},
    {"ter", NULL, VG_TOKF_PARTICLE},
    {"the", NULL, VG_TOKF_GENERIC},
    {"tic", "ticaret", VG_TOKF_GENERIC}, /* trade (Turkish, abbreviated) */
    {"ticaret", NULL, VG_TOKF_GENERIC}, /* trade (Turkish) */
    {"too", NULL, VG_TOKF_LEGAL},
    {"tourism", NULL, VG_TOKF_GENERIC},
    {"tov", NULL, VG_TOKF_LEGAL},
    {"trade", NULL, VG_TOKF_GENERIC},
    {"traders", NULL, VG_TOKF_GENERIC},
    {"trading", NULL, VG_TOKF_GENERIC},
    {"transport", NULL, VG_TOKF_GENERIC},
    {"transportation", NULL, VG_TOKF_GENERIC},
    {"travel", NULL, VG_TOKF_GENERIC},
    {"trdg", "trading", VG_TOKF_GENERIC},
    {"trust", NULL, VG_TOKF_GENERIC},
    {"turizm", NULL, VG_TOKF_GENERIC}, /* tourism (Turkish) */
    {"ud", NULL, LX_ART},
    {"uddeen", NULL, LX_DINF},
    {"uddin", NULL, LX_DINF},
    {"udin", NULL, LX_DINF},
    {"ug", NULL, VG_TOKF_LEGAL},
    {"ul", "al", VG_TOKF_PARTICLE},
    {"ulla", NULL, LX_ALLAH},
    {"ullah", NULL, LX_ALLAH},
    {"um", "umm", VG_TOKF_PARTICLE},
    {"umm", NULL, VG_TOKF_PARTICLE},
    {"und", NULL, VG_TOKF_GENERIC},
    {"unitarnoe", NULL, VG_TOKF_GENERIC},
    {"unitarnoye", NULL, VG_TOKF_GENERIC},
    {"ur", NULL, LX_ART},
    {"us", NULL, LX_ART},
    {"ush", NULL, LX_ART},
    {"ustad", NULL, VG_TOKF_TITLE},
    {"ustadh", "ustad", VG_TOKF_TITLE},
    {"ut", NULL, LX_ART},
    {"uz", NULL, LX_ART},
    {"va", NULL, VG_TOKF_GENERIC},      /* and (Persian) */
    {"vakfi", NULL, VG_TOKF_GENERIC}, /* foundation (Turkish) */
    {"van", NULL, VG_TOKF_PARTICLE},
    {"ve", NULL, VG_TOKF_GENERIC},      /* and (Turkish) */
    {"ventures", NULL, VG_TOKF_GENERIC},
    {"verein", NULL, VG_TOKF_GENERIC}, /* association (German) */
    {"vom", NULL, VG_TOKF_PARTICLE},
    {"von", NULL, VG_TOKF_PARTICLE},
    {"wa", NULL, VG_TOKF_GENERIC},      /* and (Arabic) */
    {"wll", NULL, VG_TOKF_LEGAL},
    {"yatirim", NULL, VG_TOKF_GENERIC}, /* investment (Turkish) */
    {"yayasan", NULL, VG_TOKF_GENERIC}, /* foundation (Indonesian, Malay) */
    {"youxian", NULL, VG_TOKF_LEGAL},  /* limited (Chinese) */
    {"zao", NULL, VG_TOKF_LEGAL},
    {"zavod", NULL, VG_TOKF_GENERIC},
    {"zrt", NULL, VG_TOKF_LEGAL},
    {"zu", NULL, VG_TOKF_PARTICLE},
    {"zum", NULL, VG_TOKF_PARTICLE},
    {"zur", NULL, VG_TOKF_PARTICLE},
};

#define N_LEX (sizeof lexicon / sizeof lexicon[0])

long vg__text_lexicon_check(void)
{
    for (size_t k = 1; k < N_LEX; k++)
        if (strcmp(lexicon[k - 1].w, lexicon[k].w) >= 0)
            return (long)k;
    return -1;
}

/* strcmp of the slice w[0..n) against the NUL-terminated e. */
static inline int lex_cmp(const char *w, size_t n, const char *e)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char a = (unsigned char)w[k], b = (unsigned char)e[k];
        if (a != b)
            return a < b ? -1 : 1; /* e ending first gives b == 0 < a */
    }
    return e[n] ? -1 : 0;
}

static const lex_ent *lex_find(const char *w, size_t n)
{
    size_t lo = 0, hi = N_LEX;
    if (n == 0 || n > 16)
        return NULL;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = lex_cmp(w, n, lexicon[mid].w);
        if (r == 0)
            return &lexicon[mid];
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Raw tokens                                                               */
/* ------------------------------------------------------------------------ */

static bool is_alpha(char c)
{
    return c >= 'a' && c <= 'z';
}

static void split(vg_text *t)
{
    size_t i = 0, len = t->lat_len;
    t->n_raw = 0;
    t->raw_full = false;
    while (i < len) {
        while (i < len && vg__lat_is_sep(t->lat[i]))
            i++;
        if (i >= len)
            break;
        size_t s = i;
        while (i < len && !vg__lat_is_sep(t->lat[i]))
            i++;
        /* a token cut by the stream cap is dropped unless it is the only one */
        if (t->lat_full && i == len && t->n_raw > 0)
            break;
        if (t->n_raw == VG__RAW_MAX) {
            t->raw_full = true;
            break;
        }
        t->raw[t->n_raw++] = (vg__rawtok){(uint32_t)s, (uint16_t)(i - s), i < len ? t->lat[i] : 0};
    }
}

/* Single letters joined by dots or slashes, nothing else between them,
 * form one token: B.N.C. -> bnc, S.A.R.L. -> sarl, A/S -> as. The letters
 * are compacted in place (the stream only shrinks). */
static void acronyms(vg_text *t)
{
    size_t w = 0;
    for (size_t k = 0; k < t->n_raw;) {
        size_t m = k;
        while (m < t->n_raw && t->raw[m].len == 1 && is_alpha(t->lat[t->raw[m].off]) &&
               (m == k || t->raw[m - 1].sep == VG__SEP_DOT || t->raw[m - 1].sep == VG__SEP_SLASH))
            m++;
        if (m - k >= 2) {
            uint32_t off = t->raw[k].off;
            for (size_t q = k; q < m; q++)
                t->lat[off + (q - k)] = t->lat[t->raw[q].off];
            t->raw[w++] = (vg__rawtok){off, (uint16_t)(m - k), t->raw[m - 1].sep};
            k = m;
        } else {
            t->raw[w++] = t->raw[k++];
        }
    }
    t->n_raw = w;
}

/* ------------------------------------------------------------------------ */
/* Words, articles, compounds                                               */
/* ------------------------------------------------------------------------ */

typedef struct word {
    const char *s;
    size_t n;
    char sep;
    unsigned lex;
} word;

static bool w_eq(const word *w, const char *c, size_t n)
{
    return w->n == n && memcmp(w->s, c, n) == 0;
}

/* Romanised Korean and Chinese syllables (the matcher pairs them across
 * romanisation systems; here they keep AI-LING from being read as Al-). */

/* The onset a romanised syllable starts with: its length in w (0: none,
 * the syllable starts with its vowel; -1: no syllable starts so), and what
 * the voicing fold makes of it in *fold. */
static int cjk_onset(vg_str w, const char **fold)
{
    char c1 = w.len > 1 ? w.ptr[1] : 0, c2 = w.len > 2 ? w.ptr[2] : 0;
    switch (w.ptr[0]) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        *fold = "";
        return 0;
    case 't':
        if (c1 == 'c' && c2 == 'h')
            return *fold = "ch", 3;
        if (c1 == 't')
            return *fold = "t", 2;
        if (c1 == 's')
            return *fold = "ts", 2;
        if (c1 == 'z')
            return *fold = "tz", 2;
        return *fold = "t", 1;
    case 'k': return *fold = "k", c1 == 'k' ? 2 : 1;
    case 'p': return *fold = "p", c1 == 'p' ? 2 : 1;
    case 's': return *fold = "s", c1 == 's' || c1 == 'h' ? 2 : 1;
    case 'j': return *fold = "ch", c1 == 'j' ? 2 : 1;
    case 'c': return c1 == 'h' ? (*fold = "ch", 2) : (*fold = "c", 1);
    case 'h': return c1 == 's' ? (*fold = "hs", 2) : (*fold = "h", 1);
    case 'z': return c1 == 'h' ? (*fold = "zh", 2) : (*fold = "z", 1);
    case 'g': return *fold = "k", 1;
    case 'd': return *fold = "t", 1;
    case 'b': return *fold = "p", 1;
    case 'n': return *fold = "n", 1;
    case 'r': return *fold = "r", 1;
    case 'l': return *fold = "l", 1;
    case 'm': return *fold = "m", 1;
    case 'f': return *fold = "f", 1;
    case 'q': return *fold = "q", 1;
    case 'x': return *fold = "hs", 1;
    case 'w': return *fold = "w", 1;
    case 'y': return *fold = "y", 1;
    default: return -1;
    }
}

static inline bool cjk_vowel(char c, bool glide)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           (glide && (c == 'w' || c == 'y'));
}

/* See vg_text.h. */
bool vg__text_cjk_syllable(vg_str w, char *out, size_t cap)
{
    if (w.len == 0 || w.len > 6 || cap < 12)
        return false;
    const char *fold;
    int on = cjk_onset(w, &fold);
    if (on < 0 || (size_t)on >= w.len)
        return false;
    size_t i = (size_t)on, v0 = i;
    bool vowel = false;
    while (i < w.len && cjk_vowel(w.ptr[i], true)) {
        vowel |= cjk_vowel(w.ptr[i], false);
        i++;
    }
    if (!vowel || i - v0 > 3)
        return false;
    size_t rest = w.len - i;
    const char *r = w.ptr + i;
    bool coda = rest == 0 ||
                (rest == 1 && (r[0] == 'n' || r[0] == 'm' || r[0] == 'l' || r[0] == 'k' ||
                               r[0] == 'p' || r[0] == 't' || r[0] == 'r')) ||
                (rest == 2 && r[0] == 'n' && r[1] == 'g');
    if (!coda)
        return false;
    /* the vowels as McCune-Reischauer writes them without its breves:
     * Revised Romanization's eo and eu are its o and u */
    size_t k = strlen(fold);
    memcpy(out, fold, k);
    for (size_t x = v0; x < w.len; x++) {
        if (w.ptr[x] == 'e' && x + 1 < i && (w.ptr[x + 1] == 'o' || w.ptr[x + 1] == 'u'))
            continue;
        out[k++] = w.ptr[x];
    }
    out[k] = '\0';
    return true;
}

static void words_init(const vg_text *t, word *w)
{
    char fold[16];
    for (size_t k = 0; k < t->n_raw; k++) {
        w[k].s = t->lat + t->raw[k].off;
        w[k].n = t->raw[k].len;
        w[k].sep = t->raw[k].sep;
        w[k].lex = 0;
        /* an English ordinal is its number: 33RD is 33 */
        size_t d = 0;
        while (d < w[k].n && w[k].s[d] >= '0' && w[k].s[d] <= '9')
            d++;
        if (d && w[k].n == d + 2 &&
            (!memcmp(w[k].s + d, "st", 2) || !memcmp(w[k].s + d, "nd", 2) ||
             !memcmp(w[k].s + d, "rd", 2) || !memcmp(w[k].s + d, "th", 2)))
            w[k].n = d;
        /* AI- is the article Al- with a capital I for the l (the two are
         * one glyph in sans-serif type; official lists print AI-Nusrah),
         * unless a romanised syllable follows (the Chinese AI-LING) */
        if (w[k].n == 2 && w[k].s[0] == 'a' && w[k].s[1] == 'i' && w[k].sep == VG__SEP_HYPHEN &&
            k + 1 < t->n_raw &&
            !vg__text_cjk_syllable((vg_str){t->lat + t->raw[k + 1].off, t->raw[k + 1].len},
                                   fold, sizeof fold))
            w[k].s = "al";
        const lex_ent *e = lex_find(w[k].s, w[k].n);
        if (e) {
            w[k].lex = e->flags;
            if (e->canon) {
                w[k].s = e->canon;
                w[k].n = strlen(e->canon);
            }
        }
    }
}

/* Legal forms written out in words: "open joint stock company",
 * "limited liability company", "obshchestvo s ogranichennoy
 * otvetstvennostyu", "sociedad anonima" ... Each phrase is a list of word
 * stems (a stem of five letters or more also matches longer words, so that
 * inflections and spellings of one word agree: ogranichennoy/-oi/-oj); its
 * words are a legal form (they prove nothing about which company it is),
 * like the abbreviations OJSC, LLC, OOO, SA. Words are matched after the
 * lexicon's spellings (limited -> ltd, company -> co). From the legal forms'
 * published names, in the romanisations their registers use. */
static const char *const legal_phrases[][6] = {
    {"open", "joint", "stock", NULL},
    {"closed", "joint", "stock", NULL},
    {"public", "joint", "stock", NULL},
    {"private", "joint", "stock", NULL},
    {"joint", "stock", NULL},
    {"ltd", "liability", NULL},
    {"public", "ltd", "co", NULL},
    {"private", "ltd", "co", NULL},
    {"obshch", "s", "ogranich", "otvetstv", NULL},
    {"otkryt", "aktsion", "obshch", NULL},
    {"zakryt", "aktsion", "obshch", NULL},
    {"publichn", "aktsion", "obshch", NULL},
    {"nepublichn", "aktsion", "obshch", NULL},
    {"aktsion", "obshch", NULL},
    {"tovarystv", "z", "obmezh", "vidpovid", NULL},
    {"publichn", "aktsion", "tovarystv", NULL},
    {"pryvatn", "aktsion", "tovarystv", NULL},
    {"aktsion", "tovarystv", NULL},
    {"sociedad", "anonima", NULL},
    {"sociedade", "anonima", NULL},
    {"societe", "anonyme", NULL},
    {"societa", "per", "azioni", NULL},
    {"sociedad", "de", "responsab", "limitada", NULL},
    {"societe", "a", "responsab", "limitee", NULL},
    {"societa", "a", "responsab", "limitata", NULL},
    {"gesellschaft", "mit", "beschrank", "haftung", NULL},
    {"sahami", "khass", NULL},
    {"sahami", "khas", NULL},
    {"sahami", "aam", NULL},
    {"sahami", "am", NULL},
    {"youxian", "zeren", "gongsi", NULL},
    {"youxian", "gongsi", NULL},
    {"gufen", "youxian", "gongsi", NULL},
    {"ltd", "sirketi", NULL},
    {"anonim", "sirketi", NULL},
    /* "industry and trade": the Turkish register's boilerplate (not its
     * abbreviation SAN. VE TIC.: SAN is a name too, and the lists' use
     * of a word flags it everywhere) */
    {"sanayi", "ve", "ticaret", NULL},
    {"s", "en", "c", NULL},           /* sociedad en comandita (S. EN C.) */
    {"sociedad", "en", "comandita", NULL},
    {"s", "de", "rl", NULL},          /* sociedad de responsabilidad limitada */
    {"s", "de", "pr", NULL},          /* sociedad de produccion rural */
    {"sociedad", "de", "produccion", "rural", NULL},
    {"asociacion", "civil", NULL},
    {"sociedad", "civil", NULL},
};

static bool stem_match(const word *w, const char *stem)
{
    size_t n = strlen(stem);
    return n >= 5 ? w->n >= n && memcmp(w->s, stem, n) == 0 : w_eq(w, stem, n);
}

/* Marks the words of every legal-form phrase. The phrases are unmistakable,
 * so they count in any name, also one whose kind is unknown (a query). */
static void legal_phrases_mark(word *w, size_t n)
{
    /* first letters of the phrases: most words start with none of them */
    uint32_t first = 0;
    for (size_t p = 0; p < sizeof legal_phrases / sizeof legal_phrases[0]; p++)
        first |= 1u << ((legal_phrases[p][0][0] - 'a') & 31);
    for (size_t k = 0; k < n; k++) {
        if (n - k < 2 || w[k].n == 0 || w[k].s[0] < 'a' || w[k].s[0] > 'z' ||
            !((first >> (w[k].s[0] - 'a')) & 1u))
            continue;
        for (size_t p = 0; p < sizeof legal_phrases / sizeof legal_phrases[0]; p++) {
            const char *const *ph = legal_phrases[p];
            if (w[k].n == 0 || w[k].s[0] != ph[0][0])
                continue;
            size_t m = 0;
            while (ph[m] && k + m < n && stem_match(&w[k + m], ph[m]))
                m++;
            if (ph[m])
                continue;
            for (size_t j = k; j < k + m; j++)
                w[j].lex |= LX_PHRASE;
            break;
        }
    }
}

/* An assimilated article (ad, ash, ar, ed, ud ...) is the article al when
 * it is hyphenated to the next word (ash-Shammari) or when the next word
 * starts with the consonant it doubles (ad Dawla, as Sayed). */
static bool art_applies(const word *a, const word *next)
{
    if (next->n < 2 || !is_alpha(next->s[0]))
        return false;
    if (a->sep == VG__SEP_HYPHEN)
        return true;
    size_t cn = a->n - 1;
    return next->n > cn && memcmp(next->s, a->s + 1, cn) == 0;
}

/* A word that can take part in a compound: two letters or more, not a
 * particle or title. */
static bool is_word(const word *w)
{
    return w->n >= 2 && is_alpha(w->s[0]) && !(w->lex & (VG_TOKF_PARTICLE | VG_TOKF_TITLE));
}

/* abd, abdul, abdel, abdal, abdoul, abdur, abdus, abdush ...: the "Abd"
 * prefix written apart from the name it governs. */
static bool abd_prefix(const word *w)
{
    const char *s = w->s;
    size_t n = w->n, i = 3;
    if (n < 3 || memcmp(s, "abd", 3) != 0)
        return false;
    if (n == 3)
        return true;
    if (i < n && vg__is_vowel(s[i]))
        i++;
    else
        return false;
    if (i < n && s[i - 1] == 'o' && s[i] == 'u')
        i++;
    size_t rest = n - i;
    if (rest == 1)
        return strchr("lrsztd", s[i]) != NULL;
    if (rest == 2)
        return s[i + 1] == 'h' && strchr("std", s[i]) != NULL;
    return false;
}

/* "Abd" compounds written as one word. Returns 2 for the abdullah forms,
 * 1 for abdul + name (the name starting at *rest: the connecting vowel,
 * the article's l or the first of a doubled sun letter skipped), 0 when
 * the word is not such a compound (abdi, abdou, abdeen). */
static int abd_split(const word *w, size_t *rest)
{
    const char *s = w->s;
    size_t n = w->n, i = 3;
    if (n < 6 || memcmp(s, "abd", 3) != 0)
        return 0;
    if (vg__is_vowel(s[i])) {
        i++;
        if (s[i - 1] == 'o' && s[i] == 'u')
            i++;
    }
    const char *p = s + i;
    size_t r = n - i;
    if ((r == 4 && memcmp(p, "llah", 4) == 0) || (r == 3 && memcmp(p, "lla", 3) == 0) ||
        (r == 3 && memcmp(p, "lah", 3) == 0) || (r == 2 && memcmp(p, "la", 2) == 0))
        return 2;
    if (i == 3) {
        /* no connecting vowel: abdrabbo, abdlrhmn */
        *rest = s[3] == 'l' ? 4 : 3;
        return n - *rest >= 3 && !vg__is_vowel(s[*rest]) ? 1 : 0;
    }
    if (s[i] == 'l' && r > 3)
        i++;
    else if (i + 1 < n && s[i] == s[i + 1] && !vg__is_vowel(s[i]))
        i++;
    if (n - i < 3 || (vg__is_vowel(s[i]) && vg__is_vowel(s[i + 1])))
        return 0;
    *rest = i;
    return 1;
}

typedef struct suffix {
    const char *s;
    size_t n;
} suffix;

#define SUF(x) {x, sizeof(x) - 1}

/* Length of the prefix (3 letters or more) before the first suffix of
 * `suf` that w ends with; 0 when none. */
static size_t suffix_split(const word *w, const suffix *suf, size_t nsuf)
{
    if (w->n < 7)
        return 0;
    for (size_t k = 0; k < nsuf; k++) {
        size_t sl = suf[k].n;
        if (w->n >= sl + 3 && memcmp(w->s + w->n - sl, suf[k].s, sl) == 0)
            return w->n - sl;
    }
    return 0;
}

/* salaheddine, salahuddin, nasrudin, and najmiddin as Uzbek and Tajik
 * write al-Din -> prefix length ("salah", "nasr", "najm"). */
static size_t din_split(const word *w)
{
    static const suffix suf[] = {SUF("uddeen"), SUF("eddeen"), SUF("aldeen"), SUF("eldeen"),
                                 SUF("eddine"), SUF("uddine"), SUF("uddin"),  SUF("eddin"),
                                 SUF("addin"),  SUF("aldin"),  SUF("eldin"),  SUF("uldin"),
                                 SUF("edine"),  SUF("iddin"),  SUF("udin"),   SUF("edin")};
    return suffix_split(w, suf, sizeof suf / sizeof suf[0]);
}

/* nasrallah, nasrullah, hezbollah -> prefix length. */
static size_t allah_split(const word *w)
{
    static const suffix suf[] = {SUF("ullah"), SUF("ollah"), SUF("allah"), SUF("illah"),
                                 SUF("ellah"), SUF("ulla"),  SUF("olla"),  SUF("alla")};
    return suffix_split(w, suf, sizeof suf / sizeof suf[0]);
}

/* ------------------------------------------------------------------------ */
/* Output                                                                   */
/* ------------------------------------------------------------------------ */

/* Appends the token a+b. Returns false (and marks the name truncated)
 * when it does not fit; a first token longer than the buffer is cut. */
static bool emit(vg_name_norm *out, const char *a, size_t an, const char *b, size_t bn, unsigned flags)
{
    if (out->n_tokens >= VG_NAME_MAX_TOKENS) {
        out->truncated = true;
        return false;
    }
    size_t sep = out->len ? 1 : 0;
    size_t room = sizeof out->buf - 1 - out->len;
    if (sep + an + bn > room) {
        out->truncated = true;
        if (out->n_tokens)
            return false;
        if (an > room) {
            an = room;
            bn = 0;
        } else {
            bn = room - an;
        }
    }
    if (sep)
        out->buf[out->len++] = ' ';
    vg_token *tk = &out->tokens[out->n_tokens++];
    tk->off = (uint32_t)out->len;
    tk->len = (uint16_t)(an + bn);
    tk->flags = (uint16_t)flags;
    memcpy(out->buf + out->len, a, an);
    if (bn)
        memcpy(out->buf + out->len + an, b, bn);
    out->len += an + bn;
    out->buf[out->len] = '\0';
    return true;
}

bool vg__text_org_business(int c)
{
    const char *en = vg__text_org_concept_name(c);
    const lex_ent *e = en ? lex_find(en, strlen(en)) : NULL;
    return e && (e->flags & (VG_TOKF_LEGAL | VG_TOKF_GENERIC));
}

bool vg__text_generation(vg_str w)
{
    const lex_ent *e = w.ptr ? lex_find(w.ptr, w.len) : NULL;
    return e && (e->flags & LX_GENERATION);
}

bool vg__text_initials_skip(vg_str w)
{
    /* a, and, de, del, des, di, du, e, et, for, la, le, of, the, to, und, y */
    static const char two[][3] = {"de", "di", "du", "et", "la", "le", "of", "to"};
    static const char three[][4] = {"and", "del", "des", "for", "the", "und"};
    switch (w.len) {
    case 1:
        return w.ptr[0] == 'a' || w.ptr[0] == 'e' || w.ptr[0] == 'y';
    case 2:
        for (size_t i = 0; i < sizeof two / sizeof *two; i++)
            if (w.ptr[0] == two[i][0] && w.ptr[1] == two[i][1])
                return true;
        return false;
    case 3:
        for (size_t i = 0; i < sizeof three / sizeof *three; i++)
            if (memcmp(w.ptr, three[i], 3) == 0)
                return true;
        return false;
    default:
        return false;
    }
}

vg_status vg__tokens_build(vg_text *t, unsigned flags, vg_name_norm *out)
{
    word w[VG__RAW_MAX];
    const unsigned mask = (flags & VG_NORM_ORG) ? PUBLIC_FLAGS : (PUBLIC_FLAGS & ~ORG_ONLY);
    size_t n, i = 0;

    split(t);
    acronyms(t);
    n = t->n_raw;
    words_init(t, w);
    legal_phrases_mark(w, n);

    for (size_t k = 0; k + 1 < n; k++) {
        if ((w[k].lex & LX_ART) && art_applies(&w[k], &w[k + 1])) {
            w[k].s = "al";
            w[k].n = 2;
            w[k].lex = VG_TOKF_PARTICLE;
        }
    }

    /* a title after the article, after a name, is a family name (Yahya
     * AL-HAJJ, Muhammad AL-SHAYKH: the family of a pilgrim, a sheikh),
     * kept as written (the title's spelling stays the title's); before
     * the name it is the honorific (al-Hajj Omar) */
    for (size_t k = 2; k < n; k++) {
        if ((w[k].lex & VG_TOKF_TITLE) && w_eq(&w[k - 1], "al", 2)) {
            w[k].s = t->lat + t->raw[k].off;
            w[k].n = t->raw[k].len;
            w[k].lex = 0;
        }
    }

    /* the Persian ezafe hyphenated to the word before it (Bank-e Saman,
     * Khalij-e Fars, Sepah-ye Pasdaran) links two words as "of" does and
     * is left out (kept as a word, it would make "ye" a particle in every
     * name, Ye Aung's too) */
    for (size_t k = 1; k + 1 < n; k++) {
        if (w[k - 1].sep == VG__SEP_HYPHEN && (w_eq(&w[k], "e", 1) || w_eq(&w[k], "ye", 2)))
            w[k].lex = LX_EZAFE;
    }

    while (i < n) {
        const word *x = &w[i];
        size_t rest = 0, p;
        int r;
        bool ok;

        if (x->lex & LX_EZAFE) {
            i++;
            continue;
        }

        if (abd_prefix(x)) {
            size_t j = i + 1;
            if (j < n && w_eq(&w[j], "al", 2))
                j++;
            if (j < n && is_word(&w[j]) && !abd_prefix(&w[j])) {
                if (w[j].lex & LX_ALLAH)
                    ok = emit(out, "abdullah", 8, NULL, 0, VG_TOKF_JOINED);
                else
                    ok = emit(out, "abdul", 5, w[j].s, w[j].n, VG_TOKF_JOINED);
                if (!ok)
                    break;
                i = j + 1;
                continue;
            }
        }
        r = abd_split(x, &rest);
        if (r) {
            if (r == 2)
                ok = emit(out, "abdullah", 8, NULL, 0, VG_TOKF_JOINED);
            else
                ok = emit(out, "abdul", 5, x->s + rest, x->n - rest, VG_TOKF_JOINED);
            if (!ok)
                break;
            i++;
            continue;
        }
        if (is_word(x)) {
            size_t used = 0;
            const char *suf = NULL;
            p = x->n;
            if (i + 2 < n && w_eq(&w[i + 1], "al", 2) && (w[i + 2].lex & LX_DINW)) {
                used = 3;
                suf = "aldin";
            } else if (i + 1 < n && (w[i + 1].lex & LX_DINF)) {
                used = 2;
                suf = "aldin";
            } else if (i + 1 < n && (w[i + 1].lex & LX_ALLAH)) {
                used = 2;
                suf = "ullah";
            } else if ((p = din_split(x)) != 0) {
                used = 1;
                suf = "aldin";
            } else if ((p = allah_split(x)) != 0) {
                used = 1;
                suf = "ullah";
            } else {
                p = x->n;
            }
            if (suf) {
                if (!emit(out, x->s, p, suf, 5, VG_TOKF_JOINED))
                    break;
                i += used;
                continue;
            }
        }
        unsigned f = x->lex & mask;
        /* II, Jr: which of a family's persons; in a company's name, a
         * name word (MAGUS HOLDING II, JUNIOR INTERNATIONAL) */
        if ((x->lex & LX_GENERATION) && !(flags & VG_NORM_ORG))
            f |= VG_TOKF_TITLE;
        if (x->lex & LX_PHRASE)
            f = (f & ~(unsigned)VG_TOKF_GENERIC) | VG_TOKF_LEGAL;
        if (x->n == 1 && is_alpha(x->s[0]))
            f |= VG_TOKF_INITIAL;
        if (x->sep == VG__SEP_HYPHEN && i + 1 < n)
            f |= VG_TOKF_HYPHEN;
        if (!emit(out, x->s, x->n, NULL, 0, f))
            break;
        i++;
    }
    if (t->lat_full || t->raw_full)
        out->truncated = true;
    return out->n_tokens ? VG_OK : VG_EEMPTY;
}
