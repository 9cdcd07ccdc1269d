/* SPDX-License-Identifier: Apache-2.0 */
/* Name normalisation front end: the vg_text handle, UTF-8 checks, NFKC and
 * case folding (utf8proc, into a scratch buffer on the handle), script
 * detection, and the per-code-point dispatch that writes the folded Latin
 * stream (Latin letters reduced to ASCII the ICAO 9303 way; other scripts
 * handed to translit.c). Tokens and particles are in tokens.c. */
#include <utf8proc.h>

#include "vigil/model.h"
#include "vg_text.h"

/* Private-use code point standing for an apostrophe once utf8proc has run:
 * apostrophes must vanish without splitting, but NFKC would turn U+00B4
 * into a space, so they are swapped out before normalisation. */
#define APOS_PUA 0xE000

/* ------------------------------------------------------------------------ */
/* Handle                                                                   */
/* ------------------------------------------------------------------------ */

vg_status vg_text_new(const vg_allocator *a, vg_text **out)
{
    vg_status rc = VG_OK;
    vg_text *t = NULL;

    if (!out)
        return VG_EINVAL;
    *out = NULL;
    if (!a)
        a = vg_allocator_default();
    t = vg__calloc(a, sizeof *t);
    if (!t) {
        rc = VG_ENOMEM;
        goto out;
    }
    t->alloc = *a;
    *out = t;
    t = NULL;
out:
    return rc;
}

void vg_text_free(vg_text *t)
{
    if (!t)
        return;
    vg__translit_free(t);
    vg__free(&t->alloc, t->cps, t->cps_cap * sizeof *t->cps);
    vg_allocator a = t->alloc;
    vg__free(&a, t, sizeof *t);
}

/* ------------------------------------------------------------------------ */
/* Character classes                                                        */
/* ------------------------------------------------------------------------ */

static bool is_apos(int32_t c)
{
    switch (c) {
    case 0x27:   /* ' */
    case 0x60:   /* ` */
    case 0xB4:   /* acute accent */
    case 0x2B9:  /* modifier prime (soft sign in transliterations) */
    case 0x2BA:  /* modifier double prime */
    case 0x2BB:  /* turned comma (okina) */
    case 0x2BC:  /* modifier apostrophe */
    case 0x2BD:  /* reversed comma */
    case 0x2BE:  /* right half ring (hamza) */
    case 0x2BF:  /* left half ring (ayn) */
    case 0x2C8:  /* vertical line (stress) */
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark */
    case 0x201B: /* reversed-9 quotation mark */
    case 0x2032: /* prime */
    case 0x2035: /* reversed prime */
    case 0x055A: /* Armenian apostrophe */
    case 0xA78B: /* saltillo */
    case 0xA78C:
    case 0xFF07: /* full-width apostrophe */
    case APOS_PUA:
        return true;
    default:
        return false;
    }
}

static bool is_hyphen(int32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x2E3A || c == 0x2E3B ||
           c == 0xFE58 || c == 0xFE63 || c == 0xFF0D || c == 0x058A || c == 0x05BE || c == 0x1806 ||
           c == 0x30A0;
}

static utf8proc_int32_t map_apos(utf8proc_int32_t c, void *ud)
{
    (void)ud;
    return is_apos(c) ? APOS_PUA : c;
}

/* Script of a letter or digit code point (>= 0x80), as vg_script. */
static int script_of(int32_t c)
{
    if (c < 0x2B0 || (c >= 0x1D00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
        (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xAB30 && c <= 0xAB6F) || (c >= 0xFB00 && c <= 0xFB06))
        return VG_SCRIPT_LATIN;
    if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
        return VG_SCRIPT_GREEK;
    if ((c >= 0x400 && c <= 0x52F) || (c >= 0x1C80 && c <= 0x1C8F) || (c >= 0x2DE0 && c <= 0x2DFF) ||
        (c >= 0xA640 && c <= 0xA69F))
        return VG_SCRIPT_CYRILLIC;
    if ((c >= 0x590 && c <= 0x5FF) || (c >= 0xFB1D && c <= 0xFB4F))
        return VG_SCRIPT_HEBREW;
    if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return VG_SCRIPT_ARABIC;
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF))
        return VG_SCRIPT_HANGUL;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F))
        return VG_SCRIPT_KANA;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x323AF) ||
        (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005 || c == 0x3007)
        return VG_SCRIPT_HAN;
    return VG_SCRIPT_OTHER;
}

static bool cat_is_mark(int cat)
{
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME;
}

static bool cat_is_alnum(int cat)
{
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Spacing modifier letters (U+02B0-U+02FF) left after NFKC are phonetic
 * notation: dropped like apostrophes. */
static bool is_modifier(int32_t c)
{
    return c >= 0x2B0 && c <= 0x2FF;
}

/* ------------------------------------------------------------------------ */
/* ASCII and Latin letters                                                  */
/* ------------------------------------------------------------------------ */

static inline void ascii_cp(vg_text *t, int32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        vg__lat_putc(t, (char)c);
    } else if (c >= 'A' && c <= 'Z') {
        vg__lat_putc(t, (char)(c + 32));
    } else if (c == '\'' || c == '`') {
        /* removed without splitting: O'Brien -> obrien */
    } else if (c == '&') {
        vg__lat_sep(t, VG__SEP_SPACE);
        vg__lat_put(t, "and", 3);
        vg__lat_sep(t, VG__SEP_SPACE);
    } else if (c == '-') {
        vg__lat_sep(t, VG__SEP_HYPHEN);
    } else if (c == '.') {
        vg__lat_sep(t, VG__SEP_DOT);
    } else if (c == '/') {
        vg__lat_sep(t, VG__SEP_SLASH);
    } else {
        vg__lat_sep(t, VG__SEP_SPACE);
    }
}

void vg__ascii_cp(vg_text *t, int32_t c)
{
    ascii_cp(t, c);
}

/* Latin letters with no canonical decomposition to ASCII, and the ICAO
 * 9303 exceptions that differ from dropping the accent. */
static const char *latin_special(int32_t c)
{
    switch (c) {
    case 0xDF: return "ss";  /* sharp s */
    case 0xE6: return "ae";  /* ae ligature */
    case 0xF0: return "d";   /* eth (ICAO: D) */
    case 0xF8: return "oe";  /* o slash (ICAO: OE) */
    case 0xFE: return "th";  /* thorn */
    case 0x111: return "d";  /* d stroke */
    case 0x127: return "h";  /* h stroke */
    case 0x131: return "i";  /* dotless i */
    case 0x133: return "ij";
    case 0x138: return "k";  /* kra */
    case 0x140: return "l";  /* l middle dot */
    case 0x142: return "l";  /* l stroke */
    case 0x14B: return "n";  /* eng */
    case 0x153: return "oe"; /* oe ligature */
    case 0x167: return "t";  /* t stroke */
    case 0x17F: return "s";  /* long s */
    case 0x180: return "b";
    case 0x188: return "c";
    case 0x18C: return "d";
    case 0x192: return "f";
    case 0x199: return "k";
    case 0x1A3: return "gh";
    case 0x1A5: return "p";
    case 0x1AD: return "t";
    case 0x1B4: return "y";
    case 0x1B6: return "z";
    case 0x1BF: return "w";
    case 0x1DD: return "e";  /* turned e */
    case 0x1E5: return "g";
    case 0x21D: return "y";  /* yogh */
    case 0x223: return "ou";
    case 0x237: return "j";
    case 0x23C: return "c";
    case 0x247: return "e";
    case 0x249: return "j";
    case 0x24D: return "r";
    case 0x24F: return "y";
    case 0x250: return "a";
    case 0x251: return "a";
    case 0x252: return "o";
    case 0x253: return "b";
    case 0x254: return "o";  /* open o */
    case 0x256: return "d";
    case 0x257: return "d";
    case 0x259: return "a";  /* schwa (Azerbaijani; ICAO: A) */
    case 0x25B: return "e";  /* open e */
    case 0x260: return "g";
    case 0x263: return "g";
    case 0x268: return "i";
    case 0x26A: return "i";
    case 0x272: return "n";
    case 0x283: return "sh";
    case 0x289: return "u";
    case 0x28A: return "u";
    case 0x28C: return "a";
    case 0x292: return "z";
    case 0x2C65: return "a";
    case 0x2C66: return "t";
    default: return NULL;
    }
}

bool vg__latin_fold(vg_text *t, int32_t c)
{
    c = utf8proc_tolower(c);
    const char *s = latin_special(c);
    if (s) {
        vg__lat_put(t, s, strlen(s));
        return true;
    }
    utf8proc_int32_t d[8];
    utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, NULL);
    if (n < 1 || n > 8)
        return false;
    int32_t base = d[0];
    if (base >= 0x80) {
        /* a special letter with an accent: o slash acute, ae macron ... */
        s = latin_special(base);
        if (!s)
            return false;
        vg__lat_put(t, s, strlen(s));
        return true;
    }
    base = (int32_t)utf8proc_tolower(base);
    if (!((base >= 'a' && base <= 'z') || (base >= '0' && base <= '9')))
        return false;
    vg__lat_putc(t, (char)base);
    for (utf8proc_ssize_t k = 1; k < n; k++) {
        /* ICAO 9303: a/o/u with diaeresis give AE/OE/UE, a with ring AA */
        if (d[k] == 0x308 && (base == 'a' || base == 'o' || base == 'u')) {
            vg__lat_putc(t, 'e');
            break;
        }
        if (d[k] == 0x30A && base == 'a') {
            vg__lat_putc(t, 'a');
            break;
        }
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Dispatch over code points                                                */
/* ------------------------------------------------------------------------ */

static void note_script(vg_text *t, int script)
{
    t->scripts |= 1u << script;
}

/* Ukrainian and Belarusian read г as h; decided once per name by the
 * letters only those alphabets have. */
static void cyr_mode_detect(vg_text *t, const int32_t *cp, size_t n)
{
    t->cyr_mode = 1;
    for (size_t k = 0; k < n; k++) {
        int32_t c = cp[k];
        if (c == 0x454 || c == 0x456 || c == 0x457 || c == 0x491 || c == 0x45E) {
            t->cyr_mode = 2;
            return;
        }
    }
}

static bool cp_is_word(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (is_apos(c))
        return true;
    int cat = utf8proc_category(c);
    return cat_is_alnum(cat) || cat_is_mark(cat);
}

static bool cp_is_latin_letter(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return script_of(c) == VG_SCRIPT_LATIN && utf8proc_category(c) <= UTF8PROC_CATEGORY_LO;
}

/* Does the word around cp[i] also contain Latin letters? Then its Cyrillic
 * letters are homoglyphs ("Рutin" with a Cyrillic Р). *end receives the
 * end of the word so the answer is computed once per word. */
static bool word_has_latin(const int32_t *cp, size_t n, size_t i, size_t *end)
{
    size_t s = i, e = i;
    while (s > 0 && cp_is_word(cp[s - 1]))
        s--;
    while (e < n && cp_is_word(cp[e]))
        e++;
    *end = e;
    for (size_t k = s; k < e; k++)
        if (cp_is_latin_letter(cp[k]))
            return true;
    return false;
}

/* Length of the run starting at cp[i] of code points of script `sc` (and
 * combining marks). `sub` narrows Hangul to precomposed syllables. */
static size_t run_end(const int32_t *cp, size_t n, size_t i, int sc, bool syllables)
{
    size_t j = i;
    while (j < n) {
        int32_t c = cp[j];
        if (c < 0x80 || is_apos(c))
            break;
        int cat = utf8proc_category(c);
        if (cat_is_mark(cat)) {
            j++;
            continue;
        }
        if (!cat_is_alnum(cat) && !(sc == VG_SCRIPT_ARABIC && c == 0x640))
            break;
        if (script_of(c) != sc)
            break;
        if (sc == VG_SCRIPT_HANGUL && syllables != (c >= 0xAC00 && c <= 0xD7A3))
            break;
        if (sc == VG_SCRIPT_CYRILLIC && vg__cyrillic_known(c))
            break;
        j++;
    }
    return j;
}

static vg_status fold_cps(vg_text *t, const int32_t *cp, size_t n)
{
    vg_status rc = VG_OK;
    size_t i = 0;
    size_t hg_end = 0;   /* end of the word whose homoglyph status is known */
    bool hg = false;

    while (i < n && !t->lat_full) {
        int32_t c = cp[i];
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                note_script(t, VG_SCRIPT_LATIN);
                vg__lat_group(t, VG__G_LATIN);
            }
            ascii_cp(t, c);
            i++;
            continue;
        }
        if (is_apos(c) || is_modifier(c)) {
            i++;
            continue;
        }
        int cat = utf8proc_category(c);
        if (cat_is_mark(cat)) {
            i++; /* a mark on a Latin or Cyrillic letter: stripped */
            continue;
        }
        if (!cat_is_alnum(cat) && c != 0x640) {
            vg__lat_sep(t, is_hyphen(c) ? VG__SEP_HYPHEN : VG__SEP_SPACE);
            i++;
            continue;
        }
        int sc = script_of(c);
        size_t j;
        switch (sc) {
        case VG_SCRIPT_LATIN:
            note_script(t, sc);
            vg__lat_group(t, VG__G_LATIN);
            if (!vg__latin_fold(t, c)) {
                rc = vg__translit_icu(t, cp + i, 1, false);
                if (rc)
                    goto out;
            }
            i++;
            break;
        case VG_SCRIPT_ARABIC:
            j = run_end(cp, n, i, sc, false);
            for (size_t k = i; k < j; k++) {
                if (utf8proc_category(cp[k]) == UTF8PROC_CATEGORY_LO) {
                    note_script(t, sc); /* letters, not just Arabic-Indic digits */
                    t->translit = true;
                    break;
                }
            }
            vg__lat_group(t, VG__G_ARABIC);
            vg__translit_arabic(t, cp + i, j - i);
            i = j;
            break;
        case VG_SCRIPT_CYRILLIC:
            note_script(t, sc);
            t->translit = true;
            if (!vg__cyrillic_known(c)) {
                j = run_end(cp, n, i, sc, false);
                vg__lat_group(t, VG__G_CYRILLIC);
                rc = vg__translit_icu(t, cp + i, j - i, false);
                if (rc)
                    goto out;
                i = j;
                break;
            }
            if (t->cyr_mode == 0)
                cyr_mode_detect(t, cp, n);
            if (i >= hg_end)
                hg = word_has_latin(cp, n, i, &hg_end);
            vg__lat_group(t, hg ? VG__G_LATIN : VG__G_CYRILLIC);
            vg__translit_cyrillic(t, c, hg);
            i++;
            break;
        case VG_SCRIPT_HANGUL:
            note_script(t, sc);
            t->translit = true;
            if (c >= 0xAC00 && c <= 0xD7A3) {
                j = run_end(cp, n, i, sc, true);
                vg__lat_group(t, VG__G_HANGUL);
                vg__translit_hangul(t, cp + i, j - i);
            } else {
                j = run_end(cp, n, i, sc, false);
                vg__lat_group(t, VG__G_HANGUL);
                rc = vg__translit_icu(t, cp + i, j - i, false);
                if (rc)
                    goto out;
            }
            i = j;
            break;
        default:
            note_script(t, sc);
            t->translit = true;
            j = run_end(cp, n, i, sc, false);
            if (j == i)
                j = i + 1;
            vg__lat_group(t, sc == VG_SCRIPT_HAN ? VG__G_HAN : VG__G_OTHER);
            rc = vg__translit_icu(t, cp + i, j - i, sc == VG_SCRIPT_HAN);
            if (rc)
                goto out;
            i = j;
            break;
        }
    }
out:
    return rc;
}

static vg_status fold_unicode(vg_text *t, vg_str in)
{
    vg_status rc = VG_OK;
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                  UTF8PROC_COMPOSE | UTF8PROC_IGNORE;
    utf8proc_ssize_t n;

    for (;;) {
        n = utf8proc_decompose_custom((const utf8proc_uint8_t *)in.ptr, (utf8proc_ssize_t)in.len,
                                      t->cps, (utf8proc_ssize_t)t->cps_cap, opt, map_apos, NULL);
        if (n < 0) {
            rc = VG_EUTF8;
            goto out;
        }
        if ((size_t)n <= t->cps_cap)
            break;
        size_t want = (size_t)n < 256 ? 256 : (size_t)n;
        rc = vg__grow(&t->alloc, (void **)&t->cps, &t->cps_cap, want, sizeof *t->cps, VG__CPS_LIMIT);
        if (rc)
            goto out;
    }
    n = utf8proc_normalize_utf32(t->cps, n, opt);
    if (n < 0) {
        rc = VG_EINTERNAL;
        goto out;
    }
    rc = fold_cps(t, t->cps, (size_t)n);
out:
    return rc;
}

static void fold_ascii(vg_text *t, vg_str in)
{
    const unsigned char *p = (const unsigned char *)in.ptr;
    for (size_t i = 0; i < in.len && !t->lat_full; i++) {
        int32_t c = p[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            t->scripts |= 1u << VG_SCRIPT_LATIN;
        ascii_cp(t, c);
    }
}

static int script_from_bits(unsigned bits)
{
    if (bits == 0)
        return VG_SCRIPT_UNKNOWN;
    /* Japanese writes names in kanji and kana together */
    if (bits == ((1u << VG_SCRIPT_HAN) | (1u << VG_SCRIPT_KANA)))
        return VG_SCRIPT_KANA;
    if (bits & (bits - 1))
        return VG_SCRIPT_MIXED;
    for (int s = 0; s < VG_SCRIPT__COUNT; s++)
        if (bits == 1u << s)
            return s;
    return VG_SCRIPT_UNKNOWN;
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */
/* ------------------------------------------------------------------------ */

vg_status vg_text_name(vg_text *t, vg_str in, unsigned flags, vg_name_norm *out)
{
    vg_status rc = VG_OK;
    bool ascii = true;

    if (!out)
        return VG_EINVAL;
    out->len = 0;
    out->buf[0] = '\0';
    out->n_tokens = 0;
    out->script = VG_SCRIPT_UNKNOWN;
    out->translit = false;
    out->truncated = false;
    if (!t || (!in.ptr && in.len)) {
        rc = VG_EINVAL;
        goto out;
    }
    if (in.len > VG_LIMIT_NAME) {
        rc = VG_ELIMIT;
        goto out;
    }
    for (size_t i = 0; i < in.len; i++) {
        if ((unsigned char)in.ptr[i] >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (!ascii && !vg_utf8_valid(in.ptr, in.len)) {
        rc = VG_EUTF8;
        goto out;
    }

    t->lat_len = 0;
    t->lat_full = false;
    t->group = VG__G_NONE;
    t->scripts = 0;
    t->translit = false;
    t->hangul_seen = false;
    t->cyr_mode = 0;
    if (ascii)
        fold_ascii(t, in);
    else
        rc = fold_unicode(t, in);
    if (rc)
        goto out;
    out->script = script_from_bits(t->scripts);
    out->translit = t->translit;
    rc = vg__tokens_build(t, flags, out);
out:
    return rc;
}
