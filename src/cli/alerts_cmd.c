/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil alerts list|show|decide|sign-off|send-back|reopen`: the analyst's queue,
 * one alert with its evidence, a verdict with a reason, and the
 * supervisor's second pair of eyes. Roles are enforced by the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_cli.h"

static void alerts_usage(FILE *f)
{
    fprintf(f,
            "usage: vigil alerts list --store FILE --user NAME [--status STATUS]\n"
            "       vigil alerts show ID --store FILE --key KEY --user NAME\n"
            "       vigil alerts decide ID --store FILE --key KEY --user NAME\n"
            "            --verdict false_positive|confirmed_match|needs_escalation --reason TEXT\n"
            "       vigil alerts sign-off ID --store FILE --key KEY --user SUPERVISOR\n"
            "       vigil alerts send-back ID --store FILE --key KEY --user SUPERVISOR --reason TEXT\n"
            "       vigil alerts reopen ID --store FILE --key KEY --user NAME --reason TEXT\n"
            "Statuses: open, pending_signoff, cleared, confirmed, escalated,\n"
            "closed_delisted, suppressed. Viewing an alert is audited. The four-eyes\n"
            "score and the suppression period are the store's policy (vigil store policy).\n");
}

static void print_line(const vg_store_alert *a)
{
    printf("#%lld  %-16s %.4f  %-22s case #%lld  run #%lld", (long long)a->id,
           vg_alert_status_name(a->status), a->score, a->entity_id ? a->entity_id : "",
           (long long)a->case_id, (long long)a->run_id);
    if (a->suppressed_by)
        printf("  suppressed by decision #%lld", (long long)a->suppressed_by);
    putchar('\n');
}

static bool list_cb(void *ud, const vg_store_alert *a)
{
    (*(size_t *)ud)++;
    print_line(a);
    return true;
}

static bool parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || *end || v <= 0) {
        fprintf(stderr, "vigil: an alert ID (a positive number) is required\n");
        return false;
    }
    *id = v;
    return true;
}

int vg_cmd_alerts(int argc, char **argv)
{
    vg_wb_opts o;
    vg_store *st = NULL;
    vg_status rc;
    int64_t id = 0;
    int ex = VG_EXIT_FAIL;
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        alerts_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? VG_EXIT_FAIL : VG_EXIT_OK;
    }
    const char *sub = argv[1];
    if (!vg_wb_parse(argc, argv, 2, &o))
        goto out;
    if (!o.user) {
        fprintf(stderr, "vigil: --user NAME is required\n");
        goto out;
    }
    if (strcmp(sub, "list") == 0) {
        vg_alert_status s = VG_ALERT_OPEN;
        size_t n = 0;
        if (o.status && !vg_alert_status_parse(o.status, &s)) {
            fprintf(stderr, "vigil: unknown --status '%s'\n", o.status);
            goto out;
        }
        if (!(st = vg_wb_open(&o, false)))
            goto out;
        if ((rc = vg_store_alerts_each(st, o.user, o.status ? (int)s : -1, list_cb, &n))) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("%zu alerts\n", n);
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "show") == 0) {
        vg_store_alert a;
        if (!parse_id(o.id, &id) || !(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_alert_get(st, o.user, id, &a)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        print_line(&a);
        printf("list version: %s\nraised: %s\nscreened: %s\nexplanation: %s\n"
               "entity at that version: %s\n",
               a.list_version, a.created_at, a.query ? a.query : "",
               a.explanation ? a.explanation : "",
               a.entity_snapshot ? a.entity_snapshot : "(not stored)");
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "decide") == 0) {
        vg_verdict v;
        int64_t dec = 0;
        if (!parse_id(o.id, &id))
            goto out;
        if (!o.verdict || !vg_verdict_parse(o.verdict, &v)) {
            fprintf(stderr, "vigil: --verdict false_positive|confirmed_match|needs_escalation\n");
            goto out;
        }
        if (!o.reason || !*o.reason) {
            fprintf(stderr, "vigil: --reason TEXT is required\n");
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_decide(st, id, v, o.reason, o.user, &dec)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        vg_store_alert a;
        if ((rc = vg_store_alert_get(st, o.user, id, &a)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("decision #%lld on alert #%lld: %s, alert %s\n", (long long)dec, (long long)id,
               o.verdict, vg_alert_status_name(a.status));
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "sign-off") == 0) {
        if (!parse_id(o.id, &id) || !(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_sign_off(st, id, o.user)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("alert #%lld signed off by %s\n", (long long)id, o.user);
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "send-back") == 0) {
        if (!parse_id(o.id, &id))
            goto out;
        if (!o.reason || !*o.reason) {
            fprintf(stderr, "vigil: --reason TEXT is required\n");
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_reject(st, id, o.user, o.reason)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("alert #%lld sent back by %s: open again\n", (long long)id, o.user);
        ex = VG_EXIT_OK;
    } else if (strcmp(sub, "reopen") == 0) {
        if (!parse_id(o.id, &id))
            goto out;
        if (!o.reason || !*o.reason) {
            fprintf(stderr, "vigil: --reason TEXT is required\n");
            goto out;
        }
        if (!(st = vg_wb_open(&o, true)))
            goto out;
        if ((rc = vg_store_alert_reopen(st, id, o.user, o.reason)) != VG_OK) {
            ex = vg_wb_fail(st, rc);
            goto out;
        }
        printf("alert #%lld reopened by %s: open\n", (long long)id, o.user);
        ex = VG_EXIT_OK;
    } else {
        fprintf(stderr, "vigil: unknown alerts command '%s'\n", sub);
        alerts_usage(stderr);
    }
out:
    vg_store_close(st);
    return ex;
}
