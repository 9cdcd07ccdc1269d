/* SPDX-License-Identifier: Apache-2.0 */
/* `vigil lists show` and `vigil lists entity`: what a loaded list holds. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef VIGIL_DATA_DIR
#define VIGIL_DATA_DIR "data"
#endif

bool vg_cli_lists_add(vg_cli_lists *ls, const char *path)
{
    if (ls->n_paths >= VG_CLI_MAX_LISTS)
        return false;
    ls->paths[ls->n_paths++] = path;
    return true;
}

bool vg_cli_lists_load(vg_cli_lists *ls)
{
    static char un[1024], ofac[1024];
    if (ls->n_paths == 0) {
        const char *dir = getenv("VIGIL_DATA_DIR");
        if (!dir || !*dir)
            dir = VIGIL_DATA_DIR;
        snprintf(un, sizeof un, "%s/lists/un/consolidated.xml", dir);
        snprintf(ofac, sizeof ofac, "%s/lists/ofac", dir);
        ls->paths[ls->n_paths++] = un;
        ls->paths[ls->n_paths++] = ofac;
    }
    for (size_t i = 0; i < ls->n_paths; i++) {
        vg_err err;
        vg_list *l = NULL;
        vg_status rc = vg_list_load(ls->paths[i], VG_FORMAT_AUTO, NULL, &l, &err);
        if (rc) {
            char buf[1024];
            fprintf(stderr, "vigil: %s\n", vg_err_format(&err, buf, sizeof buf));
            return false;
        }
        ls->lists[ls->n_lists++] = l;
    }
    return true;
}

void vg_cli_lists_free(vg_cli_lists *ls)
{
    for (size_t i = 0; i < ls->n_lists; i++)
        vg_list_free(ls->lists[i]);
    ls->n_lists = 0;
}

/* ---- lists show -------------------------------------------------------- */

typedef struct list_stats {
    size_t kinds[VG_KIND__COUNT];
    size_t roles[VG_NAME_ROLE__COUNT];
    size_t scripts[VG_SCRIPT__COUNT];
    size_t names, with_dob, with_nat, with_doc, docs, with_gender;
} list_stats;

static void stats_of(const vg_list *l, list_stats *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < vg_list_count(l); i++) {
        const vg_entity *e = vg_list_entity(l, i);
        s->kinds[e->kind]++;
        for (size_t k = 0; k < e->n_names; k++) {
            s->roles[e->names[k].role]++;
            s->scripts[e->names[k].script]++;
            s->names++;
        }
        s->with_dob += e->n_birth_dates > 0;
        s->with_nat += (e->n_nationalities + e->n_citizenships) > 0;
        s->with_doc += e->n_documents > 0;
        s->docs += e->n_documents;
        s->with_gender += e->gender != VG_GENDER_UNKNOWN;
    }
}

static json_t *list_json(const vg_list *l)
{
    list_stats s;
    stats_of(l, &s);
    json_t *o = json_object();
    json_object_set_new(o, "source", json_string(vg_list_source(l)));
    json_object_set_new(o, "path", json_string(vg_list_path(l)));
    json_object_set_new(o, "version", json_string(vg_list_version(l)));
    json_object_set_new(o, "entities", json_integer((json_int_t)vg_list_count(l)));
    json_t *k = json_object();
    for (int i = 0; i < VG_KIND__COUNT; i++)
        json_object_set_new(k, vg_kind_name((vg_kind)i), json_integer((json_int_t)s.kinds[i]));
    json_object_set_new(o, "by_kind", k);
    json_t *n = json_object();
    json_object_set_new(n, "total", json_integer((json_int_t)s.names));
    json_t *r = json_object();
    for (int i = 0; i < VG_NAME_ROLE__COUNT; i++)
        json_object_set_new(r, vg_name_role_name((vg_name_role)i),
                            json_integer((json_int_t)s.roles[i]));
    json_object_set_new(n, "by_role", r);
    json_t *sc = json_object();
    for (int i = 0; i < VG_SCRIPT__COUNT; i++)
        if (s.scripts[i])
            json_object_set_new(sc, vg_script_name((vg_script)i),
                                json_integer((json_int_t)s.scripts[i]));
    json_object_set_new(n, "by_script", sc);
    json_object_set_new(o, "names", n);
    json_object_set_new(o, "with_birth_date", json_integer((json_int_t)s.with_dob));
    json_object_set_new(o, "with_nationality", json_integer((json_int_t)s.with_nat));
    json_object_set_new(o, "with_documents", json_integer((json_int_t)s.with_doc));
    json_object_set_new(o, "documents", json_integer((json_int_t)s.docs));
    json_object_set_new(o, "with_gender", json_integer((json_int_t)s.with_gender));
    json_t *u = json_array();
    for (size_t i = 0; i < vg_list_unknown_country_count(l); i++) {
        size_t occ = 0;
        const char *t = vg_list_unknown_country(l, i, &occ);
        json_t *ju = json_object();
        json_object_set_new(ju, "text", json_string(t));
        json_object_set_new(ju, "count", json_integer((json_int_t)occ));
        json_array_append_new(u, ju);
    }
    json_object_set_new(o, "unknown_countries", u);
    json_object_set_new(o, "warnings", json_integer((json_int_t)vg_list_warning_count(l)));
    json_t *w = json_array();
    for (size_t i = 0; i < vg_list_warning_examples(l); i++)
        json_array_append_new(w, json_string(vg_list_warning_example(l, i)));
    json_object_set_new(o, "warning_examples", w);
    return o;
}

static void print_list_text(const vg_list *l)
{
    list_stats s;
    stats_of(l, &s);
    printf("%s  %s\n", vg_list_source(l), vg_list_path(l));
    printf("  version            %s\n", vg_list_version(l));
    printf("  entities           %zu\n", vg_list_count(l));
    for (int i = 0; i < VG_KIND__COUNT; i++)
        if (s.kinds[i])
            printf("    %-16s %zu\n", vg_kind_name((vg_kind)i), s.kinds[i]);
    printf("  names              %zu\n", s.names);
    for (int i = 0; i < VG_NAME_ROLE__COUNT; i++)
        printf("    %-16s %zu\n", vg_name_role_name((vg_name_role)i), s.roles[i]);
    printf("  names by script\n");
    for (int i = 0; i < VG_SCRIPT__COUNT; i++)
        if (s.scripts[i])
            printf("    %-16s %zu\n", vg_script_name((vg_script)i), s.scripts[i]);
    printf("  with birth date    %zu\n", s.with_dob);
    printf("  with nationality   %zu\n", s.with_nat);
    printf("  with documents     %zu (%zu documents)\n", s.with_doc, s.docs);
    printf("  with gender        %zu\n", s.with_gender);
    size_t nu = vg_list_unknown_country_count(l);
    printf("  unknown countries  %zu\n", nu);
    for (size_t i = 0; i < nu; i++) {
        size_t occ = 0;
        const char *t = vg_list_unknown_country(l, i, &occ);
        printf("    %-40s x%zu\n", t, occ);
    }
    printf("  warnings           %zu\n", vg_list_warning_count(l));
    for (size_t i = 0; i < vg_list_warning_examples(l); i++)
        printf("    %s\n", vg_list_warning_example(l, i));
}

static void lists_usage(FILE *f)
{
    fprintf(f, "usage: vigil lists show [--list PATH ...] [--json]\n"
               "       vigil lists entity ID [--list PATH ...]\n"
               "--list takes a UN consolidated XML file or an OFAC SDN directory; the\n"
               "bundled lists are used when none is named.\n");
}

int vg_cmd_lists(int argc, char **argv)
{
    vg_cli_lists ls = {0};
    bool json = false;
    int rc = VG_EXIT_FAIL;
    static const struct option opts[] = {{"list", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    if (argc < 2) {
        lists_usage(stderr);
        return VG_EXIT_FAIL;
    }
    const char *sub = argv[1];
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (!vg_cli_lists_add(&ls, optarg)) {
                fprintf(stderr, "vigil: too many --list options (max %d)\n", VG_CLI_MAX_LISTS);
                return VG_EXIT_FAIL;
            }
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            lists_usage(stdout);
            return VG_EXIT_OK;
        default:
            lists_usage(stderr);
            return VG_EXIT_FAIL;
        }
    }
    if (strcmp(sub, "show") == 0) {
        if (optind != argc) {
            lists_usage(stderr);
            return VG_EXIT_FAIL;
        }
        if (!vg_cli_lists_load(&ls))
            goto out;
        if (json) {
            json_t *arr = json_array();
            for (size_t i = 0; i < ls.n_lists; i++)
                json_array_append_new(arr, list_json(ls.lists[i]));
            json_t *root = json_object();
            json_object_set_new(root, "lists", arr);
            json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fputc('\n', stdout);
            json_decref(root);
        } else {
            for (size_t i = 0; i < ls.n_lists; i++)
                print_list_text(ls.lists[i]);
        }
        rc = VG_EXIT_OK;
    } else if (strcmp(sub, "entity") == 0) {
        if (optind + 1 != argc) {
            lists_usage(stderr);
            return VG_EXIT_FAIL;
        }
        const char *id = argv[optind];
        if (!vg_cli_lists_load(&ls))
            goto out;
        const vg_entity *e = NULL;
        for (size_t i = 0; i < ls.n_lists && !e; i++)
            e = vg_list_find(ls.lists[i], id);
        if (!e) {
            fprintf(stderr, "vigil: no entity with id '%s' in the lists loaded\n", id);
            goto out;
        }
        json_t *o = vg_cli_entity_json(e);
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
        rc = VG_EXIT_OK;
    } else {
        fprintf(stderr, "vigil: unknown 'lists' subcommand '%s'\n", sub);
        lists_usage(stderr);
    }
out:
    vg_cli_lists_free(&ls);
    return rc;
}
