/* SPDX-License-Identifier: Apache-2.0 */
/* Internals shared by the store's files: the handle and the SQL helpers. */
#ifndef VG_STORE_INT_H
#define VG_STORE_INT_H

#include <sqlite3.h>

#include "base/vg_base.h"
#include "vigil/store.h"

struct vg_store {
    vg_allocator alloc;
    sqlite3 *db;
    vg_store_policy pol;
    time_t clock;
    bool has_key;
    bool in_tx;
    uint8_t sk[64];
    char errmsg[256];
    /* alert_get keeps its strings here until the next call */
    char *keep[6];
};

/* Current time as "YYYY-MM-DDTHH:MM:SSZ" shifted by `days`. */
void vg__store_time(const vg_store *st, int days, char out[32]);
/* Records a message on the handle; returns `rc`. */
vg_status vg__store_fail(vg_store *st, vg_status rc, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Prepares `sql`; on failure records SQLite's message and returns NULL. */
sqlite3_stmt *vg__store_prep(vg_store *st, const char *sql);
/* Runs a statement-less SQL text (no user data). */
vg_status vg__store_exec(vg_store *st, const char *sql);
/* Opens a transaction unless the caller holds one; *own says whether to
 * close it with vg__store_tx_end(). */
vg_status vg__store_tx_start(vg_store *st, bool *own);
vg_status vg__store_tx_end(vg_store *st, bool own, vg_status rc);
/* VG_OK when `user` exists and its role allows `p`; VG_EPERM otherwise. */
vg_status vg__store_check_perm(vg_store *st, const char *user, vg_perm p);
/* Copies `s` with the store's allocator (NULL on OOM); free with
 * vg__store_strfree(). */
char *vg__store_strdup(vg_store *st, const char *s);
void vg__store_strfree(vg_store *st, char *s);
/* The details of an "alert.decide" audit record: ids, verdict, score and a
 * BLAKE2b hash of the reason (the reason itself may name the person), so
 * that the decisions table can be checked against the chain. */
void vg__store_decide_details(char *out, size_t cap, int64_t decision, const char *verdict,
                              bool signoff, double score, const char *reason);
/* Appends `s` as a JSON string literal. */
vg_status vg__store_json_str(vg_buf *b, const char *s);

#endif
