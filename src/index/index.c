/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the candidate index from loaded lists: every name normalised into
 * tokens, tokens interned with rarity weights, phonetic and skeleton keys,
 * one-deletion variants for typo lookup, joined adjacent tokens, postings
 * from token to entity, and an exact index of document numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "text/vg_text.h"
#include "vg_index.h"

/* ---- small CSR builder ------------------------------------------------- */

typedef struct pairs {
    uint32_t *key, *val;
    size_t n, cap; /* cap: entries both arrays hold */
    size_t kcap;   /* entries `key` holds (> cap after a failed `val` growth) */
} pairs;

static vg_status pairs_add(const vg_allocator *a, pairs *p, uint32_t k, uint32_t v)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 1024;
        if (p->kcap < ncap) {
            uint32_t *nk = vg__realloc(a, p->key, p->kcap * 4, ncap * 4);
            if (!nk)
                return VG_ENOMEM;
            p->key = nk;
            p->kcap = ncap;
        }
        uint32_t *nv = vg__realloc(a, p->val, p->cap * 4, ncap * 4);
        if (!nv)
            return VG_ENOMEM; /* key already grown: kcap remembers its size */
        p->val = nv;
        p->cap = ncap;
    }
    p->key[p->n] = k;
    p->val[p->n] = v;
    p->n++;
    return VG_OK;
}

static void pairs_free(const vg_allocator *a, pairs *p)
{
    /* each array is freed with the size it was allocated with (a custom
     * allocator may rely on it; found by tests/match/test_oom.c) */
    vg__free(a, p->key, p->kcap * 4);
    vg__free(a, p->val, p->cap * 4);
    memset(p, 0, sizeof *p);
}

/* Builds off[nkeys+1] and vals[n] grouping `p` by key; duplicate (key, val)
 * pairs are dropped. */
static vg_status csr_build(const vg_allocator *a, const pairs *p, size_t nkeys, uint32_t **off_out,
                           uint32_t **vals_out, size_t *off_size, size_t *vals_size,
                           size_t *bytes)
{
    uint32_t *off = vg__calloc(a, (nkeys + 1) * sizeof *off);
    uint32_t *vals = vg__alloc(a, (p->n ? p->n : 1) * sizeof *vals);
    uint32_t *fill = vg__calloc(a, (nkeys + 1) * sizeof *fill);
    if (!off || !vals || !fill) {
        vg__free(a, off, (nkeys + 1) * sizeof *off);
        vg__free(a, vals, (p->n ? p->n : 1) * sizeof *vals);
        vg__free(a, fill, (nkeys + 1) * sizeof *fill);
        return VG_ENOMEM;
    }
    for (size_t i = 0; i < p->n; i++)
        off[p->key[i] + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        off[k + 1] += off[k];
    for (size_t i = 0; i < p->n; i++) {
        uint32_t k = p->key[i];
        uint32_t *slot = vals + off[k];
        uint32_t n = fill[k];
        bool dup = false;
        for (uint32_t j = n; j > 0 && j + 8 > n; j--) /* recent duplicates */
            if (slot[j - 1] == p->val[i]) {
                dup = true;
                break;
            }
        if (!dup)
            slot[fill[k]++] = p->val[i];
    }
    /* compact away duplicate holes */
    uint32_t w = 0;
    for (size_t k = 0; k < nkeys; k++) {
        uint32_t start = off[k];
        off[k] = w;
        for (uint32_t j = 0; j < fill[k]; j++)
            vals[w++] = vals[start + j];
    }
    off[nkeys] = w;
    vg__free(a, fill, (nkeys + 1) * sizeof *fill);
    *off_out = off;
    *vals_out = vals;
    *off_size = (nkeys + 1) * sizeof *off;
    *vals_size = (p->n ? p->n : 1) * sizeof *vals;
    *bytes += *off_size + *vals_size;
    return VG_OK;
}

/* ---- helpers ----------------------------------------------------------- */

/* ---- deletion variants ------------------------------------------------ */

/* A deletion variant as the table compares it: its first 12 bytes packed
 * into w0 and w1 (ix_dslot), its length, the rest (`tail`, bytes 12..)
 * when longer, and its hash. */
typedef struct dkey {
    uint64_t w0, h;
    uint32_t w1, len;
    const char *tail;
} dkey;

/* Bytes p[0..n) (n <= 8) as a little-endian word, zero past the end. */
static inline uint64_t load_le(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

static inline uint64_t del_hash(uint64_t w0, uint32_t w1, size_t len, const char *tail)
{
    uint64_t h = w0 * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)w1 << 8 | len) * 0xC2B2AE3D27D4EB4FULL;
    if (len > 12)
        h ^= vg_hash64(tail, len - 12, 0);
    return vg_mix64(h);
}

/* Writes to k[] the keys of `s` itself and then of its deletion variants
 * (see vg__ix_del_ids; s.len <= VG_KEY_MAX); `buf` holds the tails of variants longer than 12
 * bytes that are not a suffix of `s`. Returns how many. */
static size_t del_keys(vg_str s, dkey *k, char (*buf)[VG_KEY_MAX])
{
    unsigned char b[16] = {0};
    size_t len = s.len; /* at most VG_KEY_MAX */
    memcpy(b, s.ptr, len < 16 ? len : 16);
    uint64_t lo = load_le(b, 8), hi = load_le(b + 8, 8);
    size_t n = 0;
    k[n++] = (dkey){lo, 0, (uint32_t)hi, (uint32_t)len, s.ptr + 12};
    if (len >= 3) {
        for (size_t i = 0; i < len; i++) {
            if (i > 0 && s.ptr[i] == s.ptr[i - 1])
                continue; /* same variant as deleting the previous byte */
            dkey *d = &k[n];
            d->len = (uint32_t)len - 1;
            if (i < 8) {
                uint64_t m = i ? ~0ULL >> (64 - 8 * i) : 0; /* bytes before i */
                d->w0 = (lo & m) | ((lo >> 8) & ~m) | hi << 56;
                d->w1 = (uint32_t)(hi >> 8);
            } else if (i < 12) {
                uint64_t m = (1ULL << (8 * (i - 8))) - 1;
                d->w0 = lo;
                d->w1 = (uint32_t)((hi & m) | ((hi >> 8) & ~m));
            } else {
                d->w0 = lo;
                d->w1 = (uint32_t)hi;
            }
            if (d->len <= 12) {
                d->tail = NULL;
            } else if (i < 12) {
                d->tail = s.ptr + 13;
            } else {
                memcpy(buf[n], s.ptr + 12, i - 12);
                memcpy(buf[n] + (i - 12), s.ptr + i + 1, len - i - 1);
                d->tail = buf[n];
            }
            n++;
        }
    }
    for (size_t j = 0; j < n; j++)
        k[j].h = del_hash(k[j].w0, k[j].w1, k[j].len, k[j].tail);
    return n;
}

static inline bool dslot_is(const vg_index *ix, const ix_dslot *sl, const dkey *k)
{
    if (sl->w0 != k->w0 || sl->w1 != k->w1 || (sl->key & 127u) != k->len)
        return false;
    return k->len <= 12 ||
           memcmp(ix->del_tail + ix->del_tail_at[(sl->key >> 7) - 1], k->tail, k->len - 12) == 0;
}

/* The id of k in the table, or VG_STRTAB_NONE; *slot_out: its slot, or the
 * empty slot where it would go. */
static uint32_t dslot_find(const vg_index *ix, const dkey *k, size_t *slot_out)
{
    size_t mask = ix->n_dslots - 1;
    for (size_t i = (size_t)k->h & mask;; i = (i + 1) & mask) {
        const ix_dslot *sl = &ix->dslots[i];
        if (!sl->key || dslot_is(ix, sl, k)) {
            *slot_out = i;
            return sl->key ? (sl->key >> 7) - 1 : VG_STRTAB_NONE;
        }
    }
}

size_t vg__ix_del_ids(const vg_index *ix, vg_str s, uint32_t *ids)
{
    char buf[VG_KEY_MAX + 1][VG_KEY_MAX];
    dkey k[VG_KEY_MAX + 1];
    if (s.len > VG_KEY_MAX) { /* longer than any list token: no variants */
        ids[0] = VG_STRTAB_NONE;
        return 1;
    }
    size_t n = del_keys(s, k, buf);
    if (!ix->n_dslots) {
        for (size_t j = 0; j < n; j++)
            ids[j] = VG_STRTAB_NONE;
        return n;
    }
    for (size_t j = 0; j < n; j++)
        __builtin_prefetch(&ix->dslots[(size_t)k[j].h & (ix->n_dslots - 1)]);
    for (size_t j = 0; j < n; j++) {
        size_t slot;
        ids[j] = dslot_find(ix, &k[j], &slot);
    }
    return n;
}

/* Sizes the table to n_slots (a power of two, room for every id). */
static vg_status del_rehash(vg_index *ix, size_t n_slots)
{
    ix_dslot *slots = vg__calloc(&ix->alloc, n_slots * sizeof *slots);
    if (!slots)
        return VG_ENOMEM;
    size_t mask = n_slots - 1;
    for (size_t j = 0; j < ix->n_dslots; j++) {
        const ix_dslot *sl = &ix->dslots[j];
        if (!sl->key)
            continue;
        size_t len = sl->key & 127u;
        const char *tail = len > 12 ? ix->del_tail + ix->del_tail_at[(sl->key >> 7) - 1] : NULL;
        size_t i = (size_t)del_hash(sl->w0, sl->w1, len, tail) & mask;
        while (slots[i].key)
            i = (i + 1) & mask;
        slots[i] = *sl;
    }
    vg__free(&ix->alloc, ix->dslots, ix->n_dslots * sizeof *ix->dslots);
    ix->dslots = slots;
    ix->n_dslots = n_slots;
    return VG_OK;
}

/* The id of k, added when absent. */
static vg_status del_intern(vg_index *ix, const dkey *k, uint32_t *id)
{
    vg_status rc;
    if ((ix->n_dels + 1) * 2 > ix->n_dslots &&
        (rc = del_rehash(ix, ix->n_dslots ? ix->n_dslots * 2 : 1024)))
        return rc;
    size_t slot;
    *id = dslot_find(ix, k, &slot);
    if (*id != VG_STRTAB_NONE)
        return VG_OK;
    if (ix->n_dels >= IX_DEL_MAX_IDS)
        return VG_ELIMIT;
    if ((rc = vg__grow(&ix->alloc, (void **)&ix->del_tail_at, &ix->c_del_tail_at, ix->n_dels + 1,
                       sizeof *ix->del_tail_at, UINT32_MAX)))
        return rc;
    ix->del_tail_at[ix->n_dels] = 0;
    if (k->len > 12) {
        size_t t = k->len - 12;
        if (ix->n_del_tail + t > UINT32_MAX)
            return VG_ELIMIT;
        if ((rc = vg__grow(&ix->alloc, (void **)&ix->del_tail, &ix->c_del_tail,
                           ix->n_del_tail + t, 1, UINT32_MAX)))
            return rc;
        memcpy(ix->del_tail + ix->n_del_tail, k->tail, t);
        ix->del_tail_at[ix->n_dels] = (uint32_t)ix->n_del_tail;
        ix->n_del_tail += t;
    }
    *id = (uint32_t)ix->n_dels++;
    ix->dslots[slot] = (ix_dslot){k->w0, k->w1, (*id + 1) << 7 | k->len};
    return VG_OK;
}

float vg__ix_weight(const vg_index *ix, uint32_t df, unsigned flags)
{
    if (flags & VG_TOKF_TITLE)
        return 0.0f;
    if (flags & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL))
        return 0.3f;
    float w = df ? (float)log((double)(ix->n_ents + 1) / (double)(df + 0.5)) : ix->w_unknown;
    if (w < 0.5f)
        w = 0.5f;
    if (flags & VG_TOKF_GENERIC && w > 1.0f)
        w = 1.0f;
    if (flags & VG_TOKF_INITIAL && w > 1.0f)
        w = 1.0f;
    return w;
}

typedef struct build {
    vg_index *ix;
    vg_text *text;
    uint32_t *tok_stamp; /* last entity that counted this token */
    size_t c_stamp; /* capacity of tok_stamp */
    pairs post, phon, skel, del, doc;
    uint8_t cur_fam0; /* ix_name.fam0 of the name being added */
} build;

static vg_status ensure_tok(build *b, uint32_t id)
{
    vg_index *ix = b->ix;
    if (id < ix->c_tok && id < b->c_stamp)
        return VG_OK;
    size_t old = ix->c_tok;
    vg_status rc = vg__grow(&ix->alloc, (void **)&ix->tok, &ix->c_tok, id + 1, sizeof *ix->tok,
                            UINT32_MAX);
    if (rc)
        return rc;
    memset(ix->tok + old, 0, (ix->c_tok - old) * sizeof *ix->tok);
    old = b->c_stamp;
    rc = vg__grow(&ix->alloc, (void **)&b->tok_stamp, &b->c_stamp, id + 1, sizeof *b->tok_stamp,
                  UINT32_MAX);
    if (rc)
        return rc;
    memset(b->tok_stamp + old, 0xff, (b->c_stamp - old) * sizeof *b->tok_stamp);
    return VG_OK;
}

/* Interns a token for entity `ent`, counting df once per entity. */
static vg_status add_token(build *b, vg_str s, unsigned flags, uint32_t ent, uint32_t *id)
{
    vg_index *ix = b->ix;
    if (s.len > VG_KEY_MAX)
        s.len = VG_KEY_MAX;
    vg_status rc = vg_strtab_intern(&ix->toks, s, id);
    if (rc || (rc = ensure_tok(b, *id)))
        return rc;
    ix_tok *t = &ix->tok[*id];
    if (t->len == 0) {
        t->len = (uint16_t)s.len;
        t->flags = (uint16_t)(flags & ~(VG_TOKF_ACRONYM | VG_TOKF_HYPHEN));
    } else {
        /* a word that is a legal form or business word in any company name
         * is one everywhere ("TRADING" in a person's alias stays generic) */
        t->flags |= (uint16_t)(flags & (VG_TOKF_LEGAL | VG_TOKF_GENERIC));
    }
    if (b->tok_stamp[*id] != ent) {
        b->tok_stamp[*id] = ent;
        /* initials made by the index are not a use of the word by a list */
        if (!(flags & VG_TOKF_ACRONYM))
            t->df++;
        rc = pairs_add(&ix->alloc, &b->post, *id, ent);
    }
    return rc;
}

/* Writes the initials of an organisation's name (NEW PEOPLE'S ARMY -> npa,
 * LIBYAN ISLAMIC FIGHTING GROUP -> lifg) to `out`: one letter per word,
 * particles, connectives and (unless `with_legal`: PARS OIL AND GAS
 * COMPANY -> pogc) legal forms skipped. Returns the length, 0 (and "") when
 * the name has fewer than three such words or more than eight. */
static size_t acronym_of(const vg_name_norm *nn, bool with_legal, char *out, size_t cap)
{
    size_t k = 0;
    unsigned skip = VG_TOKF_PARTICLE | (with_legal ? 0u : VG_TOKF_LEGAL);
    for (size_t j = 0; j < nn->n_tokens; j++) {
        vg_str w = vg_name_token(nn, j);
        if (w.len == 0 || (nn->tokens[j].flags & skip) || vg__text_initials_skip(w))
            continue;
        if (w.ptr[0] < 'a' || w.ptr[0] > 'z' || k + 1 >= cap || k >= 8) {
            k = 0;
            break;
        }
        out[k++] = w.ptr[0];
    }
    if (k < 3)
        k = 0;
    out[k] = '\0';
    return k;
}

/* An organisation name's initials, without and with its legal form (each
 * "" when there is none, `with_legal` also when it equals `plain`). */
typedef struct acronyms {
    char plain[16];
    char with_legal[16];
} acronyms;

/* Indexes `text` as a name of entity `ent` (entity name `name_idx`). When
 * `acr` is not NULL, an organisation name's initials are written there
 * (see acronym_of). `is_acronym`: `text` is such initials, indexed as a
 * weak name whose token matches only exactly. */
static vg_status add_name_text(build *b, uint32_t ent, size_t name_idx, const vg_name *nm,
                               vg_str text, bool org, acronyms *acr, bool is_acronym)
{
    vg_index *ix = b->ix;
    vg_name_norm nn;
    if (acr)
        acr->plain[0] = acr->with_legal[0] = '\0';
    vg_status rc = vg_text_name(b->text, text, org ? VG_NORM_ORG : 0, &nn);
    if (rc == VG_EEMPTY || rc == VG_EUTF8 || rc == VG_ELIMIT)
        return VG_OK; /* nothing to index; the name stays on the entity */
    if (rc)
        return rc;
    if (acr && org && nn.script == VG_SCRIPT_LATIN) {
        size_t k = acronym_of(&nn, false, acr->plain, sizeof acr->plain);
        size_t kw = k ? acronym_of(&nn, true, acr->with_legal, sizeof acr->with_legal) : 0;
        if (kw == 0 || strcmp(acr->plain, acr->with_legal) == 0)
            acr->with_legal[0] = '\0';
    }
    if ((rc = vg__grow(&ix->alloc, (void **)&ix->names, &ix->c_names, ix->n_names + 1,
                       sizeof *ix->names, UINT32_MAX)))
        return rc;
    size_t need = ix->n_name_toks + nn.n_tokens;
    if ((rc = vg__grow(&ix->alloc, (void **)&ix->name_toks, &ix->c_name_toks, need,
                       sizeof *ix->name_toks, UINT32_MAX)) ||
        (rc = vg__grow(&ix->alloc, (void **)&ix->name_tokf, &ix->c_name_tokf, need,
                       sizeof *ix->name_tokf, UINT32_MAX)) ||
        (rc = vg__grow(&ix->alloc, (void **)&ix->name_merge, &ix->c_name_merge, need,
                       sizeof *ix->name_merge, UINT32_MAX)))
        return rc;
    ix_name *in = &ix->names[ix->n_names];
    in->entity = ent;
    in->tok0 = (uint32_t)ix->n_name_toks;
    in->n_tok = (uint16_t)nn.n_tokens;
    in->name_idx = (uint16_t)name_idx;
    in->role = (uint8_t)(is_acronym ? VG_NAME_WEAK : nm->role);
    in->fam0 = is_acronym || b->cur_fam0 >= nn.n_tokens ? IX_NO_FAMILY : b->cur_fam0;
    /* skeletons are trusted where the script writes no short vowels */
    in->translit = nn.translit && (nn.script == VG_SCRIPT_ARABIC || nn.script == VG_SCRIPT_HEBREW);
    for (size_t j = 0; j < nn.n_tokens; j++) {
        uint32_t id;
        if ((rc = add_token(b, vg_name_token(&nn, j),
                            nn.tokens[j].flags | (is_acronym ? VG_TOKF_ACRONYM : 0u), ent, &id)))
            return rc;
        if (!in->translit && !is_acronym)
            ix->tok[id].flags |= IX_TOKF_WRITTEN;
        ix->name_toks[in->tok0 + j] = id;
        ix->name_tokf[in->tok0 + j] =
            (uint16_t)(nn.tokens[j].flags | (is_acronym ? VG_TOKF_ACRONYM : 0u));
        ix->name_merge[in->tok0 + j] = VG_STRTAB_NONE;
    }
    /* joined adjacent tokens: "al rashid" -> "alrashid", "abdul rahman" ... */
    for (size_t j = 0; j + 1 < nn.n_tokens; j++) {
        vg_str x = vg_name_token(&nn, j), y = vg_name_token(&nn, j + 1);
        if ((nn.tokens[j].flags | nn.tokens[j + 1].flags) & VG_TOKF_TITLE)
            continue;
        if (x.len + y.len > VG_KEY_MAX)
            continue;
        char buf[VG_KEY_MAX];
        memcpy(buf, x.ptr, x.len);
        memcpy(buf + x.len, y.ptr, y.len);
        uint32_t id;
        if ((rc = add_token(b, (vg_str){buf, x.len + y.len}, VG_TOKF_JOINED, ent, &id)))
            return rc;
        ix->name_merge[in->tok0 + j] = id;
    }
    ix->n_name_toks = need;
    ix->n_names++;
    return VG_OK;
}

/* Indexes the initials add_name_text found. */
static vg_status add_acronyms(build *b, uint32_t ent, size_t name_idx, const vg_name *nm,
                              const acronyms *acr)
{
    vg_status rc = VG_OK;
    if (acr->plain[0])
        rc = add_name_text(b, ent, name_idx, nm, vg_str_c(acr->plain), true, NULL, true);
    if (!rc && acr->with_legal[0])
        rc = add_name_text(b, ent, name_idx, nm, vg_str_c(acr->with_legal), true, NULL, true);
    return rc;
}

static vg_status add_name(build *b, uint32_t ent, size_t name_idx, const vg_name *nm, bool org)
{
    /* names published as "FAMILY, Given" are indexed in natural order, so
     * that first, middle and last positions mean what they say */
    char natural[VG_LIMIT_NAME + 2];
    vg_str text = vg_str_c(nm->full);
    b->cur_fam0 = IX_NO_FAMILY;
    if (nm->given && nm->family) {
        size_t gl = strlen(nm->given), fl = strlen(nm->family);
        if (gl + fl + 1 <= VG_LIMIT_NAME) {
            memcpy(natural, nm->given, gl);
            natural[gl] = ' ';
            memcpy(natural + gl + 1, nm->family, fl);
            text = (vg_str){natural, gl + 1 + fl};
            /* the family name starts after the given names' tokens */
            vg_name_norm gn;
            if (!org && vg_text_name(b->text, vg_str_c(nm->given), 0, &gn) == VG_OK &&
                gn.n_tokens < 32)
                b->cur_fam0 = (uint8_t)gn.n_tokens;
        }
    }
    acronyms acr;
    /* an organisation's name ending in a parenthesis holds its short form
     * ("KHATIBA AL-TAWHID WAL-JIHAD (KTJ)"): the name and the short form
     * are each a name, neither needs the other */
    if (org && text.len > 3 && text.ptr[text.len - 1] == ')') {
        size_t open = text.len - 2;
        while (open > 0 && text.ptr[open] != '(' && text.ptr[open] != ')')
            open--;
        if (text.ptr[open] == '(' && open > 0 && text.len - open - 2 >= 2) {
            vg_str head = {text.ptr, open}, inner = {text.ptr + open + 1, text.len - open - 2};
            vg_status rc = add_name_text(b, ent, name_idx, nm, head, org, &acr, false);
            if (!rc)
                rc = add_name_text(b, ent, name_idx, nm, inner, org, NULL, false);
            if (!rc)
                rc = add_acronyms(b, ent, name_idx, nm, &acr);
            return rc;
        }
    }
    /* an organisation is often named by its initials (LRA, NPA, LIFG): they
     * are a name of it, weighed by their rarity like any word */
    vg_status rc = add_name_text(b, ent, name_idx, nm, text, org, &acr, false);
    if (!rc)
        rc = add_acronyms(b, ent, name_idx, nm, &acr);
    return rc;
}

static vg_status keys_and_tables(build *b)
{
    vg_index *ix = b->ix;
    vg_status rc = VG_OK;
    size_t ntok = ix->toks.n;
    /* size the key tables once: a token has one phonetic key and one
     * skeleton, and at most len + 1 deletion keys (itself and one per
     * byte), many shared: the deletion table starts at one slot per key
     * and doubles when half full */
    size_t ndel = 0, nds = 1024;
    for (uint32_t id = 0; id < ntok; id++)
        ndel += (size_t)ix->tok[id].len + 1;
    while (nds < ndel && nds <= SIZE_MAX / 4 / sizeof *ix->dslots)
        nds *= 2;
    if ((rc = del_rehash(ix, nds)) || (rc = vg_strtab_reserve(&ix->phons, ntok)) ||
        (rc = vg_strtab_reserve(&ix->skels, ntok)))
        return rc;
    for (uint32_t id = 0; id < ntok; id++) {
        ix_tok *t = &ix->tok[id];
        vg_str s = vg_strtab_get(&ix->toks, id);
        char key[VG_KEY_MAX + 8], skel[VG_KEY_MAX + 8];
        size_t sl, kl = vg__text_keys(s, key, sizeof key, skel, sizeof skel, &sl);
        if ((rc = vg_strtab_intern(&ix->phons, (vg_str){key, kl}, &t->phon)) ||
            (rc = pairs_add(&ix->alloc, &b->phon, t->phon, id)))
            return rc;
        if ((rc = vg_strtab_intern(&ix->skels, (vg_str){skel, sl}, &t->skel)) ||
            (rc = pairs_add(&ix->alloc, &b->skel, t->skel, id)))
            return rc;
        t->mask = vg__ix_mask(s);
        t->s0 = s.len ? s.ptr[0] : 0;
        t->given = (uint8_t)vg__text_given_group(s);
        /* the token itself and its one-deletion variants */
        char buf[VG_KEY_MAX + 1][VG_KEY_MAX];
        dkey k[VG_KEY_MAX + 1];
        size_t n = del_keys(s, k, buf);
        for (size_t j = 0; j < n; j++) {
            uint32_t did;
            if ((rc = del_intern(ix, &k[j], &did)) ||
                (rc = pairs_add(&ix->alloc, &b->del, did, id)))
                return rc;
        }
    }
    /* A token weighs by the rarity of its variant group (same phonetic key):
     * MOHAMAD is as common a name as MOHAMMED, whatever its spelling. The
     * group's df is taken as the largest df of its members, a lower bound of
     * the entities holding any of them that needs no second pass. */
    uint32_t *gdf = vg__calloc(&ix->alloc, (ix->phons.n ? ix->phons.n : 1) * sizeof *gdf);
    if (!gdf)
        return VG_ENOMEM;
    for (uint32_t id = 0; id < ntok; id++)
        if (ix->tok[id].df > gdf[ix->tok[id].phon])
            gdf[ix->tok[id].phon] = ix->tok[id].df;
    for (uint32_t id = 0; id < ntok; id++) {
        ix_tok *t = &ix->tok[id];
        uint32_t df = t->flags & VG_TOKF_JOINED ? t->df : gdf[t->phon];
        t->w = vg__ix_weight(ix, df, t->flags);
        t->w_person = vg__ix_weight(ix, df, t->flags & ~(VG_TOKF_LEGAL | VG_TOKF_GENERIC));
    }
    vg__free(&ix->alloc, gdf, (ix->phons.n ? ix->phons.n : 1) * sizeof *gdf);
    size_t bytes = 0;
    if ((rc = csr_build(&ix->alloc, &b->post, ntok, &ix->post_off, &ix->post, &ix->sz_post_off,
                        &ix->sz_post, &bytes)) ||
        (rc = csr_build(&ix->alloc, &b->phon, ix->phons.n, &ix->phon_off, &ix->phon_toks,
                        &ix->sz_phon_off, &ix->sz_phon_toks, &bytes)) ||
        (rc = csr_build(&ix->alloc, &b->skel, ix->skels.n, &ix->skel_off, &ix->skel_toks,
                        &ix->sz_skel_off, &ix->sz_skel_toks, &bytes)) ||
        (rc = csr_build(&ix->alloc, &b->del, ix->n_dels, &ix->del_off, &ix->del_toks,
                        &ix->sz_del_off, &ix->sz_del_toks, &bytes)))
        return rc;
    ix->bytes += bytes;
    return VG_OK;
}

static vg_status add_docs(build *b, uint32_t ent, const vg_entity *e)
{
    vg_index *ix = b->ix;
    for (size_t d = 0; d < e->n_documents; d++) {
        const char *num = e->documents[d].number_norm;
        if (!num || strlen(num) < 4)
            continue;
        uint32_t id;
        vg_status rc = vg_strtab_intern(&ix->docs, vg_str_c(num), &id);
        if (rc || (rc = pairs_add(&ix->alloc, &b->doc, id, ent)) ||
            (rc = pairs_add(&ix->alloc, &b->doc, id, (uint32_t)d | 0x80000000u)))
            return rc;
    }
    return VG_OK;
}

/* Documents: pairs hold (doc id, entity) then (doc id, doc index | bit31);
 * fold them into ix_doc records. */
static vg_status docs_table(build *b)
{
    vg_index *ix = b->ix;
    size_t nd = ix->docs.n, n = b->doc.n / 2;
    ix->doc_off = vg__calloc(&ix->alloc, (nd + 1) * sizeof *ix->doc_off);
    if (ix->doc_off)
        ix->sz_doc_off = (nd + 1) * sizeof *ix->doc_off;
    ix->doc_ents = vg__alloc(&ix->alloc, (n ? n : 1) * sizeof *ix->doc_ents);
    if (ix->doc_ents)
        ix->sz_doc_ents = (n ? n : 1) * sizeof *ix->doc_ents;
    if (!ix->doc_off || !ix->doc_ents)
        return VG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        ix->doc_off[b->doc.key[2 * i] + 1]++;
    for (size_t k = 0; k < nd; k++)
        ix->doc_off[k + 1] += ix->doc_off[k];
    uint32_t *fill = vg__calloc(&ix->alloc, (nd + 1) * sizeof *fill);
    if (!fill)
        return VG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = b->doc.key[2 * i];
        ix_doc *slot = &ix->doc_ents[ix->doc_off[k] + fill[k]++];
        slot->entity = b->doc.val[2 * i];
        slot->doc_idx = b->doc.val[2 * i + 1] & 0x7fffffffu;
    }
    vg__free(&ix->alloc, fill, (nd + 1) * sizeof *fill);
    ix->bytes += (nd + 1) * sizeof *ix->doc_off + n * sizeof *ix->doc_ents;
    return VG_OK;
}

/* Do names a and b score alike against any query? score_name reads their
 * tokens, flags and joins, their family name's start, their script side
 * and the entity's kind. */
static bool same_scoring(const vg_index *ix, const ix_name *a, const ix_name *b)
{
    if (a->n_tok != b->n_tok || a->translit != b->translit || a->fam0 != b->fam0 ||
        (ix->ents[a->entity].e->kind != VG_KIND_PERSON) !=
            (ix->ents[b->entity].e->kind != VG_KIND_PERSON))
        return false;
    size_t n = a->n_tok;
    return memcmp(ix->name_toks + a->tok0, ix->name_toks + b->tok0, n * sizeof *ix->name_toks) == 0 &&
           memcmp(ix->name_tokf + a->tok0, ix->name_tokf + b->tok0, n * sizeof *ix->name_tokf) == 0 &&
           memcmp(ix->name_merge + a->tok0, ix->name_merge + b->tok0,
                  n * sizeof *ix->name_merge) == 0;
}

/* Gives every name its signature (ix_name.sig): names that score alike
 * share one, numbered in order of first appearance; and the scorer's
 * per-name constants (first, last, l_org). */
static vg_status name_sigs(vg_index *ix)
{
    size_t cap = 16;
    while (cap < 2 * ix->n_names)
        cap *= 2;
    uint32_t *slot = vg__alloc(&ix->alloc, cap * sizeof *slot); /* name index + 1 */
    if (!slot)
        return VG_ENOMEM;
    memset(slot, 0, cap * sizeof *slot);
    ix->n_sigs = 0;
    for (size_t i = 0; i < ix->n_names; i++) {
        ix_name *nm = &ix->names[i];
        size_t n = nm->n_tok < 32 ? nm->n_tok : 32, first = n, last = 0;
        bool l_org = false;
        for (size_t j = 0; j < n; j++) {
            uint16_t f = ix->name_tokf[nm->tok0 + j];
            l_org |= (f & (VG_TOKF_LEGAL | VG_TOKF_GENERIC)) != 0;
            if (f & (VG_TOKF_TITLE | VG_TOKF_PARTICLE))
                continue;
            if (first == n)
                first = j;
            last = j;
        }
        nm->first = (uint8_t)first;
        nm->last = (uint8_t)last;
        nm->l_org = l_org;
        uint64_t h = vg_hash64(ix->name_toks + nm->tok0, nm->n_tok * sizeof *ix->name_toks,
                               nm->n_tok * 2u + nm->translit);
        for (size_t k = h & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (!slot[k]) {
                slot[k] = (uint32_t)i + 1;
                nm->sig = (uint32_t)ix->n_sigs++;
                break;
            }
            const ix_name *o = &ix->names[slot[k] - 1];
            if (same_scoring(ix, nm, o)) {
                nm->sig = o->sig;
                break;
            }
        }
    }
    vg__free(&ix->alloc, slot, cap * sizeof *slot);
    return VG_OK;
}

/* Whether name word j (token id tok, flags f) starts a word an
 * abbreviation spells: a letter first, no connective, particle or legal
 * form. Writes its first letter's index. */
static bool abbr_word(const vg_index *ix, uint32_t tok, uint16_t f, unsigned *c)
{
    vg_str w = vg_strtab_get(&ix->toks, tok);
    if (!w.len || w.ptr[0] < 'a' || w.ptr[0] > 'z' || (f & (VG_TOKF_PARTICLE | VG_TOKF_LEGAL)) ||
        vg__text_initials_skip(w))
        return false;
    *c = (unsigned)(w.ptr[0] - 'a');
    return true;
}

/* ---- the same entity in two lists ------------------------------------- */

typedef struct twin_key {
    uint64_t h;
    uint32_t ent;
} twin_key;

static int cmp_twin_key(const void *a, const void *b)
{
    const twin_key *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->ent < y->ent ? -1 : x->ent > y->ent;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_edge(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Whether two entities may be the same one: other lists, one kind, and
 * for people, when `year`, a birth year in common (both must give one). */
static bool twins_may(const vg_index *ix, uint32_t a, uint32_t b, bool year)
{
    const ix_ent *x = &ix->ents[a], *y = &ix->ents[b];
    if (a == b || x->e->kind != y->e->kind || strcmp(x->e->source, y->e->source) == 0)
        return false;
    if (x->e->kind != VG_KIND_PERSON || !year)
        return true;
    return x->birth_lo && y->birth_lo && x->birth_lo <= y->birth_hi && y->birth_lo <= x->birth_hi;
}

/* Appends the link of entities x and y, both ways, to the `*ne` edges of
 * `*edges` (room for `*ce`, grown by doubling). */
static vg_status edge_add(vg_allocator *a, uint32_t **edges, size_t *ne, size_t *ce, uint32_t x,
                          uint32_t y)
{
    if (*ne + 2 > *ce) {
        uint32_t *g = vg__realloc(a, *edges, *ce * 2 * sizeof **edges, *ce * 4 * sizeof **edges);
        if (!g)
            return VG_ENOMEM;
        *edges = g;
        *ce *= 2;
    }
    uint32_t *e = *edges + 2 * *ne;
    e[0] = x;
    e[1] = y;
    e[2] = y;
    e[3] = x;
    *ne += 2;
    return VG_OK;
}

/* The words of every name that identify it (no legal form or title),
 * sorted: name k's are words[off[k]..off[k + 1]), at most 32. */
typedef struct twin_words {
    uint32_t *off, *words;
    size_t n_words;
} twin_words;

/* Whether word p of organisation name nm is the initials of a run of its
 * other words (INDUSTRIAL FACTORIES OF PRECISION (IFP) MACHINERY: ifp),
 * connectives and legal forms passed over: the name said twice, which the
 * other list's spelling of it may leave out. */
static bool self_initials(const vg_index *ix, const ix_name *nm, uint32_t p)
{
    vg_str a = vg_strtab_get(&ix->toks, ix->name_toks[nm->tok0 + p]);
    if (a.len < 2 || a.len > 8)
        return false;
    for (uint32_t j0 = 0; j0 < nm->n_tok; j0++) {
        size_t i = 0;
        for (uint32_t j = j0; j < nm->n_tok && i < a.len; j++) {
            unsigned c;
            if (j == p)
                continue;
            if (!abbr_word(ix, ix->name_toks[nm->tok0 + j], ix->name_tokf[nm->tok0 + j], &c))
                continue;
            if ((char)('a' + c) != a.ptr[i])
                break;
            i++;
        }
        if (i == a.len)
            return true;
    }
    return false;
}

static vg_status twin_words_build(vg_index *ix, twin_words *tw)
{
    size_t total = 0;
    for (size_t k = 0; k < ix->n_names; k++)
        total += ix->names[k].n_tok < 32 ? ix->names[k].n_tok : 32;
    tw->n_words = total;
    tw->off = vg__alloc(&ix->alloc, (ix->n_names + 1) * sizeof *tw->off);
    tw->words = vg__alloc(&ix->alloc, (total ? total : 1) * sizeof *tw->words);
    if (!tw->off || !tw->words)
        return VG_ENOMEM;
    uint32_t at = 0;
    for (size_t k = 0; k < ix->n_names; k++) {
        const ix_name *nm = &ix->names[k];
        tw->off[k] = at;
        uint32_t *ids = tw->words + at;
        size_t m = 0;
        bool org = ix->ents[nm->entity].e->kind != VG_KIND_PERSON;
        for (size_t j = 0; j < nm->n_tok && m < 32; j++)
            if (!(ix->name_tokf[nm->tok0 + j] & (VG_TOKF_LEGAL | VG_TOKF_TITLE)) &&
                !(org && nm->n_tok > 3 && self_initials(ix, nm, (uint32_t)j)))
                ids[m++] = ix->name_toks[nm->tok0 + j];
        qsort(ids, m, sizeof *ids, cmp_u32);
        at += (uint32_t)m;
    }
    tw->off[ix->n_names] = at;
    return VG_OK;
}

static void twin_words_free(vg_index *ix, twin_words *tw)
{
    vg__free(&ix->alloc, tw->off, (ix->n_names + 1) * sizeof *tw->off);
    vg__free(&ix->alloc, tw->words, (tw->n_words ? tw->n_words : 1) * sizeof *tw->words);
}

/* Whether the sorted words a[0..na) are all among the sorted b[0..nb). */
static bool words_within(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i])
            j++;
        if (j == nb || b[j] != a[i])
            return false;
        j++;
    }
    return true;
}

/* Whether two people share a birth date to the day. */
static bool same_birth_day(const vg_entity *x, const vg_entity *y)
{
    for (size_t i = 0; i < x->n_birth_dates; i++)
        for (size_t j = 0; j < y->n_birth_dates; j++) {
            const vg_date *a = &x->birth_dates[i], *b = &y->birth_dates[j];
            if (a->kind == VG_DATE_EXACT && b->kind == VG_DATE_EXACT && a->year == b->year &&
                a->month && a->day && a->month == b->month && a->day == b->day)
                return true;
        }
    return false;
}

/* People whose name in one list is part of their name in the other (KONIG,
 * Emilie / EMILIE EDWIGE KONIG): two words or more within a primary or
 * good-quality name of the other entity, with a rare word among them (one
 * that at most TWIN_RARE_DF entities use) and a birth year in common, or
 * the same birth date to the day. Appends the links to edges. */
#define TWIN_RARE_DF 3

static vg_status link_part_names(vg_index *ix, const twin_words *tw, uint32_t **edges, size_t *ne,
                                 size_t *ce)
{
    for (uint32_t e = 0; e < ix->n_ents; e++) {
        const ix_ent *ie = &ix->ents[e];
        if (ie->e->kind != VG_KIND_PERSON)
            continue;
        for (uint32_t k = ie->name0; k < ie->name0 + ie->n_names; k++) {
            const ix_name *nm = &ix->names[k];
            const uint32_t *ids = tw->words + tw->off[k];
            size_t m = tw->off[k + 1] - tw->off[k];
            if ((nm->role != VG_NAME_PRIMARY && nm->role != VG_NAME_STRONG) || m < 2)
                continue;
            uint32_t rare = ids[0];
            for (size_t i = 1; i < m; i++)
                if (ix->tok[ids[i]].df < ix->tok[rare].df)
                    rare = ids[i];
            bool rare_word = ix->tok[rare].df <= TWIN_RARE_DF;
            for (uint32_t p = ix->post_off[rare]; p < ix->post_off[rare + 1]; p++) {
                uint32_t o = ix->post[p];
                const ix_ent *io = &ix->ents[o];
                if (!twins_may(ix, e, o, false))
                    continue;
                bool dates =
                    same_birth_day(ie->e, io->e) || (rare_word && twins_may(ix, e, o, true));
                if (!dates)
                    continue;
                bool within = false;
                for (uint32_t q = io->name0; q < io->name0 + io->n_names && !within; q++) {
                    const ix_name *on = &ix->names[q];
                    size_t om = tw->off[q + 1] - tw->off[q];
                    if ((on->role != VG_NAME_PRIMARY && on->role != VG_NAME_STRONG) || om <= m)
                        continue;
                    within = words_within(ids, m, tw->words + tw->off[q], om);
                }
                vg_status rc;
                if (within && (rc = edge_add(&ix->alloc, edges, ne, ce, e, o)))
                    return rc;
            }
        }
    }
    return VG_OK;
}

/* Links the entities that two lists hold each (UN and OFAC list many of
 * the same people and organisations, under aliases they do not share):
 * the same primary or good-quality name, word for word in any order,
 * legal forms and titles aside (a person's of two words or more, with a
 * birth year in common), a person's name part of the other's (see
 * link_part_names), or, for people, the same identity document number.
 * Screening reports both when either alerts. */
static vg_status link_twins(vg_index *ix)
{
    vg_allocator *a = &ix->alloc;
    size_t nk = 0, ne = 0, ce = 64;
    twin_key *keys = vg__alloc(a, (ix->n_names ? ix->n_names : 1) * sizeof *keys);
    uint32_t *edges = vg__alloc(a, ce * 2 * sizeof *edges);
    twin_words tw = {NULL, NULL, 0};
    vg_status rc = VG_OK;
    if (!keys || !edges) {
        rc = VG_ENOMEM;
        goto out;
    }
    if ((rc = twin_words_build(ix, &tw)))
        goto out;
    for (uint32_t e = 0; e < ix->n_ents; e++) {
        const ix_ent *ie = &ix->ents[e];
        bool person = ie->e->kind == VG_KIND_PERSON;
        for (uint32_t k = ie->name0; k < ie->name0 + ie->n_names; k++) {
            const ix_name *nm = &ix->names[k];
            if (nm->role != VG_NAME_PRIMARY && nm->role != VG_NAME_STRONG)
                continue;
            const uint32_t *ids = tw.words + tw.off[k];
            size_t m = tw.off[k + 1] - tw.off[k];
            if (m < (person ? 2u : 1u))
                continue;
            keys[nk++] = (twin_key){vg_hash64(ids, m * sizeof *ids, m * 8u + ie->e->kind), e};
        }
    }
    qsort(keys, nk, sizeof *keys, cmp_twin_key);
    /* pairs of entities: by name, then by document number */
    for (size_t i = 0; i < nk;) {
        size_t j = i + 1;
        while (j < nk && keys[j].h == keys[i].h)
            j++;
        for (size_t x = i; x < j && x < i + 16; x++)
            for (size_t y = x + 1; y < j && y < i + 16; y++) {
                if (!twins_may(ix, keys[x].ent, keys[y].ent, true))
                    continue;
                if ((rc = edge_add(a, &edges, &ne, &ce, keys[x].ent, keys[y].ent)))
                    goto out;
            }
        i = j;
    }
    for (size_t d = 0; d < ix->docs.n; d++) {
        if (vg_strtab_get(&ix->docs, (uint32_t)d).len < 6)
            continue;
        for (uint32_t x = ix->doc_off[d]; x < ix->doc_off[d + 1]; x++)
            for (uint32_t y = x + 1; y < ix->doc_off[d + 1]; y++) {
                uint32_t p = ix->doc_ents[x].entity, q = ix->doc_ents[y].entity;
                /* a shared document needs no birth year in common */
                if (ix->ents[p].e->kind != VG_KIND_PERSON || !twins_may(ix, p, q, false))
                    continue;
                if ((rc = edge_add(a, &edges, &ne, &ce, p, q)))
                    goto out;
            }
    }
    if ((rc = link_part_names(ix, &tw, &edges, &ne, &ce)))
        goto out;
    qsort(edges, ne, 2 * sizeof *edges, cmp_edge);
    size_t w = 0;
    for (size_t i = 0; i < ne; i++)
        if (!w || edges[2 * i] != edges[2 * (w - 1)] ||
            edges[2 * i + 1] != edges[2 * (w - 1) + 1]) {
            edges[2 * w] = edges[2 * i];
            edges[2 * w + 1] = edges[2 * i + 1];
            w++;
        }
    ix->sz_twin_off = (ix->n_ents + 1) * sizeof *ix->twin_off;
    ix->sz_twins = (w ? w : 1) * sizeof *ix->twins;
    ix->twin_off = vg__calloc(a, ix->sz_twin_off);
    ix->twins = vg__alloc(a, ix->sz_twins);
    if (!ix->twin_off || !ix->twins) {
        rc = VG_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < w; i++) {
        ix->twin_off[edges[2 * i] + 1]++;
        ix->twins[i] = edges[2 * i + 1]; /* sorted by entity, then twin */
    }
    for (size_t e = 0; e < ix->n_ents; e++)
        ix->twin_off[e + 1] += ix->twin_off[e];
    ix->bytes += ix->sz_twin_off + ix->sz_twins;
out:
    twin_words_free(ix, &tw);
    vg__free(a, keys, (ix->n_names ? ix->n_names : 1) * sizeof *keys);
    vg__free(a, edges, ce * 2 * sizeof *edges);
    return rc;
}

/* ---- organisations' names by their words' first letters --------------- */

/* The keys of name k (c1 * 26 + c2 for each two words in a row, at most
 * `cap`, each once); their count. */
static size_t abbr_keys(const vg_index *ix, const ix_name *nm, uint16_t *keys, size_t cap)
{
    size_t nk = 0;
    bool have = false;
    unsigned prev = 0;
    for (uint32_t j = 0; j < nm->n_tok && nk < cap; j++) {
        unsigned c;
        if (!abbr_word(ix, ix->name_toks[nm->tok0 + j], ix->name_tokf[nm->tok0 + j], &c))
            continue;
        if (have) {
            uint16_t key = (uint16_t)(prev * 26 + c);
            size_t x = 0;
            while (x < nk && keys[x] != key)
                x++;
            if (x == nk)
                keys[nk++] = key;
        }
        prev = c;
        have = true;
    }
    return nk;
}

/* Builds abbr_off / abbr_names over the names of every entity that is no
 * person. */
static vg_status abbr_table(vg_index *ix)
{
    vg_allocator *a = &ix->alloc;
    uint16_t keys[64];
    uint32_t *fill = NULL;
    ix->sz_abbr_off = (IX_ABBR_KEYS + 1) * sizeof *ix->abbr_off;
    ix->abbr_off = vg__calloc(a, ix->sz_abbr_off);
    if (!ix->abbr_off)
        return VG_ENOMEM;
    /* pass 0 counts each key's names, pass 1 writes them */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < ix->n_names; k++) {
            const ix_name *nm = &ix->names[k];
            if (ix->ents[nm->entity].e->kind == VG_KIND_PERSON)
                continue;
            size_t nk = abbr_keys(ix, nm, keys, sizeof keys / sizeof *keys);
            for (size_t x = 0; x < nk; x++) {
                if (pass)
                    ix->abbr_names[fill[keys[x]]++] = (uint32_t)k;
                else
                    ix->abbr_off[keys[x] + 1]++;
            }
        }
        if (pass)
            break;
        for (size_t key = 0; key < IX_ABBR_KEYS; key++)
            ix->abbr_off[key + 1] += ix->abbr_off[key];
        size_t total = ix->abbr_off[IX_ABBR_KEYS];
        ix->sz_abbr_names = (total ? total : 1) * sizeof *ix->abbr_names;
        ix->abbr_names = vg__alloc(a, ix->sz_abbr_names);
        fill = vg__alloc(a, IX_ABBR_KEYS * sizeof *fill);
        if (!ix->abbr_names || !fill) {
            vg__free(a, fill, IX_ABBR_KEYS * sizeof *fill);
            return VG_ENOMEM;
        }
        memcpy(fill, ix->abbr_off, IX_ABBR_KEYS * sizeof *fill);
    }
    vg__free(a, fill, IX_ABBR_KEYS * sizeof *fill);
    ix->bytes += ix->sz_abbr_off + ix->sz_abbr_names;
    return VG_OK;
}

vg_status vg_index_build(vg_list *const *lists, size_t n, const vg_allocator *a, vg_index **out,
                         vg_err *err)
{
    vg_status rc = VG_OK;
    build b;
    memset(&b, 0, sizeof b);
    if (!out)
        return vg_err_set(err, VG_EINVAL, NULL, 0, "no output handle");
    *out = NULL;
    vg_index *ix = vg__calloc(a, sizeof *ix);
    if (!ix)
        return vg_err_set(err, VG_ENOMEM, NULL, 0, "out of memory building the index");
    ix->alloc = a ? *a : *vg_allocator_default();
    vg_strtab_init(&ix->toks, &ix->alloc);
    vg_strtab_init(&ix->phons, &ix->alloc);
    vg_strtab_init(&ix->skels, &ix->alloc);
    vg_strtab_init(&ix->docs, &ix->alloc);
    b.ix = ix;

    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += vg_list_count(lists[i]);
    ix->ents = vg__calloc(&ix->alloc, (total ? total : 1) * sizeof *ix->ents);
    ix->n_alloc_ents = total;
    if (!ix->ents) {
        rc = VG_ENOMEM;
        goto out;
    }
    if ((rc = vg_text_new(&ix->alloc, &b.text)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < vg_list_count(lists[i]); k++) {
            const vg_entity *e = vg_list_entity(lists[i], k);
            uint32_t ent = (uint32_t)ix->n_ents++;
            ix->ents[ent].e = e;
            ix->ents[ent].name0 = (uint32_t)ix->n_names;
            bool org = e->kind != VG_KIND_PERSON;
            for (size_t j = 0; j < e->n_names; j++)
                if ((rc = add_name(&b, ent, j, &e->names[j], org)))
                    goto out;
            ix->ents[ent].n_names = (uint32_t)ix->n_names - ix->ents[ent].name0;
            for (size_t d = 0; d < e->n_birth_dates; d++) {
                int lo, hi;
                if (!vg_date_years(&e->birth_dates[d], &lo, &hi) || lo < 1 || hi > 9999)
                    continue;
                ix_ent *ie = &ix->ents[ent];
                if (!ie->birth_lo || lo < ie->birth_lo)
                    ie->birth_lo = (int16_t)lo;
                if (!ie->birth_hi || hi > ie->birth_hi)
                    ie->birth_hi = (int16_t)hi;
            }
            if ((rc = add_docs(&b, ent, e)))
                goto out;
        }
    }
    ix->w_unknown = (float)log((double)(ix->n_ents + 1) / 0.5);
    if ((rc = keys_and_tables(&b)) || (rc = docs_table(&b)) || (rc = name_sigs(ix)) ||
        (rc = link_twins(ix)) || (rc = abbr_table(ix)))
        goto out;
    /* read-only from here: each string table in one block, 4 bytes of
     * index per string (screening reads the vocabulary at random) */
    if ((rc = vg_strtab_freeze(&ix->toks)) || (rc = vg_strtab_freeze(&ix->phons)) ||
        (rc = vg_strtab_freeze(&ix->skels)) || (rc = vg_strtab_freeze(&ix->docs)))
        goto out;
    ix->bytes += vg_strtab_bytes(&ix->toks) + vg_strtab_bytes(&ix->phons) +
                 vg_strtab_bytes(&ix->skels) + ix->n_dslots * sizeof *ix->dslots +
                 ix->c_del_tail + ix->c_del_tail_at * sizeof *ix->del_tail_at +
                 vg_strtab_bytes(&ix->docs) + ix->c_tok * sizeof *ix->tok +
                 ix->n_ents * sizeof *ix->ents + ix->c_names * sizeof *ix->names +
                 ix->c_name_toks * sizeof *ix->name_toks +
                 ix->c_name_tokf * sizeof *ix->name_tokf +
                 ix->c_name_merge * sizeof *ix->name_merge;
    *out = ix;
    ix = NULL;
out:
    if (rc)
        vg_err_set(err, rc, NULL, 0, "cannot build the index: %s", vg_status_str(rc));
    vg__free(&b.ix->alloc, b.tok_stamp, b.c_stamp * sizeof *b.tok_stamp);
    pairs_free(&b.ix->alloc, &b.post);
    pairs_free(&b.ix->alloc, &b.phon);
    pairs_free(&b.ix->alloc, &b.skel);
    pairs_free(&b.ix->alloc, &b.del);
    pairs_free(&b.ix->alloc, &b.doc);
    vg_text_free(b.text);
    if (ix) {
        /* sizes of partially built arrays are tracked in b */
        vg_index_free(ix);
    }
    return rc;
}

void vg_index_free(vg_index *ix)
{
    if (!ix)
        return;
    vg_allocator a = ix->alloc;
    vg__free(&a, ix->tok, ix->c_tok * sizeof *ix->tok);
    vg__free(&a, ix->ents, (ix->n_alloc_ents ? ix->n_alloc_ents : 1) * sizeof *ix->ents);
    vg__free(&a, ix->names, ix->c_names * sizeof *ix->names);
    vg__free(&a, ix->name_toks, ix->c_name_toks * sizeof *ix->name_toks);
    vg__free(&a, ix->name_tokf, ix->c_name_tokf * sizeof *ix->name_tokf);
    vg__free(&a, ix->name_merge, ix->c_name_merge * sizeof *ix->name_merge);
    vg__free(&a, ix->post_off, ix->sz_post_off);
    vg__free(&a, ix->post, ix->sz_post);
    vg__free(&a, ix->phon_off, ix->sz_phon_off);
    vg__free(&a, ix->phon_toks, ix->sz_phon_toks);
    vg__free(&a, ix->skel_off, ix->sz_skel_off);
    vg__free(&a, ix->skel_toks, ix->sz_skel_toks);
    vg__free(&a, ix->del_off, ix->sz_del_off);
    vg__free(&a, ix->del_toks, ix->sz_del_toks);
    vg__free(&a, ix->doc_off, ix->sz_doc_off);
    vg__free(&a, ix->doc_ents, ix->sz_doc_ents);
    vg__free(&a, ix->twin_off, ix->sz_twin_off);
    vg__free(&a, ix->twins, ix->sz_twins);
    vg__free(&a, ix->abbr_off, ix->sz_abbr_off);
    vg__free(&a, ix->abbr_names, ix->sz_abbr_names);
    vg_strtab_fini(&ix->toks);
    vg_strtab_fini(&ix->phons);
    vg_strtab_fini(&ix->skels);
    vg__free(&a, ix->dslots, ix->n_dslots * sizeof *ix->dslots);
    vg__free(&a, ix->del_tail, ix->c_del_tail);
    vg__free(&a, ix->del_tail_at, ix->c_del_tail_at * sizeof *ix->del_tail_at);
    vg_strtab_fini(&ix->docs);
    vg__free(&a, ix, sizeof *ix);
}

size_t vg_index_entities(const vg_index *ix)
{
    return ix->n_ents;
}
size_t vg_index_tokens(const vg_index *ix)
{
    return ix->toks.n;
}
size_t vg_index_bytes(const vg_index *ix)
{
    return ix->bytes;
}
