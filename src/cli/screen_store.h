/* SPDX-License-Identifier: Apache-2.0 */
/* Recording screenings into the workbench store, shared by the `vigil`
 * command (screen --store, store screen, store rescreen) and the HTTP server
 * (POST /match?record=true): one JSON layout for entities, matches and
 * queries, so the console reads every run alike whoever recorded it, and one
 * path that raises alerts, on which the store applies remembered false
 * positives. Both apps link this object (with cli_common.c). */
#ifndef VG_SCREEN_STORE_H
#define VG_SCREEN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "vigil/vigil.h"

/* ------------------------------------------------------------------------ */
/* JSON layouts                                                             */
/* ------------------------------------------------------------------------ */

/* Full JSON of an entity: id, source, list_version, kind, names, dates,
 * places, countries, documents, addresses, programs, titles, remarks and
 * the content hash (hex). `e` is borrowed. Caller owns the result (NULL on
 * OOM). Thread-safe. */
json_t *vg_cli_entity_json(const vg_entity *e);

/* One match: {"entity", "score" (4 decimals), "alert"} and, when `explain`,
 * "explanation" {name, name_role, name_score, tokens, evidence}. `m` is
 * borrowed and its strings must still be valid (until the next vg_screen()
 * on the screener that filled it). Caller owns the result. Thread-safe. */
json_t *vg_cli_match_json(const vg_match *m, bool explain);

/* The words of an explanation, [{qkey, lkey, "method", "similarity",
 * "weight"}] (3 decimals), a word the other side lacks null there: "query"
 * and "list" for a screening's, "a" and "b" for a pairwise comparison's.
 * `pairs` (n of them) and the keys are borrowed. Caller owns the result.
 * Thread-safe. */
json_t *vg_cli_pairs_json(const vg_token_pair *pairs, size_t n, const char *qkey, const char *lkey);

/* The screened query as stored: name, first_name, last_name, birth_date,
 * nationality, gender, documents [{number, country}] and kind (when not
 * "any"); empty fields are left out. `vigil store rescreen` reads this
 * layout back. `q` is borrowed. Caller owns the result. Thread-safe. */
json_t *vg_cli_query_json(const vg_query *q);

/* [{"source", "version"}] of lists[0..n) (borrowed). Caller owns the
 * result. Thread-safe. */
json_t *vg_cli_lists_json(vg_list *const *lists, size_t n);

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

/* Starts a run by `actor` (a store user whose role may screen; VG_EPERM
 * otherwise) with this engine's version, `params` (a JSON object, borrowed)
 * and the versions of lists[0..n) (borrowed). *run_id out. Errors as
 * vg_store_run_begin(); VG_ENOMEM. The store handle is not thread-safe:
 * the caller serialises calls on `st`. */
vg_status vg_cli_run_begin(vg_store *st, const char *actor, json_t *params,
                           vg_list *const *lists, size_t n, int64_t *run_id);

/* Records one screened person of run `run_id`, no-hits too: `query` and
 * `provenance` (JSON objects, borrowed) as given, and the person key
 * (vg_store_person_key()) of q's name, birth date and first document
 * number, the key remembered false positives are matched on. `q` is
 * borrowed. *screened_id out. Errors as vg_store_screened_add(); VG_ENOMEM.
 * Not thread-safe on one `st`. */
vg_status vg_cli_screened_add(vg_store *st, int64_t run_id, const vg_query *q, json_t *query,
                              json_t *provenance, int64_t *screened_id);

/* Raises an alert of screened person `screened_id` against entity `e`
 * (borrowed): records the entity as it is at its list version with its
 * content hash (vg_store_list_entity(), snapshot vg_cli_entity_json()),
 * then the alert with `score` and `explanation` (a JSON object, borrowed;
 * normally vg_cli_match_json()). The store applies remembered false
 * positives: *suppressed_by gets the decision id when the alert is stored
 * as suppressed, 0 otherwise. *alert_id out. Either out pointer may be
 * NULL. Errors as vg_store_alert_add(); VG_ENOMEM. Not thread-safe on one
 * `st`. */
vg_status vg_cli_alert_add(vg_store *st, int64_t run_id, int64_t screened_id, const vg_entity *e,
                           double score, json_t *explanation, int64_t *alert_id,
                           int64_t *suppressed_by);

#endif
