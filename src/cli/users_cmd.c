/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil users passwd`: an admin sets a user's console password, read from
 * the first line of stdin (never from the command line, where other users
 * of the machine could see it). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store_cli.h"

static void users_usage(FILE *f)
{
    fprintf(f, "usage: vigil users passwd --store FILE --key KEY --as ADMIN --name NAME < password\n"
               "Sets NAME's password for the web console (vigil serve --store): stored as an\n"
               "Argon2id hash; ends NAME's sessions and clears a lockout. The password is the\n"
               "first line of stdin, %d to %d bytes.\n",
            VG_STORE_PASSWORD_MIN, VG_STORE_PASSWORD_MAX);
}

int vg_cmd_users(int argc, char **argv)
{
    vg_wb_opts o;
    vg_store *st = NULL;
    vg_status rc;
    int ex = VG_EXIT_FAIL;
    char line[VG_STORE_PASSWORD_MAX + 3];
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        users_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? VG_EXIT_FAIL : VG_EXIT_OK;
    }
    if (strcmp(argv[1], "passwd") != 0) {
        fprintf(stderr, "vigil: unknown users command '%s'\n", argv[1]);
        users_usage(stderr);
        return VG_EXIT_FAIL;
    }
    if (!vg_wb_parse(argc, argv, 2, &o))
        return VG_EXIT_FAIL;
    if (!o.user || !o.name) {
        fprintf(stderr, "vigil: users passwd needs --as ADMIN and --name NAME\n");
        return VG_EXIT_FAIL;
    }
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "vigil: users passwd reads the password from stdin\n");
        return VG_EXIT_FAIL;
    }
    size_t n = strcspn(line, "\r\n");
    if (line[n] == '\0' && n > VG_STORE_PASSWORD_MAX) {
        fprintf(stderr, "vigil: the password is longer than %d bytes\n", VG_STORE_PASSWORD_MAX);
        goto out;
    }
    line[n] = '\0';
    if (!(st = vg_wb_open(&o, true)))
        goto out;
    if ((rc = vg_store_password_set(st, o.user, o.name, line)) != VG_OK) {
        ex = vg_wb_fail(st, rc);
        goto out;
    }
    printf("password set for %s\n", o.name);
    ex = VG_EXIT_OK;
out:
    sodium_memzero(line, sizeof line);
    vg_store_close(st);
    return ex;
}
