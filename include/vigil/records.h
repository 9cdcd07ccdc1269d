/* SPDX-License-Identifier: Apache-2.0 */
/* Readers of the people being screened: passenger manifests (UN/EDIFACT
 * PAXLST), passports and ID cards (ICAO 9303 MRZ), customer files (CSV) and
 * JSONL queries, streamed one record at a time with per-record errors. */
#ifndef VIGIL_RECORDS_H
#define VIGIL_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/base.h"
#include "vigil/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Formats and record values                                                */
/* ------------------------------------------------------------------------ */

typedef enum vg_record_format {
    VG_RECORD_AUTO = 0, /* detect from the content (and the file name) */
    VG_RECORD_PAXLST,
    VG_RECORD_MRZ,
    VG_RECORD_CSV,
    VG_RECORD_JSONL,
} vg_record_format;

/* Lower-case name ("paxlst", "mrz", "csv", "jsonl", "auto"). Static. */
VG_API const char *vg_record_format_name(vg_record_format f);
/* Parses a format name (case-insensitive); false when unknown. */
VG_API bool vg_record_format_parse(const char *name, vg_record_format *out);

/* Who the person is on a manifest. */
typedef enum vg_record_role {
    VG_ROLE_UNKNOWN = 0,     /* not a manifest (CSV, JSONL, MRZ) */
    VG_ROLE_PASSENGER,       /* PAXLST NAD+FL */
    VG_ROLE_CREW,            /* NAD+FM */
    VG_ROLE_TRANSIT_PASSENGER, /* NAD+DDU */
    VG_ROLE_TRANSIT_CREW,    /* NAD+DDT */
} vg_record_role;

/* "passenger", "crew", "transit_passenger", "transit_crew", "unknown". */
VG_API const char *vg_record_role_name(vg_record_role r);

#define VG_RECORD_MAX_DOCS 8
#define VG_RECORD_MAX_LEGS 8
#define VG_RECORD_MAX_WARNINGS 8

/* A travel or identity document as read. */
typedef struct vg_record_doc {
    const char *type;   /* "P", "V", "I", "ID", "passport" ... as read; may be NULL */
    const char *number; /* as read; never NULL */
    char country[3];    /* issuing state, ISO alpha-2, "" when unknown */
    const char *country_text; /* issuing state as read ("HRV", "D", "XXA"); may be NULL */
    vg_date expires;    /* year 0 when unknown */
} vg_record_doc;

/* One flight leg of a manifest (PAXLST TDT with its LOC/DTM). Times are
 * local ISO text "2026-03-14T10:40" as sent; any field may be NULL. */
typedef struct vg_record_leg {
    const char *carrier;   /* "ZZ" */
    const char *flight;    /* "ZZ4271" */
    const char *from;      /* departure airport (IATA) */
    const char *to;        /* arrival airport */
    const char *departs;
    const char *arrives;
} vg_record_leg;

/* One person as read. Every string is NUL-terminated UTF-8 owned by the
 * reader (or by the clone, see vg_record_clone()); NULL means absent. */
typedef struct vg_record {
    vg_record_format format;
    const char *id;      /* id column / JSONL id / "MSGREF/n" / record number */
    const char *id_json; /* JSONL only: the id as raw JSON text (keeps its type) */

    /* name as read: `name` is the full name (given + family when only the
     * parts were read), `given`/`family` where the input separates them */
    const char *name;
    const char *given;
    const char *family;
    vg_date birth_date; /* year 0 when unknown */
    vg_gender gender;
    char nationality[3];          /* ISO alpha-2, "" when unknown */
    const char *nationality_text; /* as read ("HRV", "D<<" -> "D", "XXA") */
    const char *schema;           /* JSONL "schema" (Person, Organization ...) */
    vg_record_doc docs[VG_RECORD_MAX_DOCS];
    size_t n_docs;

    /* manifest data (PAXLST) */
    vg_record_role role;
    const char *booking_ref; /* RFF+AVF */
    const char *seat;        /* RFF+SEA */
    const char *embark;      /* LOC+178 */
    const char *debark;      /* LOC+179 */
    const char *residence;   /* LOC+174 */
    vg_record_leg legs[VG_RECORD_MAX_LEGS];
    size_t n_legs;

    /* provenance */
    const char *file;        /* path as given, "stdin" for "-" */
    const char *interchange; /* PAXLST UNB control reference */
    const char *message;     /* PAXLST UNH message reference */
    size_t record_no;        /* 1-based, over the whole input */
    size_t index_in_message; /* PAXLST: 1-based person number in its message */
    long line;               /* 1-based line where the record starts */
    long segment;            /* PAXLST: segment number in the message (UNH = 1) */

    /* quality */
    bool verified;              /* false when an MRZ check digit failed */
    const char *failed_checks;  /* "document_number,composite" or NULL */
    const char *warnings[VG_RECORD_MAX_WARNINGS];
    size_t n_warnings;
    const char *error; /* per-record error reason, NULL for a good record */
} vg_record;

/* ------------------------------------------------------------------------ */
/* Reader                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct vg_reader vg_reader;

typedef struct vg_reader_opts {
    /* CSV column mapping "name=COL,birth_date=COL,..." (COL = header name,
     * case-insensitive, or 1-based column number). Targets: id, name,
     * first_name, last_name, birth_date, nationality, gender,
     * passport_number, id_number, document_country. NULL: guess from the
     * header. Borrowed during vg_reader_open() only. */
    const char *csv_map;
    /* Reference date for two-digit years (birth dates may not lie after it,
     * expiry dates are placed within 50 years of it). Year 0: today (UTC),
     * or the PAXLST interchange date when there is one. */
    vg_date today;
} vg_reader_opts;

/* Opens a reader on `path` ("-" for stdin, which is borrowed and not
 * closed). `fmt` VG_RECORD_AUTO detects the format from the first bytes
 * (UNA/UNB: PAXLST; '{': JSONL; lines of 30/36/44 MRZ characters: MRZ;
 * otherwise CSV). `opts` and `a` may be NULL (defaults) and are copied.
 * On success *out is owned by the caller (vg_reader_free()). Fails with
 * VG_ENOENT/VG_EIO (cannot read), VG_EEMPTY (no data), VG_EINVAL (a bad
 * CSV mapping or a missing name column), VG_ENOMEM; `err` (may be NULL) says
 * why. A reader is not thread-safe; distinct readers are independent. */
VG_API vg_status vg_reader_open(const char *path, vg_record_format fmt, const vg_reader_opts *opts,
                                const vg_allocator *a, vg_reader **out, vg_err *err);

/* Like vg_reader_open() over `len` bytes in memory (borrowed; must outlive
 * the reader). `name` (may be NULL) names the input in provenance. */
VG_API vg_status vg_reader_open_mem(const char *data, size_t len, const char *name,
                                    vg_record_format fmt, const vg_reader_opts *opts,
                                    const vg_allocator *a, vg_reader **out, vg_err *err);

/* Reads the next record. Returns:
 *  - VG_OK with *rec_out set: a record (it may carry warnings or be
 *    unverified);
 *  - VG_EPARSE (or VG_EUTF8, VG_ELIMIT, VG_ETRUNC) with *rec_out set: a
 *    record that could not be read completely; rec->error and `rec_err`
 *    (may be NULL) give file, line, message/segment and reason; call again
 *    for the following records;
 *  - VG_OK with *rec_out NULL: end of input;
 *  - any other status with *rec_out NULL: a fatal error (VG_ENOMEM, VG_EIO);
 *    the reader can only be freed.
 * The record and its strings are owned by the reader and stay valid until
 * the next call or vg_reader_free(). Not thread-safe. */
VG_API vg_status vg_reader_next(vg_reader *r, vg_record **rec_out, vg_err *rec_err);

/* The format being read (after detection). */
VG_API vg_record_format vg_reader_format(const vg_reader *r);
/* Bytes consumed so far and the input size (0 when unknown, e.g. a pipe),
 * for progress display. */
VG_API size_t vg_reader_bytes_read(const vg_reader *r);
VG_API size_t vg_reader_bytes_total(const vg_reader *r);

/* Input-level warnings that concern no single record or several records
 * (wrong UNT/UNE/UNZ counts, a missing UNZ). Counted; the first
 * VG_RECORD_MAX_WARNINGS are kept as text owned by the reader, valid until
 * vg_reader_free(). */
VG_API size_t vg_reader_warning_count(const vg_reader *r);
VG_API const char *vg_reader_warning(const vg_reader *r, size_t i);

/* Frees the reader and everything it returned; NULL is a no-op. */
VG_API void vg_reader_free(vg_reader *r);

/* Deep-copies `rec` into one allocation from `a` (NULL: default) so that it
 * outlives the reader call. *out is owned by the caller (vg_record_free()).
 * Returns VG_ENOMEM on failure. Thread-safe for distinct records. */
VG_API vg_status vg_record_clone(const vg_record *rec, const vg_allocator *a, vg_record **out);
/* Frees a clone; NULL is a no-op. */
VG_API void vg_record_free(vg_record *rec);

/* Checks an ICAO 9303 check digit (weights 7-3-1; A-Z = 10-35, '<' = 0)
 * over s[0..len): returns the digit 0-9. Pure function; thread-safe. */
VG_API int vg_mrz_check_digit(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_RECORDS_H */
