/* SPDX-License-Identifier: Apache-2.0 */
/* Configuration of `vigil serve`: defaults, a `key = value` file format,
 * VIGIL_<KEY> environment variables and the listen address rules. Pure
 * functions over a caller-owned vg_srv_config. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/vg_base.h"
#include "server.h"

#define CONFIG_FILE_MAX (1u * 1024u * 1024u)

void vg_srv_config_init(vg_srv_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8000");
    c->max_connections = 256;
    c->connection_timeout = 30;
    c->max_body = 1024u * 1024u;
    c->max_header_bytes = VG_SRV_MAX_HEADER_DEFAULT;
    c->max_batch = 100;
    c->threshold = VG_DEFAULT_THRESHOLD;
    c->cutoff = VG_SRV_DEFAULT_CUTOFF;
    c->access_log = true;
    c->session_ttl = 28800;
}

/* ---- values ------------------------------------------------------------ */

static bool parse_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
        !strcmp(v, "1")) {
        *out = true;
        return true;
    }
    if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
        !strcmp(v, "0")) {
        *out = false;
        return true;
    }
    return false;
}

static bool parse_ulong(const char *v, unsigned long lo, unsigned long hi, unsigned long *out)
{
    if (!*v || !isdigit((unsigned char)*v))
        return false;
    errno = 0;
    char *end;
    unsigned long x = strtoul(v, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

static bool parse_unit(const char *v, float *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || errno || *end || !(x > 0.0 && x <= 1.0))
        return false;
    *out = (float)x;
    return true;
}

static bool set_path(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap)
        return false;
    memcpy(dst, v, n + 1);
    return true;
}

/* ---- keys -------------------------------------------------------------- */

vg_status vg_srv_config_set(vg_srv_config *c, const char *key, const char *value, vg_err *err)
{
    unsigned long u = 0;
    bool ok = true;
    if (!strcmp(key, "listen")) {
        char host[256];
        unsigned port;
        ok = vg_srv_parse_listen(value, host, sizeof host, &port) &&
             set_path(c->listen, sizeof c->listen, value);
    } else if (!strcmp(key, "list")) {
        ok = c->n_lists < VG_SRV_MAX_LISTS && *value &&
             set_path(c->lists[c->n_lists], VG_SRV_PATH_MAX, value);
        if (ok)
            c->n_lists++;
    } else if (!strcmp(key, "api_keys")) {
        ok = set_path(c->api_keys, sizeof c->api_keys, value);
    } else if (!strcmp(key, "open")) {
        ok = parse_bool(value, &c->open);
    } else if (!strcmp(key, "tls_cert")) {
        ok = set_path(c->tls_cert, sizeof c->tls_cert, value);
    } else if (!strcmp(key, "tls_key")) {
        ok = set_path(c->tls_key, sizeof c->tls_key, value);
    } else if (!strcmp(key, "allow_plain_http")) {
        ok = parse_bool(value, &c->allow_plain_http);
    } else if (!strcmp(key, "public_url")) {
        ok = set_path(c->public_url, sizeof c->public_url, value) && !strchr(value, '"');
    } else if (!strcmp(key, "threads")) {
        ok = parse_ulong(value, 0, 256, &u);
        c->threads = (unsigned)u;
    } else if (!strcmp(key, "max_connections")) {
        ok = parse_ulong(value, 1, 65536, &u);
        c->max_connections = (unsigned)u;
    } else if (!strcmp(key, "connection_timeout")) {
        ok = parse_ulong(value, 1, 3600, &u);
        c->connection_timeout = (unsigned)u;
    } else if (!strcmp(key, "max_body_bytes")) {
        ok = parse_ulong(value, 1024, 256ul * 1024 * 1024, &u);
        c->max_body = (size_t)u;
    } else if (!strcmp(key, "max_header_bytes")) {
        ok = parse_ulong(value, VG_SRV_MAX_HEADER_MIN, VG_SRV_MAX_HEADER_MAX, &u);
        c->max_header_bytes = (size_t)u;
    } else if (!strcmp(key, "max_batch")) {
        ok = parse_ulong(value, 1, 100, &u);
        c->max_batch = (unsigned)u;
    } else if (!strcmp(key, "threshold")) {
        ok = parse_unit(value, &c->threshold);
    } else if (!strcmp(key, "cutoff")) {
        ok = !strcmp(value, "0") || parse_unit(value, &c->cutoff);
        if (!strcmp(value, "0"))
            c->cutoff = 0.0f;
    } else if (!strcmp(key, "metrics_public")) {
        ok = parse_bool(value, &c->metrics_public);
    } else if (!strcmp(key, "access_log")) {
        ok = parse_bool(value, &c->access_log);
    } else if (!strcmp(key, "store")) {
        ok = set_path(c->store, sizeof c->store, value);
    } else if (!strcmp(key, "audit_key")) {
        ok = set_path(c->audit_key, sizeof c->audit_key, value);
    } else if (!strcmp(key, "web_root")) {
        ok = set_path(c->web_root, sizeof c->web_root, value);
    } else if (!strcmp(key, "session_ttl")) {
        ok = parse_ulong(value, 60, 7u * 86400u, &u);
        c->session_ttl = (unsigned)u;
    } else if (!strcmp(key, "retention_interval")) {
        ok = parse_ulong(value, 0, 30u * 86400u, &u);
        c->retention_interval = (unsigned)u;
    } else if (!strcmp(key, "retention_user")) {
        ok = set_path(c->retention_user, sizeof c->retention_user, value);
    } else if (!strcmp(key, "state_dir")) {
        ok = set_path(c->state_dir, sizeof c->state_dir, value);
    } else {
        return vg_err_set(err, VG_EINVAL, NULL, 0, "unknown configuration key '%.64s'", key);
    }
    if (!ok)
        return vg_err_set(err, VG_EINVAL, NULL, 0, "bad value for '%.64s': '%.128s'", key, value);
    return VG_OK;
}

/* ---- file -------------------------------------------------------------- */

vg_status vg_srv_config_parse(vg_srv_config *c, const char *text, size_t len, const char *path,
                              vg_err *err)
{
    vg_status rc = VG_OK;
    long lineno = 0;
    size_t pos = 0;
    char key[64], val[VG_SRV_PATH_MAX];
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        vg_str line = vg_str_trim((vg_str){text + pos, end - pos});
        pos = end + 1;
        if (line.len == 0 || line.ptr[0] == '#')
            continue;
        const char *eq = memchr(line.ptr, '=', line.len);
        if (!eq) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno, "expected 'key = value'");
            goto out;
        }
        vg_str k = vg_str_trim((vg_str){line.ptr, (size_t)(eq - line.ptr)});
        vg_str v = vg_str_trim((vg_str){eq + 1, line.len - (size_t)(eq - line.ptr) - 1});
        if (v.len >= 2 && v.ptr[0] == '"' && v.ptr[v.len - 1] == '"') {
            v.ptr++;
            v.len -= 2;
        }
        if (k.len == 0 || k.len >= sizeof key || v.len >= sizeof val || memchr(v.ptr, '\0', v.len)) {
            rc = vg_err_set(err, VG_EPARSE, path, lineno, "key or value too long or empty");
            goto out;
        }
        memcpy(key, k.ptr, k.len);
        key[k.len] = '\0';
        if (v.len)
            memcpy(val, v.ptr, v.len);
        val[v.len] = '\0';
        vg_err e2;
        vg_err_clear(&e2);
        if (vg_srv_config_set(c, key, val, &e2) != VG_OK) {
            rc = vg_err_set(err, e2.code, path, lineno, "%s", e2.msg);
            goto out;
        }
    }
out:
    return rc;
}

vg_status vg_srv_config_load(vg_srv_config *c, const char *path, vg_err *err)
{
    char *text = NULL;
    size_t len = 0;
    vg_status rc = vg_file_read(NULL, path, CONFIG_FILE_MAX, &text, &len, err);
    if (rc)
        goto out;
    rc = vg_srv_config_parse(c, text, len, path, err);
out:
    if (text)
        vg__free(NULL, text, len + 1);
    return rc;
}

/* ---- environment ------------------------------------------------------- */

static const char *const k_env_keys[] = {
    "listen", "api_keys", "open", "tls_cert", "tls_key", "allow_plain_http", "public_url",
    "threads", "max_connections", "connection_timeout", "max_body_bytes", "max_header_bytes",
    "max_batch",
    "threshold", "cutoff", "metrics_public", "access_log", "store", "audit_key", "web_root",
    "session_ttl", "retention_interval", "retention_user", "state_dir"};

vg_status vg_srv_config_env(vg_srv_config *c, const char *(*getenv_fn)(const char *), vg_err *err)
{
    char name[80];
    for (size_t i = 0; i < sizeof k_env_keys / sizeof k_env_keys[0]; i++) {
        size_t n = 0;
        n += (size_t)snprintf(name, sizeof name, "VIGIL_");
        for (const char *p = k_env_keys[i]; *p && n + 1 < sizeof name; p++)
            name[n++] = (char)toupper((unsigned char)*p);
        name[n] = '\0';
        const char *v = getenv_fn(name);
        if (!v)
            continue;
        vg_err e2;
        vg_err_clear(&e2);
        if (vg_srv_config_set(c, k_env_keys[i], v, &e2))
            return vg_err_set(err, e2.code, name, 0, "%s", e2.msg);
    }
    const char *lists = getenv_fn("VIGIL_LIST");
    if (lists && *lists) {
        char buf[VG_SRV_PATH_MAX];
        c->n_lists = 0; /* the environment replaces the file's lists */
        const char *p = lists;
        while (*p) {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n >= sizeof buf)
                return vg_err_set(err, VG_EINVAL, "VIGIL_LIST", 0, "path too long");
            memcpy(buf, p, n);
            buf[n] = '\0';
            if (n && vg_srv_config_set(c, "list", buf, err))
                return VG_EINVAL;
            p += n + (e ? 1 : 0);
        }
    }
    return VG_OK;
}

/* ---- listen address ---------------------------------------------------- */

bool vg_srv_parse_listen(const char *listen, char *host, size_t hcap, unsigned *port)
{
    const char *colon = NULL;
    const char *h = listen;
    size_t hlen;
    if (listen[0] == '[') {
        const char *rb = strchr(listen, ']');
        if (!rb || rb[1] != ':')
            return false;
        h = listen + 1;
        hlen = (size_t)(rb - h);
        colon = rb + 1;
    } else {
        colon = strrchr(listen, ':');
        if (!colon)
            return false;
        hlen = (size_t)(colon - listen);
        if (memchr(listen, ':', hlen))
            return false; /* bare IPv6 needs brackets */
    }
    unsigned long p;
    if (hlen == 0 || hlen >= hcap || !parse_ulong(colon + 1, 0, 65535, &p))
        return false;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    *port = (unsigned)p;
    return true;
}

bool vg_srv_host_is_loopback(const char *host)
{
    if (!strcasecmp(host, "localhost") || !strcmp(host, "::1"))
        return true;
    unsigned a, b, c, d;
    char tail;
    if (sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4)
        return a == 127 && b < 256 && c < 256 && d < 256;
    return false;
}
