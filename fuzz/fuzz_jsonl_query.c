/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the `vigil screen` stdin path: JSONL query lines are
 * read by the record reader, turned into queries (src/cli/cli_common.c)
 * and screened against a small fixed index (tests/data UN and OFAC
 * fixtures, built once). Checks the screener's contract on every line:
 * a status from the documented set, scores in [0,1], best first. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "vigil/vigil.h"

#include "fixture_screener.h"

static vg_result g_res;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_screener *sc = fixture_screener();
    vg_reader_opts o;
    memset(&o, 0, sizeof o);
    o.today = (vg_date){VG_DATE_EXACT, 2026, 3, 1, 0, 0, 0};
    vg_reader *r = NULL;
    vg_err err;
    if (vg_reader_open_mem((const char *)data, size, "stdin", VG_RECORD_JSONL, &o, NULL, &r,
                           &err))
        return 0;
    for (size_t guard = 0; guard < 100000; guard++) {
        vg_record *rec = NULL;
        vg_status st = vg_reader_next(r, &rec, &err);
        if (!rec)
            break;
        if (st != VG_OK)
            continue; /* reported per line by `vigil screen` */
        vg_query q;
        (void)vg_cli_record_query(rec, &q);
        vg_screen_opts so;
        memset(&so, 0, sizeof so);
        so.limit = 5;
        st = vg_screen(sc, &q, &so, &g_res, &err);
        if (st != VG_OK && st != VG_EUTF8 && st != VG_EEMPTY && st != VG_ELIMIT &&
            st != VG_EINVAL && st != VG_ENOMEM)
            abort(); /* outside the documented statuses */
        if (st != VG_OK)
            continue;
        if (g_res.n_matches > 5)
            abort();
        for (size_t i = 0; i < g_res.n_matches; i++) {
            float s = g_res.matches[i].score;
            if (!(s >= 0.0f && s <= 1.0f))
                abort();
            if (i && s > g_res.matches[i - 1].score)
                abort(); /* best first */
            if (!g_res.matches[i].entity || !g_res.matches[i].entity->id)
                abort();
        }
    }
    vg_reader_free(r);
    return 0;
}
