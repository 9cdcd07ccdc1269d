/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for `vigil compare`'s scorer: vg_compare_names_explain
 * on two names from the input (first byte: the kind; then a, a newline,
 * b), against a small fixed index (tests/data UN and OFAC fixtures) so that
 * the lists' rarity is read. Checks the contract on every pair: a status
 * from the documented set, a score in [0,1] equal to vg_compare_names' and
 * to the reversed pair's, and a detail whose names are slices of the input
 * and whose words are strings with a similarity in [0,1]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

#include "fixture_screener.h"

static bool within(vg_str piece, const char *buf, size_t n)
{
    return piece.len == 0 || (piece.ptr >= buf && piece.ptr + piece.len <= buf + n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_screener *scr = fixture_screener();
    if (size < 1)
        return 0;
    vg_kind kind = (data[0] & 1) ? VG_KIND_ORGANIZATION : VG_KIND_PERSON;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    const char *nl = memchr(s, '\n', n);
    vg_str a = {s, nl ? (size_t)(nl - s) : n};
    vg_str b = nl ? (vg_str){nl + 1, n - (size_t)(nl - s) - 1} : (vg_str){s, 0};
    vg_compare_detail d;
    float sc = -1, plain = -1, rev = -1;
    vg_err err;
    vg_status st = vg_compare_names_explain(scr, a, b, kind, &sc, &d, &err);
    if (st != VG_OK && st != VG_EUTF8 && st != VG_EEMPTY && st != VG_ELIMIT && st != VG_ENOMEM)
        abort(); /* outside the documented statuses */
    if (st != VG_OK)
        return 0;
    if (!(sc >= 0.0f && sc <= 1.0f) || d.n_pairs > VG_EXPLAIN_MAX_PAIRS || !within(d.a, s, n) ||
        !within(d.b, s, n))
        abort();
    for (size_t i = 0; i < d.n_pairs; i++) {
        const vg_token_pair *p = &d.pairs[i];
        if (!p->query || !p->list || !(p->similarity >= 0.0f && p->similarity <= 1.0f) ||
            strlen(p->query) > 4096 || strlen(p->list) > 4096)
            abort();
    }
    if (vg_compare_names(scr, a, b, kind, &plain, &err) != VG_OK || plain != sc)
        abort(); /* the detail does not change the score */
    if (vg_compare_names(scr, b, a, kind, &rev, &err) != VG_OK || rev != sc)
        abort(); /* symmetric */
    return 0;
}
