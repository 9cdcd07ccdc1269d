/* SPDX-License-Identifier: Apache-2.0 */
/* Loading watchlists: a vg_list holds every entity of one official list
 * (UN consolidated XML, OFAC SDN legacy CSV) at one version, loaded
 * atomically: either the whole list or an error and nothing. */
#ifndef VIGIL_LISTS_H
#define VIGIL_LISTS_H

#include <stddef.h>

#include "vigil/base.h"
#include "vigil/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vg_list vg_list;

typedef enum vg_list_format {
    VG_FORMAT_AUTO = 0, /* detect from the path and the first bytes */
    VG_FORMAT_UN_XML,   /* UN Security Council consolidated list XML */
    VG_FORMAT_OFAC_CSV, /* OFAC SDN legacy CSV directory (sdn.csv, alt.csv ...) */
} vg_list_format;

/* Loads the list at `path` (a UN XML file, or an OFAC directory holding
 * sdn.csv and optionally alt.csv, add.csv, sdn_comments.csv; a path to
 * sdn.csv itself also works). On success *out owns the list (free with
 * vg_list_free()). On failure *out is NULL, nothing stays allocated, and
 * `err` (may be NULL) says "FILE:LINE: what is wrong". `a` may be NULL for
 * the default allocator. Thread-safe: distinct calls share nothing. */
VG_API vg_status vg_list_load(const char *path, vg_list_format fmt, const vg_allocator *a,
                              vg_list **out, vg_err *err);

/* Frees the list and every entity view obtained from it. NULL is a no-op. */
VG_API void vg_list_free(vg_list *list);

/* Accessors. All returned pointers are borrowed and valid until
 * vg_list_free(). A loaded list is immutable, so these are safe to call from
 * any number of threads at once. */
VG_API const char *vg_list_source(const vg_list *list);  /* "un", "ofac" */
VG_API const char *vg_list_version(const vg_list *list); /* dateGenerated or sha256 */
VG_API const char *vg_list_path(const vg_list *list);
VG_API vg_list_format vg_list_get_format(const vg_list *list);
VG_API size_t vg_list_count(const vg_list *list);
/* Returns entity `i` (0 <= i < count), or NULL when out of range. */
VG_API const vg_entity *vg_list_entity(const vg_list *list, size_t i);
/* Finds an entity by its full id ("un:QDi.299"); NULL when absent. */
VG_API const vg_entity *vg_list_find(const vg_list *list, const char *id);

/* Warnings: fields that could not be parsed; the record was still loaded
 * and the field kept as text. Count of all warnings, and up to
 * VG_LIMIT_WARN_EXAMPLES first messages "FILE:LINE: ...". */
VG_API size_t vg_list_warning_count(const vg_list *list);
VG_API size_t vg_list_warning_examples(const vg_list *list);
VG_API const char *vg_list_warning_example(const vg_list *list, size_t i);

/* Distinct country texts that did not map to an ISO code, with how often
 * each occurred. */
VG_API size_t vg_list_unknown_country_count(const vg_list *list);
VG_API const char *vg_list_unknown_country(const vg_list *list, size_t i, size_t *occurrences);

#ifdef __cplusplus
}
#endif

#endif
