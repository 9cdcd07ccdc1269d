/* SPDX-License-Identifier: Apache-2.0 */
/* Every cap on a growable buffer or input size lives here, so that limits
 * are reviewed in one place. */
#ifndef VG_LIMITS_H
#define VG_LIMITS_H

/* Largest list file accepted (bytes). The UN XML is ~2 MB, OFAC ~4 MB. */
#define VG_LIMIT_LIST_FILE (512u * 1024u * 1024u)
/* Longest single field (text node, CSV cell) in a list file. */
#define VG_LIMIT_FIELD (1u * 1024u * 1024u)
/* Most values of one kind (names, dates, documents ...) on one entity. */
#define VG_LIMIT_PER_ENTITY 4096u
/* Most entities in one list. */
#define VG_LIMIT_ENTITIES (64u * 1024u * 1024u)
/* Largest arena block. */
#define VG_LIMIT_ARENA_BLOCK (64u * 1024u * 1024u)
/* Longest name accepted for screening (bytes). */
#define VG_LIMIT_NAME 4096u
/* Longest query line (bytes). */
#define VG_LIMIT_QUERY_LINE (1u * 1024u * 1024u)
/* Warning examples kept per list. */
#define VG_LIMIT_WARN_EXAMPLES 8u

/* ---- record readers (src/records) ---- */
/* Longest EDIFACT segment, MRZ block, CSV record or JSONL line (bytes). */
#define VG_LIMIT_RECORD_BYTES (16u * 1024u * 1024u) /* room to reject a 10 MB name by its id */
/* Most PAXLST persons held back until their message's UNT is seen (for the
 * count warnings); beyond this they are released early. */
#define VG_LIMIT_PAXLST_PENDING 4096u
/* Most elements / components in one EDIFACT segment. */
#define VG_LIMIT_EDI_ELEMENTS 64u
#define VG_LIMIT_EDI_COMPONENTS 256u
/* Most columns in a CSV file of records. */
#define VG_LIMIT_CSV_COLUMNS 1024u
/* Deepest JSON nesting in a JSONL query. */
#define VG_LIMIT_JSON_DEPTH 64u
/* Read buffer of a record reader (bytes). */
#define VG_LIMIT_READ_CHUNK (256u * 1024u)
/* Bytes of one JSON reply written by the server (a batch of examples, each
 * with up to 500 results). */
#define VG_LIMIT_JSON_REPLY (256u * 1024u * 1024u)

#endif
