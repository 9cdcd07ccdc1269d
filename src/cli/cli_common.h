/* SPDX-License-Identifier: Apache-2.0 */
/* Query-field parsing shared by the `vigil` command (src/cli) and the HTTP
 * server (src/server): dates, schemata and genders as callers write them.
 * Pure functions over the public API; both apps link this one object. */
#ifndef VG_CLI_COMMON_H
#define VG_CLI_COMMON_H

#include <stdbool.h>

#include "vigil/vigil.h"

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1800..2200) into *d.
 * `s` is borrowed and NUL-terminated. Returns false (d zeroed) otherwise.
 * Thread-safe. */
bool vg_cli_parse_date(const char *s, vg_date *d);

/* "Person" -> VG_KIND_PERSON, "Organization"/"Company"/"LegalEntity"/
 * "PublicBody" -> VG_KIND_ORGANIZATION, "Vessel", "Airplane"; -1 for NULL
 * (any kind), -2 unknown. Thread-safe. */
int vg_cli_kind_of_schema(const char *schema);

/* "male"/"m" -> VG_GENDER_MALE, "female"/"f" -> VG_GENDER_FEMALE,
 * "unknown"/"x"/"other"/"" -> VG_GENDER_UNKNOWN (all case-insensitive).
 * Returns false for anything else. Thread-safe. */
bool vg_cli_parse_gender(const char *s, vg_gender *out);

/* Fills q from a record read by a vg_reader: names, birth date, nationality,
 * gender, documents, and the kind from its schema (people when a manifest,
 * MRZ or other record format gives none). Returns NULL, or a static reason
 * when the schema is unknown (q is then filled as for no schema). `rec`
 * stays borrowed: q points into it. Thread-safe. */
const char *vg_cli_record_query(const vg_record *rec, vg_query *q);

#endif
