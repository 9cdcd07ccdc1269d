/* SPDX-License-Identifier: Apache-2.0 */
/* Snapshots: the lists, indexes, datasets and API keys one request sees.
 * A snapshot is built whole beside the one serving, published by pointer
 * swap and freed when its last in-flight request drops its reference. Each
 * dataset keeps a pool of idle screeners, so each worker thread reuses one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/vg_base.h"
#include "server.h"

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void snapshot_free(vg_srv_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_ds; i++) {
        vg_srv_dataset *ds = &s->ds[i];
        for (size_t k = 0; k < ds->n_pool; k++)
            vg_screener_free(ds->pool[k]);
        pthread_mutex_destroy(&ds->mu);
    }
    for (size_t i = 0; i < s->n_ds; i++)
        if (s->ds[i].own_ix)
            vg_index_free(s->ds[i].ix);
    for (size_t i = 0; i < s->n_lists; i++)
        vg_list_free(s->lists[i]);
    vg_srv_keys_fini(&s->keys);
    vg_srv_ftm_cache_fini(&s->ftm);
    free(s);
}

static vg_status add_dataset(vg_srv_snapshot *s, const char *name, const char *title,
                             vg_list *const *lists, size_t n, vg_index *shared, vg_err *err)
{
    vg_srv_dataset *ds = &s->ds[s->n_ds];
    memset(ds, 0, sizeof *ds);
    snprintf(ds->name, sizeof ds->name, "%s", name);
    snprintf(ds->title, sizeof ds->title, "%s", title);
    memcpy(ds->lists, lists, n * sizeof *lists);
    ds->n_lists = n;
    if (pthread_mutex_init(&ds->mu, NULL) != 0)
        return vg_err_set(err, VG_ENOMEM, NULL, 0, "cannot create a mutex");
    s->n_ds++; /* from here snapshot_free cleans it up */
    if (shared) {
        ds->ix = shared;
        return VG_OK;
    }
    vg_status rc = vg_index_build(lists, n, NULL, &ds->ix, err);
    ds->own_ix = rc == VG_OK;
    return rc;
}

static const char *list_title(const char *source)
{
    if (!strcmp(source, "un"))
        return "UN Security Council Consolidated Sanctions List";
    if (!strcmp(source, "ofac"))
        return "US OFAC Specially Designated Nationals (SDN) List";
    return source;
}

vg_status vg_srv_snapshot_load(const vg_srv_config *cfg, uint64_t generation,
                               vg_srv_snapshot **out, vg_err *err)
{
    vg_status rc = VG_OK;
    char *text = NULL;
    size_t len = 0;
    double t0 = now_mono();
    vg_srv_snapshot *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s) {
        rc = vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    atomic_init(&s->refs, 1);
    s->generation = generation;
    /* what is loaded now is what the state copy must hold (state.c) */
    uint64_t fp[VG_SRV_MAX_LISTS];
    for (size_t i = 0; i < cfg->n_lists && cfg->state_dir[0]; i++)
        fp[i] = vg_srv_state_fingerprint(cfg->lists[i]);
    for (size_t i = 0; i < cfg->n_lists; i++) {
        rc = vg_list_load(cfg->lists[i], VG_FORMAT_AUTO, NULL, &s->lists[i], err);
        if (rc)
            goto out;
        s->n_lists++;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(vg_list_source(s->lists[k]), vg_list_source(s->lists[i]))) {
                rc = vg_err_set(err, VG_EINVAL, cfg->lists[i], 0,
                                "two lists of source '%s': one dataset each", vg_list_source(s->lists[i]));
                goto out;
            }
    }
    if (s->n_lists == 0) {
        rc = vg_err_set(err, VG_EINVAL, NULL, 0, "no lists configured");
        goto out;
    }
    rc = add_dataset(s, "default", "All loaded lists", s->lists, s->n_lists, NULL, err);
    if (rc)
        goto out;
    for (size_t i = 0; i < s->n_lists; i++) {
        const char *src = vg_list_source(s->lists[i]);
        rc = add_dataset(s, vg_srv_dataset_of_source(src), list_title(src), &s->lists[i], 1,
                         s->n_lists == 1 ? s->ds[0].ix : NULL, err);
        if (rc)
            goto out;
    }
    rc = vg_srv_ftm_cache_build(&s->ftm, s->lists, s->n_lists, err);
    if (rc)
        goto out;
    for (size_t i = 0; i < s->n_ds; i++)
        s->ds[i].ftm = &s->ftm;
    if (cfg->api_keys[0]) {
        rc = vg_file_read(NULL, cfg->api_keys, 16u * 1024u * 1024u, &text, &len, err);
        if (rc)
            goto out;
        rc = vg_srv_keys_parse(text, len, cfg->api_keys, &s->keys, err);
        if (rc)
            goto out;
        if (s->keys.n == 0) {
            rc = vg_err_set(err, VG_EEMPTY, cfg->api_keys, 0, "no API keys in the keys file");
            goto out;
        }
    }
    s->load_seconds = now_mono() - t0;
    s->loaded_at = (double)time(NULL);
    if (cfg->state_dir[0]) {
        /* A failed copy does not fail the load: the new lists are good and
         * are served; the previous last good lists stay in state_dir. */
        vg_err se;
        vg_err_clear(&se);
        double t1 = now_mono();
        if (vg_srv_state_save(cfg->state_dir, (char(*)[VG_SRV_PATH_MAX])cfg->lists, cfg->n_lists,
                              fp, &se)) {
            char buf[800];
            vg_srv_state_log(json_pack("{s:s,s:b,s:s,s:s}", "event", "state_save", "ok", 0,
                                       "state_dir", cfg->state_dir, "error",
                                       vg_err_format(&se, buf, sizeof buf)));
        } else {
            vg_srv_state_log(json_pack("{s:s,s:b,s:s,s:f}", "event", "state_save", "ok", 1,
                                       "state_dir", cfg->state_dir, "seconds",
                                       now_mono() - t1));
        }
    }
    *out = s;
    s = NULL;
out:
    if (text)
        vg__free(NULL, text, len + 1);
    snapshot_free(s);
    return rc;
}

void vg_srv_snapshot_ref(vg_srv_snapshot *s)
{
    if (s)
        atomic_fetch_add(&s->refs, 1);
}

void vg_srv_snapshot_unref(vg_srv_snapshot *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1)
        snapshot_free(s);
}

vg_srv_dataset *vg_srv_snapshot_dataset(vg_srv_snapshot *s, const char *name)
{
    if (!strcmp(name, "sanctions"))
        name = "default";
    for (size_t i = 0; i < s->n_ds; i++)
        if (!strcmp(s->ds[i].name, name))
            return &s->ds[i];
    return NULL;
}

vg_screener *vg_srv_screener_get(vg_srv_dataset *ds)
{
    vg_screener *sc = NULL;
    pthread_t self = pthread_self();
    pthread_mutex_lock(&ds->mu);
    if (ds->n_pool) {
        /* the one this thread used last: its memo of token similarities and
         * scratch are warm in this core's cache; taking the top one made
         * the screeners of two workers swap threads on every other request */
        size_t i = ds->n_pool - 1;
        for (size_t k = ds->n_pool; k-- > 0;)
            if (pthread_equal(ds->pool_owner[k], self)) {
                i = k;
                break;
            }
        sc = ds->pool[i];
        ds->n_pool--;
        ds->pool[i] = ds->pool[ds->n_pool];
        ds->pool_owner[i] = ds->pool_owner[ds->n_pool];
    }
    pthread_mutex_unlock(&ds->mu);
    if (!sc && vg_screener_new(ds->ix, &sc) != VG_OK)
        sc = NULL;
    return sc;
}

void vg_srv_screener_put(vg_srv_dataset *ds, vg_screener *sc)
{
    if (!sc)
        return;
    pthread_mutex_lock(&ds->mu);
    if (ds->n_pool < VG_SRV_POOL_MAX) {
        ds->pool_owner[ds->n_pool] = pthread_self();
        ds->pool[ds->n_pool++] = sc;
        sc = NULL;
    }
    pthread_mutex_unlock(&ds->mu);
    vg_screener_free(sc);
}

const vg_entity *vg_srv_snapshot_find(const vg_srv_snapshot *s, const char *id)
{
    for (size_t i = 0; i < s->n_lists; i++) {
        const vg_entity *e = vg_list_find(s->lists[i], id);
        if (e)
            return e;
    }
    return NULL;
}

vg_status vg_srv_snapshot_load_start(const vg_srv_config *cfg, vg_srv_snapshot **out,
                                     vg_err *err)
{
    vg_status rc = vg_srv_snapshot_load(cfg, 0, out, err);
    if (rc == VG_OK || !cfg->state_dir[0])
        return rc;
    char why[800], gen[VG_SRV_PATH_MAX + 64];
    vg_err_format(err, why, sizeof why);
    vg_srv_config *alt = malloc(sizeof *alt);
    if (!alt)
        return rc;
    *alt = *cfg;
    alt->state_dir[0] = '\0'; /* serve the copies, do not copy them again */
    vg_err e2;
    vg_err_clear(&e2);
    vg_status rc2 = vg_srv_state_lists(cfg->state_dir, alt, gen, sizeof gen, &e2);
    if (rc2 == VG_OK)
        rc2 = vg_srv_snapshot_load(alt, 0, out, &e2);
    free(alt);
    char buf[800];
    if (rc2 != VG_OK) {
        vg_srv_state_log(json_pack("{s:s,s:b,s:s,s:s}", "event", "state_fallback", "ok", 0,
                                   "configured_error", why, "error",
                                   vg_err_format(&e2, buf, sizeof buf)));
        return rc; /* the configured lists' error is the one to fix */
    }
    snprintf((*out)->fallback, sizeof (*out)->fallback, "%s", gen);
    vg_srv_state_log(json_pack("{s:s,s:b,s:s,s:s}", "event", "state_fallback", "ok", 1,
                               "serving", gen, "configured_error", why));
    fprintf(stderr,
            "vigil: WARNING: the configured lists cannot be loaded (%s); serving the last good "
            "lists from %s\n",
            why, gen);
    vg_err_clear(err);
    return VG_OK;
}
