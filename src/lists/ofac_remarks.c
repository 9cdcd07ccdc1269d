/* SPDX-License-Identifier: Apache-2.0 */
/* Mines the facts OFAC keeps only as free text in the SDN Remarks field:
 * dates and places of birth, nationality, citizenship, identity documents,
 * gender and weak a.k.a.s. The caller keeps the whole Remarks text on the
 * entity, so a clause that cannot be parsed is reported, never lost. */
#include <stdio.h>

#include "vg_lists.h"

#define NPOS ((size_t)-1)
/* Longest excerpt of a clause quoted in a warning (bytes). */
#define WARN_EXCERPT 120

typedef struct mine_ctx {
    vg_entity_builder *eb;
    const char *file; /* "sdn.csv", for warnings */
    long line;        /* line of the sdn.csv record */
    bool individual;
} mine_ctx;

/* ------------------------------------------------------------------------ */
/* Slice helpers                                                            */
/* ------------------------------------------------------------------------ */

static vg_str sub(vg_str s, size_t from, size_t to)
{
    return (vg_str){s.ptr + from, to - from};
}

/* Trims, then drops one trailing '.' (OFAC ends the last clause with one). */
static vg_str trim_dot(vg_str s)
{
    s = vg_str_trim(s);
    if (s.len && s.ptr[s.len - 1] == '.')
        s.len--;
    return vg_str_trim(s);
}

static size_t find(vg_str s, const char *needle, size_t from)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= s.len; i++)
        if (memcmp(s.ptr + i, needle, n) == 0)
            return i;
    return NPOS;
}

static size_t rfind(vg_str s, const char *needle)
{
    size_t n = strlen(needle);
    if (s.len < n)
        return NPOS;
    for (size_t i = s.len - n + 1; i-- > 0;)
        if (memcmp(s.ptr + i, needle, n) == 0)
            return i;
    return NPOS;
}

static bool has_digit(vg_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] >= '0' && s.ptr[i] <= '9')
            return true;
    return false;
}

/* True when `s` starts with `word` (ASCII case ignored when `icase`) followed
 * by a space, a ':' or the end; *rest is what follows, separators skipped. */
static bool keyword_n(vg_str s, const char *word, size_t n, bool icase, vg_str *rest)
{
    if (s.len < n)
        return false;
    if (icase ? !vg_str_istarts_ascii(s, word) : memcmp(s.ptr, word, n) != 0)
        return false;
    if (s.len > n && s.ptr[n] != ' ' && s.ptr[n] != ':')
        return false;
    while (n < s.len && (s.ptr[n] == ' ' || s.ptr[n] == ':'))
        n++;
    *rest = sub(s, n, s.len);
    return true;
}

static bool keyword(vg_str s, const char *word, bool icase, vg_str *rest)
{
    return keyword_n(s, word, strlen(word), icase, rest);
}

/* Length of at most `max` bytes of `s` that does not split a UTF-8
 * sequence. */
static int excerpt_len(vg_str s, size_t max)
{
    if (s.len <= max)
        return (int)s.len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s.ptr[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

static void warn(const mine_ctx *c, const char *what, vg_str clause)
{
    int n = excerpt_len(clause, WARN_EXCERPT);
    vg__list_warn(c->eb->list, 0, "%s:%ld: %s: unparseable %s '%.*s%s'", c->file, c->line,
                  c->eb->e.id ? c->eb->e.id : "ofac:?", what, n, clause.ptr,
                  (size_t)n < clause.len ? "..." : "");
}

/* ------------------------------------------------------------------------ */
/* Facts                                                                    */
/* ------------------------------------------------------------------------ */

/* "1955-1960" (OFAC writes one "circa 1955-1960"): a year range. */
static bool year_range(vg_str s, vg_date *d)
{
    long a, b;
    if (s.len != 9 || s.ptr[4] != '-' || !vg_str_to_long(sub(s, 0, 4), &a) ||
        !vg_str_to_long(sub(s, 5, 9), &b) || a < 1800 || b < a || b > 2200)
        return false;
    memset(d, 0, sizeof *d);
    d->kind = VG_DATE_RANGE;
    d->year = (int16_t)a;
    d->year_to = (int16_t)b;
    return true;
}

static vg_status dob(mine_ctx *c, vg_str clause, vg_str v)
{
    vg_date d;
    v = trim_dot(v);
    if (vg__date_parse(v, &d))
        return vg_eb_add_birth_date(c->eb, &d);
    vg_str r = v;
    if (vg_str_istarts_ascii(r, "circa "))
        r = vg_str_trim(sub(r, 6, r.len));
    if (year_range(r, &d))
        return vg_eb_add_birth_date(c->eb, &d);
    warn(c, "DOB", clause);
    return VG_OK;
}

/* "Culiacan, Sinaloa, Mexico": first part the city, last the country, any
 * middle parts the region. A single part is a country only when it is one
 * ("POB Iraq"); otherwise ("POB Tamaulipas") it stays text. */
static vg_status pob(mine_ctx *c, vg_str clause, vg_str v)
{
    v = trim_dot(v);
    if (!v.len) {
        warn(c, "POB", clause);
        return VG_OK;
    }
    size_t first = find(v, ",", 0), last = rfind(v, ",");
    vg_str none = {v.ptr, 0};
    if (first == NPOS) {
        char code[3];
        bool is_country = vg_country_lookup(v, code);
        return vg_eb_add_birth_place(c->eb, v, none, none, is_country ? v : none);
    }
    vg_str city = vg_str_trim(sub(v, 0, first));
    vg_str country = vg_str_trim(sub(v, last + 1, v.len));
    vg_str region = first == last ? none : vg_str_trim(sub(v, first + 1, last));
    return vg_eb_add_birth_place(c->eb, v, city, region, country);
}

static vg_status gender(mine_ctx *c, vg_str clause, vg_str v)
{
    v = trim_dot(v);
    if (vg_str_ieq_ascii(v, "male"))
        vg_eb_set_gender(c->eb, VG_GENDER_MALE);
    else if (vg_str_ieq_ascii(v, "female"))
        vg_eb_set_gender(c->eb, VG_GENDER_FEMALE);
    else if (find(v, " ", 0) == NPOS)
        warn(c, "Gender", clause);
    /* several words ("Gender and Culture"): prose, not a gender */
    return VG_OK;
}

/* Adds one alias; an individual's "LAST, First" is split as in SDN_Name. */
static vg_status alias(mine_ctx *c, vg_str name, unsigned flags)
{
    vg_str given = {name.ptr, 0}, family = {name.ptr, 0};
    size_t comma = find(name, ",", 0);
    if (c->individual && comma != NPOS) {
        family = vg_str_trim(sub(name, 0, comma));
        given = vg_str_trim(sub(name, comma + 1, name.len));
        if (!family.len || !given.len)
            family.len = given.len = 0;
    }
    return vg_eb_add_name(c->eb, name, given, family, VG_NAME_WEAK, flags);
}

/* a.k.a. 'NAME' — the name may itself hold apostrophes ('ABU 'ABDALLAH'),
 * so it runs from the first to the last quote. "'A', 'B'" is two names. */
static vg_status aka(mine_ctx *c, vg_str clause, const char *what, vg_str v, unsigned flags)
{
    v = trim_dot(v);
    if (v.len < 3 || v.ptr[0] != '\'' || v.ptr[v.len - 1] != '\'') {
        warn(c, what, clause);
        return VG_OK;
    }
    vg_str in = sub(v, 1, v.len - 1);
    size_t from = 0;
    for (;;) {
        size_t k = find(in, "', '", from);
        vg_str part = sub(in, from, k == NPOS ? in.len : k);
        vg_status rc = alias(c, part, flags);
        if (rc || k == NPOS)
            return rc;
        from = k + 4;
    }
}

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

/* Labels that introduce an identity or registration number. The label
 * becomes the document type, as published. Longest match wins. */
typedef struct label {
    const char *s;
    size_t n;
} label;
#define L(x) {x, sizeof x - 1}

static const label doc_labels[] = {
    L("Passport"),
    L("Diplomatic Passport"),
    L("Passport Booklet"),
    L("British National Overseas Passport"),
    L("Stateless Person Passport"),
    L("Travel Document Number"),
    L("National ID No."),
    L("National Foreign ID Number"),
    L("Personal ID Card"),
    L("Identification Number"),
    L("Turkish Identification Number"),
    L("Kenyan ID No."),
    L("Moroccan Personal ID No."),
    L("Bosnian Personal ID No."),
    L("Tazkira National ID Card"),
    L("UAE Identification"),
    L("Citizen's Card Number"),
    L("Stateless Person ID Card"),
    L("Refugee ID Card"),
    L("Residency Number"),
    L("Romanian Permanent Resident CAN"),
    L("Birth Certificate Number"),
    L("Cedula No."),
    L("D.N.I."),
    L("N.I.E."),
    L("Numero de Identidad"),
    L("LE Number"),
    L("C.U.R.P."),
    L("C.U.I.P."),
    L("C.U.I."),
    L("I.F.E."),
    L("Credencial electoral"),
    L("Electoral Registry No."),
    L("Cartilla de Servicio Militar Nacional"),
    L("VisaNumberID"),
    L("SRE Permit No."),
    L("Immigration No."),
    L("Public Security and Immigration No."),
    L("CNP (Personal Numerical Code)"),
    L("SSN"),
    L("Driver's License No."),
    L("Pilot License Number"),
    L("Seafarer's Identification Document"),
    L("Tarjeta Profesional"),
    L("Tax ID No."),
    L("NIT #"),
    L("R.F.C."),
    L("RFC"),
    L("RUC #"),
    L("RIF #"),
    L("RTN"),
    L("C.U.I.T."),
    L("C.I.F."),
    L("US FEIN"),
    L("Italian Fiscal Code"),
    L("Fiscal Code"),
    L("Romanian Tax Registration"),
    L("Paraguayan tax identification number"),
    L("Numero Unico de Identificacao Tributaria (NUIT)"),
    L("V.A.T. Number"),
    L("RSIN"),
    L("Registration ID"),
    L("Registration Number"),
    L("Public Registration Number"),
    L("Business Registration Number"),
    L("Business Registration Document #"),
    L("Business Number"),
    L("MSB Registration Number"),
    L("Company Number"),
    L("UK Company Number"),
    L("Commercial Registry Number"),
    L("Central Registration System Number"),
    L("C.R. No."),
    L("Romanian C.R."),
    L("Folio Mercantil No."),
    L("Matricula Mercantil No"),
    L("Government Gazette Number"),
    L("Chamber of Commerce Number"),
    L("Istanbul Chamber of Comm. No."),
    L("Dubai Chamber of Commerce Membership No."),
    L("Trade License No."),
    L("Tourism License No."),
    L("Afghan Money Service Provider License Number"),
    L("Certificate of Incorporation Number"),
    L("Registered Charity No."),
    L("Legal Entity Number"),
    L("Enterprise Number"),
    L("Branch Unit Number"),
    L("United Social Credit Code Certificate (USCCC)"),
    L("Unified Social Credit Code (USCC)"),
    L("File Number"),
    L("D-U-N-S Number"),
    L("SWIFT/BIC"),
    L("Vessel Registration Identification"),
    L("International Maritime Organization No."),
    L("MMSI"),
    L("Aircraft Manufacturer's Serial Number (MSN)"),
    L("Aircraft Construction Number (also called L/N or S/N or F/N)"),
    L("Aircraft Serial Identification"),
    L("Aircraft Tail Number"),
    L("Previous Aircraft Tail Number"),
    L("Aircraft Mode S Transponder Code"),
};
#undef L

/* Returns the longest document label `s` starts with (followed by a space,
 * ':' or the end), or NULL; *rest is what follows. */
static const label *doc_label(vg_str s, vg_str *rest)
{
    const label *best = NULL;
    for (size_t i = 0; i < sizeof doc_labels / sizeof *doc_labels; i++) {
        const label *l = &doc_labels[i];
        vg_str r;
        if ((!best || l->n > best->n) && s.ptr[0] == l->s[0] &&
            keyword_n(s, l->s, l->n, false, &r)) {
            best = l;
            *rest = r;
        }
    }
    return best;
}

/* True when `s` holds a lower-case word of two or more letters ("and",
 * "issued", "were"): prose that merely starts with a document label
 * ("Passport and National ID were issued in Ulm"), not a number. */
static bool is_prose(vg_str s)
{
    size_t i = 0;
    while (i < s.len) {
        size_t st = i;
        while (i < s.len && s.ptr[i] >= 'a' && s.ptr[i] <= 'z')
            i++;
        bool word_start = st == 0 || s.ptr[st - 1] == ' ';
        bool word_end = i == s.len || s.ptr[i] == ' ' || s.ptr[i] == ',';
        if (i - st >= 2 && word_start && word_end)
            return true;
        if (i == st)
            i++;
    }
    return false;
}

/* Parses a trailing " <word> <date>" off *v; returns false (and leaves *v)
 * when the word is absent. *ok tells whether the date parsed. */
static bool tail_date(vg_str *v, const char *word, vg_date *d, bool *ok, size_t *at)
{
    size_t k = rfind(*v, word);
    if (k == NPOS)
        return false;
    *ok = vg__date_parse(trim_dot(sub(*v, k + strlen(word), v->len)), d);
    if (!*ok)
        memset(d, 0, sizeof *d);
    *at = k;
    *v = sub(*v, 0, k);
    return true;
}

/* "A1234567 (Iraq) issued 01 Jan 2000 expires 01 Jan 2010": number, issuing
 * country from the last parenthesis (when it holds no digits), dates. An
 * unparseable date is warned about, and the text from it to the end of the
 * clause becomes the document note. */
static vg_status document(mine_ctx *c, vg_str clause, const label *type, vg_str v)
{
    vg_date issued = {0}, expires = {0};
    bool exp_ok = true, iss_ok = true;
    size_t exp_at = NPOS, iss_at = NPOS;
    v = trim_dot(v);
    const vg_str whole = v;
    vg_str note = {v.ptr, 0}, country = {v.ptr, 0};
    tail_date(&v, " expires ", &expires, &exp_ok, &exp_at);
    tail_date(&v, " issued ", &issued, &iss_ok, &iss_at);
    v = vg_str_trim(v);
    if (v.len >= 2 && v.ptr[v.len - 1] == ')') {
        size_t depth = 0, j = v.len;
        while (j-- > 0) {
            if (v.ptr[j] == ')')
                depth++;
            else if (v.ptr[j] == '(' && --depth == 0)
                break;
        }
        if (j != NPOS && j > 0) {
            vg_str in = vg_str_trim(sub(v, j + 1, v.len - 1));
            if (in.len && !has_digit(in)) {
                country = in;
                v = vg_str_trim(sub(v, 0, j));
            }
        }
    }
    /* "Passport No.: 123", "R.F.C. # ABC": the filler is not the number */
    for (;;) {
        while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == ':' || v.ptr[0] == '#'))
            v = sub(v, 1, v.len);
        if (vg_str_istarts_ascii(v, "No.") || vg_str_istarts_ascii(v, "No:"))
            v = sub(v, 3, v.len);
        else
            break;
    }
    v = vg_str_trim(v);
    if (!v.len || is_prose(v)) {
        warn(c, type->s, clause);
        return VG_OK;
    }
    if (!iss_ok)
        warn(c, "issue date", clause);
    if (!exp_ok)
        warn(c, "expiry date", clause);
    size_t at = !iss_ok ? iss_at : !exp_ok ? exp_at : NPOS;
    if (at != NPOS)
        note = vg_str_trim(sub(whole, at, whole.len));
    return vg_eb_add_document(c->eb, (vg_str){type->s, type->n}, v, country, &issued, &expires,
                              note);
}

/* ------------------------------------------------------------------------ */
/* Clauses                                                                  */
/* ------------------------------------------------------------------------ */

static vg_status clause(mine_ctx *c, vg_str s)
{
    vg_str v;
    s = vg_str_trim(s);
    /* a parenthesised aside ("(Following data derived from ...)") repeats
     * facts in another form: remarks only */
    if (!s.len || s.ptr[0] == '(')
        return VG_OK;
    vg_str body = s;
    if (vg_str_istarts_ascii(body, "alt."))
        body = vg_str_trim(sub(body, 4, body.len));
    if (!body.len)
        return VG_OK;

    if (keyword(body, "DOB", false, &v))
        return dob(c, s, v);
    if (keyword(body, "POB", false, &v))
        return pob(c, s, v);
    /* a registration country (companies, aircraft): kept as nationality */
    if (keyword(body, "Nationality of Registration", true, &v))
        return vg_eb_add_nationality(c->eb, trim_dot(v));
    if (keyword(body, "nationality", true, &v))
        return vg_eb_add_nationality(c->eb, trim_dot(v));
    if (keyword(body, "citizen", true, &v))
        return vg_eb_add_citizenship(c->eb, trim_dot(v));
    if (keyword(body, "Gender", false, &v))
        return gender(c, s, v);
    if (keyword(body, "a.k.a.", true, &v))
        return aka(c, s, "a.k.a.", v, 0);
    if (keyword(body, "f.k.a.", true, &v))
        return aka(c, s, "f.k.a.", v, VG_NAMEF_FKA);
    if (keyword(body, "n.k.a.", true, &v))
        return aka(c, s, "n.k.a.", v, VG_NAMEF_NKA);
    const label *type = doc_label(body, &v);
    if (type)
        return document(c, s, type, v);
    return VG_OK;
}

/* Marks in `open` (one byte per input byte) every '(' that has no matching
 * ')': matching from the right pairs each '(' with the nearest free ')'. */
static void mark_unmatched(vg_str s, unsigned char *open)
{
    size_t closers = 0;
    for (size_t i = s.len; i-- > 0;) {
        open[i] = 0;
        if (s.ptr[i] == ')') {
            closers++;
        } else if (s.ptr[i] == '(') {
            if (closers)
                closers--;
            else
                open[i] = 1;
        }
    }
}

vg_status vg__ofac_remarks_mine(vg_entity_builder *eb, vg_str text, bool individual,
                                const char *file, long line, vg_buf *scratch)
{
    vg_status rc = VG_OK;
    mine_ctx c = {eb, file ? file : "sdn.csv", line, individual};
    unsigned char *unmatched = NULL;
    if (!text.len)
        return VG_OK;
    if (memchr(text.ptr, '(', text.len)) {
        vg_buf_clear(scratch);
        if ((rc = vg_buf_reserve(scratch, text.len)))
            return rc;
        unmatched = (unsigned char *)scratch->ptr;
        mark_unmatched(text, unmatched);
    }
    /* clauses are separated by ';' outside balanced parentheses; quotes are
     * not tracked because a.k.a. names hold apostrophes ('ABU 'ALI') and
     * never a ';' */
    size_t depth = 0, start = 0;
    for (size_t i = 0; i <= text.len; i++) {
        char ch = i < text.len ? text.ptr[i] : ';';
        if (ch == '(' && unmatched && !unmatched[i]) {
            depth++;
        } else if (ch == ')' && depth) {
            depth--;
        } else if (ch == ';' && (depth == 0 || i == text.len)) {
            if ((rc = clause(&c, sub(text, start, i))))
                return rc;
            start = i + 1;
        }
    }
    return VG_OK;
}
