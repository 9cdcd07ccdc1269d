/* SPDX-License-Identifier: Apache-2.0 */
/* Reader for the UN Security Council Consolidated List XML: a streaming expat
 * parse that turns each INDIVIDUAL / ENTITY into a vg_entity through the
 * entity builder, keeping only the current record's fields in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* The billion-laughs setters are declared only under XML_DTD, which the
 * installed libexpat is built with (Debian); defining it here only exposes
 * those prototypes and changes no type in expat.h. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include "vg_lists.h"

/* Bytes handed to XML_Parse per call. */
#define UN_CHUNK (256u * 1024u)
/* Element depths whose names are remembered (root = 1). */
#define UN_MAX_DEPTH 8
/* Nesting of "X (Y; Z)" groups that alias splitting looks into. */
#define UN_SPLIT_DEPTH 4

/* ------------------------------------------------------------------------ */
/* Element names                                                            */
/* ------------------------------------------------------------------------ */

/* Group fields come first so that an element id below F__COUNT indexes the
 * per-group field buffers directly. */
typedef enum un_el {
    F_ALIAS_NAME = 0,
    F_CITY,
    F_CITY_OF_BIRTH,
    F_CITY_OF_ISSUE,
    F_COUNTRY,
    F_COUNTRY_OF_BIRTH,
    F_COUNTRY_OF_ISSUE,
    F_DATE,
    F_DATE_OF_BIRTH,
    F_DATE_OF_ISSUE,
    F_FROM_YEAR,
    F_ISSUING_COUNTRY,
    F_NOTE,
    F_NUMBER,
    F_QUALITY,
    F_STATE_PROVINCE,
    F_STREET,
    F_TO_YEAR,
    F_TYPE_OF_DATE,
    F_TYPE_OF_DOCUMENT,
    F_TYPE_OF_DOCUMENT2,
    F_YEAR,
    F_ZIP_CODE,
    F__COUNT,
    /* structure */
    E_ROOT = F__COUNT,
    E_INDIVIDUALS,
    E_ENTITIES,
    E_INDIVIDUAL,
    E_ENTITY,
    /* record leaves */
    E_REFERENCE_NUMBER,
    E_FIRST_NAME,
    E_SECOND_NAME,
    E_THIRD_NAME,
    E_FOURTH_NAME,
    E_UN_LIST_TYPE,
    E_LISTED_ON,
    E_GENDER,
    E_COMMENTS1,
    E_NAME_ORIGINAL_SCRIPT,
    E_DATAID,
    E_VERSIONNUM,
    /* containers of VALUE */
    E_TITLE,
    E_DESIGNATION,
    E_NATIONALITY,
    E_VALUE,
    /* groups of fields */
    E_INDIVIDUAL_ALIAS,
    E_ENTITY_ALIAS,
    E_INDIVIDUAL_DATE_OF_BIRTH,
    E_INDIVIDUAL_PLACE_OF_BIRTH,
    E_INDIVIDUAL_ADDRESS,
    E_ENTITY_ADDRESS,
    E_INDIVIDUAL_DOCUMENT,
    E_OTHER
} un_el;

typedef struct un_name {
    const char *name;
    un_el el;
} un_name;

/* Sorted by name (strcmp order) for bsearch. */
static const un_name un_names[] = {
    {"ALIAS_NAME", F_ALIAS_NAME},
    {"CITY", F_CITY},
    {"CITY_OF_BIRTH", F_CITY_OF_BIRTH},
    {"CITY_OF_ISSUE", F_CITY_OF_ISSUE},
    {"COMMENTS1", E_COMMENTS1},
    {"CONSOLIDATED_LIST", E_ROOT},
    {"COUNTRY", F_COUNTRY},
    {"COUNTRY_OF_BIRTH", F_COUNTRY_OF_BIRTH},
    {"COUNTRY_OF_ISSUE", F_COUNTRY_OF_ISSUE},
    {"DATAID", E_DATAID},
    {"DATE", F_DATE},
    {"DATE_OF_BIRTH", F_DATE_OF_BIRTH},
    {"DATE_OF_ISSUE", F_DATE_OF_ISSUE},
    {"DESIGNATION", E_DESIGNATION},
    {"ENTITIES", E_ENTITIES},
    {"ENTITY", E_ENTITY},
    {"ENTITY_ADDRESS", E_ENTITY_ADDRESS},
    {"ENTITY_ALIAS", E_ENTITY_ALIAS},
    {"FIRST_NAME", E_FIRST_NAME},
    {"FOURTH_NAME", E_FOURTH_NAME},
    {"FROM_YEAR", F_FROM_YEAR},
    {"GENDER", E_GENDER},
    {"INDIVIDUAL", E_INDIVIDUAL},
    {"INDIVIDUALS", E_INDIVIDUALS},
    {"INDIVIDUAL_ADDRESS", E_INDIVIDUAL_ADDRESS},
    {"INDIVIDUAL_ALIAS", E_INDIVIDUAL_ALIAS},
    {"INDIVIDUAL_DATE_OF_BIRTH", E_INDIVIDUAL_DATE_OF_BIRTH},
    {"INDIVIDUAL_DOCUMENT", E_INDIVIDUAL_DOCUMENT},
    {"INDIVIDUAL_PLACE_OF_BIRTH", E_INDIVIDUAL_PLACE_OF_BIRTH},
    {"ISSUING_COUNTRY", F_ISSUING_COUNTRY},
    {"LISTED_ON", E_LISTED_ON},
    {"NAME_ORIGINAL_SCRIPT", E_NAME_ORIGINAL_SCRIPT},
    {"NATIONALITY", E_NATIONALITY},
    {"NOTE", F_NOTE},
    {"NUMBER", F_NUMBER},
    {"QUALITY", F_QUALITY},
    {"REFERENCE_NUMBER", E_REFERENCE_NUMBER},
    {"SECOND_NAME", E_SECOND_NAME},
    {"STATE_PROVINCE", F_STATE_PROVINCE},
    {"STREET", F_STREET},
    {"THIRD_NAME", E_THIRD_NAME},
    {"TITLE", E_TITLE},
    {"TO_YEAR", F_TO_YEAR},
    {"TYPE_OF_DATE", F_TYPE_OF_DATE},
    {"TYPE_OF_DOCUMENT", F_TYPE_OF_DOCUMENT},
    {"TYPE_OF_DOCUMENT2", F_TYPE_OF_DOCUMENT2},
    {"UN_LIST_TYPE", E_UN_LIST_TYPE},
    {"VALUE", E_VALUE},
    {"VERSIONNUM", E_VERSIONNUM},
    {"YEAR", F_YEAR},
    {"ZIP_CODE", F_ZIP_CODE},
};

static un_el el_of(const char *name)
{
    size_t lo = 0, hi = sizeof un_names / sizeof *un_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, un_names[mid].name);
        if (c == 0)
            return un_names[mid].el;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return E_OTHER;
}

static bool is_group(un_el e)
{
    return e >= E_INDIVIDUAL_ALIAS && e <= E_INDIVIDUAL_DOCUMENT;
}

static bool is_name_part(un_el e)
{
    return e >= E_FIRST_NAME && e <= E_FOURTH_NAME;
}

/* ------------------------------------------------------------------------ */
/* expat memory through the list's allocator                               */
/* ------------------------------------------------------------------------ */

/* expat's memory suite passes no user pointer and frees without a size,
 * while a vg_allocator needs both. Each block therefore carries a header
 * with its allocator and size; only malloc, which has neither, reads the
 * allocator of the current thread's parse. That thread-local is set for
 * the duration of one vg__un_xml_read() call and restored after, so
 * concurrent loads on other threads never see it. */
static _Thread_local const vg_allocator *mm_current;

typedef union mm_hdr {
    struct {
        const vg_allocator *a;
        size_t size;
    } h;
    max_align_t align;
} mm_hdr;

static void *mm_malloc(size_t n)
{
    const vg_allocator *a = mm_current;
    if (!a || n > SIZE_MAX - sizeof(mm_hdr))
        return NULL;
    mm_hdr *h = vg__alloc(a, sizeof *h + n);
    if (!h)
        return NULL;
    h->h.a = a;
    h->h.size = n;
    return h + 1;
}

static void mm_free(void *p)
{
    if (!p)
        return;
    mm_hdr *h = (mm_hdr *)p - 1;
    vg__free(h->h.a, h, sizeof *h + h->h.size);
}

static void *mm_realloc(void *p, size_t n)
{
    if (!p)
        return mm_malloc(n);
    if (n > SIZE_MAX - sizeof(mm_hdr))
        return NULL;
    mm_hdr *h = (mm_hdr *)p - 1;
    const vg_allocator *a = h->h.a;
    mm_hdr *nh = vg__realloc(a, h, sizeof *h + h->h.size, sizeof *h + n);
    if (!nh)
        return NULL;
    nh->h.size = n;
    return nh + 1;
}

static const XML_Memory_Handling_Suite mm_suite = {mm_malloc, mm_realloc, mm_free};

/* ------------------------------------------------------------------------ */
/* Parser state                                                             */
/* ------------------------------------------------------------------------ */

typedef struct un_parser {
    vg_list *list;
    XML_Parser xp;
    vg_err *err;
    vg_status rc; /* first error; the parse stops on it */
    vg_entity_builder eb;

    int depth;                /* of the element being read; root = 1 */
    un_el stack[UN_MAX_DEPTH + 1];
    vg_buf *cur;              /* where character data goes, or NULL */
    vg_buf text;              /* text of a record leaf or VALUE */
    vg_buf fld[F__COUNT];     /* fields of the current group */
    vg_buf part[4];           /* FIRST_NAME .. FOURTH_NAME */
    vg_buf scratch;           /* composed strings (notes, messages) */

    bool root_open, root_closed;
    long root_end_line;
    bool in_record;
    bool primary_done; /* the primary name has been added */
    long rec_line, grp_line;
    size_t n_individuals, n_entities;
} un_parser;

static vg_status fail(un_parser *p, vg_status code, long line, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Records the first error and stops expat; later callbacks return at once. */
static vg_status fail(un_parser *p, vg_status code, long line, const char *fmt, ...)
{
    if (p->rc)
        return p->rc;
    char msg[VG_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->rc = code;
    vg_err_set(p->err, code, vg_list_path(p->list), line, "%s", msg);
    XML_StopParser(p->xp, XML_FALSE);
    return code;
}

static long cur_line(un_parser *p)
{
    return (long)XML_GetCurrentLineNumber(p->xp);
}

/* The record's id for messages ("QDi.299"), or a placeholder. */
static const char *ref_of(un_parser *p)
{
    return p->eb.e.native_id ? p->eb.e.native_id : "(no REFERENCE_NUMBER yet)";
}

/* Fails on a builder error (out of memory, too many values). */
static vg_status check(un_parser *p, vg_status rc)
{
    if (!rc)
        return VG_OK;
    if (rc == VG_ENOMEM)
        return fail(p, rc, cur_line(p), "out of memory");
    return fail(p, rc, cur_line(p), "%s: %s", ref_of(p), vg_status_str(rc));
}

/* ------------------------------------------------------------------------ */
/* Text helpers                                                             */
/* ------------------------------------------------------------------------ */

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Collapses runs of ASCII whitespace to one space and trims, in place. The
 * list wraps long values over several indented lines. */
static vg_str squash(vg_buf *b)
{
    if (!b->len)
        return (vg_str){"", 0};
    size_t w = 0;
    bool space = false;
    for (size_t r = 0; r < b->len; r++) {
        char c = b->ptr[r];
        if (is_ws(c)) {
            space = w > 0;
            continue;
        }
        if (space)
            b->ptr[w++] = ' ';
        space = false;
        b->ptr[w++] = c;
    }
    b->len = w;
    b->ptr[w] = '\0';
    return (vg_str){b->ptr, w};
}

static vg_str field(un_parser *p, un_el f)
{
    return squash(&p->fld[f]);
}

static vg_str sub(vg_str s, size_t from, size_t to)
{
    return (vg_str){s.ptr + from, to - from};
}

/* Removes `suffix` (ASCII, case-insensitive) from the end of s if present. */
static bool drop_suffix(vg_str *s, const char *suffix)
{
    size_t n = strlen(suffix);
    if (s->len < n || !vg_str_ieq_ascii((vg_str){s->ptr + s->len - n, n}, suffix))
        return false;
    s->len -= n;
    *s = vg_str_trim(*s);
    return true;
}

static bool drop_prefix(vg_str *s, const char *prefix)
{
    if (!vg_str_istarts_ascii(*s, prefix))
        return false;
    size_t n = strlen(prefix);
    s->ptr += n;
    s->len -= n;
    *s = vg_str_trim(*s);
    return true;
}

/* Appends `s` to the scratch buffer, after "; " when it is not empty. */
static vg_status join(vg_buf *b, const char *sep, vg_str s)
{
    vg_status rc = VG_OK;
    s = vg_str_trim(s);
    if (!s.len)
        return VG_OK;
    if (b->len && (rc = vg_buf_puts(b, sep)))
        return rc;
    return vg_buf_append(b, s.ptr, s.len);
}

static vg_str buf_str(const vg_buf *b)
{
    return (vg_str){b->len ? b->ptr : "", b->len};
}

/* ------------------------------------------------------------------------ */
/* Alias splitting                                                          */
/* ------------------------------------------------------------------------ */

/* ALIAS_NAME may pack several names. The rule, applied recursively:
 *   1. Split on ';' outside parentheses.
 *   2. A piece ending in a parenthesised group "X (Y)" is split into X and
 *      the names in Y when Y is a list (holds a ';'), when Y is written in
 *      another script than X ("Jin Tiesan (金铁三)", "أبو بكر ... (Abu Bakr
 *      ...; ...)"), or when Y starts "original script:". Other groups stay
 *      part of the name: acronyms "(LRM)", variants "(Butaev)", notes
 *      "(birth name)".
 *   3. Annotations are dropped: a group "(original script)", a suffix
 *      " - sub-unit name", enclosing double quotes, trailing ',' or ';'.
 * Each piece is handed to `emit`; the caller runs the split twice, once to
 * count the names (to flag them VG_NAMEF_SPLIT) and once to add them. */
typedef struct split_ctx {
    un_parser *p;
    size_t count;
    bool add;
    vg_name_role role;
    unsigned flags;
} split_ctx;

static void split_emit(split_ctx *c, vg_str s)
{
    s = vg_str_trim(s);
    /* a stray ')' or separator left at the start ") Abdelrahman ..." */
    while (s.len && (s.ptr[0] == ')' || s.ptr[0] == ',' || s.ptr[0] == ';'))
        s = vg_str_trim(sub(s, 1, s.len));
    while (s.len && (s.ptr[s.len - 1] == ',' || s.ptr[s.len - 1] == ';'))
        s = vg_str_trim((vg_str){s.ptr, s.len - 1});
    if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"')
        s = vg_str_trim(sub(s, 1, s.len - 1));
    drop_suffix(&s, "- sub-unit name");
    if (!s.len)
        return;
    c->count++;
    if (c->add && !c->p->rc)
        check(c->p, vg_eb_add_name(&c->p->eb, s, (vg_str){0}, (vg_str){0}, c->role, c->flags));
}

/* Position of the '(' matching a final ')', or s.len when there is none. */
static size_t final_group(vg_str s)
{
    if (!s.len || s.ptr[s.len - 1] != ')')
        return s.len;
    size_t depth = 0;
    for (size_t i = s.len; i-- > 0;) {
        if (s.ptr[i] == ')') {
            depth++;
        } else if (s.ptr[i] == '(') {
            if (--depth == 0)
                return i;
        }
    }
    return s.len;
}

/* Finds the next name separator at parenthesis depth 0 from `from`: a ';',
 * or an enumerator "b)" whose ')' opens no group ("Mohammed Sabet;
 * Mohammad Sabet b) M. Javad Kareemi Sabet"). On success the segment ends
 * at *seg_end and the next one starts at *next. */
static bool next_sep(vg_str s, size_t from, size_t *seg_end, size_t *next)
{
    size_t depth = 0;
    for (size_t i = from; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == '(') {
            depth++;
        } else if (c == ')' && depth) {
            depth--;
        } else if (c == ';' && !depth) {
            *seg_end = i;
            *next = i + 1;
            return true;
        } else if (c == ')' && i > from && s.ptr[i - 1] >= 'a' && s.ptr[i - 1] <= 'z' &&
                   (i == from + 1 || s.ptr[i - 2] == ' ') &&
                   (i + 1 == s.len || s.ptr[i + 1] == ' ')) {
            *seg_end = i - 1;
            *next = i + 1;
            return true;
        }
    }
    return false;
}

static bool has_separator(vg_str s)
{
    size_t a, b;
    return next_sep(s, 0, &a, &b);
}

static void split_names(split_ctx *c, vg_str s, int level)
{
    s = vg_str_trim(s);
    while (s.len && (s.ptr[s.len - 1] == ',' || s.ptr[s.len - 1] == ';'))
        s = vg_str_trim((vg_str){s.ptr, s.len - 1});
    if (!s.len)
        return;
    if (level >= UN_SPLIT_DEPTH) {
        split_emit(c, s);
        return;
    }
    /* 1. separators outside parentheses */
    size_t seg_end, next;
    if (next_sep(s, 0, &seg_end, &next)) {
        size_t start = 0;
        do {
            split_names(c, sub(s, start, seg_end), level + 1);
            start = next;
        } while (next_sep(s, start, &seg_end, &next));
        split_names(c, sub(s, start, s.len), level + 1);
        return;
    }
    /* 2. a final "(...)" group */
    size_t open = final_group(s);
    if (open < s.len) {
        vg_str x = vg_str_trim(sub(s, 0, open));
        vg_str y = vg_str_trim(sub(s, open + 1, s.len - 1));
        if (vg_str_ieq_ascii(y, "original script")) {
            split_names(c, x, level + 1);
            return;
        }
        if (drop_prefix(&y, "original script:")) {
            split_names(c, x, level + 1);
            split_names(c, y, level + 1);
            return;
        }
        if (!x.len) {
            split_names(c, y, level + 1);
            return;
        }
        vg_script sx = vg__script_detect(x), sy = vg__script_detect(y);
        bool other_script = sx != VG_SCRIPT_UNKNOWN && sy != VG_SCRIPT_UNKNOWN && sx != sy;
        if (other_script || has_separator(y)) {
            split_names(c, x, level + 1);
            split_names(c, y, level + 1);
            return;
        }
    }
    split_emit(c, s);
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */
/* ------------------------------------------------------------------------ */

/* Adds an unparseable date of birth as a warning and a "DOB: " remark. */
static void bad_dob(un_parser *p, long line, vg_str raw)
{
    vg__list_warn(p->list, line, "%s: unparseable date of birth '%.*s'", ref_of(p),
                  (int)(raw.len > 200 ? 200 : raw.len), raw.ptr);
    vg_buf *s = &p->scratch;
    vg_buf_clear(s);
    if (check(p, vg_buf_puts(s, "DOB: ")) || check(p, vg_buf_append(s, raw.ptr, raw.len)))
        return;
    check(p, vg_eb_add_remarks(&p->eb, buf_str(s)));
}

static void add_dob(un_parser *p, const vg_date *d)
{
    check(p, vg_eb_add_birth_date(&p->eb, d));
}

/* INDIVIDUAL_DATE_OF_BIRTH: TYPE_OF_DATE EXACT / APPROXIMATELY / BETWEEN
 * with DATE, YEAR, FROM_YEAR + TO_YEAR, or only a NOTE ("Nov. 1973"). */
static void end_dob(un_parser *p)
{
    vg_str type = field(p, F_TYPE_OF_DATE), date = field(p, F_DATE), year = field(p, F_YEAR);
    vg_str from = field(p, F_FROM_YEAR), to = field(p, F_TO_YEAR), note = field(p, F_NOTE);
    bool approx = vg_str_ieq_ascii(type, "APPROXIMATELY");
    bool note_used = false, ok = false;
    vg_date d;
    memset(&d, 0, sizeof d);

    if (date.len) {
        ok = vg__date_parse(date, &d);
    } else if (year.len) {
        ok = vg__date_parse(year, &d);
        /* a month in the note: <YEAR>1958</YEAR><NOTE>Sep.</NOTE> */
        vg_date m;
        if (ok && d.kind == VG_DATE_YEAR && note.len && note.len < 16) {
            vg_buf *s = &p->scratch;
            vg_buf_clear(s);
            if (check(p, join(s, " ", note)) || check(p, join(s, " ", year)))
                return;
            if (vg__date_parse(buf_str(s), &m) && m.year == d.year) {
                d = m;
                note_used = true;
            }
        }
    } else if (from.len || to.len) {
        vg_date a, b;
        if (vg__date_parse(from, &a) && vg__date_parse(to, &b) && a.kind != VG_DATE_RANGE &&
            b.kind != VG_DATE_RANGE && b.year >= a.year) {
            d = a;
            d.kind = VG_DATE_RANGE;
            d.year_to = b.year;
            d.month_to = b.month;
            d.day_to = b.day;
            ok = true;
        }
    } else if (note.len) {
        ok = vg__date_parse(note, &d);
        note_used = true;
    } else {
        return; /* <TYPE_OF_DATE/> and nothing else: no date given */
    }

    if (!ok) {
        vg_buf *s = &p->scratch;
        vg_buf_clear(s);
        if (check(p, join(s, " ", date)) || check(p, join(s, " ", year)) ||
            check(p, join(s, " ", from)) || check(p, join(s, " - ", to)) ||
            check(p, join(s, " ", note)))
            return;
        /* bad_dob() reuses the scratch buffer: copy the text out first */
        vg_status rc = VG_OK;
        const char *raw = vg_eb_str(&p->eb, buf_str(s), &rc);
        if (check(p, rc))
            return;
        bad_dob(p, p->grp_line, vg_str_c(raw));
        return;
    }
    if (approx && d.kind != VG_DATE_RANGE)
        d.kind = VG_DATE_APPROX;
    add_dob(p, &d);
    if (note.len && !note_used && !p->rc) {
        vg_buf *s = &p->scratch;
        vg_buf_clear(s);
        char when[64];
        vg_date_format(&d, when, sizeof when);
        if (check(p, vg_buf_printf(s, "DOB %s note: ", when)) ||
            check(p, vg_buf_append(s, note.ptr, note.len)))
            return;
        check(p, vg_eb_add_remarks(&p->eb, buf_str(s)));
    }
}

/* ------------------------------------------------------------------------ */
/* Groups                                                                   */
/* ------------------------------------------------------------------------ */

/* Adds the primary name (name parts in listed order) once, before any other
 * name, so that an alias or original-script name with the same text cannot
 * take its place. */
static void flush_primary(un_parser *p)
{
    if (p->primary_done)
        return;
    p->primary_done = true;
    vg_buf *s = &p->scratch;
    vg_buf_clear(s);
    for (int i = 0; i < 4; i++)
        if (check(p, join(s, " ", squash(&p->part[i]))))
            return;
    vg_str name = buf_str(s);
    size_t seg_end, next;
    if (!next_sep(name, 0, &seg_end, &next)) {
        check(p, vg_eb_add_name(&p->eb, name, (vg_str){0}, (vg_str){0}, VG_NAME_PRIMARY, 0));
        return;
    }
    /* A few entities pack two names in FIRST_NAME ("COMPAGNIE AERIENNE DES
     * GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)"): the first
     * is the primary name, the others strong aliases. */
    vg_name_role role = VG_NAME_PRIMARY;
    size_t start = 0;
    bool more = true;
    while (more && !p->rc) {
        more = next_sep(name, start, &seg_end, &next);
        vg_str piece = vg_str_trim(sub(name, start, more ? seg_end : name.len));
        start = next;
        if (!piece.len)
            continue;
        check(p, vg_eb_add_name(&p->eb, piece, (vg_str){0}, (vg_str){0}, role, VG_NAMEF_SPLIT));
        role = VG_NAME_STRONG;
    }
}

static void end_alias(un_parser *p)
{
    vg_str name = field(p, F_ALIAS_NAME), q = field(p, F_QUALITY);
    split_ctx c = {p, 0, false, VG_NAME_STRONG, 0};
    if (vg_str_ieq_ascii(q, "Low"))
        c.role = VG_NAME_WEAK;
    else if (vg_str_ieq_ascii(q, "f.k.a.") || vg_str_ieq_ascii(q, "fka"))
        c.flags |= VG_NAMEF_FKA;
    if (name.len) {
        split_names(&c, name, 0);
        if (c.count > 1)
            c.flags |= VG_NAMEF_SPLIT;
        c.add = true;
        split_names(&c, name, 0);
        if (p->rc)
            return;
    }
    /* birth details given with an alias identity */
    vg_str dob = field(p, F_DATE_OF_BIRTH);
    if (dob.len) {
        vg_date d;
        if (vg__date_parse(dob, &d))
            add_dob(p, &d);
        else
            bad_dob(p, p->grp_line, dob);
    }
    vg_str city = field(p, F_CITY_OF_BIRTH), country = field(p, F_COUNTRY_OF_BIRTH);
    if ((city.len || country.len) && !p->rc) {
        vg_buf *s = &p->scratch;
        vg_buf_clear(s);
        if (check(p, join(s, ", ", city)) || check(p, join(s, ", ", country)))
            return;
        /* the same place is often repeated on every alias */
        for (size_t i = 0; i < p->eb.n_places; i++)
            if (p->eb.places[i].text && vg_str_eqc(buf_str(s), p->eb.places[i].text))
                return;
        check(p, vg_eb_add_birth_place(&p->eb, buf_str(s), city, (vg_str){0}, country));
    }
}

static void end_place_of_birth(un_parser *p)
{
    vg_str street = field(p, F_STREET), city = field(p, F_CITY);
    vg_str region = field(p, F_STATE_PROVINCE), country = field(p, F_COUNTRY);
    vg_str note = field(p, F_NOTE);
    vg_buf *s = &p->scratch;
    vg_buf_clear(s);
    if (check(p, join(s, ", ", street)))
        return;
    if (!vg_str_eq(city, street) && check(p, join(s, ", ", city)))
        return;
    if (check(p, join(s, ", ", region)) || check(p, join(s, ", ", country)))
        return;
    if (note.len) {
        bool paren = note.ptr[0] == '(';
        if ((s->len && check(p, vg_buf_putc(s, ' '))) ||
            (!paren && check(p, vg_buf_putc(s, '('))) ||
            check(p, vg_buf_append(s, note.ptr, note.len)) ||
            (!paren && check(p, vg_buf_putc(s, ')'))))
            return;
    }
    check(p, vg_eb_add_birth_place(&p->eb, buf_str(s), city, region, country));
}

static void end_address(un_parser *p)
{
    check(p, vg_eb_add_address(&p->eb, field(p, F_STREET), field(p, F_CITY),
                               field(p, F_STATE_PROVINCE), field(p, F_ZIP_CODE),
                               field(p, F_COUNTRY), field(p, F_NOTE)));
}

/* An expiry date stated in a document note ("expires on 1 Feb. 2012"). */
static bool expiry_of(vg_str note, vg_date *out)
{
    static const char *const prefixes[] = {
        "and expired on ", "expires on ", "expired on ", "expiring on ", "expires ",
        "expired ", "expiration date: ", "expiration date ", "date of expiration: ",
        "valid until ", "passport expiration date: "};
    note = vg_str_trim(note);
    while (note.len && note.ptr[note.len - 1] == '.')
        note.len--;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        vg_str rest = note;
        if (drop_prefix(&rest, prefixes[i]))
            return vg__date_parse(rest, out);
    }
    return false;
}

/* Case-insensitive ASCII equality of two slices. */
static bool ieq(vg_str a, vg_str b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++) {
        char x = a.ptr[i], y = b.ptr[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* INDIVIDUAL_DOCUMENT: the type is TYPE_OF_DOCUMENT; TYPE_OF_DOCUMENT2 (a
 * finer label such as "Ration card number:"), the city of issue, an issue
 * date that is not a date and the NOTE go into the note, "; "-joined. */
static void end_document(un_parser *p)
{
    vg_str type = field(p, F_TYPE_OF_DOCUMENT), type2 = field(p, F_TYPE_OF_DOCUMENT2);
    vg_str number = field(p, F_NUMBER), note = field(p, F_NOTE);
    vg_str issuing = field(p, F_ISSUING_COUNTRY), of_issue = field(p, F_COUNTRY_OF_ISSUE);
    vg_str city = field(p, F_CITY_OF_ISSUE), issue = field(p, F_DATE_OF_ISSUE);
    if (!type.len) {
        type = type2;
        type2 = (vg_str){"", 0};
    }
    while (type2.len && (type2.ptr[type2.len - 1] == ':' || type2.ptr[type2.len - 1] == ' '))
        type2.len--;
    vg_str country = issuing.len ? issuing : of_issue;
    vg_date issued, expires;
    memset(&issued, 0, sizeof issued);
    memset(&expires, 0, sizeof expires);
    bool issue_ok = issue.len && vg__date_parse(issue, &issued);
    if (!issue_ok)
        memset(&issued, 0, sizeof issued);
    if (!expiry_of(note, &expires))
        memset(&expires, 0, sizeof expires);

    vg_buf *s = &p->scratch;
    vg_buf_clear(s);
    if (type2.len && !ieq(type, type2) && check(p, join(s, "; ", type2)))
        return;
    if (city.len && (check(p, join(s, "; ", VG_STR_LIT("issued in"))) ||
                     check(p, join(s, " ", city))))
        return;
    if (issuing.len && of_issue.len && !vg_str_eq(issuing, of_issue) &&
        (check(p, join(s, "; ", VG_STR_LIT("country of issue"))) ||
         check(p, join(s, " ", of_issue))))
        return;
    if (issue.len && !issue_ok &&
        (check(p, join(s, "; ", VG_STR_LIT("issued"))) || check(p, join(s, " ", issue))))
        return;
    if (check(p, join(s, "; ", note)))
        return;
    check(p, vg_eb_add_document(&p->eb, type, number, country, &issued, &expires, buf_str(s)));
}

/* ------------------------------------------------------------------------ */
/* Record leaves                                                            */
/* ------------------------------------------------------------------------ */

static void end_leaf(un_parser *p, un_el e, un_el parent)
{
    vg_entity_builder *eb = &p->eb;
    if (e == E_VALUE) {
        vg_str v = squash(&p->text);
        if (parent == E_NATIONALITY)
            check(p, vg_eb_add_nationality(eb, v));
        else if (parent == E_TITLE || parent == E_DESIGNATION)
            check(p, vg_eb_add_title(eb, v));
        return;
    }
    /* the line breaks and indentation inside values (COMMENTS1 too) come
     * from the file's pretty-printing, not from the data */
    vg_str v = squash(&p->text);
    switch (e) {
    case E_COMMENTS1:
        check(p, vg_eb_add_remarks(eb, v));
        break;
    case E_REFERENCE_NUMBER:
        if (!v.len)
            break; /* reported as missing at the end of the record */
        if (eb->e.native_id)
            fail(p, VG_EPARSE, cur_line(p), "%s: second REFERENCE_NUMBER '%.*s'",
                 eb->e.native_id, (int)(v.len > 64 ? 64 : v.len), v.ptr);
        else
            check(p, vg_eb_set_id(eb, v));
        break;
    case E_UN_LIST_TYPE:
        check(p, vg_eb_add_program(eb, v));
        break;
    case E_LISTED_ON: {
        vg_date d;
        if (!v.len)
            break;
        if (vg__date_parse(v, &d)) {
            vg_eb_set_listed_on(eb, &d);
            break;
        }
        vg__list_warn(p->list, cur_line(p), "%s: unparseable LISTED_ON '%.*s'", ref_of(p),
                      (int)(v.len > 200 ? 200 : v.len), v.ptr);
        vg_buf *s = &p->scratch;
        vg_buf_clear(s);
        if (!check(p, vg_buf_puts(s, "Listed on: ")) && !check(p, join(s, "", v)))
            check(p, vg_eb_add_remarks(eb, buf_str(s)));
        break;
    }
    case E_GENDER:
        if (vg_str_ieq_ascii(v, "Male"))
            vg_eb_set_gender(eb, VG_GENDER_MALE);
        else if (vg_str_ieq_ascii(v, "Female"))
            vg_eb_set_gender(eb, VG_GENDER_FEMALE);
        break;
    case E_NAME_ORIGINAL_SCRIPT:
        flush_primary(p);
        if (!p->rc)
            check(p, vg_eb_add_name(eb, v, (vg_str){0}, (vg_str){0}, VG_NAME_ORIGINAL, 0));
        break;
    default:
        break;
    }
}

static void end_group(un_parser *p, un_el g)
{
    switch (g) {
    case E_INDIVIDUAL_ALIAS:
    case E_ENTITY_ALIAS:
        flush_primary(p);
        if (!p->rc)
            end_alias(p);
        break;
    case E_INDIVIDUAL_DATE_OF_BIRTH:
        end_dob(p);
        break;
    case E_INDIVIDUAL_PLACE_OF_BIRTH:
        end_place_of_birth(p);
        break;
    case E_INDIVIDUAL_ADDRESS:
    case E_ENTITY_ADDRESS:
        end_address(p);
        break;
    case E_INDIVIDUAL_DOCUMENT:
        end_document(p);
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------------ */
/* expat callbacks                                                          */
/* ------------------------------------------------------------------------ */

static void start_root(un_parser *p, const XML_Char *name, const XML_Char **attrs)
{
    long line = cur_line(p);
    if (strcmp(name, "CONSOLIDATED_LIST") != 0) {
        fail(p, VG_EFORMAT, line,
             "not a UN consolidated list: root element is <%.64s>, expected <CONSOLIDATED_LIST>",
             name);
        return;
    }
    p->root_open = true;
    for (size_t i = 0; attrs[i]; i += 2) {
        if (strcmp(attrs[i], "dateGenerated") == 0) {
            vg_str v = vg_str_trim(vg_str_c(attrs[i + 1]));
            if (!v.len)
                break;
            if (vg__list_set_version(p->list, v))
                fail(p, VG_ENOMEM, line, "out of memory");
            return;
        }
    }
    fail(p, VG_EFORMAT, line, "CONSOLIDATED_LIST has no dateGenerated attribute");
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    un_parser *p = ud;
    if (p->rc)
        return;
    int d = ++p->depth;
    un_el e = el_of(name);
    if (d <= UN_MAX_DEPTH)
        p->stack[d] = e;
    p->cur = NULL;
    if (d == 1) {
        start_root(p, name, attrs);
        return;
    }
    if (d == 3 && (e == E_INDIVIDUAL || e == E_ENTITY) &&
        (p->stack[2] == E_INDIVIDUALS || p->stack[2] == E_ENTITIES)) {
        vg_eb_reset(&p->eb);
        vg_eb_set_kind(&p->eb, e == E_INDIVIDUAL ? VG_KIND_PERSON : VG_KIND_ORGANIZATION);
        p->in_record = true;
        p->primary_done = false;
        p->rec_line = cur_line(p);
        for (int i = 0; i < 4; i++)
            vg_buf_clear(&p->part[i]);
        return;
    }
    if (!p->in_record)
        return;
    if (d == 4) {
        if (!is_name_part(e) && e != E_DATAID && e != E_VERSIONNUM)
            flush_primary(p);
        if (is_name_part(e)) {
            vg_buf *b = &p->part[e - E_FIRST_NAME];
            if (b->len && check(p, vg_buf_putc(b, ' ')))
                return;
            p->cur = b;
        } else if (is_group(e)) {
            for (int i = 0; i < F__COUNT; i++)
                vg_buf_clear(&p->fld[i]);
            p->grp_line = cur_line(p);
        } else if (e >= E_REFERENCE_NUMBER && e <= E_NAME_ORIGINAL_SCRIPT) {
            vg_buf_clear(&p->text);
            p->cur = &p->text;
        }
    } else if (d == 5) {
        un_el parent = p->stack[4];
        if (is_group(parent) && e < F__COUNT) {
            vg_buf *b = &p->fld[e];
            /* a repeated field is kept whole, "; "-joined */
            if (b->len && check(p, vg_buf_puts(b, "; ")))
                return;
            p->cur = b;
        } else if (e == E_VALUE &&
                   (parent == E_TITLE || parent == E_DESIGNATION || parent == E_NATIONALITY)) {
            vg_buf_clear(&p->text);
            p->cur = &p->text;
        }
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    un_parser *p = ud;
    (void)name;
    if (p->rc)
        return;
    int d = p->depth--;
    p->cur = NULL;
    if (d > UN_MAX_DEPTH)
        return;
    un_el e = p->stack[d];
    if (d == 1) {
        p->root_closed = true;
        p->root_end_line = cur_line(p);
        return;
    }
    if (!p->in_record)
        return;
    if (d == 3) {
        p->in_record = false;
        flush_primary(p);
        if (p->rc)
            return;
        if (!p->eb.e.id) {
            fail(p, VG_EPARSE, p->rec_line, "%s record without REFERENCE_NUMBER",
                 e == E_INDIVIDUAL ? "INDIVIDUAL" : "ENTITY");
            return;
        }
        if (check(p, vg_eb_commit(&p->eb)))
            return;
        if (e == E_INDIVIDUAL)
            p->n_individuals++;
        else
            p->n_entities++;
    } else if (d == 4) {
        if (is_group(e))
            end_group(p, e);
        else if (e >= E_REFERENCE_NUMBER && e <= E_NAME_ORIGINAL_SCRIPT && !is_name_part(e))
            end_leaf(p, e, E_OTHER);
    } else if (d == 5 && e == E_VALUE) {
        end_leaf(p, e, p->stack[4]);
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    un_parser *p = ud;
    if (p->rc || !p->cur || len <= 0)
        return;
    vg_status rc = vg_buf_append(p->cur, s, (size_t)len);
    if (rc == VG_ELIMIT)
        fail(p, rc, cur_line(p), "text longer than %u bytes", (unsigned)VG_LIMIT_FIELD);
    else if (rc)
        fail(p, rc, cur_line(p), "out of memory");
}

/* A UN list never declares entities; refusing them rules out entity
 * expansion attacks and external entities altogether. */
static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
                                   const XML_Char *value, int value_len, const XML_Char *base,
                                   const XML_Char *system_id, const XML_Char *public_id,
                                   const XML_Char *notation)
{
    un_parser *p = ud;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)system_id;
    (void)public_id;
    (void)notation;
    fail(p, VG_EFORMAT, cur_line(p), "entity declaration '%.64s' not allowed in a UN list",
         name);
}

/* An entity reference that was not declared (possible only with an
 * external DTD, which is never read) would silently lose text. */
static void XMLCALL on_skipped_entity(void *ud, const XML_Char *name, int is_param)
{
    un_parser *p = ud;
    (void)is_param;
    fail(p, VG_EFORMAT, cur_line(p), "reference to undeclared entity '%.64s'", name);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *system_id,
                               const XML_Char *public_id, int has_internal_subset)
{
    un_parser *p = ud;
    (void)name;
    (void)has_internal_subset;
    if (system_id || public_id)
        fail(p, VG_EFORMAT, cur_line(p), "external DTD '%.64s' not allowed in a UN list",
             system_id ? system_id : public_id);
}

static int XMLCALL on_external_entity(XML_Parser xp, const XML_Char *context,
                                      const XML_Char *base, const XML_Char *system_id,
                                      const XML_Char *public_id)
{
    (void)xp;
    (void)context;
    (void)base;
    (void)system_id;
    (void)public_id;
    return XML_STATUS_ERROR; /* never load anything from outside */
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */
/* ------------------------------------------------------------------------ */

static long line_at(const char *data, size_t off)
{
    long line = 1;
    const char *q = data, *end = data + off;
    while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
        line++;
        q++;
    }
    return line;
}

/* True when p[0..n) is the start of one multi-byte UTF-8 sequence. */
static bool partial_char(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t need = u[0] >= 0xF0 && u[0] <= 0xF4   ? 4
                  : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
                  : u[0] >= 0xC2 && u[0] <= 0xDF ? 2
                                                 : 0;
    if (!need || n >= need)
        return false;
    for (size_t i = 1; i < n; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return false;
    return true;
}

static const char *open_element(const un_parser *p)
{
    int d = p->depth < UN_MAX_DEPTH ? p->depth : UN_MAX_DEPTH;
    for (; d > 0; d--) {
        un_el e = p->stack[d];
        for (size_t i = 0; i < sizeof un_names / sizeof *un_names; i++)
            if (un_names[i].el == e)
                return un_names[i].name;
    }
    return "?";
}

/* Turns an expat error into a status and message. */
static vg_status xml_error(un_parser *p, const char *data, size_t len)
{
    enum XML_Error code = XML_GetErrorCode(p->xp);
    long line = cur_line(p);
    const char *path = vg_list_path(p->list);
    if (code == XML_ERROR_NO_MEMORY)
        return vg_err_set(p->err, VG_ENOMEM, path, line, "out of memory");
    /* These codes are raised only when the input ends: inside a token, or
     * with elements still open. An input with no element at all is not a
     * truncated list but no list. */
    bool mid_token = code == XML_ERROR_UNCLOSED_TOKEN || code == XML_ERROR_PARTIAL_CHAR ||
                     code == XML_ERROR_UNCLOSED_CDATA_SECTION;
    if ((mid_token || code == XML_ERROR_NO_ELEMENTS) && p->root_open && !p->root_closed)
        return vg_err_set(p->err, VG_ETRUNC, path, line,
                          "document ended early inside <%s> (%s)", open_element(p),
                          XML_ErrorString(code));
    if (mid_token)
        return vg_err_set(p->err, VG_ETRUNC, path, line, "document ended early (%s)",
                          XML_ErrorString(code));
    if (code == XML_ERROR_INVALID_TOKEN) {
        XML_Index at = XML_GetCurrentByteIndex(p->xp);
        if (at >= 0 && (size_t)at < len && !vg_utf8_valid(data + at, len - (size_t)at))
            return vg_err_set(p->err, VG_EUTF8, path, line, "invalid UTF-8");
    }
    vg_status st = vg_err_set(p->err, VG_EPARSE, path, line, "%s", XML_ErrorString(code));
    XML_Index at = XML_GetCurrentByteIndex(p->xp);
    if (p->err && at > 0)
        p->err->offset = (size_t)at;
    return st;
}

vg_status vg__un_xml_read(vg_list *list, const char *data, size_t len, vg_err *err)
{
    vg_status rc = VG_OK;
    const vg_allocator *a = &vg__list_arena(list)->alloc;
    const vg_allocator *saved_mm = mm_current;
    const char *path = vg_list_path(list);
    un_parser *p = vg__calloc(a, sizeof *p);
    if (!p) {
        rc = vg_err_set(err, VG_ENOMEM, path, 0, "out of memory");
        goto out;
    }
    p->list = list;
    p->err = err;
    vg_eb_init(&p->eb, list);
    vg_buf_init(&p->text, a, VG_LIMIT_FIELD);
    vg_buf_init(&p->scratch, a, 4 * (size_t)VG_LIMIT_FIELD);
    for (int i = 0; i < F__COUNT; i++)
        vg_buf_init(&p->fld[i], a, VG_LIMIT_FIELD);
    for (int i = 0; i < 4; i++)
        vg_buf_init(&p->part[i], a, VG_LIMIT_FIELD);

    mm_current = a;
    /* The input is validated as UTF-8 below, so expat is told the
     * encoding and a declaration cannot switch it to another. */
    p->xp = XML_ParserCreate_MM("UTF-8", &mm_suite, NULL);
    if (!p->xp) {
        rc = vg_err_set(err, VG_ENOMEM, path, 0, "out of memory");
        goto out;
    }
    XML_SetUserData(p->xp, p);
    XML_SetElementHandler(p->xp, on_start, on_end);
    XML_SetCharacterDataHandler(p->xp, on_text);
    XML_SetEntityDeclHandler(p->xp, on_entity_decl);
    XML_SetExternalEntityRefHandler(p->xp, on_external_entity);
    XML_SetSkippedEntityHandler(p->xp, on_skipped_entity);
    XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
    XML_SetParamEntityParsing(p->xp, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p->xp, 10.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p->xp, 1024u * 1024u);

    /* Bytes past the valid UTF-8 prefix never reach expat: an XML error
     * before them wins, otherwise the bad byte is reported by line. */
    size_t valid = vg_utf8_valid_prefix(data, len);
    /* a file cut inside a character is truncated, not mis-encoded */
    bool cut_char = valid < len && partial_char(data + valid, len - valid);
    size_t off = 0;
    do {
        size_t n = valid - off < UN_CHUNK ? valid - off : UN_CHUNK;
        bool final = off + n == len || (cut_char && off + n == valid);
        if (XML_Parse(p->xp, data + off, (int)n, final ? XML_TRUE : XML_FALSE) !=
                XML_STATUS_OK ||
            p->rc) {
            rc = p->rc ? p->rc : xml_error(p, data, len);
            goto out;
        }
        off += n;
    } while (off < valid);
    if (valid < len) {
        rc = vg_err_set(err, VG_EUTF8, path, line_at(data, valid),
                        "invalid UTF-8 at byte offset %zu", valid);
        if (err)
            err->offset = valid;
        goto out;
    }
    if (p->n_individuals + p->n_entities == 0) {
        rc = vg_err_set(err, VG_EEMPTY, path, p->root_end_line,
                        "no INDIVIDUAL or ENTITY records in the list");
        goto out;
    }
out:
    if (p && p->xp)
        XML_ParserFree(p->xp);
    mm_current = saved_mm;
    if (!p)
        return rc;
    for (int i = 3; i >= 0; i--)
        vg_buf_fini(&p->part[i]);
    for (int i = F__COUNT - 1; i >= 0; i--)
        vg_buf_fini(&p->fld[i]);
    vg_buf_fini(&p->scratch);
    vg_buf_fini(&p->text);
    vg_eb_fini(&p->eb);
    vg__free(a, p, sizeof *p);
    return rc;
}
