/* SPDX-License-Identifier: Apache-2.0 */
/* The `vigil` command: dispatch to subcommands, with one exit-code
 * convention for all of them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store_cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil COMMAND [OPTIONS]\n"
            "\n"
            "Commands:\n"
            "  lists show    what the loaded lists hold (counts, versions, unknown countries)\n"
            "  lists entity  one entity as JSON\n"
            "  lists diff    entries added, changed, removed between two list versions\n"
            "  screen        screen people (PAXLST manifests, MRZ, CSV, JSONL; a file or stdin)\n"
            "                against the lists; see vigil screen --help and vigil(1)\n"
            "  match         screen one name, with the explanation\n"
            "  compare       score JSONL name pairs from stdin\n"
            "  serve         HTTP screening service (yente API, reconciliation, metrics);\n"
            "                see vigil serve --help\n"
            "  store         workbench store: init, user-add, screen into it (docs/store.md)\n"
            "  alerts        the alert queue: list, show, decide, sign-off, reopen\n"
            "  users         console passwords: users passwd (stdin)\n"
            "  audit         the signed audit trail: keygen, verify, export\n"
            "  retention     depersonalise, then delete, old screenings (retention run)\n"
            "  version       print the version\n"
            "\n"
            "Exit codes (every command):\n"
            "  0  all input handled (everything screened), alerts or not\n"
            "  1  --fail-on-alert was given and an alert was raised\n"
            "  2  some records were rejected (each reported on stderr), the rest handled\n"
            "  3  could not run: bad options, a list that cannot be loaded, I/O failure\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return VG_EXIT_FAIL;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return VG_EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("vigil %s\n", vg_version());
        return VG_EXIT_OK;
    }
    if (strcmp(cmd, "lists") == 0 && argc > 2 && strcmp(argv[2], "diff") == 0)
        return vg_cmd_lists_diff(argc - 2, argv + 2);
    if (strcmp(cmd, "lists") == 0)
        return vg_cmd_lists(argc - 1, argv + 1);
    if (strcmp(cmd, "screen") == 0 && vg_wb_has_store(argc - 1, argv + 1))
        return vg_wb_screen_into_store(argc - 1, argv + 1);
    if (strcmp(cmd, "screen") == 0)
        return vg_cmd_screen(argc - 1, argv + 1);
    if (strcmp(cmd, "match") == 0)
        return vg_cmd_match(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return vg_cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return vg_cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "store") == 0)
        return vg_cmd_store(argc - 1, argv + 1);
    if (strcmp(cmd, "alerts") == 0)
        return vg_cmd_alerts(argc - 1, argv + 1);
    if (strcmp(cmd, "audit") == 0)
        return vg_cmd_audit(argc - 1, argv + 1);
    if (strcmp(cmd, "users") == 0)
        return vg_cmd_users(argc - 1, argv + 1);
    if (strcmp(cmd, "retention") == 0)
        return vg_cmd_retention(argc - 1, argv + 1);
    fprintf(stderr, "vigil: unknown command '%s'\n", cmd);
    usage(stderr);
    return VG_EXIT_FAIL;
}
