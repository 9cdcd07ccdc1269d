/* SPDX-License-Identifier: Apache-2.0 */
/* The analyst console of `vigil serve --store`: JSON endpoints under
 * /console/api/ (login with Argon2id passwords, HttpOnly SameSite=Strict
 * session cookies, a CSRF token on every state change, lockout; the alert
 * queue, alert detail, decisions, four eyes, cases, the audit trail) over
 * the workbench store, the static files of web/ under /console/, and the
 * scheduled retention job. Roles are enforced by the store. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "base/vg_base.h"
#include "server.h"

#ifndef VIGIL_WEB_DIR
#define VIGIL_WEB_DIR "web"
#endif

#define COOKIE "vigil_session"
#define STATIC_MAX (4u * 1024u * 1024u)

/* No resource from anywhere but this server; no inline script or style. */
static const char k_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; connect-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'";

struct vg_console {
    pthread_mutex_t mu; /* the store handle is not thread-safe: one at a time */
    vg_store *st;
    uint8_t pk[32];
    char web_root[VG_SRV_PATH_MAX];
    unsigned session_ttl;
    bool secure_cookie;
    /* scheduled retention */
    unsigned retention_interval;
    char retention_user[65];
    pthread_t thread;
    bool thread_started;
    pthread_mutex_t stop_mu;
    pthread_cond_t stop_cv;
    bool stopping;
};

/* ------------------------------------------------------------------------ */
/* Retention job                                                            */
/* ------------------------------------------------------------------------ */

static void log_line(const char *event, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void log_line(const char *event, const char *fmt, ...)
{
    char msg[400], line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:s,s:s}", "event", event, "message", msg);
    char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    if (!t)
        return;
    int n = snprintf(line, sizeof line, "%s\n", t);
    free(t);
    if (n > 0 && fwrite(line, 1, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1, stderr))
        fflush(stderr);
}

static void retention_once(vg_console *c)
{
    int64_t masked = 0, deleted = 0;
    pthread_mutex_lock(&c->mu);
    vg_status rc = vg_store_retention_run(c->st, c->retention_user, &masked, &deleted);
    if (rc != VG_OK)
        log_line("retention", "failed: %s: %s", vg_status_str(rc), vg_store_errmsg(c->st));
    else
        log_line("retention", "masked %lld, deleted %lld", (long long)masked,
                 (long long)deleted);
    pthread_mutex_unlock(&c->mu);
}

static void *retention_thread(void *arg)
{
    vg_console *c = arg;
    pthread_mutex_lock(&c->stop_mu);
    while (!c->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)c->retention_interval;
        int r = 0;
        while (!c->stopping && r != ETIMEDOUT)
            r = pthread_cond_timedwait(&c->stop_cv, &c->stop_mu, &until);
        if (c->stopping)
            break;
        pthread_mutex_unlock(&c->stop_mu);
        retention_once(c);
        pthread_mutex_lock(&c->stop_mu);
    }
    pthread_mutex_unlock(&c->stop_mu);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Lifetime                                                                 */
/* ------------------------------------------------------------------------ */

vg_console *vg_console_new(const vg_srv_config *cfg, bool tls, char *why, size_t cap)
{
    vg_console *c = NULL;
    vg_err err;
    uint8_t sk[64];
    char buf[800];
    vg_role role;
    vg_err_clear(&err);
    if (!cfg->audit_key[0]) {
        snprintf(why, cap, "the console (store) needs audit_key: the audit signing key file");
        return NULL;
    }
    if (vg_audit_key_load(cfg->audit_key, sk, &err) != VG_OK) {
        sodium_memzero(sk, sizeof sk); /* the loader may have filled part of it */
        snprintf(why, cap, "%s", vg_err_format(&err, buf, sizeof buf));
        return NULL;
    }
    if (!(c = calloc(1, sizeof *c))) {
        snprintf(why, cap, "out of memory");
        goto fail;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_mutex_init(&c->stop_mu, NULL);
    pthread_cond_init(&c->stop_cv, NULL);
    if (vg_store_open(cfg->store, NULL, &c->st, &err) != VG_OK) {
        snprintf(why, cap, "%s", vg_err_format(&err, buf, sizeof buf));
        goto fail;
    }
    vg_store_set_key(c->st, sk);
    crypto_sign_ed25519_sk_to_pk(c->pk, sk);
    snprintf(c->web_root, sizeof c->web_root, "%s", cfg->web_root[0] ? cfg->web_root : VIGIL_WEB_DIR);
    c->session_ttl = cfg->session_ttl ? cfg->session_ttl : VG_STORE_SESSION_TTL;
    c->secure_cookie = tls;
    c->retention_interval = cfg->retention_interval;
    snprintf(c->retention_user, sizeof c->retention_user, "%s", cfg->retention_user);
    if (c->retention_interval) {
        if (vg_store_user_role(c->st, c->retention_user, &role) != VG_OK ||
            !vg_role_allows(role, VG_PERM_ADMIN)) {
            snprintf(why, cap, "retention_interval needs retention_user: an admin of the store"
                               " (got '%s')", c->retention_user);
            goto fail;
        }
        if (pthread_create(&c->thread, NULL, retention_thread, c) != 0) {
            snprintf(why, cap, "cannot start the retention thread");
            goto fail;
        }
        c->thread_started = true;
    }
    sodium_memzero(sk, sizeof sk);
    return c;
fail:
    sodium_memzero(sk, sizeof sk);
    vg_console_free(c);
    return NULL;
}

void vg_console_free(vg_console *c)
{
    if (!c)
        return;
    if (c->thread_started) {
        pthread_mutex_lock(&c->stop_mu);
        c->stopping = true;
        pthread_cond_broadcast(&c->stop_cv);
        pthread_mutex_unlock(&c->stop_mu);
        pthread_join(c->thread, NULL);
    }
    vg_store_close(c->st);
    pthread_cond_destroy(&c->stop_cv);
    pthread_mutex_destroy(&c->stop_mu);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

bool vg_console_owns(const char *path)
{
    return !strncmp(path, "/console", 8) && (path[8] == '\0' || path[8] == '/');
}

/* ------------------------------------------------------------------------ */
/* Responses                                                                */
/* ------------------------------------------------------------------------ */

typedef struct reply {
    int status;
    char *body; /* malloc'd */
    size_t len;
    const char *type;
    char cookie[200];
    const char *location;
} reply;

static void reply_text(reply *r, int status, char *text)
{
    r->status = text ? status : 500;
    free(r->body);
    r->body = text;
    r->len = text ? strlen(text) : 0;
    r->type = "application/json";
}

static void reply_json(reply *r, int status, json_t *o)
{
    char *t = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(o);
    reply_text(r, status, t);
}

static void reply_detail(reply *r, int status, const char *msg)
{
    char clean[300];
    snprintf(clean, sizeof clean, "%s", msg);
    clean[vg_utf8_valid_prefix(clean, strlen(clean))] = '\0';
    reply_json(r, status, json_pack("{s:s}", "detail", clean));
}

/* A store document (freed here) as the reply body. */
static void reply_store_text(reply *r, vg_store *st, char *doc)
{
    char *t = doc ? strdup(doc) : NULL;
    vg_store_text_free(st, doc);
    reply_text(r, 200, t);
}

/* Maps a store failure to a status with the store's message. */
static void reply_store_error(reply *r, vg_store *st, vg_status rc)
{
    int status = rc == VG_EPERM    ? 403
                 : rc == VG_ENOENT ? 404
                 : rc == VG_EINVAL ? 409
                 : rc == VG_ELIMIT ? 429
                                   : 500;
    reply_detail(r, status, vg_store_errmsg(st));
}

static int queue_reply(vg_console *c, struct MHD_Connection *conn, reply *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", MHD_RESPMEM_MUST_COPY);
    free(r->body);
    r->body = NULL;
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->type ? r->type : "application/json");
    MHD_add_response_header(resp, "Content-Security-Policy", k_csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (r->cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
    if (r->location)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    (void)c;
    int ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ------------------------------------------------------------------------ */
/* Static files                                                             */
/* ------------------------------------------------------------------------ */

static const char *mime_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } k[] = {{".html", "text/html; charset=utf-8"},
             {".js", "text/javascript; charset=utf-8"},
             {".css", "text/css; charset=utf-8"},
             {".svg", "image/svg+xml"},
             {".png", "image/png"},
             {".ico", "image/x-icon"},
             {".json", "application/json"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof k / sizeof k[0]; i++)
        if (!strcmp(dot, k[i].ext))
            return k[i].type;
    return NULL;
}

static void serve_static(vg_console *c, const char *method, const char *name, reply *r)
{
    char path[VG_SRV_PATH_MAX + 80];
    char *data = NULL;
    size_t len = 0;
    vg_err err;
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        reply_detail(r, 405, "Method Not Allowed");
        return;
    }
    if (!*name)
        name = "index.html";
    /* one flat directory of plain names: no "..", no hidden files */
    bool ok = name[0] != '.' && strlen(name) < 64;
    for (const char *p = name; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
             *p == '.';
    const char *type = ok ? mime_of(name) : NULL;
    if (!type || strstr(name, "..")) {
        reply_detail(r, 404, "Not Found");
        return;
    }
    snprintf(path, sizeof path, "%s/%s", c->web_root, name);
    if (vg_file_read(NULL, path, STATIC_MAX, &data, &len, &err) != VG_OK) {
        reply_detail(r, 404, "Not Found");
        return;
    }
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, data, len);
        copy[len] = '\0';
    }
    vg__free(NULL, data, len + 1);
    reply_text(r, 200, copy);
    r->len = copy ? len : 0;
    r->type = type;
}

/* ------------------------------------------------------------------------ */
/* API helpers                                                              */
/* ------------------------------------------------------------------------ */

static json_t *perms_json(vg_role role)
{
    static const char *const names[VG_PERM__COUNT] = {"screen", "view",  "decide",
                                                      "sign_off", "audit", "admin"};
    json_t *o = json_object();
    for (int p = 0; p < VG_PERM__COUNT; p++)
        json_object_set_new(o, names[p], json_boolean(vg_role_allows(role, (vg_perm)p)));
    return o;
}

static json_t *session_json(const vg_store_session *s)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o}", "user", s->user, "role", vg_role_name(s->role),
                     "csrf", s->csrf, "expires_at", s->expires_at, "permissions",
                     perms_json(s->role));
}

/* The JSON object body of a POST; NULL (and r filled) when it is not one. */
static json_t *body_object(struct MHD_Connection *conn, const char *body, size_t len, reply *r)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    /* a cross-site form cannot send application/json without a preflight */
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        reply_detail(r, 415, "Send the request body as application/json.");
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(body ? body : "", len, 0, &je);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        reply_detail(r, 400, "The request body must be a JSON object.");
        return NULL;
    }
    return o;
}

static const char *str_field(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static bool parse_id(const char *s, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || (*end && *end != '/') || v <= 0)
        return false;
    *id = v;
    return true;
}

/* Reads integer query parameter `k` in [lo, hi]; false with r filled when
 * present and bad. */
static bool arg_int(struct MHD_Connection *conn, const char *k, long lo, long hi, int *out,
                    reply *r)
{
    const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, k);
    if (!v || !*v)
        return true;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || x < lo || x > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, "query parameter %s: a whole number from %ld to %ld", k, lo, hi);
        reply_detail(r, 422, msg);
        return false;
    }
    *out = (int)x;
    return true;
}

static bool arg_score(struct MHD_Connection *conn, const char *k, double *out, reply *r)
{
    const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, k);
    if (!v || !*v)
        return true;
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || *end || !(x >= 0.0 && x <= 1.0)) {
        char msg[120];
        snprintf(msg, sizeof msg, "query parameter %s: a number from 0 to 1", k);
        reply_detail(r, 422, msg);
        return false;
    }
    *out = x;
    return true;
}

/* ------------------------------------------------------------------------ */
/* API routes                                                               */
/* ------------------------------------------------------------------------ */

static void api_login(vg_console *c, struct MHD_Connection *conn, const char *body, size_t len,
                      reply *r)
{
    json_t *o = body_object(conn, body, len, r);
    vg_store_session s;
    if (!o)
        return;
    vg_status rc = vg_store_login(c->st, str_field(o, "user"), str_field(o, "password"),
                                  (int)c->session_ttl, &s);
    json_decref(o);
    if (rc == VG_EPERM) {
        reply_detail(r, 401, vg_store_errmsg(c->st));
        return;
    }
    if (rc != VG_OK) {
        reply_store_error(r, c->st, rc);
        return;
    }
    snprintf(r->cookie, sizeof r->cookie,
             COOKIE "=%s; Path=/console; HttpOnly; SameSite=Strict; Max-Age=%u%s", s.token,
             c->session_ttl, c->secure_cookie ? "; Secure" : "");
    reply_json(r, 200, session_json(&s));
    sodium_memzero(&s, sizeof s);
}

static void api_queue(vg_console *c, struct MHD_Connection *conn, const vg_store_session *s,
                      reply *r)
{
    vg_store_queue_filter f;
    vg_store_queue_filter_init(&f);
    const char *status = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "status");
    if (status && *status && strcmp(status, "all") != 0) {
        vg_alert_status as;
        if (!vg_alert_status_parse(status, &as)) {
            reply_detail(r, 422, "query parameter status: open, pending_signoff, cleared,"
                                 " confirmed, escalated, closed_delisted, suppressed or all");
            return;
        }
        f.status = (int)as;
    }
    f.list = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "list");
    f.flight = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "flight");
    if (!arg_score(conn, "score_min", &f.score_min, r) ||
        !arg_score(conn, "score_max", &f.score_max, r) ||
        !arg_int(conn, "min_age_days", 0, 100000, &f.min_age_days, r) ||
        !arg_int(conn, "max_age_days", 0, 100000, &f.max_age_days, r) ||
        !arg_int(conn, "limit", 1, 500, &f.limit, r) ||
        !arg_int(conn, "offset", 0, 100000000, &f.offset, r))
        return;
    char *doc = NULL;
    vg_status rc = vg_store_queue_json(c->st, s->user, &f, &doc);
    if (rc != VG_OK)
        reply_store_error(r, c->st, rc);
    else
        reply_store_text(r, c->st, doc);
}

static void api_alert_action(vg_console *c, struct MHD_Connection *conn, int64_t id,
                             const char *action, const vg_store_session *s, const char *body,
                             size_t len, reply *r)
{
    json_t *o = body_object(conn, body, len, r);
    vg_status rc = VG_OK;
    int64_t dec = 0;
    if (!o)
        return;
    const char *reason = str_field(o, "reason");
    if (strcmp(action, "sign-off") != 0 && !*reason) {
        reply_detail(r, 422, "A reason is required.");
        goto out;
    }
    if (!strcmp(action, "decide")) {
        vg_verdict v;
        if (!vg_verdict_parse(str_field(o, "verdict"), &v)) {
            reply_detail(r, 422, "verdict: false_positive, confirmed_match or needs_escalation");
            goto out;
        }
        rc = vg_store_decide(c->st, id, v, reason, s->user, &dec);
    } else if (!strcmp(action, "sign-off")) {
        rc = vg_store_sign_off(c->st, id, s->user);
    } else if (!strcmp(action, "send-back")) {
        rc = vg_store_reject(c->st, id, s->user, reason);
    } else if (!strcmp(action, "reopen")) {
        rc = vg_store_alert_reopen(c->st, id, s->user, reason);
    } else {
        reply_detail(r, 404, "Not Found");
        goto out;
    }
    if (rc != VG_OK) {
        reply_store_error(r, c->st, rc);
        goto out;
    }
    json_t *res = json_pack("{s:b,s:I,s:s}", "ok", 1, "alert", (json_int_t)id, "action", action);
    if (dec)
        json_object_set_new(res, "decision", json_integer((json_int_t)dec));
    reply_json(r, 200, res);
out:
    json_decref(o);
}

static void api_verify(vg_console *c, const vg_store_session *s, reply *r)
{
    vg_audit_report rep;
    char details[400];
    if (!vg_role_allows(s->role, VG_PERM_AUDIT)) {
        reply_detail(r, 403, "your role may not verify the audit trail");
        return;
    }
    vg_status rc = vg_store_audit_verify(c->st, c->pk, &rep);
    if (rc != VG_OK) {
        reply_store_error(r, c->st, rc);
        return;
    }
    json_t *o = json_pack("{s:b,s:I,s:I,s:s}", "ok", rep.ok, "records",
                          (json_int_t)rep.n_records, "first_bad", (json_int_t)rep.first_bad,
                          "reason", rep.reason);
    snprintf(details, sizeof details, "{\"ok\":%s,\"records\":%lld,\"first_bad\":%lld}",
             rep.ok ? "true" : "false", (long long)rep.n_records, (long long)rep.first_bad);
    if ((rc = vg_store_audit(c->st, s->user, "audit.verify", "audit", details)) != VG_OK) {
        json_decref(o);
        reply_store_error(r, c->st, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* Routes an authenticated API request; `rest` follows "/console/api/". */
static void api_session_routes(vg_console *c, struct MHD_Connection *conn, const char *method,
                               const char *rest, const vg_store_session *s, const char *token,
                               const char *body, size_t len, reply *r)
{
    bool get = !strcmp(method, "GET");
    char *doc = NULL;
    vg_status rc = VG_OK;
    int64_t id = 0;
    if (!strcmp(rest, "session") && get) {
        reply_json(r, 200, session_json(s));
    } else if (!strcmp(rest, "logout") && !get) {
        vg_status lrc = vg_store_logout(c->st, token);
        snprintf(r->cookie, sizeof r->cookie,
                 COOKIE "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0%s",
                 c->secure_cookie ? "; Secure" : "");
        /* a session the store could not end (busy, disk error) is still
         * valid: say so, so that the client can try again */
        if (lrc != VG_OK && lrc != VG_ENOENT)
            reply_store_error(r, c->st, lrc);
        else
            reply_json(r, 200, json_pack("{s:b}", "ok", 1));
    } else if (!strcmp(rest, "alerts") && get) {
        api_queue(c, conn, s, r);
    } else if (!strncmp(rest, "alerts/", 7) && parse_id(rest + 7, &id)) {
        const char *action = strchr(rest + 7, '/');
        if (!action && get) {
            if ((rc = vg_store_alert_json(c->st, s->user, id, &doc)) == VG_OK)
                reply_store_text(r, c->st, doc);
        } else if (action && !get) {
            api_alert_action(c, conn, id, action + 1, s, body, len, r);
        } else {
            reply_detail(r, 405, "Method Not Allowed");
        }
    } else if (!strcmp(rest, "signoff") && get) {
        if ((rc = vg_store_signoff_json(c->st, s->user, &doc)) == VG_OK)
            reply_store_text(r, c->st, doc);
    } else if (!strncmp(rest, "cases/", 6) && parse_id(rest + 6, &id) && get) {
        if ((rc = vg_store_case_json(c->st, s->user, id, &doc)) == VG_OK)
            reply_store_text(r, c->st, doc);
    } else if (!strcmp(rest, "audit") && get) {
        int after = 0, limit = 200;
        if (!arg_int(conn, "after", 0, 2000000000, &after, r) ||
            !arg_int(conn, "limit", 1, 1000, &limit, r))
            return;
        if ((rc = vg_store_audit_json(c->st, s->user, after, limit, &doc)) == VG_OK)
            reply_store_text(r, c->st, doc);
    } else if (!strcmp(rest, "audit/verify") && !get) {
        api_verify(c, s, r);
    } else {
        reply_detail(r, 404, "Not Found");
    }
    if (rc != VG_OK)
        reply_store_error(r, c->st, rc);
}

static void api(vg_console *c, struct MHD_Connection *conn, const char *method, const char *rest,
                const char *body, size_t len, reply *r)
{
    bool get = !strcmp(method, "GET");
    if (!get && strcmp(method, "POST") != 0) {
        reply_detail(r, 405, "Method Not Allowed");
        return;
    }
    if (!strcmp(rest, "login")) {
        if (get)
            reply_detail(r, 405, "Method Not Allowed");
        else
            api_login(c, conn, body, len, r);
        return;
    }
    const char *token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE);
    vg_store_session s;
    if (!token || vg_store_session_get(c->st, token, &s) != VG_OK) {
        reply_detail(r, 401, "Not logged in (or the session expired).");
        return;
    }
    if (!get) {
        /* every state change carries the session's CSRF token */
        const char *csrf = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
        if (!csrf || strlen(csrf) != 64 || sodium_memcmp(csrf, s.csrf, 64) != 0) {
            reply_detail(r, 403, "CSRF token missing or wrong (header X-CSRF-Token).");
            return;
        }
    }
    api_session_routes(c, conn, method, rest, &s, token, body, len, r);
}

vg_status vg_console_with_store(vg_console *c, vg_status (*fn)(vg_store *st, void *ud),
                                void *ud)
{
    pthread_mutex_lock(&c->mu);
    vg_status rc = fn(c->st, ud);
    pthread_mutex_unlock(&c->mu);
    return rc;
}

int vg_console_handle(vg_console *c, struct MHD_Connection *conn, const char *method,
                      const char *path, const char *body, size_t len, int *status)
{
    reply r;
    memset(&r, 0, sizeof r);
    if (!strcmp(path, "/console")) {
        r.status = 302;
        r.location = "/console/";
        r.type = "text/plain";
    } else if (!strncmp(path, "/console/api/", 13)) {
        pthread_mutex_lock(&c->mu);
        api(c, conn, method, path + 13, body, len, &r);
        pthread_mutex_unlock(&c->mu);
    } else {
        serve_static(c, method, path + 9, &r);
    }
    if (!r.status)
        reply_detail(&r, 500, "internal error");
    *status = r.status;
    return queue_reply(c, conn, &r);
}
