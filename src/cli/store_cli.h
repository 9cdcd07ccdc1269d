/* SPDX-License-Identifier: Apache-2.0 */
/* The workbench commands of `vigil` (store, alerts, audit) and the small
 * option and store-opening helpers they share. */
#ifndef VG_STORE_CLI_H
#define VG_STORE_CLI_H

#include "cli.h"

/* Options shared by the workbench commands; every pointer borrows argv. */
typedef struct vg_wb_opts {
    const char *store, *key, *pubkey, *user, *bundle, *out, *status, *verdict, *reason, *role,
        *name, *admin, *in, *format, *id, *old_list, *new_list;
    const char *lists[VG_CLI_MAX_LISTS];
    size_t n_lists;
    float threshold;
    double four_eyes;     /* < 0: the default */
    int suppression_days; /* < 0: the default */
    int mask_after_days;  /* < 0: the default */
    int delete_after_days; /* < 0: the default */
} vg_wb_opts;

/* Parses argv[first..] into `o` (one positional argument goes to o->id, or
 * o->in for `store screen`). Prints the reason and returns false on an
 * unknown option or a missing value. */
bool vg_wb_parse(int argc, char **argv, int first, vg_wb_opts *o);
/* Opens o->store, loads o->key when `need_key`, applies the policy options.
 * Prints the reason and returns NULL on failure. */
vg_store *vg_wb_open(const vg_wb_opts *o, bool need_key);
/* Prints "vigil: <store message>" for a failed store call and returns the
 * exit code (VG_EXIT_FAIL). */
int vg_wb_fail(vg_store *st, vg_status rc);

int vg_cmd_store(int argc, char **argv);
/* `vigil screen --store FILE ...`: true when argv holds --store; then
 * vg_wb_screen_into_store() screens into the store (argv[0] is "screen"). */
bool vg_wb_has_store(int argc, char **argv);
int vg_wb_screen_into_store(int argc, char **argv);
/* `vigil store rescreen` (lifecycle_cmd.c). */
int vg_wb_rescreen(const vg_wb_opts *o);
/* `vigil lists diff OLD NEW`; argv[0] is "diff". */
int vg_cmd_lists_diff(int argc, char **argv);
int vg_cmd_retention(int argc, char **argv);
int vg_cmd_alerts(int argc, char **argv);
int vg_cmd_audit(int argc, char **argv);
/* `vigil users passwd` (users_cmd.c). */
int vg_cmd_users(int argc, char **argv);

#endif
