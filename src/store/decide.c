/* SPDX-License-Identifier: Apache-2.0 */
/* Decisions on alerts and the four-eyes rule: a verdict with a mandatory
 * reason, and a supervisor's sign-off for confirmations and for clearing
 * high-scoring alerts. Final false positives become remembered decisions. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

static const char *const k_verdicts[] = {"confirmed_match", "false_positive", "needs_escalation"};

const char *vg_verdict_name(vg_verdict v)
{
    return (unsigned)v < 3 ? k_verdicts[v] : "unknown";
}

bool vg_verdict_parse(const char *s, vg_verdict *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, k_verdicts[i]) == 0) {
            *out = (vg_verdict)i;
            return true;
        }
    return false;
}

void vg__store_decide_details(char *out, size_t cap, int64_t decision, const char *verdict,
                              bool signoff, double score, const char *reason)
{
    uint8_t h[32];
    char hx[65];
    crypto_generichash(h, sizeof h, (const unsigned char *)reason, strlen(reason), NULL, 0);
    vg_hex_encode(h, sizeof h, hx);
    snprintf(out, cap,
             "{\"decision\":%lld,\"verdict\":\"%s\",\"needs_signoff\":%s,\"score\":%.4f,"
             "\"reason_blake2b\":\"%s\"}",
             (long long)decision, verdict, signoff ? "true" : "false", score, hx);
}

/* The status an alert takes when a decision with verdict `v` is final. */
static const char *final_status(vg_verdict v)
{
    return v == VG_VERDICT_FALSE_POSITIVE ? "cleared"
           : v == VG_VERDICT_CONFIRMED_MATCH ? "confirmed"
                                              : "escalated";
}

static vg_status set_status(vg_store *st, int64_t alert_id, const char *status)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = vg__store_prep(st, "UPDATE alerts SET status = ?1 WHERE id = ?2");
    if (!s)
        return VG_EIO;
    sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, alert_id);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_decide(vg_store *st, int64_t alert_id, vg_verdict v, const char *reason,
                          const char *user, int64_t *decision_id)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32], expires[32], obj[32], details[256];
    if ((unsigned)v > VG_VERDICT_NEEDS_ESCALATION)
        return vg__store_fail(st, VG_EINVAL, "unknown verdict");
    if (!reason || !*reason)
        return vg__store_fail(st, VG_EINVAL, "a decision needs a reason");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, user, VG_PERM_DECIDE)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "SELECT a.status, a.score, a.entity_id, a.content_hash,"
                                 " s.person_key FROM alerts a JOIN screened s"
                                 " ON s.id = a.screened_id WHERE a.id = ?1"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, alert_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_ENOENT, "no alert %lld", (long long)alert_id);
        goto out;
    }
    const char *status = (const char *)sqlite3_column_text(s, 0);
    if (strcmp(status, "open") != 0 && strcmp(status, "escalated") != 0) {
        rc = vg__store_fail(st, VG_EINVAL, "alert %lld is %s, not open for a decision",
                            (long long)alert_id, status);
        goto out;
    }
    double score = sqlite3_column_double(s, 1);
    bool signoff = v == VG_VERDICT_CONFIRMED_MATCH ||
                   (v == VG_VERDICT_FALSE_POSITIVE && score >= st->pol.four_eyes_score);
    vg__store_time(st, 0, now);
    vg__store_time(st, st->pol.suppression_days, expires);
    sqlite3_stmt *ins = vg__store_prep(
        st, "INSERT INTO decisions(alert_id, verdict, reason, analyst, decided_at, needs_signoff,"
            " final, person_key, entity_id, content_hash, expires_at)"
            " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    if (!ins) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(ins, 1, alert_id);
    sqlite3_bind_text(ins, 2, k_verdicts[v], -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 4, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 5, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 6, signoff);
    sqlite3_bind_int(ins, 7, !signoff);
    sqlite3_bind_value(ins, 8, sqlite3_column_value(s, 4));
    sqlite3_bind_value(ins, 9, sqlite3_column_value(s, 2));
    sqlite3_bind_value(ins, 10, sqlite3_column_value(s, 3));
    if (st->pol.suppression_days > 0)
        sqlite3_bind_text(ins, 11, expires, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(ins);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (r != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(ins);
    if (rc != VG_OK ||
        (rc = set_status(st, alert_id, signoff ? "pending_signoff" : final_status(v))) != VG_OK)
        goto out;
    /* The reason is free text and may name the person: it stays in the
     * decisions table; the audit trail holds its hash. */
    snprintf(obj, sizeof obj, "alert/%lld", (long long)alert_id);
    vg__store_decide_details(details, sizeof details, id, k_verdicts[v], signoff, score, reason);
    if ((rc = vg_store_audit(st, user, "alert.decide", obj, details)) != VG_OK)
        goto out;
    if (decision_id)
        *decision_id = id;
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

static vg_status review(vg_store *st, int64_t alert_id, const char *supervisor,
                        const char *reject_reason);

vg_status vg_store_sign_off(vg_store *st, int64_t alert_id, const char *supervisor)
{
    return review(st, alert_id, supervisor, NULL);
}

vg_status vg_store_reject(vg_store *st, int64_t alert_id, const char *supervisor,
                          const char *reason)
{
    if (!reason || !*reason)
        return vg__store_fail(st, VG_EINVAL, "sending a decision back needs a reason");
    return review(st, alert_id, supervisor, reason);
}

/* The second pair of eyes: approve (reject_reason NULL) or send back. */
static vg_status review(vg_store *st, int64_t alert_id, const char *supervisor,
                        const char *reject_reason)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32], obj[32], details[96];
    vg_verdict v = VG_VERDICT_NEEDS_ESCALATION;
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, supervisor, VG_PERM_SIGN_OFF)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "SELECT d.id, d.verdict, d.analyst FROM decisions d JOIN alerts a"
                                 " ON a.id = d.alert_id WHERE d.alert_id = ?1 AND d.final = 0 AND d.rejected_by IS NULL"
                                 " AND a.status = 'pending_signoff' ORDER BY d.id DESC LIMIT 1"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, alert_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_EINVAL, "alert %lld has no decision waiting for sign-off",
                            (long long)alert_id);
        goto out;
    }
    int64_t dec = sqlite3_column_int64(s, 0);
    vg_verdict_parse((const char *)sqlite3_column_text(s, 1), &v);
    if (strcmp((const char *)sqlite3_column_text(s, 2), supervisor) == 0) {
        rc = vg__store_fail(st, VG_EPERM, "four eyes: '%s' cannot review their own decision",
                            supervisor);
        goto out;
    }
    sqlite3_finalize(s);
    vg__store_time(st, 0, now);
    if (!(s = vg__store_prep(st, reject_reason
                                     ? "UPDATE decisions SET rejected_by = ?1, signed_off_at = ?2,"
                                       " reject_reason = ?4 WHERE id = ?3"
                                     : "UPDATE decisions SET final = 1, supervisor = ?1,"
                                       " signed_off_at = ?2 WHERE id = ?3"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, supervisor, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, dec);
    if (reject_reason)
        sqlite3_bind_text(s, 4, reject_reason, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    if ((rc = set_status(st, alert_id, reject_reason ? "open" : final_status(v))) != VG_OK)
        goto out;
    snprintf(obj, sizeof obj, "alert/%lld", (long long)alert_id);
    snprintf(details, sizeof details, "{\"decision\":%lld,\"verdict\":\"%s\"}", (long long)dec,
             k_verdicts[v]);
    rc = vg_store_audit(st, supervisor, reject_reason ? "alert.send_back" : "alert.sign_off", obj,
                        details);
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}
