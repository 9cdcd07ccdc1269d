/* SPDX-License-Identifier: Apache-2.0 */
/* The screener of the fuzz targets that screen or compare: an index of the
 * small UN and OFAC fixtures of tests/data, built at the first call and kept
 * for the process (a fuzzer runs one input at a time: not thread-safe). */
#ifndef VG_FUZZ_FIXTURE_SCREENER_H
#define VG_FUZZ_FIXTURE_SCREENER_H

#include <stdlib.h>

#include "vigil/vigil.h"

static vg_screener *fixture_screener(void)
{
    static vg_list *lists[2];
    static vg_index *ix;
    static vg_screener *sc;
    if (sc)
        return sc;
    vg_err err;
    if (vg_list_load(VIGIL_TEST_DATA "/un/small.xml", VG_FORMAT_AUTO, NULL, &lists[0], &err) ||
        vg_list_load(VIGIL_TEST_DATA "/ofac/small", VG_FORMAT_AUTO, NULL, &lists[1], &err) ||
        vg_index_build(lists, 2, NULL, &ix, &err) || vg_screener_new(ix, &sc))
        abort(); /* the fixtures are part of the repository */
    return sc;
}

#endif
