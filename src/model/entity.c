/* SPDX-License-Identifier: Apache-2.0 */
/* The entity builder readers use, enum names, dates, script detection and
 * the per-entity content hash (sha256 of a canonical serialisation). */
#include <stdio.h>

#include <sodium.h>

#include "vg_model.h"

/* ---- enum names -------------------------------------------------------- */

const char *vg_kind_name(vg_kind k)
{
    static const char *const n[] = {"person", "organization", "vessel", "aircraft", "other"};
    return (unsigned)k < VG_KIND__COUNT ? n[k] : "other";
}

const char *vg_name_role_name(vg_name_role r)
{
    static const char *const n[] = {"primary", "strong", "weak", "original"};
    return (unsigned)r < VG_NAME_ROLE__COUNT ? n[r] : "unknown";
}

const char *vg_script_name(vg_script s)
{
    static const char *const n[] = {"unknown", "latin",  "arabic", "cyrillic", "han",  "hangul",
                                    "kana",    "greek",  "hebrew", "other",    "mixed"};
    return (unsigned)s < VG_SCRIPT__COUNT ? n[s] : "unknown";
}

const char *vg_gender_name(vg_gender g)
{
    switch (g) {
    case VG_GENDER_MALE:
        return "male";
    case VG_GENDER_FEMALE:
        return "female";
    default:
        return "unknown";
    }
}

/* ---- dates ------------------------------------------------------------- */

static int ymd(char *buf, size_t size, int y, int m, int d)
{
    if (m && d)
        return snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    if (m)
        return snprintf(buf, size, "%04d-%02d", y, m);
    return snprintf(buf, size, "%04d", y);
}

char *vg_date_format(const vg_date *d, char *buf, size_t size)
{
    if (!buf || !size)
        return buf;
    buf[0] = '\0';
    if (!d || d->year == 0)
        return buf;
    switch (d->kind) {
    case VG_DATE_RANGE: {
        int n = ymd(buf, size, d->year, d->month, d->day);
        if (n > 0 && (size_t)n + 2 < size) {
            memcpy(buf + n, "..", 3);
            ymd(buf + n + 2, size - (size_t)n - 2, d->year_to, d->month_to, d->day_to);
        }
        break;
    }
    case VG_DATE_APPROX:
        if (size > 1) {
            buf[0] = '~';
            ymd(buf + 1, size - 1, d->year, d->month, d->day);
        }
        break;
    default:
        ymd(buf, size, d->year, d->month, d->day);
    }
    return buf;
}

bool vg_date_years(const vg_date *d, int *lo, int *hi)
{
    if (!d || d->year == 0)
        return false;
    *lo = d->year;
    *hi = (d->kind == VG_DATE_RANGE && d->year_to >= d->year) ? d->year_to : d->year;
    return true;
}

static const char *const month_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_from(vg_str w)
{
    if (w.len < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (vg_str_istarts_ascii(w, month_abbr[i]))
            return i + 1;
    return 0;
}

static bool all_digits(vg_str s)
{
    if (!s.len)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static bool valid_ymd(int y, int m, int d)
{
    if (y < 1800 || y > 2200)
        return false;
    if (m == 0)
        return d == 0;
    if (m < 1 || m > 12)
        return false;
    return d == 0 || (d >= 1 && d <= days_in_month(y, m));
}

/* One date without range words: ISO forms or "02 Mar 1971" / "Mar 1971". */
static bool parse_single(vg_str s, vg_date *out)
{
    s = vg_str_trim(s);
    memset(out, 0, sizeof *out);
    out->kind = VG_DATE_EXACT;
    long y = 0, m = 0, d = 0;
    /* ISO: YYYY, YYYY-MM, YYYY-MM-DD (a time or zone suffix is ignored) */
    if (s.len >= 4 && all_digits((vg_str){s.ptr, 4}) && (s.len == 4 || s.ptr[4] == '-')) {
        vg_str_to_long((vg_str){s.ptr, 4}, &y);
        if (s.len >= 7 && all_digits((vg_str){s.ptr + 5, 2}))
            vg_str_to_long((vg_str){s.ptr + 5, 2}, &m);
        else if (s.len != 4)
            return false;
        if (s.len >= 10 && s.ptr[7] == '-' && all_digits((vg_str){s.ptr + 8, 2}))
            vg_str_to_long((vg_str){s.ptr + 8, 2}, &d);
        else if (s.len > 7)
            return false;
    } else {
        /* words: [DD] Mon YYYY */
        vg_str w[3];
        size_t nw = 0, i = 0;
        while (i < s.len && nw < 4) {
            while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '.' || s.ptr[i] == ','))
                i++;
            size_t st = i;
            while (i < s.len && s.ptr[i] != ' ' && s.ptr[i] != '.' && s.ptr[i] != ',')
                i++;
            if (i > st) {
                if (nw == 3)
                    return false;
                w[nw++] = (vg_str){s.ptr + st, i - st};
            }
        }
        if (nw == 3 && all_digits(w[0]) && w[0].len <= 2 && all_digits(w[2]) && w[2].len == 4) {
            vg_str_to_long(w[0], &d);
            m = month_from(w[1]);
            vg_str_to_long(w[2], &y);
            if (!m)
                return false;
        } else if (nw == 2 && all_digits(w[1]) && w[1].len == 4) {
            m = month_from(w[0]);
            vg_str_to_long(w[1], &y);
            if (!m)
                return false;
        } else {
            return false;
        }
    }
    if (!valid_ymd((int)y, (int)m, (int)d))
        return false;
    out->year = (int16_t)y;
    out->month = (int16_t)m;
    out->day = (int16_t)d;
    out->kind = d ? VG_DATE_EXACT : m ? VG_DATE_YEAR_MONTH : VG_DATE_YEAR;
    return true;
}

bool vg__date_parse(vg_str s, vg_date *out)
{
    s = vg_str_trim(s);
    static const char *const approx[] = {"circa ", "approximately ", "approx. ", "approx ",
                                         "about ", "c. ", "ca. "};
    for (size_t i = 0; i < sizeof approx / sizeof *approx; i++) {
        if (vg_str_istarts_ascii(s, approx[i])) {
            size_t n = strlen(approx[i]);
            if (!parse_single((vg_str){s.ptr + n, s.len - n}, out))
                return false;
            out->kind = VG_DATE_APPROX;
            return true;
        }
    }
    static const char *const seps[] = {" to ", " - ", "..", " and "};
    vg_str body = s;
    if (vg_str_istarts_ascii(body, "between ")) {
        body.ptr += 8;
        body.len -= 8;
    } else if (vg_str_istarts_ascii(body, "from ")) {
        body.ptr += 5;
        body.len -= 5;
    }
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        size_t sl = strlen(seps[k]);
        for (size_t i = 1; i + sl < body.len; i++) {
            if (strncmp(body.ptr + i, seps[k], sl) != 0)
                continue;
            vg_date a, b;
            if (parse_single((vg_str){body.ptr, i}, &a) &&
                parse_single((vg_str){body.ptr + i + sl, body.len - i - sl}, &b) &&
                b.year >= a.year) {
                *out = a;
                out->kind = VG_DATE_RANGE;
                out->year_to = b.year;
                out->month_to = b.month;
                out->day_to = b.day;
                return true;
            }
            return false;
        }
    }
    return parse_single(s, out);
}

/* ---- script detection -------------------------------------------------- */

static vg_script script_of(uint32_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
        (c >= 0x1E00 && c <= 0x1EFF))
        return VG_SCRIPT_LATIN;
    if ((c >= 0x600 && c <= 0x6FF && !(c >= 0x660 && c <= 0x669) && !(c >= 0x6F0 && c <= 0x6F9) &&
         c != 0x60C && c != 0x61B && c != 0x61F && c != 0x640) ||
        (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
        (c >= 0xFE70 && c <= 0xFEFF))
        return VG_SCRIPT_ARABIC;
    if (c >= 0x400 && c <= 0x52F)
        return VG_SCRIPT_CYRILLIC;
    if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
        return VG_SCRIPT_GREEK;
    if (c >= 0x5D0 && c <= 0x5F2)
        return VG_SCRIPT_HEBREW;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF))
        return VG_SCRIPT_HAN;
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
        return VG_SCRIPT_HANGUL;
    if (c >= 0x3040 && c <= 0x30FF)
        return VG_SCRIPT_KANA;
    if (c >= 0x80 && c > 0x24F && c != 0x2019 && c != 0x2018 && !(c >= 0x2000 && c <= 0x206F) &&
        !(c >= 0x300 && c <= 0x36F) && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFF00 && c <= 0xFF0F))
        return VG_SCRIPT_OTHER;
    return VG_SCRIPT_UNKNOWN;
}

vg_script vg__script_detect(vg_str s)
{
    vg_script found = VG_SCRIPT_UNKNOWN;
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t i = 0;
    while (i < s.len) {
        uint32_t c = p[i];
        size_t n = 1;
        if (c >= 0xF0 && i + 3 < s.len) {
            c = ((c & 7u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
            n = 4;
        } else if (c >= 0xE0 && i + 2 < s.len) {
            c = ((c & 0xFu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
            n = 3;
        } else if (c >= 0xC0 && i + 1 < s.len) {
            c = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
            n = 2;
        }
        i += n;
        vg_script sc = script_of(c);
        if (sc == VG_SCRIPT_UNKNOWN)
            continue;
        if (found == VG_SCRIPT_UNKNOWN)
            found = sc;
        else if (found != sc)
            return VG_SCRIPT_MIXED;
    }
    return found;
}

/* Letters (upper-cased) and digits of s[a, b) appended to out. */
static size_t docnum_put(vg_str s, size_t a, size_t b, char *out, size_t n, size_t cap)
{
    for (size_t i = a; i < b && n + 1 < cap; i++) {
        char c = s.ptr[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[n++] = c;
    }
    return n;
}

static bool docnum_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t vg__docnum_norm(vg_str s, char *out, size_t cap)
{
    size_t n = 0;
    if (!cap)
        return 0;
    /* Lists write the number inside a phrase ("French passport number
     * 05AT521433", "CAR diplomatic passport no. D00000898", "381110042
     * (Expired 25 Jan. 2016)", "German travel document A 0139243"): the
     * number is the first word with a digit outside parentheses, with a
     * one-letter word before it and the digit-bearing words right after
     * it (12 345 678). Text with no such word keeps all its letters. */
    size_t i = 0, depth = 0, start = s.len, prev = s.len, prev_end = s.len;
    while (i < s.len) {
        while (i < s.len && docnum_space(s.ptr[i]))
            i++;
        size_t a = i;
        bool digit = false;
        for (; i < s.len && !docnum_space(s.ptr[i]); i++) {
            char c = s.ptr[i];
            if (c == '(')
                depth++;
            else if (c == ')' && depth)
                depth--;
            else if (c >= '0' && c <= '9' && !depth)
                digit = true;
        }
        if (a == i)
            break;
        if (digit) {
            start = a;
            break;
        }
        prev = a;
        prev_end = i;
    }
    if (start == s.len) {
        n = docnum_put(s, 0, s.len, out, 0, cap);
        out[n] = '\0';
        return n;
    }
    /* a one-letter word before the number is its series (A 0139243) */
    if (prev < s.len && prev_end - prev == 1 &&
        ((s.ptr[prev] | 32) >= 'a' && (s.ptr[prev] | 32) <= 'z'))
        n = docnum_put(s, prev, prev_end, out, n, cap);
    i = start;
    while (i < s.len) {
        size_t a = i;
        bool digit = false, paren = false;
        for (; i < s.len && !docnum_space(s.ptr[i]); i++) {
            if (s.ptr[i] >= '0' && s.ptr[i] <= '9')
                digit = true;
            if (s.ptr[i] == '(')
                paren = true;
        }
        if (!digit || (paren && a != start))
            break;
        size_t b = i;
        if (a == start)
            for (size_t k = a; k < i; k++)
                if (s.ptr[k] == '(') {
                    b = k; /* 381110042(Expired ...) */
                    break;
                }
        n = docnum_put(s, a, b, out, n, cap);
        if (b < i)
            break;
        while (i < s.len && docnum_space(s.ptr[i]))
            i++;
    }
    out[n] = '\0';
    return n;
}

/* ---- builder ----------------------------------------------------------- */

void vg_eb_init(vg_entity_builder *eb, vg_list *list)
{
    memset(eb, 0, sizeof *eb);
    eb->list = list;
    eb->e.source = vg_list_source(list);
}

#define EB_FREE(arr, cap) vg__free(a, eb->arr, eb->cap * sizeof *eb->arr)

void vg_eb_fini(vg_entity_builder *eb)
{
    if (!eb || !eb->list)
        return;
    const vg_allocator *a = &vg__list_arena(eb->list)->alloc;
    EB_FREE(names, c_names);
    EB_FREE(dates, c_dates);
    EB_FREE(places, c_places);
    EB_FREE(nats, c_nats);
    EB_FREE(cits, c_cits);
    EB_FREE(docs, c_docs);
    EB_FREE(addrs, c_addrs);
    EB_FREE(progs, c_progs);
    EB_FREE(titles, c_titles);
    memset(eb, 0, sizeof *eb);
}

void vg_eb_reset(vg_entity_builder *eb)
{
    memset(&eb->e, 0, sizeof eb->e);
    eb->e.source = vg_list_source(eb->list);
    eb->n_names = eb->n_dates = eb->n_places = eb->n_nats = eb->n_cits = 0;
    eb->n_docs = eb->n_addrs = eb->n_progs = eb->n_titles = 0;
}

const char *vg_eb_str(vg_entity_builder *eb, vg_str s, vg_status *rc)
{
    s = vg_str_trim(s);
    if (!s.len)
        return NULL;
    const char *p = vg_arena_strndup(vg__list_arena(eb->list), s.ptr, s.len);
    if (!p && rc)
        *rc = VG_ENOMEM;
    return p;
}

#define EB_PUSH(arr, n, c, val)                                                              \
    do {                                                                                     \
        vg_status rc__ = vg__grow(&vg__list_arena(eb->list)->alloc, (void **)&eb->arr,      \
                                  &eb->c, eb->n + 1, sizeof *eb->arr, VG_LIMIT_PER_ENTITY); \
        if (rc__)                                                                            \
            return rc__;                                                                     \
        eb->arr[eb->n++] = (val);                                                            \
    } while (0)

vg_status vg_eb_set_id(vg_entity_builder *eb, vg_str native_id)
{
    vg_status rc = VG_OK;
    native_id = vg_str_trim(native_id);
    if (!native_id.len)
        return VG_EPARSE;
    const char *src = vg_list_source(eb->list);
    size_t sl = strlen(src);
    char *id = vg_arena_alloc(vg__list_arena(eb->list), sl + 1 + native_id.len + 1);
    if (!id)
        return VG_ENOMEM;
    memcpy(id, src, sl);
    id[sl] = ':';
    memcpy(id + sl + 1, native_id.ptr, native_id.len);
    id[sl + 1 + native_id.len] = '\0';
    eb->e.id = id;
    eb->e.native_id = id + sl + 1;
    return rc;
}

void vg_eb_set_kind(vg_entity_builder *eb, vg_kind kind)
{
    eb->e.kind = kind;
}
void vg_eb_set_gender(vg_entity_builder *eb, vg_gender g)
{
    eb->e.gender = g;
}
void vg_eb_set_listed_on(vg_entity_builder *eb, const vg_date *d)
{
    eb->e.listed_on = *d;
}

vg_status vg_eb_add_remarks(vg_entity_builder *eb, vg_str text)
{
    text = vg_str_trim(text);
    if (!text.len)
        return VG_OK;
    const char *old = eb->e.remarks;
    size_t ol = old ? strlen(old) : 0;
    char *p = vg_arena_alloc(vg__list_arena(eb->list), ol + 1 + text.len + 1);
    if (!p)
        return VG_ENOMEM;
    size_t n = 0;
    if (ol) {
        memcpy(p, old, ol);
        p[ol] = ' ';
        n = ol + 1;
    }
    memcpy(p + n, text.ptr, text.len);
    p[n + text.len] = '\0';
    eb->e.remarks = p;
    return VG_OK;
}

vg_status vg_eb_add_name(vg_entity_builder *eb, vg_str full, vg_str given, vg_str family,
                         vg_name_role role, unsigned flags)
{
    vg_status rc = VG_OK;
    full = vg_str_trim(full);
    if (!full.len)
        return VG_OK;
    for (size_t i = 0; i < eb->n_names; i++) {
        if (vg_str_eqc(full, eb->names[i].full)) {
            /* keep the strongest role (lower enum value is stronger, original
             * script aside) */
            if (role != VG_NAME_ORIGINAL && eb->names[i].role != VG_NAME_ORIGINAL &&
                role < eb->names[i].role)
                eb->names[i].role = role;
            return VG_OK;
        }
    }
    vg_name n = {0};
    n.full = vg_eb_str(eb, full, &rc);
    n.given = vg_eb_str(eb, given, &rc);
    n.family = vg_eb_str(eb, family, &rc);
    if (rc)
        return rc;
    n.role = role;
    n.flags = flags;
    n.script = vg__script_detect(full);
    EB_PUSH(names, n_names, c_names, n);
    return VG_OK;
}

vg_status vg_eb_add_birth_date(vg_entity_builder *eb, const vg_date *d)
{
    for (size_t i = 0; i < eb->n_dates; i++)
        if (memcmp(&eb->dates[i], d, sizeof *d) == 0)
            return VG_OK;
    EB_PUSH(dates, n_dates, c_dates, *d);
    return VG_OK;
}

/* Maps a country text; unknown texts are reported to the list. */
static vg_status country_of(vg_entity_builder *eb, vg_str text, vg_country *c)
{
    vg_status rc = VG_OK;
    memset(c, 0, sizeof *c);
    text = vg_str_trim(text);
    if (!text.len)
        return VG_OK;
    c->text = vg_eb_str(eb, text, &rc);
    if (rc)
        return rc;
    if (!vg_country_lookup(text, c->code))
        vg__list_unknown_country(eb->list, text);
    return VG_OK;
}

vg_status vg_eb_add_birth_place(vg_entity_builder *eb, vg_str text, vg_str city, vg_str region,
                                vg_str country)
{
    vg_status rc = VG_OK;
    vg_place p = {0};
    p.text = vg_eb_str(eb, text, &rc);
    p.city = vg_eb_str(eb, city, &rc);
    p.region = vg_eb_str(eb, region, &rc);
    if (rc || (rc = country_of(eb, country, &p.country)))
        return rc;
    if (!p.text && !p.city && !p.region && !p.country.text)
        return VG_OK;
    EB_PUSH(places, n_places, c_places, p);
    return VG_OK;
}

static vg_status add_country(vg_entity_builder *eb, vg_str text, vg_country **arr, size_t *n,
                             size_t *cap)
{
    vg_country c;
    vg_status rc = country_of(eb, text, &c);
    if (rc || !c.text)
        return rc;
    for (size_t i = 0; i < *n; i++) {
        if ((c.code[0] && strcmp((*arr)[i].code, c.code) == 0) ||
            (!c.code[0] && (*arr)[i].text && strcmp((*arr)[i].text, c.text) == 0))
            return VG_OK;
    }
    rc = vg__grow(&vg__list_arena(eb->list)->alloc, (void **)arr, cap, *n + 1, sizeof **arr,
                  VG_LIMIT_PER_ENTITY);
    if (rc)
        return rc;
    (*arr)[(*n)++] = c;
    return VG_OK;
}

vg_status vg_eb_add_nationality(vg_entity_builder *eb, vg_str country)
{
    return add_country(eb, country, &eb->nats, &eb->n_nats, &eb->c_nats);
}

vg_status vg_eb_add_citizenship(vg_entity_builder *eb, vg_str country)
{
    return add_country(eb, country, &eb->cits, &eb->n_cits, &eb->c_cits);
}

vg_status vg_eb_add_document(vg_entity_builder *eb, vg_str type, vg_str number, vg_str country,
                             const vg_date *issued, const vg_date *expires, vg_str note)
{
    vg_status rc = VG_OK;
    vg_document d = {0};
    d.type = vg_eb_str(eb, type, &rc);
    d.number = vg_eb_str(eb, number, &rc);
    d.note = vg_eb_str(eb, note, &rc);
    if (rc || (rc = country_of(eb, country, &d.country)))
        return rc;
    if (!d.number && !d.type)
        return VG_OK;
    if (d.number) {
        size_t len = strlen(d.number);
        char *norm = vg_arena_alloc(vg__list_arena(eb->list), len + 1);
        if (!norm)
            return VG_ENOMEM;
        vg__docnum_norm((vg_str){d.number, len}, norm, len + 1);
        d.number_norm = norm;
    }
    if (issued)
        d.issued = *issued;
    if (expires)
        d.expires = *expires;
    EB_PUSH(docs, n_docs, c_docs, d);
    return VG_OK;
}

vg_status vg_eb_add_address(vg_entity_builder *eb, vg_str street, vg_str city, vg_str region,
                            vg_str postal, vg_str country, vg_str note)
{
    vg_status rc = VG_OK;
    vg_address ad = {0};
    ad.street = vg_eb_str(eb, street, &rc);
    ad.city = vg_eb_str(eb, city, &rc);
    ad.region = vg_eb_str(eb, region, &rc);
    ad.postal = vg_eb_str(eb, postal, &rc);
    ad.note = vg_eb_str(eb, note, &rc);
    if (rc || (rc = country_of(eb, country, &ad.country)))
        return rc;
    if (!ad.street && !ad.city && !ad.region && !ad.postal && !ad.country.text)
        return VG_OK;
    EB_PUSH(addrs, n_addrs, c_addrs, ad);
    return VG_OK;
}

static vg_status add_text(vg_entity_builder *eb, vg_str s, const char ***arr, size_t *n,
                          size_t *cap)
{
    vg_status rc = VG_OK;
    s = vg_str_trim(s);
    if (!s.len)
        return VG_OK;
    for (size_t i = 0; i < *n; i++)
        if (vg_str_eqc(s, (*arr)[i]))
            return VG_OK;
    const char *p = vg_eb_str(eb, s, &rc);
    if (rc)
        return rc;
    rc = vg__grow(&vg__list_arena(eb->list)->alloc, (void **)arr, cap, *n + 1, sizeof **arr,
                  VG_LIMIT_PER_ENTITY);
    if (rc)
        return rc;
    (*arr)[(*n)++] = p;
    return VG_OK;
}

vg_status vg_eb_add_program(vg_entity_builder *eb, vg_str program)
{
    return add_text(eb, program, &eb->progs, &eb->n_progs, &eb->c_progs);
}

vg_status vg_eb_add_title(vg_entity_builder *eb, vg_str title)
{
    return add_text(eb, title, &eb->titles, &eb->n_titles, &eb->c_titles);
}

/* ---- content hash ------------------------------------------------------ */

/* The hash state with a staging buffer: fields are a few bytes each, and
 * one update call per field cost more than the hashing. BLAKE2b hashes
 * the same byte stream however it is cut into updates. */
typedef struct hstate {
    crypto_generichash_state st;
    size_t n;
    unsigned char buf[512];
} hstate;

static void h_put(hstate *h, const void *p, size_t n)
{
    if (h->n + n > sizeof h->buf) {
        crypto_generichash_update(&h->st, h->buf, h->n);
        h->n = 0;
        if (n > sizeof h->buf) {
            crypto_generichash_update(&h->st, (const unsigned char *)p, n);
            return;
        }
    }
    memcpy(h->buf + h->n, p, n);
    h->n += n;
}

static void h_str(hstate *st, const char *s)
{
    /* length-prefixed so that field boundaries cannot shift */
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    h_put(st, &n, sizeof n);
    if (s)
        h_put(st, s, (size_t)n);
}

static void h_int(hstate *st, int64_t v)
{
    h_put(st, &v, sizeof v);
}

static void h_date(hstate *st, const vg_date *d)
{
    int64_t v[7] = {d->kind, d->year, d->month, d->day, d->year_to, d->month_to, d->day_to};
    for (int i = 0; i < 7; i++)
        h_int(st, v[i]);
}

static void h_country(hstate *st, const vg_country *c)
{
    h_str(st, c->code);
    h_str(st, c->text);
}

static void content_hash(const vg_entity *e, uint8_t out[32])
{
    hstate st;
    st.n = 0;
    crypto_generichash_init(&st.st, NULL, 0, 32);
    h_str(&st, e->id);
    h_int(&st, e->kind);
    h_int(&st, e->gender);
    h_int(&st, (int64_t)e->n_names);
    for (size_t i = 0; i < e->n_names; i++) {
        h_str(&st, e->names[i].full);
        h_str(&st, e->names[i].given);
        h_str(&st, e->names[i].family);
        h_int(&st, e->names[i].role);
        h_int(&st, e->names[i].flags);
    }
    h_int(&st, (int64_t)e->n_birth_dates);
    for (size_t i = 0; i < e->n_birth_dates; i++)
        h_date(&st, &e->birth_dates[i]);
    h_int(&st, (int64_t)e->n_birth_places);
    for (size_t i = 0; i < e->n_birth_places; i++) {
        h_str(&st, e->birth_places[i].text);
        h_str(&st, e->birth_places[i].city);
        h_str(&st, e->birth_places[i].region);
        h_country(&st, &e->birth_places[i].country);
    }
    h_int(&st, (int64_t)e->n_nationalities);
    for (size_t i = 0; i < e->n_nationalities; i++)
        h_country(&st, &e->nationalities[i]);
    h_int(&st, (int64_t)e->n_citizenships);
    for (size_t i = 0; i < e->n_citizenships; i++)
        h_country(&st, &e->citizenships[i]);
    h_int(&st, (int64_t)e->n_documents);
    for (size_t i = 0; i < e->n_documents; i++) {
        const vg_document *d = &e->documents[i];
        h_str(&st, d->type);
        h_str(&st, d->number);
        h_country(&st, &d->country);
        h_date(&st, &d->issued);
        h_date(&st, &d->expires);
        h_str(&st, d->note);
    }
    h_int(&st, (int64_t)e->n_addresses);
    for (size_t i = 0; i < e->n_addresses; i++) {
        const vg_address *a = &e->addresses[i];
        h_str(&st, a->street);
        h_str(&st, a->city);
        h_str(&st, a->region);
        h_str(&st, a->postal);
        h_country(&st, &a->country);
        h_str(&st, a->note);
    }
    h_int(&st, (int64_t)e->n_programs);
    for (size_t i = 0; i < e->n_programs; i++)
        h_str(&st, e->programs[i]);
    h_int(&st, (int64_t)e->n_titles);
    for (size_t i = 0; i < e->n_titles; i++)
        h_str(&st, e->titles[i]);
    h_date(&st, &e->listed_on);
    h_str(&st, e->remarks);
    crypto_generichash_update(&st.st, st.buf, st.n);
    crypto_generichash_final(&st.st, out, 32);
}

#define EB_MOVE(dst, ndst, arr, n)                                                 \
    do {                                                                           \
        e.dst = NULL;                                                              \
        e.ndst = eb->n;                                                            \
        if (eb->n) {                                                               \
            void *p__ = vg_arena_memdup(ar, eb->arr, eb->n * sizeof *eb->arr);     \
            if (!p__)                                                              \
                return VG_ENOMEM;                                                  \
            e.dst = p__;                                                           \
        }                                                                          \
    } while (0)

vg_status vg_eb_commit(vg_entity_builder *eb)
{
    if (!eb->e.id)
        return VG_EPARSE;
    vg_arena *ar = vg__list_arena(eb->list);
    vg_entity e = eb->e;
    e.list_version = vg_list_version(eb->list);
    /* primary name first */
    for (size_t i = 1; i < eb->n_names; i++) {
        if (eb->names[i].role == VG_NAME_PRIMARY && eb->names[0].role != VG_NAME_PRIMARY) {
            vg_name t = eb->names[0];
            eb->names[0] = eb->names[i];
            eb->names[i] = t;
            break;
        }
    }
    EB_MOVE(names, n_names, names, n_names);
    EB_MOVE(birth_dates, n_birth_dates, dates, n_dates);
    EB_MOVE(birth_places, n_birth_places, places, n_places);
    EB_MOVE(nationalities, n_nationalities, nats, n_nats);
    EB_MOVE(citizenships, n_citizenships, cits, n_cits);
    EB_MOVE(documents, n_documents, docs, n_docs);
    EB_MOVE(addresses, n_addresses, addrs, n_addrs);
    EB_MOVE(programs, n_programs, progs, n_progs);
    EB_MOVE(titles, n_titles, titles, n_titles);
    content_hash(&e, e.content_hash);
    vg_status rc = vg__list_append(eb->list, &e);
    if (rc)
        return rc;
    vg_eb_reset(eb);
    return VG_OK;
}
