/* SPDX-License-Identifier: Apache-2.0 */
/* Shared body of the record-reader fuzz targets: reads every record of an
 * input, touches every string (so that a bad pointer shows up under ASan),
 * clones and frees each record, and checks the reader's contract. */
#ifndef VG_FUZZ_RECORDS_TOUCH_H
#define VG_FUZZ_RECORDS_TOUCH_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

static size_t touch_s(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t touch_record(const vg_record *r)
{
    size_t n = touch_s(r->id) + touch_s(r->id_json) + touch_s(r->name) + touch_s(r->given) +
               touch_s(r->family) + touch_s(r->nationality_text) + touch_s(r->schema) +
               touch_s(r->booking_ref) + touch_s(r->seat) + touch_s(r->embark) +
               touch_s(r->debark) + touch_s(r->residence) + touch_s(r->file) +
               touch_s(r->interchange) + touch_s(r->message) + touch_s(r->failed_checks) +
               touch_s(r->error) + strlen(r->nationality);
    for (size_t i = 0; i < r->n_docs; i++)
        n += touch_s(r->docs[i].type) + touch_s(r->docs[i].number) +
             touch_s(r->docs[i].country_text) + strlen(r->docs[i].country);
    for (size_t i = 0; i < r->n_legs; i++)
        n += touch_s(r->legs[i].carrier) + touch_s(r->legs[i].flight) + touch_s(r->legs[i].from) +
             touch_s(r->legs[i].to) + touch_s(r->legs[i].departs) + touch_s(r->legs[i].arrives);
    for (size_t i = 0; i < r->n_warnings; i++)
        n += touch_s(r->warnings[i]);
    return n;
}

static void fuzz_records(const uint8_t *data, size_t size, vg_record_format fmt, const char *map)
{
    vg_reader_opts o;
    memset(&o, 0, sizeof o);
    o.today = (vg_date){VG_DATE_EXACT, 2026, 3, 1, 0, 0, 0};
    o.csv_map = map;
    vg_reader *r = NULL;
    vg_err err;
    if (vg_reader_open_mem((const char *)data, size, "fuzz", fmt, &o, NULL, &r, &err))
        return;
    volatile size_t sink = 0;
    for (size_t guard = 0; guard < 1000000; guard++) {
        vg_record *rec = NULL;
        vg_status st = vg_reader_next(r, &rec, &err);
        if (!rec) {
            if (st != VG_OK && st != VG_ENOMEM && st != VG_EIO)
                abort(); /* contract: end is OK, fatal is ENOMEM/EIO */
            break;
        }
        if ((st == VG_OK) != (rec->error == NULL))
            abort(); /* contract: an error record comes with a non-OK status */
        if (rec->name && strlen(rec->name) == 0 && rec->format != VG_RECORD_JSONL)
            abort(); /* names are NULL or non-empty (JSONL keeps "" as sent) */
        sink += touch_record(rec);
        vg_record *c = NULL;
        if (vg_record_clone(rec, NULL, &c) == VG_OK) {
            sink += touch_record(c);
            vg_record_free(c);
        }
    }
    for (size_t i = 0; i < vg_reader_warning_count(r); i++)
        sink += touch_s(vg_reader_warning(r, i));
    (void)sink;
    vg_reader_free(r);
}

#endif
