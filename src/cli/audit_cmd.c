/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil audit keygen|verify|export`: the signing key, verification of a
 * store's audit chain or of an exported bundle (no database needed), and
 * the export itself. verify exits 0 when intact, 1 naming the first bad
 * record otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_cli.h"

static void audit_usage(FILE *f)
{
    fprintf(f, "usage: vigil audit keygen --key FILE        (writes FILE and FILE.pub)\n"
               "       vigil audit verify --store FILE --pubkey FILE.pub\n"
               "       vigil audit verify --bundle DIR [--pubkey FILE.pub]\n"
               "       vigil audit export --store FILE --out DIR --key KEY --user NAME\n"
               "verify exits 0 when the chain is intact, 1 naming the first bad record.\n");
}

static int report(const vg_audit_report *rep)
{
    if (rep->ok) {
        printf("audit trail intact: %lld records, signed head verified\n",
               (long long)rep->n_records);
        return VG_EXIT_OK;
    }
    printf("audit trail TAMPERED: first bad record %lld: %s\n", (long long)rep->first_bad,
           rep->reason);
    return VG_EXIT_ALERT;
}

/* Reads a bundle into records and verifies them. */
static int verify_bundle(const char *dir, const char *pubkey)
{
    int ex = VG_EXIT_FAIL;
    char path[1024], buf[800];
    json_error_t je;
    json_t *head = NULL, *line = NULL;
    vg_audit_record *recs = NULL;
    json_t **keep = NULL;
    size_t n = 0, cap = 0;
    FILE *f = NULL;
    uint8_t pk[32], head_hash[32], sig[64];
    vg_err err;
    if (pubkey) {
        if (vg_audit_pubkey_load(pubkey, pk, &err) != VG_OK) {
            fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            goto out;
        }
    } else {
        snprintf(path, sizeof path, "%s/pubkey.hex", dir);
        if (vg_audit_pubkey_load(path, pk, &err) != VG_OK) {
            fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            goto out;
        }
    }
    snprintf(path, sizeof path, "%s/head.json", dir);
    if (!(head = json_load_file(path, 0, &je))) {
        fprintf(stderr, "vigil: %s:%d: %s\n", path, je.line, je.text);
        goto out;
    }
    json_t *hs = json_object_get(head, "seq");
    if (!json_is_integer(hs) ||
        !vg_hex_decode(json_string_value(json_object_get(head, "hash")), head_hash, 32) ||
        !vg_hex_decode(json_string_value(json_object_get(head, "signature")), sig, 64)) {
        fprintf(stderr, "vigil: %s: not a chain head\n", path);
        goto out;
    }
    snprintf(path, sizeof path, "%s/audit.jsonl", dir);
    if (!(f = fopen(path, "rb"))) {
        fprintf(stderr, "vigil: %s: cannot read\n", path);
        goto out;
    }
    while ((line = json_loadf(f, JSON_DISABLE_EOF_CHECK, &je)) != NULL) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            vg_audit_record *nr = realloc(recs, nc * sizeof *nr);
            json_t **nk = nr ? realloc(keep, nc * sizeof *nk) : NULL;
            if (nr)
                recs = nr;
            if (!nr || !nk) {
                json_decref(line);
                fprintf(stderr, "vigil: out of memory\n");
                goto out;
            }
            keep = nk;
            cap = nc;
        }
        keep[n] = line;
        vg_audit_record *r = &recs[n++];
        memset(r, 0, sizeof *r);
        r->seq = (int64_t)json_integer_value(json_object_get(line, "seq"));
        r->time = json_string_value(json_object_get(line, "time"));
        r->actor = json_string_value(json_object_get(line, "actor"));
        r->action = json_string_value(json_object_get(line, "action"));
        r->object = json_string_value(json_object_get(line, "object"));
        r->details = json_string_value(json_object_get(line, "details"));
        if (!r->time || !r->actor || !r->action || !r->object || !r->details ||
            !vg_hex_decode(json_string_value(json_object_get(line, "prev_hash")), r->prev_hash,
                           32) ||
            !vg_hex_decode(json_string_value(json_object_get(line, "hash")), r->hash, 32)) {
            /* a mangled line is a bad record, not a usage error */
            printf("audit trail TAMPERED: first bad record %zu: malformed line\n", n);
            ex = VG_EXIT_ALERT;
            goto out;
        }
    }
    vg_audit_report rep;
    if (vg_audit_verify_records(recs, n, (int64_t)json_integer_value(hs), head_hash, sig, pk,
                                &rep) != VG_OK) {
        fprintf(stderr, "vigil: cannot verify\n");
        goto out;
    }
    ex = report(&rep);
out:
    if (f)
        fclose(f);
    for (size_t i = 0; i < n; i++)
        json_decref(keep[i]);
    free(keep);
    free(recs);
    json_decref(head);
    return ex;
}

int vg_cmd_audit(int argc, char **argv)
{
    vg_wb_opts o;
    vg_store *st = NULL;
    vg_status rc;
    vg_err err;
    char buf[800];
    int ex = VG_EXIT_FAIL;
    uint8_t pk[32];
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        audit_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? VG_EXIT_FAIL : VG_EXIT_OK;
    }
    const char *sub = argv[1];
    if (!vg_wb_parse(argc, argv, 2, &o))
        goto out;
    if (strcmp(sub, "keygen") == 0) {
        if (!o.key) {
            fprintf(stderr, "vigil: --key FILE is required\n");
            goto out;
        }
        if (vg_audit_keygen(o.key, &err) != VG_OK) {
            fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            goto out;
        }
        printf("secret key %s (keep it outside the store), public key %s.pub\n", o.key, o.key);
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "verify") == 0) {
        if (o.bundle) {
            ex = verify_bundle(o.bundle, o.pubkey);
            goto out;
        }
        if (!o.pubkey) {
            fprintf(stderr, "vigil: --pubkey FILE is required\n");
            goto out;
        }
        if (vg_audit_pubkey_load(o.pubkey, pk, &err) != VG_OK) {
            fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            goto out;
        }
        if (!(st = vg_wb_open(&o, false)))
            goto out;
        vg_audit_report rep;
        if ((rc = vg_store_audit_verify(st, pk, &rep)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        ex = report(&rep);
    } else if (strcmp(sub, "export") == 0) {
        if (!o.out || !o.user) {
            fprintf(stderr, "vigil: export needs --out DIR and --user NAME\n");
            goto out;
        }
        if (vg_audit_pubkey_load(o.key ? o.key : "", pk, &err) != VG_OK) {
            fprintf(stderr, "vigil: --key: %s\n", vg_err_format(&err, buf, sizeof buf));
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        /* the export is itself audited, and part of the bundle */
        vg_err_clear(&err);
        if ((rc = vg_store_audit_export(st, o.user, o.out, pk, &err)) != VG_OK) {
            if (err.code != VG_OK)
                fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            else
                vg_wb_fail(st, rc);
            goto out;
        }
        printf("bundle written to %s (verify: vigil audit verify --bundle %s)\n", o.out, o.out);
        ex = VG_EXIT_OK;
    } else {
        fprintf(stderr, "vigil: unknown audit command '%s'\n", sub);
        audit_usage(stderr);
    }
out:
    vg_store_close(st);
    return ex;
}
