/* SPDX-License-Identifier: Apache-2.0 */
/* Test helpers for the record readers: read a whole input into cloned
 * records, a date formatter, and an allocator that fails the Nth call. */
#ifndef VG_TEST_REC_UTIL_H
#define VG_TEST_REC_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

#define MAX_RECS 64

typedef struct recs {
    vg_record *r[MAX_RECS];
    vg_status st[MAX_RECS];
    char err[MAX_RECS][600];
    size_t n;
    vg_status final; /* status of the call that ended the read */
    size_t n_warn;
    char warn[8][300];
} recs;

static inline vg_reader_opts test_opts(void)
{
    vg_reader_opts o;
    memset(&o, 0, sizeof o);
    o.today = (vg_date){VG_DATE_EXACT, 2026, 3, 1, 0, 0, 0};
    return o;
}

static inline void recs_free(recs *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        vg_record_free(rs->r[i]);
    rs->n = 0;
}

/* Reads every record of an open reader, then frees it. */
static inline vg_status recs_drain(vg_reader *rd, recs *rs, const vg_allocator *a)
{
    for (;;) {
        vg_record *rec = NULL;
        vg_err e;
        vg_status st = vg_reader_next(rd, &rec, &e);
        if (!rec) {
            rs->final = st;
            break;
        }
        if (rs->n < MAX_RECS) {
            if (vg_record_clone(rec, a, &rs->r[rs->n])) {
                rs->final = VG_ENOMEM;
                break;
            }
            rs->st[rs->n] = st;
            vg_err_format(&e, rs->err[rs->n], sizeof rs->err[rs->n]);
            if (st == VG_OK)
                rs->err[rs->n][0] = '\0';
            rs->n++;
        }
    }
    rs->n_warn = vg_reader_warning_count(rd);
    for (size_t i = 0; i < rs->n_warn && i < 8; i++)
        snprintf(rs->warn[i], sizeof rs->warn[i], "%s", vg_reader_warning(rd, i));
    vg_reader_free(rd);
    return rs->final;
}

static inline vg_status recs_read_file(const char *path, vg_record_format fmt,
                                       const vg_reader_opts *o, recs *rs)
{
    memset(rs, 0, sizeof *rs);
    vg_reader *rd = NULL;
    vg_err e;
    vg_status st = vg_reader_open(path, fmt, o, NULL, &rd, &e);
    if (st) {
        snprintf(rs->err[0], sizeof rs->err[0], "%s", e.msg);
        return st;
    }
    return recs_drain(rd, rs, NULL);
}

static inline vg_status recs_read_mem(const char *data, vg_record_format fmt,
                                      const vg_reader_opts *o, recs *rs)
{
    memset(rs, 0, sizeof *rs);
    vg_reader *rd = NULL;
    vg_err e;
    vg_status st = vg_reader_open_mem(data, strlen(data), "mem", fmt, o, NULL, &rd, &e);
    if (st) {
        snprintf(rs->err[0], sizeof rs->err[0], "%s", e.msg);
        return st;
    }
    return recs_drain(rd, rs, NULL);
}

/* ISO text of a date, in a buffer that lives for the enclosing block. */
#define DSTR(d) vg_date_format(&(d), (char[40]){0}, 40)

static inline const char *nz(const char *s)
{
    return s ? s : "(null)";
}

/* Allocator failing the call number `fail_at` (1-based) and every later one. */
typedef struct fail_alloc {
    long calls, fail_at, live;
} fail_alloc;

static inline void *fail_realloc(void *ud, void *p, size_t old, size_t n)
{
    fail_alloc *f = ud;
    (void)old;
    if (n == 0) {
        if (p)
            f->live--;
        free(p);
        return NULL;
    }
    if (++f->calls >= f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        f->live++;
    return q;
}

#endif
