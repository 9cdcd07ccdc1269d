/* SPDX-License-Identifier: Apache-2.0 */
/* Screening benchmark: loads lists, builds the index and screens a JSONL(.gz)
 * query file on one thread, beside a naive brute-force Jaro-Winkler scan over
 * the same names, and optionally compares the indexed top 10 with the
 * exhaustive top 10. Prints markdown tables; see bench/README.md. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>
#include <zlib.h>

#include "vigil/vigil.h"

#define MAX_LISTS 16
#define MAX_RUNS 15
#define TOPK 10
#define MAX_EXPECTED 8

/* ======================================================================== */
/* Small helpers                                                            */
/* ======================================================================== */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads "VmHWM" or "VmRSS" from /proc/self/status in KiB; falls back to
 * getrusage's ru_maxrss (a high-water mark) when /proc is unavailable. */
static long proc_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    long v = -1;
    if (f) {
        char line[256];
        size_t kl = strlen(key);
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
                v = strtol(line + kl + 1, NULL, 10);
                break;
            }
        }
        fclose(f);
    }
    if (v < 0) {
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0)
            v = ru.ru_maxrss;
    }
    return v;
}

static double mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        fprintf(stderr, "bench_screen: out of memory\n");
        exit(3);
    }
    memcpy(p, s, n);
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "bench_screen: out of memory\n");
        exit(3);
    }
    return q;
}

/* ======================================================================== */
/* Queries                                                                  */
/* ======================================================================== */

/* One query, parsed: strings owned here, expected entity ids kept for the
 * recall columns. */
typedef struct bq {
    char *name, *first, *last;
    vg_date dob;
    char nat[3];
    vg_gender gender;
    char *expected[MAX_EXPECTED];
    size_t n_expected;
} bq;

typedef struct qset {
    char **lines; /* raw JSON lines, for the parse timing */
    size_t n;
    bq *q;
} qset;

/* gzopen reads plain files transparently, so .jsonl and .jsonl.gz both work. */
static bool read_lines(const char *path, size_t max, qset *qs)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr, "bench_screen: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    gzbuffer(gz, 1u << 17);
    size_t cap = 0, bufcap = 1u << 16, len = 0;
    char *buf = xrealloc(NULL, bufcap);
    bool more = true;
    while (more) {
        more = gzgets(gz, buf + len, (int)(bufcap - len)) != NULL;
        if (more) {
            len += strlen(buf + len);
            if (len && buf[len - 1] != '\n' && !gzeof(gz)) {
                if (len + 1 >= bufcap) { /* line longer than the buffer */
                    bufcap *= 2;
                    buf = xrealloc(buf, bufcap);
                }
                continue;
            }
        }
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        if (len) {
            if (qs->n == cap) {
                cap = cap ? cap * 2 : 4096;
                qs->lines = xrealloc(qs->lines, cap * sizeof *qs->lines);
            }
            qs->lines[qs->n++] = xstrdup(buf);
            if (max && qs->n >= max)
                more = false;
        }
        len = 0;
    }
    int gerr = 0;
    const char *msg = gzerror(gz, &gerr);
    bool ok = gerr == Z_OK || gerr == Z_STREAM_END;
    if (!ok)
        fprintf(stderr, "bench_screen: %s: %s\n", path, msg);
    gzclose(gz);
    free(buf);
    return ok;
}

static bool parse_date(const char *s, vg_date *d)
{
    memset(d, 0, sizeof *d);
    int y = 0, m = 0, dd = 0;
    size_t n = strlen(s);
    if (n == 4 && sscanf(s, "%4d", &y) == 1)
        d->kind = VG_DATE_YEAR;
    else if (n == 7 && sscanf(s, "%4d-%2d", &y, &m) == 2)
        d->kind = VG_DATE_YEAR_MONTH;
    else if (n == 10 && sscanf(s, "%4d-%2d-%2d", &y, &m, &dd) == 3)
        d->kind = VG_DATE_EXACT;
    else
        return false;
    d->year = (int16_t)y;
    d->month = (int16_t)m;
    d->day = (int16_t)dd;
    return true;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return v && json_is_string(v) ? json_string_value(v) : NULL;
}

/* Parses one JSON line into q (strings borrowed from `o`) and, when `keep`
 * is set, copies them into b. This is the work `vigil screen` does per line
 * before screening, minus the id and output. Returns false on bad input. */
static bool parse_line(const char *line, vg_query *q, bq *keep)
{
    json_error_t jerr;
    json_t *o = json_loads(line, 0, &jerr);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return false;
    }
    vg_query_init(q);
    const char *name = jstr(o, "name"), *first = jstr(o, "first_name"),
               *last = jstr(o, "last_name");
    q->name = vg_str_c(name);
    q->first_name = vg_str_c(first);
    q->last_name = vg_str_c(last);
    const char *dob = jstr(o, "birth_date");
    if (dob && *dob)
        parse_date(dob, &q->birth_date);
    const char *nat = jstr(o, "nationality");
    if (nat && *nat)
        vg_country_lookup(vg_str_c(nat), q->nationality);
    const char *g = jstr(o, "gender");
    if (g && strcasecmp(g, "male") == 0)
        q->gender = VG_GENDER_MALE;
    else if (g && strcasecmp(g, "female") == 0)
        q->gender = VG_GENDER_FEMALE;
    if (keep) {
        memset(keep, 0, sizeof *keep);
        keep->name = xstrdup(name);
        keep->first = xstrdup(first);
        keep->last = xstrdup(last);
        keep->dob = q->birth_date;
        memcpy(keep->nat, q->nationality, 3);
        keep->gender = q->gender;
        json_t *ex = json_object_get(o, "expected"), *v;
        size_t i;
        if (ex && json_is_array(ex)) {
            json_array_foreach(ex, i, v)
            {
                if (keep->n_expected < MAX_EXPECTED && json_is_string(v))
                    keep->expected[keep->n_expected++] = xstrdup(json_string_value(v));
            }
        }
    }
    json_decref(o);
    return true;
}

static void query_of(const bq *b, vg_query *q)
{
    vg_query_init(q);
    q->name = vg_str_c(b->name);
    q->first_name = vg_str_c(b->first);
    q->last_name = vg_str_c(b->last);
    q->birth_date = b->dob;
    memcpy(q->nationality, b->nat, 3);
    q->gender = b->gender;
}

/* Rank (1-based) of the first expected entity among ids[0..n), 0 if absent. */
static size_t expected_rank(const bq *b, const vg_entity *const *ents, size_t n)
{
    for (size_t r = 0; r < n; r++)
        for (size_t k = 0; k < b->n_expected; k++)
            if (ents[r] && strcmp(ents[r]->id, b->expected[k]) == 0)
                return r + 1;
    return 0;
}

/* ======================================================================== */
/* Naive brute-force baseline                                               */
/* ======================================================================== */

/* Every list name normalised once (vigil's own normaliser, so the baseline
 * is not penalised for folding), kept as the folded string and as the
 * token-sorted string. Names of one entity are contiguous. */
typedef struct bname {
    const vg_entity *ent;
    char *folded, *sorted;
    size_t flen, slen;
} bname;

typedef struct baseline {
    bname *names;
    size_t n, cap;
    size_t bytes;
    vg_text *text;
} baseline;

static int cmp_str(const void *a, const void *b)
{
    const vg_str *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->ptr, y->ptr, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Writes the tokens of nn sorted and space-joined into out (cap >= 512). */
static size_t sorted_tokens(const vg_name_norm *nn, char *out)
{
    vg_str toks[VG_NAME_MAX_TOKENS];
    size_t n = nn->n_tokens, len = 0;
    for (size_t i = 0; i < n; i++)
        toks[i] = vg_name_token(nn, i);
    qsort(toks, n, sizeof *toks, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[len++] = ' ';
        memcpy(out + len, toks[i].ptr, toks[i].len);
        len += toks[i].len;
    }
    out[len] = '\0';
    return len;
}

static bool baseline_build(baseline *bl, vg_list *const *lists, size_t nl)
{
    if (vg_text_new(NULL, &bl->text) != VG_OK)
        return false;
    vg_name_norm nn;
    char sorted[sizeof nn.buf + 1];
    for (size_t l = 0; l < nl; l++) {
        for (size_t i = 0; i < vg_list_count(lists[l]); i++) {
            const vg_entity *e = vg_list_entity(lists[l], i);
            for (size_t k = 0; k < e->n_names; k++) {
                unsigned fl = e->kind == VG_KIND_PERSON ? 0u : VG_NORM_ORG;
                if (vg_text_name(bl->text, vg_str_c(e->names[k].full), fl, &nn) != VG_OK)
                    continue;
                if (bl->n == bl->cap) {
                    bl->cap = bl->cap ? bl->cap * 2 : 4096;
                    bl->names = xrealloc(bl->names, bl->cap * sizeof *bl->names);
                }
                bname *b = &bl->names[bl->n++];
                b->ent = e;
                b->flen = nn.len;
                b->folded = xrealloc(NULL, nn.len + 1);
                memcpy(b->folded, nn.buf, nn.len);
                b->folded[nn.len] = '\0';
                b->slen = sorted_tokens(&nn, sorted);
                b->sorted = xstrdup(sorted);
                bl->bytes += sizeof *b + 2 * (nn.len + 1);
            }
        }
    }
    return true;
}

static void baseline_free(baseline *bl)
{
    for (size_t i = 0; i < bl->n; i++) {
        free(bl->names[i].folded);
        free(bl->names[i].sorted);
    }
    free(bl->names);
    vg_text_free(bl->text);
}

typedef struct topk {
    const vg_entity *ent[TOPK];
    double score[TOPK];
    size_t n;
} topk;

static void topk_add(topk *t, const vg_entity *e, double s)
{
    if (t->n == TOPK && s <= t->score[TOPK - 1])
        return;
    size_t i = t->n < TOPK ? t->n++ : TOPK - 1;
    while (i > 0 && t->score[i - 1] < s) {
        t->ent[i] = t->ent[i - 1];
        t->score[i] = t->score[i - 1];
        i--;
    }
    t->ent[i] = e;
    t->score[i] = s;
}

/* The naive screener: normalise the query, Jaro-Winkler against every list
 * name (max of folded-string and token-sorted-string similarity), best name
 * per entity, top 10 entities. No index, no evidence. */
static bool baseline_screen(baseline *bl, const bq *b, topk *out)
{
    vg_name_norm nn;
    char full[2 * 4096 + 2];
    const char *in = b->name;
    if (!in || !*in) {
        snprintf(full, sizeof full, "%s %s", b->first ? b->first : "", b->last ? b->last : "");
        in = full;
    }
    memset(out, 0, sizeof *out);
    if (vg_text_name(bl->text, vg_str_c(in), 0, &nn) != VG_OK)
        return false;
    char sorted[sizeof nn.buf + 1];
    size_t slen = sorted_tokens(&nn, sorted);
    vg_str qf = {nn.buf, nn.len}, qs = {sorted, slen};
    const vg_entity *cur = NULL;
    double best = -1;
    for (size_t i = 0; i < bl->n; i++) {
        const bname *nm = &bl->names[i];
        if (nm->ent != cur) {
            if (cur)
                topk_add(out, cur, best);
            cur = nm->ent;
            best = -1;
        }
        double s1 = vg_text_jw(qf, (vg_str){nm->folded, nm->flen});
        double s2 = vg_text_jw(qs, (vg_str){nm->sorted, nm->slen});
        double s = s1 > s2 ? s1 : s2;
        if (s > best)
            best = s;
    }
    if (cur)
        topk_add(out, cur, best);
    return true;
}

/* ======================================================================== */
/* Main                                                                     */
/* ======================================================================== */

typedef struct opts {
    const char *lists[MAX_LISTS];
    size_t n_lists;
    const char *queries;
    const char *title;
    size_t max_queries;
    size_t runs;
    size_t baseline_every, baseline_max;
    bool no_baseline;
    bool exhaustive_compare;
    size_t compare_every;
} opts;

static void usage(FILE *f)
{
    fprintf(f, "usage: bench_screen --list PATH [--list PATH ...] --queries FILE.jsonl[.gz]\n"
               "         [--max-queries N] [--runs R] [--title TEXT]\n"
               "         [--baseline-every N] [--baseline-max M] [--no-baseline]\n"
               "         [--exhaustive-compare] [--compare-every N]\n"
               "Loads the lists, builds the index and screens the queries on one thread\n"
               "(median of R runs, default 3) beside a brute-force Jaro-Winkler scan on\n"
               "every Nth query (default: about M = 2000 queries). Prints markdown.\n"
               "--exhaustive-compare screens every Nth query (default 40) indexed and\n"
               "exhaustive and reports how often the top 10 differ.\n");
}

static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '\0' || *end != '\0') {
        fprintf(stderr, "bench_screen: not a number: %s\n", s);
        exit(3);
    }
    return (size_t)v;
}

static void parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 3;
    o->baseline_max = 2000;
    o->compare_every = 40;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--list") == 0 && has && o->n_lists < MAX_LISTS)
            o->lists[o->n_lists++] = argv[++i];
        else if (strcmp(a, "--queries") == 0 && has)
            o->queries = argv[++i];
        else if (strcmp(a, "--title") == 0 && has)
            o->title = argv[++i];
        else if (strcmp(a, "--max-queries") == 0 && has)
            o->max_queries = parse_size(argv[++i]);
        else if (strcmp(a, "--runs") == 0 && has)
            o->runs = parse_size(argv[++i]);
        else if (strcmp(a, "--baseline-every") == 0 && has)
            o->baseline_every = parse_size(argv[++i]);
        else if (strcmp(a, "--baseline-max") == 0 && has)
            o->baseline_max = parse_size(argv[++i]);
        else if (strcmp(a, "--no-baseline") == 0)
            o->no_baseline = true;
        else if (strcmp(a, "--exhaustive-compare") == 0)
            o->exhaustive_compare = true;
        else if (strcmp(a, "--compare-every") == 0 && has)
            o->compare_every = parse_size(argv[++i]);
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else {
            usage(stderr);
            exit(3);
        }
    }
    if (!o->n_lists || !o->queries) {
        usage(stderr);
        exit(3);
    }
    if (o->runs < 1)
        o->runs = 1;
    if (o->runs > MAX_RUNS)
        o->runs = MAX_RUNS;
    if (o->compare_every < 1)
        o->compare_every = 1;
}

static void free_lists(vg_list **lists, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        vg_list_free(lists[i]);
        lists[i] = NULL;
    }
}

static bool load_lists(const opts *o, vg_list **lists)
{
    for (size_t i = 0; i < o->n_lists; i++) {
        vg_err err;
        vg_err_clear(&err);
        if (vg_list_load(o->lists[i], VG_FORMAT_AUTO, NULL, &lists[i], &err) != VG_OK) {
            char msg[1024];
            fprintf(stderr, "bench_screen: %s\n", vg_err_format(&err, msg, sizeof msg));
            free_lists(lists, i);
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    opts o;
    parse_args(argc, argv, &o);
    int rc = 3;
    vg_list *lists[MAX_LISTS] = {0};
    vg_index *ix = NULL;
    vg_screener *sc = NULL, *sx = NULL;
    vg_result *res = NULL, *resx = NULL;
    qset qs = {0};
    baseline bl = {0};
    uint8_t *hit1 = NULL, *hit10 = NULL;
    double t_load[MAX_RUNS], t_build[MAX_RUNS], t_parse[MAX_RUNS], t_screen[MAX_RUNS];
    vg_err err;

    /* ---- load and build, R times; the last index is kept ---------------- */
    long rss_before = proc_kib("VmRSS");
    for (size_t r = 0; r < o.runs; r++) {
        if (ix) {
            vg_index_free(ix);
            ix = NULL;
            free_lists(lists, o.n_lists);
        }
        double t0 = now_s();
        if (!load_lists(&o, lists))
            goto out;
        double t1 = now_s();
        vg_err_clear(&err);
        if (vg_index_build(lists, o.n_lists, NULL, &ix, &err) != VG_OK) {
            fprintf(stderr, "bench_screen: index build: %s\n", err.msg);
            goto out;
        }
        double t2 = now_s();
        t_load[r] = t1 - t0;
        t_build[r] = t2 - t1;
    }
    long rss_built = proc_kib("VmRSS"), hwm_built = proc_kib("VmHWM");
    size_t n_entities = 0, n_names = 0;
    for (size_t l = 0; l < o.n_lists; l++) {
        n_entities += vg_list_count(lists[l]);
        for (size_t i = 0; i < vg_list_count(lists[l]); i++)
            n_names += vg_list_entity(lists[l], i)->n_names;
    }

    /* ---- queries: read, then time the parse R times --------------------- */
    if (!read_lines(o.queries, o.max_queries, &qs))
        goto out;
    if (qs.n == 0) {
        fprintf(stderr, "bench_screen: no queries in %s\n", o.queries);
        goto out;
    }
    qs.q = calloc(qs.n, sizeof *qs.q);
    hit1 = calloc(qs.n, 1);
    hit10 = calloc(qs.n, 1);
    res = malloc(sizeof *res);
    resx = malloc(sizeof *resx);
    if (!qs.q || !hit1 || !hit10 || !res || !resx)
        goto oom;
    size_t bad_lines = 0;
    for (size_t i = 0; i < qs.n; i++) {
        vg_query q;
        if (!parse_line(qs.lines[i], &q, &qs.q[i]))
            bad_lines++;
    }
    for (size_t r = 0; r < o.runs; r++) {
        double t0 = now_s();
        size_t sink = 0;
        for (size_t i = 0; i < qs.n; i++) {
            vg_query q;
            sink += parse_line(qs.lines[i], &q, NULL);
        }
        t_parse[r] = now_s() - t0;
        if (sink != qs.n - bad_lines)
            fprintf(stderr, "bench_screen: parse count changed\n");
    }

    /* ---- vigil: screen every query, one thread, R times ------------------ */
    if (vg_screener_new(ix, &sc) != VG_OK || vg_screener_new(ix, &sx) != VG_OK)
        goto oom;
    vg_screen_opts sopts = {0};
    size_t rejected = 0, positives = 0, n_hit1 = 0, n_hit10 = 0;
    double cand_sum = 0;
    for (size_t r = 0; r < o.runs; r++) {
        rejected = 0;
        cand_sum = 0;
        double t0 = now_s();
        for (size_t i = 0; i < qs.n; i++) {
            vg_query q;
            query_of(&qs.q[i], &q);
            if (vg_screen(sc, &q, &sopts, res, NULL) != VG_OK) {
                rejected++;
                continue;
            }
            cand_sum += (double)res->candidates;
            if (r == 0 && qs.q[i].n_expected) {
                const vg_entity *ents[VG_MAX_MATCHES];
                for (size_t k = 0; k < res->n_matches; k++)
                    ents[k] = res->matches[k].entity;
                size_t rank = expected_rank(&qs.q[i], ents, res->n_matches);
                hit1[i] = rank == 1;
                hit10[i] = rank >= 1;
            }
        }
        t_screen[r] = now_s() - t0;
    }
    for (size_t i = 0; i < qs.n; i++) {
        positives += qs.q[i].n_expected > 0;
        n_hit1 += hit1[i];
        n_hit10 += hit10[i];
    }
    long hwm_screened = proc_kib("VmHWM");

    double load = median(t_load, o.runs), build = median(t_build, o.runs);
    double parse = median(t_parse, o.runs), screen = median(t_screen, o.runs);
    double qps = (double)qs.n / screen, qps_parse = (double)qs.n / (screen + parse);

    /* ---- baseline on a fixed subsample ---------------------------------- */
    size_t every = o.baseline_every;
    if (!every)
        every = qs.n > o.baseline_max ? (qs.n + o.baseline_max - 1) / o.baseline_max : 1;
    double bl_build = 0, bl_qps = 0, bl_qps_vigil = 0;
    size_t bl_n = 0, bl_pos = 0, bl_h1 = 0, bl_h10 = 0, vg_h1 = 0, vg_h10 = 0;
    long rss_bl = 0;
    if (!o.no_baseline) {
        double t0 = now_s();
        if (!baseline_build(&bl, lists, o.n_lists))
            goto oom;
        bl_build = now_s() - t0;
        rss_bl = proc_kib("VmRSS");
        double t_bl = 0, t_vg = 0;
        for (size_t i = 0; i < qs.n && bl_n < o.baseline_max; i += every) {
            topk t;
            double a = now_s();
            baseline_screen(&bl, &qs.q[i], &t);
            double b = now_s();
            vg_query q;
            query_of(&qs.q[i], &q);
            vg_screen(sc, &q, &sopts, res, NULL);
            double c = now_s();
            t_bl += b - a;
            t_vg += c - b;
            bl_n++;
            if (qs.q[i].n_expected) {
                size_t rank = expected_rank(&qs.q[i], t.ent, t.n);
                bl_pos++;
                bl_h1 += rank == 1;
                bl_h10 += rank >= 1;
                vg_h1 += hit1[i];
                vg_h10 += hit10[i];
            }
        }
        bl_qps = t_bl > 0 ? (double)bl_n / t_bl : 0;
        bl_qps_vigil = t_vg > 0 ? (double)bl_n / t_vg : 0;
    }

    /* ---- print ----------------------------------------------------------- */
    printf("### %s\n\n", o.title ? o.title : "bench_screen");
    printf("Lists:");
    for (size_t l = 0; l < o.n_lists; l++)
        printf(" `%s` (%zu entities)", o.lists[l], vg_list_count(lists[l]));
    printf("; %zu entities, %zu names, %zu index tokens. Queries: `%s`, %zu lines%s. "
           "One thread; times are medians of %zu runs.\n\n",
           n_entities, n_names, vg_index_tokens(ix), o.queries, qs.n,
           bad_lines ? " (some unparsable)" : "", o.runs);
    printf("| measure | vigil | brute-force JW |\n|---|---:|---:|\n");
    printf("| list load (ms) | %.1f | same lists |\n", load * 1e3);
    if (o.no_baseline)
        printf("| index build (ms) | %.1f | - |\n", build * 1e3);
    else
        printf("| index build (ms) / baseline name normalisation (ms) | %.1f | %.1f |\n",
               build * 1e3, bl_build * 1e3);
    printf("| index size, vg_index_bytes (MiB) / baseline name table (MiB) | %.1f | %s%.1f |\n",
           mib((double)vg_index_bytes(ix)), "", o.no_baseline ? 0.0 : mib((double)bl.bytes));
    printf("| RSS after load + build (MiB); peak so far | %.1f; %.1f | |\n", rss_built / 1024.0,
           hwm_built / 1024.0);
    printf("| peak RSS after screening all queries (VmHWM, MiB) | %.1f | |\n",
           hwm_screened / 1024.0);
    if (!o.no_baseline)
        printf("| RSS after baseline table built (MiB) | | %.1f |\n", rss_bl / 1024.0);
    printf("| queries screened (rejected) | %zu (%zu) | %zu (1 in %zu) |\n", qs.n, rejected,
           bl_n, every);
    printf("| queries/s, screening only, all queries | %.0f | |\n", qps);
    printf("| queries/s, JSON parse + screening, all queries | %.0f | |\n", qps_parse);
    if (!o.no_baseline)
        printf("| queries/s on the baseline subsample, screening only | %.0f | %.0f |\n",
               bl_qps_vigil, bl_qps);
    printf("| mean candidates scored per query | %.0f | %zu names |\n", cand_sum / (double)qs.n,
           bl.n);
    if (positives)
        printf("| recall@1 / @10, all %zu positives | %.1f %% / %.1f %% | |\n", positives,
               100.0 * (double)n_hit1 / (double)positives,
               100.0 * (double)n_hit10 / (double)positives);
    if (bl_pos)
        printf("| recall@1 / @10, %zu positives of the subsample | %.1f %% / %.1f %% | "
               "%.1f %% / %.1f %% |\n",
               bl_pos, 100.0 * (double)vg_h1 / (double)bl_pos,
               100.0 * (double)vg_h10 / (double)bl_pos, 100.0 * (double)bl_h1 / (double)bl_pos,
               100.0 * (double)bl_h10 / (double)bl_pos);
    /* One machine-readable row for run.sh --scale's growth table. */
    printf("\n<!-- row: | %zu | %zu | %.0f | %.0f | %.1f | %.1f | %.0f | %.0f | %.1f %% | %.1f %% "
           "| -->\n",
           n_entities, n_names, load * 1e3, build * 1e3, mib((double)vg_index_bytes(ix)),
           hwm_screened / 1024.0, qps, bl_qps,
           positives ? 100.0 * (double)n_hit10 / (double)positives : 0.0,
           bl_pos ? 100.0 * (double)bl_h10 / (double)bl_pos : 0.0);
    printf("\nRSS before loading: %.1f MiB. Query lines held in memory are included in the "
           "later RSS figures.\n\n",
           rss_before / 1024.0);
    fflush(stdout);

    /* ---- indexed vs exhaustive ------------------------------------------ */
    if (o.exhaustive_compare) {
        vg_screen_opts xopts = {0};
        xopts.exhaustive = true;
        size_t n = 0, diff_set = 0, diff_top1 = 0, lost = 0, gained = 0, pos = 0, x_h10 = 0,
               i_h10 = 0, i_h1 = 0, x_h1 = 0, diff_scores = 0, diff_alert = 0, miss_strong = 0,
               diff_top1_strong = 0;
        double nm_ix = 0, nm_ex = 0;
        double t_ix = 0, t_ex = 0;
        for (size_t i = 0; i < qs.n; i += o.compare_every) {
            vg_query q;
            query_of(&qs.q[i], &q);
            double a = now_s();
            vg_status s1 = vg_screen(sc, &q, &sopts, res, NULL);
            double b = now_s();
            vg_status s2 = vg_screen(sx, &q, &xopts, resx, NULL);
            double c = now_s();
            if (s1 != VG_OK || s2 != VG_OK)
                continue;
            t_ix += b - a;
            t_ex += c - b;
            n++;
            const vg_entity *ei[VG_MAX_MATCHES], *ex[VG_MAX_MATCHES];
            for (size_t k = 0; k < res->n_matches; k++)
                ei[k] = res->matches[k].entity;
            for (size_t k = 0; k < resx->n_matches; k++)
                ex[k] = resx->matches[k].entity;
            bool same = res->n_matches == resx->n_matches;
            for (size_t k = 0; same && k < res->n_matches; k++) {
                bool found = false;
                for (size_t m = 0; m < resx->n_matches; m++)
                    found |= ei[k] == ex[m];
                same = found;
            }
            diff_set += !same;
            nm_ix += (double)res->n_matches;
            nm_ex += (double)resx->n_matches;
            /* Alerted sets, and exhaustive matches scoring >= 0.5 that the
             * indexed top 10 lacks: the differences that matter. */
            bool alert_same = true, strong_missing = false;
            for (size_t m = 0; m < resx->n_matches; m++) {
                bool found = false;
                for (size_t k = 0; k < res->n_matches; k++)
                    found |= ei[k] == ex[m];
                if (!found && resx->matches[m].alert)
                    alert_same = false;
                if (!found && resx->matches[m].score >= 0.5f)
                    strong_missing = true;
            }
            for (size_t k = 0; k < res->n_matches; k++) {
                bool found = false;
                for (size_t m = 0; m < resx->n_matches; m++)
                    found |= ei[k] == ex[m] && resx->matches[m].alert;
                if (!found && res->matches[k].alert)
                    alert_same = false;
            }
            diff_alert += !alert_same;
            miss_strong += strong_missing;
            bool top1_same = (res->n_matches == 0 && resx->n_matches == 0) ||
                             (res->n_matches && resx->n_matches && ei[0] == ex[0]);
            diff_top1 += !top1_same;
            diff_top1_strong += !top1_same && resx->n_matches && resx->matches[0].score >= 0.5f;
            bool top_score_same = (res->n_matches == 0 && resx->n_matches == 0) ||
                                  (res->n_matches && resx->n_matches &&
                                   res->matches[0].score == resx->matches[0].score);
            diff_scores += !top_score_same;
            if (qs.q[i].n_expected) {
                pos++;
                size_t ri = expected_rank(&qs.q[i], ei, res->n_matches);
                size_t rx = expected_rank(&qs.q[i], ex, resx->n_matches);
                i_h10 += ri >= 1;
                i_h1 += ri == 1;
                x_h1 += rx == 1;
                x_h10 += rx >= 1;
                lost += rx >= 1 && ri == 0;
                gained += ri >= 1 && rx == 0;
            }
        }
        double pn = n ? 100.0 / (double)n : 0, pp = pos ? 100.0 / (double)pos : 0;
        printf("### Retrieval loss: indexed vs exhaustive top 10\n\n");
        printf("Every %zuth query of `%s`: %zu queries, %zu of them positives.\n\n",
               o.compare_every, o.queries, n, pos);
        printf("| measure | value |\n|---|---:|\n");
        printf("| top-10 entity sets differ (any rank, any score) | %zu (%.2f %%) |\n", diff_set,
               diff_set * pn);
        printf("| mean matches returned indexed / exhaustive | %.2f / %.2f |\n",
               n ? nm_ix / (double)n : 0, n ? nm_ex / (double)n : 0);
        printf("| an exhaustive top-10 entity scoring >= 0.5 is missing from the indexed top 10 | "
               "%zu (%.2f %%) |\n",
               miss_strong, miss_strong * pn);
        printf("| alerted entity sets differ | %zu (%.2f %%) |\n", diff_alert, diff_alert * pn);
        printf("| top-1 entity differs | %zu (%.2f %%) |\n", diff_top1, diff_top1 * pn);
        printf("| top-1 entity differs and the exhaustive top 1 scores >= 0.5 | %zu (%.2f %%) |\n",
               diff_top1_strong, diff_top1_strong * pn);
        printf("| top-1 score differs | %zu (%.2f %%) |\n", diff_scores, diff_scores * pn);
        printf("| expected in exhaustive top 10, not in indexed top 10 | %zu (%.2f %% of "
               "positives) |\n",
               lost, lost * pp);
        printf("| expected in indexed top 10, not in exhaustive top 10 | %zu (%.2f %% of "
               "positives) |\n",
               gained, gained * pp);
        printf("| recall@1 indexed / exhaustive | %.2f %% / %.2f %% |\n", i_h1 * pp, x_h1 * pp);
        printf("| recall@10 indexed / exhaustive | %.2f %% / %.2f %% |\n", i_h10 * pp, x_h10 * pp);
        printf("| queries/s indexed / exhaustive | %.0f / %.1f |\n\n",
               t_ix > 0 ? (double)n / t_ix : 0, t_ex > 0 ? (double)n / t_ex : 0);
    }
    rc = 0;
    goto out;
oom:
    fprintf(stderr, "bench_screen: out of memory\n");
out:
    baseline_free(&bl);
    vg_screener_free(sx);
    vg_screener_free(sc);
    vg_index_free(ix);
    free_lists(lists, o.n_lists);
    for (size_t i = 0; i < qs.n; i++) {
        free(qs.lines[i]);
        if (qs.q) {
            free(qs.q[i].name);
            free(qs.q[i].first);
            free(qs.q[i].last);
            for (size_t k = 0; k < qs.q[i].n_expected; k++)
                free(qs.q[i].expected[k]);
        }
    }
    free(qs.lines);
    free(qs.q);
    free(hit1);
    free(hit10);
    free(res);
    free(resx);
    return rc;
}
