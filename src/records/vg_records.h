/* SPDX-License-Identifier: Apache-2.0 */
/* Internal pieces shared by the record readers: the buffered input, the
 * reader handle, and helpers for strings, dates, countries and warnings.
 * Each format (paxlst.c, mrz.c, tabular.c) plugs a `next` function in. */
#ifndef VG_RECORDS_INTERNAL_H
#define VG_RECORDS_INTERNAL_H

#include <stdio.h>

#include "vigil/records.h"
#include "base/vg_base.h"

/* ---- buffered input ---------------------------------------------------- */

typedef struct vg__in {
    FILE *f;     /* NULL for memory input */
    bool own_f;  /* close f on free */
    char *buf;   /* file mode: owned read buffer */
    const unsigned char *p, *end; /* current window */
    size_t consumed; /* bytes before the window */
    long line;       /* 1-based line at p */
    bool eof, ioerr;
} vg__in;

/* Refills the window; false at end of input or on a read error (ioerr). */
bool vg__in_fill(vg__in *in);

static inline int vg__in_getc(vg__in *in)
{
    if (in->p == in->end && !vg__in_fill(in))
        return -1;
    int c = *in->p++;
    if (c == '\n')
        in->line++;
    return c;
}

static inline int vg__in_peek(vg__in *in)
{
    if (in->p == in->end && !vg__in_fill(in))
        return -1;
    return *in->p;
}

/* ---- the reader -------------------------------------------------------- */

struct vg_reader {
    vg_allocator alloc;
    vg_reader_opts opts;
    vg_record_format fmt;
    char *file; /* provenance name, owned */
    size_t file_size;
    vg__in in;
    vg_arena arena; /* per-record strings (MRZ, CSV, JSONL); reset per record */
    vg_record rec;
    size_t record_no;
    vg_buf scratch;
    size_t n_warn;
    char *warn[VG_RECORD_MAX_WARNINGS];
    bool fatal;
    void *state; /* format state */
    vg_status (*next)(vg_reader *r, vg_record **out, vg_err *err);
    void (*fini)(vg_reader *r);
};

/* Format entry points: set r->state, r->next, r->fini. */
vg_status vg__paxlst_init(vg_reader *r, vg_err *err);
vg_status vg__mrz_init(vg_reader *r, vg_err *err);
vg_status vg__csv_init(vg_reader *r, vg_err *err);
vg_status vg__jsonl_init(vg_reader *r, vg_err *err);

/* ---- helpers ----------------------------------------------------------- */

/* Starts a record in `rec`: zeroed, format, file, verified = true. */
void vg__rec_begin(vg_reader *r, vg_record *rec);
/* Copies s[0..n) trimmed into `ar` as NUL-terminated text, converting
 * Latin-1 to UTF-8 when `latin1` (or when the bytes are not valid UTF-8 and
 * `fallback_latin1`). NULL for empty text; sets *oom on failure. */
const char *vg__dup(vg_arena *ar, const char *s, size_t n, bool latin1, bool *oom);
/* Adds a printf-formatted warning to `rec` (kept in `ar`); extra warnings
 * beyond VG_RECORD_MAX_WARNINGS are dropped from the record but the last
 * slot says so. */
void vg__rec_warn(vg_arena *ar, vg_record *rec, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Sets the record's error (first one wins; later ones become warnings). */
void vg__rec_error(vg_arena *ar, vg_record *rec, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Adds an input-level warning to the reader. */
void vg__reader_warn(vg_reader *r, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

bool vg__date_valid(int y, int m, int d);
/* Century for a two-digit birth year: the latest century that does not put
 * the date after `today`. */
int vg__birth_year(int yy, int mm, int dd, const vg_date *today);
/* Century for a two-digit expiry year: within 50 years of `today`. */
int vg__expiry_year(int yy, const vg_date *today);
/* The reference date: opts.today, else `fallback` when set, else today. */
vg_date vg__today(const vg_reader *r, const vg_date *fallback);
/* Maps an ICAO / ISO country code or a country name to alpha-2 (out "" when
 * it does not map: XXA, UNO, UTO ...). "D" is Germany. */
bool vg__country(const char *text, char out[3]);
/* Parses a date given as YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, DD.MM.YYYY
 * or DD/MM/YYYY (MM/DD/YYYY when the day cannot be a month). Sets
 * *ambiguous for d/m/y with both parts <= 12. */
bool vg__parse_date_text(const char *s, vg_date *d, bool *ambiguous);

/* Finishes a record for yielding: sets record_no, fills rec_err for an
 * error record, and returns the status to report. */
vg_status vg__rec_yield(vg_reader *r, vg_record *rec, vg_record **out, vg_err *err);

#endif
