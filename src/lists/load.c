/* SPDX-License-Identifier: Apache-2.0 */
/* vg_list_load(): detects the list format from the path and its first bytes,
 * reads the files and runs the matching reader. The list is published only
 * when the reader succeeded, so a failed load leaves nothing behind. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "vg_lists.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Skips a UTF-8 BOM and whitespace; true when the text starts with '<'. */
static bool looks_xml(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return i < len && data[i] == '<';
}

/* Reads dir/name when it exists; a missing optional file gives NULL. */
static vg_status read_opt(const vg_allocator *a, const char *dir, const char *name, bool required,
                          char **data, size_t *len, char *path, size_t pathsz, vg_err *err)
{
    snprintf(path, pathsz, "%s/%s", dir, name);
    *data = NULL;
    *len = 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (!required && errno == ENOENT)
            return VG_OK;
        return vg_err_set(err, errno == ENOENT ? VG_ENOENT : VG_EIO, path, 0, "cannot open: %s",
                          strerror(errno));
    }
    return vg_file_read(a, path, VG_LIMIT_LIST_FILE, data, len, err);
}

static vg_status load_ofac(const vg_allocator *a, const char *path, vg_list **out, vg_err *err)
{
    vg_status rc = VG_OK;
    vg_list *list = NULL;
    char dir[VG_ERR_PATH_MAX];
    char p_sdn[VG_ERR_PATH_MAX + 32], p_alt[sizeof p_sdn], p_add[sizeof p_sdn], p_cmt[sizeof p_sdn];
    char *sdn = NULL, *alt = NULL, *add = NULL, *cmt = NULL;
    size_t sdn_len = 0, alt_len = 0, add_len = 0, cmt_len = 0;

    if (is_dir(path)) {
        snprintf(dir, sizeof dir, "%s", path);
    } else {
        /* a path to sdn.csv: its directory */
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
    }
    if ((rc = read_opt(a, dir, "sdn.csv", true, &sdn, &sdn_len, p_sdn, sizeof p_sdn, err)) ||
        (rc = read_opt(a, dir, "alt.csv", false, &alt, &alt_len, p_alt, sizeof p_alt, err)) ||
        (rc = read_opt(a, dir, "add.csv", false, &add, &add_len, p_add, sizeof p_add, err)) ||
        (rc = read_opt(a, dir, "sdn_comments.csv", false, &cmt, &cmt_len, p_cmt, sizeof p_cmt,
                       err)))
        goto out;
    if (sdn_len == 0) {
        rc = vg_err_set(err, VG_EEMPTY, p_sdn, 0, "empty file");
        goto out;
    }
    if ((rc = vg__list_new(a, "ofac", VG_FORMAT_OFAC_CSV, dir, &list))) {
        vg_err_set(err, rc, path, 0, "%s", vg_status_str(rc));
        goto out;
    }
    vg__ofac_files f = {sdn,   alt,   add,   cmt,   sdn_len, alt_len,
                        add_len, cmt_len, p_sdn, p_alt, p_add, p_cmt};
    if ((rc = vg__ofac_read(list, &f, err)))
        goto out;
    if ((rc = vg__list_finish(list))) {
        vg_err_set(err, rc, path, 0, "%s", vg_status_str(rc));
        goto out;
    }
    *out = list;
    list = NULL;
out:
    vg_list_free(list);
    vg__free(a, sdn, sdn ? sdn_len + 1 : 0);
    vg__free(a, alt, alt ? alt_len + 1 : 0);
    vg__free(a, add, add ? add_len + 1 : 0);
    vg__free(a, cmt, cmt ? cmt_len + 1 : 0);
    return rc;
}

static vg_status load_un(const vg_allocator *a, const char *path, char *data, size_t len,
                         vg_list **out, vg_err *err)
{
    vg_list *list = NULL;
    vg_status rc = vg__list_new(a, "un", VG_FORMAT_UN_XML, path, &list);
    if (rc)
        return vg_err_set(err, rc, path, 0, "%s", vg_status_str(rc));
    rc = vg__un_xml_read(list, data, len, err);
    if (!rc && (rc = vg__list_finish(list)))
        vg_err_set(err, rc, path, 0, "%s", vg_status_str(rc));
    if (rc) {
        if (err && !err->path[0])
            snprintf(err->path, sizeof err->path, "%s", path);
        vg_list_free(list);
        return rc;
    }
    *out = list;
    return VG_OK;
}

vg_status vg_list_load(const char *path, vg_list_format fmt, const vg_allocator *a, vg_list **out,
                       vg_err *err)
{
    vg_status rc = VG_OK;
    char *data = NULL;
    size_t len = 0;
    if (!out)
        return vg_err_set(err, VG_EINVAL, path, 0, "no output handle");
    *out = NULL;
    if (!path || !*path)
        return vg_err_set(err, VG_EINVAL, NULL, 0, "no list path given");
    vg_err_clear(err);

    if (fmt == VG_FORMAT_OFAC_CSV || (fmt == VG_FORMAT_AUTO && (is_dir(path) || ends_with(path, ".csv"))))
        return load_ofac(a, path, out, err);

    if ((rc = vg_file_read(a, path, VG_LIMIT_LIST_FILE, &data, &len, err)))
        return rc;
    if (len == 0) {
        rc = vg_err_set(err, VG_EEMPTY, path, 0, "empty file");
    } else if (fmt == VG_FORMAT_UN_XML || looks_xml(data, len)) {
        rc = load_un(a, path, data, len, out, err);
    } else {
        rc = vg_err_set(err, VG_EFORMAT, path, 1,
                        "unknown list format: expected UN consolidated XML or an OFAC SDN "
                        "directory (sdn.csv)");
    }
    vg__free(a, data, len + 1);
    return rc;
}
