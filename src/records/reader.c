/* SPDX-License-Identifier: Apache-2.0 */
/* The record reader handle: buffered input from a file, stdin or memory,
 * format detection, record cloning, and the helpers every format shares
 * (strings, two-digit years, ICAO country codes, warnings). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "records/vg_records.h"

/* ------------------------------------------------------------------------ */
/* Names                                                                    */
/* ------------------------------------------------------------------------ */

const char *vg_record_format_name(vg_record_format f)
{
    switch (f) {
    case VG_RECORD_PAXLST:
        return "paxlst";
    case VG_RECORD_MRZ:
        return "mrz";
    case VG_RECORD_CSV:
        return "csv";
    case VG_RECORD_JSONL:
        return "jsonl";
    default:
        return "auto";
    }
}

bool vg_record_format_parse(const char *name, vg_record_format *out)
{
    static const vg_record_format all[] = {VG_RECORD_AUTO, VG_RECORD_PAXLST, VG_RECORD_MRZ,
                                           VG_RECORD_CSV, VG_RECORD_JSONL};
    for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++) {
        if (vg_str_ieq_ascii(vg_str_c(name), vg_record_format_name(all[i]))) {
            *out = all[i];
            return true;
        }
    }
    if (name && (vg_str_ieq_ascii(vg_str_c(name), "edi") ||
                 vg_str_ieq_ascii(vg_str_c(name), "edifact"))) {
        *out = VG_RECORD_PAXLST;
        return true;
    }
    return false;
}

const char *vg_record_role_name(vg_record_role r)
{
    switch (r) {
    case VG_ROLE_PASSENGER:
        return "passenger";
    case VG_ROLE_CREW:
        return "crew";
    case VG_ROLE_TRANSIT_PASSENGER:
        return "transit_passenger";
    case VG_ROLE_TRANSIT_CREW:
        return "transit_crew";
    default:
        return "unknown";
    }
}

/* ------------------------------------------------------------------------ */
/* Buffered input                                                           */
/* ------------------------------------------------------------------------ */

bool vg__in_fill(vg__in *in)
{
    if (!in->f || in->eof)
        return false;
    in->consumed += (size_t)(in->end - (const unsigned char *)in->buf);
    size_t got = fread(in->buf, 1, VG_LIMIT_READ_CHUNK, in->f);
    in->p = (const unsigned char *)in->buf;
    in->end = in->p + got;
    if (got == 0) {
        in->eof = true;
        if (ferror(in->f))
            in->ioerr = true;
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

void vg__rec_begin(vg_reader *r, vg_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->format = r->fmt;
    rec->file = r->file;
    rec->verified = true;
}

const char *vg__dup(vg_arena *ar, const char *s, size_t n, bool latin1, bool *oom)
{
    vg_str t = vg_str_trim((vg_str){s, n});
    if (t.len == 0)
        return NULL;
    if (!latin1 && !vg_utf8_valid(t.ptr, t.len))
        latin1 = true;
    char *out = vg_arena_alloc(ar, latin1 ? t.len * 2 + 1 : t.len + 1);
    if (!out) {
        *oom = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.ptr[i];
        if (c == 0) {
            out[k++] = ' '; /* a NUL would cut the text short */
        } else if (c < 0x80 || !latin1) {
            out[k++] = (char)c;
        } else {
            out[k++] = (char)(0xC0 | (c >> 6));
            out[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[k] = '\0';
    vg_str u = vg_str_trim((vg_str){out, k});
    if (u.len == 0)
        return NULL;
    if (u.ptr != out)
        memmove(out, u.ptr, u.len);
    out[u.len] = '\0';
    return out;
}

static const char *vfmt(vg_arena *ar, const char *fmt, va_list ap)
{
    char tmp[VG_ERR_MSG_MAX];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    return vg_arena_strndup(ar, tmp, strlen(tmp));
}

static void add_warning(vg_record *rec, const char *w)
{
    if (!w)
        return;
    if (rec->n_warnings < VG_RECORD_MAX_WARNINGS - 1)
        rec->warnings[rec->n_warnings++] = w;
    else if (rec->n_warnings == VG_RECORD_MAX_WARNINGS - 1)
        rec->warnings[rec->n_warnings++] = "further warnings omitted";
}

void vg__rec_warn(vg_arena *ar, vg_record *rec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_warning(rec, vfmt(ar, fmt, ap));
    va_end(ap);
}

void vg__rec_error(vg_arena *ar, vg_record *rec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *m = vfmt(ar, fmt, ap);
    va_end(ap);
    if (!rec->error && m)
        rec->error = m;
    else
        add_warning(rec, m);
    if (!rec->error)
        rec->error = "error (out of memory while describing it)";
}

void vg__reader_warn(vg_reader *r, const char *fmt, ...)
{
    size_t i = r->n_warn++;
    if (i >= VG_RECORD_MAX_WARNINGS)
        return;
    char tmp[VG_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t n = strlen(tmp) + 1;
    r->warn[i] = vg__alloc(&r->alloc, n);
    if (r->warn[i])
        memcpy(r->warn[i], tmp, n);
}

bool vg__date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

static long date_key(int y, int m, int d)
{
    return (long)y * 10000 + m * 100 + d;
}

int vg__birth_year(int yy, int mm, int dd, const vg_date *today)
{
    int cent = today->year / 100 * 100;
    int y = cent + yy;
    if (date_key(y, mm, dd) > date_key(today->year, today->month, today->day))
        y -= 100;
    return y;
}

int vg__expiry_year(int yy, const vg_date *today)
{
    int cent = today->year / 100 * 100;
    int y = cent + yy;
    if (y > today->year + 50)
        y -= 100;
    else if (y < today->year - 50)
        y += 100;
    return y;
}

vg_date vg__today(const vg_reader *r, const vg_date *fallback)
{
    if (r->opts.today.year > 0)
        return r->opts.today;
    if (fallback && fallback->year > 0)
        return *fallback;
    vg_date d = {0};
    time_t t = time(NULL);
    struct tm tmv;
    if (gmtime_r(&t, &tmv)) {
        d.year = (int16_t)(tmv.tm_year + 1900);
        d.month = (int16_t)(tmv.tm_mon + 1);
        d.day = (int16_t)tmv.tm_mday;
    } else {
        d.year = 2026;
        d.month = 1;
        d.day = 1;
    }
    return d;
}

bool vg__country(const char *text, char out[3])
{
    out[0] = '\0';
    if (!text || !*text)
        return false;
    if (strcmp(text, "D") == 0) { /* ICAO code for Germany, written D<< */
        memcpy(out, "DE", 3);
        return true;
    }
    return vg_country_lookup(vg_str_c(text), out);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool vg__parse_date_text(const char *s, vg_date *d, bool *ambiguous)
{
    memset(d, 0, sizeof *d);
    *ambiguous = false;
    size_t n = strlen(s);
    int y = 0, m = 0, dd = 0;
    if (n == 4 && all_digits(s, 4)) {
        y = num(s, 4);
        d->kind = VG_DATE_YEAR;
    } else if (n == 7 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2)) {
        y = num(s, 4);
        m = num(s + 5, 2);
        d->kind = VG_DATE_YEAR_MONTH;
        if (m < 1 || m > 12)
            return false;
    } else if (n == 10 && all_digits(s, 4) && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
               s[7] == s[4] && all_digits(s + 5, 2) && all_digits(s + 8, 2)) {
        y = num(s, 4);
        m = num(s + 5, 2);
        dd = num(s + 8, 2);
    } else if (n == 8 && all_digits(s, 8)) {
        y = num(s, 4);
        m = num(s + 4, 2);
        dd = num(s + 6, 2);
    } else if (n == 10 && all_digits(s, 2) && (s[2] == '.' || s[2] == '/' || s[2] == '-') &&
               s[5] == s[2] && all_digits(s + 3, 2) && all_digits(s + 6, 4)) {
        int a = num(s, 2), b = num(s + 3, 2);
        y = num(s + 6, 4);
        if (a > 12 || s[2] == '.') { /* day first */
            dd = a;
            m = b;
        } else if (b > 12) { /* US month/day */
            m = a;
            dd = b;
        } else {
            dd = a;
            m = b;
            *ambiguous = a != b;
        }
    } else {
        return false;
    }
    if (y < 1800 || y > 2200)
        return false;
    if (d->kind == VG_DATE_EXACT && !vg__date_valid(y, m, dd))
        return false;
    d->year = (int16_t)y;
    d->month = (int16_t)m;
    d->day = (int16_t)dd;
    return true;
}

vg_status vg__rec_yield(vg_reader *r, vg_record *rec, vg_record **out, vg_err *err)
{
    rec->record_no = ++r->record_no;
    *out = rec;
    if (!rec->error)
        return VG_OK;
    if (rec->message)
        vg_err_set(err, VG_EPARSE, rec->file, rec->line, "message %s, person %zu (NAD at segment %ld): %s",
                   rec->message, rec->index_in_message, rec->segment, rec->error);
    else
        vg_err_set(err, VG_EPARSE, rec->file, rec->line, "%s", rec->error);
    return VG_EPARSE;
}

/* ------------------------------------------------------------------------ */
/* Opening and detection                                                    */
/* ------------------------------------------------------------------------ */

static bool mrz_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && vg_str_ieq_ascii((vg_str){s + a - b, b}, suf);
}

static vg_record_format detect(const vg_reader *r)
{
    const unsigned char *p = r->in.p, *e = r->in.end;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (e - p >= 3 && (memcmp(p, "UNA", 3) == 0 || memcmp(p, "UNB", 3) == 0))
        return VG_RECORD_PAXLST;
    if (p < e && *p == '{')
        return VG_RECORD_JSONL;
    /* MRZ: a first line of about 30/36/44 characters, nearly all from the
     * MRZ set, with a "<<" filler (bad characters are reported later) */
    const unsigned char *q = p;
    size_t n = 0, good = 0;
    bool fill = false;
    while (q < e && *q != '\n' && *q != '\r') {
        good += mrz_char(*q);
        fill |= q + 1 < e && q[0] == '<' && q[1] == '<';
        q++;
        n++;
    }
    while (n > 0 && p[n - 1] == ' ')
        n--;
    if (n >= 25 && n <= 50 && fill && good * 10 >= n * 9)
        return VG_RECORD_MRZ;
    if (ends_with(r->file, ".edi") || ends_with(r->file, ".paxlst"))
        return VG_RECORD_PAXLST;
    if (ends_with(r->file, ".mrz"))
        return VG_RECORD_MRZ;
    if (ends_with(r->file, ".jsonl") || ends_with(r->file, ".ndjson"))
        return VG_RECORD_JSONL;
    return VG_RECORD_CSV;
}

static vg_status open_common(vg_reader *r, vg_record_format fmt, vg_err *err)
{
    vg__in_peek(&r->in);
    if (r->in.ioerr)
        return vg_err_set(err, VG_EIO, r->file, 0, "cannot read: %s", strerror(errno));
    /* a UTF-8 byte order mark is not data */
    if (r->in.end - r->in.p >= 3 && memcmp(r->in.p, "\xEF\xBB\xBF", 3) == 0)
        r->in.p += 3;
    if (r->in.p == r->in.end)
        return vg_err_set(err, VG_EEMPTY, r->file, 0, "empty input");
    r->fmt = fmt == VG_RECORD_AUTO ? detect(r) : fmt;
    switch (r->fmt) {
    case VG_RECORD_PAXLST:
        return vg__paxlst_init(r, err);
    case VG_RECORD_MRZ:
        return vg__mrz_init(r, err);
    case VG_RECORD_CSV:
        return vg__csv_init(r, err);
    case VG_RECORD_JSONL:
        return vg__jsonl_init(r, err);
    default:
        return vg_err_set(err, VG_EINVAL, r->file, 0, "unknown record format");
    }
}

static vg_status reader_alloc(const char *name, const vg_reader_opts *opts, const vg_allocator *a,
                              vg_reader **out)
{
    if (!a)
        a = vg_allocator_default();
    vg_reader *r = vg__calloc(a, sizeof *r);
    if (!r)
        return VG_ENOMEM;
    r->alloc = *a;
    if (opts)
        r->opts = *opts;
    r->opts.csv_map = NULL; /* borrowed for open only; the CSV init reads it */
    size_t n = strlen(name) + 1;
    r->file = vg__alloc(a, n);
    if (!r->file) {
        vg__free(a, r, sizeof *r);
        return VG_ENOMEM;
    }
    memcpy(r->file, name, n);
    r->in.line = 1;
    vg_arena_init(&r->arena, a, 16384);
    vg_buf_init(&r->scratch, a, VG_LIMIT_RECORD_BYTES + 16);
    *out = r;
    return VG_OK;
}

vg_status vg_reader_open(const char *path, vg_record_format fmt, const vg_reader_opts *opts,
                         const vg_allocator *a, vg_reader **out, vg_err *err)
{
    vg_status rc = VG_OK;
    vg_reader *r = NULL;
    *out = NULL;
    if (!path)
        return vg_err_set(err, VG_EINVAL, NULL, 0, "no input path");
    bool is_stdin = strcmp(path, "-") == 0;
    rc = reader_alloc(is_stdin ? "stdin" : path, opts, a, &r);
    if (rc) {
        vg_err_set(err, rc, path, 0, "out of memory");
        goto out;
    }
    r->opts.csv_map = opts ? opts->csv_map : NULL;
    if (is_stdin) {
        r->in.f = stdin;
    } else {
        r->in.f = fopen(path, "rb");
        if (!r->in.f) {
            rc = vg_err_set(err, errno == ENOENT ? VG_ENOENT : VG_EIO, path, 0, "cannot open: %s",
                            strerror(errno));
            goto out;
        }
        r->in.own_f = true;
        struct stat st;
        if (fstat(fileno(r->in.f), &st) == 0 && S_ISREG(st.st_mode))
            r->file_size = (size_t)st.st_size;
    }
    r->in.buf = vg__alloc(&r->alloc, VG_LIMIT_READ_CHUNK);
    if (!r->in.buf) {
        rc = vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
        goto out;
    }
    r->in.p = r->in.end = (const unsigned char *)r->in.buf;
    rc = open_common(r, fmt, err);
out:
    if (rc) {
        vg_reader_free(r);
        r = NULL;
    } else {
        r->opts.csv_map = NULL;
    }
    *out = r;
    return rc;
}

vg_status vg_reader_open_mem(const char *data, size_t len, const char *name, vg_record_format fmt,
                             const vg_reader_opts *opts, const vg_allocator *a, vg_reader **out,
                             vg_err *err)
{
    vg_status rc = VG_OK;
    vg_reader *r = NULL;
    *out = NULL;
    rc = reader_alloc(name ? name : "memory", opts, a, &r);
    if (rc) {
        vg_err_set(err, rc, name, 0, "out of memory");
        goto out;
    }
    r->opts.csv_map = opts ? opts->csv_map : NULL;
    r->in.p = (const unsigned char *)(data ? data : "");
    r->in.end = r->in.p + (data ? len : 0);
    r->in.eof = true;
    r->file_size = len;
    rc = open_common(r, fmt, err);
out:
    if (rc) {
        vg_reader_free(r);
        r = NULL;
    } else {
        r->opts.csv_map = NULL;
    }
    *out = r;
    return rc;
}

vg_status vg_reader_next(vg_reader *r, vg_record **rec_out, vg_err *rec_err)
{
    *rec_out = NULL;
    vg_err_clear(rec_err);
    if (r->fatal)
        return vg_err_set(rec_err, VG_EINVAL, r->file, 0, "reader failed earlier");
    vg_status rc = r->next(r, rec_out, rec_err);
    if (rc == VG_OK && !*rec_out && r->in.ioerr)
        rc = vg_err_set(rec_err, VG_EIO, r->file, r->in.line, "read error");
    if (rc != VG_OK && !*rec_out) {
        r->fatal = true;
        if (rec_err && rec_err->code == VG_OK)
            vg_err_set(rec_err, rc, r->file, r->in.line, "%s", vg_status_str(rc));
    }
    return rc;
}

vg_record_format vg_reader_format(const vg_reader *r)
{
    return r->fmt;
}

size_t vg_reader_bytes_read(const vg_reader *r)
{
    if (!r->in.f)
        return r->file_size - (size_t)(r->in.end - r->in.p);
    return r->in.consumed + (size_t)(r->in.p - (const unsigned char *)r->in.buf);
}

size_t vg_reader_bytes_total(const vg_reader *r)
{
    return r->file_size;
}

size_t vg_reader_warning_count(const vg_reader *r)
{
    return r->n_warn;
}

const char *vg_reader_warning(const vg_reader *r, size_t i)
{
    if (i >= r->n_warn || i >= VG_RECORD_MAX_WARNINGS)
        return NULL;
    return r->warn[i] ? r->warn[i] : "(warning lost: out of memory)";
}

void vg_reader_free(vg_reader *r)
{
    if (!r)
        return;
    if (r->fini)
        r->fini(r);
    for (size_t i = 0; i < r->n_warn && i < VG_RECORD_MAX_WARNINGS; i++)
        if (r->warn[i])
            vg__free(&r->alloc, r->warn[i], strlen(r->warn[i]) + 1);
    if (r->in.own_f && r->in.f)
        fclose(r->in.f);
    if (r->in.buf)
        vg__free(&r->alloc, r->in.buf, VG_LIMIT_READ_CHUNK);
    vg_buf_fini(&r->scratch);
    vg_arena_fini(&r->arena);
    vg__free(&r->alloc, r->file, strlen(r->file) + 1);
    vg_allocator a = r->alloc;
    vg__free(&a, r, sizeof *r);
}

/* ------------------------------------------------------------------------ */
/* Cloning                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct clone_block {
    vg_allocator alloc;
    size_t size;
    vg_record rec;
} clone_block;

static size_t slen(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* Copies *s into the bump area at *p and repoints it. */
static void put(char **p, const char **s)
{
    if (!*s)
        return;
    size_t n = strlen(*s) + 1;
    memcpy(*p, *s, n);
    *s = *p;
    *p += n;
}

#define CLONE_FIELDS(X, rec)                                                               \
    X((rec)->id) X((rec)->id_json) X((rec)->name) X((rec)->given) X((rec)->family)         \
        X((rec)->nationality_text) X((rec)->schema) X((rec)->booking_ref) X((rec)->seat)   \
            X((rec)->embark) X((rec)->debark) X((rec)->residence) X((rec)->file)           \
                X((rec)->interchange) X((rec)->message) X((rec)->failed_checks)            \
                    X((rec)->error)

vg_status vg_record_clone(const vg_record *rec, const vg_allocator *a, vg_record **out)
{
    *out = NULL;
    if (!a)
        a = vg_allocator_default();
    size_t need = 0;
#define SZ(f) need += slen(f);
    CLONE_FIELDS(SZ, rec)
#undef SZ
    for (size_t i = 0; i < rec->n_docs; i++)
        need += slen(rec->docs[i].type) + slen(rec->docs[i].number) +
                slen(rec->docs[i].country_text);
    for (size_t i = 0; i < rec->n_legs; i++)
        need += slen(rec->legs[i].carrier) + slen(rec->legs[i].flight) +
                slen(rec->legs[i].from) + slen(rec->legs[i].to) + slen(rec->legs[i].departs) +
                slen(rec->legs[i].arrives);
    for (size_t i = 0; i < rec->n_warnings; i++)
        need += slen(rec->warnings[i]);
    size_t total = sizeof(clone_block) + need;
    clone_block *b = vg__alloc(a, total);
    if (!b)
        return VG_ENOMEM;
    b->alloc = *a;
    b->size = total;
    b->rec = *rec;
    vg_record *c = &b->rec;
    char *p = (char *)(b + 1);
#define PUT(f) put(&p, &(f));
    CLONE_FIELDS(PUT, c)
#undef PUT
    for (size_t i = 0; i < c->n_docs; i++) {
        put(&p, &c->docs[i].type);
        put(&p, &c->docs[i].number);
        put(&p, &c->docs[i].country_text);
    }
    for (size_t i = 0; i < c->n_legs; i++) {
        put(&p, &c->legs[i].carrier);
        put(&p, &c->legs[i].flight);
        put(&p, &c->legs[i].from);
        put(&p, &c->legs[i].to);
        put(&p, &c->legs[i].departs);
        put(&p, &c->legs[i].arrives);
    }
    for (size_t i = 0; i < c->n_warnings; i++)
        put(&p, &c->warnings[i]);
    *out = c;
    return VG_OK;
}

void vg_record_free(vg_record *rec)
{
    if (!rec)
        return;
    clone_block *b = (clone_block *)((char *)rec - offsetof(clone_block, rec));
    vg_allocator a = b->alloc;
    vg__free(&a, b, b->size);
}
