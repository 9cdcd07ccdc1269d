/* SPDX-License-Identifier: Apache-2.0 */
/* Shared pieces of the `vigil` command: exit codes, option helpers, the
 * list set named by --list, and entity JSON. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "vigil/vigil.h"

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

/* Full JSON of an entity (caller owns the reference). */
json_t *vg_cli_entity_json(const vg_entity *e);

/* Commands. argv[0] is the command name ("lists", "screen" ...). */
int vg_cmd_lists(int argc, char **argv);
int vg_cmd_screen(int argc, char **argv);
int vg_cmd_match(int argc, char **argv);
int vg_cmd_compare(int argc, char **argv);

#endif
