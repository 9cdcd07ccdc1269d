/* SPDX-License-Identifier: Apache-2.0 */
/* Customer files: RFC 4180 CSV with a header row (columns mapped by the
 * caller or guessed from common header names) and JSONL queries in the
 * bench protocol format, read with a small strict JSON parser of our own
 * (this module links no JSON library). */
#include <string.h>

#include "records/vg_records.h"

/* ------------------------------------------------------------------------ */
/* Shared field handling                                                    */
/* ------------------------------------------------------------------------ */

enum {
    T_ID = 0,
    T_NAME,
    T_FIRST,
    T_LAST,
    T_DOB,
    T_NAT,
    T_GENDER,
    T_PASSPORT,
    T_IDNUM,
    T_DOCNUM,
    T_DOCCOUNTRY,
    T_SCHEMA,
    T__COUNT
};

static const char *const k_target_names[T__COUNT] = {
    "id",        "name",            "first_name", "last_name",       "birth_date",
    "nationality", "gender",        "passport_number", "id_number", "document_number",
    "document_country", "schema"};

/* Header names that map to each target, compared after folding to lower
 * case and dropping spaces, '_', '-' and '.'. */
static const char *const k_guess[T__COUNT][12] = {
    {"id", "reference", "ref", "customerid", "clientid", "recordid", "passengerid", "uid", NULL},
    {"name", "fullname", "personname", "customername", "passengername", "clientname", NULL},
    {"firstname", "givenname", "givennames", "forename", "forenames", "first", NULL},
    {"lastname", "surname", "familyname", "last", "surnames", NULL},
    {"dob", "birthdate", "dateofbirth", "birthday", "born", NULL},
    {"nationality", "citizenship", "country", "nationalitycode", "countryofcitizenship", NULL},
    {"gender", "sex", NULL},
    {"passport", "passportnumber", "passportno", "documentnumber", "docnumber",
     "traveldocument", "traveldocumentnumber", NULL},
    {"idnumber", "nationalid", "idcard", "idcardnumber", "nationalidnumber", NULL},
    {NULL},
    {"documentcountry", "issuingcountry", "passportcountry", "issuingstate", "issuer", NULL},
    {"schema", "type", NULL},
};

static size_t fold_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[k++] = c;
    }
    out[k] = '\0';
    return k;
}

typedef enum gender_res { G_OK, G_BAD } gender_res;

static gender_res parse_gender(const char *g, vg_gender *out)
{
    *out = VG_GENDER_UNKNOWN;
    if (!g)
        return G_OK;
    vg_str s = vg_str_c(g);
    if (vg_str_ieq_ascii(s, "m") || vg_str_ieq_ascii(s, "male"))
        *out = VG_GENDER_MALE;
    else if (vg_str_ieq_ascii(s, "f") || vg_str_ieq_ascii(s, "female"))
        *out = VG_GENDER_FEMALE;
    else if (!vg_str_ieq_ascii(s, "unknown") && !vg_str_ieq_ascii(s, "x") &&
             !vg_str_ieq_ascii(s, "other") && !vg_str_ieq_ascii(s, "u"))
        return G_BAD;
    return G_OK;
}

static void set_full_name(vg_arena *ar, vg_record *rec, bool *oom)
{
    if (rec->name || (!rec->given && !rec->family))
        return;
    if (rec->given && rec->family) {
        size_t a = strlen(rec->given), b = strlen(rec->family);
        char *p = vg_arena_alloc(ar, a + b + 2);
        if (!p) {
            *oom = true;
            return;
        }
        memcpy(p, rec->given, a);
        p[a] = ' ';
        memcpy(p + a + 1, rec->family, b + 1);
        rec->name = p;
    } else {
        rec->name = rec->given ? rec->given : rec->family;
    }
}

static void add_doc(vg_record *rec, const char *type, const char *num, const char *country)
{
    if (!num || rec->n_docs >= VG_RECORD_MAX_DOCS)
        return;
    vg_record_doc *d = &rec->docs[rec->n_docs++];
    memset(d, 0, sizeof *d);
    d->type = type;
    d->number = num;
    d->country_text = country;
    if (country)
        vg__country(country, d->country);
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct csv_state {
    char delim;
    vg_buf data;
    size_t off[VG_LIMIT_CSV_COLUMNS], len[VG_LIMIT_CSV_COLUMNS];
    size_t n_fields, n_header;
    bool overflow, quote_junk;
    long line;
    int col[T__COUNT];
} csv_state;

typedef enum { CSV_EOF = 0, CSV_OK, CSV_UNTERMINATED, CSV_TOO_LONG, CSV_NOMEM } csv_res;

static void end_field(csv_state *c, size_t start)
{
    if (c->n_fields >= VG_LIMIT_CSV_COLUMNS) {
        c->overflow = true;
        return;
    }
    c->off[c->n_fields] = start;
    c->len[c->n_fields] = c->data.len - start;
    c->n_fields++;
}

/* Reads one CSV record (quoted fields may span lines). Blank lines are
 * skipped. */
static csv_res read_csv(vg_reader *r, csv_state *c)
{
    vg__in *in = &r->in;
    int ch;
    while ((ch = vg__in_peek(in)) == '\n' || ch == '\r')
        vg__in_getc(in);
    if (ch == -1)
        return CSV_EOF;
    c->line = in->line;
    vg_buf_clear(&c->data);
    c->n_fields = 0;
    c->overflow = c->quote_junk = false;
    size_t start = 0;
    bool quoted = false, at_start = true, was_quoted = false, too_long = false;
    for (;;) {
        ch = vg__in_getc(in);
        if (ch == -1) {
            end_field(c, start);
            return quoted ? CSV_UNTERMINATED : too_long ? CSV_TOO_LONG : CSV_OK;
        }
        if (quoted) {
            if (ch == '"') {
                if (vg__in_peek(in) == '"') {
                    vg__in_getc(in);
                } else {
                    quoted = false;
                    continue;
                }
            }
        } else if (ch == '"' && at_start) {
            quoted = was_quoted = true;
            at_start = false;
            continue;
        } else if ((unsigned char)ch == (unsigned char)c->delim) {
            end_field(c, start);
            start = c->data.len;
            at_start = true;
            was_quoted = false;
            continue;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && vg__in_peek(in) == '\n')
                vg__in_getc(in);
            end_field(c, start);
            return too_long ? CSV_TOO_LONG : CSV_OK;
        } else if (was_quoted) {
            c->quote_junk = true;
        }
        at_start = false;
        if (c->data.len >= VG_LIMIT_RECORD_BYTES) {
            too_long = true;
            continue;
        }
        if (vg_buf_putc(&c->data, (char)ch))
            return CSV_NOMEM;
    }
}

static vg_str field(const csv_state *c, int col)
{
    if (col < 0 || (size_t)col >= c->n_fields)
        return (vg_str){"", 0};
    return vg_str_trim((vg_str){c->data.ptr + c->off[col], c->len[col]});
}

static vg_status map_columns(vg_reader *r, csv_state *c, const char *map, vg_err *err)
{
    for (int t = 0; t < T__COUNT; t++)
        c->col[t] = -1;
    char key[128], hk[128];
    if (map) {
        const char *p = map;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            const char *eq = memchr(p, '=', n);
            if (!eq)
                return vg_err_set(err, VG_EINVAL, r->file, 0,
                                  "--map: '%.*s' is not TARGET=COLUMN", (int)(n > 60 ? 60 : n), p);
            vg_str tgt = vg_str_trim((vg_str){p, (size_t)(eq - p)});
            vg_str colname = vg_str_trim((vg_str){eq + 1, n - (size_t)(eq - p) - 1});
            int t = -1;
            for (int i = 0; i < T__COUNT; i++)
                if (vg_str_ieq_ascii(tgt, k_target_names[i]))
                    t = i;
            if (vg_str_ieq_ascii(tgt, "dob"))
                t = T_DOB;
            if (vg_str_ieq_ascii(tgt, "passport"))
                t = T_PASSPORT;
            if (t < 0)
                return vg_err_set(err, VG_EINVAL, r->file, 0, "--map: unknown target '%.*s'",
                                  (int)(tgt.len > 40 ? 40 : tgt.len), tgt.ptr);
            for (size_t i = 0; i < c->n_header; i++) {
                vg_str h = field(c, (int)i);
                if (h.len == colname.len && colname.len &&
                    fold_key(h.ptr, h.len, hk, sizeof hk) ==
                        fold_key(colname.ptr, colname.len, key, sizeof key) &&
                    strcmp(hk, key) == 0) {
                    c->col[t] = (int)i;
                    break;
                }
            }
            long idx;
            if (c->col[t] < 0 && vg_str_to_long(colname, &idx) && idx >= 1 &&
                (size_t)idx <= c->n_header)
                c->col[t] = (int)idx - 1;
            if (c->col[t] < 0)
                return vg_err_set(err, VG_EINVAL, r->file, 1, "--map: no column '%.*s' in the header",
                                  (int)(colname.len > 60 ? 60 : colname.len), colname.ptr);
            p += n;
            if (*p == ',')
                p++;
        }
    } else {
        for (size_t i = 0; i < c->n_header; i++) {
            vg_str h = field(c, (int)i);
            fold_key(h.ptr, h.len, hk, sizeof hk);
            for (int t = 0; t < T__COUNT; t++) {
                if (c->col[t] >= 0)
                    continue;
                for (size_t j = 0; k_guess[t][j]; j++)
                    if (strcmp(hk, k_guess[t][j]) == 0) {
                        c->col[t] = (int)i;
                        break;
                    }
            }
        }
    }
    if (c->col[T_NAME] < 0 && c->col[T_FIRST] < 0 && c->col[T_LAST] < 0)
        return vg_err_set(err, VG_EINVAL, r->file, 1,
                          "no name column: the header has none of name, full_name, first_name, "
                          "last_name, surname ...; give --map name=COLUMN");
    return VG_OK;
}

static vg_status csv_next(vg_reader *r, vg_record **out, vg_err *err)
{
    csv_state *c = r->state;
    vg_arena *ar = &r->arena;
    vg_arena_reset(ar);
    csv_res res = read_csv(r, c);
    if (res == CSV_EOF)
        return VG_OK;
    if (res == CSV_NOMEM)
        return VG_ENOMEM;
    vg_record *rec = &r->rec;
    vg__rec_begin(r, rec);
    rec->line = c->line;
    bool oom = false;
    const char *v[T__COUNT];
    for (int t = 0; t < T__COUNT; t++) {
        vg_str f = field(c, c->col[t]);
        v[t] = f.len ? vg__dup(ar, f.ptr, f.len, false, &oom) : NULL;
    }
    rec->id = v[T_ID];
    if (!rec->id) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%zu", r->record_no + 1);
        rec->id = vg__dup(ar, tmp, strlen(tmp), false, &oom);
    }
    rec->name = v[T_NAME];
    rec->given = v[T_FIRST];
    rec->family = v[T_LAST];
    rec->schema = v[T_SCHEMA];
    if (res == CSV_UNTERMINATED)
        vg__rec_error(ar, rec, "quoted field not closed before the end of the input");
    if (res == CSV_TOO_LONG)
        vg__rec_error(ar, rec, "record longer than the %u-byte limit", VG_LIMIT_RECORD_BYTES);
    for (size_t i = 0; i < c->n_fields && !rec->error; i++)
        if (!vg_utf8_valid(c->data.ptr + c->off[i], c->len[i]))
            vg__rec_error(ar, rec, "column %zu: invalid UTF-8", i + 1);
    if (c->n_fields != c->n_header)
        vg__rec_warn(ar, rec, "%zu columns, the header has %zu", c->n_fields, c->n_header);
    if (c->quote_junk)
        vg__rec_warn(ar, rec, "text after a closing quote");
    if (v[T_DOB]) {
        bool amb;
        if (!vg__parse_date_text(v[T_DOB], &rec->birth_date, &amb))
            vg__rec_error(ar, rec, "birth date '%.40s' is not a valid date", v[T_DOB]);
        else if (amb)
            vg__rec_warn(ar, rec, "birth date '%s' read as day/month/year", v[T_DOB]);
    }
    if (v[T_NAT]) {
        rec->nationality_text = v[T_NAT];
        if (!vg__country(v[T_NAT], rec->nationality))
            vg__rec_warn(ar, rec, "nationality '%.40s' is not a known country", v[T_NAT]);
    }
    if (parse_gender(v[T_GENDER], &rec->gender) != G_OK)
        vg__rec_warn(ar, rec, "gender '%.20s' is not male or female; ignored", v[T_GENDER]);
    add_doc(rec, "passport", v[T_PASSPORT], v[T_DOCCOUNTRY]);
    add_doc(rec, "id", v[T_IDNUM], v[T_DOCCOUNTRY]);
    add_doc(rec, NULL, v[T_DOCNUM], v[T_DOCCOUNTRY]);
    set_full_name(ar, rec, &oom);
    if (!rec->name && !rec->error)
        vg__rec_error(ar, rec, "no name");
    if (oom)
        return VG_ENOMEM;
    return vg__rec_yield(r, rec, out, err);
}

static void csv_fini(vg_reader *r)
{
    csv_state *c = r->state;
    if (!c)
        return;
    vg_buf_fini(&c->data);
    vg__free(&r->alloc, c, sizeof *c);
    r->state = NULL;
}

vg_status vg__csv_init(vg_reader *r, vg_err *err)
{
    csv_state *c = vg__calloc(&r->alloc, sizeof *c);
    if (!c)
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    r->state = c;
    r->fini = csv_fini;
    r->next = csv_next;
    vg_buf_init(&c->data, &r->alloc, VG_LIMIT_RECORD_BYTES + 16);
    if (vg_buf_reserve(&c->data, 256)) /* never a NULL data pointer */
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    /* the delimiter: the most frequent of , ; TAB | on the header line */
    size_t counts[4] = {0, 0, 0, 0};
    static const char delims[4] = {',', ';', '\t', '|'};
    bool q = false;
    for (const unsigned char *p = r->in.p; p < r->in.end && (q || *p != '\n'); p++) {
        if (*p == '"')
            q = !q;
        for (int i = 0; i < 4 && !q; i++)
            counts[i] += *p == (unsigned char)delims[i];
    }
    c->delim = ',';
    size_t best = 0;
    for (int i = 0; i < 4; i++)
        if (counts[i] > best) {
            best = counts[i];
            c->delim = delims[i];
        }
    csv_res res = read_csv(r, c);
    if (res == CSV_NOMEM)
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    if (res != CSV_OK)
        return vg_err_set(err, res == CSV_EOF ? VG_EEMPTY : VG_EPARSE, r->file, 1,
                          "cannot read the CSV header row");
    c->n_header = c->n_fields;
    return map_columns(r, c, r->opts.csv_map, err);
}

/* ------------------------------------------------------------------------ */
/* JSON (just enough for one flat query object per line)                    */
/* ------------------------------------------------------------------------ */

typedef struct jp {
    const char *start, *p, *end;
    const char *err;
} jp;

static void ws(jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
        j->p++;
}

static bool fail(jp *j, const char *why)
{
    if (!j->err)
        j->err = why;
    return false;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(jp *j, unsigned *out)
{
    if (j->end - j->p < 4)
        return fail(j, "truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexv(j->p[i]);
        if (h < 0)
            return fail(j, "invalid \\u escape");
        v = v * 16 + (unsigned)h;
    }
    j->p += 4;
    *out = v;
    return true;
}

static bool put_utf8(vg_buf *b, unsigned cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return !b || vg_buf_append(b, t, n) == VG_OK;
}

/* Parses a string at j->p (the opening quote); decodes into b (may be NULL
 * to skip). */
static bool jstring(jp *j, vg_buf *b, bool *oom)
{
    j->p++;
    for (;;) {
        if (j->p >= j->end)
            return fail(j, "unterminated string");
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            return true;
        }
        if (c < 0x20)
            return fail(j, "control character in string");
        if (c != '\\') {
            const char *s = j->p;
            while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char)*j->p >= 0x20)
                j->p++;
            if (b && vg_buf_append(b, s, (size_t)(j->p - s))) {
                *oom = true;
                return fail(j, "out of memory");
            }
            continue;
        }
        j->p++;
        if (j->p >= j->end)
            return fail(j, "unterminated string");
        char e = *j->p++;
        char lit = 0;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            lit = e;
            break;
        case 'b':
            lit = '\b';
            break;
        case 'f':
            lit = '\f';
            break;
        case 'n':
            lit = '\n';
            break;
        case 'r':
            lit = '\r';
            break;
        case 't':
            lit = '\t';
            break;
        case 'u': {
            unsigned cp;
            if (!hex4(j, &cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(j, "unpaired surrogate in \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
                    return fail(j, "unpaired surrogate in \\u escape");
                j->p += 2;
                if (!hex4(j, &lo))
                    return false;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return fail(j, "unpaired surrogate in \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (cp == 0)
                return fail(j, "NUL character in string");
            if (!put_utf8(b, cp)) {
                *oom = true;
                return fail(j, "out of memory");
            }
            continue;
        }
        default:
            return fail(j, "invalid escape");
        }
        if (b && vg_buf_putc(b, lit)) {
            *oom = true;
            return fail(j, "out of memory");
        }
    }
}

static bool jlit(jp *j, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
        return fail(j, "invalid literal");
    j->p += n;
    return true;
}

static bool jnumber(jp *j)
{
    const char *s = j->p;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p >= j->end || *j->p < '0' || *j->p > '9')
        return fail(j, "invalid number");
    if (*j->p == '0')
        j->p++;
    else
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9')
            return fail(j, "invalid number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9')
            return fail(j, "invalid number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    return j->p > s;
}

static bool jvalue(jp *j, unsigned depth, bool *oom)
{
    if (depth > VG_LIMIT_JSON_DEPTH)
        return fail(j, "nesting too deep");
    ws(j);
    if (j->p >= j->end)
        return fail(j, "'[' or '{' expected near end of file");
    char c = *j->p;
    if (c == '"')
        return jstring(j, NULL, oom);
    if (c == 't')
        return jlit(j, "true");
    if (c == 'f')
        return jlit(j, "false");
    if (c == 'n')
        return jlit(j, "null");
    if (c == '-' || (c >= '0' && c <= '9'))
        return jnumber(j);
    if (c != '[' && c != '{')
        return fail(j, "invalid token");
    char close = c == '[' ? ']' : '}';
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return true;
    }
    for (;;) {
        ws(j);
        if (close == '}') {
            if (j->p >= j->end || *j->p != '"')
                return fail(j, "string or '}' expected");
            if (!jstring(j, NULL, oom))
                return false;
            ws(j);
            if (j->p >= j->end || *j->p != ':')
                return fail(j, "':' expected");
            j->p++;
        }
        if (!jvalue(j, depth + 1, oom))
            return false;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return true;
        }
        return fail(j, close == ']' ? "',' or ']' expected" : "',' or '}' expected");
    }
}

/* ------------------------------------------------------------------------ */
/* JSONL queries                                                            */
/* ------------------------------------------------------------------------ */

enum { F_BAD_TYPE = 1, F_PRESENT = 2 };

typedef struct jq {
    const char *v[T__COUNT];
    unsigned flags[T__COUNT];
    const char *doc_num[VG_RECORD_MAX_DOCS], *doc_cc[VG_RECORD_MAX_DOCS];
    size_t n_docs;
    bool docs_bad;
} jq;

typedef struct jsonl_state {
    vg_buf line, str;
    long lineno;
} jsonl_state;

/* Decodes the string value at j->p into the arena. */
static const char *jstr_dup(jp *j, vg_buf *tmp, vg_arena *ar, bool *oom)
{
    vg_buf_clear(tmp);
    if (!jstring(j, tmp, oom))
        return NULL;
    if (tmp->len == 0)
        return "";
    char *s = vg_arena_strndup(ar, tmp->ptr, tmp->len);
    if (!s)
        *oom = true;
    return s;
}

/* A string-or-null value for target t. */
static bool jfield(jp *j, jq *q, int t, vg_buf *tmp, vg_arena *ar, bool *oom)
{
    ws(j);
    q->flags[t] |= F_PRESENT;
    if (j->p < j->end && *j->p == '"') {
        const char *s = jstr_dup(j, tmp, ar, oom);
        if (!s)
            return false;
        q->v[t] = s;
        return true;
    }
    if (j->p < j->end && *j->p == 'n' && (size_t)(j->end - j->p) >= 4 &&
        memcmp(j->p, "null", 4) == 0) {
        j->p += 4;
        return true;
    }
    q->flags[t] |= F_BAD_TYPE;
    return jvalue(j, 1, oom);
}

static bool jdocuments(jp *j, jq *q, vg_buf *tmp, vg_arena *ar, bool *oom)
{
    ws(j);
    if (j->p >= j->end || *j->p != '[')
        return jvalue(j, 1, oom); /* not an array: ignored */
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return true;
    }
    for (;;) {
        ws(j);
        if (j->p < j->end && *j->p == '{') {
            const char *num = NULL, *cc = NULL;
            bool bad = false;
            j->p++;
            ws(j);
            if (j->p < j->end && *j->p == '}') {
                j->p++;
            } else {
                for (;;) {
                    ws(j);
                    if (j->p >= j->end || *j->p != '"')
                        return fail(j, "string or '}' expected");
                    const char *key = jstr_dup(j, tmp, ar, oom);
                    if (!key)
                        return false;
                    ws(j);
                    if (j->p >= j->end || *j->p != ':')
                        return fail(j, "':' expected");
                    j->p++;
                    ws(j);
                    bool is_num = strcmp(key, "number") == 0, is_cc = strcmp(key, "country") == 0;
                    if ((is_num || is_cc) && j->p < j->end && *j->p == '"') {
                        const char *s = jstr_dup(j, tmp, ar, oom);
                        if (!s)
                            return false;
                        if (is_num)
                            num = s;
                        else
                            cc = s;
                    } else {
                        if (is_num || is_cc)
                            bad = bad || !(j->p < j->end && *j->p == 'n');
                        if (!jvalue(j, 2, oom))
                            return false;
                    }
                    ws(j);
                    if (j->p < j->end && *j->p == ',') {
                        j->p++;
                        continue;
                    }
                    if (j->p < j->end && *j->p == '}') {
                        j->p++;
                        break;
                    }
                    return fail(j, "',' or '}' expected");
                }
            }
            if (bad || !num)
                q->docs_bad = true;
            else if (q->n_docs < VG_RECORD_MAX_DOCS) {
                q->doc_num[q->n_docs] = num;
                q->doc_cc[q->n_docs++] = cc;
            }
        } else {
            if (!jvalue(j, 1, oom))
                return false;
            q->docs_bad = true;
        }
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return true;
        }
        return fail(j, "',' or ']' expected");
    }
}

/* Parses the query object; on a syntax error returns false with j->err. */
static bool jquery(jp *j, jq *q, vg_record *rec, jsonl_state *st, vg_arena *ar, bool *oom,
                   bool *not_object)
{
    ws(j);
    if (j->p >= j->end || *j->p != '{') {
        *not_object = true;
        if (!jvalue(j, 0, oom))
            return false;
        ws(j);
        return j->p == j->end ? true : fail(j, "end of file expected");
    }
    j->p++;
    const char *keys[64];
    size_t n_keys = 0;
    ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
    } else {
        for (;;) {
            ws(j);
            if (j->p >= j->end || *j->p != '"')
                return fail(j, "string or '}' expected");
            const char *key = jstr_dup(j, &st->str, ar, oom);
            if (!key)
                return false;
            for (size_t i = 0; i < n_keys; i++)
                if (strcmp(keys[i], key) == 0)
                    return fail(j, "duplicate object key");
            if (n_keys < sizeof keys / sizeof keys[0])
                keys[n_keys++] = key;
            ws(j);
            if (j->p >= j->end || *j->p != ':')
                return fail(j, "':' expected");
            j->p++;
            ws(j);
            int t = -1;
            for (int i = 0; i < T__COUNT; i++) /* first byte first: a line has few keys, each read here */
                if (key[0] == k_target_names[i][0] && strcmp(key, k_target_names[i]) == 0)
                    t = i;
            bool ok;
            if (strcmp(key, "id") == 0) {
                const char *vs = j->p;
                if (j->p < j->end && *j->p == '"') {
                    rec->id = jstr_dup(j, &st->str, ar, oom);
                    ok = rec->id != NULL;
                } else {
                    ok = jvalue(j, 1, oom);
                }
                if (ok) {
                    rec->id_json = vg_arena_strndup(ar, vs, (size_t)(j->p - vs));
                    if (!rec->id_json)
                        *oom = true;
                    if (!rec->id)
                        rec->id = rec->id_json;
                }
            } else if (strcmp(key, "documents") == 0) {
                ok = jdocuments(j, q, &st->str, ar, oom);
            } else if (t >= 0 && t != T_ID && t != T_DOCCOUNTRY) {
                ok = jfield(j, q, t, &st->str, ar, oom);
            } else {
                ok = jvalue(j, 1, oom);
            }
            if (!ok)
                return false;
            ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == '}') {
                j->p++;
                break;
            }
            return fail(j, "',' or '}' expected");
        }
    }
    ws(j);
    return j->p == j->end ? true : fail(j, "end of file expected");
}

/* The checks of the bench query format, in the order the CLI always
 * applied them; returns the first reason or NULL. */
static void jq_validate(vg_arena *ar, vg_record *rec, jq *q)
{
    if (q->flags[T_NAME] & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "field 'name' must be a string");
        return;
    }
    if ((q->flags[T_FIRST] | q->flags[T_LAST]) & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "fields 'first_name' and 'last_name' must be strings");
        return;
    }
    rec->name = q->v[T_NAME];
    rec->given = q->v[T_FIRST];
    rec->family = q->v[T_LAST];
    if (q->flags[T_DOB] & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "field 'birth_date' must be a string");
        return;
    }
    bool amb;
    if (q->v[T_DOB] && *q->v[T_DOB] && !vg__parse_date_text(q->v[T_DOB], &rec->birth_date, &amb)) {
        vg__rec_error(ar, rec,
                      "field 'birth_date': '%.40s' is not a valid date (YYYY, YYYY-MM or "
                      "YYYY-MM-DD)",
                      q->v[T_DOB]);
        return;
    }
    if (q->flags[T_NAT] & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "field 'nationality' must be a string");
        return;
    }
    if (q->v[T_NAT] && *q->v[T_NAT]) {
        rec->nationality_text = q->v[T_NAT];
        if (!vg__country(q->v[T_NAT], rec->nationality)) {
            vg__rec_error(ar, rec, "field 'nationality': unknown country '%.40s'", q->v[T_NAT]);
            return;
        }
    }
    if (q->flags[T_GENDER] & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "field 'gender' must be a string");
        return;
    }
    if (q->v[T_GENDER] && *q->v[T_GENDER] && parse_gender(q->v[T_GENDER], &rec->gender) != G_OK) {
        vg__rec_error(ar, rec, "field 'gender' must be male, female or unknown");
        return;
    }
    if (q->flags[T_SCHEMA] & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "field 'schema' must be a string");
        return;
    }
    rec->schema = q->v[T_SCHEMA];
    if ((q->flags[T_PASSPORT] | q->flags[T_IDNUM] | q->flags[T_DOCNUM]) & F_BAD_TYPE) {
        vg__rec_error(ar, rec, "document number fields must be strings");
        return;
    }
    static const int dk[3] = {T_PASSPORT, T_IDNUM, T_DOCNUM};
    static const char *const dt[3] = {"passport", "id", NULL};
    for (int i = 0; i < 3; i++)
        if (q->v[dk[i]] && *q->v[dk[i]])
            add_doc(rec, dt[i], q->v[dk[i]], NULL);
    if (q->docs_bad) {
        vg__rec_error(ar, rec, "field 'documents': each needs a string 'number'");
        return;
    }
    for (size_t i = 0; i < q->n_docs; i++)
        add_doc(rec, NULL, q->doc_num[i], q->doc_cc[i]);
    if (!q->v[T_NAME] && !q->v[T_FIRST] && !q->v[T_LAST])
        vg__rec_error(ar, rec, "no name: give 'name' or 'first_name'/'last_name'");
}

static vg_status jsonl_next(vg_reader *r, vg_record **out, vg_err *err)
{
    jsonl_state *st = r->state;
    vg_arena *ar = &r->arena;
    vg_arena_reset(ar);
    vg__in *in = &r->in;
    int ch;
    bool too_long = false;
    for (;;) { /* next non-empty line */
        vg_buf_clear(&st->line);
        too_long = false;
        st->lineno = in->line;
        /* the line, copied in runs up to the next newline of the window;
         * bytes past the limit are dropped and mark the line too long */
        for (;;) {
            if (in->p == in->end && !vg__in_fill(in)) {
                ch = -1;
                break;
            }
            const unsigned char *nl = memchr(in->p, '\n', (size_t)(in->end - in->p));
            size_t n = (size_t)((nl ? nl : in->end) - in->p);
            size_t room = st->line.len < VG_LIMIT_RECORD_BYTES
                              ? VG_LIMIT_RECORD_BYTES - st->line.len
                              : 0;
            if (n > room)
                too_long = true;
            if ((n < room ? n : room) > 0 &&
                vg_buf_append(&st->line, (const char *)in->p, n < room ? n : room))
                return VG_ENOMEM;
            in->p += n;
            if (nl) {
                in->p++;
                in->line++;
                ch = '\n';
                break;
            }
        }
        while (st->line.len && st->line.ptr[st->line.len - 1] == '\r')
            st->line.ptr[--st->line.len] = '\0';
        if (st->line.len || too_long)
            break;
        if (ch == -1)
            return VG_OK;
    }
    vg_record *rec = &r->rec;
    vg__rec_begin(r, rec);
    rec->line = st->lineno;
    bool oom = false, not_object = false;
    jq q;
    memset(&q, 0, sizeof q);
    if (too_long) {
        vg__rec_error(ar, rec, "line longer than the %u-byte limit", VG_LIMIT_RECORD_BYTES);
    } else if (!vg_utf8_valid(st->line.ptr, st->line.len)) {
        /* still read the id, so that the rejection names the query: parse a
         * copy with the bad bytes blanked, then reject the record */
        size_t at = vg_utf8_valid_prefix(st->line.ptr, st->line.len);
        for (size_t i = at; i < st->line.len;) {
            size_t ok = vg_utf8_valid_prefix(st->line.ptr + i, st->line.len - i);
            i += ok;
            if (i < st->line.len)
                st->line.ptr[i++] = '?';
        }
        jp j = {st->line.ptr, st->line.ptr, st->line.ptr + st->line.len, NULL};
        (void)jquery(&j, &q, rec, st, ar, &oom, &not_object);
        if (oom)
            return VG_ENOMEM;
        vg__rec_error(ar, rec, "invalid UTF-8 at byte %zu", at + 1);
    } else {
        jp j = {st->line.ptr, st->line.ptr, st->line.ptr + st->line.len, NULL};
        if (!jquery(&j, &q, rec, st, ar, &oom, &not_object)) {
            if (oom)
                return VG_ENOMEM;
            vg__rec_error(ar, rec, "invalid JSON at column %ld: %s",
                          (long)(j.p - j.start) + 1, j.err ? j.err : "syntax error");
        } else if (not_object) {
            vg__rec_error(ar, rec, "a query must be a JSON object");
        } else {
            jq_validate(ar, rec, &q);
        }
    }
    set_full_name(ar, rec, &oom);
    if (oom)
        return VG_ENOMEM;
    return vg__rec_yield(r, rec, out, err);
}

static void jsonl_fini(vg_reader *r)
{
    jsonl_state *st = r->state;
    if (!st)
        return;
    vg_buf_fini(&st->line);
    vg_buf_fini(&st->str);
    vg__free(&r->alloc, st, sizeof *st);
    r->state = NULL;
}

vg_status vg__jsonl_init(vg_reader *r, vg_err *err)
{
    jsonl_state *st = vg__calloc(&r->alloc, sizeof *st);
    if (!st)
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    vg_buf_init(&st->line, &r->alloc, VG_LIMIT_RECORD_BYTES + 16);
    vg_buf_init(&st->str, &r->alloc, VG_LIMIT_RECORD_BYTES + 16);
    r->state = st;
    r->fini = jsonl_fini;
    r->next = jsonl_next;
    if (vg_buf_reserve(&st->line, 256) || vg_buf_reserve(&st->str, 256))
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    return VG_OK;
}
