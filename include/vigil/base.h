/* SPDX-License-Identifier: Apache-2.0 */
/* vigil base types: status codes, error records, string slices and the
 * allocator every handle is created with. Everything else builds on these. */
#ifndef VIGIL_BASE_H
#define VIGIL_BASE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VIGIL_BUILDING) && defined(__GNUC__)
#define VG_API __attribute__((visibility("default")))
#else
#define VG_API
#endif

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */
/* ------------------------------------------------------------------------ */

/* X-macro: name, value, description. The single source of the enum and of
 * vg_status_str(). */
#define VG_STATUS_MAP(X)                                                     \
    X(VG_OK, 0, "success")                                                   \
    X(VG_ENOMEM, 1, "out of memory")                                         \
    X(VG_EINVAL, 2, "invalid argument")                                      \
    X(VG_EIO, 3, "input/output error")                                       \
    X(VG_ENOENT, 4, "no such file or entry")                                 \
    X(VG_EPARSE, 5, "malformed input")                                       \
    X(VG_EUTF8, 6, "invalid UTF-8")                                          \
    X(VG_EFORMAT, 7, "unknown or unsupported format")                        \
    X(VG_ELIMIT, 8, "input exceeds a configured limit")                      \
    X(VG_EEMPTY, 9, "empty input")                                           \
    X(VG_ETRUNC, 10, "truncated input")                                      \
    X(VG_EINTERNAL, 11, "internal error")                                    \
    X(VG_EPERM, 12, "permission denied")

typedef enum vg_status {
#define VG__STATUS_ENUM(name, value, desc) name = value,
    VG_STATUS_MAP(VG__STATUS_ENUM)
#undef VG__STATUS_ENUM
} vg_status;

/* Returns a static, NUL-terminated description of `st` ("unknown status"
 * for values outside the enum). Thread-safe; never NULL. */
VG_API const char *vg_status_str(vg_status st);

/* Returns the symbolic name of `st` ("VG_ENOMEM"). Thread-safe; never NULL. */
VG_API const char *vg_status_name(vg_status st);

/* ------------------------------------------------------------------------ */
/* Error record                                                             */
/* ------------------------------------------------------------------------ */

#define VG_ERR_MSG_MAX 256
#define VG_ERR_PATH_MAX 512

/* Filled by parsers and loaders on failure. Plain value struct; the caller
 * supplies the storage. `line` is 1-based (0 when unknown), `offset` is the
 * byte offset in the input (0 when unknown). */
typedef struct vg_err {
    vg_status code;
    long line;
    size_t offset;
    char path[VG_ERR_PATH_MAX];
    char msg[VG_ERR_MSG_MAX];
} vg_err;

/* Clears `err` to VG_OK with empty strings. NULL is a no-op. Thread-safe
 * for distinct `err`. */
VG_API void vg_err_clear(vg_err *err);

/* Sets `err` (NULL is allowed and ignored) and returns `code`, so that a
 * caller can write `return vg_err_set(err, VG_EPARSE, path, line, "...")`.
 * `path` is copied (may be NULL); the message is printf-formatted and
 * truncated to VG_ERR_MSG_MAX. Thread-safe for distinct `err`. */
VG_API vg_status vg_err_set(vg_err *err, vg_status code, const char *path, long line,
                            const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Formats `err` as "PATH:LINE: message" (parts omitted when unknown) into
 * `buf` of `size` bytes (always NUL-terminated when size > 0). Returns buf. */
VG_API char *vg_err_format(const vg_err *err, char *buf, size_t size);

/* ------------------------------------------------------------------------ */
/* String slices                                                            */
/* ------------------------------------------------------------------------ */

/* A borrowed view of `len` bytes; no NUL terminator is assumed. */
typedef struct vg_str {
    const char *ptr;
    size_t len;
} vg_str;

#define VG_STR_LIT(s) ((vg_str){(s), sizeof(s) - 1})

/* Returns a slice over the NUL-terminated `s` (NULL gives an empty slice).
 * Borrowed: valid as long as `s` is. */
VG_API vg_str vg_str_c(const char *s);

/* ------------------------------------------------------------------------ */
/* Allocator                                                                */
/* ------------------------------------------------------------------------ */

/* A caller-supplied allocator. `realloc_fn(ud, NULL, 0, n)` allocates,
 * `realloc_fn(ud, p, old, 0)` frees and returns NULL. Must return NULL on
 * failure; vigil then returns VG_ENOMEM and never aborts. Handles keep a
 * copy of the struct, so it may live on the caller's stack. */
typedef struct vg_allocator {
    void *(*realloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);
    void *ud;
} vg_allocator;

/* Returns the default allocator (libc malloc/realloc/free). Thread-safe. */
VG_API const vg_allocator *vg_allocator_default(void);

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_BASE_H */
