/* SPDX-License-Identifier: Apache-2.0 */
/* Internal model API: the vg_list container and the entity builder that list
 * readers use to assemble entities. Strings passed to the builder are copied
 * into the list's arena; slices need not be NUL-terminated. */
#ifndef VG_MODEL_INTERNAL_H
#define VG_MODEL_INTERNAL_H

#include <stdbool.h>

#include "vigil/lists.h"
#include "vigil/model.h"
#include "../base/vg_base.h"

/* ---- the list container ------------------------------------------------ */

/* Creates an empty list for `source` ("un", "ofac"). Caller frees with
 * vg_list_free(). */
vg_status vg__list_new(const vg_allocator *a, const char *source, vg_list_format fmt,
                       const char *path, vg_list **out);
vg_status vg__list_set_version(vg_list *list, vg_str version);
vg_arena *vg__list_arena(vg_list *list);
/* Records a warning: counted, and kept as an example while fewer than
 * VG_LIMIT_WARN_EXAMPLES are kept. Never fails (an example that cannot be
 * stored is only counted). */
void vg__list_warn(vg_list *list, long line, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Notes a country text that did not map to a code. */
void vg__list_unknown_country(vg_list *list, vg_str text);
/* Appends a finished entity (arrays already in the arena). */
vg_status vg__list_append(vg_list *list, const vg_entity *e);
/* Builds the id lookup; called once loading is done. */
vg_status vg__list_finish(vg_list *list);

/* ---- the entity builder ------------------------------------------------ */

typedef struct vg_entity_builder {
    vg_list *list;
    vg_entity e; /* scalar fields; arrays below */
    vg_name *names;
    size_t n_names, c_names;
    vg_date *dates;
    size_t n_dates, c_dates;
    vg_place *places;
    size_t n_places, c_places;
    vg_country *nats;
    size_t n_nats, c_nats;
    vg_country *cits;
    size_t n_cits, c_cits;
    vg_document *docs;
    size_t n_docs, c_docs;
    vg_address *addrs;
    size_t n_addrs, c_addrs;
    const char **progs;
    size_t n_progs, c_progs;
    const char **titles;
    size_t n_titles, c_titles;
    long line; /* line of the record, for warnings */
} vg_entity_builder;

void vg_eb_init(vg_entity_builder *eb, vg_list *list);
void vg_eb_fini(vg_entity_builder *eb);
/* Starts a new entity (drops whatever was added since the last commit). */
void vg_eb_reset(vg_entity_builder *eb);

/* Copies a slice into the list arena, trimmed; NULL for an empty slice.
 * Sets *rc to VG_ENOMEM on failure. */
const char *vg_eb_str(vg_entity_builder *eb, vg_str s, vg_status *rc);

vg_status vg_eb_set_id(vg_entity_builder *eb, vg_str native_id);
void vg_eb_set_kind(vg_entity_builder *eb, vg_kind kind);
void vg_eb_set_gender(vg_entity_builder *eb, vg_gender g);
void vg_eb_set_listed_on(vg_entity_builder *eb, const vg_date *d);
/* Appends to the remarks (joined with " "). */
vg_status vg_eb_add_remarks(vg_entity_builder *eb, vg_str text);

/* Adds a name; the script is detected. An empty `full` is ignored; a
 * duplicate (same text, same role) is ignored; the same text in a weaker role
 * than an existing one is ignored. `given`/`family` may be empty. */
vg_status vg_eb_add_name(vg_entity_builder *eb, vg_str full, vg_str given, vg_str family,
                         vg_name_role role, unsigned flags);
vg_status vg_eb_add_birth_date(vg_entity_builder *eb, const vg_date *d);
/* Country texts are mapped with vg_country_lookup(); unknown ones are kept
 * as text and reported through vg__list_unknown_country(). */
vg_status vg_eb_add_birth_place(vg_entity_builder *eb, vg_str text, vg_str city, vg_str region,
                                vg_str country);
vg_status vg_eb_add_nationality(vg_entity_builder *eb, vg_str country);
vg_status vg_eb_add_citizenship(vg_entity_builder *eb, vg_str country);
vg_status vg_eb_add_document(vg_entity_builder *eb, vg_str type, vg_str number, vg_str country,
                             const vg_date *issued, const vg_date *expires, vg_str note);
vg_status vg_eb_add_address(vg_entity_builder *eb, vg_str street, vg_str city, vg_str region,
                            vg_str postal, vg_str country, vg_str note);
vg_status vg_eb_add_program(vg_entity_builder *eb, vg_str program);
vg_status vg_eb_add_title(vg_entity_builder *eb, vg_str title);

/* Finishes the entity: moves the arrays into the arena, computes the
 * content hash and appends it to the list. The builder is reset. Fails
 * with VG_EPARSE when no id was set, VG_ENOMEM, or VG_ELIMIT. */
vg_status vg_eb_commit(vg_entity_builder *eb);

/* ---- helpers shared by readers ---------------------------------------- */

/* Detects the script of UTF-8 text by its letters. */
vg_script vg__script_detect(vg_str s);
/* Normalises a document number: the number is cut out of a phrase around
 * it (the first word with a digit outside parentheses, a one-letter series
 * before it, digit words after it: "French passport number 05AT521433" ->
 * 05AT521433, "A 0139243 (expired)" -> A0139243); ASCII letters
 * upper-cased, digits kept, everything else dropped. Text without a digit
 * keeps all its letters. Writes at most cap-1 bytes + NUL; returns len.
 * Pure function, thread-safe. */
size_t vg__docnum_norm(vg_str s, char *out, size_t cap);
/* Parses common free-text dates: "1971-03-02", "1971-03", "1971",
 * "02 Mar 1971", "Mar 1971", "circa 1971", "1970 to 1973". Returns false
 * when the text is not a date. */
bool vg__date_parse(vg_str s, vg_date *out);

#endif
