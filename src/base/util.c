/* SPDX-License-Identifier: Apache-2.0 */
/* Slice helpers, hashing, decimal formatting, UTF-8 validation and
 * whole-file reads. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include "vg_base.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

vg_str vg_str_trim(vg_str s)
{
    while (s.len && is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

bool vg_str_ieq_ascii(vg_str a, const char *c)
{
    size_t n = strlen(c);
    if (a.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii(a.ptr[i]) != lower_ascii(c[i]))
            return false;
    return true;
}

bool vg_str_istarts_ascii(vg_str a, const char *prefix)
{
    size_t n = strlen(prefix);
    if (a.len < n)
        return false;
    return vg_str_ieq_ascii((vg_str){a.ptr, n}, prefix);
}

bool vg_str_to_long(vg_str s, long *out)
{
    if (s.len == 0 || s.len > 18)
        return false;
    size_t i = 0;
    bool neg = false;
    if (s.ptr[0] == '-' || s.ptr[0] == '+') {
        neg = s.ptr[0] == '-';
        i = 1;
        if (s.len == 1)
            return false;
    }
    long v = 0;
    for (; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        v = v * 10 + (s.ptr[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

uint64_t vg_hash64(const void *p, size_t n, uint64_t seed)
{
    /* FNV-1a with a final avalanche (splitmix64 finaliser). */
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return vg_mix64(h);
}

/* A float times 10^digits (digits <= 4) is exact in a double (24 + 14
 * bits), so rint() of it (round half to even, the default mode) is the
 * correctly rounded decimal that printf writes, at a fraction of its cost
 * (this formats every score of `vigil screen`). Other cases use snprintf. */
size_t vg_fmt_decimal(char *out, size_t cap, float v, int digits)
{
    static const double pow10[] = {1, 10, 100, 1000, 10000};
    char tmp[64];
    int n;
    double a = fabs((double)v);
    if (digits < 1 || digits > 4 || !(a < 1e9)) {
        if (digits < 1 || digits > 9)
            return 0;
        n = snprintf(tmp, sizeof tmp, "%.*f", digits, (double)v);
        if (n <= 0 || (size_t)n >= sizeof tmp)
            return 0;
    } else {
        uint64_t r = (uint64_t)rint(a * pow10[digits]);
        uint64_t ip = r / (uint64_t)pow10[digits], fp = r % (uint64_t)pow10[digits];
        char rev[24];
        int k = 0;
        do {
            rev[k++] = (char)('0' + ip % 10);
            ip /= 10;
        } while (ip);
        n = 0;
        if (signbit(v))
            tmp[n++] = '-';
        while (k)
            tmp[n++] = rev[--k];
        tmp[n++] = '.';
        for (int d = digits - 1; d >= 0; d--) {
            tmp[n + d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        n += digits;
    }
    while (n > 2 && tmp[n - 1] == '0' && tmp[n - 2] != '.')
        n--;
    if (n == 4 && memcmp(tmp, "-0.0", 4) == 0) {
        memcpy(tmp, "0.0", 3);
        n = 3;
    }
    if ((size_t)n >= cap)
        return 0;
    memcpy(out, tmp, (size_t)n);
    out[n] = '\0';
    return (size_t)n;
}

size_t vg_utf8_valid_prefix(const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + need >= n)
            return i;
        unsigned cp = c & (0x3Fu >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return i;
}

vg_status vg_file_read(const vg_allocator *a, const char *path, size_t limit, char **out,
                       size_t *len, vg_err *err)
{
    vg_status rc = VG_OK;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    FILE *f = fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (!f) {
        int e = errno;
        return vg_err_set(err, e == ENOENT ? VG_ENOENT : VG_EIO, path, 0, "cannot open: %s",
                          strerror(e));
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = vg_err_set(err, VG_EIO, path, 0, "is a directory");
        goto out;
    }
    for (;;) {
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 * 2;
            if (ncap > limit + 65536 + 1)
                ncap = limit + 65536 + 1;
            if (ncap <= cap) {
                rc = vg_err_set(err, VG_ELIMIT, path, 0, "file larger than %zu bytes", limit);
                goto out;
            }
            char *nb = vg__realloc(a, buf, cap, ncap);
            if (!nb) {
                rc = vg_err_set(err, VG_ENOMEM, path, 0, "out of memory reading file");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > limit) {
            rc = vg_err_set(err, VG_ELIMIT, path, 0, "file larger than %zu bytes", limit);
            goto out;
        }
        if (got == 0) {
            if (ferror(f)) {
                rc = vg_err_set(err, VG_EIO, path, 0, "read error: %s", strerror(errno));
                goto out;
            }
            break;
        }
    }
    /* Shrink to exactly n + 1 so that the caller frees with len + 1. */
    {
        char *nb = vg__realloc(a, buf, cap, n + 1);
        if (!nb) {
            rc = vg_err_set(err, VG_ENOMEM, path, 0, "out of memory reading file");
            goto out;
        }
        buf = nb;
        cap = n + 1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    if (buf)
        vg__free(a, buf, cap);
    fclose(f);
    return rc;
}
