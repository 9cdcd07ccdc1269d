/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil serve`: options, configuration file and environment into one
 * vg_srv_config, then the HTTP service (src/server); and `--hash-key`,
 * which turns an API key read from stdin into a keys-file line. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server/server.h"

#ifndef VIGIL_DATA_DIR
#define VIGIL_DATA_DIR "data"
#endif

static void serve_usage(FILE *f)
{
    fprintf(f,
            "usage: vigil serve [--list PATH ...] [--listen HOST:PORT] [--config FILE]\n"
            "                   [--api-keys FILE] [--open] [--threads N]\n"
            "                   [--store FILE --audit-key KEY [--web-root DIR]]\n"
            "       vigil serve --hash-key [--name NAME] [--roles screen[,admin]] < key\n"
            "\n"
            "An HTTP screening service speaking the OpenSanctions yente API (/match,\n"
            "/search, /entities, /catalog, /algorithms), the W3C Reconciliation API\n"
            "(/reconcile) and /metrics, /healthz, /readyz, /openapi.json.\n"
            "  --list PATH      a list to serve (repeatable; default: the bundled lists)\n"
            "  --listen H:P     address (default 127.0.0.1:8000; port 0 picks a free one)\n"
            "  --config FILE    `key = value` settings (see src/server/README.md);\n"
            "                   VIGIL_<KEY> environment variables override the file,\n"
            "                   options override both\n"
            "  --api-keys FILE  hashed API keys with roles (lines from --hash-key)\n"
            "  --open           no authentication; loopback addresses only\n"
            "  --store FILE     the workbench store: serves the analyst console at\n"
            "                   /console/ (users log in with vigil users passwd passwords)\n"
            "                   and records POST /match?record=true as runs of the API\n"
            "                   key's name (a store user who may screen)\n"
            "  --audit-key KEY  the audit signing key (vigil audit keygen); needed with --store\n"
            "  --web-root DIR   the console's files (default: the build's web/)\n"
            "Plain HTTP is served on loopback only, unless the configuration sets\n"
            "allow_plain_http = true (behind a TLS-terminating proxy) or tls_cert and\n"
            "tls_key. SIGHUP reloads the lists (as does POST /admin/reload); SIGTERM or\n"
            "SIGINT drains and stops (exit 0). Exit 3: could not start.\n");
}

static int hash_key(const char *name, const char *roles)
{
    char line[4096], out[512];
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "vigil: --hash-key reads the key from stdin\n");
        return VG_EXIT_FAIL;
    }
    size_t n = strcspn(line, "\r\n");
    line[n] = '\0';
    if (n < 16) {
        fprintf(stderr, "vigil: the key must be at least 16 characters (use a random token)\n");
        return VG_EXIT_FAIL;
    }
    if (vg_srv_key_line(name, roles, line, n, out, sizeof out) != VG_OK) {
        fprintf(stderr, "vigil: --name must be one word, --roles screen and/or admin\n");
        return VG_EXIT_FAIL;
    }
    printf("%s\n", out);
    return VG_EXIT_OK;
}

static const char *env_get(const char *name)
{
    return getenv(name);
}

int vg_cmd_serve(int argc, char **argv)
{
    static const struct option lopts[] = {{"list", required_argument, NULL, 'l'},
                                          {"listen", required_argument, NULL, 'L'},
                                          {"config", required_argument, NULL, 'c'},
                                          {"api-keys", required_argument, NULL, 'k'},
                                          {"open", no_argument, NULL, 'o'},
                                          {"threads", required_argument, NULL, 't'},
                                          {"hash-key", no_argument, NULL, 'H'},
                                          {"name", required_argument, NULL, 'n'},
                                          {"roles", required_argument, NULL, 'r'},
                                          {"store", required_argument, NULL, 'S'},
                                          {"audit-key", required_argument, NULL, 'K'},
                                          {"web-root", required_argument, NULL, 'W'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    vg_srv_config *cfg = calloc(1, sizeof *cfg);
    const char *config = NULL, *name = "default", *roles = "screen";
    bool hash = false, cli_lists = false;
    int rc = VG_EXIT_FAIL, ch;
    vg_err err;
    if (!cfg) {
        fprintf(stderr, "vigil: out of memory\n");
        goto out;
    }
    vg_srv_config_init(cfg);
    /* First pass: the config file and --hash-key, before anything else. */
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        if (ch == 'c')
            config = optarg;
        else if (ch == 'H')
            hash = true;
        else if (ch == 'n')
            name = optarg;
        else if (ch == 'r')
            roles = optarg;
        else if (ch == 'h') {
            serve_usage(stdout);
            rc = VG_EXIT_OK;
            goto out;
        } else if (ch == '?') {
            serve_usage(stderr);
            goto out;
        }
    }
    if (optind != argc) {
        serve_usage(stderr);
        goto out;
    }
    if (hash) {
        rc = hash_key(name, roles);
        goto out;
    }
    vg_err_clear(&err);
    if ((config && vg_srv_config_load(cfg, config, &err)) ||
        vg_srv_config_env(cfg, env_get, &err)) {
        char buf[800];
        fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
        goto out;
    }
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        const char *key = NULL;
        switch (ch) {
        case 'l':
            if (!cli_lists)
                cfg->n_lists = 0; /* options replace the file's lists */
            cli_lists = true;
            key = "list";
            break;
        case 'L':
            key = "listen";
            break;
        case 'k':
            key = "api_keys";
            break;
        case 'o':
            cfg->open = true;
            break;
        case 't':
            key = "threads";
            break;
        case 'S':
            key = "store";
            break;
        case 'K':
            key = "audit_key";
            break;
        case 'W':
            key = "web_root";
            break;
        default:
            break;
        }
        if (key && vg_srv_config_set(cfg, key, optarg, &err)) {
            fprintf(stderr, "vigil: --%s: %s\n", key, err.msg);
            goto out;
        }
    }
    if (cfg->n_lists == 0) {
        const char *dir = getenv("VIGIL_DATA_DIR");
        char p[VG_SRV_PATH_MAX];
        if (!dir || !*dir)
            dir = VIGIL_DATA_DIR;
        snprintf(p, sizeof p, "%s/lists/un/consolidated.xml", dir);
        vg_srv_config_set(cfg, "list", p, NULL);
        snprintf(p, sizeof p, "%s/lists/ofac", dir);
        vg_srv_config_set(cfg, "list", p, NULL);
    }
    rc = vg_srv_run(cfg) == 0 ? VG_EXIT_OK : VG_EXIT_FAIL;
out:
    free(cfg);
    return rc;
}
