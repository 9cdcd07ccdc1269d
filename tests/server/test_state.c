/* SPDX-License-Identifier: Apache-2.0 */
/* The last-good-lists state directory (src/server/state.c): a save copies
 * the lists and moves the `current` pointer; a save that fails (full disk
 * simulated with RLIMIT_FSIZE, a list changed under it, a missing list)
 * leaves the previous generation current and complete; a start whose
 * configured lists fail serves the saved copies. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/server.h"

#define UN_SMALL VIGIL_TEST_DATA "/un/small.xml"
#define OFAC_SMALL VIGIL_TEST_DATA "/ofac/small"

static char g_dir[256];

static void sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("command failed: %s", cmd);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/vg_state_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    sh("cp %s %s/un.xml && cp -r %s %s/ofac", UN_SMALL, g_dir, OFAC_SMALL, g_dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sh("rm -rf %s", g_dir);
    return 0;
}

static void read_text(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Entries of dir whose name starts with prefix. */
static int count_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    closedir(d);
    return n;
}

static void set_lists(vg_srv_config *c)
{
    vg_srv_config_init(c);
    snprintf(c->lists[0], VG_SRV_PATH_MAX, "%s/un.xml", g_dir);
    snprintf(c->lists[1], VG_SRV_PATH_MAX, "%s/ofac", g_dir);
    c->n_lists = 2;
    snprintf(c->state_dir, VG_SRV_PATH_MAX, "%s/state", g_dir);
}

static void test_save_and_read_back(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    char buf[VG_SRV_PATH_MAX + 64], gen[VG_SRV_PATH_MAX + 64];
    set_lists(&c);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    snprintf(buf, sizeof buf, "%s/current", c.state_dir);
    char cur[64];
    read_text(buf, cur, sizeof cur);
    assert_string_equal(cur, "gen-1\n");
    sh("cmp %s/un.xml %s/gen-1/0-un.xml", g_dir, c.state_dir);
    sh("diff -r %s/ofac %s/gen-1/1-ofac", g_dir, c.state_dir);
    /* a second save replaces the first */
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    read_text(buf, cur, sizeof cur);
    assert_string_equal(cur, "gen-2\n");
    assert_int_equal(count_prefix(c.state_dir, "gen-"), 1);

    vg_srv_config back;
    vg_srv_config_init(&back);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_OK);
    assert_int_equal(back.n_lists, 2);
    snprintf(buf, sizeof buf, "%s/gen-2/0-un.xml", c.state_dir);
    assert_string_equal(back.lists[0], buf);
    snprintf(buf, sizeof buf, "%s/gen-2", c.state_dir);
    assert_string_equal(gen, buf);
}

/* Full disk: the copy of the lists stops at the file-size limit (EFBIG,
 * with SIGXFSZ ignored, as the shell's `ulimit -f` does). The error names
 * the file, `current` still names the complete earlier generation and no
 * partial directory is left. */
static void test_full_disk(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    char buf[VG_SRV_PATH_MAX + 64], cur[64];
    set_lists(&c);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);

    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 2048; /* the UN fixture is larger */
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    vg_err_clear(&err);
    vg_status rc = vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);

    assert_int_equal(rc, VG_EIO);
    assert_non_null(strstr(err.msg, "write failed"));
    assert_non_null(strstr(err.msg, "too large"));
    assert_non_null(strstr(err.path, "0-un.xml"));
    snprintf(buf, sizeof buf, "%s/current", c.state_dir);
    read_text(buf, cur, sizeof cur);
    assert_string_equal(cur, "gen-1\n");
    sh("cmp %s/un.xml %s/gen-1/0-un.xml", g_dir, c.state_dir);
    sh("diff -r %s/ofac %s/gen-1/1-ofac", g_dir, c.state_dir);
    assert_int_equal(count_prefix(c.state_dir, "tmp-"), 0);
    assert_int_equal(count_prefix(c.state_dir, "gen-"), 1);
}

/* A list replaced between the load and the copy is not saved: the state
 * must hold what was validated. A missing list fails the save too. */
static void test_changed_and_missing(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    char buf[VG_SRV_PATH_MAX + 64], cur[64];
    set_lists(&c);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    uint64_t fp[2] = {vg_srv_state_fingerprint(c.lists[0]), vg_srv_state_fingerprint(c.lists[1])};
    assert_true(fp[0] != 0 && fp[1] != 0);
    sh("cp %s/ofac/sdn.csv %s/ofac/sdn.tmp && mv %s/ofac/sdn.tmp %s/ofac/sdn.csv", g_dir, g_dir,
       g_dir, g_dir);
    assert_true(vg_srv_state_fingerprint(c.lists[1]) != fp[1]);
    vg_err_clear(&err);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, fp, &err), VG_EIO);
    assert_non_null(strstr(err.msg, "changed"));
    snprintf(buf, sizeof buf, "%s/current", c.state_dir);
    read_text(buf, cur, sizeof cur);
    assert_string_equal(cur, "gen-1\n");
    assert_int_equal(count_prefix(c.state_dir, "tmp-"), 0);

    snprintf(c.lists[1], VG_SRV_PATH_MAX, "%s/nope", g_dir);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_EIO);
    assert_non_null(strstr(err.path, "nope"));
    read_text(buf, cur, sizeof cur);
    assert_string_equal(cur, "gen-1\n");
}

/* Leftovers of a save killed half-way (a tmp directory, a stray
 * current.tmp, a generation the pointer never reached) are ignored by a
 * start and removed by the next save. */
static void test_leftovers(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    char gen[VG_SRV_PATH_MAX + 64];
    set_lists(&c);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    sh("mkdir %s/tmp-9 && echo half > %s/tmp-9/0-un.xml && echo gen-9 > %s/current.tmp && "
       "mkdir %s/gen-7",
       c.state_dir, c.state_dir, c.state_dir, c.state_dir);
    vg_srv_config back;
    vg_srv_config_init(&back);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_OK);
    assert_non_null(strstr(gen, "/gen-1"));
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    assert_int_equal(count_prefix(c.state_dir, "tmp-"), 0);
    assert_int_equal(count_prefix(c.state_dir, "current.tmp"), 0);
    assert_int_equal(count_prefix(c.state_dir, "gen-"), 1);
}

/* A pointer that exists but cannot be read (here a symlink loop: ELOOP;
 * in life EMFILE or EIO) is not "no generation": the save fails and the
 * generation kept so far is not cleaned away with the leftovers. */
static void test_unreadable_pointer(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    set_lists(&c);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_OK);
    sh("mv %s/current %s/current.keep && ln -s current %s/current", c.state_dir, c.state_dir,
       c.state_dir);
    assert_int_equal(vg_srv_state_save(c.state_dir, c.lists, c.n_lists, NULL, &err), VG_EIO);
    assert_non_null(strstr(err.msg, "current"));
    assert_int_equal(count_prefix(c.state_dir, "gen-"), 1);
    sh("rm %s/current && mv %s/current.keep %s/current", c.state_dir, c.state_dir, c.state_dir);
    vg_srv_config back;
    char gen[VG_SRV_PATH_MAX + 64];
    vg_srv_config_init(&back);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_OK);
    assert_non_null(strstr(gen, "/gen-1"));
}

/* A damaged pointer or manifest is an error naming the file, not a crash
 * and not a silent empty list set. */
static void test_damaged_state(void **state)
{
    (void)state;
    vg_srv_config c, back;
    vg_err err;
    char gen[VG_SRV_PATH_MAX + 64];
    set_lists(&c);
    vg_srv_config_init(&back);
    sh("mkdir -p %s/bad1 && echo garbage > %s/bad1/current", g_dir, g_dir);
    snprintf(c.state_dir, VG_SRV_PATH_MAX, "%s/bad1", g_dir);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_ENOENT);
    sh("mkdir -p %s/bad2/gen-3 && echo gen-3 > %s/bad2/current && "
       "printf 'a/b\\t/x\\n' > %s/bad2/gen-3/MANIFEST",
       g_dir, g_dir, g_dir);
    snprintf(c.state_dir, VG_SRV_PATH_MAX, "%s/bad2", g_dir);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_EPARSE);
    assert_int_equal(err.line, 1);
    sh("printf '# only a comment\\n' > %s/bad2/gen-3/MANIFEST", g_dir);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_EEMPTY);
    sh("echo gen-4 > %s/bad2/current", g_dir);
    assert_int_equal(vg_srv_state_lists(c.state_dir, &back, gen, sizeof gen, &err), VG_EIO);
}

/* The start: configured lists broken, state present: the saved copies are
 * served and the snapshot says so; no state: the configured error. */
static void test_start_fallback(void **state)
{
    (void)state;
    vg_srv_config c;
    vg_err err;
    vg_srv_snapshot *s = NULL;
    set_lists(&c);
    snprintf(c.state_dir, VG_SRV_PATH_MAX, "%s/state2", g_dir);
    assert_int_equal(vg_srv_snapshot_load_start(&c, &s, &err), VG_OK);
    assert_string_equal(s->fallback, "");
    size_t count = vg_list_count(s->lists[0]);
    vg_srv_snapshot_unref(s);
    s = NULL;

    sh("printf '<broken' > %s/un.xml", g_dir);
    vg_err_clear(&err);
    assert_int_equal(vg_srv_snapshot_load_start(&c, &s, &err), VG_OK);
    assert_non_null(s);
    assert_non_null(strstr(s->fallback, "/state2/gen-1"));
    assert_int_equal(vg_list_count(s->lists[0]), count);
    assert_non_null(strstr(vg_list_path(s->lists[0]), "/state2/gen-1/0-un.xml"));
    vg_srv_snapshot_unref(s);
    s = NULL;

    snprintf(c.state_dir, VG_SRV_PATH_MAX, "%s/state3", g_dir);
    vg_err_clear(&err);
    assert_int_not_equal(vg_srv_snapshot_load_start(&c, &s, &err), VG_OK);
    assert_null(s);
    assert_non_null(strstr(err.path, "un.xml"));
    sh("cp %s %s/un.xml", UN_SMALL, g_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_and_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_and_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leftovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_pointer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_fallback, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
