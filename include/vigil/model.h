/* SPDX-License-Identifier: Apache-2.0 */
/* The vigil entity model: one shape for every watchlist entry (UN, OFAC,
 * later EU/UK/FtM). Entities are read-only views owned by a vg_list. */
#ifndef VIGIL_MODEL_H
#define VIGIL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Enumerations                                                             */
/* ------------------------------------------------------------------------ */

typedef enum vg_kind {
    VG_KIND_PERSON = 0,
    VG_KIND_ORGANIZATION,
    VG_KIND_VESSEL,
    VG_KIND_AIRCRAFT,
    VG_KIND_OTHER,
    VG_KIND__COUNT
} vg_kind;

/* How a name stands on the list. */
typedef enum vg_name_role {
    VG_NAME_PRIMARY = 0,  /* the listed name */
    VG_NAME_STRONG,       /* a good-quality alias (UN Good, OFAC aka/fka/nka) */
    VG_NAME_WEAK,         /* a low-quality alias (UN Low, OFAC remarks a.k.a.) */
    VG_NAME_ORIGINAL,     /* the name in its original script */
    VG_NAME_ROLE__COUNT
} vg_name_role;

/* ISO 15924-like script of a name, by its letters. */
typedef enum vg_script {
    VG_SCRIPT_UNKNOWN = 0, /* no letters */
    VG_SCRIPT_LATIN,
    VG_SCRIPT_ARABIC,
    VG_SCRIPT_CYRILLIC,
    VG_SCRIPT_HAN,
    VG_SCRIPT_HANGUL,
    VG_SCRIPT_KANA,
    VG_SCRIPT_GREEK,
    VG_SCRIPT_HEBREW,
    VG_SCRIPT_OTHER,
    VG_SCRIPT_MIXED, /* letters of two or more scripts */
    VG_SCRIPT__COUNT
} vg_script;

typedef enum vg_gender { VG_GENDER_UNKNOWN = 0, VG_GENDER_MALE, VG_GENDER_FEMALE } vg_gender;

typedef enum vg_date_kind {
    VG_DATE_EXACT = 0, /* year, month and day */
    VG_DATE_YEAR_MONTH,
    VG_DATE_YEAR,
    VG_DATE_RANGE,  /* from (year, month, day) to (year_to, month_to, day_to) */
    VG_DATE_APPROX, /* "approximately", "circa" year */
} vg_date_kind;

/* Name flags. */
#define VG_NAMEF_FKA 0x01u /* formerly known as */
#define VG_NAMEF_NKA 0x02u /* now known as */
#define VG_NAMEF_SPLIT 0x04u /* split out of a field that packed several names */

/* ------------------------------------------------------------------------ */
/* Value records (all strings NUL-terminated UTF-8, owned by the vg_list)   */
/* ------------------------------------------------------------------------ */

typedef struct vg_name {
    const char *full;   /* the text as published (trimmed); never NULL */
    const char *given;  /* given names where the list gives them, else NULL */
    const char *family; /* family name where the list gives it, else NULL */
    vg_name_role role;
    vg_script script;
    unsigned flags; /* VG_NAMEF_* */
} vg_name;

/* A date or date range. Unknown parts are 0. For VG_DATE_RANGE the `*_to`
 * fields hold the upper bound (year_to >= year). */
typedef struct vg_date {
    vg_date_kind kind;
    int16_t year, month, day;
    int16_t year_to, month_to, day_to;
} vg_date;

/* A country: `code` is ISO 3166-1 alpha-2 ("SY"), or "" when `text` could
 * not be mapped. `text` is the published text (NULL when the list gave a
 * code only). */
typedef struct vg_country {
    char code[3];
    const char *text;
} vg_country;

typedef struct vg_place {
    const char *text; /* as published, joined ("Samarra, Iraq"); may be NULL */
    const char *city;
    const char *region;
    vg_country country;
} vg_place;

typedef struct vg_document {
    const char *type;        /* "Passport", "National Identification Number" ... */
    const char *number;      /* as published */
    const char *number_norm; /* upper case, only [A-Z0-9] */
    vg_country country;      /* issuing country; code "" when unknown */
    vg_date issued;          /* year 0 when unknown */
    vg_date expires;         /* year 0 when unknown */
    const char *note;        /* NULL when none */
} vg_document;

typedef struct vg_address {
    const char *street;
    const char *city;   /* city, state, postal code as published */
    const char *region;
    const char *postal;
    vg_country country;
    const char *note;
} vg_address;

typedef struct vg_entity {
    const char *id;           /* "<source>:<native id>": "un:QDi.299", "ofac:7843" */
    const char *source;       /* "un", "ofac" */
    const char *native_id;    /* "QDi.299", "7843" */
    const char *list_version; /* version of the list it came from */
    vg_kind kind;
    vg_gender gender;

    const vg_name *names; /* names[0] is the primary name when there is one */
    size_t n_names;
    const vg_date *birth_dates;
    size_t n_birth_dates;
    const vg_place *birth_places;
    size_t n_birth_places;
    const vg_country *nationalities;
    size_t n_nationalities;
    const vg_country *citizenships;
    size_t n_citizenships;
    const vg_document *documents;
    size_t n_documents;
    const vg_address *addresses;
    size_t n_addresses;
    const char *const *programs; /* sanctions regimes / programmes */
    size_t n_programs;
    const char *const *titles; /* titles and designations */
    size_t n_titles;

    vg_date listed_on; /* year 0 when unknown */
    const char *remarks; /* NULL when none */
    uint8_t content_hash[32]; /* sha256 over the canonical content */
} vg_entity;

/* ------------------------------------------------------------------------ */
/* Names of the enumerations                                                */
/* ------------------------------------------------------------------------ */

/* Lower-case stable names ("person", "strong", "arabic" ...). Static
 * strings; thread-safe; never NULL. */
VG_API const char *vg_kind_name(vg_kind k);
VG_API const char *vg_name_role_name(vg_name_role r);
VG_API const char *vg_script_name(vg_script s);
VG_API const char *vg_gender_name(vg_gender g);

/* Formats a date as ISO text: "1971-03-02", "1971-03", "1971", "~1971",
 * "1970..1973". Returns buf (size >= 32 recommended). Thread-safe. */
VG_API char *vg_date_format(const vg_date *d, char *buf, size_t size);

/* Inclusive year span of a date: for a range [year, year_to], else
 * [year, year]. Returns false when the year is unknown. Thread-safe. */
VG_API bool vg_date_years(const vg_date *d, int *lo, int *hi);

/* ------------------------------------------------------------------------ */
/* Countries                                                                */
/* ------------------------------------------------------------------------ */

/* Maps an English country name or common variant ("Syrian Arab Republic",
 * "Syria", "Iran (Islamic Republic of)", "USSR") or an alpha-2/alpha-3 code
 * to ISO 3166-1 alpha-2. Case and surrounding punctuation are ignored.
 * Writes the code into out[3] and returns true, or returns false (out set
 * to ""). `name` is borrowed. Thread-safe (const tables). */
VG_API bool vg_country_lookup(vg_str name, char out[3]);

/* Returns the English short name of an alpha-2 code, or NULL. */
VG_API const char *vg_country_name(const char *alpha2);

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_MODEL_H */
