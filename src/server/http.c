/* SPDX-License-Identifier: Apache-2.0 */
/* The libmicrohttpd front end of `vigil serve`: startup checks (loopback,
 * TLS, keys), the accepting thread and the worker daemons, request bodies with a size cap,
 * routing and API-key roles, the JSON access log, metrics, signal handling
 * (SIGHUP reloads, SIGTERM/SIGINT drain and stop) and snapshot swaps.
 * Signals are taken synchronously with sigtimedwait(), so no global state;
 * its tick also writes the access log lines the workers hold. */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/vg_base.h"
#include "server.h"

#define MAX_ARGS 256
#define DRAIN_SECONDS 10
/* The access log lines of a worker are written together, up to PIPE_BUF
 * bytes at a time (so that one write() of whole lines stays atomic when
 * stderr is a pipe, as one line per write() was), and none waits longer
 * than about LOG_FLUSH_MS: a write() per request was a system call per
 * request, and the two workers appending to the same file contended for
 * its inode lock. A graceful stop writes every line first. */
#define LOG_BUF 4096
#define LOG_FLUSH_MS 100

/* One MHD daemon with one thread. The acceptor hands each new connection
 * to the worker holding the fewest: MHD's own thread pool lets whichever
 * worker wakes first accept (up to ten in a row), which left 22 of 32
 * keep-alive connections on one worker and 10 on the other in some runs,
 * so that a request on the busier one queued behind about twice as many
 * (measured: the split; the latency effect drowned in this VM's noise). */
typedef struct worker {
    struct MHD_Daemon *d;
    /* connections it holds: +1 when the acceptor hands one over, -1 when
     * MHD closes one it started. Only steers the choice (a connection MHD
     * drops before starting it, out of memory, leaves it one high). */
    atomic_int conns;
    vg_srv *s;
    pthread_mutex_t log_mu; /* guards log, log_len and log_first */
    double log_first;       /* now_mono() of the oldest line waiting */
    size_t log_len;
    char log[LOG_BUF]; /* whole access log lines not yet written */
    /* the worker's own (no lock): the text of its access log line, and
     * its time stamp's date and time of day, formatted once a second */
    vg_srv_jw line;
    time_t ts_sec;
    size_t ts_len;
    char ts_head[32];
    /* its own counters, on cache lines no other thread writes: the two
     * workers adding to shared ones moved those lines between the cores on
     * every request (summed at a /metrics scrape) */
    _Alignas(64) vg_srv_metrics metrics;
    _Alignas(64) atomic_int in_flight; /* its requests begun, not completed */
} worker;

struct vg_srv {
    vg_srv_config cfg;
    pthread_mutex_t snap_mu; /* guards snap (pointer swap and reference) */
    vg_srv_snapshot *snap;
    pthread_mutex_t reload_mu; /* one reload at a time */
    uint64_t generation;
    vg_srv_metrics metrics; /* reloads, key failures; requests count in each worker's */
    char *tls_cert, *tls_key; /* PEM text */
    size_t tls_cert_len, tls_key_len;
    double started;
    atomic_bool draining;
    vg_console *console; /* NULL without `store` */
    worker *workers;     /* n_workers, each with its MHD daemon */
    unsigned n_workers;
    int lsock;           /* the listening socket, -1 when closed */
    pthread_t acceptor;
    bool acceptor_running;
};

/* Per-request state, from the first callback to the completion callback. */
typedef struct conn_state {
    double t0;
    char *body;
    size_t len, cap;
    bool too_big;
    bool answered;
} conn_state;

const vg_srv_config *vg_srv_cfg(const vg_srv *s)
{
    return &s->cfg;
}

vg_console *vg_srv_console(vg_srv *s)
{
    return s->console;
}

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------ */
/* Logging: one JSON object per line on stderr, written with one write()    */
/* ------------------------------------------------------------------------ */

/* The log's time stamp: UTC, milliseconds, e.g. 2026-11-28T15:17:55.399Z */
static void log_time(char ts[40])
{
    struct timespec now;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    size_t n = strftime(ts, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + n, 40 - n, ".%03ldZ", now.tv_nsec / 1000000L);
}

/* v in decimal into t (at least 10 bytes, not terminated); the length. */
static size_t put_dec(char *t, unsigned v)
{
    char d[10];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(t, d + i, sizeof d - i);
    return sizeof d - i;
}

/* log_time() for the access log of worker wk: strftime() and gmtime_r()
 * once a second instead of once a request. */
static void worker_log_time(worker *wk, char ts[40])
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (now.tv_sec != wk->ts_sec || !wk->ts_len) {
        struct tm tm;
        gmtime_r(&now.tv_sec, &tm);
        wk->ts_len = strftime(wk->ts_head, sizeof wk->ts_head, "%Y-%m-%dT%H:%M:%S", &tm);
        wk->ts_sec = now.tv_sec;
    }
    long ms = now.tv_nsec / 1000000L;
    memcpy(ts, wk->ts_head, wk->ts_len);
    char *t = ts + wk->ts_len;
    *t++ = '.';
    *t++ = (char)('0' + ms / 100);
    *t++ = (char)('0' + ms / 10 % 10);
    *t++ = (char)('0' + ms % 10);
    *t++ = 'Z';
    *t = '\0';
}

/* Writes all of p to stderr; a log that cannot be written is dropped. */
static void write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* Writes the lines w holds. Caller holds w->log_mu. */
static void log_flush_locked(worker *w)
{
    write_all(w->log, w->log_len);
    w->log_len = 0;
}

/* Adds one line (with its newline) to w's lines, writing them first when
 * it would not fit or the oldest has waited LOG_FLUSH_MS; a line longer
 * than the buffer is written alone. now: now_mono(). */
static void log_append(worker *w, const char *line, size_t len, double now)
{
    pthread_mutex_lock(&w->log_mu);
    if (w->log_len && (w->log_len + len > LOG_BUF || now - w->log_first >= LOG_FLUSH_MS / 1e3))
        log_flush_locked(w);
    if (len > LOG_BUF) {
        write_all(line, len);
    } else {
        if (!w->log_len)
            w->log_first = now;
        memcpy(w->log + w->log_len, line, len);
        w->log_len += len;
    }
    pthread_mutex_unlock(&w->log_mu);
}

/* Writes every worker's waiting lines: every LOG_FLUSH_MS from the main
 * thread, and after the workers stopped. */
static void log_flush_all(vg_srv *s);

static void log_json(json_t *o)
{
    char ts[40];
    log_time(ts);
    json_object_set_new(o, "ts", json_string(ts));
    char *line = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (!line)
        return;
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; write exactly len + 1 bytes */
    ssize_t w = write(STDERR_FILENO, line, len + 1);
    (void)w;
    free(line);
}

/* Client-controlled text in the log: printable ASCII only, bounded. */
static void safe_copy(char *buf, size_t cap, const char *s, size_t max)
{
    size_t n = 0;
    if (max >= cap)
        max = cap - 1;
    for (; s && *s && n < max; s++)
        buf[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    buf[n] = '\0';
}

static json_t *safe_text(const char *s, size_t max)
{
    char buf[512];
    safe_copy(buf, sizeof buf, s, max);
    return json_string(buf);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    log_json(json_pack("{s:s,s:o}", "event", "mhd", "message", safe_text(msg, 400)));
}

/* ------------------------------------------------------------------------ */
/* Snapshots                                                                */
/* ------------------------------------------------------------------------ */

static vg_srv_snapshot *snap_acquire(vg_srv *s)
{
    pthread_mutex_lock(&s->snap_mu);
    vg_srv_snapshot *snap = s->snap;
    vg_srv_snapshot_ref(snap);
    pthread_mutex_unlock(&s->snap_mu);
    return snap;
}

static json_t *lists_json(const vg_srv_snapshot *snap)
{
    json_t *a = json_array();
    for (size_t i = 0; i < snap->n_lists; i++)
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:i}", "dataset",
                         vg_srv_dataset_of_source(vg_list_source(snap->lists[i])), "version",
                         vg_list_version(snap->lists[i]), "path", vg_list_path(snap->lists[i]),
                         "entities", (json_int_t)vg_list_count(snap->lists[i])));
    return a;
}

vg_status vg_srv_reload(vg_srv *s, char *why, size_t cap)
{
    vg_err err;
    vg_err_clear(&err);
    vg_srv_snapshot *ns = NULL;
    pthread_mutex_lock(&s->reload_mu);
    vg_status rc = vg_srv_snapshot_load(&s->cfg, s->generation + 1, &ns, &err);
    if (rc) {
        vg_err_format(&err, why, cap);
        atomic_fetch_add(&s->metrics.reloads_failed, 1);
        log_json(json_pack("{s:s,s:b,s:s}", "event", "reload", "ok", 0, "error", why));
    } else {
        s->generation++;
        pthread_mutex_lock(&s->snap_mu);
        vg_srv_snapshot *old = s->snap;
        s->snap = ns;
        pthread_mutex_unlock(&s->snap_mu);
        vg_srv_snapshot_unref(old); /* requests still holding it finish on it */
        atomic_fetch_add(&s->metrics.reloads_ok, 1);
        log_json(json_pack("{s:s,s:b,s:I,s:f,s:o}", "event", "reload", "ok", 1, "generation",
                           (json_int_t)ns->generation, "load_seconds", ns->load_seconds, "lists",
                           lists_json(ns)));
        snprintf(why, cap, "ok");
    }
    pthread_mutex_unlock(&s->reload_mu);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                  */
/* ------------------------------------------------------------------------ */

typedef enum need { NEED_NONE = 0, NEED_SCREEN, NEED_METRICS, NEED_ADMIN } need;

typedef struct route {
    vg_srv_endpoint ep;
    need role;
    const char *allow; /* methods */
    const char *arg;   /* the path segment after the prefix, or NULL */
} route;

static bool seg_ok(const char *s)
{
    return *s && !strchr(s, '/');
}

static route find_route(const char *path)
{
    route r = {VG_EP_OTHER, NEED_NONE, NULL, NULL};
    if (!strcmp(path, "/healthz"))
        r = (route){VG_EP_HEALTHZ, NEED_NONE, "GET", NULL};
    else if (!strcmp(path, "/readyz"))
        r = (route){VG_EP_READYZ, NEED_NONE, "GET", NULL};
    else if (!strcmp(path, "/openapi.json"))
        r = (route){VG_EP_OPENAPI, NEED_NONE, "GET", NULL};
    else if (!strcmp(path, "/metrics"))
        r = (route){VG_EP_METRICS, NEED_METRICS, "GET", NULL};
    else if (!strcmp(path, "/catalog") || !strcmp(path, "/manifest"))
        r = (route){VG_EP_CATALOG, NEED_SCREEN, "GET", NULL};
    else if (!strcmp(path, "/algorithms"))
        r = (route){VG_EP_ALGORITHMS, NEED_SCREEN, "GET", NULL};
    else if (!strncmp(path, "/match/", 7) && seg_ok(path + 7))
        r = (route){VG_EP_MATCH, NEED_SCREEN, "POST", path + 7};
    else if (!strncmp(path, "/search/", 8) && seg_ok(path + 8))
        r = (route){VG_EP_SEARCH, NEED_SCREEN, "GET", path + 8};
    else if (!strncmp(path, "/entities/", 10) && seg_ok(path + 10))
        r = (route){VG_EP_ENTITIES, NEED_SCREEN, "GET", path + 10};
    else if (!strncmp(path, "/reconcile/", 11) && path[11])
        r = (route){VG_EP_RECONCILE, NEED_SCREEN, "GET, POST", path + 11};
    else if (!strcmp(path, "/admin/reload") || !strcmp(path, "/updatez"))
        r = (route){VG_EP_ADMIN, NEED_ADMIN, "POST", NULL};
    return r;
}

static bool method_allowed(const char *allow, const char *method)
{
    if (!strcmp(method, "HEAD"))
        method = "GET";
    size_t n = strlen(method);
    for (const char *p = allow; (p = strstr(p, method)) != NULL; p += n)
        if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

typedef struct args_ctx {
    vg_srv_kv kv[MAX_ARGS];
    size_t n;
    bool overflow;
} args_ctx;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    args_ctx *a = cls;
    if (a->n >= MAX_ARGS) {
        a->overflow = true;
        return MHD_NO;
    }
    a->kv[a->n].key = key ? key : "";
    a->kv[a->n].value = value ? value : "";
    a->n++;
    return MHD_YES;
}

/* Checks the API key; fills r and returns false when refused. */
static bool authorize(vg_srv *s, const vg_srv_snapshot *snap, struct MHD_Connection *c, route rt,
                      const args_ctx *args, vg_srv_reply *r, char key_name[64])
{
    if (s->cfg.open || rt.role == NEED_NONE || (rt.role == NEED_METRICS && s->cfg.metrics_public))
        return true;
    const char *secret = NULL;
    size_t len = 0;
    const char *hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    bool have = vg_srv_auth_parse(hdr, &secret, &len);
    if (!have && rt.ep == VG_EP_RECONCILE) {
        /* OpenRefine cannot send headers: the reconciliation API also takes
         * ?api_key=, as yente's service paths carry the caller's query */
        secret = vg_srv_kv_get(args->kv, args->n, "api_key");
        len = secret ? strlen(secret) : 0;
        have = len > 0;
    }
    if (!have) {
        atomic_fetch_add(&s->metrics.auth_failures, 1);
        vg_srv_reply_detail(r, 401, "No API key provided.");
        r->www_auth = true;
        return false;
    }
    const vg_srv_key *k = vg_srv_keys_check(&snap->keys, secret, len);
    if (!k) {
        atomic_fetch_add(&s->metrics.auth_failures, 1);
        vg_srv_reply_detail(r, 401, "Invalid API key.");
        r->www_auth = true;
        return false;
    }
    /* copied: the snapshot holding k may be gone before the access log */
    snprintf(key_name, 64, "%s", k->name);
    unsigned need_bits = rt.role == NEED_ADMIN ? VG_SRV_ROLE_ADMIN : VG_SRV_ROLE_SCREEN;
    if (rt.role == NEED_METRICS)
        need_bits = VG_SRV_ROLE_SCREEN | VG_SRV_ROLE_ADMIN;
    if (!(k->roles & need_bits)) {
        vg_srv_reply_detail(r, 403, rt.role == NEED_ADMIN ? "This API key lacks the admin role."
                                                          : "This API key lacks the screen role.");
        return false;
    }
    return true;
}

static void route_admin(vg_srv *s, vg_srv_reply *r)
{
    char why[1024];
    if (vg_srv_reload(s, why, sizeof why) != VG_OK) {
        char msg[1200];
        snprintf(msg, sizeof msg, "Reload failed, the previous lists keep serving: %s", why);
        msg[vg_utf8_valid_prefix(msg, strlen(msg))] = '\0';
        vg_srv_reply_json(r, 500, json_pack("{s:s,s:s}", "status", "error", "detail", msg));
        return;
    }
    vg_srv_snapshot *snap = snap_acquire(s);
    vg_srv_reply_json(r, 200, json_pack("{s:s,s:I,s:f,s:o}", "status", "ok", "generation",
                                        (json_int_t)snap->generation, "load_seconds",
                                        snap->load_seconds, "lists", lists_json(snap)));
    vg_srv_snapshot_unref(snap);
}

/* /metrics: the server's counters and every worker's, added up. */
static char *metrics_text(vg_srv *s, const vg_srv_snapshot *snap)
{
    const vg_srv_metrics **ms = malloc((1 + s->n_workers) * sizeof *ms);
    if (!ms)
        return NULL;
    size_t n = 0;
    ms[n++] = &s->metrics;
    for (unsigned i = 0; i < s->n_workers; i++)
        ms[n++] = &s->workers[i].metrics;
    char *text = vg_srv_metrics_text(ms, n, snap, now_mono() - s->started);
    free(ms);
    return text;
}

static void dispatch(worker *wk, struct MHD_Connection *c, const char *method, const char *path,
                     conn_state *st, args_ctx *args, route rt, vg_srv_reply *r,
                     char key_name[64])
{
    vg_srv *s = wk->s;
    vg_srv_snapshot *snap = NULL;
    if (args->overflow) {
        vg_srv_reply_detail(r, 422, "Too many query parameters.");
        goto out;
    }
    if (!strcmp(path, "/") && method_allowed("GET", method)) {
        vg_srv_reply_json(r, 200, json_pack("{s:s,s:s,s:s}", "name", "vigil", "version",
                                            vg_version(), "openapi", "/openapi.json"));
        goto out;
    }
    if (!rt.allow) {
        vg_srv_reply_detail(r, 404, "Not Found");
        goto out;
    }
    if (!method_allowed(rt.allow, method)) {
        vg_srv_reply_detail(r, 405, "Method Not Allowed");
        r->allow = rt.allow;
        goto out;
    }
    snap = snap_acquire(s);
    if (!authorize(s, snap, c, rt, args, r, key_name))
        goto out;
    vg_srv_req q = {s,
                    snap,
                    method,
                    path,
                    args->kv,
                    args->n,
                    st->body ? st->body : "",
                    st->len,
                    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
                    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
                    key_name,
                    &wk->metrics};
    switch (rt.ep) {
    case VG_EP_HEALTHZ:
        vg_srv_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
        break;
    case VG_EP_READYZ:
        if (atomic_load(&s->draining))
            vg_srv_reply_detail(r, 503, "Shutting down.");
        else
            vg_srv_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
        break;
    case VG_EP_OPENAPI:
        r->status = 200;
        r->static_body = vg_srv_openapi_json;
        r->static_len = vg_srv_openapi_json_len;
        r->content_type = "application/json";
        break;
    case VG_EP_METRICS:
        r->status = 200;
        r->text = metrics_text(s, snap);
        r->text_len = r->text ? strlen(r->text) : 0;
        r->content_type = "text/plain; version=0.0.4; charset=utf-8";
        if (!r->text)
            vg_srv_reply_json(r, 500, NULL);
        break;
    case VG_EP_CATALOG:
        vg_srv_route_catalog(&q, r);
        break;
    case VG_EP_ALGORITHMS:
        vg_srv_route_algorithms(&q, r);
        break;
    case VG_EP_MATCH:
        vg_srv_route_match(&q, rt.arg, r);
        break;
    case VG_EP_SEARCH:
        vg_srv_route_search(&q, rt.arg, r);
        break;
    case VG_EP_ENTITIES:
        vg_srv_route_entity(&q, rt.arg, r);
        break;
    case VG_EP_RECONCILE:
        vg_srv_route_reconcile(&q, rt.arg, r);
        break;
    case VG_EP_ADMIN:
        vg_srv_snapshot_unref(snap);
        snap = NULL;
        route_admin(s, r);
        break;
    default:
        vg_srv_reply_detail(r, 404, "Not Found");
        break;
    }
out:
    vg_srv_snapshot_unref(snap);
}

/* The access log line of one request, as log_json() would write it (keys
 * sorted, same number formats) but without a jansson object per request:
 * it ran once per request and cost as much as the rest of the reply. */
static void log_request(worker *wk, double now, const char *method, const char *path,
                        const char *endpoint, int status, double ms, size_t in, size_t out,
                        int queries, const char *key, const char *remote)
{
    char ts[40], text[512];
    worker_log_time(wk, ts);
    vg_srv_jw w = wk->line; /* its buffer, reused from line to line */
    vg_srv_jw_rewind(&w, 0);
    w.rc = VG_OK; /* a line that failed does not stop the next */
    VG_SRV_JW_LIT(&w, "{\"bytes_in\":");
    vg_srv_jw_int(&w, (long long)in);
    VG_SRV_JW_LIT(&w, ",\"bytes_out\":");
    vg_srv_jw_int(&w, (long long)out);
    VG_SRV_JW_LIT(&w, ",\"duration_ms\":");
    vg_srv_jw_real(&w, ms);
    VG_SRV_JW_LIT(&w, ",\"endpoint\":");
    bool ok = vg_srv_jw_str(&w, endpoint);
    VG_SRV_JW_LIT(&w, ",\"event\":\"request\",\"key\":");
    if (key)
        ok = ok && vg_srv_jw_str(&w, key);
    else
        VG_SRV_JW_LIT(&w, "null");
    VG_SRV_JW_LIT(&w, ",\"method\":");
    safe_copy(text, sizeof text, method, 16);
    vg_srv_jw_str(&w, text);
    VG_SRV_JW_LIT(&w, ",\"path\":");
    safe_copy(text, sizeof text, path, 256);
    vg_srv_jw_str(&w, text);
    VG_SRV_JW_LIT(&w, ",\"queries\":");
    vg_srv_jw_int(&w, queries);
    VG_SRV_JW_LIT(&w, ",\"remote\":");
    ok = ok && vg_srv_jw_str(&w, remote);
    VG_SRV_JW_LIT(&w, ",\"status\":");
    vg_srv_jw_int(&w, status);
    VG_SRV_JW_LIT(&w, ",\"ts\":");
    vg_srv_jw_str(&w, ts);
    VG_SRV_JW_LIT(&w, "}\n");
    if (!w.rc && ok) /* a value json_pack() refused meant no line */
        log_append(wk, w.b.ptr, w.b.len, now);
    wk->line = w;
}

/* ------------------------------------------------------------------------ */
/* Responses                                                                */
/* ------------------------------------------------------------------------ */

static enum MHD_Result send_reply(worker *wk, struct MHD_Connection *c, const char *method,
                                  const char *path, conn_state *st, vg_srv_endpoint ep,
                                  vg_srv_reply *r, const char *key_name)
{
    vg_srv *s = wk->s;
    struct MHD_Response *resp = NULL;
    size_t out_len = 0;
    if (r->json) {
        char *text = json_dumps(r->json, JSON_COMPACT | JSON_REAL_PRECISION(6));
        json_decref(r->json);
        r->json = NULL;
        if (!text) {
            static const char oom[] = "{\"status\":\"error\"}";
            r->status = 500;
            r->static_body = oom;
            r->static_len = sizeof oom - 1;
        } else {
            free(r->text);
            r->text = text;
            r->text_len = strlen(text);
        }
        if (!r->content_type)
            r->content_type = "application/json";
    }
    if (r->text) {
        resp = MHD_create_response_from_buffer(r->text_len, r->text, MHD_RESPMEM_MUST_FREE);
        out_len = r->text_len;
        if (resp)
            r->text = NULL;
    } else {
        resp = MHD_create_response_from_buffer(r->static_len, (void *)(uintptr_t)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
        out_len = r->static_len;
    }
    free(r->text);
    r->text = NULL;
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "application/json");
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (r->batch > 0) {
        char b[24];
        b[put_dec(b, (unsigned)r->batch)] = '\0';
        MHD_add_response_header(resp, "x-batch-size", b);
    }
    if (r->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->www_auth)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "ApiKey");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    st->answered = true;
    double now = now_mono(), dt = now - st->t0;
    vg_srv_metrics_observe(&wk->metrics, ep, r->status, dt);
    if (s->cfg.access_log) {
        char addr[INET6_ADDRSTRLEN] = "";
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET) { /* as inet_ntop(): a.b.c.d */
                const unsigned char *a =
                    (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
                size_t n = 0;
                for (int k = 0; k < 4; k++) {
                    if (k)
                        addr[n++] = '.';
                    n += put_dec(addr + n, a[k]);
                }
                addr[n] = '\0';
            }
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                          addr, sizeof addr);
        }
        /* Never the query string (reconciliation keys may be in it) nor
         * any header: only the key's name from the keys file. */
        log_request(wk, now, method, path, vg_srv_endpoint_name(ep), r->status, dt * 1000.0,
                    st->len, out_len, r->batch, key_name, addr);
    }
    return ret;
}

/* ------------------------------------------------------------------------ */
/* libmicrohttpd callbacks                                                  */
/* ------------------------------------------------------------------------ */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    worker *wk = cls;
    vg_srv *s = wk->s;
    conn_state *st = *con_cls;
    vg_srv_reply r;
    memset(&r, 0, sizeof r);
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        st->t0 = now_mono();
        *con_cls = st;
        atomic_fetch_add(&wk->in_flight, 1);
        /* A head over max_header_bytes still fitted the memory pool (its
         * reserve): refused here, while the reply's headers fit too. One
         * that does not fit the pool gets libmicrohttpd's own 431. */
        const union MHD_ConnectionInfo *hs =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (hs && hs->header_size > s->cfg.max_header_bytes) {
            st->too_big = true;
            vg_srv_reply_detail(&r, 431, "Request header fields too large.");
            return send_reply(wk, c, method, url, st, find_route(url).ep, &r, NULL);
        }
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || *end || n > s->cfg.max_body)
                st->too_big = true;
        }
        if (!st->too_big)
            return MHD_YES;
        /* Refuse before reading the body (no 100 Continue is sent). */
        vg_srv_reply_detail(&r, 413, "Request body too large.");
        return send_reply(wk, c, method, url, st, find_route(url).ep, &r, NULL);
    }
    if (st->answered) {
        *upload_size = 0; /* discard the rest of a refused body */
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (st->too_big || st->len + n > s->cfg.max_body) {
            st->too_big = true;
            free(st->body);
            st->body = NULL;
            st->len = st->cap = 0;
            return MHD_YES;
        }
        if (st->len + n + 1 > st->cap) {
            size_t cap = st->cap ? st->cap : 4096;
            while (cap < st->len + n + 1)
                cap *= 2;
            char *nb = realloc(st->body, cap);
            if (!nb)
                return MHD_NO;
            st->body = nb;
            st->cap = cap;
        }
        memcpy(st->body + st->len, upload, n);
        st->len += n;
        st->body[st->len] = '\0';
        return MHD_YES;
    }
    if (s->console && vg_console_owns(url) && !st->too_big) {
        int status = 500; /* the console answers with its own session auth */
        enum MHD_Result ret = (enum MHD_Result)vg_console_handle(s->console, c, method, url,
                                                                 st->body, st->len, &status);
        st->answered = true;
        double dt = now_mono() - st->t0;
        vg_srv_metrics_observe(&wk->metrics, VG_EP_OTHER, status, dt);
        if (s->cfg.access_log) /* never the cookie, a header or the query string */
            log_json(json_pack("{s:s,s:o,s:o,s:s,s:i,s:f}", "event", "request", "method",
                               safe_text(method, 16), "path", safe_text(url, 256), "endpoint",
                               "console", "status", status, "duration_ms", dt * 1000.0));
        return ret;
    }
    route rt = find_route(url);
    char key_name[64] = "";
    if (st->too_big) {
        vg_srv_reply_detail(&r, 413, "Request body too large.");
    } else {
        args_ctx *args = malloc(sizeof *args);
        if (!args)
            return MHD_NO;
        args->n = 0;
        args->overflow = false;
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, args);
        dispatch(wk, c, method, url, st, args, rt, &r, key_name);
        enum MHD_Result ret =
            send_reply(wk, c, method, url, st, rt.ep, &r, key_name[0] ? key_name : NULL);
        free(args);
        return ret;
    }
    return send_reply(wk, c, method, url, st, rt.ep, &r, NULL);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    worker *wk = cls;
    conn_state *st = *con_cls;
    if (!st)
        return;
    free(st->body);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&wk->in_flight, 1);
}

/* ------------------------------------------------------------------------ */
/* Listening and handing connections to the workers                         */
/* ------------------------------------------------------------------------ */

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)c;
    worker *w = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        *socket_context = w; /* CLOSED comes only after STARTED; marked anyway */
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context)
        atomic_fetch_sub_explicit(&w->conns, 1, memory_order_relaxed);
}

/* The worker holding the fewest connections; ties go round-robin from
 * *next, so that a burst the workers have not started yet is spread.
 * *total gets the connections of all. */
static worker *least_loaded(vg_srv *s, unsigned *next, long *total)
{
    worker *best = NULL;
    int least = 0;
    *total = 0;
    for (unsigned k = 0; k < s->n_workers; k++) {
        worker *w = &s->workers[(*next + k) % s->n_workers];
        int n = atomic_load_explicit(&w->conns, memory_order_relaxed);
        *total += n;
        if (!best || n < least) {
            best = w;
            least = n;
        }
    }
    *next = (unsigned)(best - s->workers + 1) % s->n_workers;
    return best;
}

/* Accepts until the listening socket is shut down (drain). MHD takes
 * over (and closes) every socket given to MHD_add_connection().
 * max_connections is kept here, not by MHD: at its limit MHD's thread pool
 * stopped accepting (clients waited in the listen backlog), and so does
 * this loop; libmicrohttpd 0.9.75 refusing a connection added from another
 * thread left the others added with it unanswered (seen in tests). */
static void *accept_main(void *arg)
{
    vg_srv *s = arg;
    unsigned next = 0;
    for (;;) {
        long total;
        worker *w = least_loaded(s, &next, &total);
        if (total >= (long)s->cfg.max_connections) {
            if (atomic_load(&s->draining))
                break;
            struct timespec ts = {0, 1000 * 1000}; /* until one closes */
            nanosleep(&ts, NULL);
            continue;
        }
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        int fd = accept4(s->lsock, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (atomic_load(&s->draining) || errno == EINVAL || errno == EBADF)
                break;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* out of descriptors: the pending connection stays queued;
                 * retry once some close instead of spinning */
                struct timespec ts = {0, 10 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
            continue; /* EINTR, ECONNABORTED, a network error of one client */
        }
        atomic_fetch_add_explicit(&w->conns, 1, memory_order_relaxed);
        if (MHD_add_connection(w->d, fd, (struct sockaddr *)&sa, sl) != MHD_YES)
            atomic_fetch_sub_explicit(&w->conns, 1, memory_order_relaxed); /* fd closed */
    }
    return NULL;
}

/* A listening socket on ai: SO_REUSEADDR (a restart binds while the last
 * run's connections linger in TIME_WAIT) but not SO_REUSEPORT, so that a
 * second server on a port in use fails to start instead of silently taking
 * half the traffic (a forgotten process answering with old lists); IPv6
 * only on an IPv6 address. -1 on failure, errno set. */
static int listen_on(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        (ai->ai_family == AF_INET6 &&
         setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)) ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, SOMAXCONN)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Stops accepting: new connections are refused, those open keep going. */
static void stop_accepting(vg_srv *s)
{
    if (s->lsock < 0)
        return;
    shutdown(s->lsock, SHUT_RDWR); /* wakes accept() with EINVAL */
    if (s->acceptor_running)
        pthread_join(s->acceptor, NULL);
    s->acceptor_running = false;
    close(s->lsock);
    s->lsock = -1;
}

static void log_flush_all(vg_srv *s)
{
    for (unsigned i = 0; s->workers && i < s->n_workers; i++) {
        worker *w = &s->workers[i];
        pthread_mutex_lock(&w->log_mu);
        log_flush_locked(w);
        pthread_mutex_unlock(&w->log_mu);
    }
}

/* Requests begun and not completed, on all workers. */
static long in_flight(vg_srv *s)
{
    long n = 0;
    for (unsigned i = 0; s->workers && i < s->n_workers; i++)
        n += atomic_load(&s->workers[i].in_flight);
    return n;
}

static void stop_workers(vg_srv *s)
{
    for (unsigned i = 0; s->workers && i < s->n_workers; i++) {
        if (s->workers[i].d)
            MHD_stop_daemon(s->workers[i].d);
        s->workers[i].d = NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Startup and the signal loop                                              */
/* ------------------------------------------------------------------------ */

static void fail(const char *fmt, const char *a)
{
    fprintf(stderr, "vigil: ");
    fprintf(stderr, fmt, a);
    fputc('\n', stderr);
}

static bool read_pem(const char *path, char **out, size_t *len)
{
    vg_err err;
    if (vg_file_read(NULL, path, 1024u * 1024u, out, len, &err) != VG_OK) {
        char buf[800];
        fail("%s", vg_err_format(&err, buf, sizeof buf));
        return false;
    }
    return true;
}

static void srv_free(vg_srv *s)
{
    if (!s)
        return;
    stop_accepting(s);
    stop_workers(s);
    log_flush_all(s);
    for (unsigned i = 0; s->workers && i < s->n_workers; i++) {
        pthread_mutex_destroy(&s->workers[i].log_mu);
        vg_srv_jw_fini(&s->workers[i].line);
    }
    free(s->workers);
    vg_console_free(s->console);
    vg_srv_snapshot_unref(s->snap);
    if (s->tls_key)
        vg__free(NULL, s->tls_key, s->tls_key_len + 1);
    if (s->tls_cert)
        vg__free(NULL, s->tls_cert, s->tls_cert_len + 1);
    pthread_mutex_destroy(&s->snap_mu);
    pthread_mutex_destroy(&s->reload_mu);
    free(s);
}

int vg_srv_run(const vg_srv_config *cfg)
{
    int rc = 3;
    vg_srv *s = NULL;
    struct addrinfo *ai = NULL;
    json_t *first_lists = NULL;
    char host[256];
    unsigned port;
    sigset_t set;
    if (!vg_srv_parse_listen(cfg->listen, host, sizeof host, &port)) {
        fail("--listen must be HOST:PORT (got '%s')", cfg->listen);
        goto out;
    }
    bool loopback = vg_srv_host_is_loopback(host);
    bool tls = cfg->tls_cert[0] || cfg->tls_key[0];
    if (cfg->open && !loopback) {
        fail("--open (no authentication) is only allowed on a loopback address, not '%s'", host);
        goto out;
    }
    if (!cfg->open && !cfg->api_keys[0]) {
        fail("%s", "give --api-keys FILE (see vigil serve --hash-key) or, on loopback, --open");
        goto out;
    }
    if (tls && (!cfg->tls_cert[0] || !cfg->tls_key[0])) {
        fail("%s", "TLS needs both tls_cert and tls_key");
        goto out;
    }
    if (!tls && !loopback && !cfg->allow_plain_http) {
        fail("plain HTTP on '%s' needs allow_plain_http = true (behind a TLS proxy) or "
             "tls_cert and tls_key",
             host);
        goto out;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        fail("%s", "out of memory");
        goto out;
    }
    s->cfg = *cfg;
    s->lsock = -1;
    pthread_mutex_init(&s->snap_mu, NULL);
    pthread_mutex_init(&s->reload_mu, NULL);
    s->started = now_mono();
    if (tls && (!read_pem(cfg->tls_cert, &s->tls_cert, &s->tls_cert_len) ||
                !read_pem(cfg->tls_key, &s->tls_key, &s->tls_key_len)))
        goto out;

    /* Block the signals before any thread exists: MHD's threads inherit
     * the mask and the main thread takes them with sigwait(). */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    json_object_seed(0);

    vg_err err;
    vg_err_clear(&err);
    if (vg_srv_snapshot_load_start(&s->cfg, &s->snap, &err)) {
        char buf[800];
        fail("%s", vg_err_format(&err, buf, sizeof buf));
        goto out;
    }
    if (cfg->store[0]) {
        char why[1000];
        if (!(s->console = vg_console_new(&s->cfg, tls, why, sizeof why))) {
            fail("console: %s", why);
            goto out;
        }
    }
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char ps[8];
    snprintf(ps, sizeof ps, "%u", port);
    int gai = getaddrinfo(host, ps, &hints, &ai);
    if (gai || !ai) {
        fail("cannot resolve listen host: %s", gai_strerror(gai));
        goto out;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)(ncpu > 0 ? ncpu : 1);
    /* One daemon per worker thread, without a listening socket: the
     * acceptor below balances the connections (see `worker`). AUTO: epoll
     * on Linux (select scans every socket per wake-up); TURBO: read and
     * write before asking the poller, which usually pays; ITC: a
     * connection added from the acceptor wakes the worker at once. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_TURBO |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (tls)
        flags |= MHD_USE_TLS;
    /* aligned as the worker's counters are (their own cache lines) */
    if (!(s->workers = aligned_alloc(_Alignof(worker), threads * sizeof *s->workers))) {
        fail("%s", "out of memory");
        goto out;
    }
    memset(s->workers, 0, threads * sizeof *s->workers);
    s->n_workers = threads;
    for (unsigned i = 0; i < threads; i++) {
        s->workers[i].s = s;
        pthread_mutex_init(&s->workers[i].log_mu, NULL);
        vg_srv_jw_init(&s->workers[i].line, 4096); /* no memory yet: the first line retries */
    }
    if ((s->lsock = listen_on(ai)) < 0) {
        fail("cannot listen on %s (address in use?)", cfg->listen);
        goto out;
    }
    /* Read the first snapshot before the workers start: once they run, a
     * POST /admin/reload may replace and free it (found by TSan). */
    double first_load = s->snap->load_seconds;
    first_lists = lists_json(s->snap);
    for (unsigned i = 0; i < threads; i++) {
        worker *w = &s->workers[i];
        /* never reached: the acceptor keeps max_connections (MHD counts a
         * closed connection a little longer than on_connection() does) */
        struct MHD_OptionItem opts[8];
        size_t no = 0;
        opts[no++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
                                             (intptr_t)cfg->max_connections * 2, NULL};
        opts[no++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
                                             (intptr_t)cfg->connection_timeout, NULL};
        /* the request head, the records of its lines and the reply's
         * header block (see VG_SRV_HEAD_RESERVE) */
        opts[no++] = (struct MHD_OptionItem){
            MHD_OPTION_CONNECTION_MEMORY_LIMIT,
            (intptr_t)(cfg->max_header_bytes + VG_SRV_HEAD_RESERVE), NULL};
        if (tls) {
            opts[no++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert};
            opts[no++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key};
        }
        opts[no++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
        w->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, w, MHD_OPTION_EXTERNAL_LOGGER,
                                mhd_log, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
                                MHD_OPTION_NOTIFY_CONNECTION, on_connection, w,
                                MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
        if (!w->d) {
            fail("cannot listen on %s (TLS certificate/key invalid?)", cfg->listen);
            goto out;
        }
    }
    if (pthread_create(&s->acceptor, NULL, accept_main, s)) {
        fail("%s", "cannot start the accepting thread");
        goto out;
    }
    s->acceptor_running = true;
    struct sockaddr_storage bound;
    socklen_t bl = sizeof bound;
    unsigned bport = port;
    if (!getsockname(s->lsock, (struct sockaddr *)&bound, &bl))
        bport = ntohs(bound.ss_family == AF_INET6
                          ? ((struct sockaddr_in6 *)(void *)&bound)->sin6_port
                          : ((struct sockaddr_in *)(void *)&bound)->sin_port);
    char url[400];
    snprintf(url, sizeof url, "%s://%s%s%s:%u", tls ? "https" : "http",
             ai->ai_family == AF_INET6 ? "[" : "", host, ai->ai_family == AF_INET6 ? "]" : "",
             bport);
    log_json(json_pack("{s:s,s:s,s:i,s:b,s:f,s:o}", "event", "listening", "url", url, "threads",
                       (int)threads, "open", cfg->open, "load_seconds", first_load,
                       "lists", first_lists));
    first_lists = NULL; /* json_pack "o" took it */

    for (;;) {
        struct timespec tick = {0, LOG_FLUSH_MS * 1000L * 1000L};
        int sig = sigtimedwait(&set, NULL, &tick);
        if (sig < 0) { /* EAGAIN: the tick; EINTR */
            log_flush_all(s);
            continue;
        }
        if (sig == SIGHUP) {
            char why[1024];
            vg_srv_reload(s, why, sizeof why);
            continue;
        }
        break;
    }
    /* Drain: refuse new connections, let requests in flight finish. */
    atomic_store(&s->draining, true);
    log_json(json_pack("{s:s}", "event", "shutdown"));
    stop_accepting(s);
    double t0 = now_mono();
    while (in_flight(s) > 0 && now_mono() - t0 < DRAIN_SECONDS) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        log_flush_all(s);
    }
    stop_workers(s);
    log_flush_all(s); /* every line of a request answered before the stop */
    log_json(json_pack("{s:s}", "event", "stopped"));
    rc = 0;
out:
    json_decref(first_lists);
    if (ai)
        freeaddrinfo(ai);
    srv_free(s);
    return rc;
}
