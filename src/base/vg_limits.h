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

#endif
