/* SPDX-License-Identifier: Apache-2.0 */
/* ICAO Doc 9303 machine-readable zones: TD1 (3x30), TD2 (2x36), TD3 (2x44)
 * and MRV visas, one MRZ per blank-line-separated block. Every check digit
 * is verified; a failed one leaves the record unverified, not rejected. */
#include <string.h>

#include "records/vg_records.h"

#define MRZ_MAX_LINES 3

int vg_mrz_check_digit(const char *s, size_t len)
{
    static const int w[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int v = 0;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'A' && c <= 'Z')
            v = c - 'A' + 10;
        sum += v * w[i % 3];
    }
    return sum % 10;
}

typedef struct mrz_block {
    char line[MRZ_MAX_LINES][64];
    size_t len[MRZ_MAX_LINES];
    size_t n;       /* lines kept */
    size_t n_total; /* lines seen */
    long first_line;
    bool too_long;
} mrz_block;

/* Reads the next block of non-empty lines. False at end of input. */
static bool read_block(vg_reader *r, mrz_block *b)
{
    memset(b, 0, sizeof *b);
    int c;
    for (;;) { /* skip blank lines */
        c = vg__in_peek(&r->in);
        if (c == -1)
            return false;
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            vg__in_getc(&r->in);
            continue;
        }
        break;
    }
    b->first_line = r->in.line;
    for (;;) {
        char tmp[64];
        size_t n = 0;
        bool lost = false;
        while ((c = vg__in_getc(&r->in)) != -1 && c != '\n') {
            if (n < sizeof tmp)
                tmp[n++] = (char)c;
            else
                lost = true;
        }
        while (n > 0 && (tmp[n - 1] == '\r' || tmp[n - 1] == ' ' || tmp[n - 1] == '\t'))
            n--;
        size_t s = 0;
        while (s < n && (tmp[s] == ' ' || tmp[s] == '\t'))
            s++;
        if (n == s && !lost)
            break; /* blank line ends the block */
        if (b->n < MRZ_MAX_LINES) {
            memcpy(b->line[b->n], tmp + s, n - s);
            b->len[b->n] = n - s;
            b->too_long |= lost;
            b->n++;
        }
        b->n_total++;
        if (c == -1)
            break;
    }
    return true;
}

/* "JANSSEN<DE<VRIES" -> "JANSSEN DE VRIES" into the arena. */
static const char *mrz_text(vg_arena *ar, const char *s, size_t n, bool *oom)
{
    char tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof tmp; i++) {
        char c = s[i] == '<' ? ' ' : s[i];
        if (c == ' ' && (k == 0 || tmp[k - 1] == ' '))
            continue;
        tmp[k++] = c;
    }
    while (k > 0 && tmp[k - 1] == ' ')
        k--;
    return vg__dup(ar, tmp, k, false, oom);
}

static bool all_filler(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '<')
            return false;
    return true;
}

static int dig2(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

typedef struct mrz_ctx {
    vg_reader *r;
    vg_record *rec;
    vg_arena *ar;
    vg_date today;
    char failed[160];
    bool oom;
} mrz_ctx;

static void check(mrz_ctx *c, const char *field, const char *data, size_t n, char cd,
                  bool filler_ok)
{
    if (filler_ok && cd == '<' && all_filler(data, n))
        return;
    int want = vg_mrz_check_digit(data, n);
    if (cd == '0' + want)
        return;
    vg__rec_warn(c->ar, c->rec, "check digit of %s fails (is '%c', computed %d)", field, cd, want);
    c->rec->verified = false;
    size_t used = strlen(c->failed);
    snprintf(c->failed + used, sizeof c->failed - used, "%s%s", used ? "," : "", field);
}

/* Parses YYMMDD (day or month may be "<<" = unknown). */
static bool mrz_date(mrz_ctx *c, const char *s, bool birth, vg_date *d, const char *field)
{
    memset(d, 0, sizeof *d);
    int yy = dig2(s), mm = dig2(s + 2), dd = dig2(s + 4);
    bool mm_unknown = s[2] == '<' && s[3] == '<', dd_unknown = s[4] == '<' && s[5] == '<';
    if (yy < 0 && s[0] == '<' && s[1] == '<' && mm_unknown && dd_unknown)
        return true; /* fully unknown */
    if (yy < 0 || (mm < 0 && !mm_unknown) || (dd < 0 && !dd_unknown) ||
        (mm_unknown && !dd_unknown)) {
        vg__rec_error(c->ar, c->rec, "%s '%.6s' is not a date (YYMMDD)", field, s);
        return false;
    }
    int y;
    if (birth)
        y = vg__birth_year(yy, mm_unknown ? 1 : mm, dd_unknown ? 1 : dd, &c->today);
    else
        y = vg__expiry_year(yy, &c->today);
    if (mm_unknown) {
        d->kind = VG_DATE_YEAR;
    } else if (dd_unknown) {
        if (mm < 1 || mm > 12) {
            vg__rec_error(c->ar, c->rec, "%s '%.6s' has no month %d", field, s, mm);
            return false;
        }
        d->kind = VG_DATE_YEAR_MONTH;
    } else if (!vg__date_valid(y, mm, dd)) {
        vg__rec_error(c->ar, c->rec, "%s '%.6s' is not a valid date", field, s);
        return false;
    }
    d->year = (int16_t)y;
    d->month = (int16_t)(mm_unknown ? 0 : mm);
    d->day = (int16_t)(dd_unknown ? 0 : dd);
    return true;
}

static void set_name(mrz_ctx *c, const char *s, size_t n)
{
    const char *sep = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '<' && s[i + 1] == '<') {
            sep = s + i;
            break;
        }
    size_t fam_len = sep ? (size_t)(sep - s) : n;
    c->rec->family = mrz_text(c->ar, s, fam_len, &c->oom);
    if (sep)
        c->rec->given = mrz_text(c->ar, sep + 2, n - fam_len - 2, &c->oom);
    if (c->rec->given && c->rec->family) {
        char tmp[160];
        snprintf(tmp, sizeof tmp, "%s %s", c->rec->given, c->rec->family);
        c->rec->name = vg__dup(c->ar, tmp, strlen(tmp), false, &c->oom);
    } else {
        c->rec->name = c->rec->family ? c->rec->family : c->rec->given;
    }
    if (n > 0 && s[n - 1] != '<')
        vg__rec_warn(c->ar, c->rec, "name fills the field and may be truncated");
}

static void set_country(mrz_ctx *c, const char *s, char out[3], const char **text)
{
    *text = mrz_text(c->ar, s, 3, &c->oom);
    vg__country(*text, out);
}

static void set_gender(mrz_ctx *c, char g)
{
    if (g == 'M')
        c->rec->gender = VG_GENDER_MALE;
    else if (g == 'F')
        c->rec->gender = VG_GENDER_FEMALE;
    else if (g != '<' && g != 'X')
        vg__rec_error(c->ar, c->rec, "sex '%c' is not M, F, X or <", g);
}

/* Fields shared by TD2/TD3/MRV line 2 and TD1 line 2 once positions are
 * known: DOB at dob, sex at dob+7, expiry at dob+8. */
static void parse_dates(mrz_ctx *c, const char *l, size_t dob, vg_record_doc *doc)
{
    check(c, "birth_date", l + dob, 6, l[dob + 6], false);
    mrz_date(c, l + dob, true, &c->rec->birth_date, "birth date");
    set_gender(c, l[dob + 7]);
    check(c, "expiry_date", l + dob + 8, 6, l[dob + 14], false);
    mrz_date(c, l + dob + 8, false, &doc->expires, "expiry date");
}

static void parse_two_line(mrz_ctx *c, const char *l1, const char *l2, size_t w)
{
    vg_record *rec = c->rec;
    vg_record_doc *doc = &rec->docs[rec->n_docs++];
    bool visa = l1[0] == 'V';
    doc->type = mrz_text(c->ar, l1, 2, &c->oom);
    set_country(c, l1 + 2, doc->country, &doc->country_text);
    set_name(c, l1 + 5, w - 5);
    doc->number = mrz_text(c->ar, l2, 9, &c->oom);
    if (!doc->number)
        vg__rec_error(c->ar, rec, "no document number");
    check(c, "document_number", l2, 9, l2[9], false);
    set_country(c, l2 + 10, rec->nationality, &rec->nationality_text);
    parse_dates(c, l2, 13, doc);
    if (visa)
        return; /* MRV: optional data to the end, no composite */
    if (w == 44)
        check(c, "personal_number", l2 + 28, 14, l2[42], true);
    char comp[64];
    size_t k = 0;
    memcpy(comp + k, l2, 10);
    k += 10;
    memcpy(comp + k, l2 + 13, 7);
    k += 7;
    memcpy(comp + k, l2 + 21, w - 1 - 21);
    k += w - 1 - 21;
    check(c, "composite", comp, k, l2[w - 1], false);
}

static void parse_td1(mrz_ctx *c, const char *l1, const char *l2, const char *l3)
{
    vg_record *rec = c->rec;
    vg_record_doc *doc = &rec->docs[rec->n_docs++];
    doc->type = mrz_text(c->ar, l1, 2, &c->oom);
    set_country(c, l1 + 2, doc->country, &doc->country_text);
    char num[40];
    size_t nl = 0;
    for (size_t i = 5; i < 14; i++)
        num[nl++] = l1[i];
    if (l1[14] == '<' && l1[15] != '<') {
        /* long number: the rest and its check digit open the optional field */
        size_t e = 15;
        while (e < 30 && l1[e] != '<')
            e++;
        for (size_t i = 15; i + 1 < e; i++)
            num[nl++] = l1[i];
        check(c, "document_number", num, nl, l1[e - 1], false);
    } else {
        check(c, "document_number", l1 + 5, 9, l1[14], false);
    }
    doc->number = mrz_text(c->ar, num, nl, &c->oom);
    if (!doc->number)
        vg__rec_error(c->ar, rec, "no document number");
    parse_dates(c, l2, 0, doc);
    set_country(c, l2 + 15, rec->nationality, &rec->nationality_text);
    char comp[64];
    size_t k = 0;
    memcpy(comp, l1 + 5, 25);
    k = 25;
    memcpy(comp + k, l2, 7);
    k += 7;
    memcpy(comp + k, l2 + 8, 7);
    k += 7;
    memcpy(comp + k, l2 + 18, 11);
    k += 11;
    check(c, "composite", comp, k, l2[29], false);
    set_name(c, l3, 30);
}

static vg_status mrz_next(vg_reader *r, vg_record **out, vg_err *err)
{
    mrz_block b;
    vg_arena_reset(&r->arena);
    if (!read_block(r, &b))
        return VG_OK;
    vg_record *rec = &r->rec;
    vg__rec_begin(r, rec);
    rec->line = b.first_line;
    mrz_ctx c = {r, rec, &r->arena, vg__today(r, NULL), "", false};
    size_t w = b.len[0];
    size_t want_lines = w == 30 ? 3 : 2;
    if (b.n_total < 2 || b.n_total > 3) {
        vg__rec_error(c.ar, rec, "an MRZ has 2 or 3 lines, this block has %zu", b.n_total);
    } else if (w != 30 && w != 36 && w != 44) {
        vg__rec_error(c.ar, rec, "line 1 has %zu characters; an MRZ line has 30, 36 or 44", w);
    } else if (b.n_total != want_lines) {
        vg__rec_error(c.ar, rec, "a %zu-character MRZ has %zu lines, this block has %zu", w,
                      want_lines, b.n_total);
    } else {
        for (size_t i = 1; i < b.n; i++)
            if (b.len[i] != w)
                vg__rec_error(c.ar, rec, "line %zu has %zu characters, expected %zu", i + 1,
                              b.len[i], w);
    }
    for (size_t i = 0; !rec->error && i < b.n; i++)
        for (size_t j = 0; j < b.len[i]; j++) {
            unsigned char ch = (unsigned char)b.line[i][j];
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '<')) {
                vg__rec_error(c.ar, rec,
                              "line %zu column %zu: character '%c' outside A-Z 0-9 <", i + 1,
                              j + 1, ch >= 0x20 && ch < 0x7f ? ch : '?');
                break;
            }
        }
    if (!rec->error) {
        if (w == 30)
            parse_td1(&c, b.line[0], b.line[1], b.line[2]);
        else
            parse_two_line(&c, b.line[0], b.line[1], w);
        if (c.failed[0])
            rec->failed_checks = vg__dup(c.ar, c.failed, strlen(c.failed), false, &c.oom);
    }
    if (rec->n_docs && rec->docs[0].number)
        rec->id = rec->docs[0].number;
    if (c.oom)
        return VG_ENOMEM;
    return vg__rec_yield(r, rec, out, err);
}

vg_status vg__mrz_init(vg_reader *r, vg_err *err)
{
    (void)err;
    r->next = mrz_next;
    return VG_OK;
}
