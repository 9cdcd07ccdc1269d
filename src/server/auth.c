/* SPDX-License-Identifier: Apache-2.0 */
/* API keys of `vigil serve`: the keys file (name, roles, salted SHA-256),
 * checking a presented key in constant time per entry, and producing new
 * key-file lines. Keys are random 256-bit tokens, so a salted fast hash is
 * enough (a slow password hash would cost milliseconds on every request). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "base/vg_base.h"
#include "server.h"

#define KEYS_MAX 4096

bool vg_srv_roles_parse(const char *s, size_t len, unsigned *roles)
{
    *roles = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ',')
            j++;
        vg_str r = vg_str_trim((vg_str){s + i, j - i});
        if (vg_str_eqc(r, "screen"))
            *roles |= VG_SRV_ROLE_SCREEN;
        else if (vg_str_eqc(r, "admin"))
            *roles |= VG_SRV_ROLE_ADMIN;
        else
            return false;
        i = j + 1;
    }
    return *roles != 0;
}

static bool unhex(vg_str s, uint8_t *out, size_t n)
{
    if (s.len != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s.ptr[2 * i + (size_t)k];
            int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
            if (d < 0)
                return false;
            v = v * 16 + d;
        }
        out[i] = (uint8_t)v;
    }
    return true;
}

static void hash_key(const uint8_t salt[16], const char *secret, size_t len, uint8_t out[32])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, salt, 16);
    crypto_hash_sha256_update(&st, (const unsigned char *)secret, len);
    crypto_hash_sha256_final(&st, out);
}

/* Next whitespace-separated field of line; advances *p. */
static vg_str field(vg_str line, size_t *p)
{
    while (*p < line.len && isspace((unsigned char)line.ptr[*p]))
        (*p)++;
    size_t s = *p;
    while (*p < line.len && !isspace((unsigned char)line.ptr[*p]))
        (*p)++;
    return (vg_str){line.ptr + s, *p - s};
}

vg_status vg_srv_keys_parse(const char *text, size_t len, const char *path, vg_srv_keys *out,
                            vg_err *err)
{
    vg_status rc = VG_OK;
    vg_srv_key *v = NULL;
    size_t n = 0, cap = 0, pos = 0;
    long lineno = 0;
    out->v = NULL;
    out->n = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        vg_str line = vg_str_trim((vg_str){text + pos, end - pos});
        pos = end + 1;
        if (line.len == 0 || line.ptr[0] == '#')
            continue;
        size_t p = 0;
        vg_str name = field(line, &p), roles = field(line, &p), hash = field(line, &p);
        vg_str extra = field(line, &p);
        if (!hash.len || extra.len) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno, "expected 'NAME ROLES sha256$SALT$HASH'");
            goto out;
        }
        if ((rc = vg__grow(NULL, (void **)&v, &cap, n + 1, sizeof *v, KEYS_MAX))) {
            vg_err_set(err, rc, path, lineno, "too many keys");
            goto out;
        }
        vg_srv_key *k = &v[n];
        memset(k, 0, sizeof *k);
        if (name.len == 0 || name.len >= sizeof k->name) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno, "key name empty or too long");
            goto out;
        }
        memcpy(k->name, name.ptr, name.len);
        if (!vg_srv_roles_parse(roles.ptr, roles.len, &k->roles)) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno, "roles must be screen and/or admin");
            goto out;
        }
        if (hash.len != 7 + 32 + 1 + 64 || memcmp(hash.ptr, "sha256$", 7) != 0 ||
            hash.ptr[7 + 32] != '$' || !unhex((vg_str){hash.ptr + 7, 32}, k->salt, 16) ||
            !unhex((vg_str){hash.ptr + 7 + 33, 64}, k->hash, 32)) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno,
                            "hash must be sha256$<32 hex salt>$<64 hex digest>");
            goto out;
        }
        n++;
    }
    out->v = v;
    out->n = n;
    v = NULL;
out:
    free(v);
    return rc;
}

void vg_srv_keys_fini(vg_srv_keys *k)
{
    if (!k)
        return;
    if (k->v)
        sodium_memzero(k->v, k->n * sizeof *k->v);
    free(k->v);
    k->v = NULL;
    k->n = 0;
}

const vg_srv_key *vg_srv_keys_check(const vg_srv_keys *k, const char *secret, size_t len)
{
    const vg_srv_key *found = NULL;
    if (!k || !secret || len == 0 || len > 512)
        return NULL;
    for (size_t i = 0; i < k->n; i++) {
        uint8_t h[32];
        hash_key(k->v[i].salt, secret, len, h);
        if (sodium_memcmp(h, k->v[i].hash, 32) == 0 && !found)
            found = &k->v[i];
    }
    return found;
}

vg_status vg_srv_key_line(const char *name, const char *roles, const char *secret, size_t len,
                          char *out, size_t cap)
{
    unsigned r;
    if (!name || !*name || strlen(name) >= 64 || strpbrk(name, " \t\r\n#") || !roles ||
        !vg_srv_roles_parse(roles, strlen(roles), &r) || strpbrk(roles, " \t") || len == 0 ||
        len > 512)
        return VG_EINVAL;
    if (sodium_init() < 0)
        return VG_EINTERNAL;
    uint8_t salt[16], h[32];
    char sx[33], hx[65];
    randombytes_buf(salt, sizeof salt);
    hash_key(salt, secret, len, h);
    sodium_bin2hex(sx, sizeof sx, salt, sizeof salt);
    sodium_bin2hex(hx, sizeof hx, h, sizeof h);
    int n = snprintf(out, cap, "%s %s sha256$%s$%s", name, roles, sx, hx);
    return (n < 0 || (size_t)n >= cap) ? VG_ELIMIT : VG_OK;
}

bool vg_srv_auth_parse(const char *header, const char **key, size_t *len)
{
    if (!header)
        return false;
    size_t skip;
    if (!strncasecmp(header, "ApiKey ", 7))
        skip = 7;
    else if (!strncasecmp(header, "Bearer ", 7))
        skip = 7;
    else
        return false;
    vg_str k = vg_str_trim(vg_str_c(header + skip));
    if (k.len == 0)
        return false;
    *key = k.ptr;
    *len = k.len;
    return true;
}
