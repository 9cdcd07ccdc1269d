/* SPDX-License-Identifier: Apache-2.0 */
/* Shared pieces of the `vigil` command: exit codes, option helpers, the
 * list set named by --list, and entity JSON. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "vigil/vigil.h"
#include "cli_common.h"
#include "screen_store.h"

/* Exit codes: one convention for every command (see --help). */
enum {
    VG_EXIT_OK = 0,       /* all input handled, alerts or not */
    VG_EXIT_ALERT = 1,    /* --fail-on-alert and an alert was raised */
    VG_EXIT_REJECTED = 2, /* some records rejected (each reported), the rest handled */
    VG_EXIT_FAIL = 3,     /* could not run: bad options, unloadable list, I/O failure */
};

#define VG_CLI_MAX_LISTS 16

typedef struct vg_cli_lists {
    const char *paths[VG_CLI_MAX_LISTS];
    size_t n_paths;
    vg_list *lists[VG_CLI_MAX_LISTS];
    size_t n_lists;
} vg_cli_lists;

/* Adds a --list path; false when too many. */
bool vg_cli_lists_add(vg_cli_lists *ls, const char *path);
/* Loads every path (the bundled lists when none was given). Prints
 * "vigil: FILE:LINE: reason" and returns false on the first failure. */
bool vg_cli_lists_load(vg_cli_lists *ls);
void vg_cli_lists_free(vg_cli_lists *ls);

/* Lists, index and one screener, as every screening command sets up. */
typedef struct screen_ctx {
    vg_cli_lists ls;
    vg_index *ix;
    vg_screener *sc;
} screen_ctx;

/* Loads the lists and builds the index and a screener; prints the reason
 * and returns false on failure (call vg_cli_ctx_close() either way). */
bool vg_cli_ctx_open(screen_ctx *c);
/* Builds the index of the lists c->ls holds (none: an empty index) and a
 * screener; prints the reason and returns false on failure. */
bool vg_cli_ctx_build(screen_ctx *c);
void vg_cli_ctx_close(screen_ctx *c);
/* A threshold in (0, 1]; false when not. */
bool vg_cli_parse_threshold(const char *s, float *out);
/* {"id", "matches": [...]} with explanations for alerts (all with
 * explain_all). `id` is borrowed (NULL: null). Caller owns the result. */
json_t *vg_cli_result_json(json_t *id, const vg_result *r, bool explain_all);
/* A match with its explanation as indented text. */
void vg_cli_print_match_text(FILE *f, const vg_match *m);

/* Commands. argv[0] is the command name ("lists", "screen" ...). */
int vg_cmd_lists(int argc, char **argv);
int vg_cmd_screen(int argc, char **argv);
int vg_cmd_match(int argc, char **argv);
int vg_cmd_compare(int argc, char **argv);
int vg_cmd_serve(int argc, char **argv);

#endif
