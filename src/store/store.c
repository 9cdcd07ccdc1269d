/* SPDX-License-Identifier: Apache-2.0 */
/* The store handle: opening and migrating the SQLite schema, users and
 * roles, list snapshots, runs, screened people and alerts with remembered
 * false positives. Decisions live in decide.c, the audit chain in audit.c. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

/* ------------------------------------------------------------------------ */
/* Schema migrations: applied in order, each in one transaction             */
/* ------------------------------------------------------------------------ */

static const char *const k_migrations[] = {
    /* 1: the workbench */
    "CREATE TABLE lists(id INTEGER PRIMARY KEY, source TEXT NOT NULL, version TEXT NOT NULL,"
    " loaded_at TEXT NOT NULL, UNIQUE(source, version));"
    "CREATE TABLE list_entities(list_id INTEGER NOT NULL REFERENCES lists(id),"
    " entity_id TEXT NOT NULL, content_hash BLOB NOT NULL, snapshot TEXT,"
    " PRIMARY KEY(list_id, entity_id));"
    "CREATE TABLE users(name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK(role IN"
    " ('analyst','supervisor','auditor','admin')), created_at TEXT NOT NULL,"
    " active INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, actor TEXT NOT NULL REFERENCES users(name),"
    " engine_version TEXT NOT NULL, parameters TEXT NOT NULL, list_versions TEXT NOT NULL,"
    " started_at TEXT NOT NULL, ended_at TEXT, n_screened INTEGER, n_alerts INTEGER);"
    "CREATE TABLE screened(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),"
    " provenance TEXT, query TEXT, person_key BLOB NOT NULL, screened_at TEXT NOT NULL,"
    " masked_at TEXT);"
    "CREATE INDEX screened_person ON screened(person_key);"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, person_key BLOB NOT NULL UNIQUE,"
    " opened_at TEXT NOT NULL);"
    "CREATE TABLE alerts(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),"
    " screened_id INTEGER NOT NULL REFERENCES screened(id), case_id INTEGER REFERENCES cases(id),"
    " entity_id TEXT NOT NULL, list_version TEXT NOT NULL, content_hash BLOB NOT NULL,"
    " score REAL NOT NULL, explanation TEXT, status TEXT NOT NULL CHECK(status IN ('open',"
    "'pending_signoff','cleared','confirmed','escalated','closed_delisted','suppressed')),"
    " suppressed_by INTEGER REFERENCES decisions(id), created_at TEXT NOT NULL);"
    "CREATE INDEX alerts_status ON alerts(status);"
    "CREATE TABLE decisions(id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES"
    " alerts(id), verdict TEXT NOT NULL CHECK(verdict IN ('confirmed_match','false_positive',"
    "'needs_escalation')), reason TEXT NOT NULL CHECK(length(reason) > 0),"
    " analyst TEXT NOT NULL REFERENCES users(name), decided_at TEXT NOT NULL,"
    " needs_signoff INTEGER NOT NULL, supervisor TEXT REFERENCES users(name),"
    " signed_off_at TEXT, final INTEGER NOT NULL, person_key BLOB NOT NULL,"
    " entity_id TEXT NOT NULL, content_hash BLOB NOT NULL, expires_at TEXT);"
    "CREATE INDEX decisions_memory ON decisions(person_key, entity_id);"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, object TEXT NOT NULL, details TEXT NOT NULL,"
    " prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TABLE audit_head(id INTEGER PRIMARY KEY CHECK(id = 1), seq INTEGER NOT NULL,"
    " hash BLOB NOT NULL, signature BLOB NOT NULL);",
    /* 2: the policy lives in the store, changed by admins only (audited), so
     * that an analyst cannot lift the four-eyes threshold for themselves */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value REAL NOT NULL);",
    /* 3: a supervisor may send a pending decision back, with a reason */
    ("ALTER TABLE decisions ADD COLUMN rejected_by TEXT REFERENCES users(name);"
     "ALTER TABLE decisions ADD COLUMN reject_reason TEXT;"),
    /* 4: the web console: Argon2id password hashes with a failure count and
     * lockout, sessions (the token stored hashed) with their CSRF token,
     * and who reopened a suppressed alert, why */
    ("CREATE TABLE credentials(user TEXT PRIMARY KEY REFERENCES users(name),"
     " pwhash TEXT NOT NULL, set_at TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,"
     " locked_until TEXT);"
     "CREATE TABLE sessions(token_hash BLOB PRIMARY KEY, user TEXT NOT NULL REFERENCES"
     " users(name), csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);"
     "ALTER TABLE alerts ADD COLUMN reopened_by TEXT REFERENCES users(name);"
     "ALTER TABLE alerts ADD COLUMN reopen_reason TEXT;"),
};
#define N_MIGRATIONS (sizeof k_migrations / sizeof k_migrations[0])
_Static_assert(N_MIGRATIONS == VG_STORE_SCHEMA_VERSION, "one migration per schema version");

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

vg_status vg__store_fail(vg_store *st, vg_status rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
    /* An I/O failure names its OS cause: "disk I/O error" alone does not
     * say that the disk is full (ENOSPC, EFBIG) or read-only. */
    int sys = st->db ? sqlite3_system_errno(st->db) : 0;
    int ec = st->db ? sqlite3_errcode(st->db) : SQLITE_OK;
    if (sys && (ec == SQLITE_IOERR || ec == SQLITE_FULL || ec == SQLITE_CANTOPEN)) {
        size_t n = strlen(st->errmsg);
        snprintf(st->errmsg + n, sizeof st->errmsg - n, " (%s)", strerror(sys));
    }
    return rc;
}

const char *vg_store_errmsg(const vg_store *st)
{
    return st ? st->errmsg : "no store";
}

sqlite3_stmt *vg__store_prep(vg_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

vg_status vg__store_exec(vg_store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vg__store_fail(st, VG_EIO, "sqlite: %s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return VG_EIO;
    }
    return VG_OK;
}

void vg__store_time(const vg_store *st, int days, char out[32])
{
    time_t t = st->clock ? st->clock : time(NULL);
    t += (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

vg_status vg__store_tx_start(vg_store *st, bool *own)
{
    *own = false;
    if (st->in_tx || !sqlite3_get_autocommit(st->db))
        return VG_OK; /* the caller's transaction, or an outer operation's */
    vg_status rc = vg__store_exec(st, "BEGIN IMMEDIATE");
    if (rc == VG_OK)
        *own = true;
    return rc;
}

vg_status vg__store_tx_end(vg_store *st, bool own, vg_status rc)
{
    if (!own)
        return rc;
    if (rc == VG_OK)
        rc = vg__store_exec(st, "COMMIT");
    if (rc != VG_OK)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

vg_status vg_store_begin(vg_store *st)
{
    if (st->in_tx)
        return vg__store_fail(st, VG_EINVAL, "a transaction is already open");
    vg_status rc = vg__store_exec(st, "BEGIN IMMEDIATE");
    if (rc == VG_OK)
        st->in_tx = true;
    return rc;
}

vg_status vg_store_commit(vg_store *st)
{
    if (!st->in_tx)
        return vg__store_fail(st, VG_EINVAL, "no open transaction");
    st->in_tx = false;
    vg_status rc = vg__store_exec(st, "COMMIT");
    if (rc != VG_OK)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

void vg_store_rollback(vg_store *st)
{
    if (st && st->in_tx) {
        st->in_tx = false;
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

static vg_status step_done(vg_store *st, sqlite3_stmt *s)
{
    int r = sqlite3_step(s);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        return vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    return VG_OK;
}

/* ------------------------------------------------------------------------ */
/* Open, migrate, close                                                     */
/* ------------------------------------------------------------------------ */

static int read_version(vg_store *st)
{
    int v = -1;
    sqlite3_stmt *s = vg__store_prep(st, "SELECT max(version) FROM schema_version");
    if (s && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static vg_status migrate(vg_store *st)
{
    vg_status rc = vg__store_exec(st, "CREATE TABLE IF NOT EXISTS schema_version("
                                      "version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
    sqlite3_stmt *ins = NULL;
    if (rc != VG_OK)
        goto out;
    int v = read_version(st);
    if (v < 0) {
        rc = VG_EIO;
        goto out;
    }
    if (v > (int)N_MIGRATIONS) {
        rc = vg__store_fail(st, VG_EFORMAT, "store schema %d is newer than this vigil (%d)", v,
                            (int)N_MIGRATIONS);
        goto out;
    }
    for (size_t i = (size_t)v; i < N_MIGRATIONS; i++) {
        char now[32];
        vg__store_time(st, 0, now);
        if ((rc = vg__store_exec(st, "BEGIN IMMEDIATE")) != VG_OK)
            goto out;
        rc = vg__store_exec(st, k_migrations[i]);
        if (rc == VG_OK) {
            ins = vg__store_prep(st, "INSERT INTO schema_version VALUES(?1, ?2)");
            if (!ins) {
                rc = VG_EIO;
            } else {
                sqlite3_bind_int(ins, 1, (int)i + 1);
                sqlite3_bind_text(ins, 2, now, -1, SQLITE_TRANSIENT);
                rc = step_done(st, ins);
                sqlite3_finalize(ins);
                ins = NULL;
            }
        }
        if (rc == VG_OK)
            rc = vg__store_exec(st, "COMMIT");
        if (rc != VG_OK) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            goto out;
        }
    }
out:
    sqlite3_finalize(ins);
    return rc;
}

void vg_store_policy_default(vg_store_policy *p)
{
    p->four_eyes_score = 0.90;
    p->suppression_days = 365;
    p->mask_after_days = 183;
    p->delete_after_days = 1826;
}

static vg_status check_perm(vg_store *st, const char *user, vg_perm p);

/* Policy keys in the settings table, in vg_store_policy order. */
static const char *const k_policy_keys[] = {"four_eyes_score", "suppression_days",
                                            "mask_after_days", "delete_after_days"};

static double *policy_field(vg_store_policy *p, size_t i, int **ip)
{
    *ip = NULL;
    switch (i) {
    case 0:
        return &p->four_eyes_score;
    case 1:
        *ip = &p->suppression_days;
        break;
    case 2:
        *ip = &p->mask_after_days;
        break;
    default:
        *ip = &p->delete_after_days;
        break;
    }
    return NULL;
}

static vg_status load_policy(vg_store *st)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = vg__store_prep(st, "SELECT value FROM settings WHERE key = ?1");
    if (!s)
        return VG_EIO;
    for (size_t i = 0; i < 4; i++) {
        int *ip;
        double *dp = policy_field(&st->pol, i, &ip);
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, k_policy_keys[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_ROW)
            continue;
        double v = sqlite3_column_double(s, 0);
        if (dp)
            *dp = v;
        else
            *ip = (int)v;
    }
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_policy_save(vg_store *st, const char *actor, const vg_store_policy *p)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char details[256];
    vg_store_policy copy = *p;
    if (p->four_eyes_score < 0 || p->four_eyes_score > 1 || p->suppression_days < 0 ||
        p->mask_after_days < 0 || p->delete_after_days < p->mask_after_days)
        return vg__store_fail(st, VG_EINVAL, "bad policy values");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = check_perm(st, actor, VG_PERM_ADMIN)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "INSERT OR REPLACE INTO settings(key, value) VALUES(?1, ?2)"))) {
        rc = VG_EIO;
        goto out;
    }
    for (size_t i = 0; i < 4; i++) {
        int *ip;
        double *dp = policy_field(&copy, i, &ip);
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, k_policy_keys[i], -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 2, dp ? *dp : (double)*ip);
        if ((rc = step_done(st, s)) != VG_OK)
            goto out;
    }
    snprintf(details, sizeof details,
             "{\"four_eyes_score\":%.4f,\"suppression_days\":%d,\"mask_after_days\":%d,"
             "\"delete_after_days\":%d}",
             p->four_eyes_score, p->suppression_days, p->mask_after_days, p->delete_after_days);
    if ((rc = vg_store_audit(st, actor, "policy.set", "settings", details)) != VG_OK)
        goto out;
    st->pol = copy;
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

void vg_store_get_policy(const vg_store *st, vg_store_policy *out)
{
    *out = st->pol;
}

vg_status vg_store_open(const char *path, const vg_allocator *a, vg_store **out, vg_err *err)
{
    vg_status rc = VG_OK;
    vg_store *st = NULL;
    *out = NULL;
    if (!a)
        a = vg_allocator_default();
    if (!path) {
        rc = vg_err_set(err, VG_EINVAL, NULL, 0, "no store path");
        goto out;
    }
    if (sodium_init() < 0) {
        rc = vg_err_set(err, VG_EINTERNAL, path, 0, "libsodium failed to initialise");
        goto out;
    }
    st = vg__calloc(a, sizeof *st);
    if (!st) {
        rc = VG_ENOMEM;
        goto out;
    }
    st->alloc = *a;
    vg_store_policy_default(&st->pol);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = vg_err_set(err, VG_EIO, path, 0, "cannot open store: %s",
                        st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(st->db, 10000);
    if ((rc = vg__store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                                 " PRAGMA synchronous=NORMAL")) != VG_OK ||
        (rc = migrate(st)) != VG_OK) {
        vg_err_set(err, rc, path, 0, "%s", st->errmsg);
        goto out;
    }
    if ((rc = load_policy(st)) != VG_OK) {
        vg_err_set(err, rc, path, 0, "%s", st->errmsg);
        goto out;
    }
    *out = st;
    st = NULL;
out:
    vg_store_close(st);
    return rc;
}

void vg_store_close(vg_store *st)
{
    if (!st)
        return;
    vg_store_rollback(st);
    sqlite3_close_v2(st->db);
    for (size_t i = 0; i < sizeof st->keep / sizeof st->keep[0]; i++)
        vg__store_strfree(st, st->keep[i]);
    sodium_memzero(st->sk, sizeof st->sk);
    vg_allocator a = st->alloc;
    vg__free(&a, st, sizeof *st);
}

int vg_store_schema_version(vg_store *st)
{
    return read_version(st);
}

void vg_store_set_policy(vg_store *st, const vg_store_policy *p)
{
    st->pol = *p;
}

void vg_store_set_clock(vg_store *st, time_t now)
{
    st->clock = now;
}

void vg_store_set_key(vg_store *st, const uint8_t sk[64])
{
    memcpy(st->sk, sk, 64);
    st->has_key = true;
}

/* ------------------------------------------------------------------------ */
/* Roles and users                                                          */
/* ------------------------------------------------------------------------ */

static const char *const k_roles[VG_ROLE__COUNT] = {"analyst", "supervisor", "auditor", "admin"};

/* The permission matrix (docs/store.md): rows are roles, columns vg_perm. */
static const bool k_matrix[VG_ROLE__COUNT][VG_PERM__COUNT] = {
    /*              screen view  decide sign  audit admin */
    [VG_ROLE_ANALYST] = {true, true, true, false, false, false},
    [VG_ROLE_SUPERVISOR] = {true, true, true, true, false, false},
    [VG_ROLE_AUDITOR] = {false, true, false, false, true, false},
    [VG_ROLE_ADMIN] = {true, false, false, false, true, true},
};

const char *vg_role_name(vg_role r)
{
    return (unsigned)r < VG_ROLE__COUNT ? k_roles[r] : "unknown";
}

bool vg_role_parse(const char *s, vg_role *out)
{
    for (int i = 0; s && i < VG_ROLE__COUNT; i++)
        if (strcmp(s, k_roles[i]) == 0) {
            *out = (vg_role)i;
            return true;
        }
    return false;
}

bool vg_role_allows(vg_role r, vg_perm p)
{
    return (unsigned)r < VG_ROLE__COUNT && (unsigned)p < VG_PERM__COUNT && k_matrix[r][p];
}

vg_status vg_store_user_role(vg_store *st, const char *name, vg_role *out)
{
    vg_status rc = VG_ENOENT;
    sqlite3_stmt *s = vg__store_prep(st, "SELECT role FROM users WHERE name = ?1 AND active");
    if (!s)
        return VG_EIO;
    sqlite3_bind_text(s, 1, name ? name : "", -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW &&
        vg_role_parse((const char *)sqlite3_column_text(s, 0), out))
        rc = VG_OK;
    else
        vg__store_fail(st, rc, "no such user '%s'", name ? name : "");
    sqlite3_finalize(s);
    return rc;
}

/* VG_OK when `user` exists and its role allows `p`. */
static vg_status check_perm(vg_store *st, const char *user, vg_perm p)
{
    static const char *const names[VG_PERM__COUNT] = {"screen", "view", "decide", "sign off",
                                                      "export the audit trail", "administer"};
    vg_role r;
    vg_status rc = vg_store_user_role(st, user, &r);
    if (rc != VG_OK)
        return vg__store_fail(st, VG_EPERM, "no such user '%s'", user ? user : "");
    if (!vg_role_allows(r, p))
        return vg__store_fail(st, VG_EPERM, "%s '%s' may not %s", k_roles[r], user, names[p]);
    return VG_OK;
}

vg_status vg__store_check_perm(vg_store *st, const char *user, vg_perm p)
{
    return check_perm(st, user, p);
}

static int64_t count_users(vg_store *st)
{
    int64_t n = -1;
    sqlite3_stmt *s = vg__store_prep(st, "SELECT count(*) FROM users");
    if (s && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

vg_status vg_store_user_add(vg_store *st, const char *actor, const char *name, vg_role role)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32], details[96];
    if (!name || !*name || strlen(name) > 64 || (unsigned)role >= VG_ROLE__COUNT)
        return vg__store_fail(st, VG_EINVAL, "bad user name or role");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    int64_t n = count_users(st);
    if (n < 0) {
        rc = VG_EIO;
        goto out;
    }
    if (n == 0) {
        if (role != VG_ROLE_ADMIN) {
            rc = vg__store_fail(st, VG_EINVAL, "the first user must be an admin");
            goto out;
        }
        actor = name;
    } else if ((rc = check_perm(st, actor, VG_PERM_ADMIN)) != VG_OK) {
        goto out;
    }
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "INSERT INTO users(name, role, created_at) VALUES(?1, ?2, ?3)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, k_roles[role], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EINVAL, "cannot add user '%s': %s", name,
                            sqlite3_errmsg(st->db));
        goto out;
    }
    snprintf(details, sizeof details, "{\"role\":\"%s\"}", k_roles[role]);
    rc = vg_store_audit(st, actor, "user.add", name, details);
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

/* ------------------------------------------------------------------------ */
/* Lists                                                                    */
/* ------------------------------------------------------------------------ */

static vg_status list_row(vg_store *st, const char *source, const char *version, int64_t *id)
{
    vg_status rc = VG_OK;
    char now[32];
    sqlite3_stmt *s = vg__store_prep(st, "SELECT id FROM lists WHERE source = ?1 AND version = ?2");
    if (!s)
        return VG_EIO;
    sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, version, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        goto out;
    }
    sqlite3_finalize(s);
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "INSERT INTO lists(source, version, loaded_at) VALUES(?1,?2,?3)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, version, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(st, s)) == VG_OK)
        *id = sqlite3_last_insert_rowid(st->db);
out:
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_list_entity(vg_store *st, const char *source, const char *version,
                               const char *entity_id, const uint8_t hash[32],
                               const char *snapshot_json)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    int64_t lid = 0;
    if (!source || !version || !entity_id || !hash)
        return vg__store_fail(st, VG_EINVAL, "list entity needs source, version, id, hash");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK || (rc = list_row(st, source, version, &lid)))
        goto out;
    if (!(s = vg__store_prep(st, "INSERT OR IGNORE INTO list_entities(list_id, entity_id,"
                                 " content_hash, snapshot) VALUES(?1, ?2, ?3, ?4)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, lid);
    sqlite3_bind_text(s, 2, entity_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, hash, 32, SQLITE_TRANSIENT);
    if (snapshot_json)
        sqlite3_bind_text(s, 4, snapshot_json, -1, SQLITE_TRANSIENT);
    rc = step_done(st, s);
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

/* ------------------------------------------------------------------------ */
/* Person key                                                               */
/* ------------------------------------------------------------------------ */

static int cmp_tok(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void vg_store_person_key(const char *name, const vg_date *birth, const char *doc,
                         uint8_t out[32])
{
    /* Tokens are runs of letters/digits (any non-ASCII byte counts as a
     * letter), lower-cased and sorted so that token order does not matter. */
    char buf[512], *toks[64];
    size_t n = 0, len = 0;
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, (const unsigned char *)"vigil-person-v1", 15);
    for (const char *p = name ? name : ""; *p && n < 64;) {
        while (*p && ((unsigned char)*p < 0x80 && !isalnum((unsigned char)*p)))
            p++;
        if (!*p)
            break;
        toks[n++] = buf + len;
        while (*p && ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p))) {
            if (len < sizeof buf - 2)
                buf[len++] = (char)tolower((unsigned char)*p);
            p++;
        }
        buf[len++] = '\0';
        if (len >= sizeof buf - 2)
            break;
    }
    qsort(toks, n, sizeof toks[0], cmp_tok);
    for (size_t i = 0; i < n; i++) {
        crypto_generichash_update(&h, (const unsigned char *)toks[i], strlen(toks[i]));
        crypto_generichash_update(&h, (const unsigned char *)" ", 1);
    }
    char d[32] = "";
    if (birth && birth->year)
        vg_date_format(birth, d, sizeof d);
    crypto_generichash_update(&h, (const unsigned char *)"\x1f", 1);
    crypto_generichash_update(&h, (const unsigned char *)d, strlen(d));
    crypto_generichash_update(&h, (const unsigned char *)"\x1f", 1);
    for (const char *p = doc ? doc : ""; *p; p++)
        if (isalnum((unsigned char)*p)) {
            char c = (char)toupper((unsigned char)*p);
            crypto_generichash_update(&h, (const unsigned char *)&c, 1);
        }
    crypto_generichash_final(&h, out, 32);
}

/* ------------------------------------------------------------------------ */
/* Runs and screened people                                                 */
/* ------------------------------------------------------------------------ */

vg_status vg_store_run_begin(vg_store *st, const char *actor, const char *engine_version,
                             const char *params_json, const char *lists_json, int64_t *run_id)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32], obj[32];
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = check_perm(st, actor, VG_PERM_SCREEN)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "INSERT INTO runs(actor, engine_version, parameters,"
                                 " list_versions, started_at) VALUES(?1,?2,?3,?4,?5)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, actor, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, engine_version ? engine_version : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, params_json ? params_json : "{}", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, lists_json ? lists_json : "[]", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(st, s)) != VG_OK)
        goto out;
    *run_id = sqlite3_last_insert_rowid(st->db);
    snprintf(obj, sizeof obj, "run/%lld", (long long)*run_id);
    /* parameters and list versions hold no personal data */
    rc = vg_store_audit(st, actor, "run.start", obj, lists_json ? lists_json : "[]");
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

vg_status vg_store_run_end(vg_store *st, int64_t run_id, int64_t n_screened, int64_t n_alerts)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32], obj[32], details[96], actor[80] = "";
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "UPDATE runs SET ended_at = ?1, n_screened = ?2, n_alerts = ?3"
                                 " WHERE id = ?4 RETURNING actor"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, n_screened);
    sqlite3_bind_int64(s, 3, n_alerts);
    sqlite3_bind_int64(s, 4, run_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_ENOENT, "no run %lld", (long long)run_id);
        goto out;
    }
    snprintf(actor, sizeof actor, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    s = NULL;
    snprintf(obj, sizeof obj, "run/%lld", (long long)run_id);
    snprintf(details, sizeof details, "{\"screened\":%lld,\"alerts\":%lld}",
             (long long)n_screened, (long long)n_alerts);
    rc = vg_store_audit(st, actor, "run.end", obj, details);
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

vg_status vg_store_screened_add(vg_store *st, int64_t run_id, const char *provenance_json,
                                const char *query_json, const uint8_t person_key[32],
                                int64_t *screened_id)
{
    vg_status rc = VG_OK;
    char now[32];
    sqlite3_stmt *s = vg__store_prep(st, "INSERT INTO screened(run_id, provenance, query,"
                                         " person_key, screened_at) VALUES(?1,?2,?3,?4,?5)");
    if (!s)
        return VG_EIO;
    vg__store_time(st, 0, now);
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, provenance_json ? provenance_json : "{}", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, query_json ? query_json : "{}", -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 4, person_key, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(st, s)) == VG_OK && screened_id)
        *screened_id = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(s);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Alerts                                                                   */
/* ------------------------------------------------------------------------ */

static const char *const k_status[VG_ALERT__COUNT] = {
    "open", "pending_signoff", "cleared", "confirmed", "escalated", "closed_delisted",
    "suppressed"};

const char *vg_alert_status_name(vg_alert_status s)
{
    return (unsigned)s < VG_ALERT__COUNT ? k_status[s] : "unknown";
}

bool vg_alert_status_parse(const char *s, vg_alert_status *out)
{
    for (int i = 0; s && i < VG_ALERT__COUNT; i++)
        if (strcmp(s, k_status[i]) == 0) {
            *out = (vg_alert_status)i;
            return true;
        }
    return false;
}

/* The id of the remembered false positive that suppresses this alert, 0
 * when none: final, same person, same entity, same content, not expired. */
static vg_status find_memory(vg_store *st, const void *pkey, const char *entity_id,
                             const uint8_t hash[32], int64_t *dec)
{
    vg_status rc = VG_OK;
    char now[32];
    sqlite3_stmt *s = vg__store_prep(
        st, "SELECT id FROM decisions WHERE verdict = 'false_positive' AND final = 1"
            " AND person_key = ?1 AND entity_id = ?2 AND content_hash = ?3"
            " AND (expires_at IS NULL OR expires_at > ?4) ORDER BY id DESC LIMIT 1");
    *dec = 0;
    if (!s)
        return VG_EIO;
    vg__store_time(st, 0, now);
    sqlite3_bind_blob(s, 1, pkey, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, entity_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *dec = sqlite3_column_int64(s, 0);
    else if (r != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return rc;
}

static vg_status case_for(vg_store *st, const void *pkey, int64_t *case_id)
{
    vg_status rc = VG_OK;
    char now[32];
    vg__store_time(st, 0, now);
    sqlite3_stmt *s = vg__store_prep(st, "INSERT INTO cases(person_key, opened_at) VALUES(?1,?2)"
                                         " ON CONFLICT(person_key) DO UPDATE SET"
                                         " person_key = excluded.person_key RETURNING id");
    if (!s)
        return VG_EIO;
    sqlite3_bind_blob(s, 1, pkey, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW)
        *case_id = sqlite3_column_int64(s, 0);
    else
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_alert_add(vg_store *st, int64_t run_id, int64_t screened_id,
                             const char *entity_id, const char *list_version,
                             const uint8_t hash[32], double score, const char *explanation_json,
                             int64_t *alert_id, int64_t *suppressed_by)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    uint8_t pkey[32];
    int64_t dec = 0, case_id = 0, id = 0;
    char now[32], obj[32], actor[80] = "";
    vg_buf d;
    vg_buf_init(&d, &st->alloc, 4096);
    if (!entity_id || !list_version || !hash)
        return vg__store_fail(st, VG_EINVAL, "alert needs entity, list version and hash");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "SELECT s.person_key, r.actor FROM screened s JOIN runs r"
                                 " ON r.id = s.run_id WHERE s.id = ?1 AND s.run_id = ?2"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, screened_id);
    sqlite3_bind_int64(s, 2, run_id);
    if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_bytes(s, 0) != 32) {
        rc = vg__store_fail(st, VG_ENOENT, "no screened person %lld in run %lld",
                            (long long)screened_id, (long long)run_id);
        goto out;
    }
    memcpy(pkey, sqlite3_column_blob(s, 0), 32);
    snprintf(actor, sizeof actor, "%s", (const char *)sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    s = NULL;
    if ((rc = find_memory(st, pkey, entity_id, hash, &dec)) != VG_OK ||
        (rc = case_for(st, pkey, &case_id)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, "INSERT INTO alerts(run_id, screened_id, case_id, entity_id,"
                                 " list_version, content_hash, score, explanation, status,"
                                 " suppressed_by, created_at)"
                                 " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, screened_id);
    sqlite3_bind_int64(s, 3, case_id);
    sqlite3_bind_text(s, 4, entity_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, list_version, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 6, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_double(s, 7, score);
    if (explanation_json)
        sqlite3_bind_text(s, 8, explanation_json, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 9, dec ? "suppressed" : "open", -1, SQLITE_STATIC);
    if (dec)
        sqlite3_bind_int64(s, 10, dec);
    sqlite3_bind_text(s, 11, now, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(st, s)) != VG_OK)
        goto out;
    id = sqlite3_last_insert_rowid(st->db);
    snprintf(obj, sizeof obj, "alert/%lld", (long long)id);
    if ((rc = vg_buf_printf(&d, "{\"run\":%lld,\"screened\":%lld,\"case\":%lld,\"entity\":",
                            (long long)run_id, (long long)screened_id, (long long)case_id)) ||
        (rc = vg__store_json_str(&d, entity_id)) ||
        (rc = vg_buf_puts(&d, ",\"list_version\":")) ||
        (rc = vg__store_json_str(&d, list_version)) ||
        (rc = vg_buf_printf(&d, ",\"score\":%.4f", score)))
        goto out;
    if (dec && (rc = vg_buf_printf(&d, ",\"suppressed_by\":%lld", (long long)dec)))
        goto out;
    if ((rc = vg_buf_putc(&d, '}')) ||
        (rc = vg_store_audit(st, actor, dec ? "alert.suppressed" : "alert.raise", obj, d.ptr)))
        goto out;
    if (alert_id)
        *alert_id = id;
    if (suppressed_by)
        *suppressed_by = dec;
out:
    sqlite3_finalize(s);
    vg_buf_fini(&d);
    return vg__store_tx_end(st, own, rc);
}

char *vg__store_strdup(vg_store *st, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = vg__alloc(&st->alloc, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void vg__store_strfree(vg_store *st, char *s)
{
    if (s)
        vg__free(&st->alloc, s, strlen(s) + 1);
}

/* Keeps a copy of column `col` in slot `k` of the handle ("" on OOM). */
static const char *keep(vg_store *st, int k, sqlite3_stmt *s, int col)
{
    vg__store_strfree(st, st->keep[k]);
    st->keep[k] = NULL;
    const char *t = (const char *)sqlite3_column_text(s, col);
    if (!t)
        return NULL;
    st->keep[k] = vg__store_strdup(st, t);
    return st->keep[k] ? st->keep[k] : "";
}

#define ALERT_COLS                                                                              \
    "SELECT a.id, a.run_id, a.screened_id, a.case_id, coalesce(a.suppressed_by, 0),"            \
    " a.entity_id, a.list_version, a.explanation, s.query, a.created_at, a.score, a.status,"    \
    " (SELECT le.snapshot FROM list_entities le JOIN lists l ON l.id = le.list_id"              \
    "  WHERE le.entity_id = a.entity_id AND l.version = a.list_version LIMIT 1)"                \
    " FROM alerts a JOIN screened s ON s.id = a.screened_id"

static void read_alert(vg_store *st, sqlite3_stmt *s, vg_store_alert *a, bool full)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    a->run_id = sqlite3_column_int64(s, 1);
    a->screened_id = sqlite3_column_int64(s, 2);
    a->case_id = sqlite3_column_int64(s, 3);
    a->suppressed_by = sqlite3_column_int64(s, 4);
    if (full) {
        a->entity_id = keep(st, 0, s, 5);
        a->list_version = keep(st, 1, s, 6);
        a->explanation = keep(st, 2, s, 7);
        a->query = keep(st, 3, s, 8);
        a->created_at = keep(st, 4, s, 9);
        a->entity_snapshot = keep(st, 5, s, 12);
    } else {
        a->entity_id = (const char *)sqlite3_column_text(s, 5);
        a->list_version = (const char *)sqlite3_column_text(s, 6);
        a->created_at = (const char *)sqlite3_column_text(s, 9);
    }
    a->score = sqlite3_column_double(s, 10);
    vg_alert_status_parse((const char *)sqlite3_column_text(s, 11), &a->status);
}

vg_status vg_store_alert_get(vg_store *st, const char *user, int64_t id, vg_store_alert *out)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char obj[32];
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = check_perm(st, user, VG_PERM_VIEW)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, ALERT_COLS " WHERE a.id = ?1"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_ENOENT, "no alert %lld", (long long)id);
        goto out;
    }
    read_alert(st, s, out, true);
    snprintf(obj, sizeof obj, "alert/%lld", (long long)id);
    rc = vg_store_audit(st, user, "alert.view", obj, "{}");
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

vg_status vg_store_alerts_each(vg_store *st, const char *user, int status,
                               bool (*cb)(void *ud, const vg_store_alert *a), void *ud)
{
    vg_status rc = check_perm(st, user, VG_PERM_VIEW);
    sqlite3_stmt *s = NULL;
    if (rc != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, ALERT_COLS " WHERE ?1 IS NULL OR a.status = ?1 ORDER BY a.id"))) {
        rc = VG_EIO;
        goto out;
    }
    if (status >= 0)
        sqlite3_bind_text(s, 1, vg_alert_status_name((vg_alert_status)status), -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        vg_store_alert a;
        read_alert(st, s, &a, false);
        if (!cb(ud, &a))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
out:
    sqlite3_finalize(s);
    return rc;
}
