/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the OFAC SDN legacy CSV reader and, through the
 * Remarks field, the remarks miner. The input is up to four files separated
 * by NUL bytes: sdn.csv \0 alt.csv \0 add.csv \0 sdn_comments.csv. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lists/vg_lists.h"

/* Reads every string of every entity so that a bad pointer shows up. */
static size_t touch(const vg_list *l)
{
    size_t sum = 0;
    for (size_t i = 0; i < vg_list_count(l); i++) {
        const vg_entity *e = vg_list_entity(l, i);
        sum += strlen(e->id) + (e->remarks ? strlen(e->remarks) : 0);
        for (size_t j = 0; j < e->n_names; j++)
            sum += strlen(e->names[j].full) + (e->names[j].given ? strlen(e->names[j].given) : 0) +
                   (e->names[j].family ? strlen(e->names[j].family) : 0);
        for (size_t j = 0; j < e->n_documents; j++) {
            const vg_document *d = &e->documents[j];
            sum += (d->type ? strlen(d->type) : 0) + (d->number ? strlen(d->number) : 0) +
                   (d->number_norm ? strlen(d->number_norm) : 0) + (d->note ? strlen(d->note) : 0) +
                   (d->country.text ? strlen(d->country.text) : 0);
        }
        for (size_t j = 0; j < e->n_birth_places; j++)
            sum += e->birth_places[j].text ? strlen(e->birth_places[j].text) : 0;
        for (size_t j = 0; j < e->n_addresses; j++)
            sum += e->addresses[j].street ? strlen(e->addresses[j].street) : 0;
        sum += e->n_birth_dates + e->n_nationalities + e->n_citizenships + e->n_programs;
    }
    for (size_t i = 0; i < vg_list_warning_examples(l); i++)
        sum += strlen(vg_list_warning_example(l, i));
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[4] = {NULL, NULL, NULL, NULL};
    size_t len[4] = {0, 0, 0, 0};
    const char *p = (const char *)data, *end = p + size;
    for (int i = 0; i < 4 && p <= end; i++) {
        const char *nul = i < 3 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        const char *stop = nul ? nul : end;
        part[i] = p;
        len[i] = (size_t)(stop - p);
        if (!nul)
            break;
        p = nul + 1;
    }
    vg__ofac_files f = {part[0], part[1], part[2], part[3], len[0], len[1], len[2], len[3],
                        "fuzz/sdn.csv", "fuzz/alt.csv", "fuzz/add.csv", "fuzz/sdn_comments.csv"};
    vg_list *l = NULL;
    vg_err err;
    if (vg__list_new(NULL, "ofac", VG_FORMAT_OFAC_CSV, "fuzz", &l))
        return 0;
    if (vg__ofac_read(l, &f, &err) == VG_OK && vg__list_finish(l) == VG_OK) {
        volatile size_t sink = touch(l);
        (void)sink;
        if (vg_list_count(l))
            (void)vg_list_find(l, vg_list_entity(l, 0)->id);
    }
    vg_list_free(l);
    return 0;
}
