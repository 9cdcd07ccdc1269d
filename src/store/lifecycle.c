/* SPDX-License-Identifier: Apache-2.0 */
/* What happens to stored data over time: the people to re-screen when a
 * list changes, alerts closed when their entity is delisted, and retention
 * (depersonalisation, then deletion) with counts-only audit records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

typedef struct person_row {
    int64_t id;
    char *query;
} person_row;

vg_status vg_store_people_each(vg_store *st, const char *user,
                               bool (*cb)(void *ud, int64_t screened_id, const char *query_json),
                               void *ud)
{
    vg_status rc = vg__store_check_perm(st, user, VG_PERM_SCREEN);
    sqlite3_stmt *s = NULL;
    person_row *rows = NULL;
    size_t n = 0, cap = 0;
    if (rc != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "SELECT id, query FROM screened WHERE id IN (SELECT max(id)"
                                 " FROM screened WHERE masked_at IS NULL GROUP BY person_key)"
                                 " ORDER BY id"))) {
        rc = VG_EIO;
        goto out;
    }
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if ((rc = vg__grow(&st->alloc, (void **)&rows, &cap, n + 1, sizeof *rows,
                           SIZE_MAX / 2)) != VG_OK)
            goto out;
        const char *q = (const char *)sqlite3_column_text(s, 1);
        rows[n].id = sqlite3_column_int64(s, 0);
        if (!(rows[n].query = vg__store_strdup(st, q ? q : "{}"))) {
            rc = VG_ENOMEM;
            goto out;
        }
        n++;
    }
    if (r != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    sqlite3_finalize(s);
    s = NULL;
    for (size_t i = 0; i < n; i++)
        if (!cb(ud, rows[i].id, rows[i].query))
            break;
out:
    sqlite3_finalize(s);
    for (size_t i = 0; i < n; i++)
        vg__store_strfree(st, rows[i].query);
    vg__free(&st->alloc, rows, cap * sizeof *rows);
    return rc;
}

vg_status vg_store_close_delisted(vg_store *st, const char *actor, const char *entity_id,
                                  int64_t *n_closed)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    int64_t n = 0;
    vg_buf d;
    vg_buf_init(&d, &st->alloc, 1024);
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, actor, VG_PERM_SCREEN)) != VG_OK)
        goto out;
    if (!(s = vg__store_prep(st, "UPDATE alerts SET status = 'closed_delisted' WHERE entity_id = ?1"
                                 " AND status IN ('open', 'pending_signoff', 'escalated')"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_text(s, 1, entity_id ? entity_id : "", -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    n = sqlite3_changes(st->db);
    if ((rc = vg_buf_printf(&d, "{\"closed\":%lld}", (long long)n)) != VG_OK)
        goto out;
    /* the entity id is list data, not the screened person's */
    if (n && (rc = vg_store_audit(st, actor, "alerts.close_delisted", entity_id, d.ptr)))
        goto out;
    if (n_closed)
        *n_closed = n;
out:
    sqlite3_finalize(s);
    vg_buf_fini(&d);
    return vg__store_tx_end(st, own, rc);
}

/* Runs one parameterised statement binding ?1 to `t`; adds the changes. */
static vg_status run_cut(vg_store *st, const char *sql, const char *t, const char *t2,
                         int64_t *changes)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = vg__store_prep(st, sql);
    if (!s)
        return VG_EIO;
    sqlite3_bind_text(s, 1, t, -1, SQLITE_TRANSIENT);
    if (t2)
        sqlite3_bind_text(s, 2, t2, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    else if (changes)
        *changes += sqlite3_changes(st->db);
    sqlite3_finalize(s);
    return rc;
}

vg_status vg_store_retention_run(vg_store *st, const char *actor, int64_t *n_masked,
                                 int64_t *n_deleted)
{
    vg_status rc = VG_OK;
    bool own = false;
    char now[32], mask_before[32], delete_before[32], details[200];
    int64_t masked = 0, deleted = 0;
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK ||
        (rc = vg__store_check_perm(st, actor, VG_PERM_ADMIN)) != VG_OK)
        goto out;
    vg__store_time(st, 0, now);
    vg__store_time(st, -st->pol.mask_after_days, mask_before);
    vg__store_time(st, -st->pol.delete_after_days, delete_before);
    /* deletion first: decisions on the alerts, references to them, alerts,
     * then the screened rows */
    if ((rc = run_cut(st,
                      "UPDATE alerts SET suppressed_by = NULL WHERE suppressed_by IN (SELECT d.id"
                      " FROM decisions d JOIN alerts a ON a.id = d.alert_id JOIN screened s"
                      " ON s.id = a.screened_id WHERE s.screened_at < ?1)",
                      delete_before, NULL, NULL)) ||
        (rc = run_cut(st,
                      "DELETE FROM decisions WHERE alert_id IN (SELECT a.id FROM alerts a JOIN"
                      " screened s ON s.id = a.screened_id WHERE s.screened_at < ?1)",
                      delete_before, NULL, NULL)) ||
        (rc = run_cut(st,
                      "DELETE FROM alerts WHERE screened_id IN (SELECT id FROM screened"
                      " WHERE screened_at < ?1)",
                      delete_before, NULL, NULL)) ||
        (rc = run_cut(st, "DELETE FROM screened WHERE screened_at < ?1", delete_before, NULL,
                      &deleted)))
        goto out;
    if ((rc = run_cut(st,
                      "UPDATE alerts SET explanation = '{\"masked\":true}' WHERE screened_id IN"
                      " (SELECT id FROM screened WHERE screened_at < ?1 AND masked_at IS NULL)",
                      mask_before, NULL, NULL)) ||
        (rc = run_cut(st,
                      "UPDATE screened SET query = '{\"masked\":true}',"
                      " provenance = '{\"masked\":true}', masked_at = ?2"
                      " WHERE screened_at < ?1 AND masked_at IS NULL",
                      mask_before, now, &masked)))
        goto out;
    snprintf(details, sizeof details,
             "{\"masked\":%lld,\"deleted\":%lld,\"mask_before\":\"%s\",\"delete_before\":\"%s\"}",
             (long long)masked, (long long)deleted, mask_before, delete_before);
    if ((rc = vg_store_audit(st, actor, "retention.run", "screened", details)) != VG_OK)
        goto out;
    if (n_masked)
        *n_masked = masked;
    if (n_deleted)
        *n_deleted = deleted;
out:
    return vg__store_tx_end(st, own, rc);
}

vg_status vg_store_check(vg_store *st, bool *ok, char *msg, size_t cap)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = vg__store_prep(st, "PRAGMA integrity_check");
    *ok = true;
    if (cap)
        msg[0] = '\0';
    if (!s)
        return VG_EIO;
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    const char *r = (const char *)sqlite3_column_text(s, 0);
    if (!r || strcmp(r, "ok") != 0) {
        *ok = false;
        snprintf(msg, cap, "integrity_check: %s", r ? r : "?");
        goto out;
    }
    sqlite3_finalize(s);
    if (!(s = vg__store_prep(st, "PRAGMA foreign_key_check"))) {
        rc = VG_EIO;
        goto out;
    }
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *ok = false;
        snprintf(msg, cap, "foreign_key_check: a row of %s points nowhere",
                 (const char *)sqlite3_column_text(s, 0));
    } else if (step != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
    }
out:
    sqlite3_finalize(s);
    return rc;
}
