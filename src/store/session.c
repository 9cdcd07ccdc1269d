/* SPDX-License-Identifier: Apache-2.0 */
/* Console accounts: Argon2id password hashes, sessions whose tokens are
 * stored hashed, CSRF tokens, and the lockout after repeated failures.
 * Every login, failure, lock and logout goes into the audit trail. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

/* Current time shifted by `secs` seconds, as vg__store_time() formats it. */
static void time_plus(const vg_store *st, long secs, char out[32])
{
    time_t t = st->clock ? st->clock : time(NULL);
    t += (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void token_hash(const char *token, uint8_t out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
                       (const unsigned char *)"vigil-session-v1", 16);
}

/* 32 random bytes as 64 hex characters. */
static void random_hex(char out[65])
{
    uint8_t b[32];
    randombytes_buf(b, sizeof b);
    vg_hex_encode(b, sizeof b, out);
    sodium_memzero(b, sizeof b);
}

static bool is_hex64(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 64;
}

static vg_status exec1(vg_store *st, const char *sql, const char *a, const char *b)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = vg__store_prep(st, sql);
    if (!s)
        return VG_EIO;
    if (a)
        sqlite3_bind_text(s, 1, a, -1, SQLITE_TRANSIENT);
    if (b)
        sqlite3_bind_text(s, 2, b, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Passwords                                                                */
/* ------------------------------------------------------------------------ */

vg_status vg_store_password_set(vg_store *st, const char *actor, const char *name,
                                const char *password)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char hash[crypto_pwhash_STRBYTES], now[32];
    vg_role role;
    size_t n = password ? strlen(password) : 0;
    if (n < VG_STORE_PASSWORD_MIN || n > VG_STORE_PASSWORD_MAX)
        return vg__store_fail(st, VG_EINVAL, "a password has %d to %d bytes",
                              VG_STORE_PASSWORD_MIN, VG_STORE_PASSWORD_MAX);
    if ((rc = vg__store_check_perm(st, actor, VG_PERM_ADMIN)) != VG_OK)
        return rc;
    if (vg_store_user_role(st, name, &role) != VG_OK)
        return vg__store_fail(st, VG_ENOENT, "no such user '%s'", name ? name : "");
    /* hashed before the transaction: Argon2id takes a while */
    if (crypto_pwhash_str(hash, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return vg__store_fail(st, VG_ENOMEM, "cannot hash the password (out of memory)");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, actor, VG_PERM_ADMIN)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "INSERT INTO credentials(user, pwhash, set_at) VALUES(?1,?2,?3)"
                                 " ON CONFLICT(user) DO UPDATE SET pwhash = excluded.pwhash,"
                                 " set_at = excluded.set_at, failures = 0, locked_until = NULL"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    if ((rc = exec1(st, "DELETE FROM sessions WHERE user = ?1", name, NULL)) != VG_OK)
        goto out;
    rc = vg_store_audit(st, actor, "user.password", name, "{}");
out:
    sqlite3_finalize(s);
    sodium_memzero(hash, sizeof hash);
    return vg__store_tx_end(st, own, rc);
}

/* ------------------------------------------------------------------------ */
/* Login, sessions, logout                                                  */
/* ------------------------------------------------------------------------ */

typedef struct cred {
    char hash[crypto_pwhash_STRBYTES];
    char locked_until[32];
    vg_role role;
} cred;

/* Reads the credentials of an active user; VG_EPERM when there are none. */
static vg_status read_cred(vg_store *st, const char *name, cred *c)
{
    vg_status rc = VG_OK;
    memset(c, 0, sizeof *c);
    sqlite3_stmt *s = vg__store_prep(st, "SELECT c.pwhash, coalesce(c.locked_until, ''), u.role"
                                         " FROM credentials c JOIN users u ON u.name = c.user"
                                         " WHERE c.user = ?1 AND u.active");
    if (!s)
        return VG_EIO;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        snprintf(c->hash, sizeof c->hash, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(c->locked_until, sizeof c->locked_until, "%s",
                 (const char *)sqlite3_column_text(s, 1));
        if (!vg_role_parse((const char *)sqlite3_column_text(s, 2), &c->role))
            rc = vg__store_fail(st, VG_EIO, "user '%s' has an unknown role", name);
    } else if (r == SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EPERM, "invalid user name or password");
    } else {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(s);
    return rc;
}

/* Records one failed password: counts it, locks at the limit. */
static vg_status record_failure(vg_store *st, const char *name, bool *locked, char until[32])
{
    vg_status rc = VG_OK;
    bool own = false;
    char details[128];
    int64_t failures = 0;
    sqlite3_stmt *s = NULL;
    *locked = false;
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "UPDATE credentials SET failures = failures + 1 WHERE user = ?1"
                                 " RETURNING failures"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW)
        failures = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    if (failures >= VG_STORE_LOCK_FAILURES) {
        *locked = true;
        time_plus(st, VG_STORE_LOCK_SECONDS, until);
        if ((rc = exec1(st,
                        "UPDATE credentials SET failures = 0, locked_until = ?2 WHERE user = ?1",
                        name, until)) != VG_OK)
            goto out;
    }
    snprintf(details, sizeof details, "{\"failures\":%lld,\"locked\":%s}", (long long)failures,
             *locked ? "true" : "false");
    if ((rc = vg_store_audit(st, name, "session.login_failed", name, details)) != VG_OK)
        goto out;
    if (*locked) {
        snprintf(details, sizeof details, "{\"until\":\"%s\"}", until);
        rc = vg_store_audit(st, name, "user.locked", name, details);
    }
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

static vg_status open_session(vg_store *st, const char *name, const cred *c, int ttl,
                              vg_store_session *out)
{
    vg_status rc = VG_OK;
    bool own = false;
    sqlite3_stmt *s = NULL;
    char now[32], details[96];
    uint8_t th[32];
    vg_store_session ses;
    memset(&ses, 0, sizeof ses);
    snprintf(ses.user, sizeof ses.user, "%s", name);
    ses.role = c->role;
    random_hex(ses.token);
    random_hex(ses.csrf);
    token_hash(ses.token, th);
    vg__store_time(st, 0, now);
    time_plus(st, ttl, ses.expires_at);
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = exec1(st, "DELETE FROM sessions WHERE expires_at <= ?1", now, NULL)) != VG_OK ||
        (rc = exec1(st, "UPDATE credentials SET failures = 0, locked_until = NULL"
                        " WHERE user = ?1",
                    name, NULL)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "INSERT INTO sessions(token_hash, user, csrf, created_at,"
                                 " expires_at) VALUES(?1,?2,?3,?4,?5)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_blob(s, 1, th, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, ses.csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, ses.expires_at, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    snprintf(details, sizeof details, "{\"expires_at\":\"%s\"}", ses.expires_at);
    if ((rc = vg_store_audit(st, name, "session.login", name, details)) != VG_OK)
        goto out;
    *out = ses;
out:
    sqlite3_finalize(s);
    sodium_memzero(&ses, sizeof ses);
    return vg__store_tx_end(st, own, rc);
}

vg_status vg_store_login(vg_store *st, const char *name, const char *password, int ttl_seconds,
                         vg_store_session *out)
{
    vg_status rc;
    cred c;
    char now[32], until[32] = "";
    bool locked = false;
    size_t n = password ? strlen(password) : 0;
    if (!name || !*name || strlen(name) > 64 || n == 0 || n > VG_STORE_PASSWORD_MAX)
        return vg__store_fail(st, VG_EPERM, "invalid user name or password");
    if (ttl_seconds <= 0)
        ttl_seconds = VG_STORE_SESSION_TTL;
    if ((rc = read_cred(st, name, &c)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    if (c.locked_until[0] && strcmp(c.locked_until, now) > 0) {
        rc = vg__store_fail(st, VG_ELIMIT, "account locked until %s", c.locked_until);
        (void)vg_store_audit(st, name, "session.login_refused", name, "{\"locked\":true}");
        goto out;
    }
    if (crypto_pwhash_str_verify(c.hash, password, n) != 0) {
        if ((rc = record_failure(st, name, &locked, until)) != VG_OK)
            goto out;
        rc = locked ? vg__store_fail(st, VG_ELIMIT, "account locked until %s", until)
                    : vg__store_fail(st, VG_EPERM, "invalid user name or password");
        goto out;
    }
    rc = open_session(st, name, &c, ttl_seconds, out);
out:
    sodium_memzero(&c, sizeof c);
    return rc;
}

vg_status vg_store_session_get(vg_store *st, const char *token, vg_store_session *out)
{
    vg_status rc = VG_OK;
    uint8_t th[32];
    char now[32];
    if (!is_hex64(token))
        return vg__store_fail(st, VG_ENOENT, "no session");
    token_hash(token, th);
    vg__store_time(st, 0, now);
    sqlite3_stmt *s = vg__store_prep(st, "SELECT s.user, u.role, s.csrf, s.expires_at"
                                         " FROM sessions s JOIN users u ON u.name = s.user"
                                         " WHERE s.token_hash = ?1 AND s.expires_at > ?2"
                                         " AND u.active");
    if (!s)
        return VG_EIO;
    sqlite3_bind_blob(s, 1, th, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        snprintf(out->user, sizeof out->user, "%s", (const char *)sqlite3_column_text(s, 0));
        if (!vg_role_parse((const char *)sqlite3_column_text(s, 1), &out->role))
            rc = vg__store_fail(st, VG_ENOENT, "no session");
        snprintf(out->csrf, sizeof out->csrf, "%s", (const char *)sqlite3_column_text(s, 2));
        snprintf(out->expires_at, sizeof out->expires_at, "%s",
                 (const char *)sqlite3_column_text(s, 3));
    } else if (r == SQLITE_DONE) {
        rc = vg__store_fail(st, VG_ENOENT, "no session (expired or logged out)");
    } else {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_logout(vg_store *st, const char *token)
{
    vg_status rc = VG_OK;
    bool own = false;
    uint8_t th[32];
    char user[80] = "";
    sqlite3_stmt *s = NULL;
    if (!is_hex64(token))
        return vg__store_fail(st, VG_ENOENT, "no session");
    token_hash(token, th);
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_blob(s, 1, th, 32, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_ENOENT, "no session");
        goto out;
    }
    snprintf(user, sizeof user, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    s = NULL;
    rc = vg_store_audit(st, user, "session.logout", user, "{}");
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}
