/* SPDX-License-Identifier: Apache-2.0 */
/* Internal entry points of the list readers. Each reader fills an empty
 * vg_list (made with vg__list_new()) from bytes in memory; on failure it
 * returns the error with err set ("FILE:LINE: what is wrong") and the caller
 * frees the partial list, so nothing half-loaded is ever published. */
#ifndef VG_LISTS_INTERNAL_H
#define VG_LISTS_INTERNAL_H

#include "model/vg_model.h"

/* UN consolidated XML. `data` need not be NUL-terminated. Sets the list
 * version from the root's dateGenerated (an absent one is an error). */
vg_status vg__un_xml_read(vg_list *list, const char *data, size_t len, vg_err *err);

/* The OFAC legacy CSV files, in memory. `sdn` is required; the others may
 * be NULL (len 0) when the file is absent. `*_path` name the files in
 * errors and warnings. Sets the list version to the hex sha256 over the
 * files' bytes (sdn, alt, add, comments, in that order, each length-
 * prefixed). */
typedef struct vg__ofac_files {
    const char *sdn, *alt, *add, *comments;
    size_t sdn_len, alt_len, add_len, comments_len;
    const char *sdn_path, *alt_path, *add_path, *comments_path;
} vg__ofac_files;

vg_status vg__ofac_read(vg_list *list, const vg__ofac_files *files, vg_err *err);

/* Mines an SDN Remarks text (ofac_remarks.c): adds the DOBs, POBs,
 * nationalities, citizenships, documents, gender and weak a.k.a.s it finds
 * to the entity in `eb` (id already set). Unparseable clauses are warned
 * about as "FILE:LINE: ofac:N: unparseable ..."; `scratch` is a reusable
 * buffer. Fails only with VG_ENOMEM or VG_ELIMIT. */
vg_status vg__ofac_remarks_mine(vg_entity_builder *eb, vg_str text, bool individual,
                                const char *file, long line, vg_buf *scratch);

#endif
