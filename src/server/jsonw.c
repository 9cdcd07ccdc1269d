/* SPDX-License-Identifier: Apache-2.0 */
/* JSON text written straight into a buffer, byte for byte as jansson's
 * json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(6)) writes the same values:
 * for the /match reply, building a jansson tree per result, dumping it and
 * freeing it cost more than the screening. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

void vg_srv_jw_init(vg_srv_jw *w, size_t limit)
{
    vg_buf_init(&w->b, NULL, limit);
    /* most texts (a single-query reply, a log line) fit: no regrowth */
    w->rc = vg_buf_reserve(&w->b, limit < 2047 ? limit : 2047);
}

void vg_srv_jw_fini(vg_srv_jw *w)
{
    vg_buf_fini(&w->b);
}

char *vg_srv_jw_take(vg_srv_jw *w, size_t *len)
{
    if (w->rc) {
        vg_buf_fini(&w->b);
        return NULL;
    }
    char *p = w->b.ptr;
    *len = w->b.len;
    w->b.ptr = NULL;
    w->b.len = w->b.cap = 0;
    return p;
}

void vg_srv_jw_raw_grow(vg_srv_jw *w, const char *s, size_t n)
{
    if (!w->rc)
        w->rc = vg_buf_append(&w->b, s, n);
}

void vg_srv_jw_rewind(vg_srv_jw *w, size_t mark)
{
    if (w->b.ptr && mark <= w->b.len) {
        w->b.len = mark;
        w->b.ptr[mark] = '\0';
    }
}

/* Digits written backwards from the end of t: snprintf("%lld") cost more
 * than the rest of writing a small integer (a few per reply and log line). */
void vg_srv_jw_int(vg_srv_jw *w, long long v)
{
    char t[24];
    size_t i = sizeof t;
    /* unsigned: -LLONG_MIN does not fit a long long */
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        t[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        t[--i] = '-';
    vg_srv_jw_raw(w, t + i, sizeof t - i);
}

/* A value k / 10000 with |k| < 10^6 (what vg_srv_round4() returns: every
 * score of a reply) written from k's digits. "%.6g" writes the same: at
 * most six significant digits, fixed notation from 0.0001 up, trailing
 * zeros dropped, and ".0" added to an integer. snprintf() took about a
 * tenth of the time writing a reply. False, nothing written, for any other
 * value (and for -0.0). */
static bool real_4dp(vg_srv_jw *w, double v)
{
    if (!(v > -100.0 && v < 100.0))
        return false;
    long long k = (long long)(v * 10000.0 + (v < 0 ? -0.5 : 0.5));
    if ((double)k / 10000.0 != v || (k == 0 && signbit(v)))
        return false;
    char t[16];
    size_t n = 0;
    if (k < 0) {
        t[n++] = '-';
        k = -k;
    }
    long long ip = k / 10000, fp = k % 10000;
    if (ip >= 10)
        t[n++] = (char)('0' + ip / 10);
    t[n++] = (char)('0' + ip % 10);
    t[n++] = '.';
    if (!fp)
        t[n++] = '0';
    for (long long d = 1000; fp; d /= 10) {
        t[n++] = (char)('0' + fp / d);
        fp %= d;
    }
    vg_srv_jw_raw(w, t, n);
    return true;
}

/* jansson's jsonp_dtostr(): "%.6g", ".0" when it reads as an integer, and
 * no '+' or leading zeros in the exponent. */
void vg_srv_jw_real(vg_srv_jw *w, double v)
{
    if (real_4dp(w, v))
        return;
    char t[48];
    int r = snprintf(t, sizeof t, "%.6g", v);
    if (r < 0 || (size_t)r + 3 >= sizeof t) {
        w->rc = w->rc ? w->rc : VG_EINVAL;
        return;
    }
    size_t n = (size_t)r;
    if (!strchr(t, '.') && !strchr(t, 'e')) {
        t[n++] = '.';
        t[n++] = '0';
        t[n] = '\0';
    }
    char *start = strchr(t, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, n - (size_t)(end - t) + 1);
            n -= (size_t)(end - start);
        }
    }
    vg_srv_jw_raw(w, t, n);
}

bool vg_srv_jw_strn(vg_srv_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t mark = w->b.len;
    vg_status rc = w->rc;
    vg_srv_jw_raw(w, "\"", 1);
    size_t run = 0;
    /* one pass: ASCII looked at for escapes, a non-ASCII sequence checked
     * as UTF-8 (a validation pass first, then the escapes, read every
     * string twice) */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (!k || n - i < k || vg_utf8_valid_prefix(s + i, k) != k) {
                /* json_string() refuses it: nothing written, the caller
                 * drops the value */
                vg_srv_jw_rewind(w, mark);
                w->rc = rc;
                return false;
            }
            i += k;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        vg_srv_jw_raw(w, s + run, i - run);
        run = ++i;
        char e[6] = {'\\', 0, 0, 0, 0, 0};
        size_t el = 2;
        switch (c) {
        case '"':
        case '\\':
            e[1] = (char)c;
            break;
        case '\b':
            e[1] = 'b';
            break;
        case '\f':
            e[1] = 'f';
            break;
        case '\n':
            e[1] = 'n';
            break;
        case '\r':
            e[1] = 'r';
            break;
        case '\t':
            e[1] = 't';
            break;
        default:
            memcpy(e + 1, "u00", 3);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            el = 6;
            break;
        }
        vg_srv_jw_raw(w, e, el);
    }
    vg_srv_jw_raw(w, s + run, n - run);
    vg_srv_jw_raw(w, "\"", 1);
    return true;
}

bool vg_srv_jw_str(vg_srv_jw *w, const char *s)
{
    return vg_srv_jw_strn(w, s, strlen(s));
}

bool vg_srv_jw_key(vg_srv_jw *w, bool comma, const char *k)
{
    if (comma)
        vg_srv_jw_raw(w, ",", 1);
    bool ok = vg_srv_jw_str(w, k);
    vg_srv_jw_raw(w, ":", 1);
    return ok;
}

void vg_srv_jw_value(vg_srv_jw *w, const json_t *v)
{
    size_t i;
    const char *k;
    json_t *x;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        vg_srv_jw_raw(w, "{", 1);
        i = 0;
        json_object_foreach((json_t *)v, k, x)
        {
            vg_srv_jw_key(w, i++ > 0, k);
            vg_srv_jw_value(w, x);
        }
        vg_srv_jw_raw(w, "}", 1);
        break;
    case JSON_ARRAY:
        vg_srv_jw_raw(w, "[", 1);
        json_array_foreach(v, i, x)
        {
            if (i)
                vg_srv_jw_raw(w, ",", 1);
            vg_srv_jw_value(w, x);
        }
        vg_srv_jw_raw(w, "]", 1);
        break;
    case JSON_STRING:
        vg_srv_jw_strn(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        vg_srv_jw_int(w, (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        vg_srv_jw_real(w, json_real_value(v));
        break;
    case JSON_TRUE:
        vg_srv_jw_raw(w, "true", 4);
        break;
    case JSON_FALSE:
        vg_srv_jw_raw(w, "false", 5);
        break;
    default:
        vg_srv_jw_raw(w, "null", 4);
        break;
    }
}

json_t *vg_srv_jw_json(vg_srv_jw *w)
{
    if (w->rc)
        return NULL;
    return json_loadb(w->b.ptr, w->b.len, JSON_DECODE_ANY, NULL);
}
