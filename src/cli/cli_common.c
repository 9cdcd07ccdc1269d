/* SPDX-License-Identifier: Apache-2.0 */
/* Query-field parsing shared by the `vigil` command and the HTTP server
 * (see cli_common.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli_common.h"

bool vg_cli_parse_date(const char *s, vg_date *d)
{
    memset(d, 0, sizeof *d);
    size_t n = strlen(s);
    int y = 0, m = 0, dd = 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && (i == 4 || i == 7))))
            return false;
    if (n == 4 && sscanf(s, "%4d", &y) == 1) {
        d->kind = VG_DATE_YEAR;
    } else if (n == 7 && sscanf(s, "%4d-%2d", &y, &m) == 2) {
        d->kind = VG_DATE_YEAR_MONTH;
    } else if (n == 10 && sscanf(s, "%4d-%2d-%2d", &y, &m, &dd) == 3) {
        d->kind = VG_DATE_EXACT;
    } else {
        return false;
    }
    if (y < 1800 || y > 2200 || m < 0 || m > 12 || dd < 0 || dd > 31 || (n >= 7 && m == 0) ||
        (n == 10 && dd == 0)) {
        memset(d, 0, sizeof *d);
        return false;
    }
    d->year = (int16_t)y;
    d->month = (int16_t)m;
    d->day = (int16_t)dd;
    return true;
}

int vg_cli_kind_of_schema(const char *schema)
{
    if (!schema)
        return -1;
    if (strcmp(schema, "Person") == 0)
        return VG_KIND_PERSON;
    if (strcmp(schema, "Organization") == 0 || strcmp(schema, "Company") == 0 ||
        strcmp(schema, "LegalEntity") == 0 || strcmp(schema, "PublicBody") == 0)
        return VG_KIND_ORGANIZATION;
    if (strcmp(schema, "Vessel") == 0)
        return VG_KIND_VESSEL;
    if (strcmp(schema, "Airplane") == 0)
        return VG_KIND_AIRCRAFT;
    return -2;
}

bool vg_cli_parse_gender(const char *s, vg_gender *out)
{
    *out = VG_GENDER_UNKNOWN;
    if (!s || !*s)
        return true;
    if (strcasecmp(s, "male") == 0 || strcasecmp(s, "m") == 0)
        *out = VG_GENDER_MALE;
    else if (strcasecmp(s, "female") == 0 || strcasecmp(s, "f") == 0)
        *out = VG_GENDER_FEMALE;
    else if (strcasecmp(s, "unknown") != 0 && strcasecmp(s, "x") != 0 &&
             strcasecmp(s, "other") != 0)
        return false;
    return true;
}

const char *vg_cli_record_query(const vg_record *rec, vg_query *q)
{
    vg_query_init(q);
    q->name = vg_str_c(rec->name);
    q->first_name = vg_str_c(rec->given);
    q->last_name = vg_str_c(rec->family);
    q->birth_date = rec->birth_date;
    memcpy(q->nationality, rec->nationality, 3);
    q->gender = rec->gender;
    int kind = vg_cli_kind_of_schema(rec->schema);
    q->kind = kind >= 0 ? kind : -1;
    if (kind < 0 && rec->format != VG_RECORD_JSONL && rec->format != VG_RECORD_CSV)
        q->kind = VG_KIND_PERSON; /* travellers and document holders are people */
    for (size_t i = 0; i < rec->n_docs && q->n_docs < VG_QUERY_MAX_DOCS; i++) {
        q->docs[q->n_docs].number = vg_str_c(rec->docs[i].number);
        memcpy(q->docs[q->n_docs].country, rec->docs[i].country, 3);
        q->n_docs++;
    }
    return kind == -2 ? "field 'schema': unknown schema" : NULL;
}
