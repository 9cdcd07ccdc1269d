/* SPDX-License-Identifier: Apache-2.0 */
/* The analyst workbench store: screening runs, screened people, alerts,
 * decisions with four eyes, remembered false positives and a hash-chained,
 * Ed25519-signed audit trail, kept in one SQLite file. */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vigil/base.h"
#include "vigil/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Handle, policy, transactions                                             */
/* ------------------------------------------------------------------------ */

/* An open store. NOT thread-safe: one handle per thread (SQLite serialises
 * writers between handles and processes; WAL lets readers run alongside). */
typedef struct vg_store vg_store;

/* Schema version a fresh or migrated store ends at. */
#define VG_STORE_SCHEMA_VERSION 4

typedef struct vg_store_policy {
    double four_eyes_score;   /* clearing at or above needs sign-off (0.90) */
    int suppression_days;     /* a false positive is remembered this long (365) */
    int mask_after_days;      /* retention: depersonalise after (183) */
    int delete_after_days;    /* retention: delete after (1826) */
} vg_store_policy;

/* Opens (creating when absent) the store at `path` and migrates its schema
 * to VG_STORE_SCHEMA_VERSION in order; WAL mode, foreign keys on. `a` may
 * be NULL (default allocator; copied). On success *out is owned by the
 * caller (vg_store_close()). Fails with VG_EIO (cannot open, SQLite error),
 * VG_EFORMAT (a schema newer than this build), VG_ENOMEM; `err` (may be
 * NULL) says why. */
VG_API vg_status vg_store_open(const char *path, const vg_allocator *a, vg_store **out,
                               vg_err *err);
/* Closes the store and wipes the signing key. NULL is accepted. */
VG_API void vg_store_close(vg_store *st);

/* Schema version of the open store. */
VG_API int vg_store_schema_version(vg_store *st);

/* Default policy values (see vg_store_policy). Thread-safe. */
VG_API void vg_store_policy_default(vg_store_policy *p);
/* Replaces the policy of this handle only (copied), for tests and tools.
 * vg_store_open() loads the policy saved in the store (the defaults when
 * none was saved). */
VG_API void vg_store_set_policy(vg_store *st, const vg_store_policy *p);
/* Saves the policy in the store on behalf of admin `actor` (VG_EPERM
 * otherwise) and applies it to this handle; audited with its values.
 * VG_EINVAL for out-of-range values. */
VG_API vg_status vg_store_policy_save(vg_store *st, const char *actor, const vg_store_policy *p);
/* The policy in force on this handle. */
VG_API void vg_store_get_policy(const vg_store *st, vg_store_policy *out);
/* Fixes the store's clock (UTC seconds) for tests and replays; 0 returns to
 * the system clock. */
VG_API void vg_store_set_clock(vg_store *st, time_t now);

/* Sets the Ed25519 secret key (64 bytes, copied) that signs the audit
 * chain head. Every operation that writes the audit trail fails with
 * VG_EINVAL until a key is set. */
VG_API void vg_store_set_key(vg_store *st, const uint8_t sk[64]);

/* Groups the following operations into one transaction (one fsync, and a
 * crash rolls back the whole group). Without it each operation is its own
 * transaction. Nesting is refused with VG_EINVAL. */
VG_API vg_status vg_store_begin(vg_store *st);
VG_API vg_status vg_store_commit(vg_store *st);
VG_API void vg_store_rollback(vg_store *st);

/* Message of the last failure on `st` (static until the next call). */
VG_API const char *vg_store_errmsg(const vg_store *st);

/* Checks the file: SQLite's integrity_check and foreign_key_check. *ok is
 * false (and `msg`, size `cap`, says why) when either finds a problem.
 * Returns VG_EIO when the checks cannot run. */
VG_API vg_status vg_store_check(vg_store *st, bool *ok, char *msg, size_t cap);

/* ------------------------------------------------------------------------ */
/* Users and roles (permission matrix: docs/store.md)                       */
/* ------------------------------------------------------------------------ */

typedef enum vg_role {
    VG_ROLE_ANALYST = 0,
    VG_ROLE_SUPERVISOR,
    VG_ROLE_AUDITOR,
    VG_ROLE_ADMIN,
    VG_ROLE__COUNT
} vg_role;

typedef enum vg_perm {
    VG_PERM_SCREEN = 0,   /* record screening runs */
    VG_PERM_VIEW,         /* see alerts and screened personal data */
    VG_PERM_DECIDE,       /* record a verdict */
    VG_PERM_SIGN_OFF,     /* second pair of eyes */
    VG_PERM_AUDIT,        /* export the audit trail */
    VG_PERM_ADMIN,        /* users, list loads, retention */
    VG_PERM__COUNT
} vg_perm;

/* "analyst", ...; static. parse: false when unknown. Thread-safe. */
VG_API const char *vg_role_name(vg_role r);
VG_API bool vg_role_parse(const char *s, vg_role *out);
/* The written permission matrix as code. Thread-safe. */
VG_API bool vg_role_allows(vg_role r, vg_perm p);

/* Adds user `name` with `role`, on behalf of admin `actor`. The first user
 * of an empty store may be added with any actor and must be an admin.
 * Strings are borrowed. Fails with VG_EINVAL (exists, bad name), VG_ENOENT
 * / VG_EINVAL when `actor` is not an admin. Audited. */
VG_API vg_status vg_store_user_add(vg_store *st, const char *actor, const char *name, vg_role role);
/* Role of `name`; VG_ENOENT when there is no such active user. */
VG_API vg_status vg_store_user_role(vg_store *st, const char *name, vg_role *out);

/* ------------------------------------------------------------------------ */
/* Lists, runs, screened people, alerts                                     */
/* ------------------------------------------------------------------------ */

/* Records one entity of list (source, version) with its content hash and a
 * JSON snapshot (borrowed; may be NULL). The list row is created on first
 * use. Idempotent per (source, version, entity). Not audited per entity. */
VG_API vg_status vg_store_list_entity(vg_store *st, const char *source, const char *version,
                                      const char *entity_id, const uint8_t hash[32],
                                      const char *snapshot_json);

/* Person key: BLAKE2b-256 over the normalised name (ASCII-lower-cased
 * tokens, sorted), the birth date and the normalised first document
 * number. Any argument but `out` may be NULL. Thread-safe. */
VG_API void vg_store_person_key(const char *name, const vg_date *birth, const char *doc,
                                uint8_t out[32]);

/* Starts a run by `actor` (needs VG_PERM_SCREEN): engine version,
 * parameters and list versions as JSON text (borrowed). *run_id out. */
VG_API vg_status vg_store_run_begin(vg_store *st, const char *actor, const char *engine_version,
                                    const char *params_json, const char *lists_json,
                                    int64_t *run_id);
/* Ends a run with its counts; audited with the counts only. */
VG_API vg_status vg_store_run_end(vg_store *st, int64_t run_id, int64_t n_screened,
                                  int64_t n_alerts);

/* Records one screened person (no-hits too): provenance and query as JSON
 * (borrowed). *screened_id out. */
VG_API vg_status vg_store_screened_add(vg_store *st, int64_t run_id, const char *provenance_json,
                                       const char *query_json, const uint8_t person_key[32],
                                       int64_t *screened_id);

typedef enum vg_alert_status {
    VG_ALERT_OPEN = 0,
    VG_ALERT_PENDING_SIGNOFF, /* a decision waits for a supervisor */
    VG_ALERT_CLEARED,
    VG_ALERT_CONFIRMED,
    VG_ALERT_ESCALATED,
    VG_ALERT_CLOSED_DELISTED,
    VG_ALERT_SUPPRESSED,
    VG_ALERT__COUNT
} vg_alert_status;

VG_API const char *vg_alert_status_name(vg_alert_status s);
VG_API bool vg_alert_status_parse(const char *s, vg_alert_status *out);

/* Raises an alert of screened person `screened_id` against `entity_id` at
 * `list_version` whose content hash is `hash`. When a final, unexpired
 * false-positive decision exists for the same person key, entity and
 * content hash, the alert is stored as suppressed and *suppressed_by (may
 * be NULL) gets the decision id (0 otherwise). The alert joins the case of
 * its person (created on first alert). Audited without personal data. */
VG_API vg_status vg_store_alert_add(vg_store *st, int64_t run_id, int64_t screened_id,
                                    const char *entity_id, const char *list_version,
                                    const uint8_t hash[32], double score,
                                    const char *explanation_json, int64_t *alert_id,
                                    int64_t *suppressed_by);

/* ------------------------------------------------------------------------ */
/* Decisions and four eyes                                                  */
/* ------------------------------------------------------------------------ */

typedef enum vg_verdict {
    VG_VERDICT_CONFIRMED_MATCH = 0,
    VG_VERDICT_FALSE_POSITIVE,
    VG_VERDICT_NEEDS_ESCALATION,
} vg_verdict;

VG_API const char *vg_verdict_name(vg_verdict v);
VG_API bool vg_verdict_parse(const char *s, vg_verdict *out);

/* Records `user`'s verdict on an open or escalated alert with a non-empty
 * reason (borrowed). Confirming, or clearing at or above the policy's
 * four_eyes_score, leaves the alert pending sign-off; otherwise the
 * decision is final. Fails with VG_EPERM (role), VG_EINVAL (empty reason,
 * alert not decidable), VG_ENOENT (no alert). *decision_id may be NULL. */
VG_API vg_status vg_store_decide(vg_store *st, int64_t alert_id, vg_verdict v, const char *reason,
                                 const char *user, int64_t *decision_id);
/* A supervisor other than the deciding analyst makes the pending decision
 * on `alert_id` final. VG_EPERM (role or same person), VG_EINVAL (nothing
 * pending). */
VG_API vg_status vg_store_sign_off(vg_store *st, int64_t alert_id, const char *supervisor);

/* A supervisor other than the deciding analyst sends the pending decision
 * on `alert_id` back with a reason (borrowed, non-empty): the decision is
 * kept, marked rejected, never becomes final, and the alert is open again.
 * Errors as vg_store_sign_off(). Audited (without the reason). */
VG_API vg_status vg_store_reject(vg_store *st, int64_t alert_id, const char *supervisor,
                                 const char *reason);

/* One alert as stored. Strings are owned by the store and valid until the
 * next call on `st`. */
typedef struct vg_store_alert {
    int64_t id, run_id, screened_id, case_id, suppressed_by;
    const char *entity_id, *list_version, *explanation, *query, *created_at;
    double score;
    vg_alert_status status;
    /* the entity as it was at list_version (JSON; NULL when not stored);
     * filled by vg_store_alert_get() only */
    const char *entity_snapshot;
} vg_store_alert;

/* Reads alert `id` on behalf of `user` (VG_PERM_VIEW); the view of personal
 * data is audited. VG_ENOENT when absent. */
VG_API vg_status vg_store_alert_get(vg_store *st, const char *user, int64_t id,
                                    vg_store_alert *out);

/* Calls `cb` for each alert (optionally only `status`, -1 for all), in id
 * order, on behalf of `user` (VG_PERM_VIEW). `cb` returns false to stop.
 * Listing (ids, scores, entity ids) is not audited; alert_get is. */
VG_API vg_status vg_store_alerts_each(vg_store *st, const char *user, int status,
                                      bool (*cb)(void *ud, const vg_store_alert *a), void *ud);

/* ------------------------------------------------------------------------ */
/* List changes and retention                                               */
/* ------------------------------------------------------------------------ */

/* Calls `cb` with the latest screening (id, query JSON) of each distinct
 * person whose data is not masked, on behalf of `user` (VG_PERM_SCREEN),
 * for re-screening after a list change. The rows are read first, so `cb`
 * may write to the store. `cb` returns false to stop; its strings are
 * valid during the call. */
VG_API vg_status vg_store_people_each(vg_store *st, const char *user,
                                      bool (*cb)(void *ud, int64_t screened_id,
                                                 const char *query_json),
                                      void *ud);

/* Closes every undecided alert (open, pending_signoff, escalated) against
 * `entity_id`, which left its list, as closed_delisted, on behalf of
 * `actor` (VG_PERM_SCREEN). *n_closed (may be NULL) gets the count.
 * Audited. */
VG_API vg_status vg_store_close_delisted(vg_store *st, const char *actor, const char *entity_id,
                                         int64_t *n_closed);

/* Retention on behalf of `actor` (VG_PERM_ADMIN): screened people older
 * than the policy's mask_after_days are depersonalised (query, provenance
 * and the explanations of their alerts replaced by a marker; the person key
 * stays so that reviewed negatives keep suppressing repeats), and those
 * older than delete_after_days are deleted with their alerts and the
 * decisions on them. The audit records the counts, never the data. */
VG_API vg_status vg_store_retention_run(vg_store *st, const char *actor, int64_t *n_masked,
                                        int64_t *n_deleted);

/* ------------------------------------------------------------------------ */
/* Audit trail                                                              */
/* ------------------------------------------------------------------------ */

/* One audit record. hash = BLAKE2b-256(prev_hash || canonical record), the
 * canonical record being "vigil-audit-v1" then each of seq (decimal), time,
 * actor, action, object, details as "<byte length>:<bytes>\n". The first
 * record's prev_hash is 32 zero bytes. The chain head signature is
 * Ed25519 over "vigil-audit-head-v1" + seq (8 bytes big-endian) + hash. */
typedef struct vg_audit_record {
    int64_t seq;
    const char *time, *actor, *action, *object, *details;
    uint8_t prev_hash[32];
    uint8_t hash[32];
} vg_audit_record;

typedef struct vg_audit_report {
    bool ok;
    int64_t n_records;
    int64_t first_bad; /* seq of the first bad record; 0 when ok */
    char reason[200];
} vg_audit_report;

/* Appends a record by `actor` (borrowed strings; `details` is JSON text,
 * "{}" when NULL) and re-signs the head. Needs a key. */
VG_API vg_status vg_store_audit(vg_store *st, const char *actor, const char *action,
                                const char *object, const char *details);

/* Computes the hash of `r` from its fields and prev_hash. Thread-safe. */
VG_API void vg_audit_record_hash(const vg_audit_record *r, uint8_t out[32]);

/* Verifies records (in the order given), links, the head (seq, hash) and
 * its signature under `pk`. Fills `rep`; returns VG_OK even when the chain
 * is bad (rep->ok false). Thread-safe. */
VG_API vg_status vg_audit_verify_records(const vg_audit_record *recs, size_t n, int64_t head_seq,
                                         const uint8_t head_hash[32], const uint8_t sig[64],
                                         const uint8_t pk[32], vg_audit_report *rep);
/* Verifies the store's chain and signed head, then every stored decision
 * against its audited record (verdict, score, hash of the reason), all read
 * in one transaction: others (processes, or threads with their own store)
 * may append meanwhile without a false report. Not thread-safe on one
 * `st`. */
VG_API vg_status vg_store_audit_verify(vg_store *st, const uint8_t pk[32], vg_audit_report *rep);
/* On behalf of `actor` (VG_PERM_AUDIT; VG_EPERM otherwise) appends an
 * "audit.export" record, then writes a bundle to directory `dir` (created
 * when absent): audit.jsonl, head.json, pubkey.hex, README.md. `pk` is the
 * public key to ship. Needs a key. */
VG_API vg_status vg_store_audit_export(vg_store *st, const char *actor, const char *dir,
                                       const uint8_t pk[32], vg_err *err);

/* Creates an Ed25519 key pair: secret key hex in `path` (mode 0600),
 * public key hex in "<path>.pub". Refuses to overwrite (VG_EINVAL). */
VG_API vg_status vg_audit_keygen(const char *path, vg_err *err);
/* Loads a secret key file (64 bytes hex) or a public key file (32 bytes
 * hex; a secret key file also yields its public key). */
VG_API vg_status vg_audit_key_load(const char *path, uint8_t sk[64], vg_err *err);
VG_API vg_status vg_audit_pubkey_load(const char *path, uint8_t pk[32], vg_err *err);

/* Hex helpers: writes 2n+1 bytes; parse returns false unless exactly n
 * bytes of hex. Thread-safe. */
VG_API void vg_hex_encode(const uint8_t *p, size_t n, char *out);
VG_API bool vg_hex_decode(const char *s, uint8_t *out, size_t n);

/* ------------------------------------------------------------------------ */
/* Console: passwords, sessions, lockout (session.c)                        */
/* ------------------------------------------------------------------------ */

#define VG_STORE_LOCK_FAILURES 5    /* failed logins in a row that lock ... */
#define VG_STORE_LOCK_SECONDS 900   /* ... the account for this long */
#define VG_STORE_PASSWORD_MIN 8     /* bytes */
#define VG_STORE_PASSWORD_MAX 256
#define VG_STORE_SESSION_TTL 28800  /* default session lifetime, seconds */

/* Sets (or replaces) the password of active user `name`, on behalf of admin
 * `actor` (VG_EPERM otherwise): stored as an Argon2id hash
 * (crypto_pwhash_str, libsodium's interactive limits), the failure count
 * and any lock cleared, every session of `name` ended. VG_EINVAL for a
 * password shorter than VG_STORE_PASSWORD_MIN or longer than _MAX bytes,
 * VG_ENOENT for an unknown user. Strings are borrowed. Audited without
 * the password or its hash. */
VG_API vg_status vg_store_password_set(vg_store *st, const char *actor, const char *name,
                                       const char *password);

/* A console session. Plain value struct (caller's storage). */
typedef struct vg_store_session {
    char user[65];
    vg_role role;
    char token[65];      /* 64 hex chars; filled by vg_store_login() only */
    char csrf[65];       /* 64 hex chars, sent back on every state change */
    char expires_at[32]; /* "YYYY-MM-DDTHH:MM:SSZ" */
} vg_store_session;

/* Checks `name`'s password and opens a session of `ttl_seconds` (<= 0:
 * VG_STORE_SESSION_TTL). The token and CSRF token are 32 random bytes each
 * (hex); the store keeps only the BLAKE2b hash of the token. Fails with
 * VG_EPERM for an unknown user, a user without a password or a wrong
 * password (one message for all three), VG_ELIMIT while the account is
 * locked: VG_STORE_LOCK_FAILURES wrong passwords in a row lock it for
 * VG_STORE_LOCK_SECONDS (the lock is audited, as are logins and failures of
 * known users). Failures are recorded even though the call fails. The
 * password check (Argon2id, tens of milliseconds) runs outside any store
 * transaction. Strings are borrowed; *out is filled on success only. */
VG_API vg_status vg_store_login(vg_store *st, const char *name, const char *password,
                                int ttl_seconds, vg_store_session *out);
/* The unexpired session of an active user whose token is `token` (the hex
 * from vg_store_login()); out->token is left empty. VG_ENOENT otherwise. */
VG_API vg_status vg_store_session_get(vg_store *st, const char *token, vg_store_session *out);
/* Ends the session `token` (audited as session.logout). VG_ENOENT when no
 * such session. */
VG_API vg_status vg_store_logout(vg_store *st, const char *token);

/* ------------------------------------------------------------------------ */
/* Console: workbench views as JSON, reopening (views.c)                    */
/* ------------------------------------------------------------------------ */

/* Filters of the alert queue. vg_store_queue_filter_init() sets "all". */
typedef struct vg_store_queue_filter {
    int status;         /* vg_alert_status, -1 for all */
    const char *list;   /* list source ("un", "ofac"), NULL for all; borrowed */
    const char *flight; /* PAXLST flight number, NULL for all; borrowed */
    double score_min, score_max;
    int min_age_days;   /* raised at least this many days ago (0: no bound) */
    int max_age_days;   /* raised at most this many days ago (0: no bound) */
    int limit, offset;  /* page (limit 1..500, default 100) */
} vg_store_queue_filter;

VG_API void vg_store_queue_filter_init(vg_store_queue_filter *f);

/* The views below return a JSON document in *out (NUL-terminated; caller
 * frees with vg_store_text_free()) on behalf of `user`, whose role must
 * allow the permission named; VG_EPERM otherwise. Layouts: docs/store.md. */

/* The alert queue (VG_PERM_VIEW): {"total", "counts": {status: n},
 * "alerts": [...]}, counts over every status under the other filters. It
 * holds no data of the screened person (ids, scores, entity, list, flight,
 * age), so it is not audited. */
VG_API vg_status vg_store_queue_json(vg_store *st, const char *user,
                                     const vg_store_queue_filter *f, char **out);
/* One alert with the screened record, its provenance, the explanation, the
 * entity as it was at that list version, its decisions and the decision
 * suppressing it (VG_PERM_VIEW). Audited as alert.view. VG_ENOENT. */
VG_API vg_status vg_store_alert_json(vg_store *st, const char *user, int64_t id, char **out);
/* Decisions waiting for a second pair of eyes, with their reasons
 * (VG_PERM_SIGN_OFF). Audited as signoff.view (counts only). */
VG_API vg_status vg_store_signoff_json(vg_store *st, const char *user, char **out);
/* One case: the person's screenings and every alert (VG_PERM_VIEW).
 * Audited as case.view. VG_ENOENT. */
VG_API vg_status vg_store_case_json(vg_store *st, const char *user, int64_t case_id, char **out);
/* Up to `limit` (1..1000) audit records after `after_seq`, newest last, and
 * the head seq (VG_PERM_AUDIT). Audited as audit.view. */
VG_API vg_status vg_store_audit_json(vg_store *st, const char *user, int64_t after_seq, int limit,
                                     char **out);
/* Frees a document of the views above. NULL is accepted. */
VG_API void vg_store_text_free(vg_store *st, char *s);

/* Reopens suppressed alert `alert_id` on behalf of `user` (VG_PERM_DECIDE)
 * with a non-empty reason (borrowed): the alert becomes open and no
 * longer points at the suppressing decision, which stays as it was and is
 * named in the audit record (with a hash of the reason). VG_EINVAL (no reason, not suppressed), VG_ENOENT. */
VG_API vg_status vg_store_alert_reopen(vg_store *st, int64_t alert_id, const char *user,
                                       const char *reason);

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_STORE_H */
