/* SPDX-License-Identifier: Apache-2.0 */
/* The tamper-evident audit trail: an append-only, BLAKE2b hash-chained
 * table whose head is signed with Ed25519 (libsodium), its verification,
 * the export bundle, and key files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store_int.h"

static const uint8_t k_zero[32];

/* ------------------------------------------------------------------------ */
/* Hex and JSON helpers                                                     */
/* ------------------------------------------------------------------------ */

void vg_hex_encode(const uint8_t *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool vg_hex_decode(const char *s, uint8_t *out, size_t n)
{
    if (!s || strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

vg_status vg__store_json_str(vg_buf *b, const char *s)
{
    vg_status rc = vg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); rc == VG_OK && *p; p++) {
        if (*p == '"' || *p == '\\')
            rc = vg_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            rc = vg_buf_printf(b, "\\u%04x", *p);
        else
            rc = vg_buf_putc(b, (char)*p);
    }
    return rc ? rc : vg_buf_putc(b, '"');
}

/* ------------------------------------------------------------------------ */
/* Hashing and signing                                                      */
/* ------------------------------------------------------------------------ */

static void field(crypto_generichash_state *h, const char *s)
{
    char len[24];
    size_t n = s ? strlen(s) : 0;
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_generichash_update(h, (const unsigned char *)len, (size_t)k);
    crypto_generichash_update(h, (const unsigned char *)(s ? s : ""), n);
    crypto_generichash_update(h, (const unsigned char *)"\n", 1);
}

void vg_audit_record_hash(const vg_audit_record *r, uint8_t out[32])
{
    crypto_generichash_state h;
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, r->prev_hash, 32);
    crypto_generichash_update(&h, (const unsigned char *)"vigil-audit-v1", 14);
    field(&h, seq);
    field(&h, r->time);
    field(&h, r->actor);
    field(&h, r->action);
    field(&h, r->object);
    field(&h, r->details);
    crypto_generichash_final(&h, out, 32);
}

static void head_message(int64_t seq, const uint8_t hash[32], uint8_t msg[19 + 8 + 32])
{
    memcpy(msg, "vigil-audit-head-v1", 19);
    for (int i = 0; i < 8; i++)
        msg[19 + i] = (uint8_t)((uint64_t)seq >> (56 - 8 * i));
    memcpy(msg + 27, hash, 32);
}

/* ------------------------------------------------------------------------ */
/* Append                                                                   */
/* ------------------------------------------------------------------------ */

vg_status vg_store_audit(vg_store *st, const char *actor, const char *action, const char *object,
                         const char *details)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *s = NULL;
    bool own = false;
    char now[32];
    vg_audit_record r;
    uint8_t msg[59], sig[64];
    if (!st->has_key)
        return vg__store_fail(st, VG_EINVAL, "no audit signing key (--key)");
    if ((rc = vg__store_tx_start(st, &own)) != VG_OK)
        goto out;
    memset(&r, 0, sizeof r);
    if (!(s = vg__store_prep(st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))) {
        rc = VG_EIO;
        goto out;
    }
    r.seq = 1;
    if (sqlite3_step(s) == SQLITE_ROW) {
        r.seq = sqlite3_column_int64(s, 0) + 1;
        if (sqlite3_column_bytes(s, 1) == 32)
            memcpy(r.prev_hash, sqlite3_column_blob(s, 1), 32);
    }
    sqlite3_finalize(s);
    s = NULL;
    vg__store_time(st, 0, now);
    r.time = now;
    r.actor = actor ? actor : "";
    r.action = action ? action : "";
    r.object = object ? object : "";
    r.details = details ? details : "{}";
    vg_audit_record_hash(&r, r.hash);
    if (!(s = vg__store_prep(st, "INSERT INTO audit VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, r.seq);
    sqlite3_bind_text(s, 2, r.time, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, r.actor, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, r.action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, r.object, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, r.details, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 7, r.prev_hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 8, r.hash, 32, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    sqlite3_finalize(s);
    head_message(r.seq, r.hash, msg);
    crypto_sign_detached(sig, NULL, msg, sizeof msg, st->sk);
    if (!(s = vg__store_prep(st, "INSERT OR REPLACE INTO audit_head VALUES(1, ?1, ?2, ?3)"))) {
        rc = VG_EIO;
        goto out;
    }
    sqlite3_bind_int64(s, 1, r.seq);
    sqlite3_bind_blob(s, 2, r.hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, sig, 64, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
out:
    sqlite3_finalize(s);
    return vg__store_tx_end(st, own, rc);
}

/* ------------------------------------------------------------------------ */
/* Verify                                                                   */
/* ------------------------------------------------------------------------ */

static vg_status bad(vg_audit_report *rep, int64_t seq, const char *fmt, long long a)
{
    rep->ok = false;
    rep->first_bad = seq;
    snprintf(rep->reason, sizeof rep->reason, fmt, a);
    return VG_OK;
}

vg_status vg_audit_verify_records(const vg_audit_record *recs, size_t n, int64_t head_seq,
                                  const uint8_t head_hash[32], const uint8_t sig[64],
                                  const uint8_t pk[32], vg_audit_report *rep)
{
    const uint8_t *prev = k_zero;
    uint8_t h[32], msg[59];
    memset(rep, 0, sizeof *rep);
    rep->n_records = (int64_t)n;
    if (sodium_init() < 0)
        return VG_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        const vg_audit_record *r = &recs[i];
        int64_t want = (int64_t)i + 1;
        if (r->seq != want)
            return bad(rep, want,
                       r->seq > want ? "record %lld is missing (deleted)"
                                     : "record %lld is out of order (reordered or duplicated)",
                       (long long)want);
        if (memcmp(r->prev_hash, prev, 32) != 0)
            return bad(rep, want, "record %lld does not link to the record before it",
                       (long long)want);
        vg_audit_record_hash(r, h);
        if (memcmp(h, r->hash, 32) != 0)
            return bad(rep, want, "record %lld was altered (its hash does not match)",
                       (long long)want);
        prev = r->hash;
    }
    if (head_seq != (int64_t)n || memcmp(head_hash, prev, 32) != 0) {
        int64_t first = head_seq < (int64_t)n ? head_seq + 1 : (int64_t)n + 1;
        return bad(rep, first,
                   "the chain does not end at the signed head (records truncated or added"
                   " after record %lld)",
                   (long long)(first - 1));
    }
    head_message(head_seq, head_hash, msg);
    if (crypto_sign_verify_detached(sig, msg, sizeof msg, pk) != 0)
        return bad(rep, n ? 1 : 0,
                   "the chain head signature is invalid: the chain was rewritten or signed by"
                   " another key (%lld records untrusted)",
                   (long long)n);
    rep->ok = true;
    return VG_OK;
}

/* Frees what read_chain() returned (`cap` records allocated, `n` filled). */
static void free_records(vg_store *st, vg_audit_record *recs, size_t n, size_t cap)
{
    for (size_t i = 0; recs && i < n; i++) {
        vg__store_strfree(st, (char *)recs[i].time);
        vg__store_strfree(st, (char *)recs[i].actor);
        vg__store_strfree(st, (char *)recs[i].action);
        vg__store_strfree(st, (char *)recs[i].object);
        vg__store_strfree(st, (char *)recs[i].details);
    }
    vg__free(&st->alloc, recs, cap * sizeof *recs);
}

static char *col_dup(vg_store *st, sqlite3_stmt *s, int c)
{
    const char *t = (const char *)sqlite3_column_text(s, c);
    return vg__store_strdup(st, t ? t : "");
}

/* Reads the whole chain in storage order, and the signed head. */
static vg_status read_chain(vg_store *st, vg_audit_record **out, size_t *n_out, size_t *cap_out,
                            int64_t *head_seq, uint8_t head_hash[32], uint8_t sig[64])
{
    vg_status rc = VG_OK;
    vg_audit_record *recs = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *s = vg__store_prep(st, "SELECT seq, time, actor, action, object, details,"
                                         " prev_hash, hash FROM audit ORDER BY rowid");
    *head_seq = 0;
    memset(head_hash, 0, 32);
    memset(sig, 0, 64);
    if (!s) {
        rc = VG_EIO;
        goto out;
    }
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap &&
            (rc = vg__grow(&st->alloc, (void **)&recs, &cap, n + 1, sizeof *recs, SIZE_MAX / 2)))
            goto out;
        vg_audit_record *a = &recs[n++];
        memset(a, 0, sizeof *a);
        a->seq = sqlite3_column_int64(s, 0);
        a->time = col_dup(st, s, 1);
        a->actor = col_dup(st, s, 2);
        a->action = col_dup(st, s, 3);
        a->object = col_dup(st, s, 4);
        a->details = col_dup(st, s, 5);
        if (!a->time || !a->actor || !a->action || !a->object || !a->details) {
            rc = VG_ENOMEM;
            goto out;
        }
        if (sqlite3_column_bytes(s, 6) == 32)
            memcpy(a->prev_hash, sqlite3_column_blob(s, 6), 32);
        if (sqlite3_column_bytes(s, 7) == 32)
            memcpy(a->hash, sqlite3_column_blob(s, 7), 32);
    }
    if (r != SQLITE_DONE) {
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    sqlite3_finalize(s);
    if (!(s = vg__store_prep(st, "SELECT seq, hash, signature FROM audit_head WHERE id = 1"))) {
        rc = VG_EIO;
        goto out;
    }
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == 32 &&
        sqlite3_column_bytes(s, 2) == 64) {
        *head_seq = sqlite3_column_int64(s, 0);
        memcpy(head_hash, sqlite3_column_blob(s, 1), 32);
        memcpy(sig, sqlite3_column_blob(s, 2), 64);
    }
    *out = recs;
    *n_out = n;
    *cap_out = cap;
    recs = NULL;
    n = 0;
out:
    sqlite3_finalize(s);
    free_records(st, recs, n, cap);
    return rc;
}

/* Checks every stored decision against its "alert.decide" record: the
 * verdict, score and reason must be what was audited. Called on an intact
 * chain; fills `rep` on the first mismatch. */
static vg_status check_decisions(vg_store *st, vg_audit_report *rep)
{
    vg_status rc = VG_OK;
    sqlite3_stmt *d = NULL, *a = NULL;
    char details[256], obj[32], like[48];
    if (!(d = vg__store_prep(st, "SELECT d.id, d.alert_id, d.verdict, d.needs_signoff, al.score,"
                                 " d.reason FROM decisions d JOIN alerts al"
                                 " ON al.id = d.alert_id ORDER BY d.id")) ||
        !(a = vg__store_prep(st, "SELECT seq, details = ?3 FROM audit WHERE action ="
                                 " 'alert.decide' AND object = ?1 AND details LIKE ?2"
                                 " ORDER BY seq LIMIT 1"))) {
        rc = VG_EIO;
        goto out;
    }
    int r;
    while ((r = sqlite3_step(d)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(d, 0), alert = sqlite3_column_int64(d, 1);
        const char *verdict = (const char *)sqlite3_column_text(d, 2);
        const char *reason = (const char *)sqlite3_column_text(d, 5);
        vg__store_decide_details(details, sizeof details, id, verdict ? verdict : "",
                                 sqlite3_column_int(d, 3) != 0, sqlite3_column_double(d, 4),
                                 reason ? reason : "");
        snprintf(obj, sizeof obj, "alert/%lld", (long long)alert);
        snprintf(like, sizeof like, "{\"decision\":%lld,%%", (long long)id);
        sqlite3_reset(a);
        sqlite3_bind_text(a, 1, obj, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a, 2, like, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(a, 3, details, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(a) != SQLITE_ROW) {
            rep->ok = false;
            rep->first_bad = rep->n_records + 1;
            snprintf(rep->reason, sizeof rep->reason,
                     "decision #%lld on alert #%lld has no audit record (inserted behind the"
                     " trail's back)",
                     (long long)id, (long long)alert);
            goto out;
        }
        if (!sqlite3_column_int(a, 1)) {
            rep->ok = false;
            rep->first_bad = sqlite3_column_int64(a, 0);
            snprintf(rep->reason, sizeof rep->reason,
                     "decision #%lld on alert #%lld was changed after record %lld audited it"
                     " (verdict, score or reason)",
                     (long long)id, (long long)alert, (long long)rep->first_bad);
            goto out;
        }
    }
    if (r != SQLITE_DONE)
        rc = vg__store_fail(st, VG_EIO, "sqlite: %s", sqlite3_errmsg(st->db));
out:
    sqlite3_finalize(a);
    sqlite3_finalize(d);
    return rc;
}

/* Starts a read transaction unless one is open, so that the chain, its
 * head and the decisions are read as one state of the store while others
 * append to it (WAL: readers see a snapshot). Returns whether it began one
 * (for snapshot_end). */
static vg_status snapshot_begin(vg_store *st, bool *began)
{
    *began = false;
    if (!sqlite3_get_autocommit(st->db))
        return VG_OK;
    vg_status rc = vg__store_exec(st, "BEGIN");
    *began = rc == VG_OK;
    return rc;
}

static void snapshot_end(vg_store *st, bool began)
{
    if (began)
        (void)vg__store_exec(st, "COMMIT"); /* read only: nothing to lose */
}

vg_status vg_store_audit_verify(vg_store *st, const uint8_t pk[32], vg_audit_report *rep)
{
    vg_audit_record *recs = NULL;
    size_t n = 0, cap = 0;
    int64_t head_seq;
    uint8_t head_hash[32], sig[64];
    bool began;
    vg_status rc = snapshot_begin(st, &began);
    if (rc == VG_OK)
        rc = read_chain(st, &recs, &n, &cap, &head_seq, head_hash, sig);
    if (rc == VG_OK)
        rc = vg_audit_verify_records(recs, n, head_seq, head_hash, sig, pk, rep);
    if (rc == VG_OK && rep->ok)
        rc = check_decisions(st, rep);
    snapshot_end(st, began);
    free_records(st, recs, n, cap);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Export bundle                                                            */
/* ------------------------------------------------------------------------ */

static const char k_readme[] =
    "# vigil audit bundle\n"
    "\n"
    "Files: `audit.jsonl` (one record per line, in order), `head.json` (the signed\n"
    "chain head: seq, hash, signature), `pubkey.hex` (the Ed25519 public key).\n"
    "Check that `pubkey.hex` is the key the operator published before trusting it.\n"
    "\n"
    "Verify with `vigil audit verify --bundle DIR`, or without vigil:\n"
    "\n"
    "1. For each record i (1-based), `seq` must equal i and `prev_hash` must equal\n"
    "   the previous record's `hash` (64 zero hex digits for the first).\n"
    "2. hash = BLAKE2b with a 32-byte digest, no key, over: prev_hash (32 raw\n"
    "   bytes), the ASCII text `vigil-audit-v1`, then for each of seq (decimal),\n"
    "   time, actor, action, object, details (the JSON string values, UTF-8):\n"
    "   `<byte length in decimal>:<bytes>\\n`.\n"
    "3. The last record's seq and hash must equal head.json's.\n"
    "4. signature (head.json) must be a valid Ed25519 signature by pubkey.hex over\n"
    "   the ASCII text `vigil-audit-head-v1`, seq as 8 bytes big-endian, hash (32\n"
    "   raw bytes).\n"
    "\n"
    "Python: hashlib.blake2b(digest_size=32); PyNaCl VerifyKey(pk).verify(msg, sig).\n"
    "The details never hold names, documents or decision reasons: only ids,\n"
    "counts, verdicts and scores.\n";

static vg_status write_file(const char *dir, const char *name, const char *data, size_t len,
                            vg_err *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return vg_err_set(err, VG_EIO, path, 0, "cannot write: %s", strerror(errno));
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok ? VG_OK : vg_err_set(err, VG_EIO, path, 0, "write failed");
}

vg_status vg_store_audit_export(vg_store *st, const char *actor, const char *dir,
                                const uint8_t pk[32], vg_err *err)
{
    vg_status rc = VG_OK;
    vg_audit_record *recs = NULL;
    size_t n = 0, cap = 0;
    int64_t head_seq;
    uint8_t head_hash[32], sig[64];
    char hx[129], hx2[65];
    vg_buf b;
    vg_buf_init(&b, &st->alloc, (size_t)1 << 34);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        rc = vg_err_set(err, VG_EIO, dir, 0, "cannot create: %s", strerror(errno));
        goto out;
    }
    bool began = false;
    if ((rc = vg__store_check_perm(st, actor, VG_PERM_AUDIT)) != VG_OK ||
        (rc = vg_store_audit(st, actor, "audit.export", "audit", "{}")) != VG_OK ||
        (rc = snapshot_begin(st, &began)) != VG_OK ||
        (rc = read_chain(st, &recs, &n, &cap, &head_seq, head_hash, sig)) != VG_OK) {
        snapshot_end(st, began);
        vg_err_set(err, rc, dir, 0, "%s", st->errmsg);
        goto out;
    }
    snapshot_end(st, began);
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        const vg_audit_record *r = &recs[i];
        rc = vg_buf_printf(&b, "{\"seq\":%lld,\"time\":", (long long)r->seq);
        rc = rc ? rc : vg__store_json_str(&b, r->time);
        rc = rc ? rc : vg_buf_puts(&b, ",\"actor\":");
        rc = rc ? rc : vg__store_json_str(&b, r->actor);
        rc = rc ? rc : vg_buf_puts(&b, ",\"action\":");
        rc = rc ? rc : vg__store_json_str(&b, r->action);
        rc = rc ? rc : vg_buf_puts(&b, ",\"object\":");
        rc = rc ? rc : vg__store_json_str(&b, r->object);
        rc = rc ? rc : vg_buf_puts(&b, ",\"details\":");
        rc = rc ? rc : vg__store_json_str(&b, r->details);
        vg_hex_encode(r->prev_hash, 32, hx);
        vg_hex_encode(r->hash, 32, hx2);
        rc = rc ? rc : vg_buf_printf(&b, ",\"prev_hash\":\"%s\",\"hash\":\"%s\"}\n", hx, hx2);
    }
    if (rc != VG_OK || (rc = write_file(dir, "audit.jsonl", b.ptr ? b.ptr : "", b.len, err)))
        goto out;
    vg_buf_clear(&b);
    vg_hex_encode(head_hash, 32, hx2);
    vg_hex_encode(sig, 64, hx);
    if ((rc = vg_buf_printf(&b, "{\"seq\":%lld,\"hash\":\"%s\",\"signature\":\"%s\"}\n",
                            (long long)head_seq, hx2, hx)) ||
        (rc = write_file(dir, "head.json", b.ptr, b.len, err)))
        goto out;
    vg_hex_encode(pk, 32, hx2);
    vg_buf_clear(&b);
    if ((rc = vg_buf_printf(&b, "%s\n", hx2)) ||
        (rc = write_file(dir, "pubkey.hex", b.ptr, b.len, err)) ||
        (rc = write_file(dir, "README.md", k_readme, sizeof k_readme - 1, err)))
        goto out;
out:
    vg_buf_fini(&b);
    free_records(st, recs, n, cap);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Key files                                                                */
/* ------------------------------------------------------------------------ */

vg_status vg_audit_keygen(const char *path, vg_err *err)
{
    vg_status rc = VG_OK;
    uint8_t pk[32], sk[64];
    char hx[129], pub[1024];
    int fd = -1;
    if (sodium_init() < 0)
        return vg_err_set(err, VG_EINTERNAL, path, 0, "libsodium failed to initialise");
    crypto_sign_keypair(pk, sk);
    snprintf(pub, sizeof pub, "%s.pub", path);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        rc = vg_err_set(err, errno == EEXIST ? VG_EINVAL : VG_EIO, path, 0,
                        "cannot create key file: %s", strerror(errno));
        goto out;
    }
    vg_hex_encode(sk, 64, hx);
    hx[128] = '\n';
    if (write(fd, hx, 129) != 129) {
        rc = vg_err_set(err, VG_EIO, path, 0, "write failed");
        goto out;
    }
    vg_hex_encode(pk, 32, hx);
    hx[64] = '\n';
    FILE *f = fopen(pub, "wb");
    if (!f || fwrite(hx, 1, 65, f) != 65) {
        rc = vg_err_set(err, VG_EIO, pub, 0, "cannot write public key");
    }
    if (f && fclose(f) != 0)
        rc = vg_err_set(err, VG_EIO, pub, 0, "cannot write public key");
out:
    if (fd >= 0)
        close(fd);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(hx, sizeof hx);
    return rc;
}

static vg_status read_hex_file(const char *path, char *buf, size_t cap, vg_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_err_set(err, VG_ENOENT, path, 0, "cannot read key: %s", strerror(errno));
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        n--;
    buf[n] = '\0';
    return VG_OK;
}

vg_status vg_audit_key_load(const char *path, uint8_t sk[64], vg_err *err)
{
    char buf[160];
    vg_status rc = read_hex_file(path, buf, sizeof buf, err);
    if (rc == VG_OK && !vg_hex_decode(buf, sk, 64))
        rc = vg_err_set(err, VG_EPARSE, path, 0, "not a vigil secret key file");
    sodium_memzero(buf, sizeof buf);
    return rc;
}

vg_status vg_audit_pubkey_load(const char *path, uint8_t pk[32], vg_err *err)
{
    char buf[160];
    uint8_t sk[64];
    vg_status rc = read_hex_file(path, buf, sizeof buf, err);
    if (rc != VG_OK)
        goto out;
    if (vg_hex_decode(buf, pk, 32))
        goto out;
    if (vg_hex_decode(buf, sk, 64))
        crypto_sign_ed25519_sk_to_pk(pk, sk);
    else
        rc = vg_err_set(err, VG_EPARSE, path, 0, "not a vigil key file");
out:
    sodium_memzero(buf, sizeof buf);
    sodium_memzero(sk, sizeof sk);
    return rc;
}
