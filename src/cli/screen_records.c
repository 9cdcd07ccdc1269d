/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil screen`: reads people from PAXLST, MRZ, CSV or JSONL (a file or
 * stdin), screens them on every core (one vg_screener per worker thread,
 * one shared index) and writes one result per person in input order, as
 * JSONL, CSV or text, with a summary and rejections on stderr. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/vg_base.h"
#include "cli.h"

#define BATCH 2048          /* records screened per round */
#define MAX_THREADS 256
#define MAX_REASONS 16      /* distinct rejection reasons counted */
#define MAX_WARN_SHOWN 20   /* record warnings printed in full */
#define PROGRESS_MIN (4u * 1024u * 1024u) /* inputs at least this big show progress */

typedef enum out_mode { OUT_BENCH = 0, OUT_JSONL, OUT_CSV, OUT_TEXT } out_mode;

enum { S_SCREENED = 1, S_ALERT = 2, S_REJECTED = 4 };

typedef struct slot {
    vg_record *rec; /* clone, owned */
    char *out;      /* output text, owned (malloc) */
    char *reason;   /* rejection reason, owned (malloc), or NULL */
    unsigned flags;
} slot;

typedef struct batch {
    slot s[BATCH];
    size_t n;
    atomic_size_t next;
} batch;

typedef struct run {
    vg_screen_opts opts;
    bool explain;
    float min_score; /* report matches at or above this (alerts always) */
    out_mode mode;
    size_t n_threads;
    vg_screener *sc[MAX_THREADS];
    vg_result *res[MAX_THREADS];
} run;

/* ------------------------------------------------------------------------ */
/* Output                                                                   */
/* ------------------------------------------------------------------------ */

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void set_opt(json_t *o, const char *k, const char *v)
{
    if (v && *v)
        json_object_set_new(o, k, json_string(v));
}

static json_t *id_json(const vg_record *rec)
{
    if (rec->id_json) {
        json_t *v = json_loads(rec->id_json, JSON_DECODE_ANY, NULL);
        if (v)
            return v;
    }
    return jstr(rec->id);
}

static json_t *record_json(const vg_record *rec)
{
    json_t *o = json_object();
    char buf[40];
    set_opt(o, "name", rec->name);
    set_opt(o, "given", rec->given);
    set_opt(o, "family", rec->family);
    if (rec->birth_date.year)
        json_object_set_new(o, "birth_date",
                            json_string(vg_date_format(&rec->birth_date, buf, sizeof buf)));
    if (rec->gender != VG_GENDER_UNKNOWN)
        json_object_set_new(o, "gender", json_string(vg_gender_name(rec->gender)));
    set_opt(o, "nationality", rec->nationality);
    if (rec->nationality_text && strcmp(rec->nationality_text, rec->nationality) != 0)
        json_object_set_new(o, "nationality_text", json_string(rec->nationality_text));
    if (rec->n_docs) {
        json_t *a = json_array();
        for (size_t i = 0; i < rec->n_docs; i++) {
            const vg_record_doc *d = &rec->docs[i];
            json_t *jd = json_object();
            set_opt(jd, "type", d->type);
            set_opt(jd, "number", d->number);
            set_opt(jd, "country", d->country);
            if (d->country_text && strcmp(d->country_text, d->country) != 0)
                set_opt(jd, "country_text", d->country_text);
            if (d->expires.year)
                json_object_set_new(jd, "expires",
                                    json_string(vg_date_format(&d->expires, buf, sizeof buf)));
            json_array_append_new(a, jd);
        }
        json_object_set_new(o, "documents", a);
    }
    if (rec->role != VG_ROLE_UNKNOWN)
        json_object_set_new(o, "role", json_string(vg_record_role_name(rec->role)));
    set_opt(o, "booking_ref", rec->booking_ref);
    set_opt(o, "seat", rec->seat);
    set_opt(o, "embark", rec->embark);
    set_opt(o, "debark", rec->debark);
    set_opt(o, "residence", rec->residence);
    json_object_set_new(o, "verified", json_boolean(rec->verified));
    set_opt(o, "failed_checks", rec->failed_checks);
    if (rec->n_warnings) {
        json_t *a = json_array();
        for (size_t i = 0; i < rec->n_warnings; i++)
            json_array_append_new(a, json_string(rec->warnings[i]));
        json_object_set_new(o, "warnings", a);
    }
    return o;
}

static json_t *provenance_json(const vg_record *rec)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", jstr(rec->file));
    json_object_set_new(o, "format", json_string(vg_record_format_name(rec->format)));
    json_object_set_new(o, "record", json_integer((json_int_t)rec->record_no));
    json_object_set_new(o, "line", json_integer(rec->line));
    set_opt(o, "interchange", rec->interchange);
    set_opt(o, "message", rec->message);
    if (rec->index_in_message)
        json_object_set_new(o, "person", json_integer((json_int_t)rec->index_in_message));
    if (rec->segment)
        json_object_set_new(o, "segment", json_integer(rec->segment));
    return o;
}

static json_t *flight_json(const vg_record *rec)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rec->n_legs; i++) {
        const vg_record_leg *l = &rec->legs[i];
        json_t *o = json_object();
        set_opt(o, "carrier", l->carrier);
        set_opt(o, "flight", l->flight);
        set_opt(o, "from", l->from);
        set_opt(o, "to", l->to);
        set_opt(o, "departs", l->departs);
        set_opt(o, "arrives", l->arrives);
        json_array_append_new(a, o);
    }
    return a;
}

static char *dump(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(o);
    return s;
}

/* ---- the bench-protocol line, written directly ------------------------ */

/* The hot path of the benchmark protocol: one short JSON object per query,
 * written straight into a buffer (building a jansson tree per query cost a
 * fifth of the run). Same keys and order as vg_cli_result_json(). */
static void jw_str(vg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *seg = p;
    /* most strings (entity ids, names) need no escape: written at once */
    size_t n = 0;
    while (p[n] && p[n] != '"' && p[n] != '\\' && p[n] >= 0x20)
        n++;
    if (!p[n] && n + 2 <= b->limit && b->len <= b->limit - (n + 2) && b->cap - b->len > n + 2) {
        char *o = b->ptr + b->len;
        o[0] = '"';
        memcpy(o + 1, p, n);
        o[n + 1] = '"';
        o[n + 2] = '\0';
        b->len += n + 2;
        return;
    }
    vg_buf_putc(b, '"');
    for (; *p; p++) {
        if (*p != '"' && *p != '\\' && *p >= 0x20)
            continue; /* plain bytes are copied in runs */
        vg_buf_append(b, (const char *)seg, (size_t)(p - seg));
        if (*p == '"' || *p == '\\') {
            vg_buf_putc(b, '\\');
            vg_buf_putc(b, (char)*p);
        } else {
            vg_buf_printf(b, "\\u%04x", *p);
        }
        seg = p + 1;
    }
    vg_buf_append(b, (const char *)seg, (size_t)(p - seg));
    vg_buf_putc(b, '"');
}

/* A number rounded to `digits` decimals, without trailing zeros, as JSON. */
static void jw_num(vg_buf *b, float v, int digits)
{
    char tmp[48];
    size_t n = vg_fmt_decimal(tmp, sizeof tmp, v, digits);
    if (n)
        vg_buf_append(b, tmp, n);
}

static void jw_explanation(vg_buf *b, const vg_explanation *ex)
{
    static const char *const kinds[] = {"birth_date", "nationality", "gender", "document",
                                        "linked_entity"};
    vg_buf_putc(b, '{');
    if (ex->name) {
        vg_buf_puts(b, "\"name\":");
        jw_str(b, ex->name->full);
        vg_buf_puts(b, ",\"name_role\":");
        jw_str(b, vg_name_role_name(ex->name->role));
        vg_buf_putc(b, ',');
    }
    vg_buf_puts(b, "\"name_score\":");
    jw_num(b, ex->name_score, 4);
    vg_buf_puts(b, ",\"tokens\":[");
    for (size_t i = 0; i < ex->n_pairs; i++) {
        const vg_token_pair *p = &ex->pairs[i];
        vg_buf_puts(b, i ? ",{\"query\":" : "{\"query\":");
        if (p->query[0])
            jw_str(b, p->query);
        else
            vg_buf_puts(b, "null");
        vg_buf_puts(b, ",\"list\":");
        if (p->list[0])
            jw_str(b, p->list);
        else
            vg_buf_puts(b, "null");
        vg_buf_puts(b, ",\"method\":");
        jw_str(b, vg_cmp_method_name(p->method));
        vg_buf_puts(b, ",\"similarity\":");
        jw_num(b, p->similarity, 3);
        vg_buf_puts(b, ",\"weight\":");
        jw_num(b, p->weight, 3);
        vg_buf_putc(b, '}');
    }
    vg_buf_puts(b, "],\"evidence\":[");
    for (size_t i = 0; i < ex->n_evidence; i++) {
        const vg_evidence *e = &ex->evidence[i];
        vg_buf_puts(b, i ? ",{\"kind\":" : "{\"kind\":");
        jw_str(b, kinds[e->kind]);
        vg_buf_puts(b, ",\"query\":");
        jw_str(b, e->query);
        vg_buf_puts(b, ",\"list\":");
        jw_str(b, e->list);
        vg_buf_puts(b, ",\"verdict\":");
        jw_str(b, e->verdict);
        vg_buf_puts(b, ",\"effect\":");
        jw_num(b, e->effect, 4);
        vg_buf_putc(b, '}');
    }
    vg_buf_puts(b, "]}");
}

static char *bench_line(const vg_record *rec, const vg_result *res, bool explain_all)
{
    vg_buf b;
    vg_buf_init(&b, NULL, VG_LIMIT_RECORD_BYTES);
    /* one allocation for most lines (ten matches, one explained); a
     * failure shows in the appends below */
    (void)vg_buf_reserve(&b, 1023);
    vg_buf_puts(&b, "{\"id\":");
    if (rec->id_json)
        vg_buf_puts(&b, rec->id_json);
    else if (rec->id)
        jw_str(&b, rec->id);
    else
        vg_buf_puts(&b, "null");
    vg_buf_puts(&b, ",\"matches\":[");
    for (size_t i = 0; i < res->n_matches; i++) {
        const vg_match *m = &res->matches[i];
        vg_buf_puts(&b, i ? ",{\"entity\":" : "{\"entity\":");
        jw_str(&b, m->entity->id);
        vg_buf_puts(&b, ",\"score\":");
        jw_num(&b, m->score, 4);
        vg_buf_puts(&b, m->alert ? ",\"alert\":true" : ",\"alert\":false");
        if (m->alert || explain_all) {
            vg_buf_puts(&b, ",\"explanation\":");
            jw_explanation(&b, &m->explain);
        }
        vg_buf_putc(&b, '}');
    }
    vg_status rc = vg_buf_puts(&b, "]}");
    if (rc) { /* out of memory or over the cap: fall back to nothing */
        vg_buf_fini(&b);
        return NULL;
    }
    return b.ptr;
}

/* Appends a CSV field (quoted when needed) and a separator. */
static void csv_field(vg_buf *b, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n")) {
        vg_buf_putc(b, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                vg_buf_putc(b, '"');
            vg_buf_putc(b, *p);
        }
        vg_buf_putc(b, '"');
    } else {
        vg_buf_puts(b, s);
    }
    vg_buf_putc(b, last ? '\n' : ',');
}

static const char *k_csv_header = "id,file,line,message,role,name,birth_date,gender,nationality,"
                                  "documents,flight,verified,warnings,error,alert,alerts,"
                                  "best_entity,best_score,best_name,matched_name\n";

static char *csv_row(const vg_record *rec, const vg_result *res, const char *reason)
{
    vg_buf b, t;
    vg_buf_init(&b, NULL, VG_LIMIT_RECORD_BYTES);
    vg_buf_init(&t, NULL, VG_LIMIT_RECORD_BYTES);
    char buf[64];
    csv_field(&b, rec->id, false);
    csv_field(&b, rec->file, false);
    snprintf(buf, sizeof buf, "%ld", rec->line);
    csv_field(&b, buf, false);
    csv_field(&b, rec->message, false);
    csv_field(&b, rec->role ? vg_record_role_name(rec->role) : "", false);
    csv_field(&b, rec->name, false);
    csv_field(&b, rec->birth_date.year ? vg_date_format(&rec->birth_date, buf, sizeof buf) : "",
              false);
    csv_field(&b, rec->gender ? vg_gender_name(rec->gender) : "", false);
    csv_field(&b, rec->nationality[0] ? rec->nationality : rec->nationality_text, false);
    for (size_t i = 0; i < rec->n_docs; i++)
        vg_buf_printf(&t, "%s%s %s %s", i ? ";" : "", rec->docs[i].type ? rec->docs[i].type : "",
                      rec->docs[i].number, rec->docs[i].country);
    csv_field(&b, t.ptr, false);
    vg_buf_clear(&t);
    for (size_t i = 0; i < rec->n_legs; i++)
        vg_buf_printf(&t, "%s%s %s-%s %s", i ? ";" : "", rec->legs[i].flight ? rec->legs[i].flight : "",
                      rec->legs[i].from ? rec->legs[i].from : "", rec->legs[i].to ? rec->legs[i].to : "",
                      rec->legs[i].departs ? rec->legs[i].departs : "");
    csv_field(&b, t.ptr, false);
    vg_buf_clear(&t);
    csv_field(&b, rec->verified ? "true" : "false", false);
    for (size_t i = 0; i < rec->n_warnings; i++)
        vg_buf_printf(&t, "%s%s", i ? "; " : "", rec->warnings[i]);
    csv_field(&b, t.ptr, false);
    vg_buf_clear(&t);
    csv_field(&b, reason, false);
    bool any = false;
    for (size_t i = 0; res && i < res->n_matches; i++)
        if (res->matches[i].alert) {
            vg_buf_printf(&t, "%s%s", any ? ";" : "", res->matches[i].entity->id);
            any = true;
        }
    csv_field(&b, any ? "true" : "false", false);
    csv_field(&b, t.ptr, false);
    const vg_match *m = res && res->n_matches ? &res->matches[0] : NULL;
    csv_field(&b, m ? m->entity->id : "", false);
    snprintf(buf, sizeof buf, "%.4f", m ? m->score : 0.0);
    csv_field(&b, m ? buf : "", false);
    csv_field(&b, m && m->entity->n_names ? m->entity->names[0].full : "", false);
    csv_field(&b, m && m->explain.name ? m->explain.name->full : "", true);
    vg_buf_fini(&t);
    char *s = b.ptr ? strdup(b.ptr) : NULL;
    vg_buf_fini(&b);
    return s;
}

/* Human-readable block for a person with alerts (NULL otherwise). */
static char *text_block(const vg_record *rec, const vg_result *res)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    if (!f)
        return NULL;
    char buf[40];
    fprintf(f, "%s:%ld", rec->file, rec->line);
    if (rec->message)
        fprintf(f, " message %s person %zu", rec->message, rec->index_in_message);
    fprintf(f, ": %s", rec->name ? rec->name : "(no name)");
    if (rec->birth_date.year)
        fprintf(f, ", born %s", vg_date_format(&rec->birth_date, buf, sizeof buf));
    if (rec->nationality[0] || rec->nationality_text)
        fprintf(f, ", %s", rec->nationality[0] ? rec->nationality : rec->nationality_text);
    for (size_t i = 0; i < rec->n_docs; i++)
        fprintf(f, ", %s %s", rec->docs[i].type ? rec->docs[i].type : "document",
                rec->docs[i].number);
    if (rec->n_legs)
        fprintf(f, ", flight %s %s-%s", rec->legs[0].flight ? rec->legs[0].flight : "?",
                rec->embark ? rec->embark : rec->legs[0].from ? rec->legs[0].from : "?",
                rec->debark ? rec->debark : rec->legs[0].to ? rec->legs[0].to : "?");
    if (!rec->verified)
        fprintf(f, " [UNVERIFIED: %s]", rec->failed_checks ? rec->failed_checks : "");
    fputc('\n', f);
    for (size_t i = 0; i < res->n_matches; i++)
        if (res->matches[i].alert)
            vg_cli_print_match_text(f, &res->matches[i]);
    fputc('\n', f);
    fclose(f);
    return s;
}

/* ------------------------------------------------------------------------ */
/* Screening one slot (any thread)                                          */
/* ------------------------------------------------------------------------ */

static void process(run *R, size_t w, slot *sl)
{
    const vg_record *rec = sl->rec;
    vg_result *res = R->res[w];
    const char *reason = rec->error;
    char why[VG_ERR_MSG_MAX];
    vg_query q;
    if (!reason)
        reason = vg_cli_record_query(rec, &q);
    if (!reason) {
        vg_err err;
        vg_err_clear(&err);
        vg_status st = vg_screen(R->sc[w], &q, &R->opts, res, &err);
        if (st) {
            snprintf(why, sizeof why, "%s", err.msg[0] ? err.msg : vg_status_str(st));
            reason = why;
        }
    }
    if (reason) {
        sl->flags = S_REJECTED;
        sl->reason = strdup(reason);
        switch (R->mode) {
        case OUT_BENCH:
        case OUT_JSONL: {
            json_t *o = json_object();
            json_object_set_new(o, "id", id_json(rec));
            json_object_set_new(o, "error", json_string(reason));
            json_object_set_new(o, "matches", json_array());
            if (R->mode == OUT_JSONL) {
                json_object_set_new(o, "record", record_json(rec));
                json_object_set_new(o, "provenance", provenance_json(rec));
            }
            sl->out = dump(o);
            break;
        }
        case OUT_CSV:
            sl->out = csv_row(rec, NULL, reason);
            break;
        case OUT_TEXT:
            break;
        }
        return;
    }
    sl->flags = S_SCREENED;
    for (size_t i = 0; i < res->n_matches; i++)
        if (res->matches[i].alert)
            sl->flags |= S_ALERT;
    if (R->min_score > 0) {
        /* the reporting floor: weak candidates are noise to an analyst */
        size_t kept = 0;
        for (size_t i = 0; i < res->n_matches; i++)
            if (res->matches[i].alert || res->matches[i].score >= R->min_score)
                res->matches[kept++] = res->matches[i];
        res->n_matches = kept;
    }
    switch (R->mode) {
    case OUT_BENCH:
        sl->out = bench_line(rec, res, R->explain);
        break;
    case OUT_JSONL: {
        json_t *o = vg_cli_result_json(NULL, res, R->explain);
        json_object_set_new(o, "id", id_json(rec));
        if (R->mode == OUT_JSONL) {
            json_object_set_new(o, "record", record_json(rec));
            json_object_set_new(o, "provenance", provenance_json(rec));
            if (rec->n_legs)
                json_object_set_new(o, "flight", flight_json(rec));
        }
        sl->out = dump(o);
        break;
    }
    case OUT_CSV:
        sl->out = csv_row(rec, res, NULL);
        break;
    case OUT_TEXT:
        if (sl->flags & S_ALERT)
            sl->out = text_block(rec, res);
        break;
    }
}

typedef struct worker_arg {
    run *R;
    batch *b;
    size_t w;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = p;
    size_t i;
    while ((i = atomic_fetch_add(&a->b->next, 1)) < a->b->n)
        process(a->R, a->w, &a->b->s[i]);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Reading, writing, summary                                                */
/* ------------------------------------------------------------------------ */

typedef struct reason_count {
    char text[200];
    size_t n;
} reason_count;

typedef struct stats {
    size_t read, screened, alerted, rejected, unverified, warned, warn_shown;
    reason_count reasons[MAX_REASONS];
    size_t n_reasons, other_reasons;
    bool fatal;
} stats;

/* Reasons are grouped with quoted text and numbers left out. */
static void count_reason(stats *st, const char *reason)
{
    char key[200];
    size_t k = 0;
    const bool q = false;
    const char *colon = strstr(reason, "): ");
    if (colon && strncmp(reason, "segment ", 8) == 0)
        reason = colon + 3; /* "segment 11 (DTM, line 14): ..." */
    for (const char *p = reason; *p && k + 1 < sizeof key; p++) {
        if (*p == '\'' && !q) {
            /* quoted values (dates, names) vary; quoted field names do not */
            const char *e = strchr(p + 1, '\'');
            const char *d = strpbrk(p + 1, "0123456789");
            bool value = !e || e - p > 24 || (d && d < e);
            key[k++] = '\'';
            if (value && e) {
                p = e;
                if (k + 1 < sizeof key)
                    key[k++] = '\'';
            }
            continue;
        }
        if (*p >= '0' && *p <= '9') {
            /* a number stands for any number ("line 12"), but digits that
             * belong to a word stay ("UTF-8", "D:02B") */
            char prev = p > reason ? p[-1] : ' ';
            bool word = (prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z') ||
                        prev == '-' || prev == ':';
            if (!word) {
                while (p[1] >= '0' && p[1] <= '9')
                    p++;
                key[k++] = 'N';
                continue;
            }
        }
        key[k++] = *p;
    }
    key[k] = '\0';
    for (size_t i = 0; i < st->n_reasons; i++)
        if (strcmp(st->reasons[i].text, key) == 0) {
            st->reasons[i].n++;
            return;
        }
    if (st->n_reasons < MAX_REASONS) {
        memcpy(st->reasons[st->n_reasons].text, key, k + 1);
        st->reasons[st->n_reasons++].n = 1;
    } else {
        st->other_reasons++;
    }
}

/* Fills `b` with up to BATCH records. */
static void read_batch(vg_reader *rd, batch *b, stats *st)
{
    b->n = 0;
    atomic_store(&b->next, 0);
    while (!st->fatal && b->n < BATCH) {
        vg_record *rec = NULL;
        vg_err err;
        vg_status rc = vg_reader_next(rd, &rec, &err);
        if (!rec) {
            if (rc != VG_OK) {
                char buf[800];
                fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
                st->fatal = true;
            }
            return;
        }
        slot *sl = &b->s[b->n];
        memset(sl, 0, sizeof *sl);
        if (vg_record_clone(rec, NULL, &sl->rec)) {
            fprintf(stderr, "vigil: out of memory\n");
            st->fatal = true;
            return;
        }
        b->n++;
    }
}

static void write_batch(batch *b, stats *st, const run *R, bool *io_err)
{
    for (size_t i = 0; i < b->n; i++) {
        slot *sl = &b->s[i];
        const vg_record *rec = sl->rec;
        st->read++;
        if (!rec->verified)
            st->unverified++;
        if (rec->n_warnings) {
            st->warned++;
            for (size_t j = 0; j < rec->n_warnings && st->warn_shown < MAX_WARN_SHOWN; j++) {
                st->warn_shown++;
                fprintf(stderr, "vigil: %s:%ld: warning: %s\n", rec->file, rec->line,
                        rec->warnings[j]);
            }
        }
        if (sl->flags & S_REJECTED) {
            st->rejected++;
            count_reason(st, sl->reason ? sl->reason : "out of memory");
            const char *what = rec->format == VG_RECORD_JSONL ? "query" : "record";
            if (rec->message)
                fprintf(stderr, "vigil: %s:%ld: message %s, person %zu: %s rejected: %s\n",
                        rec->file, rec->line, rec->message, rec->index_in_message, what,
                        sl->reason ? sl->reason : "out of memory");
            else
                fprintf(stderr, "vigil: %s:%ld: %s rejected: %s\n", rec->file, rec->line, what,
                        sl->reason ? sl->reason : "out of memory");
        } else if (sl->flags & S_SCREENED) {
            st->screened++;
            st->alerted += (sl->flags & S_ALERT) != 0;
        }
        if (sl->out) {
            fputs(sl->out, stdout);
            if (R->mode == OUT_BENCH || R->mode == OUT_JSONL)
                fputc('\n', stdout);
        } else if (R->mode != OUT_TEXT) {
            *io_err = true; /* out of memory while formatting */
        }
        free(sl->out);
        free(sl->reason);
        vg_record_free(sl->rec);
        memset(sl, 0, sizeof *sl);
    }
    b->n = 0;
}

static void progress(vg_reader *rd, const stats *st, bool show, bool done)
{
    if (!show)
        return;
    if (done) {
        fprintf(stderr, "\r\033[K");
        return;
    }
    size_t total = vg_reader_bytes_total(rd), got = vg_reader_bytes_read(rd);
    int pct = total ? (int)((double)got * 100.0 / (double)total) : 0;
    int bars = pct / 4;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %zu records, %zu alerts", bars,
            "#########################", 25 - bars, "", pct, st->read, st->alerted);
    fflush(stderr);
}

/* ------------------------------------------------------------------------ */
/* The command                                                              */
/* ------------------------------------------------------------------------ */

/* The CPUs this process may run on: its affinity mask (under `taskset -c 0`
 * one), else the online CPUs. More workers than that only take turns on the
 * same core, each with its own screener's caches. */
static long usable_cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    return sysconf(_SC_NPROCESSORS_ONLN);
}

static void screen_usage(FILE *f)
{
    fprintf(f,
            "usage: vigil screen [--in FILE] [--format paxlst|mrz|csv|jsonl] [--map MAP]\n"
            "                    [--output jsonl|csv|text] [--threads N] [--list PATH ...]\n"
            "                    [--threshold X] [--min-score X] [--exhaustive] [--explain]\n"
            "                    [--fail-on-alert]\n"
            "\n"
            "Screens every person of FILE (stdin when absent or '-') against the lists.\n"
            "Input formats (detected when --format is not given):\n"
            "  paxlst  UN/EDIFACT PAXLST passenger/crew manifests (API)\n"
            "  mrz     ICAO 9303 machine-readable zones (TD1, TD2, TD3), one per\n"
            "          blank-line-separated block; failed check digits mark the\n"
            "          record unverified\n"
            "  csv     a header row; columns guessed from their names or mapped with\n"
            "          --map name=COL,first_name=COL,last_name=COL,birth_date=COL,\n"
            "          nationality=COL,gender=COL,passport_number=COL,id_number=COL,\n"
            "          document_country=COL,id=COL (COL: header name or 1-based number)\n"
            "  jsonl   {\"id\", \"name\" | \"first_name\"+\"last_name\", \"birth_date\",\n"
            "          \"nationality\", \"gender\", \"passport_number\", \"id_number\",\n"
            "          \"documents\": [{\"number\", \"country\"}], \"schema\"}\n"
            "Output (stdout):\n"
            "  jsonl   one object per person, in input order: {\"id\", \"matches\":\n"
            "          [{\"entity\", \"score\", \"alert\", \"explanation\"}], \"record\",\n"
            "          \"provenance\", \"flight\"}; a person that could not be read or\n"
            "          screened gets \"error\" and no matches. JSONL queries read from\n"
            "          stdin without --output get only {\"id\", \"matches\"} (the bench form).\n"
            "  csv     one row per person, best match and alerted entities flattened\n"
            "  text    the alerted persons only, with their explanations\n"
            "A summary (read, screened, alerted, rejected with reasons) goes to stderr,\n"
            "with a progress bar when stderr is a terminal and the input is large.\n"
            "--threads N screens on N threads (default: the CPUs it may run on); output order\n"
            "is the input order whatever N is.\n"
            "--min-score X reports only matches scoring X or more (alerts always); the\n"
            "default is 0.25 for files and record formats, 0 (the ten best) for JSONL\n"
            "queries on stdin, the benchmark protocol.\n"
            "Exit codes: 0 everything screened, alerts or not; 1 --fail-on-alert and an\n"
            "alert was raised; 2 some records could not be read or screened (each\n"
            "reported on stderr, the rest screened); 3 could not run (bad options, a list\n"
            "or input that cannot be read).\n");
}

int vg_cmd_screen(int argc, char **argv)
{
    screen_ctx c = {0};
    run *R = NULL;
    batch *bufs = NULL;
    vg_reader *rd = NULL;
    int rc = VG_EXIT_FAIL;
    const char *in_path = NULL, *map = NULL;
    vg_record_format fmt = VG_RECORD_AUTO;
    bool fail_on_alert = false, have_output = false, io_err = false, have_min_score = false;
    long n_threads = usable_cpus();
    stats st;
    memset(&st, 0, sizeof st);
    R = calloc(1, sizeof *R);
    if (!R) {
        fprintf(stderr, "vigil: out of memory\n");
        goto out;
    }
    static const struct option lopts[] = {{"list", required_argument, NULL, 'l'},
                                          {"threshold", required_argument, NULL, 't'},
                                          {"exhaustive", no_argument, NULL, 'x'},
                                          {"explain", no_argument, NULL, 'e'},
                                          {"fail-on-alert", no_argument, NULL, 'f'},
                                          {"in", required_argument, NULL, 'i'},
                                          {"format", required_argument, NULL, 'F'},
                                          {"map", required_argument, NULL, 'm'},
                                          {"output", required_argument, NULL, 'o'},
                                          {"threads", required_argument, NULL, 'j'},
                                          {"min-score", required_argument, NULL, 'M'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 'l':
            if (!vg_cli_lists_add(&c.ls, optarg)) {
                fprintf(stderr, "vigil: too many --list options\n");
                goto out;
            }
            break;
        case 't':
            if (!vg_cli_parse_threshold(optarg, &R->opts.threshold)) {
                fprintf(stderr, "vigil: --threshold must be a number in (0, 1]\n");
                goto out;
            }
            break;
        case 'x':
            R->opts.exhaustive = true;
            break;
        case 'e':
            R->explain = true;
            R->opts.explain_all = true; /* every match, not only alerts */
            break;
        case 'f':
            fail_on_alert = true;
            break;
        case 'i':
            in_path = optarg;
            break;
        case 'F':
            if (!vg_record_format_parse(optarg, &fmt)) {
                fprintf(stderr, "vigil: --format must be paxlst, mrz, csv or jsonl\n");
                goto out;
            }
            break;
        case 'm':
            map = optarg;
            break;
        case 'o':
            have_output = true;
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
                R->mode = OUT_JSONL;
            else if (strcmp(optarg, "csv") == 0)
                R->mode = OUT_CSV;
            else if (strcmp(optarg, "text") == 0)
                R->mode = OUT_TEXT;
            else {
                fprintf(stderr, "vigil: --output must be jsonl, csv or text\n");
                goto out;
            }
            break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || v < 1 || v > MAX_THREADS) {
                fprintf(stderr, "vigil: --threads must be 1 to %d\n", MAX_THREADS);
                goto out;
            }
            n_threads = v;
            break;
        }
        case 'M': {
            char *end;
            double v = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || v < 0 || v > 1) {
                fprintf(stderr, "vigil: --min-score must be a number in [0, 1]\n");
                goto out;
            }
            R->min_score = (float)v;
            have_min_score = true;
            break;
        }
        case 'h':
            screen_usage(stdout);
            rc = VG_EXIT_OK;
            goto out;
        default:
            screen_usage(stderr);
            goto out;
        }
    }
    if (optind != argc) {
        screen_usage(stderr);
        goto out;
    }
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > MAX_THREADS)
        n_threads = MAX_THREADS;
    R->n_threads = (size_t)n_threads;

    if (!vg_cli_ctx_open(&c))
        goto out;
    vg_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.csv_map = map;
    vg_err err;
    vg_status ost = vg_reader_open(in_path ? in_path : "-", fmt, &ro, NULL, &rd, &err);
    if (ost == VG_EEMPTY) {
        fprintf(stderr, "vigil: 0 read, 0 screened, 0 with alerts, 0 rejected\n");
        rc = VG_EXIT_OK;
        goto out;
    }
    if (ost) {
        char buf[800];
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        goto out;
    }
    if (!have_output)
        R->mode = (vg_reader_format(rd) == VG_RECORD_JSONL && !in_path) ? OUT_BENCH : OUT_JSONL;
    /* Traveller and customer files report candidates from 0.25 up by
     * default; the bench protocol (JSONL on stdin) keeps the ten best. */
    if (!have_min_score && R->mode != OUT_BENCH)
        R->min_score = 0.25f;
    R->sc[0] = c.sc;
    for (size_t i = 0; i < R->n_threads; i++) {
        if (i > 0 && vg_screener_new(c.ix, &R->sc[i])) {
            fprintf(stderr, "vigil: out of memory\n");
            goto out;
        }
        R->res[i] = malloc(sizeof *R->res[i]);
        if (!R->res[i]) {
            fprintf(stderr, "vigil: out of memory\n");
            goto out;
        }
    }
    bufs = calloc(2, sizeof *bufs);
    if (!bufs) {
        fprintf(stderr, "vigil: out of memory\n");
        goto out;
    }
    json_object_seed(0); /* before any thread builds JSON */
    if (R->mode == OUT_CSV)
        fputs(k_csv_header, stdout);
    bool show = isatty(STDERR_FILENO) && vg_reader_bytes_total(rd) >= PROGRESS_MIN;
    batch *cur = &bufs[0], *nxt = &bufs[1];
    read_batch(rd, cur, &st);
    while (cur->n > 0) {
        if (R->n_threads == 1) {
            for (size_t i = 0; i < cur->n; i++)
                process(R, 0, &cur->s[i]);
            write_batch(cur, &st, R, &io_err);
            read_batch(rd, cur, &st);
        } else {
            pthread_t th[MAX_THREADS];
            worker_arg wa[MAX_THREADS];
            size_t started = 0;
            for (size_t i = 0; i < R->n_threads; i++) {
                wa[i] = (worker_arg){R, cur, i};
                if (pthread_create(&th[i], NULL, worker, &wa[i]) != 0)
                    break;
                started++;
            }
            if (started == 0) /* no thread could start: screen here */
                worker(&wa[0]);
            read_batch(rd, nxt, &st); /* overlaps with screening */
            for (size_t i = 0; i < started; i++)
                pthread_join(th[i], NULL);
            write_batch(cur, &st, R, &io_err);
            batch *t = cur;
            cur = nxt;
            nxt = t;
        }
        progress(rd, &st, show, false);
    }
    progress(rd, &st, show, true);
    if (fflush(stdout) != 0 || ferror(stdout))
        io_err = true;
    for (size_t i = 0; i < vg_reader_warning_count(rd); i++) {
        const char *w = vg_reader_warning(rd, i);
        if (!w)
            break;
        fprintf(stderr, "vigil: warning: %s\n", w);
    }
    if (vg_reader_warning_count(rd) > VG_RECORD_MAX_WARNINGS)
        fprintf(stderr, "vigil: %zu further input warnings\n",
                vg_reader_warning_count(rd) - VG_RECORD_MAX_WARNINGS);
    fprintf(stderr, "vigil: %zu read, %zu screened, %zu with alerts, %zu rejected", st.read,
            st.screened, st.alerted, st.rejected);
    if (st.unverified)
        fprintf(stderr, ", %zu unverified (MRZ check digits)", st.unverified);
    if (st.warned)
        fprintf(stderr, ", %zu with warnings", st.warned);
    fputc('\n', stderr);
    for (size_t i = 0; i < st.n_reasons; i++)
        fprintf(stderr, "vigil:   rejected %zu: %s\n", st.reasons[i].n, st.reasons[i].text);
    if (st.other_reasons)
        fprintf(stderr, "vigil:   rejected %zu: other reasons\n", st.other_reasons);
    if (io_err || st.fatal) {
        if (io_err)
            fprintf(stderr, "vigil: I/O error\n");
        rc = VG_EXIT_FAIL;
    } else if (st.rejected) {
        rc = VG_EXIT_REJECTED;
    } else if (fail_on_alert && st.alerted) {
        rc = VG_EXIT_ALERT;
    } else {
        rc = VG_EXIT_OK;
    }
out:
    if (bufs) {
        for (int k = 0; k < 2; k++)
            for (size_t i = 0; i < bufs[k].n; i++) {
                free(bufs[k].s[i].out);
                free(bufs[k].s[i].reason);
                vg_record_free(bufs[k].s[i].rec);
            }
        free(bufs);
    }
    if (R) {
        for (size_t i = 0; i < R->n_threads && i < MAX_THREADS; i++) {
            if (i > 0)
                vg_screener_free(R->sc[i]);
            free(R->res[i]);
        }
        free(R);
    }
    vg_reader_free(rd);
    vg_cli_ctx_close(&c);
    return rc;
}
