/* SPDX-License-Identifier: Apache-2.0 */
/* The console's views of the store as JSON documents built by SQLite's
 * JSON functions (the alert queue with filters and counts, one alert with
 * its evidence, the sign-off queue, a case, the audit trail), and
 * reopening a suppressed alert. Views of personal data are audited. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

void vg_store_queue_filter_init(vg_store_queue_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
    f->score_min = 0.0;
    f->score_max = 1.0;
    f->limit = 100;
}

void vg_store_text_free(vg_store *st, char *s)
{
    if (st)
        vg__store_strfree(st, s);
}

/* The entity's first name as captured at the alert's list version (list
 * data, not the screened person's). */
#define CAPTION_SQL                                                                             \
    "(SELECT json_extract(le.snapshot, '$.names[0].full') FROM list_entities le JOIN lists l"   \
    " ON l.id = le.list_id WHERE le.entity_id = a.entity_id AND l.version = a.list_version"     \
    " LIMIT 1)"
#define SOURCE_SQL                                                                              \
    "(SELECT l.source FROM list_entities le JOIN lists l ON l.id = le.list_id"                  \
    " WHERE le.entity_id = a.entity_id AND l.version = a.list_version LIMIT 1)"

/* Steps `s` (prepared and bound) to its single text row and copies it. */
static vg_status one_text(vg_store *st, sqlite3_stmt *s, char **out, const char *what)
{
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW)
        return r == SQLITE_DONE ? vg__store_fail(st, VG_ENOENT, "no %s", what)
                                : vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    const char *t = (const char *)sqlite3_column_text(s, 0);
    if (!t)
        return vg__store_fail(st, VG_ENOENT, "no %s", what);
    if (!(*out = vg__store_strdup(st, t)))
        return VG_ENOMEM;
    return VG_OK;
}

/* ------------------------------------------------------------------------ */
/* The alert queue                                                          */
/* ------------------------------------------------------------------------ */

vg_status vg_store_queue_json(vg_store *st, const char *user, const vg_store_queue_filter *f,
                              char **out)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    char newest[32], oldest[32];
    *out = NULL;
    if ((rc = vg__store_check_perm(st, user, VG_PERM_VIEW)) != VG_OK)
        return rc;
    int limit = f->limit <= 0 ? 100 : f->limit > 500 ? 500 : f->limit;
    /* min_age: raised before now - min days; max_age: raised after now - max days */
    vg__store_time(st, -f->min_age_days, newest);
    vg__store_time(st, -f->max_age_days, oldest);
    if (!(s = vg__store_prep(
              st,
              "WITH base AS (SELECT a.id, a.status, a.score, a.entity_id, a.list_version,"
              " a.created_at, a.case_id, a.suppressed_by, " SOURCE_SQL " AS source,"
              " " CAPTION_SQL " AS caption, json_extract(s.provenance, '$.flight') AS flight"
              " FROM alerts a JOIN screened s ON s.id = a.screened_id),"
              " filt AS (SELECT * FROM base WHERE (?1 IS NULL OR source = ?1)"
              " AND (?2 IS NULL OR flight = ?2) AND score >= ?3 AND score <= ?4"
              " AND (?5 IS NULL OR created_at <= ?5) AND (?6 IS NULL OR created_at >= ?6)),"
              " page AS (SELECT * FROM filt WHERE ?7 IS NULL OR status = ?7"
              " ORDER BY score DESC, id LIMIT ?8 OFFSET ?9)"
              " SELECT json_object('total', (SELECT count(*) FROM filt WHERE ?7 IS NULL"
              " OR status = ?7), 'limit', ?8, 'offset', ?9,"
              " 'counts', (SELECT json_group_object(status, n) FROM (SELECT status, count(*) AS n"
              " FROM filt GROUP BY status)),"
              " 'alerts', (SELECT json_group_array(json_object('id', id, 'status', status,"
              " 'score', score, 'entity_id', entity_id, 'caption', caption, 'list', source,"
              " 'list_version', list_version, 'flight', flight, 'created_at', created_at,"
              " 'case_id', case_id, 'suppressed_by', suppressed_by)) FROM page))"))) {
        rc = VG_EIO;
        goto out;
    }
    if (f->list && *f->list)
        sqlite3_bind_text(s, 1, f->list, -1, SQLITE_TRANSIENT);
    if (f->flight && *f->flight)
        sqlite3_bind_text(s, 2, f->flight, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(s, 3, f->score_min);
    sqlite3_bind_double(s, 4, f->score_max);
    if (f->min_age_days > 0)
        sqlite3_bind_text(s, 5, newest, -1, SQLITE_TRANSIENT);
    if (f->max_age_days > 0)
        sqlite3_bind_text(s, 6, oldest, -1, SQLITE_TRANSIENT);
    if (f->status >= 0)
        sqlite3_bind_text(s, 7, vg_alert_status_name((vg_alert_status)f->status), -1,
                          SQLITE_STATIC);
    sqlite3_bind_int(s, 8, limit);
    sqlite3_bind_int(s, 9, f->offset < 0 ? 0 : f->offset);
    rc = one_text(st, s, out, "queue");
out:
    sqlite3_finalize(s);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Audited views                                                            */
/* ------------------------------------------------------------------------ */

/* Runs the one-row JSON query `sql` binding ?1 to `id` inside a
 * transaction that also appends the audit record (action, object). */
static vg_status audited_view(vg_store *st, const char *user, vg_perm perm, const char *sql,
                              int64_t id, const char *what, const char *action,
                              const char *object, char **out)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    *out = NULL;
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, user, perm)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, sql))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, id);
    if ((rc = one_text(st, s, out, what)) != VG_OK)
        goto out;
    rc = vg_store_audit(st, user, action, object, "{}");
out:
    sqlite3_finalize(s);
    rc = vg__store_tx_end(st, own, rc);
    if (rc != VG_OK && *out) {
        vg__store_strfree(st, *out);
        *out = NULL;
    }
    return rc;
}

vg_status vg_store_alert_json(vg_store *st, const char *user, int64_t id, char **out)
{
    char obj[32];
    snprintf(obj, sizeof obj, "alert/%lld", (long long)id);
    return audited_view(
        st, user, VG_PERM_VIEW,
        "SELECT json_object('id', a.id, 'status', a.status, 'score', a.score,"
        " 'entity_id', a.entity_id, 'list', " SOURCE_SQL ", 'list_version', a.list_version,"
        " 'created_at', a.created_at, 'case_id', a.case_id, 'run_id', a.run_id,"
        " 'screened_id', a.screened_id, 'suppressed_by', a.suppressed_by,"
        " 'reopened_by', a.reopened_by, 'reopen_reason', a.reopen_reason,"
        " 'query', json(s.query), 'provenance', json(s.provenance), 'screened_at', s.screened_at,"
        " 'masked', json(CASE WHEN s.masked_at IS NULL THEN 'false' ELSE 'true' END), 'explanation', json(a.explanation),"
        " 'entity', json((SELECT le.snapshot FROM list_entities le JOIN lists l"
        "  ON l.id = le.list_id WHERE le.entity_id = a.entity_id AND l.version = a.list_version"
        "  LIMIT 1)),"
        " 'decisions', (SELECT json_group_array(json_object('id', d.id, 'verdict', d.verdict,"
        "  'reason', d.reason, 'analyst', d.analyst, 'decided_at', d.decided_at,"
        "  'needs_signoff', d.needs_signoff, 'final', d.final, 'supervisor', d.supervisor,"
        "  'signed_off_at', d.signed_off_at, 'rejected_by', d.rejected_by,"
        "  'reject_reason', d.reject_reason)) FROM (SELECT * FROM decisions"
        "  WHERE alert_id = a.id ORDER BY id) d),"
        " 'suppressing_decision', (SELECT json_object('id', d.id, 'alert_id', d.alert_id,"
        "  'analyst', d.analyst, 'decided_at', d.decided_at, 'supervisor', d.supervisor,"
        "  'expires_at', d.expires_at) FROM decisions d WHERE d.id = a.suppressed_by))"
        " FROM alerts a JOIN screened s ON s.id = a.screened_id WHERE a.id = ?1",
        id, "such alert", "alert.view", obj, out);
}

vg_status vg_store_case_json(vg_store *st, const char *user, int64_t case_id, char **out)
{
    char obj[32];
    snprintf(obj, sizeof obj, "case/%lld", (long long)case_id);
    return audited_view(
        st, user, VG_PERM_VIEW,
        "SELECT json_object('id', c.id, 'opened_at', c.opened_at,"
        " 'screenings', (SELECT json_group_array(json_object('id', s.id, 'run_id', s.run_id,"
        "  'screened_at', s.screened_at, 'query', json(s.query),"
        "  'provenance', json(s.provenance), 'masked', json(CASE WHEN s.masked_at IS NULL THEN 'false' ELSE 'true' END)))"
        "  FROM (SELECT * FROM screened WHERE person_key = c.person_key ORDER BY id) s),"
        " 'alerts', (SELECT json_group_array(json_object('id', a.id, 'status', a.status,"
        "  'score', a.score, 'entity_id', a.entity_id, 'caption', " CAPTION_SQL ","
        "  'created_at', a.created_at, 'suppressed_by', a.suppressed_by))"
        "  FROM (SELECT * FROM alerts WHERE case_id = c.id ORDER BY id) a))"
        " FROM cases c WHERE c.id = ?1",
        case_id, "such case", "case.view", obj, out);
}

vg_status vg_store_signoff_json(vg_store *st, const char *user, char **out)
{
    return audited_view(
        st, user, VG_PERM_SIGN_OFF,
        "SELECT json_object('pending', json_group_array(json_object('alert_id', a.id,"
        " 'decision_id', d.id, 'verdict', d.verdict, 'reason', d.reason, 'analyst', d.analyst,"
        " 'decided_at', d.decided_at, 'score', a.score, 'entity_id', a.entity_id,"
        " 'caption', " CAPTION_SQL ")))"
        " FROM (SELECT * FROM decisions WHERE final = 0 AND rejected_by IS NULL ORDER BY id) d"
        " JOIN alerts a ON a.id = d.alert_id WHERE a.status = 'pending_signoff' AND ?1 = ?1",
        0, "sign-off queue", "signoff.view", "decisions", out);
}

vg_status vg_store_audit_json(vg_store *st, const char *user, int64_t after_seq, int limit,
                              char **out)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    *out = NULL;
    if (limit <= 0 || limit > 1000)
        limit = 1000;
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, user, VG_PERM_AUDIT)) != VG_OK ||
        (rc = vg_store_audit(st, user, "audit.view", "audit", "{}")) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(
              st, "SELECT json_object('head', (SELECT seq FROM audit_head WHERE id = 1),"
                  " 'records', (SELECT json_group_array(json_object('seq', seq, 'time', time,"
                  " 'actor', actor, 'action', action, 'object', object, 'details', json(details),"
                  " 'hash', lower(hex(hash)))) FROM (SELECT * FROM audit WHERE seq > ?1"
                  " ORDER BY seq LIMIT ?2)))"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, after_seq);
    sqlite3_bind_int(s, 2, limit);
    rc = one_text(st, s, out, "audit trail");
out:
    sqlite3_finalize(s);
    rc = vg__store_tx_end(st, own, rc);
    if (rc != VG_OK && *out) {
        vg__store_strfree(st, *out);
        *out = NULL;
    }
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Reopening a suppressed alert                                             */
/* ------------------------------------------------------------------------ */

vg_status vg_store_alert_reopen(vg_store *st, int64_t alert_id, const char *user,
                                const char *reason)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char obj[32], details[200], hx[65];
    uint8_t h[32];
    if (!reason || !*reason)
        return vg__store_fail(st, VG_EINVAL, "reopening an alert needs a reason");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, user, VG_PERM_DECIDE)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "SELECT status, coalesce(suppressed_by, 0) FROM alerts"
                                 " WHERE id = ?1"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, alert_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_ENOENT, "no alert %lld", (long long)alert_id);
        goto out;
    }
    if (strcmp((const char *)sqlite3_column_text(s, 0), "suppressed") != 0) {
        rc = vg__store_fail(st, VG_EINVAL, "alert %lld is %s, not suppressed",
                            (long long)alert_id, (const char *)sqlite3_column_text(s, 0));
        goto out;
    }
    int64_t dec = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    if (!(s = vg__store_prep(st, "UPDATE alerts SET status = 'open', suppressed_by = NULL,"
                                 " reopened_by = ?2, reopen_reason = ?3 WHERE id = ?1"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, alert_id);
    sqlite3_bind_text(s, 2, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, reason, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    /* the reason may name the person: the trail keeps its hash */
    crypto_generichash(h, sizeof h, (const unsigned char *)reason, strlen(reason), NULL, 0);
    vg_hex_encode(h, sizeof h, hx);
    snprintf(obj, sizeof obj, "alert/%lld", (long long)alert_id);
    snprintf(details, sizeof details, "{\"suppressed_by\":%lld,\"reason_blake2b\":\"%s\"}",
             (long long)dec, hx);
    rc = vg_store_audit(st, user, "alert.reopen", obj, details);
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}
