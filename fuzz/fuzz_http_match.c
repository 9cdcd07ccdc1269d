/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the HTTP request parsing of `vigil serve`: the input
 * is a query string, a NUL byte, then a body. The query string goes through
 * the form decoder and the yente /match parameter parser; the body through
 * the EntityMatchQuery parser (JSON, validation, example cleaning; its fast
 * path for the common body against it) and, as
 * a form, through the reconciliation `queries` path. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nul = memchr(data, '\0', size);
    size_t qlen = nul ? (size_t)(nul - (const char *)data) : size;
    const char *body = nul ? nul + 1 : "";
    size_t blen = nul ? size - qlen - 1 : 0;

    static int seeded;
    if (!seeded) {
        json_object_seed(1);
        seeded = 1;
    }
    vg_srv_config cfg;
    vg_srv_config_init(&cfg);

    char *qs = malloc(qlen + 1);
    if (!qs)
        return 0;
    memcpy(qs, data, qlen);
    qs[qlen] = '\0';
    vg_srv_kv kv[VG_SRV_MAX_PARAMS];
    size_t n = vg_srv_form_parse(qs, kv, VG_SRV_MAX_PARAMS);
    for (size_t i = 0; i < n; i++) /* every pair must be readable */
        if (strlen(kv[i].key) + strlen(kv[i].value) > qlen)
            abort();
    vg_srv_match_params p;
    vg_srv_error e = {0, NULL};
    if (!vg_srv_match_params_parse(kv, n, &cfg, 5, &p, &e) && (!e.body || e.status < 400))
        abort();
    json_decref(e.body);
    e.body = NULL;

    /* the fast path of the common body takes only what jansson takes, and
     * cleans it the same */
    vg_srv_match_req f;
    int fast = vg_srv_match_req_fast(body, blen, cfg.max_batch, &f);
    if (fast < 0 || fast > 1)
        abort();
    json_t *doc = NULL;
    vg_srv_match_req r;
    bool parsed = vg_srv_match_req_parse(body, blen, cfg.max_batch, &doc, &r, &e);
    if (fast == 1) {
        if (!parsed || f.n != r.n)
            abort();
        for (size_t i = 0; i < r.n; i++) {
            vg_srv_jw w;
            vg_srv_jw_init(&w, 1u << 24);
            vg_srv_jw_value(&w, r.ex[i].cleaned);
            if (w.rc || w.b.len != f.ex[i].cleaned_len ||
                memcmp(w.b.ptr, f.ex[i].cleaned_text, w.b.len) ||
                strcmp(f.ex[i].key, r.ex[i].key) || f.ex[i].kind != r.ex[i].kind ||
                f.ex[i].n_names != r.ex[i].n_names || f.ex[i].q.n_docs != r.ex[i].q.n_docs)
                abort();
            for (size_t k = 0; k < r.ex[i].n_names; k++)
                if (strcmp(f.ex[i].names[k], r.ex[i].names[k]))
                    abort();
            vg_srv_jw_fini(&w);
        }
        vg_srv_match_req_fini(&f);
    }
    if (parsed) {
        for (size_t i = 0; i < r.n; i++) {
            char *s = json_dumps(r.ex[i].cleaned, JSON_COMPACT);
            if (!s)
                abort();
            free(s);
            for (size_t k = 0; k < r.ex[i].n_names; k++)
                if (!r.ex[i].names[k])
                    abort();
        }
        vg_srv_match_req_fini(&r);
        json_decref(doc);
    } else {
        if (!e.body || (e.status != 400 && e.status != 422 && e.status != 500))
            abort();
        char *s = json_dumps(e.body, JSON_COMPACT);
        if (!s)
            abort(); /* an error body must always serialise (valid UTF-8) */
        free(s);
        json_decref(e.body);
    }

    char *form = malloc(blen + 1);
    if (form) {
        memcpy(form, body, blen);
        form[blen] = '\0';
        vg_srv_kv fk[8];
        size_t fn = vg_srv_form_parse(form, fk, 8);
        const char *queries = vg_srv_kv_get(fk, fn, "queries");
        if (queries) {
            json_t *j = json_loads(queries, 0, NULL);
            json_decref(j);
        }
        free(form);
    }
    free(qs);
    return 0;
}
