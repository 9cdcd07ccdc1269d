/* SPDX-License-Identifier: Apache-2.0 */
/* Prometheus metrics of `vigil serve`: request counters and latency
 * histograms by endpoint (lock-free atomics), screening counters, and the
 * serving snapshot (lists, versions, index size, load time) as gauges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static const char *const k_ep_names[VG_EP__COUNT] = {
    "match",   "search",    "entities", "catalog", "algorithms", "healthz",
    "readyz",  "reconcile", "metrics",  "openapi", "admin",      "other"};

static const int k_codes[VG_SRV_N_CODES] = {200, 204, 304, 400, 401, 403, 404, 405,
                                            413, 415, 422, 431, 500, 503, 0};

/* Upper bounds in seconds; the last bucket is +Inf. */
static const double k_buckets[VG_SRV_N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

const char *vg_srv_endpoint_name(vg_srv_endpoint ep)
{
    return (unsigned)ep < VG_EP__COUNT ? k_ep_names[ep] : "other";
}

void vg_srv_metrics_observe(vg_srv_metrics *m, vg_srv_endpoint ep, int status, double seconds)
{
    if ((unsigned)ep >= VG_EP__COUNT)
        ep = VG_EP_OTHER;
    size_t c = VG_SRV_N_CODES - 1;
    for (size_t i = 0; i + 1 < VG_SRV_N_CODES; i++)
        if (k_codes[i] == status)
            c = i;
    atomic_fetch_add_explicit(&m->requests[ep][c], 1, memory_order_relaxed);
    size_t b = VG_SRV_N_BUCKETS;
    for (size_t i = 0; i < VG_SRV_N_BUCKETS; i++)
        if (seconds <= k_buckets[i]) {
            b = i;
            break;
        }
    atomic_fetch_add_explicit(&m->latency[ep][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->latency_us_sum[ep], (uint_fast64_t)(seconds * 1e6),
                              memory_order_relaxed);
}

static uint64_t ld(const atomic_uint_fast64_t *a)
{
    return (uint64_t)atomic_load_explicit(a, memory_order_relaxed);
}

/* Label values are list versions and dataset names: escape \ " and \n. */
static void put_label(FILE *f, const char *v)
{
    for (; v && *v; v++) {
        if (*v == '\\' || *v == '"')
            fputc('\\', f);
        if (*v == '\n') {
            fputs("\\n", f);
            continue;
        }
        fputc(*v, f);
    }
}

/* Adds m's counters to t's (t: a local sum, read by no other thread). */
static void add(atomic_uint_fast64_t *t, const atomic_uint_fast64_t *m)
{
    atomic_fetch_add_explicit(t, ld(m), memory_order_relaxed);
}

static void metrics_add(vg_srv_metrics *t, const vg_srv_metrics *m)
{
    for (int ep = 0; ep < VG_EP__COUNT; ep++) {
        for (int c = 0; c < VG_SRV_N_CODES; c++)
            add(&t->requests[ep][c], &m->requests[ep][c]);
        for (int b = 0; b <= VG_SRV_N_BUCKETS; b++)
            add(&t->latency[ep][b], &m->latency[ep][b]);
        add(&t->latency_us_sum[ep], &m->latency_us_sum[ep]);
    }
    add(&t->queries, &m->queries);
    add(&t->alerts, &m->alerts);
    add(&t->reloads_ok, &m->reloads_ok);
    add(&t->reloads_failed, &m->reloads_failed);
    add(&t->auth_failures, &m->auth_failures);
}

char *vg_srv_metrics_text(const vg_srv_metrics *const *ms, size_t n, const vg_srv_snapshot *s,
                          double uptime)
{
    /* the counters of all workers added up: what one set would have
     * counted (zero bytes are zero counters, as in the calloc'd workers) */
    vg_srv_metrics sum;
    memset(&sum, 0, sizeof sum);
    for (size_t i = 0; i < n; i++)
        metrics_add(&sum, ms[i]);
    const vg_srv_metrics *m = &sum;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fputs("# HELP vigil_http_requests_total HTTP requests by endpoint and status code.\n"
          "# TYPE vigil_http_requests_total counter\n",
          f);
    for (int ep = 0; ep < VG_EP__COUNT; ep++)
        for (int c = 0; c < VG_SRV_N_CODES; c++) {
            uint64_t v = ld(&m->requests[ep][c]);
            if (!v)
                continue;
            if (k_codes[c])
                fprintf(f, "vigil_http_requests_total{endpoint=\"%s\",code=\"%d\"} %llu\n",
                        k_ep_names[ep], k_codes[c], (unsigned long long)v);
            else
                fprintf(f, "vigil_http_requests_total{endpoint=\"%s\",code=\"other\"} %llu\n",
                        k_ep_names[ep], (unsigned long long)v);
        }
    fputs("# HELP vigil_http_request_duration_seconds Time from request start to response.\n"
          "# TYPE vigil_http_request_duration_seconds histogram\n",
          f);
    for (int ep = 0; ep < VG_EP__COUNT; ep++) {
        uint64_t cum = 0;
        for (int b = 0; b <= VG_SRV_N_BUCKETS; b++) {
            cum += ld(&m->latency[ep][b]);
            if (b < VG_SRV_N_BUCKETS)
                fprintf(f, "vigil_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %llu\n",
                        k_ep_names[ep], k_buckets[b], (unsigned long long)cum);
            else
                fprintf(f, "vigil_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %llu\n",
                        k_ep_names[ep], (unsigned long long)cum);
        }
        fprintf(f, "vigil_http_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n", k_ep_names[ep],
                (double)ld(&m->latency_us_sum[ep]) / 1e6);
        fprintf(f, "vigil_http_request_duration_seconds_count{endpoint=\"%s\"} %llu\n",
                k_ep_names[ep], (unsigned long long)cum);
    }
    fprintf(f,
            "# HELP vigil_queries_total Example entities screened (/match, /reconcile).\n"
            "# TYPE vigil_queries_total counter\nvigil_queries_total %llu\n"
            "# HELP vigil_alerts_total Results with match=true returned.\n"
            "# TYPE vigil_alerts_total counter\nvigil_alerts_total %llu\n"
            "# HELP vigil_auth_failures_total Requests refused for a missing or invalid key.\n"
            "# TYPE vigil_auth_failures_total counter\nvigil_auth_failures_total %llu\n"
            "# HELP vigil_reloads_total List reloads by result.\n"
            "# TYPE vigil_reloads_total counter\n"
            "vigil_reloads_total{result=\"ok\"} %llu\nvigil_reloads_total{result=\"failed\"} %llu\n"
            "# HELP vigil_uptime_seconds Seconds since the server started.\n"
            "# TYPE vigil_uptime_seconds gauge\nvigil_uptime_seconds %.3f\n",
            (unsigned long long)ld(&m->queries), (unsigned long long)ld(&m->alerts),
            (unsigned long long)ld(&m->auth_failures), (unsigned long long)ld(&m->reloads_ok),
            (unsigned long long)ld(&m->reloads_failed), uptime);
    if (s) {
        fprintf(f,
                "# HELP vigil_snapshot_generation Reloads applied since start (0 = initial load).\n"
                "# TYPE vigil_snapshot_generation gauge\nvigil_snapshot_generation %llu\n"
                "# HELP vigil_snapshot_load_seconds Time to load the lists and build the indexes.\n"
                "# TYPE vigil_snapshot_load_seconds gauge\nvigil_snapshot_load_seconds %.6f\n"
                "# HELP vigil_snapshot_loaded_timestamp_seconds When the serving lists were loaded.\n"
                "# TYPE vigil_snapshot_loaded_timestamp_seconds gauge\n"
                "vigil_snapshot_loaded_timestamp_seconds %.0f\n",
                (unsigned long long)s->generation, s->load_seconds, s->loaded_at);
        fputs("# HELP vigil_list_info Loaded lists, with their versions.\n"
              "# TYPE vigil_list_info gauge\n",
              f);
        for (size_t i = 0; i < s->n_lists; i++) {
            fputs("vigil_list_info{dataset=\"", f);
            put_label(f, vg_srv_dataset_of_source(vg_list_source(s->lists[i])));
            fputs("\",version=\"", f);
            put_label(f, vg_list_version(s->lists[i]));
            fputs("\"} 1\n", f);
        }
        fputs("# HELP vigil_list_entities Entities per loaded list.\n"
              "# TYPE vigil_list_entities gauge\n",
              f);
        for (size_t i = 0; i < s->n_lists; i++) {
            fputs("vigil_list_entities{dataset=\"", f);
            put_label(f, vg_srv_dataset_of_source(vg_list_source(s->lists[i])));
            fprintf(f, "\"} %zu\n", vg_list_count(s->lists[i]));
        }
        fputs("# HELP vigil_index_entities Entities in each dataset's index.\n"
              "# TYPE vigil_index_entities gauge\n",
              f);
        for (size_t i = 0; i < s->n_ds; i++)
            fprintf(f, "vigil_index_entities{dataset=\"%s\"} %zu\n", s->ds[i].name,
                    vg_index_entities(s->ds[i].ix));
        fputs("# HELP vigil_index_tokens Distinct name tokens in each dataset's index.\n"
              "# TYPE vigil_index_tokens gauge\n",
              f);
        for (size_t i = 0; i < s->n_ds; i++)
            fprintf(f, "vigil_index_tokens{dataset=\"%s\"} %zu\n", s->ds[i].name,
                    vg_index_tokens(s->ds[i].ix));
        fputs("# HELP vigil_index_bytes Memory held by each dataset's index.\n"
              "# TYPE vigil_index_bytes gauge\n",
              f);
        for (size_t i = 0; i < s->n_ds; i++)
            fprintf(f, "vigil_index_bytes{dataset=\"%s\"} %zu\n", s->ds[i].name,
                    vg_index_bytes(s->ds[i].ix));
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
