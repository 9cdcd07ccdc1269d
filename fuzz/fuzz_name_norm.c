/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for name normalisation: vg_text_name as a person and as
 * an organisation, then the skeleton, phonetic key, Jaro-Winkler and edit
 * distance on every token. Checks the output invariants as it goes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/text.h"

/* Checks what vg_text_name promises about a successful result. */
static void check(const vg_name_norm *n)
{
    if (n->len >= sizeof n->buf || n->buf[n->len] != '\0' || n->n_tokens == 0 ||
        n->n_tokens > VG_NAME_MAX_TOKENS)
        abort();
    for (size_t i = 0; i < n->len; i++) {
        char c = n->buf[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
            abort();
    }
    size_t at = 0;
    for (size_t i = 0; i < n->n_tokens; i++) {
        const vg_token *t = &n->tokens[i];
        if (t->off != at || t->len == 0 || t->off + t->len > n->len)
            abort();
        at = t->off + t->len + 1;
    }
    if (at != n->len + 1)
        abort();
}

static void keys(const vg_name_norm *n)
{
    char k[64], p[64], small[3];
    for (size_t i = 0; i < n->n_tokens; i++) {
        vg_str s = vg_name_token(n, i);
        size_t kl = vg_text_skeleton(s, k, sizeof k);
        size_t pl = vg_text_phonetic(s, p, sizeof p);
        if (kl >= sizeof k || strlen(k) != kl || pl >= sizeof p || strlen(p) != pl)
            abort();
        if (vg_text_skeleton(s, small, sizeof small) > 2)
            abort();
        vg_str prev = vg_name_token(n, i ? i - 1 : 0);
        double j = vg_text_jw(s, prev);
        if (!(j >= 0.0 && j <= 1.0))
            abort();
        int d = vg_text_edit_distance(s, prev, 3);
        if (d < 0 || d > 4 || (i == 0 && d != 0))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* created once and kept: the harness only, the library has no globals */
    static vg_text *t;
    vg_name_norm n;

    if (!t && vg_text_new(NULL, &t) != VG_OK)
        abort();
    vg_str in = {(const char *)data, size};
    for (unsigned flags = 0; flags <= VG_NORM_ORG; flags++) {
        vg_status rc = vg_text_name(t, in, flags, &n);
        if (rc == VG_OK) {
            check(&n);
            keys(&n);
        } else if (rc != VG_EUTF8 && rc != VG_EEMPTY && rc != VG_ELIMIT) {
            abort();
        }
    }
    return 0;
}
