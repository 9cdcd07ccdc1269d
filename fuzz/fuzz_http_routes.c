/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the request side of `vigil serve` after the HTTP
 * framing: a URL path, a query string, a content type and a body reach
 * the routes (/match, /search, /entities, /catalog, /algorithms and the
 * reconciliation API: manifest, `queries` form bodies, preview, suggest)
 * exactly as http.c hands them over, against a snapshot of the small test
 * lists built once. Input: byte 0 picks the method (bit 0: POST), then
 * PATH NUL QUERY NUL CONTENT-TYPE NUL BODY. Every reply must have an HTTP
 * status and a body that serialises (valid UTF-8 JSON): a client's bytes
 * must never turn into a 500. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

/* http.c and console.c are not linked: the accessors the routes use come
 * from here. */
static vg_srv_config g_cfg;
static vg_srv_metrics g_metrics;
const vg_srv_config *vg_srv_cfg(const vg_srv *s)
{
    (void)s;
    return &g_cfg;
}
/* No store is configured here: record=true must answer 422 and never reach
 * the console, which would need console.c and SQLite. */
struct vg_console *vg_srv_console(vg_srv *s)
{
    (void)s;
    return NULL;
}
vg_status vg_console_with_store(vg_console *c, vg_status (*fn)(vg_store *st, void *ud), void *ud)
{
    (void)c;
    (void)fn;
    (void)ud;
    abort(); /* unreachable without a console: a call is a finding */
}

static vg_srv_snapshot *g_snap;

static void init_once(void)
{
    if (g_snap)
        return;
    json_object_seed(1);
    vg_srv_config_init(&g_cfg);
    g_cfg.open = true;
    snprintf(g_cfg.lists[0], VG_SRV_PATH_MAX, "%s", VIGIL_TEST_DATA "/un/small.xml");
    snprintf(g_cfg.lists[1], VG_SRV_PATH_MAX, "%s", VIGIL_TEST_DATA "/ofac/small");
    g_cfg.n_lists = 2;
    vg_err err;
    if (vg_srv_snapshot_load(&g_cfg, 0, &g_snap, &err))
        abort(); /* the fixtures are part of the repository */
}

/* Next NUL-terminated field of [*p, end) copied into a fresh string. */
static char *field(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nul = memchr(*p, '\0', (size_t)(end - *p));
    size_t n = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, *p, n);
    s[n] = '\0';
    *p += n + (nul ? 1 : 0);
    return s;
}

static bool seg_ok(const char *s)
{
    return *s && !strchr(s, '/');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    init_once();
    const uint8_t *p = data + 1, *end = data + size;
    const char *method = (data[0] & 1) ? "POST" : "GET";
    char *path = field(&p, end);
    char *qs = field(&p, end);
    char *ctype = field(&p, end);
    size_t blen = (size_t)(end - p);
    char *body = malloc(blen + 1);
    if (!body)
        abort();
    memcpy(body, p, blen);
    body[blen] = '\0';

    vg_srv_kv kv[VG_SRV_MAX_PARAMS];
    size_t n = vg_srv_form_parse(qs, kv, VG_SRV_MAX_PARAMS);
    vg_srv_req q = {NULL, g_snap, method, path, kv, n, body, blen,
                    (data[0] & 2) ? NULL : ctype, (data[0] & 4) ? NULL : "localhost:8000", "", &g_metrics};
    vg_srv_reply r;
    memset(&r, 0, sizeof r);
    bool routed = true;
    if (!strcmp(path, "/catalog"))
        vg_srv_route_catalog(&q, &r);
    else if (!strcmp(path, "/algorithms"))
        vg_srv_route_algorithms(&q, &r);
    else if (!strncmp(path, "/match/", 7) && seg_ok(path + 7))
        vg_srv_route_match(&q, path + 7, &r);
    else if (!strncmp(path, "/search/", 8) && seg_ok(path + 8))
        vg_srv_route_search(&q, path + 8, &r);
    else if (!strncmp(path, "/entities/", 10) && seg_ok(path + 10))
        vg_srv_route_entity(&q, path + 10, &r);
    else if (!strncmp(path, "/reconcile/", 11) && path[11])
        vg_srv_route_reconcile(&q, path + 11, &r);
    else
        routed = false;
    if (routed && getenv("VIGIL_FUZZ_TRACE")) /* seed checks: which status each input got */
        fprintf(stderr, "%s %s -> %d\n", method, path, r.status);
    if (routed) {
        if (r.status < 200 || r.status > 599)
            abort();
        if (r.json) {
            char *text = json_dumps(r.json, JSON_COMPACT | JSON_REAL_PRECISION(6));
            if (!text)
                abort(); /* http.c would answer 500: a client's bytes broke the reply */
            free(text);
            json_decref(r.json);
        }
        if (r.status >= 500 && r.status != 503)
            abort();
        free(r.text);
    }
    free(body);
    free(ctype);
    free(qs);
    free(path);
    return 0;
}
