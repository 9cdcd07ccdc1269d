/* SPDX-License-Identifier: Apache-2.0 */
/* OFAC SDN legacy CSV reader: tokenises sdn.csv, alt.csv, add.csv and
 * sdn_comments.csv (RFC 4180 style, no header, "-0-" = empty), indexes the
 * side files by ent_num and builds one entity per sdn.csv record. The facts
 * hidden in Remarks are mined by ofac_remarks.c. */
#include <stdio.h>
#include <stdlib.h>

#include <nettle/sha2.h>
#include <sodium.h>

#include "vg_lists.h"

/* Columns of each file (domain-formats.md 4.2). */
enum { SDN_COLS = 12, ALT_COLS = 5, ADD_COLS = 6, CMT_COLS = 2 };
/* sdn.csv columns */
enum {
    SDN_ENT,
    SDN_NAME,
    SDN_TYPE,
    SDN_PROGRAM,
    SDN_TITLE,
    SDN_CALL_SIGN,
    SDN_VESS_TYPE,
    SDN_TONNAGE,
    SDN_GRT,
    SDN_VESS_FLAG,
    SDN_VESS_OWNER,
    SDN_REMARKS
};
/* Cells kept per row while tokenising; more are only counted. */
#define ROW_CELLS 16
/* Longest assembled Remarks text (sdn.csv cell plus its continuations). */
#define REMARKS_LIMIT (8u * VG_LIMIT_FIELD)
/* Bytes of a bad cell quoted in an error message. */
#define ERR_EXCERPT 40

/* ------------------------------------------------------------------------ */
/* CSV tokenizer                                                            */
/* ------------------------------------------------------------------------ */

typedef struct csv_reader {
    const char *p, *end;
    long line; /* line of *p, 1-based */
    const char *path;
    vg_arena *scratch; /* unescaped copies of cells holding "" */
} csv_reader;

static void csv_init(csv_reader *r, const char *data, size_t len, const char *path,
                     vg_arena *scratch)
{
    /* OFAC appends a DOS end-of-file byte (Ctrl-Z) after the last record */
    while (len && data[len - 1] == 0x1A)
        len--;
    r->p = data;
    r->end = data + len;
    r->line = 1;
    r->path = path;
    r->scratch = scratch;
}

/* Consumes one line end (CRLF, LF or a lone CR) at r->p. */
static void csv_eol(csv_reader *r)
{
    if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
        r->p++;
    r->p++;
    r->line++;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static vg_str trim_blanks(vg_str s)
{
    while (s.len && is_blank(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_blank(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

/* Reads a quoted cell; r->p is on the opening quote. */
static vg_status csv_quoted(csv_reader *r, vg_str *cell, vg_err *err)
{
    long open_line = r->line;
    const char *q = r->p + 1, *start = q;
    size_t escapes = 0;
    for (;;) {
        if (q >= r->end)
            return vg_err_set(err, VG_ETRUNC, r->path, open_line,
                              "unterminated quoted field (truncated file?)");
        char ch = *q;
        if (ch == '"') {
            if (q + 1 < r->end && q[1] == '"') {
                escapes++;
                q += 2;
                continue;
            }
            break;
        }
        if (ch == '\n' || (ch == '\r' && !(q + 1 < r->end && q[1] == '\n')))
            r->line++;
        q++;
    }
    size_t raw = (size_t)(q - start);
    if (raw > VG_LIMIT_FIELD)
        return vg_err_set(err, VG_ELIMIT, r->path, open_line, "field longer than %u bytes",
                          VG_LIMIT_FIELD);
    *cell = (vg_str){start, raw};
    if (escapes) {
        char *copy = vg_arena_alloc(r->scratch, raw - escapes + 1);
        if (!copy)
            return vg_err_set(err, VG_ENOMEM, r->path, open_line, "out of memory");
        size_t n = 0;
        for (size_t i = 0; i < raw; i++) {
            copy[n++] = start[i];
            if (start[i] == '"')
                i++; /* "" -> " */
        }
        *cell = (vg_str){copy, n};
    }
    q++; /* closing quote */
    while (q < r->end && is_blank(*q))
        q++;
    if (q < r->end && *q != ',' && *q != '\r' && *q != '\n')
        return vg_err_set(err, VG_EPARSE, r->path, r->line,
                          "unexpected character '%c' after a closing quote",
                          (*q >= 0x20 && *q < 0x7F) ? *q : '?');
    r->p = q;
    return VG_OK;
}

/* Reads the next record into cells[0..cap) and sets *n to its number of
 * cells (all counted, only `cap` kept) and *line to its first line. *n is 0
 * at the end of the input. Blank lines are skipped. Cells point into the
 * input, except those holding "" escapes (copied into r->scratch). */
static vg_status csv_row(csv_reader *r, vg_str *cells, size_t cap, size_t *n, long *line,
                         vg_err *err)
{
    vg_status rc = VG_OK;
    *n = 0;
    while (r->p < r->end && (*r->p == '\r' || *r->p == '\n'))
        csv_eol(r);
    if (r->p >= r->end)
        return VG_OK;
    *line = r->line;
    for (;;) {
        vg_str cell;
        const char *q = r->p;
        while (q < r->end && is_blank(*q))
            q++;
        if (q < r->end && *q == '"') {
            r->p = q;
            if ((rc = csv_quoted(r, &cell, err)))
                return rc;
        } else {
            q = r->p;
            while (q < r->end && *q != ',' && *q != '\r' && *q != '\n')
                q++;
            if ((size_t)(q - r->p) > VG_LIMIT_FIELD)
                return vg_err_set(err, VG_ELIMIT, r->path, r->line, "field longer than %u bytes",
                                  VG_LIMIT_FIELD);
            cell = trim_blanks((vg_str){r->p, (size_t)(q - r->p)});
            r->p = q;
        }
        /* OFAC's null marker, written "-0- " */
        if (vg_str_eq(trim_blanks(cell), VG_STR_LIT("-0-")))
            cell.len = 0;
        if (*n < cap)
            cells[*n] = cell;
        (*n)++;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end)
            csv_eol(r);
        return VG_OK;
    }
}

/* ------------------------------------------------------------------------ */
/* Tables: every row of one file, indexed by ent_num                        */
/* ------------------------------------------------------------------------ */

typedef struct ofac_row {
    long ent;
    long line;
    size_t cell; /* first cell in table.cells */
    bool used;   /* referenced by an sdn.csv record */
} ofac_row;

typedef struct ofac_table {
    const char *path; /* as given, for errors */
    const char *name; /* base name, for warnings */
    size_t ncols;
    vg_str *cells;
    size_t n_cells, c_cells;
    ofac_row *rows;
    size_t n_rows, c_rows;
} ofac_table;

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void table_init(ofac_table *t, const char *path, const char *fallback, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->path = path ? path : fallback;
    t->name = base_name(t->path);
    t->ncols = ncols;
}

static void table_fini(ofac_table *t, const vg_allocator *a)
{
    vg__free(a, t->cells, t->c_cells * sizeof *t->cells);
    vg__free(a, t->rows, t->c_rows * sizeof *t->rows);
}

/* Byte count of an excerpt of at most `max` bytes that ends on a UTF-8
 * character boundary. */
static int excerpt(vg_str s, size_t max)
{
    if (s.len <= max)
        return (int)s.len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s.ptr[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* A positive decimal ent_num. */
static bool parse_ent(vg_str s, long *out)
{
    s = vg_str_trim(s);
    if (!s.len || s.len > 12)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
    return vg_str_to_long(s, out) && *out > 0;
}

/* Rejects bytes that are not valid UTF-8, and NUL bytes. */
static vg_status check_text(const char *data, size_t len, const char *path, vg_err *err)
{
    size_t ok = vg_utf8_valid_prefix(data, len);
    const char *nul = memchr(data, '\0', ok);
    size_t bad = nul ? (size_t)(nul - data) : ok;
    if (bad == len)
        return VG_OK;
    long line = 1;
    for (size_t i = 0; i < bad; i++)
        if (data[i] == '\n' || (data[i] == '\r' && !(i + 1 < len && data[i + 1] == '\n')))
            line++;
    if (nul)
        return vg_err_set(err, VG_EPARSE, path, line, "NUL byte at offset %zu", bad);
    return vg_err_set(err, VG_EUTF8, path, line, "invalid UTF-8 at byte offset %zu", bad);
}

/* Tokenises a whole file into `t`, checking column counts and ent_nums. */
static vg_status table_read(ofac_table *t, const vg_allocator *a, vg_arena *scratch,
                            const char *data, size_t len, vg_err *err)
{
    vg_status rc = VG_OK;
    csv_reader r;
    vg_str cells[ROW_CELLS];
    size_t n = 0;
    long line = 0;
    if (!data || !len)
        return VG_OK;
    if ((rc = check_text(data, len, t->path, err)))
        return rc;
    csv_init(&r, data, len, t->path, scratch);
    for (;;) {
        if ((rc = csv_row(&r, cells, ROW_CELLS, &n, &line, err)))
            return rc;
        if (n == 0)
            return VG_OK;
        if (n != t->ncols)
            return vg_err_set(err, VG_EPARSE, t->path, line, "expected %zu columns, found %zu",
                              t->ncols, n);
        long ent;
        if (!parse_ent(cells[0], &ent))
            return vg_err_set(err, VG_EPARSE, t->path, line,
                              "ent_num '%.*s' is not a positive integer",
                              excerpt(cells[0], ERR_EXCERPT), cells[0].ptr);
        if ((rc = vg__grow(a, (void **)&t->rows, &t->c_rows, t->n_rows + 1, sizeof *t->rows,
                           VG_LIMIT_ENTITIES)) ||
            (rc = vg__grow(a, (void **)&t->cells, &t->c_cells, t->n_cells + n, sizeof *t->cells,
                           (size_t)VG_LIMIT_ENTITIES * ROW_CELLS)))
            return vg_err_set(err, rc, t->path, line, "%s", vg_status_str(rc));
        t->rows[t->n_rows++] = (ofac_row){ent, line, t->n_cells, false};
        memcpy(t->cells + t->n_cells, cells, n * sizeof *cells);
        t->n_cells += n;
    }
}

static int row_cmp(const void *pa, const void *pb)
{
    const ofac_row *a = pa, *b = pb;
    if (a->ent != b->ent)
        return a->ent < b->ent ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Sorts by ent_num, file order within one (qsort's array must not be NULL,
 * even when empty). */
static void sort_rows(ofac_table *t)
{
    if (t->n_rows > 1)
        qsort(t->rows, t->n_rows, sizeof *t->rows, row_cmp);
}

/* Index of the first row with ent_num >= ent in a sorted table. */
static size_t lower_bound(const ofac_table *t, long ent)
{
    size_t lo = 0, hi = t->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->rows[mid].ent < ent)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ------------------------------------------------------------------------ */
/* Building entities                                                        */
/* ------------------------------------------------------------------------ */

typedef struct ofac_ctx {
    vg_list *list;
    const vg_allocator *alloc;
    vg_entity_builder eb;
    vg_buf text;    /* the Remarks being assembled */
    vg_buf scratch; /* for the remarks miner */
    ofac_table sdn, alt, add, cmt;
} ofac_ctx;

static vg_str cell(const ofac_table *t, const ofac_row *r, size_t col)
{
    return t->cells[r->cell + col];
}

/* "LAST, First Middle" -> family and given; both empty when not in that
 * form. The full name stays as published. */
static void split_name(vg_str full, vg_str *given, vg_str *family)
{
    const char *comma = full.len ? memchr(full.ptr, ',', full.len) : NULL;
    *given = *family = (vg_str){full.ptr, 0};
    if (!comma)
        return;
    vg_str f = vg_str_trim((vg_str){full.ptr, (size_t)(comma - full.ptr)});
    vg_str g = vg_str_trim((vg_str){comma + 1, full.len - (size_t)(comma - full.ptr) - 1});
    if (f.len && g.len) {
        *family = f;
        *given = g;
    }
}

/* "SDGT] [SYRIA" -> SDGT, SYRIA. */
static vg_status add_programs(vg_entity_builder *eb, vg_str s)
{
    vg_status rc = VG_OK;
    size_t start = 0;
    for (size_t i = 0; i <= s.len && !rc; i++) {
        if (i == s.len || s.ptr[i] == '[' || s.ptr[i] == ']') {
            rc = vg_eb_add_program(eb, (vg_str){s.ptr + start, i - start});
            start = i + 1;
        }
    }
    return rc;
}

static vg_status add_aliases(ofac_ctx *x, long ent, bool individual)
{
    vg_status rc = VG_OK;
    ofac_table *t = &x->alt;
    for (size_t i = lower_bound(t, ent); i < t->n_rows && t->rows[i].ent == ent; i++) {
        ofac_row *r = &t->rows[i];
        vg_str type = vg_str_trim(cell(t, r, 2)), name = cell(t, r, 3);
        unsigned flags = 0;
        r->used = true;
        if (vg_str_ieq_ascii(type, "fka"))
            flags = VG_NAMEF_FKA;
        else if (vg_str_ieq_ascii(type, "nka"))
            flags = VG_NAMEF_NKA;
        else if (!vg_str_ieq_ascii(type, "aka"))
            vg__list_warn(x->list, 0, "%s:%ld: %s: unknown alt_type '%.*s', taken as aka",
                          t->name, r->line, x->eb.e.id, excerpt(type, ERR_EXCERPT), type.ptr);
        vg_str given, family;
        if (individual)
            split_name(name, &given, &family);
        else
            given = family = (vg_str){name.ptr, 0};
        if ((rc = vg_eb_add_name(&x->eb, name, given, family, VG_NAME_STRONG, flags)))
            return rc;
    }
    return VG_OK;
}

/* alt_remarks (all empty in the bundled set) follow the entity's Remarks,
 * joined with a space. Gathered in x->text so that many rows stay linear. */
static vg_status alias_remarks(ofac_ctx *x, long ent)
{
    vg_status rc = VG_OK;
    ofac_table *t = &x->alt;
    for (size_t i = lower_bound(t, ent); i < t->n_rows && t->rows[i].ent == ent && !rc; i++) {
        vg_str v = vg_str_trim(cell(t, &t->rows[i], 4));
        if (!v.len)
            continue;
        if (x->text.len)
            rc = vg_buf_putc(&x->text, ' ');
        if (!rc)
            rc = vg_buf_append(&x->text, v.ptr, v.len);
    }
    return rc;
}

static vg_status add_addresses(ofac_ctx *x, long ent)
{
    vg_status rc = VG_OK;
    ofac_table *t = &x->add;
    for (size_t i = lower_bound(t, ent); i < t->n_rows && t->rows[i].ent == ent; i++) {
        ofac_row *r = &t->rows[i];
        vg_str none = {NULL, 0};
        r->used = true;
        /* all-empty rows (only ent_num and add_num) are dropped by the builder */
        if ((rc = vg_eb_add_address(&x->eb, cell(t, r, 2), cell(t, r, 3), none, none,
                                    cell(t, r, 4), cell(t, r, 5))))
            return rc;
    }
    return VG_OK;
}

/* Vessel columns as a remarks suffix: "Call sign: X; Vessel type: Y; ...". */
static vg_status vessel_suffix(ofac_ctx *x, const ofac_row *r)
{
    static const struct {
        size_t col;
        const char *label;
    } parts[] = {{SDN_CALL_SIGN, "Call sign"}, {SDN_VESS_TYPE, "Vessel type"},
                 {SDN_TONNAGE, "Tonnage"},     {SDN_GRT, "GRT"},
                 {SDN_VESS_FLAG, "Flag"},      {SDN_VESS_OWNER, "Owner"}};
    vg_status rc = VG_OK;
    bool first = true;
    while (x->text.len && strchr(" \t\r\n", x->text.ptr[x->text.len - 1]))
        x->text.ptr[--x->text.len] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof *parts && !rc; i++) {
        vg_str v = vg_str_trim(cell(&x->sdn, r, parts[i].col));
        if (!v.len)
            continue;
        if (first && x->text.len) {
            char last = x->text.ptr[x->text.len - 1];
            rc = vg_buf_puts(&x->text, (last == '.' || last == ';') ? " " : "; ");
        } else if (!first) {
            rc = vg_buf_puts(&x->text, "; ");
        }
        first = false;
        if (!rc)
            rc = vg_buf_printf(&x->text, "%s: ", parts[i].label);
        if (!rc)
            rc = vg_buf_append(&x->text, v.ptr, v.len);
    }
    return rc;
}

/* The Remarks: the sdn.csv cell, continued by the sdn_comments.csv rows
 * (appended as they are: OFAC cut the text mid-word at 1,000 characters). */
static vg_status assemble_remarks(ofac_ctx *x, const ofac_row *r)
{
    vg_status rc = VG_OK;
    ofac_table *t = &x->cmt;
    vg_str rem = cell(&x->sdn, r, SDN_REMARKS);
    vg_buf_clear(&x->text);
    if (rem.len && (rc = vg_buf_append(&x->text, rem.ptr, rem.len)))
        return rc;
    for (size_t i = lower_bound(t, r->ent); i < t->n_rows && t->rows[i].ent == r->ent; i++) {
        vg_str more = cell(t, &t->rows[i], 1);
        t->rows[i].used = true;
        if (more.len && (rc = vg_buf_append(&x->text, more.ptr, more.len)))
            return rc;
    }
    return VG_OK;
}

static vg_status build_entity(ofac_ctx *x, const ofac_row *r)
{
    vg_status rc = VG_OK;
    vg_entity_builder *eb = &x->eb;
    char num[24];
    int nl = snprintf(num, sizeof num, "%ld", r->ent);
    vg_eb_reset(eb);
    eb->line = r->line;
    if ((rc = vg_eb_set_id(eb, (vg_str){num, (size_t)nl})))
        return rc;

    vg_str type = vg_str_trim(cell(&x->sdn, r, SDN_TYPE));
    vg_kind kind = VG_KIND_ORGANIZATION; /* "-0-": an entity */
    if (vg_str_ieq_ascii(type, "individual"))
        kind = VG_KIND_PERSON;
    else if (vg_str_ieq_ascii(type, "vessel"))
        kind = VG_KIND_VESSEL;
    else if (vg_str_ieq_ascii(type, "aircraft"))
        kind = VG_KIND_AIRCRAFT;
    else if (type.len) {
        kind = VG_KIND_OTHER;
        vg__list_warn(x->list, 0, "%s:%ld: %s: unknown SDN_Type '%.*s'", x->sdn.name, r->line,
                      eb->e.id, excerpt(type, ERR_EXCERPT), type.ptr);
    }
    vg_eb_set_kind(eb, kind);
    bool individual = kind == VG_KIND_PERSON;

    vg_str name = cell(&x->sdn, r, SDN_NAME), given, family;
    if (!vg_str_trim(name).len)
        vg__list_warn(x->list, 0, "%s:%ld: %s: empty SDN_Name", x->sdn.name, r->line, eb->e.id);
    if (individual)
        split_name(name, &given, &family);
    else
        given = family = (vg_str){name.ptr, 0};
    if ((rc = vg_eb_add_name(eb, name, given, family, VG_NAME_PRIMARY, 0)) ||
        (rc = add_programs(eb, cell(&x->sdn, r, SDN_PROGRAM))) ||
        (rc = vg_eb_add_title(eb, cell(&x->sdn, r, SDN_TITLE))))
        return rc;
    /* A ship's flag state is its nationality in law (UNCLOS art. 91), so a
     * vessel's Vess_flag is also kept as its nationality. */
    if (kind == VG_KIND_VESSEL &&
        (rc = vg_eb_add_nationality(eb, cell(&x->sdn, r, SDN_VESS_FLAG))))
        return rc;
    /* strong aliases before the weak ones of Remarks, so that a name given
     * both ways keeps the strong role */
    if ((rc = add_aliases(x, r->ent, individual)) ||
        (rc = assemble_remarks(x, r)) ||
        (rc = vg__ofac_remarks_mine(eb, (vg_str){x->text.ptr, x->text.len}, individual,
                                    x->sdn.name, r->line, &x->scratch)) ||
        (rc = vessel_suffix(x, r)) || (rc = alias_remarks(x, r->ent)) ||
        (rc = vg_eb_add_remarks(eb, (vg_str){x->text.ptr, x->text.len})) ||
        (rc = add_addresses(x, r->ent)))
        return rc;
    return vg_eb_commit(eb);
}

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

static void hash_file(struct sha256_ctx *st, const char *data, size_t len)
{
    uint8_t n[8];
    uint64_t v = data ? (uint64_t)len : 0;
    for (int i = 0; i < 8; i++)
        n[i] = (uint8_t)(v >> (8 * i));
    sha256_update(st, sizeof n, n);
    if (data && len)
        sha256_update(st, len, (const uint8_t *)data);
}

/* Hex sha256 over the four files, each prefixed by its length (8 bytes,
 * little-endian; an absent file counts as empty). nettle's SHA-256 (the
 * CPU's SHA instructions where it has them: the 3 MB of the OFAC files
 * hash in about 2 ms). */
static vg_status set_version(vg_list *list, const vg__ofac_files *f)
{
    struct sha256_ctx st;
    uint8_t h[SHA256_DIGEST_SIZE];
    char hex[SHA256_DIGEST_SIZE * 2 + 1];
    sha256_init(&st);
    hash_file(&st, f->sdn, f->sdn_len);
    hash_file(&st, f->alt, f->alt_len);
    hash_file(&st, f->add, f->add_len);
    hash_file(&st, f->comments, f->comments_len);
    sha256_digest(&st, sizeof h, h);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return vg__list_set_version(list, (vg_str){hex, sizeof hex - 1});
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */
/* ------------------------------------------------------------------------ */

/* Warns about side-file rows whose ent_num is not in sdn.csv. */
static void warn_orphans(ofac_ctx *x, const ofac_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (!t->rows[i].used)
            vg__list_warn(x->list, 0, "%s:%ld: ent_num %ld is not in %s", t->name,
                          t->rows[i].line, t->rows[i].ent, x->sdn.name);
}

vg_status vg__ofac_read(vg_list *list, const vg__ofac_files *f, vg_err *err)
{
    vg_status rc = VG_OK;
    ofac_ctx x;
    vg_arena scratch;
    ofac_row *order = NULL;
    const ofac_row *cur = NULL;
    memset(&x, 0, sizeof x);
    x.list = list;
    x.alloc = &vg__list_arena(list)->alloc;
    vg_arena_init(&scratch, x.alloc, 64 * 1024);
    vg_eb_init(&x.eb, list);
    vg_buf_init(&x.text, x.alloc, REMARKS_LIMIT);
    vg_buf_init(&x.scratch, x.alloc, REMARKS_LIMIT);
    table_init(&x.sdn, f->sdn_path, "sdn.csv", SDN_COLS);
    table_init(&x.alt, f->alt_path, "alt.csv", ALT_COLS);
    table_init(&x.add, f->add_path, "add.csv", ADD_COLS);
    table_init(&x.cmt, f->comments_path, "sdn_comments.csv", CMT_COLS);

    if (sodium_init() < 0) {
        rc = vg_err_set(err, VG_EINTERNAL, x.sdn.path, 0, "libsodium failed to initialise");
        goto out;
    }
    if ((rc = set_version(list, f))) {
        vg_err_set(err, rc, x.sdn.path, 0, "%s", vg_status_str(rc));
        goto out;
    }
    if ((rc = table_read(&x.sdn, x.alloc, &scratch, f->sdn, f->sdn_len, err)) ||
        (rc = table_read(&x.alt, x.alloc, &scratch, f->alt, f->alt_len, err)) ||
        (rc = table_read(&x.add, x.alloc, &scratch, f->add, f->add_len, err)) ||
        (rc = table_read(&x.cmt, x.alloc, &scratch, f->comments, f->comments_len, err)))
        goto out;
    if (x.sdn.n_rows == 0) {
        rc = vg_err_set(err, VG_EEMPTY, x.sdn.path, 0, "no records");
        goto out;
    }

    /* ent_num is the id: a repeated one is a corrupt file */
    order = vg__alloc(x.alloc, x.sdn.n_rows * sizeof *order);
    if (!order) {
        rc = vg_err_set(err, VG_ENOMEM, x.sdn.path, 0, "out of memory");
        goto out;
    }
    memcpy(order, x.sdn.rows, x.sdn.n_rows * sizeof *order);
    qsort(order, x.sdn.n_rows, sizeof *order, row_cmp);
    for (size_t i = 1; i < x.sdn.n_rows; i++) {
        if (order[i].ent == order[i - 1].ent) {
            rc = vg_err_set(err, VG_EPARSE, x.sdn.path, order[i].line,
                            "duplicate ent_num %ld (first on line %ld)", order[i].ent,
                            order[i - 1].line);
            goto out;
        }
    }
    sort_rows(&x.alt);
    sort_rows(&x.add);
    sort_rows(&x.cmt);

    for (size_t i = 0; i < x.sdn.n_rows; i++) {
        cur = &x.sdn.rows[i];
        if ((rc = build_entity(&x, cur))) {
            vg_err_set(err, rc, x.sdn.path, cur->line, "ent_num %ld: %s", cur->ent,
                       rc == VG_ELIMIT ? "too many values or too long a text"
                                       : vg_status_str(rc));
            goto out;
        }
    }
    warn_orphans(&x, &x.alt);
    warn_orphans(&x, &x.add);
    warn_orphans(&x, &x.cmt);
out:
    vg__free(x.alloc, order, order ? x.sdn.n_rows * sizeof *order : 0);
    table_fini(&x.cmt, x.alloc);
    table_fini(&x.add, x.alloc);
    table_fini(&x.alt, x.alloc);
    table_fini(&x.sdn, x.alloc);
    vg_buf_fini(&x.scratch);
    vg_buf_fini(&x.text);
    vg_eb_fini(&x.eb);
    vg_arena_fini(&scratch);
    return rc;
}
