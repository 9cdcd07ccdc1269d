/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the UN consolidated XML reader: any input must give
 * either a list or a clean error, never a crash, a leak or a hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lists/vg_lists.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_list *l = NULL;
    vg_err err;
    if (vg__list_new(NULL, "un", VG_FORMAT_UN_XML, "fuzz.xml", &l) != VG_OK)
        return 0;
    vg_err_clear(&err);
    vg_status rc = vg__un_xml_read(l, (const char *)data, size, &err);
    if (rc == VG_OK) {
        /* a loaded list must be usable */
        rc = vg__list_finish(l);
        for (size_t i = 0; rc == VG_OK && i < vg_list_count(l); i++) {
            const vg_entity *e = vg_list_entity(l, i);
            if (!e->id || vg_list_find(l, e->id) == NULL)
                abort();
            for (size_t j = 0; j < e->n_names; j++)
                if (!e->names[j].full || !e->names[j].full[0])
                    abort();
        }
    } else if (err.code != rc || !err.msg[0]) {
        abort(); /* every failure explains itself */
    }
    vg_list_free(l);
    return 0;
}
