/* SPDX-License-Identifier: Apache-2.0 */
/* UN/EDIFACT PAXLST (WCO/IATA/ICAO API guidelines, D:02B to D:12B): a
 * streaming segment tokenizer honouring UNA service characters and the
 * release character, and a state machine that turns NAD/ATT/DTM/NAT/DOC/LOC/
 * RFF groups into person records with their flight legs. Persons are held
 * until their message's UNT so that wrong control counts can be attached as
 * warnings; every person is yielded whatever the counts say. */
#include <stdlib.h>
#include <string.h>

#include "records/vg_records.h"

/* ------------------------------------------------------------------------ */
/* State                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct comp_ref {
    size_t off, len;
} comp_ref;

typedef struct elem_ref {
    size_t first, n; /* components [first, first + n) */
} elem_ref;

typedef enum seg_result { SEG_NONE = 0, SEG_OK, SEG_TRUNCATED } seg_result;

typedef struct pax_state {
    /* service characters */
    unsigned char comp, elem, rel, term;
    bool una_seen, latin1;
    /* the current segment, unescaped */
    vg_buf data;
    comp_ref comps[VG_LIMIT_EDI_COMPONENTS];
    elem_ref elems[VG_LIMIT_EDI_ELEMENTS];
    size_t n_comps, n_elems;
    bool seg_overflow;
    bool dangling; /* truncated after a release character */
    long seg_line;
    bool replay; /* handle the current segment again */
    bool eof_done, done;

    /* interchange and group */
    bool in_ic, in_group, in_msg;
    char ic_ref[40], group_ref[40];
    vg_date ic_date;
    size_t groups, msgs_in_group, msgs_in_ic;

    /* message (strings in msg_arena) */
    vg_arena msg_arena;
    const char *msg_ref;
    const char *ic_ref_s;
    long msg_segments;
    size_t n_pax, n_crew, n_persons;
    vg_record_leg legs[VG_RECORD_MAX_LEGS];
    size_t n_legs;
    bool legs_overflow;
    int loc_target; /* 0 none, 1 departure, 2 arrival of the last leg */

    /* pending persons (records in rec arena = r->arena) */
    vg_record **pend;
    size_t n_pend, cap_pend, n_ready, next_pend;
    vg_record *cur;
    int cur_doc; /* index into cur->docs or -1 */
    bool oom;
} pax_state;

static void set_defaults(pax_state *s)
{
    s->comp = ':';
    s->elem = '+';
    s->rel = '?';
    s->term = '\'';
}

/* ------------------------------------------------------------------------ */
/* Tokenizer                                                                */
/* ------------------------------------------------------------------------ */

static void end_comp(pax_state *s, size_t start)
{
    if (s->n_comps >= VG_LIMIT_EDI_COMPONENTS || s->n_elems == 0) {
        s->seg_overflow = true;
        return;
    }
    s->comps[s->n_comps].off = start;
    s->comps[s->n_comps].len = s->data.len - start;
    s->n_comps++;
    s->elems[s->n_elems - 1].n++;
}

static bool new_elem(pax_state *s)
{
    if (s->n_elems >= VG_LIMIT_EDI_ELEMENTS) {
        s->seg_overflow = true;
        return false;
    }
    s->elems[s->n_elems].first = s->n_comps;
    s->elems[s->n_elems].n = 0;
    s->n_elems++;
    return true;
}

/* Reads one segment into s->data / comps / elems. */
static seg_result read_segment(vg_reader *r, pax_state *s)
{
    vg__in *in = &r->in;
    int c;
    for (;;) { /* CR/LF and blanks between segments are not data */
        c = vg__in_peek(in);
        if (c == -1)
            return SEG_NONE;
        if ((c == '\r' || c == '\n' || c == ' ' || c == '\t') && c != s->term && c != s->elem)
            vg__in_getc(in);
        else
            break;
    }
    s->seg_line = in->line;
    vg_buf_clear(&s->data);
    s->n_comps = s->n_elems = 0;
    s->seg_overflow = s->dangling = false;
    new_elem(s);
    size_t start = 0, raw = 0;
    bool released = false, capped = false;
    for (;;) {
        c = vg__in_getc(in);
        if (c == -1) {
            s->dangling = released;
            end_comp(s, start);
            return SEG_TRUNCATED;
        }
        raw++;
        if (released) {
            released = false;
        } else if (c == s->rel) {
            released = true;
            continue;
        } else if (c == s->term) {
            break;
        } else if (c == s->elem) {
            end_comp(s, start);
            new_elem(s);
            start = s->data.len;
            continue;
        } else if (c == s->comp) {
            end_comp(s, start);
            start = s->data.len;
            continue;
        } else if (c == '\r' || c == '\n') {
            continue; /* wrapped lines */
        } else if (c == 0x1D && raw == 4 && !s->una_seen && s->data.len == 3 &&
                   memcmp(s->data.ptr, "UNB", 3) == 0) {
            /* level B syntax without UNA: IS1/IS3/IS4 control characters */
            s->elem = 0x1D;
            s->comp = 0x1F;
            s->term = 0x1C;
            end_comp(s, start);
            new_elem(s);
            start = s->data.len;
            continue;
        }
        if (s->data.len >= VG_LIMIT_RECORD_BYTES) {
            capped = true;
            continue;
        }
        if (vg_buf_putc(&s->data, (char)c)) {
            s->oom = true;
            return SEG_NONE;
        }
        if (raw == 3 && s->n_comps == 0 && memcmp(s->data.ptr, "UNA", 3) == 0) {
            /* UNA: six positional service characters, never escaped */
            unsigned char sc[6];
            for (int i = 0; i < 6; i++) {
                c = vg__in_getc(in);
                if (c == -1)
                    return SEG_TRUNCATED;
                sc[i] = (unsigned char)c;
            }
            s->comp = sc[0];
            s->elem = sc[1];
            s->rel = sc[3];
            s->term = sc[5];
            s->una_seen = true;
            end_comp(s, start);
            return SEG_OK;
        }
    }
    end_comp(s, start);
    s->seg_overflow |= capped;
    return SEG_OK;
}

/* Component j of element i (element 0 is the tag); empty when absent. */
static vg_str comp(const pax_state *s, size_t i, size_t j)
{
    if (i >= s->n_elems || j >= s->elems[i].n)
        return (vg_str){"", 0};
    const comp_ref *c = &s->comps[s->elems[i].first + j];
    return (vg_str){s->data.ptr + c->off, c->len};
}

static bool tag_is(const pax_state *s, const char *tag)
{
    return vg_str_eqc(vg_str_trim(comp(s, 0, 0)), tag);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static const char *mdup(pax_state *s, vg_str v)
{
    return vg__dup(&s->msg_arena, v.ptr, v.len, s->latin1, &s->oom);
}

static const char *rdup(vg_reader *r, pax_state *s, vg_str v)
{
    return vg__dup(&r->arena, v.ptr, v.len, s->latin1, &s->oom);
}

static void copy_ref(char *dst, size_t cap, vg_str v)
{
    v = vg_str_trim(v);
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    memcpy(dst, v.ptr, n);
    dst[n] = '\0';
}

static bool digits(vg_str v)
{
    if (v.len == 0)
        return false;
    for (size_t i = 0; i < v.len; i++)
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return false;
    return true;
}

static int num(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

typedef enum { Y_BIRTH, Y_EXPIRY, Y_NEAR } year_rule;

/* Parses DTM values: YYMMDD, CCYYMMDD, YYMMDDHHMM, CCYYMMDDHHMM. Writes
 * the date and, when there is one, the time as minutes (or -1). */
static bool edi_date(vg_reader *r, pax_state *s, vg_str v, year_rule rule, vg_date *d, int *minutes)
{
    memset(d, 0, sizeof *d);
    *minutes = -1;
    v = vg_str_trim(v);
    if (!digits(v) || (v.len != 6 && v.len != 8 && v.len != 10 && v.len != 12))
        return false;
    bool century = v.len == 8 || v.len == 12;
    const char *p = v.ptr;
    int y = century ? num(p, 4) : num(p, 2);
    p += century ? 4 : 2;
    int m = num(p, 2), dd = num(p + 2, 2);
    if (v.len >= 10) {
        int hh = num(p + 4, 2), mi = num(p + 6, 2);
        if (hh > 23 || mi > 59)
            return false;
        *minutes = hh * 60 + mi;
    }
    if (!century) {
        vg_date today = vg__today(r, &s->ic_date);
        if (rule == Y_BIRTH)
            y = vg__birth_year(y, m, dd, &today);
        else
            y = vg__expiry_year(y, &today);
    }
    if (!vg__date_valid(y, m, dd))
        return false;
    d->kind = VG_DATE_EXACT;
    d->year = (int16_t)y;
    d->month = (int16_t)m;
    d->day = (int16_t)dd;
    return true;
}

static const char *iso_time(pax_state *s, const vg_date *d, int minutes)
{
    char tmp[64];
    if (minutes >= 0)
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d", d->year, d->month, d->day,
                 minutes / 60, minutes % 60);
    else
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", d->year, d->month, d->day);
    return vg__dup(&s->msg_arena, tmp, strlen(tmp), false, &s->oom);
}

/* Where the current segment is, for warnings and errors. */
#define SEGFMT "segment %ld (%.3s, line %ld)"
#define SEGARGS(s) (s)->msg_segments, comp((s), 0, 0).ptr, (s)->seg_line

/* ------------------------------------------------------------------------ */
/* Messages and persons                                                     */
/* ------------------------------------------------------------------------ */

static void open_message(vg_reader *r, pax_state *s, vg_str ref)
{
    (void)r;
    vg_arena_reset(&s->msg_arena);
    s->in_msg = true;
    s->msg_ref = mdup(s, ref);
    s->ic_ref_s = s->ic_ref[0] ? mdup(s, vg_str_c(s->ic_ref)) : NULL;
    s->msg_segments = 1;
    s->n_pax = s->n_crew = s->n_persons = 0;
    s->n_legs = 0;
    s->legs_overflow = false;
    s->loc_target = 0;
    s->cur = NULL;
    s->cur_doc = -1;
    s->msgs_in_group++;
    s->msgs_in_ic++;
}

/* Marks every pending person of the message as ready, with `warn` (may be
 * NULL) attached to those not yet released. */
static void release_pending(pax_state *s)
{
    s->n_ready = s->n_pend;
    s->cur = NULL;
    s->cur_doc = -1;
}

static void warn_pending(vg_reader *r, pax_state *s, const char *fmt, const char *a, long x,
                         long y)
{
    char tmp[VG_ERR_MSG_MAX];
    snprintf(tmp, sizeof tmp, fmt, a ? a : "?", x, y);
    for (size_t i = s->n_ready; i < s->n_pend; i++)
        vg__rec_warn(&r->arena, s->pend[i], "%s", tmp);
    vg__reader_warn(r, "%s: %s", r->file, tmp);
}

static void close_message(vg_reader *r, pax_state *s, bool truncated)
{
    if (truncated)
        warn_pending(r, s, "message %s has no UNT (truncated after segment %ld, line %ld)",
                     s->msg_ref, s->msg_segments, s->seg_line);
    s->in_msg = false;
    release_pending(s);
}

static vg_status new_person(vg_reader *r, pax_state *s, vg_record_role role)
{
    if (s->n_pend == s->cap_pend) {
        size_t nc = s->cap_pend ? s->cap_pend * 2 : 64;
        vg_record **np = vg__realloc(&r->alloc, s->pend, s->cap_pend * sizeof *np, nc * sizeof *np);
        if (!np)
            return VG_ENOMEM;
        s->pend = np;
        s->cap_pend = nc;
    }
    vg_record *rec = vg_arena_alloc(&r->arena, sizeof *rec);
    if (!rec)
        return VG_ENOMEM;
    vg__rec_begin(r, rec);
    rec->role = role;
    rec->interchange = s->ic_ref_s;
    rec->message = s->msg_ref;
    rec->line = s->seg_line;
    rec->segment = s->msg_segments;
    rec->index_in_message = ++s->n_persons;
    if (role == VG_ROLE_CREW || role == VG_ROLE_TRANSIT_CREW)
        s->n_crew++;
    else
        s->n_pax++;
    char id[96];
    snprintf(id, sizeof id, "%s/%zu", s->msg_ref ? s->msg_ref : "-", s->n_persons);
    rec->id = vg__dup(&r->arena, id, strlen(id), false, &s->oom);
    memcpy(rec->legs, s->legs, sizeof s->legs);
    rec->n_legs = s->n_legs;
    s->pend[s->n_pend++] = rec;
    s->cur = rec;
    s->cur_doc = -1;
    return VG_OK;
}

static void person_name(vg_reader *r, pax_state *s)
{
    vg_record *rec = s->cur;
    vg_str fam = vg_str_trim(comp(s, 4, 0));
    char given[512];
    size_t gl = 0;
    for (size_t j = 1; j < 8; j++) {
        vg_str g = vg_str_trim(comp(s, 4, j));
        if (!g.len || gl + g.len + 2 > sizeof given)
            continue;
        if (gl)
            given[gl++] = ' ';
        memcpy(given + gl, g.ptr, g.len);
        gl += g.len;
    }
    if (fam.len == 0 && gl == 0) { /* some carriers use the C058 free text */
        char full[512];
        size_t fl = 0;
        for (size_t j = 0; j < 5; j++) {
            vg_str g = vg_str_trim(comp(s, 3, j));
            if (!g.len || fl + g.len + 2 > sizeof full)
                continue;
            if (fl)
                full[fl++] = ' ';
            memcpy(full + fl, g.ptr, g.len);
            fl += g.len;
        }
        rec->name = vg__dup(&r->arena, full, fl, s->latin1, &s->oom);
        if (!rec->name)
            vg__rec_error(&r->arena, rec, SEGFMT ": NAD+%.3s has no name", SEGARGS(s),
                          comp(s, 1, 0).ptr);
        return;
    }
    rec->family = rdup(r, s, fam);
    rec->given = vg__dup(&r->arena, given, gl, s->latin1, &s->oom);
    if (rec->family && rec->given) {
        size_t a = strlen(rec->given), b = strlen(rec->family);
        char *full = vg_arena_alloc(&r->arena, a + b + 2);
        if (!full) {
            s->oom = true;
            return;
        }
        memcpy(full, rec->given, a);
        full[a] = ' ';
        memcpy(full + a + 1, rec->family, b + 1);
        rec->name = full;
    } else {
        rec->name = rec->family ? rec->family : rec->given;
    }
}

/* ------------------------------------------------------------------------ */
/* Segment handlers                                                         */
/* ------------------------------------------------------------------------ */

static void seg_person(vg_reader *r, pax_state *s)
{
    vg_record *rec = s->cur;
    vg_arena *ar = &r->arena;
    vg_date d;
    int minutes;
    if (tag_is(s, "ATT")) {
        if (!vg_str_eqc(vg_str_trim(comp(s, 1, 0)), "2"))
            return;
        vg_str g = vg_str_trim(comp(s, 3, 0));
        if (vg_str_eqc(g, "M"))
            rec->gender = VG_GENDER_MALE;
        else if (vg_str_eqc(g, "F"))
            rec->gender = VG_GENDER_FEMALE;
        else if (!vg_str_eqc(g, "U") && !vg_str_eqc(g, "X") && g.len)
            vg__rec_warn(ar, rec, SEGFMT ": unknown gender code", SEGARGS(s));
    } else if (tag_is(s, "DTM")) {
        vg_str q = vg_str_trim(comp(s, 1, 0)), v = comp(s, 1, 1);
        if (vg_str_eqc(q, "329")) {
            if (!edi_date(r, s, v, Y_BIRTH, &d, &minutes))
                vg__rec_error(ar, rec, SEGFMT ": birth date '%.*s' is not a valid date",
                              SEGARGS(s), (int)(v.len > 16 ? 16 : v.len), v.ptr);
            else
                rec->birth_date = d;
        } else if (vg_str_eqc(q, "36") && s->cur_doc >= 0) {
            if (!edi_date(r, s, v, Y_EXPIRY, &d, &minutes))
                vg__rec_warn(ar, rec, SEGFMT ": document expiry '%.*s' is not a valid date",
                             SEGARGS(s), (int)(v.len > 16 ? 16 : v.len), v.ptr);
            else
                rec->docs[s->cur_doc].expires = d;
        }
    } else if (tag_is(s, "NAT")) {
        vg_str v = vg_str_trim(comp(s, 2, 0));
        rec->nationality_text = rdup(r, s, v);
        if (rec->nationality_text && !vg__country(rec->nationality_text, rec->nationality))
            vg__rec_warn(ar, rec, SEGFMT ": nationality '%s' is not a country code", SEGARGS(s),
                         rec->nationality_text);
    } else if (tag_is(s, "LOC")) {
        vg_str q = vg_str_trim(comp(s, 1, 0)), v = vg_str_trim(comp(s, 2, 0));
        if (vg_str_eqc(q, "178"))
            rec->embark = rdup(r, s, v);
        else if (vg_str_eqc(q, "179"))
            rec->debark = rdup(r, s, v);
        else if (vg_str_eqc(q, "174"))
            rec->residence = rdup(r, s, v);
        else if (vg_str_eqc(q, "91") && s->cur_doc >= 0) {
            vg_record_doc *doc = &rec->docs[s->cur_doc];
            doc->country_text = rdup(r, s, v);
            if (doc->country_text)
                vg__country(doc->country_text, doc->country);
        }
    } else if (tag_is(s, "RFF")) {
        vg_str q = vg_str_trim(comp(s, 1, 0)), v = comp(s, 1, 1);
        if (vg_str_eqc(q, "AVF"))
            rec->booking_ref = rdup(r, s, v);
        else if (vg_str_eqc(q, "SEA"))
            rec->seat = rdup(r, s, v);
    } else if (tag_is(s, "DOC")) {
        vg_str num = vg_str_trim(comp(s, 2, 0));
        if (!num.len) {
            vg__rec_warn(ar, rec, SEGFMT ": document without a number", SEGARGS(s));
            s->cur_doc = -1;
        } else if (rec->n_docs >= VG_RECORD_MAX_DOCS) {
            vg__rec_warn(ar, rec, SEGFMT ": more than %d documents", SEGARGS(s),
                         VG_RECORD_MAX_DOCS);
            s->cur_doc = -1;
        } else {
            vg_record_doc *doc = &rec->docs[rec->n_docs];
            memset(doc, 0, sizeof *doc);
            doc->type = rdup(r, s, comp(s, 1, 0));
            doc->number = rdup(r, s, num);
            s->cur_doc = (int)rec->n_docs++;
        }
    }
}

static void seg_flight(vg_reader *r, pax_state *s)
{
    vg_date d;
    int minutes;
    if (tag_is(s, "TDT")) {
        if (s->n_legs >= VG_RECORD_MAX_LEGS) {
            if (!s->legs_overflow)
                vg__reader_warn(r, "%s:%ld: message %s has more than %d legs; later legs ignored",
                                r->file, s->seg_line, s->msg_ref ? s->msg_ref : "?",
                                VG_RECORD_MAX_LEGS);
            s->legs_overflow = true;
            s->loc_target = 0;
            return;
        }
        vg_record_leg *leg = &s->legs[s->n_legs++];
        memset(leg, 0, sizeof *leg);
        vg_str fl = vg_str_trim(comp(s, 2, 0));
        leg->flight = mdup(s, fl);
        vg_str carrier = vg_str_trim(comp(s, 5, 0));
        if (!carrier.len && fl.len > 2)
            carrier = (vg_str){fl.ptr, 2};
        leg->carrier = mdup(s, carrier);
        s->loc_target = 0;
        return;
    }
    if (s->n_legs == 0 || s->legs_overflow)
        return;
    vg_record_leg *leg = &s->legs[s->n_legs - 1];
    if (tag_is(s, "LOC")) {
        vg_str q = vg_str_trim(comp(s, 1, 0)), v = vg_str_trim(comp(s, 2, 0));
        if (vg_str_eqc(q, "125") || (vg_str_eqc(q, "92") && !leg->from)) {
            leg->from = mdup(s, v);
            s->loc_target = 1;
        } else if (vg_str_eqc(q, "87") || vg_str_eqc(q, "92") ||
                   (vg_str_eqc(q, "130") && !leg->to)) {
            leg->to = mdup(s, v);
            s->loc_target = 2;
        }
    } else if (tag_is(s, "DTM")) {
        vg_str q = vg_str_trim(comp(s, 1, 0)), v = comp(s, 1, 1);
        if (!edi_date(r, s, v, Y_NEAR, &d, &minutes)) {
            vg__reader_warn(r, "%s:%ld: message %s: flight date '%.*s' is not a valid date",
                            r->file, s->seg_line, s->msg_ref ? s->msg_ref : "?",
                            (int)(v.len > 16 ? 16 : v.len), v.ptr);
            return;
        }
        if (vg_str_eqc(q, "189"))
            leg->departs = iso_time(s, &d, minutes);
        else if (vg_str_eqc(q, "232"))
            leg->arrives = iso_time(s, &d, minutes);
    }
}

static long to_long(vg_str v, bool *ok)
{
    long x = 0;
    *ok = vg_str_to_long(vg_str_trim(v), &x);
    return x;
}

static void seg_trailer(vg_reader *r, pax_state *s)
{
    bool ok;
    if (tag_is(s, "CNT")) {
        vg_str q = vg_str_trim(comp(s, 1, 0));
        long n = to_long(comp(s, 1, 1), &ok);
        size_t have = vg_str_eqc(q, "41") ? s->n_crew : s->n_pax;
        if ((vg_str_eqc(q, "41") || vg_str_eqc(q, "42")) && (!ok || n < 0 || (size_t)n != have))
            warn_pending(r, s, "message %s: CNT says %ld persons, the message has %ld",
                         s->msg_ref, ok ? n : -1, (long)have);
    } else if (tag_is(s, "UNT")) {
        long n = to_long(comp(s, 1, 0), &ok);
        if (!ok || n != s->msg_segments)
            warn_pending(r, s, "message %s: UNT says %ld segments, the message has %ld",
                         s->msg_ref, ok ? n : -1, s->msg_segments);
        vg_str ref = vg_str_trim(comp(s, 2, 0));
        if (s->msg_ref && !vg_str_eqc(ref, s->msg_ref)) {
            char tmp[64];
            copy_ref(tmp, sizeof tmp, ref);
            vg__reader_warn(r, "%s:%ld: UNT reference '%s' does not match UNH '%s'", r->file,
                            s->seg_line, tmp, s->msg_ref);
        }
        close_message(r, s, false);
    }
}

/* Handles one segment. Returns false to ask for the same segment to be
 * handled again once the pending persons have been released. */
static bool handle(vg_reader *r, pax_state *s)
{
    bool ok;
    if (tag_is(s, "UNA"))
        return true;
    bool service = tag_is(s, "UNB") || tag_is(s, "UNG") || tag_is(s, "UNH") ||
                   tag_is(s, "UNE") || tag_is(s, "UNZ");
    if (service && s->in_msg) {
        close_message(r, s, true);
        return false;
    }
    if (tag_is(s, "UNB")) {
        if (s->in_ic)
            vg__reader_warn(r, "%s:%ld: interchange %s has no UNZ", r->file, s->seg_line,
                            s->ic_ref);
        vg_str syntax = vg_str_trim(comp(s, 1, 0));
        s->latin1 = syntax.len == 4 && memcmp(syntax.ptr, "UNO", 3) == 0 && syntax.ptr[3] >= 'C' &&
                    syntax.ptr[3] <= 'K';
        copy_ref(s->ic_ref, sizeof s->ic_ref, comp(s, 5, 0));
        vg_date d;
        int minutes;
        memset(&s->ic_date, 0, sizeof s->ic_date);
        vg_str dt = vg_str_trim(comp(s, 4, 0));
        if (edi_date(r, s, dt, Y_EXPIRY, &d, &minutes))
            s->ic_date = d;
        s->in_ic = true;
        s->groups = s->msgs_in_ic = 0;
        return true;
    }
    if (tag_is(s, "UNG")) {
        copy_ref(s->group_ref, sizeof s->group_ref, comp(s, 5, 0));
        s->in_group = true;
        s->groups++;
        s->msgs_in_group = 0;
        return true;
    }
    if (tag_is(s, "UNE")) {
        long n = to_long(comp(s, 1, 0), &ok);
        if (!ok || n < 0 || (size_t)n != s->msgs_in_group)
            vg__reader_warn(r, "%s:%ld: UNE says %ld messages, the group has %zu", r->file,
                            s->seg_line, ok ? n : -1, s->msgs_in_group);
        s->in_group = false;
        return true;
    }
    if (tag_is(s, "UNZ")) {
        long n = to_long(comp(s, 1, 0), &ok);
        size_t have = s->groups ? s->groups : s->msgs_in_ic;
        if (!ok || n < 0 || (size_t)n != have)
            vg__reader_warn(r, "%s:%ld: UNZ says %ld, the interchange has %zu %s", r->file,
                            s->seg_line, ok ? n : -1, have, s->groups ? "groups" : "messages");
        if (s->in_group)
            vg__reader_warn(r, "%s:%ld: group %s has no UNE", r->file, s->seg_line, s->group_ref);
        s->in_ic = s->in_group = false;
        s->ic_ref[0] = '\0';
        return true;
    }
    if (tag_is(s, "UNH")) {
        if (!s->in_ic)
            vg__reader_warn(r, "%s:%ld: message without UNB", r->file, s->seg_line);
        open_message(r, s, vg_str_trim(comp(s, 1, 0)));
        vg_str type = vg_str_trim(comp(s, 2, 0));
        if (!vg_str_eqc(type, "PAXLST"))
            vg__reader_warn(r, "%s:%ld: message %s is %.*s, not PAXLST; read as PAXLST", r->file,
                            s->seg_line, s->msg_ref ? s->msg_ref : "?",
                            (int)(type.len > 12 ? 12 : type.len), type.ptr);
        return true;
    }
    if (!s->in_msg) {
        vg__reader_warn(r, "%s:%ld: segment %.3s outside a message (no UNH)", r->file,
                        s->seg_line, comp(s, 0, 0).ptr);
        open_message(r, s, (vg_str){"", 0});
    }
    bool is_nad = tag_is(s, "NAD");
    vg_str q = vg_str_trim(comp(s, 1, 0));
    vg_record_role role = VG_ROLE_UNKNOWN;
    if (is_nad) {
        if (vg_str_eqc(q, "FL"))
            role = VG_ROLE_PASSENGER;
        else if (vg_str_eqc(q, "FM"))
            role = VG_ROLE_CREW;
        else if (vg_str_eqc(q, "DDU"))
            role = VG_ROLE_TRANSIT_PASSENGER;
        else if (vg_str_eqc(q, "DDT"))
            role = VG_ROLE_TRANSIT_CREW;
    }
    if (role != VG_ROLE_UNKNOWN && s->n_pend - s->n_ready >= VG_LIMIT_PAXLST_PENDING) {
        /* release what is held; the count checks for them go to the reader */
        vg__reader_warn(r, "%s: message %s: more than %u persons; control counts are checked "
                           "but not attached to each record",
                        r->file, s->msg_ref ? s->msg_ref : "?", VG_LIMIT_PAXLST_PENDING);
        release_pending(s);
        return false;
    }
    s->msg_segments++;
    if (s->seg_overflow) {
        if (s->cur && role == VG_ROLE_UNKNOWN)
            vg__rec_warn(&r->arena, s->cur, SEGFMT ": segment too long or too many elements; "
                                               "the excess was ignored",
                         SEGARGS(s));
    }
    if (role != VG_ROLE_UNKNOWN) {
        if (new_person(r, s, role)) {
            s->oom = true;
            return true;
        }
        person_name(r, s);
        if (s->seg_overflow)
            vg__rec_warn(&r->arena, s->cur, SEGFMT ": NAD too long; the excess was ignored",
                         SEGARGS(s));
        return true;
    }
    if (is_nad) { /* another party (MS reporting party ...) ends the person */
        s->cur = NULL;
        s->cur_doc = -1;
        return true;
    }
    if (tag_is(s, "CNT") || tag_is(s, "UNT")) {
        s->cur = NULL;
        seg_trailer(r, s);
        return true;
    }
    if (tag_is(s, "TDT"))
        s->cur = NULL;
    if (s->cur)
        seg_person(r, s);
    else
        seg_flight(r, s);
    return true;
}

/* End of input: a truncated segment, an open message, a missing UNZ. */
static void at_eof(vg_reader *r, pax_state *s, seg_result last)
{
    if (last == SEG_TRUNCATED && s->data.len) {
        char why[200];
        snprintf(why, sizeof why,
                 "input truncated inside segment %.3s (line %ld): %s", s->data.ptr, s->seg_line,
                 s->dangling ? "dangling release character and no segment terminator"
                             : "no segment terminator");
        /* a truncated NAD still names its person, who is reported */
        if (tag_is(s, "NAD"))
            handle(r, s);
        if (s->cur) {
            vg__rec_error(&r->arena, s->cur, "%s", why);
        } else {
            vg__reader_warn(r, "%s: %s", r->file, why);
        }
    }
    if (s->in_msg)
        close_message(r, s, true);
    if (s->in_ic)
        vg__reader_warn(r, "%s: interchange %s has no UNZ (truncated)", r->file, s->ic_ref);
    s->in_ic = false;
    release_pending(s);
    s->done = true;
}

static vg_status pax_next(vg_reader *r, vg_record **out, vg_err *err)
{
    pax_state *s = r->state;
    for (;;) {
        if (s->oom)
            return VG_ENOMEM;
        if (s->next_pend < s->n_ready) {
            vg_record *rec = s->pend[s->next_pend++];
            return vg__rec_yield(r, rec, out, err);
        }
        if (s->next_pend > 0 && s->next_pend == s->n_pend) {
            /* everything released was yielded (release happens at person
             * boundaries, so nothing half-built is held): start afresh */
            vg_arena_reset(&r->arena);
            s->n_pend = s->n_ready = s->next_pend = 0;
        }
        if (s->done)
            return VG_OK;
        if (s->replay) {
            s->replay = false;
        } else {
            seg_result sr = read_segment(r, s);
            if (s->oom)
                return VG_ENOMEM;
            if (sr != SEG_OK) {
                at_eof(r, s, sr);
                continue;
            }
        }
        if (!handle(r, s))
            s->replay = true;
    }
}

static void pax_fini(vg_reader *r)
{
    pax_state *s = r->state;
    if (!s)
        return;
    vg_buf_fini(&s->data);
    vg_arena_fini(&s->msg_arena);
    vg__free(&r->alloc, s->pend, s->cap_pend * sizeof *s->pend);
    vg__free(&r->alloc, s, sizeof *s);
    r->state = NULL;
}

vg_status vg__paxlst_init(vg_reader *r, vg_err *err)
{
    pax_state *s = vg__calloc(&r->alloc, sizeof *s);
    if (!s)
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    set_defaults(s);
    vg_buf_init(&s->data, &r->alloc, VG_LIMIT_RECORD_BYTES + 16);
    vg_arena_init(&s->msg_arena, &r->alloc, 4096);
    s->cur_doc = -1;
    r->state = s;
    r->next = pax_next;
    r->fini = pax_fini;
    /* never a NULL data pointer, even for an empty segment */
    if (vg_buf_reserve(&s->data, 256))
        return vg_err_set(err, VG_ENOMEM, r->file, 0, "out of memory");
    return VG_OK;
}
