/* SPDX-License-Identifier: Apache-2.0 */
/* Status strings and the vg_err helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vg_base.h"

const char *vg_status_str(vg_status st)
{
    switch (st) {
#define VG__STATUS_CASE(name, value, desc) \
    case name:                             \
        return desc;
        VG_STATUS_MAP(VG__STATUS_CASE)
#undef VG__STATUS_CASE
    }
    return "unknown status";
}

const char *vg_status_name(vg_status st)
{
    switch (st) {
#define VG__STATUS_CASE(name, value, desc) \
    case name:                             \
        return #name;
        VG_STATUS_MAP(VG__STATUS_CASE)
#undef VG__STATUS_CASE
    }
    return "VG_UNKNOWN";
}

void vg_err_clear(vg_err *err)
{
    if (!err)
        return;
    err->code = VG_OK;
    err->line = 0;
    err->offset = 0;
    err->path[0] = '\0';
    err->msg[0] = '\0';
}

vg_status vg_err_set(vg_err *err, vg_status code, const char *path, long line, const char *fmt,
                     ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->offset = 0;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *vg_err_format(const vg_err *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!err) {
        buf[0] = '\0';
        return buf;
    }
    const char *msg = err->msg[0] ? err->msg : vg_status_str(err->code);
    if (err->path[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->path, err->line, msg);
    else if (err->path[0])
        snprintf(buf, size, "%s: %s", err->path, msg);
    else
        snprintf(buf, size, "%s", msg);
    return buf;
}

vg_str vg_str_c(const char *s)
{
    return (vg_str){s ? s : "", s ? strlen(s) : 0};
}
