/* SPDX-License-Identifier: Apache-2.0 */
/* The last-good-lists snapshot in `state_dir`: after every successful load
 * the list files are copied into a new generation directory (each file
 * fsynced), then a one-line `current` pointer is replaced atomically (temp
 * file, fsync, rename, fsync of the directory). A crash or a full disk at
 * any point leaves `current` naming a complete, earlier generation. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

/* One JSON event line on stderr, as the access log writes them (the state
 * events happen at start and during reloads, outside any request). */
void vg_srv_state_log(json_t *o)
{
    char ts[40];
    struct timespec now;
    struct tm tm;
    if (!o)
        return;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    size_t n = strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + n, sizeof ts - n, ".%03ldZ", now.tv_nsec / 1000000L);
    json_object_set_new(o, "ts", json_string(ts));
    char *line = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!line)
        return;
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; write exactly len + 1 bytes */
    ssize_t w = write(STDERR_FILENO, line, len + 1);
    (void)w;
    free(line);
}

/* snprintf for paths: false when the path did not fit (callers fail). */
static bool pathf(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, cap, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < cap;
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */
/* ------------------------------------------------------------------------ */

static vg_status io_err(vg_err *err, const char *path, const char *what)
{
    int e = errno;
    return vg_err_set(err, e == ENOMEM ? VG_ENOMEM : VG_EIO, path, 0, "%s: %s", what,
                      strerror(e));
}

static vg_status fsync_path(const char *path, vg_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_err(err, path, "cannot open for fsync");
    int r = fsync(fd);
    close(fd);
    return r == 0 ? VG_OK : io_err(err, path, "fsync failed");
}

/* Writes all of buf, retrying short writes and EINTR. */
static bool write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return false;
        }
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

/* Copies src to dst (created exclusively), fsyncs dst. */
static vg_status copy_file(const char *src, const char *dst, vg_err *err)
{
    vg_status rc = VG_OK;
    int in = -1, out = -1;
    char buf[65536];
    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        rc = io_err(err, src, "cannot open list for the state copy");
        goto out;
    }
    out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        rc = io_err(err, dst, "cannot create state copy");
        goto out;
    }
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = io_err(err, src, "read failed");
            goto out;
        }
        if (r == 0)
            break;
        if (!write_all(out, buf, (size_t)r)) {
            rc = io_err(err, dst, "write failed");
            goto out;
        }
    }
    if (fsync(out) != 0) {
        rc = io_err(err, dst, "fsync failed");
        goto out;
    }
out:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && rc == VG_OK)
        rc = io_err(err, dst, "close failed");
    return rc;
}

/* Removes a generation or temp directory: its files, then itself (one
 * level of subdirectories, as copies of directory lists make). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        char p[VG_SRV_PATH_MAX + 512];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            pathf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(path);
}

/* A cheap identity of a list path (a file, or a directory of files):
 * device, inode, size and modification time of each regular file. Two equal
 * fingerprints mean the bytes loaded are the bytes copied, short of an
 * in-place rewrite within the same nanosecond at the same size. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t fp_stat(const struct stat *st)
{
    uint64_t h = mix(0, (uint64_t)st->st_dev);
    h = mix(h, (uint64_t)st->st_ino);
    h = mix(h, (uint64_t)st->st_size);
    h = mix(h, (uint64_t)st->st_mtim.tv_sec);
    return mix(h, (uint64_t)st->st_mtim.tv_nsec);
}

uint64_t vg_srv_state_fingerprint(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return fp_stat(&st);
    uint64_t h = 1;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    char p[VG_SRV_PATH_MAX + 512];
    while ((e = readdir(d)) != NULL) {
        pathf(p, sizeof p, "%s/%s", path, e->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            h += fp_stat(&st); /* order-independent: readdir order varies */
    }
    closedir(d);
    return h;
}

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *b = path;
    for (size_t i = 0; i + 1 < n; i++)
        if (path[i] == '/')
            b = path + i + 1;
    return b;
}

/* Copies one configured list (file, or directory of regular files) to dst. */
static vg_status copy_list(const char *src, const char *dst, vg_err *err)
{
    struct stat st;
    if (stat(src, &st) != 0)
        return io_err(err, src, "cannot stat list");
    if (!S_ISDIR(st.st_mode))
        return copy_file(src, dst, err);
    if (mkdir(dst, 0700) != 0)
        return io_err(err, dst, "cannot create state directory");
    DIR *d = opendir(src);
    if (!d)
        return io_err(err, src, "cannot read list directory");
    vg_status rc = VG_OK;
    struct dirent *e;
    char s[VG_SRV_PATH_MAX + 512], t[VG_SRV_PATH_MAX + 512];
    while (rc == VG_OK && (e = readdir(d)) != NULL) {
        pathf(s, sizeof s, "%s/%s", src, e->d_name);
        if (e->d_name[0] == '.' || stat(s, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        pathf(t, sizeof t, "%s/%s", dst, e->d_name);
        rc = copy_file(s, t, err);
    }
    closedir(d);
    return rc ? rc : fsync_path(dst, err);
}

/* ------------------------------------------------------------------------ */
/* The pointer                                                              */
/* ------------------------------------------------------------------------ */

/* Reads `current`: the number of the last good generation (0: none).
 * Sets *failed when the file exists but cannot be read (EMFILE, EIO ...):
 * that is not "none", and the caller must not act as if it were. */
static unsigned long read_current_or_fail(const char *dir, bool *failed)
{
    char p[VG_SRV_PATH_MAX + 32], buf[64];
    *failed = false;
    pathf(p, sizeof p, "%s/current", dir);
    FILE *f = fopen(p, "re");
    if (!f) {
        *failed = errno != ENOENT;
        return 0;
    }
    unsigned long n = 0;
    if (fgets(buf, sizeof buf, f) && !strncmp(buf, "gen-", 4)) {
        char *end = NULL;
        n = strtoul(buf + 4, &end, 10);
        if (!end || (*end != '\n' && *end != '\0'))
            n = 0;
    }
    fclose(f);
    return n;
}

static unsigned long read_current(const char *dir)
{
    bool failed;
    return read_current_or_fail(dir, &failed);
}

vg_status vg_srv_state_save(const char *dir, char (*lists)[VG_SRV_PATH_MAX], size_t n,
                            const uint64_t *fingerprints, vg_err *err)
{
    vg_status rc = VG_OK;
    char tmp[VG_SRV_PATH_MAX + 64], gen[VG_SRV_PATH_MAX + 64], p[VG_SRV_PATH_MAX + 64];
    char q[VG_SRV_PATH_MAX + 300];
    char *manifest = NULL;
    size_t mlen = 0;
    FILE *mf = NULL;
    int fd = -1;
    bool tmp_made = false;

    if (strlen(dir) + 64 > VG_SRV_PATH_MAX)
        return vg_err_set(err, VG_ELIMIT, dir, 0, "state_dir path too long");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return io_err(err, dir, "cannot create state_dir");
    bool unread;
    unsigned long cur = read_current_or_fail(dir, &unread), next = cur + 1;
    if (unread) /* cleaning up now would remove the generation it names */
        return io_err(err, dir, "cannot read state_dir/current");
    /* leftovers of a save cut short (crash, full disk) */
    DIR *d = opendir(dir);
    if (!d)
        return io_err(err, dir, "cannot read state_dir");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        unsigned long g = 0;
        if (!strncmp(e->d_name, "tmp-", 4) || !strcmp(e->d_name, "current.tmp") ||
            (sscanf(e->d_name, "gen-%lu", &g) == 1 && g != cur)) {
            pathf(p, sizeof p, "%s/%s", dir, e->d_name);
            remove_tree(p);
        }
    }
    closedir(d);

    pathf(tmp, sizeof tmp, "%s/tmp-%lu", dir, next);
    pathf(gen, sizeof gen, "%s/gen-%lu", dir, next);
    if (mkdir(tmp, 0700) != 0) {
        rc = io_err(err, tmp, "cannot create state directory");
        goto out;
    }
    tmp_made = true;
    mf = open_memstream(&manifest, &mlen);
    if (!mf) {
        rc = vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    fprintf(mf, "# vigil last good lists: copy <TAB> configured path\n");
    for (size_t i = 0; i < n; i++) {
        if (!pathf(q, sizeof q, "%s/%zu-%s", tmp, i, base_name(lists[i]))) {
            rc = vg_err_set(err, VG_ELIMIT, lists[i], 0, "state copy path too long");
            goto out;
        }
        rc = copy_list(lists[i], q, err);
        if (rc)
            goto out;
        if (fingerprints && vg_srv_state_fingerprint(lists[i]) != fingerprints[i]) {
            rc = vg_err_set(err, VG_EIO, lists[i], 0,
                            "list changed while it was loaded or copied; "
                            "last good lists left as they were");
            goto out;
        }
        fprintf(mf, "%zu-%s\t%s\n", i, base_name(lists[i]), lists[i]);
    }
    if (fclose(mf) != 0) {
        mf = NULL;
        rc = vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    mf = NULL;
    pathf(p, sizeof p, "%s/MANIFEST", tmp);
    fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || !write_all(fd, manifest, mlen) || fsync(fd) != 0) {
        rc = io_err(err, p, "cannot write");
        goto out;
    }
    close(fd);
    fd = -1;
    if ((rc = fsync_path(tmp, err)) != VG_OK)
        goto out;
    if (rename(tmp, gen) != 0) {
        rc = io_err(err, gen, "cannot rename state directory");
        goto out;
    }
    tmp_made = false;
    if ((rc = fsync_path(dir, err)) != VG_OK)
        goto out;

    /* publish: the pointer file is replaced whole or not at all */
    pathf(p, sizeof p, "%s/current.tmp", dir);
    pathf(q, sizeof q, "gen-%lu\n", next);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !write_all(fd, q, strlen(q)) || fsync(fd) != 0) {
        rc = io_err(err, p, "cannot write");
        unlink(p);
        goto out;
    }
    close(fd);
    fd = -1;
    pathf(q, sizeof q, "%s/current", dir);
    if (rename(p, q) != 0) {
        rc = io_err(err, q, "cannot replace");
        unlink(p);
        goto out;
    }
    if ((rc = fsync_path(dir, err)) != VG_OK)
        goto out;
    if (cur) { /* the previous generation is no longer needed */
        pathf(p, sizeof p, "%s/gen-%lu", dir, cur);
        remove_tree(p);
    }
out:
    if (fd >= 0)
        close(fd);
    if (mf)
        fclose(mf);
    free(manifest);
    if (tmp_made)
        remove_tree(tmp);
    if (rc && !tmp_made) {
        /* a renamed generation the pointer never reached is removed too */
        unsigned long now = read_current(dir);
        if (now != next) {
            pathf(p, sizeof p, "%s/gen-%lu", dir, next);
            remove_tree(p);
        }
    }
    return rc;
}

vg_status vg_srv_state_lists(const char *dir, vg_srv_config *cfg, char *gen_out, size_t cap,
                             vg_err *err)
{
    unsigned long cur = read_current(dir);
    if (!cur)
        return vg_err_set(err, VG_ENOENT, dir, 0, "no last good lists in state_dir");
    char p[VG_SRV_PATH_MAX + 64];
    pathf(p, sizeof p, "%s/gen-%lu/MANIFEST", dir, cur);
    FILE *f = fopen(p, "re");
    if (!f)
        return io_err(err, p, "cannot open");
    char line[2 * VG_SRV_PATH_MAX + 64];
    long ln = 0;
    cfg->n_lists = 0;
    vg_status rc = VG_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        char *slash = strchr(line, '/');
        if (!tab || cfg->n_lists >= VG_SRV_MAX_LISTS || (slash && slash < tab)) {
            rc = vg_err_set(err, VG_EPARSE, p, ln, "malformed manifest line");
            break;
        }
        *tab = '\0';
        if (!pathf(cfg->lists[cfg->n_lists], VG_SRV_PATH_MAX, "%s/gen-%lu/%s", dir, cur, line)) {
            rc = vg_err_set(err, VG_ELIMIT, p, ln, "state path too long");
            break;
        }
        cfg->n_lists++;
    }
    fclose(f);
    if (rc == VG_OK && cfg->n_lists == 0)
        rc = vg_err_set(err, VG_EEMPTY, p, 0, "manifest names no lists");
    if (rc == VG_OK && gen_out)
        pathf(gen_out, cap, "%s/gen-%lu", dir, cur);
    return rc;
}
