/* SPDX-License-Identifier: Apache-2.0 */
/* Internals of `vigil serve`: configuration, API keys, FollowTheMoney JSON,
 * request parsing, reference-counted list snapshots, metrics and the
 * libmicrohttpd front end. Only src/server and its tests include this. */
#ifndef VG_SERVER_H
#define VG_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "base/vg_base.h"
#include "vigil/vigil.h"

/* ------------------------------------------------------------------------ */
/* Limits and defaults                                                      */
/* ------------------------------------------------------------------------ */

#define VG_SRV_MAX_LISTS 16
#define VG_SRV_PATH_MAX 1024
#define VG_SRV_MAX_NAMES 8         /* names of one example entity screened */
#define VG_SRV_MAX_VALUES 32       /* values kept per example property */
#define VG_SRV_MAX_PARAMS 64       /* query-string parameters read */
#define VG_SRV_MAX_EXCLUDE_IDS 50  /* exclude_entity_ids, as yente */
#define VG_SRV_MATCH_LIMIT_MAX 500 /* yente's maximum `limit` */
#define VG_SRV_POOL_MAX 64         /* idle screeners kept per dataset */
#define VG_SRV_DEFAULT_CUTOFF 0.50f
/* The request line and headers of one request (config max_header_bytes):
 * 16 KiB by default, what yente accepts (uvicorn's h11 limit); a larger
 * head gets 431. libmicrohttpd's memory pool of a connection is this plus
 * VG_SRV_HEAD_RESERVE (its records of the header lines and the response's
 * header block): libmicrohttpd 0.9.75 zeroes all of the pool, and half of it
 * again, after every request, 48 KiB per request at its default of 32 KiB. */
#define VG_SRV_MAX_HEADER_DEFAULT (16u * 1024u)
#define VG_SRV_MAX_HEADER_MIN 2048u
#define VG_SRV_MAX_HEADER_MAX (1024u * 1024u)
#define VG_SRV_HEAD_RESERVE 4096u

/* ------------------------------------------------------------------------ */
/* Configuration (config.c)                                                 */
/* ------------------------------------------------------------------------ */

/* Plain value struct; caller supplies the storage. */
typedef struct vg_srv_config {
    char listen[256]; /* HOST:PORT */
    char lists[VG_SRV_MAX_LISTS][VG_SRV_PATH_MAX];
    size_t n_lists;
    char api_keys[VG_SRV_PATH_MAX]; /* keys file, "" for none */
    bool open;                      /* no authentication (loopback only) */
    char tls_cert[VG_SRV_PATH_MAX];
    char tls_key[VG_SRV_PATH_MAX];
    bool allow_plain_http; /* plain HTTP off loopback (behind a TLS proxy) */
    char public_url[256];  /* base URL in reconciliation manifests, "" = from Host */
    unsigned threads;      /* 0 = online CPUs */
    unsigned max_connections;
    unsigned connection_timeout; /* seconds */
    size_t max_body;             /* bytes */
    size_t max_header_bytes;     /* request line and headers; larger: 431 */
    unsigned max_batch;          /* queries per /match request */
    float threshold;             /* default `match` threshold */
    float cutoff;                /* default: results at or below are dropped */
    bool metrics_public;         /* /metrics without a key */
    bool access_log;             /* one JSON line per request on stderr */
    /* the analyst console (console.c), on when `store` is set */
    char store[VG_SRV_PATH_MAX];     /* workbench store, "" = no console */
    char audit_key[VG_SRV_PATH_MAX]; /* Ed25519 secret key signing the audit chain */
    char web_root[VG_SRV_PATH_MAX];  /* console files, "" = the build's web/ */
    unsigned session_ttl;            /* seconds */
    unsigned retention_interval;     /* seconds between retention runs, 0 = off */
    char retention_user[65];         /* the admin the scheduled retention runs as */
    char state_dir[VG_SRV_PATH_MAX]; /* last good lists (state.c), "" = none */
} vg_srv_config;

/* Sets every field to its default. Thread-safe for distinct `c`. */
void vg_srv_config_init(vg_srv_config *c);

/* Sets one key (the names of the config file, see src/server/README.md).
 * `list` appends. `key` and `value` are borrowed. Returns VG_EINVAL with a
 * message in `err` (may be NULL) for an unknown key or a bad value. */
vg_status vg_srv_config_set(vg_srv_config *c, const char *key, const char *value, vg_err *err);

/* Parses `key = value` lines (`#` comments, blank lines) from text[0..len)
 * (borrowed, need not be NUL-terminated). `path` names the source in
 * messages (may be NULL). Stops at the first bad line: VG_EPARSE/VG_EINVAL
 * with FILE:LINE in `err`. */
vg_status vg_srv_config_parse(vg_srv_config *c, const char *text, size_t len, const char *path,
                              vg_err *err);

/* Reads and parses the file at `path`. */
vg_status vg_srv_config_load(vg_srv_config *c, const char *path, vg_err *err);

/* Applies VIGIL_<KEY> environment variables (upper-cased keys; VIGIL_LIST
 * holds ':'-separated paths). `getenv_fn` is getenv in production (a stub in
 * tests). */
vg_status vg_srv_config_env(vg_srv_config *c, const char *(*getenv_fn)(const char *),
                            vg_err *err);

/* Splits "HOST:PORT" or "[V6]:PORT" into host (NUL-terminated, at most
 * hcap - 1 bytes) and port (1..65535, or 0 for "any free port"). */
bool vg_srv_parse_listen(const char *listen, char *host, size_t hcap, unsigned *port);

/* True for 127.0.0.0/8, ::1 and "localhost". Thread-safe. */
bool vg_srv_host_is_loopback(const char *host);

/* ------------------------------------------------------------------------ */
/* API keys (auth.c)                                                        */
/* ------------------------------------------------------------------------ */

#define VG_SRV_ROLE_SCREEN 0x1u
#define VG_SRV_ROLE_ADMIN 0x2u

typedef struct vg_srv_key {
    char name[64];
    unsigned roles;
    uint8_t salt[16];
    uint8_t hash[32]; /* sha256(salt || key) */
} vg_srv_key;

typedef struct vg_srv_keys {
    vg_srv_key *v; /* owned (malloc) */
    size_t n;
} vg_srv_keys;

/* Parses a keys file: lines `NAME ROLES sha256$SALTHEX$HASHHEX`, ROLES a
 * comma list of screen/admin, `#` comments. On success *out owns its array
 * (vg_srv_keys_fini()). text is borrowed. */
vg_status vg_srv_keys_parse(const char *text, size_t len, const char *path, vg_srv_keys *out,
                            vg_err *err);
void vg_srv_keys_fini(vg_srv_keys *k);

/* Finds the key whose hash matches secret[0..len) (constant time per
 * entry); NULL when none. Read-only: thread-safe. */
const vg_srv_key *vg_srv_keys_check(const vg_srv_keys *k, const char *secret, size_t len);

/* Writes a keys-file line for `secret` with a fresh random salt into
 * out[cap]. Returns VG_EINVAL for a bad name/roles, VG_ELIMIT when cap is
 * too small. Thread-safe. */
vg_status vg_srv_key_line(const char *name, const char *roles, const char *secret, size_t len,
                          char *out, size_t cap);

/* Parses "screen,admin" into role bits; false on an unknown role. */
bool vg_srv_roles_parse(const char *s, size_t len, unsigned *roles);

/* Extracts the key of an Authorization header value "ApiKey K" or
 * "Bearer K" (scheme case-insensitive). *key points into `header`. */
bool vg_srv_auth_parse(const char *header, const char **key, size_t *len);

/* ------------------------------------------------------------------------ */
/* Query strings and forms (params.c)                                       */
/* ------------------------------------------------------------------------ */

typedef struct vg_srv_kv {
    const char *key; /* NUL-terminated, borrowed */
    const char *value;
} vg_srv_kv;

/* Splits an application/x-www-form-urlencoded string in place ('&' and
 * '=' become NULs, %XX and '+' decoded) into at most `max` pairs. Returns
 * the number of pairs stored (extra pairs are dropped). `s` is modified. */
size_t vg_srv_form_parse(char *s, vg_srv_kv *kv, size_t max);

/* Value of the first pair named `key`, or NULL. */
const char *vg_srv_kv_get(const vg_srv_kv *kv, size_t n, const char *key);

/* A JSON error body and HTTP status. `body` is owned. */
typedef struct vg_srv_error {
    int status;
    json_t *body;
} vg_srv_error;

/* Sets e to status with {"detail": msg}. Returns false (for `return`). */
bool vg_srv_error_detail(vg_srv_error *e, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Sets e to 422 with a FastAPI-style detail list entry: loc (a JSON array,
 * owned), msg, type. Returns false. */
bool vg_srv_error_422(vg_srv_error *e, json_t *loc, const char *msg, const char *type);

/* yente /match query-string parameters. Strings are borrowed from the kv. */
typedef struct vg_srv_match_params {
    size_t limit;
    float threshold;
    float cutoff;
    const char *algorithm;
    const char *include_ds[VG_SRV_MAX_PARAMS];
    size_t n_include;
    const char *exclude_ds[VG_SRV_MAX_PARAMS];
    size_t n_exclude;
    const char *exclude_schema[VG_SRV_MAX_PARAMS];
    size_t n_exclude_schema;
    const char *topics[VG_SRV_MAX_PARAMS];
    size_t n_topics;
    const char *exclude_ids[VG_SRV_MAX_EXCLUDE_IDS];
    size_t n_exclude_ids;
    const char *changed_since;
    bool record; /* record=true: record the run in the store (/match only) */
} vg_srv_match_params;

/* Parses the parameters of /match (and the shared ones of /search with
 * `default_limit`). Defaults from cfg. Returns false with e set (400 for an
 * unknown algorithm, 422 for bad numbers, limits, dates or a `record` that
 * is not a boolean: true/false, 1/0, yes/no, on/off). */
bool vg_srv_match_params_parse(const vg_srv_kv *kv, size_t n, const vg_srv_config *cfg,
                               size_t default_limit, vg_srv_match_params *p, vg_srv_error *e);

/* Refuses record=true on endpoints that do not record (/search, the
 * reconciliation API): false with e set to 422 (loc query.record, type
 * record_unsupported; e->body owned by e) when p->record, true otherwise.
 * Thread-safe. */
bool vg_srv_params_no_record(const vg_srv_match_params *p, vg_srv_error *e);

/* True when `name` is an accepted algorithm (best, logic-v2 ..., vigil;
 * case-insensitive). */
bool vg_srv_algorithm_ok(const char *name);

/* ------------------------------------------------------------------------ */
/* FollowTheMoney (ftm.c)                                                   */
/* ------------------------------------------------------------------------ */

/* "un" -> "un_sc_sanctions", "ofac" -> "us_ofac_sdn", else the source.
 * Static strings unless the source is returned. */
const char *vg_srv_dataset_of_source(const char *source);
/* FtM schema of a kind: Person, Organization, Vessel, Airplane, LegalEntity. */
const char *vg_srv_schema_of_kind(vg_kind k);

/* The FtM entity JSON of `e` (id, caption, schema, properties, datasets,
 * referents, target, first_seen, last_seen, last_change). Caller owns the
 * result; NULL on OOM. Thread-safe. */
json_t *vg_srv_entity_json(const vg_entity *e);

/* One example entity of a /match request, ready to screen. */
typedef struct vg_srv_example {
    const char *key;   /* borrowed from the request JSON */
    int kind;          /* vg_kind, or -1 for any (Thing, LegalEntity) */
    const char *names[VG_SRV_MAX_NAMES];
    size_t n_names;
    vg_query q;        /* name left empty; slices borrow the request JSON */
    json_t *cleaned;   /* owned: {"id", "schema", "properties"} as understood */
    const char *cleaned_text; /* or, from vg_srv_match_req_fast() (cleaned NULL),
                                 the same as JSON text, borrowed from the request */
    size_t cleaned_len;
} vg_srv_example;

typedef struct vg_srv_match_req {
    vg_srv_example *ex; /* owned array */
    size_t n;
    void *fast;       /* owned: vg_srv_match_req_fast()'s decoded body */
    vg_buf fast_text; /* owned: its examples' cleaned_text */
} vg_srv_match_req;

/* Parses a yente EntityMatchQuery body (body[0..len), borrowed). On
 * success *out owns its examples and *doc the JSON they borrow from (free
 * with vg_srv_match_req_fini() and json_decref()). Returns false with e set:
 * 400 for malformed JSON, no queries, too many queries (> max_batch) or an
 * unknown schema; 422 for wrong shapes (queries not an object, a missing
 * schema, non-string property values). Thread-safe. */
bool vg_srv_match_req_parse(const char *body, size_t len, size_t max_batch, json_t **doc,
                            vg_srv_match_req *out, vg_srv_error *e);
void vg_srv_match_req_fini(vg_srv_match_req *r);

/* The same for the common body, without jansson: a JSON object whose
 * "queries" are example objects with a string "schema", an optional string
 * or null "id" and "properties" of strings or lists of strings, and no
 * numbers, \u escapes, duplicate keys or nesting deeper than 16 anywhere.
 * Returns 1 when body[0..len) is such a body that vg_srv_match_req_parse()
 * accepts: *out then holds the same examples, with cleaned_text instead of
 * cleaned (free with vg_srv_match_req_fini()); 0 for any other body, which
 * vg_srv_match_req_parse() then answers (*out empty); -1 on OOM.
 * Thread-safe. */
int vg_srv_match_req_fast(const char *body, size_t len, size_t max_batch,
                          vg_srv_match_req *out);

/* Fills one example from an FtM-style entity object (also used by the
 * reconciliation API): schema, properties. `loc` is the JSON location
 * prefix for 422 errors (borrowed). */
bool vg_srv_example_from_json(json_t *ent, const char *key, json_t *loc, vg_srv_example *ex,
                              vg_srv_error *e);

/* yente-style explanations of one match: feature -> {detail, score, query,
 * candidate}. `qname` is the query name screened (borrowed). Caller owns. */
json_t *vg_srv_explanations_json(const vg_match *m, const char *qname);

/* ---- JSON text (jsonw.c) ---------------------------------------------- */

/* A JSON text being written into a buffer, byte for byte as jansson's
 * json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(6)) would write the same
 * values. Errors (ENOMEM, the cap) stick in rc and make later writes no-ops.
 * Not thread-safe on one writer. */
typedef struct vg_srv_jw {
    vg_buf b;
    vg_status rc;
} vg_srv_jw;

void vg_srv_jw_init(vg_srv_jw *w, size_t limit);
void vg_srv_jw_fini(vg_srv_jw *w);
/* The text (malloc'd, NUL-terminated; caller frees with free()) and its
 * length, or NULL after an error; w is empty after either. */
char *vg_srv_jw_take(vg_srv_jw *w, size_t *len);
void vg_srv_jw_raw_grow(vg_srv_jw *w, const char *s, size_t n);
/* Appends n bytes as they are; inline while they fit (the common case). */
static inline void vg_srv_jw_raw(vg_srv_jw *w, const char *s, size_t n)
{
    if (!w->rc && n < w->b.cap - w->b.len && w->b.len + n <= w->b.limit) {
        memcpy(w->b.ptr + w->b.len, s, n);
        w->b.len += n;
        w->b.ptr[w->b.len] = '\0';
        return;
    }
    vg_srv_jw_raw_grow(w, s, n);
}
/* Drops what was written after w->b.len was `mark`. */
void vg_srv_jw_rewind(vg_srv_jw *w, size_t mark);
#define VG_SRV_JW_LIT(w, lit) vg_srv_jw_raw((w), (lit), sizeof(lit) - 1)
void vg_srv_jw_int(vg_srv_jw *w, long long v);
void vg_srv_jw_real(vg_srv_jw *w, double v);
/* A quoted, escaped string. Returns false and writes nothing when s is not
 * valid UTF-8 (jansson's json_string() refuses such a value). */
bool vg_srv_jw_strn(vg_srv_jw *w, const char *s, size_t n);
bool vg_srv_jw_str(vg_srv_jw *w, const char *s);
/* `,"k":` (the comma when `comma`). */
bool vg_srv_jw_key(vg_srv_jw *w, bool comma, const char *k);
/* Any jansson value (borrowed), as json_dumps() orders and formats it. */
void vg_srv_jw_value(vg_srv_jw *w, const json_t *v);
/* The text parsed back into jansson (caller owns), NULL after an error. */
json_t *vg_srv_jw_json(vg_srv_jw *w);

/* The FtM entity JSON of `e` (as vg_srv_entity_json()) into w, without its
 * closing brace when `open`, so that the caller can add members. */
void vg_srv_entity_write(vg_srv_jw *w, const vg_entity *e, bool open);
/* The FtM entity JSON of every entity of a snapshot's lists, as
 * vg_srv_entity_write(w, e, true) writes it, written once when the
 * snapshot is built (and so again on every reload) instead of once per
 * result: a reply copies the bytes. Keyed by the entity's address. */
typedef struct vg_srv_ftm_slot {
    const vg_entity *e; /* NULL: empty slot */
    uint32_t off, len;  /* its text in vg_srv_ftm_cache.text */
} vg_srv_ftm_slot;

typedef struct vg_srv_ftm_cache {
    vg_srv_ftm_slot *slots; /* owned; open addressing, mask + 1 of them */
    size_t mask;
    char *text; /* owned */
    size_t text_len;
} vg_srv_ftm_cache;

/* Writes the text of every entity of lists[0..n) (borrowed; they must
 * outlive c) into c (caller's storage, zeroed or fini'd). VG_ENOMEM or
 * VG_ELIMIT (text over 4 GiB) with `err` set; c is then empty. Not
 * thread-safe while building; immutable after: thread-safe to read. */
vg_status vg_srv_ftm_cache_build(vg_srv_ftm_cache *c, vg_list *const *lists, size_t n,
                                 vg_err *err);
/* Frees what c owns; c is empty after. */
void vg_srv_ftm_cache_fini(vg_srv_ftm_cache *c);
/* vg_srv_entity_write(w, e, open), the same bytes, from c when e is one of
 * its entities (c may be NULL). Thread-safe on distinct w. */
void vg_srv_entity_write_cached(vg_srv_jw *w, const vg_srv_ftm_cache *c, const vg_entity *e,
                                bool open);
/* The explanations of vg_srv_explanations_json() into w. */
void vg_srv_explanations_write(vg_srv_jw *w, const vg_match *m, const char *qname);

/* Rounds to 4 decimals for JSON. */
double vg_srv_round4(double v);

/* f as snprintf("%.2f") (decimals 2) or "%.4f" (decimals 4) writes it,
 * with "%+" when `plus`, into t (at least 64 bytes; NUL-terminated).
 * Returns the length. Pure, thread-safe. */
size_t vg_srv_fmt_fixed(char *t, float f, int decimals, bool plus);

/* ------------------------------------------------------------------------ */
/* Snapshots (snapshot.c)                                                   */
/* ------------------------------------------------------------------------ */

/* A dataset: one list, or the collection of all (index 0, "default"). */
typedef struct vg_srv_dataset {
    char name[64];
    char title[160];
    vg_list *lists[VG_SRV_MAX_LISTS]; /* borrowed from the snapshot */
    size_t n_lists;
    vg_index *ix;  /* owned when own_ix */
    const vg_srv_ftm_cache *ftm; /* the snapshot's entity texts */
    bool own_ix;
    pthread_mutex_t mu; /* guards the screener pool */
    vg_screener *pool[VG_SRV_POOL_MAX];
    pthread_t pool_owner[VG_SRV_POOL_MAX]; /* the thread that last used each */
    size_t n_pool;
} vg_srv_dataset;

/* Everything one request needs, immutable once published except for the
 * screener pools (mutex) and the reference count (atomic). */
typedef struct vg_srv_snapshot {
    atomic_uint refs;
    vg_list *lists[VG_SRV_MAX_LISTS]; /* owned */
    size_t n_lists;
    vg_srv_dataset ds[VG_SRV_MAX_LISTS + 1];
    size_t n_ds;
    vg_srv_keys keys;
    vg_srv_ftm_cache ftm; /* entity JSON of every entity of the lists */
    double load_seconds;
    double loaded_at; /* unix time */
    uint64_t generation;
    char fallback[VG_SRV_PATH_MAX + 64]; /* "" or the state generation served
                                            because the configured lists failed */
} vg_srv_snapshot;

/* Loads the lists and the keys file of cfg and builds the indexes. On
 * success *out has one reference. On failure `err` says why and nothing
 * stays allocated. Thread-safe (shares nothing). */
vg_status vg_srv_snapshot_load(const vg_srv_config *cfg, uint64_t generation,
                               vg_srv_snapshot **out, vg_err *err);
/* Adds / drops a reference; the last drop frees. NULL is a no-op. */
void vg_srv_snapshot_ref(vg_srv_snapshot *s);
void vg_srv_snapshot_unref(vg_srv_snapshot *s);
/* The dataset named `name` ("default" and "sanctions" are the collection);
 * NULL when unknown. */
vg_srv_dataset *vg_srv_snapshot_dataset(vg_srv_snapshot *s, const char *name);
/* Takes an idle screener of ds (or makes one); NULL on OOM. A thread gets
 * back the screener it used last when that one is idle. Give it back with
 * vg_srv_screener_put() from the same thread. Thread-safe. */
vg_screener *vg_srv_screener_get(vg_srv_dataset *ds);
void vg_srv_screener_put(vg_srv_dataset *ds, vg_screener *sc);
/* Finds an entity by id in any list; NULL when absent. */
const vg_entity *vg_srv_snapshot_find(const vg_srv_snapshot *s, const char *id);

/* At start: vg_srv_snapshot_load(), and when that fails and cfg->state_dir
 * holds last good lists, a load of those instead (s->fallback names the
 * generation; a `state` event on stderr says why). On failure `err` gives
 * the configured lists' error. Not thread-safe with vg_srv_state_save() on
 * the same directory (the server calls it before starting its threads). */
vg_status vg_srv_snapshot_load_start(const vg_srv_config *cfg, vg_srv_snapshot **out,
                                     vg_err *err);

/* ------------------------------------------------------------------------ */
/* Last good lists (state.c)                                                */
/* ------------------------------------------------------------------------ */

/* Copies the n list paths (files or directories of files; borrowed) into a
 * new generation of `dir` and publishes it by atomic rename of
 * `dir/current`; removes older generations and leftovers of interrupted
 * saves. When `fingerprints` (borrowed, n entries, may be NULL) is given, a
 * list whose fingerprint changed since is not saved (VG_EIO). On failure the
 * previous generation stays current and complete; `err` names the file and
 * the errno text. One save per directory at a time (callers serialise). */
vg_status vg_srv_state_save(const char *dir, char (*lists)[VG_SRV_PATH_MAX], size_t n,
                            const uint64_t *fingerprints, vg_err *err);
/* Replaces cfg's lists (caller storage) with the copies of the current
 * generation of `dir`; writes that generation's directory into gen_out.
 * VG_ENOENT when there is none. Read-only on the directory; thread-safe
 * against readers, not against a concurrent save. */
vg_status vg_srv_state_lists(const char *dir, vg_srv_config *cfg, char *gen_out, size_t cap,
                             vg_err *err);
/* Device, inode, size and mtime of a file, or of each regular file of a
 * directory, folded into one value (0: cannot stat). Thread-safe. */
uint64_t vg_srv_state_fingerprint(const char *path);
/* Writes one JSON event line (takes ownership of o; NULL ignored) to stderr
 * with a `ts` field. Thread-safe (one write(2) per line). */
void vg_srv_state_log(json_t *o);

/* ------------------------------------------------------------------------ */
/* Recording /match into the store (record.c)                               */
/* ------------------------------------------------------------------------ */

/* One alert of a screened example, kept for recording. */
typedef struct vg_srv_hit {
    const vg_entity *e; /* borrowed from the snapshot */
    float score;
    json_t *match;  /* owned: vg_cli_match_json() of the best-scoring name, explained */
    json_t *result; /* borrowed: its object in the response, NULL beyond `limit` */
    long slot;      /* its index in the example's results, -1 beyond `limit` */
} vg_srv_hit;

/* The alerts of one example, best first. Caller's storage, zeroed. */
typedef struct vg_srv_hits {
    vg_srv_hit v[VG_SRV_MAX_NAMES * VG_MAX_MATCHES];
    size_t n;
} vg_srv_hits;

/* Drops the references of h (NULL is a no-op); h can be reused. Not
 * thread-safe on one h. */
void vg_srv_hits_fini(vg_srv_hits *h);
/* Points each hit's `result` at its object in `example` (the example's
 * response, borrowed) by its slot. */
void vg_srv_hits_resolve(vg_srv_hits *h, json_t *example);

/* One /match request to record. Inputs are borrowed; the outputs are
 * filled by vg_srv_record(). */
typedef struct vg_srv_recording {
    const char *actor;   /* the API key's NAME: a store user whose role may screen */
    const char *dataset; /* as requested */
    const vg_srv_dataset *ds; /* the dataset screened (the scope) */
    const vg_srv_match_params *p;
    const vg_srv_match_req *mr;
    vg_srv_hits *hits;  /* mr->n, in the order of mr->ex */
    json_t *responses;  /* {query key: response}; results get alert_id, suppressed_by */
    int64_t run_id;     /* out */
    size_t n_alerts;    /* out: open alerts raised */
    size_t n_suppressed; /* out: alerts stored as suppressed by a remembered decision */
    char why[300];      /* out: the store's reason on failure */
} vg_srv_recording;

/* Records r as one run in one transaction on `st`: the run by r->actor
 * (engine version, parameters with threshold and dataset, list versions),
 * every example as a screened person with provenance {"source": "api",
 * ...}, no-hits and unscreenable examples too, and every hit as an alert
 * (vg_cli_alert_add(): the entity as it was, score, explanation; the store
 * applies remembered false positives). Writes "alert_id" (and
 * "suppressed_by") into the response results recorded. On failure the
 * transaction is rolled back, r->why says why and the status is the
 * store's (VG_EPERM: the actor may not screen). The store handle is not
 * thread-safe: call under the console's lock (vg_console_with_store()). */
vg_status vg_srv_record(vg_store *st, vg_srv_recording *r);

/* ------------------------------------------------------------------------ */
/* Metrics (metrics.c)                                                      */
/* ------------------------------------------------------------------------ */

typedef enum vg_srv_endpoint {
    VG_EP_MATCH = 0,
    VG_EP_SEARCH,
    VG_EP_ENTITIES,
    VG_EP_CATALOG,
    VG_EP_ALGORITHMS,
    VG_EP_HEALTHZ,
    VG_EP_READYZ,
    VG_EP_RECONCILE,
    VG_EP_METRICS,
    VG_EP_OPENAPI,
    VG_EP_ADMIN,
    VG_EP_OTHER,
    VG_EP__COUNT
} vg_srv_endpoint;

#define VG_SRV_N_CODES 15
#define VG_SRV_N_BUCKETS 12

typedef struct vg_srv_metrics {
    atomic_uint_fast64_t requests[VG_EP__COUNT][VG_SRV_N_CODES];
    atomic_uint_fast64_t latency[VG_EP__COUNT][VG_SRV_N_BUCKETS + 1];
    atomic_uint_fast64_t latency_us_sum[VG_EP__COUNT];
    atomic_uint_fast64_t queries, alerts, reloads_ok, reloads_failed, auth_failures;
} vg_srv_metrics;

const char *vg_srv_endpoint_name(vg_srv_endpoint ep);
/* Records one request. Thread-safe (atomics). The server keeps one
 * vg_srv_metrics per worker thread, each on cache lines of its own, and one
 * for the rest (reloads, key failures): two workers adding to the same
 * counters moved their cache lines between the cores on every request. */
void vg_srv_metrics_observe(vg_srv_metrics *m, vg_srv_endpoint ep, int status, double seconds);
/* Prometheus text of the sum of m[0..n) and snapshot s (borrowed) into a
 * malloc'd string (caller frees); NULL on OOM. */
char *vg_srv_metrics_text(const vg_srv_metrics *const *m, size_t n, const vg_srv_snapshot *s,
                          double uptime);

/* ------------------------------------------------------------------------ */
/* The server (http.c, routes.c, reconcile.c)                               */
/* ------------------------------------------------------------------------ */

typedef struct vg_srv vg_srv;

/* Runs the server with cfg until SIGTERM/SIGINT (SIGHUP reloads). Prints
 * "vigil: listening on ..." on stderr when ready. Returns 0 after a clean
 * shutdown, 3 when it could not start. Call from the main thread before
 * any other thread exists (it blocks the signals it waits for). */
int vg_srv_run(const vg_srv_config *cfg);

/* A reply being built by a route. */
typedef struct vg_srv_reply {
    int status;
    json_t *json;       /* owned; or */
    char *text;         /* owned (malloc) */
    size_t text_len;
    const char *content_type; /* static */
    const char *static_body;  /* not freed */
    size_t static_len;
    int batch;          /* x-batch-size when > 0 */
    const char *allow;  /* Allow header on 405 */
    bool www_auth;
} vg_srv_reply;

/* A parsed request handed to routes. All borrowed for the call. */
typedef struct vg_srv_req {
    vg_srv *srv;
    vg_srv_snapshot *snap;
    const char *method;
    const char *path;
    const vg_srv_kv *args;
    size_t n_args;
    const char *body;
    size_t body_len;
    const char *content_type; /* NULL when absent */
    const char *host;         /* Host header, NULL when absent */
    const char *key_name;     /* the API key's NAME, "" when none (open) */
    vg_srv_metrics *metrics;  /* the counters of the worker thread answering */
} vg_srv_req;

/* Reply helpers (routes.c). */
void vg_srv_reply_json(vg_srv_reply *r, int status, json_t *body);
void vg_srv_reply_error(vg_srv_reply *r, vg_srv_error *e);
void vg_srv_reply_detail(vg_srv_reply *r, int status, const char *detail);

/* Routes. Each fills `r`. */
void vg_srv_route_match(const vg_srv_req *q, const char *dataset, vg_srv_reply *r);
void vg_srv_route_search(const vg_srv_req *q, const char *dataset, vg_srv_reply *r);
void vg_srv_route_entity(const vg_srv_req *q, const char *id, vg_srv_reply *r);
void vg_srv_route_catalog(const vg_srv_req *q, vg_srv_reply *r);
void vg_srv_route_algorithms(const vg_srv_req *q, vg_srv_reply *r);
void vg_srv_route_reconcile(const vg_srv_req *q, const char *rest, vg_srv_reply *r);

/* Server accessors for routes (http.c). */
const vg_srv_config *vg_srv_cfg(const vg_srv *s);
/* The console with the store, NULL without `store`. Borrowed for the life
 * of the server. Thread-safe (set before the daemon starts). */
struct vg_console *vg_srv_console(vg_srv *s);
/* Rebuilds the snapshot beside the current one and swaps it in. On
 * failure the old one keeps serving and why[cap] says why. Serialised by
 * a mutex; thread-safe. */
vg_status vg_srv_reload(vg_srv *s, char *why, size_t cap);

/* Screens one example against ds and returns yente's per-query response
 * object {status, results, total, query} (caller owns). Counts alerts in
 * *alerts. Used by /match and the reconciliation API. When `hits` is not
 * NULL (record=true) it is filled with every alert (score >= threshold,
 * within the filters, also those beyond `limit`) for vg_srv_record();
 * release it with vg_srv_hits_fini() whatever is returned. Thread-safe. */
json_t *vg_srv_screen_example(vg_srv_dataset *ds, const vg_srv_example *ex,
                              const vg_srv_match_params *p, size_t *alerts, vg_srv_hits *hits);
/* The same response object as text into w (as json_dumps() would write
 * it), without a jansson tree; hits get their slots but no `result` (see
 * vg_srv_hits_resolve()). Returns false on OOM or a reply that cannot be
 * written (the caller answers 500). Thread-safe. */
bool vg_srv_screen_example_write(vg_srv_jw *w, vg_srv_dataset *ds, const vg_srv_example *ex,
                                 const vg_srv_match_params *p, size_t *alerts, vg_srv_hits *hits);

/* ------------------------------------------------------------------------ */
/* The analyst console (console.c)                                          */
/* ------------------------------------------------------------------------ */

typedef struct vg_console vg_console;
struct MHD_Connection;

/* Opens cfg->store with the signing key cfg->audit_key and, when
 * cfg->retention_interval > 0, starts the retention thread (as the admin
 * cfg->retention_user). `tls` marks session cookies Secure. NULL with
 * why[cap] on failure. Caller frees with vg_console_free() (stops and
 * joins the thread). */
vg_console *vg_console_new(const vg_srv_config *cfg, bool tls, char *why, size_t cap);
void vg_console_free(vg_console *c);
/* True for "/console" and paths under "/console/". Thread-safe. */
bool vg_console_owns(const char *path);
/* Answers one request under /console (the body complete, borrowed) and
 * queues the response on `conn`; *status gets the HTTP status. Returns an
 * MHD_Result. Thread-safe: store calls are serialised by a mutex (one
 * store handle). */
int vg_console_handle(vg_console *c, struct MHD_Connection *conn, const char *method,
                      const char *path, const char *body, size_t len, int *status);
/* Runs fn(st, ud) on the console's store handle with the console's mutex
 * held (one handle, shared with the console's requests) and returns what
 * fn returns. `fn` must not call back into the console. Thread-safe. */
vg_status vg_console_with_store(vg_console *c, vg_status (*fn)(vg_store *st, void *ud),
                                void *ud);

/* The embedded OpenAPI document (openapi_data.c, generated). */
extern const char vg_srv_openapi_json[];
extern const size_t vg_srv_openapi_json_len;

#endif
