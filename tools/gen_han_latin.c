/* SPDX-License-Identifier: Apache-2.0 */
/* Build-time generator of src/text's Han table: what ICU's "Han-Latin/Names;
 * Latin-ASCII" writes for each Han code point, at the start of a run and
 * after another Han character, so that vigil need not open that
 * transliterator (about 1e9 instructions: ICU compiles its ~40,000 rules
 * on every open) to read a Han name. Run by CMake; writes one header,
 * marked DO NOT EDIT. Usage: vg_gen_han_latin OUT.h
 *
 * The table is only valid where ICU's output for a run of Han characters is
 * the readings of its characters joined by single spaces. The rules of
 * "Han-Latin/Names" and "Han-Latin" are read back from ICU and every rule
 * with a context is checked against the shapes this program understands:
 * the surname marker (a reading that applies at the start of a run only:
 * the table keeps a start reading and an inner reading) and "{X}' '?Y"
 * (X read otherwise before Y: the pairs are written out with X's readings
 * there). Any other shape fails the build. A character (or pair) is kept
 * only when ICU's outputs for it alone, after a fixed character and before
 * one agree with that model; vigil hands the rest to ICU. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uclean.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define MAX_OUT 64
#define MAX_POOL 200000
#define MAX_STRS 20000
#define MAX_PAIRS 64

/* Code point ranges vigil's script_of() calls Han (src/text/norm.c). */
static const uint32_t ranges[][2] = {
    {0x3005, 0x3007}, {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xF900, 0xFAFF}, {0x20000, 0x323AF},
};
#define N_RANGES (sizeof ranges / sizeof ranges[0])

static UTransliterator *open_id(const char *id) {
  UChar uid[64];
  UErrorCode st = U_ZERO_ERROR;
  UParseError pe;
  u_uastrncpy(uid, id, 63);
  uid[63] = 0;
  UTransliterator *tr =
      utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
  if (U_FAILURE(st)) {
    fprintf(stderr, "gen_han_latin: cannot open %s: %s\n", id, u_errorName(st));
    exit(1);
  }
  return tr;
}

/* ICU output for the code points cps[0..n) (UTF-16 into out, length). */
static int32_t translit(UTransliterator *tr, const uint32_t *cps, int n,
                        UChar *out) {
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  for (int k = 0; k < n; k++)
    U16_APPEND_UNSAFE(out, len, (UChar32)cps[k]);
  int32_t limit = len;
  utrans_transUChars(tr, out, &len, MAX_OUT, 0, &limit, &st);
  if (U_FAILURE(st)) {
    fprintf(stderr, "gen_han_latin: transliteration failed: %s\n",
            u_errorName(st));
    exit(1);
  }
  return len;
}

/* ---- rule check --------------------------------------------------------- */

static uint32_t pairs[MAX_PAIRS]
                     [4]; /* X, Y, X's start and inner reading before Y */
static int n_pairs;

/* Reads one code point of s at *i (UTF-16). */
static UChar32 next_cp(const UChar *s, int32_t n, int32_t *i) {
  UChar32 c;
  U16_NEXT(s, *i, n, c);
  return c;
}

static bool starts(const UChar *s, int32_t n, int32_t i, const char *lit) {
  for (; *lit; lit++, i++)
    if (i >= n || s[i] != (UChar)(unsigned char)*lit)
      return false;
  return true;
}

/* Checks one rule (without its ';') that has a context brace. */
static void check_rule(const UChar *r, int32_t n) {
  static const char *const machinery[] = {
      "[:^script=Han:]{([:script=Han:])} > \xef\xb7\x91 $1",
      "[^$]{\xef\xb7\x91} > ' '",
  };
  char u8[512];
  int32_t u8n = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strToUTF8(u8, sizeof u8 - 1, &u8n, r, n, &st);
  if (U_FAILURE(st)) {
    fprintf(stderr, "gen_han_latin: rule too long\n");
    exit(1);
  }
  u8[u8n] = 0;
  for (size_t k = 0; k < sizeof machinery / sizeof machinery[0]; k++)
    if (strcmp(u8, machinery[k]) == 0)
      return;

  int32_t i = 0;
  if (i < n && r[i] == 0xFDD1)
    i++; /* surname marker: start-of-run reading, kept per character */
  if (i >= n || r[i] != '{')
    goto bad;
  i++;
  UChar32 x = next_cp(r, n, &i);
  if (!u_hasBinaryProperty(x, UCHAR_IDEOGRAPHIC) || i >= n || r[i] != '}')
    goto bad;
  i++;
  if (starts(r, n, i, " >"))
    return; /* marker rule */
  if (!starts(r, n, i, "' '?"))
    goto bad;
  i += 4;
  UChar32 y = next_cp(r, n, &i);
  if (!u_hasBinaryProperty(y, UCHAR_IDEOGRAPHIC) || !starts(r, n, i, " >"))
    goto bad;
  if (n_pairs == MAX_PAIRS)
    goto bad;
  pairs[n_pairs][0] = (uint32_t)x;
  pairs[n_pairs][1] = (uint32_t)y;
  n_pairs++;
  return;
bad:
  fprintf(stderr, "gen_han_latin: rule of unknown shape: %s\n", u8);
  exit(1);
}

/* Checks a rule with no context: its source must be one code point or one
 * set, so it reads one character whatever surrounds it. */
static void check_plain(const UChar *r, int32_t n) {
  int32_t i = 0;
  if (i < n && r[i] == '[') {
    int depth = 0;
    for (; i < n; i++) {
      if (r[i] == '\\')
        i++;
      else if (r[i] == '[')
        depth++;
      else if (r[i] == ']' && --depth == 0)
        break;
    }
    i++;
  } else {
    (void)next_cp(r, n, &i);
  }
  if (!starts(r, n, i, " >")) {
    char u8[512];
    int32_t u8n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strToUTF8(u8, sizeof u8 - 1, &u8n, r, n < 100 ? n : 100, &st);
    u8[U_SUCCESS(st) ? u8n : 0] = 0;
    fprintf(stderr, "gen_han_latin: rule of unknown shape: %s\n", u8);
    exit(1);
  }
}

/* Reads back the rules of `id` and checks every rule with a context and
 * every transliterator it calls. */
static void check_rules(const char *id) {
  static UChar buf[1 << 20];
  UTransliterator *tr = open_id(id);
  UErrorCode st = U_ZERO_ERROR;
  int32_t n =
      utrans_toRules(tr, 0, buf, (int32_t)(sizeof buf / sizeof buf[0]), &st);
  utrans_close(tr);
  if (U_FAILURE(st)) {
    fprintf(stderr, "gen_han_latin: cannot read the rules of %s\n", id);
    exit(1);
  }
  int32_t s = 0;
  while (s < n) {
    int32_t e = s;
    while (e < n && buf[e] != '\n')
      e++;
    int32_t rn = e - s;
    while (rn > 0 && (buf[s + rn - 1] == ';' || buf[s + rn - 1] == ' '))
      rn--;
    if (rn > 2 && buf[s] == ':' && buf[s + 1] == ':') {
      static const char *const calls[] = {"::Han-Spacedhan()", "::Null()",
                                          "::Han-Latin()"};
      bool ok = false;
      for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
        ok |= (int32_t)strlen(calls[k]) == rn && starts(buf, n, s, calls[k]);
      if (!ok) {
        fprintf(stderr, "gen_han_latin: %s calls an unknown transliterator\n",
                id);
        exit(1);
      }
    } else {
      bool braces = false;
      int depth = 0;
      for (int32_t k = s; k < s + rn; k++) {
        if (buf[k] == '\\')
          k++;
        else if (buf[k] == '[')
          depth++;
        else if (buf[k] == ']')
          depth--;
        else if (depth == 0 && (buf[k] == '{' || buf[k] == '}'))
          braces = true;
      }
      if (braces)
        check_rule(buf + s, rn);
      else if (rn > 0)
        check_plain(buf + s, rn);
    }
    s = e + 1;
  }
}

/* ---- table -------------------------------------------------------------- */

static UChar pool[MAX_POOL];
static uint32_t str_off[MAX_STRS + 1];
static int n_strs = 2; /* string 0: not in the table; 1: the character itself */

/* Id of the string s[0..n) in the pool, added when new. Linear search over
 * a hash of a few buckets is enough for a build step. */
static int intern(const UChar *s, int32_t n) {
  enum { NB = 4096 };
  static int head[NB], next[MAX_STRS];
  static bool init;
  if (!init) {
    memset(head, 0, sizeof head);
    init = true;
  }
  uint32_t h = 2166136261u;
  for (int32_t k = 0; k < n; k++)
    h = (h ^ s[k]) * 16777619u;
  h %= NB;
  for (int id = head[h]; id; id = next[id])
    if ((int32_t)(str_off[id + 1] - str_off[id]) == n &&
        memcmp(pool + str_off[id], s, (size_t)n * sizeof *s) == 0)
      return id;
  if (n_strs == MAX_STRS || str_off[n_strs] + (uint32_t)n > MAX_POOL) {
    fprintf(stderr, "gen_han_latin: table too large\n");
    exit(1);
  }
  int id = n_strs++;
  memcpy(pool + str_off[id], s, (size_t)n * sizeof *s);
  str_off[id + 1] = str_off[id] + (uint32_t)n;
  next[id] = head[h];
  head[h] = id;
  return id;
}

static bool eq(const UChar *a, int32_t na, const UChar *b, int32_t nb) {
  return na == nb && memcmp(a, b, (size_t)na * sizeof *a) == 0;
}

/* Slot of c in the dense table (the total when outside the ranges). */
static size_t slot_of(uint32_t c) {
  size_t slot = 0;
  for (size_t r = 0; r < N_RANGES; r++) {
    if (c >= ranges[r][0] && c <= ranges[r][1])
      return slot + (c - ranges[r][0]);
    slot += ranges[r][1] - ranges[r][0] + 1;
  }
  return slot;
}

/* The text of string `id` for character c (id 1: c itself). */
static int32_t reading(unsigned id, uint32_t c, UChar *out) {
  int32_t n = 0;
  if (id == 1) {
    U16_APPEND_UNSAFE(out, n, (UChar32)c);
    return n;
  }
  for (uint32_t o = str_off[id]; o < str_off[id + 1]; o++)
    out[n++] = pool[o];
  return n;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vg_gen_han_latin OUT.h\n");
    return 2;
  }
  check_rules("Han-Latin/Names");
  check_rules("Han-Latin");

  UTransliterator *tr = open_id("Han-Latin/Names; Latin-ASCII");
  /* anchors: characters no rule names */
  const uint32_t a = 0x4E00, b = 0x4E01; /* yi, ding */
  UChar ta[MAX_OUT], tb[MAX_OUT];
  int32_t na = translit(tr, &a, 1, ta);
  int32_t nb = translit(tr, &b, 1, tb);

  size_t total = 0;
  for (size_t r = 0; r < N_RANGES; r++)
    total += ranges[r][1] - ranges[r][0] + 1;
  uint16_t *inner = calloc(total, sizeof *inner);
  uint32_t(*start)[2] = calloc(total, sizeof *start);
  if (!inner || !start)
    return 1;
  size_t n_start = 0, n_kept = 0, n_dropped = 0, slot = 0;

  for (size_t r = 0; r < N_RANGES; r++) {
    for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++, slot++) {
      if (!u_hasBinaryProperty((UChar32)c, UCHAR_IDEOGRAPHIC) ||
          !u_isalpha((UChar32)c) ||
          uscript_getScript((UChar32)c, &(UErrorCode){U_ZERO_ERROR}) !=
              USCRIPT_HAN)
        continue;
      UChar t1[MAX_OUT], t2[MAX_OUT], t3[MAX_OUT], want[MAX_OUT];
      uint32_t ac[2] = {a, c}, cb[2] = {c, b};
      int32_t n1 = translit(tr, &c, 1, t1); /* start reading */
      int32_t n2 = translit(tr, ac, 2, t2); /* after a */
      int32_t n3 = translit(tr, cb, 2, t3); /* before b */
      /* after a: a's reading, a space, c's inner reading */
      bool ok = n2 > na && memcmp(t2, ta, (size_t)na * sizeof *ta) == 0 &&
                t2[na] == ' ';
      const UChar *in = t2 + na + 1;
      int32_t nin = n2 - na - 1;
      /* before b: c's start reading, a space, b's reading */
      if (ok) {
        memcpy(want, t1, (size_t)n1 * sizeof *t1);
        want[n1] = ' ';
        memcpy(want + n1 + 1, tb, (size_t)nb * sizeof *tb);
        ok = n1 + 1 + nb < MAX_OUT && eq(t3, n3, want, n1 + 1 + nb);
      }
      /* vigil gives the table 16 UTF-16 units per character */
      if (!ok || n1 == 0 || nin <= 0 || n1 > 15 || nin > 15) {
        n_dropped++;
        continue;
      }
      UChar self[2];
      int32_t nself = 0;
      U16_APPEND_UNSAFE(self, nself, (UChar32)c);
      inner[slot] = (uint16_t)(eq(in, nin, self, nself) ? 1 : intern(in, nin));
      if (!eq(t1, n1, in, nin)) {
        start[n_start][0] = c;
        start[n_start][1] =
            (uint32_t)(eq(t1, n1, self, nself) ? 1 : intern(t1, n1));
        n_start++;
      }
      n_kept++;
    }
  }

  /* X before Y: X's readings there, checked like the others */
  for (int k = 0; k < n_pairs; k++) {
    uint32_t x = pairs[k][0], y = pairs[k][1];
    for (int j = 0; j < n_pairs; j++)
      if (pairs[j][0] == y) {
        fprintf(stderr, "gen_han_latin: context pairs chain\n");
        return 1;
      }
    unsigned iy = slot_of(y) < total ? inner[slot_of(y)] : 0;
    if (!iy || slot_of(x) >= total || !inner[slot_of(x)])
      continue;
    UChar ry[MAX_OUT], t1[MAX_OUT], t2[MAX_OUT], t3[MAX_OUT], want[MAX_OUT];
    int32_t nry = reading(iy, y, ry);
    uint32_t xy[2] = {x, y}, axy[3] = {a, x, y}, xyb[3] = {x, y, b};
    int32_t n1 = translit(tr, xy, 2, t1);
    int32_t n2 = translit(tr, axy, 3, t2);
    int32_t n3 = translit(tr, xyb, 3, t3);
    int32_t ns = n1 - nry - 1, ni = n2 - na - 1 - nry - 1;
    if (ns <= 0 || ns > 15 || ni <= 0 || ni > 15 || t1[ns] != ' ' ||
        memcmp(t1 + ns + 1, ry, (size_t)nry * sizeof *ry) != 0 ||
        memcmp(t2, ta, (size_t)na * sizeof *ta) != 0 || t2[na] != ' ' ||
        t2[na + 1 + ni] != ' ' ||
        memcmp(t2 + na + 2 + ni, ry, (size_t)nry * sizeof *ry) != 0)
      continue;
    memcpy(want, t1, (size_t)n1 * sizeof *t1);
    want[n1] = ' ';
    memcpy(want + n1 + 1, tb, (size_t)nb * sizeof *tb);
    if (!eq(t3, n3, want, n1 + 1 + nb))
      continue;
    pairs[k][2] = (uint32_t)intern(t1, ns);
    pairs[k][3] = (uint32_t)intern(t2 + na + 1, ni);
  }
  utrans_close(tr);
  u_cleanup();

  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  fprintf(f,
          "/* DO NOT EDIT: written by tools/gen_han_latin.c from ICU %s. */\n",
          U_ICU_VERSION);
  fprintf(
      f,
      "/* %zu characters, %d strings, %zu start readings, %d context pairs; "
      "%zu characters left to ICU. */\n",
      n_kept, n_strs - 1, n_start, n_pairs, n_dropped);
  fprintf(
      f, "static const uint32_t han_ranges[][3] = { /* first, last, slot */\n");
  slot = 0;
  for (size_t r = 0; r < N_RANGES; r++) {
    fprintf(f, "    {0x%X, 0x%X, %zu},\n", ranges[r][0], ranges[r][1], slot);
    slot += ranges[r][1] - ranges[r][0] + 1;
  }
  fprintf(f, "};\n/* string id of each slot's inner reading (0: ask ICU; 1: "
             "the character itself) */\n");
  fprintf(f, "static const uint16_t han_inner[%zu] = {", total);
  for (size_t k = 0; k < total; k++)
    fprintf(f, "%s%u,", k % 16 ? "" : "\n", inner[k]);
  fprintf(
      f,
      "\n};\n/* code points read otherwise at the start of a run, sorted */\n");
  fprintf(f, "static const uint32_t han_start[%zu][2] = {",
          n_start ? n_start : 1);
  for (size_t k = 0; k < n_start; k++)
    fprintf(f, "%s{0x%X,%u},", k % 6 ? "" : "\n", start[k][0], start[k][1]);
  fprintf(f, "%s\n};\nstatic const size_t han_n_start = %zu;\n",
          n_start ? "" : "{0, 0}", n_start);
  fprintf(f, "/* X read otherwise before Y: X, Y, X's string ids there at the "
             "start of a run\n"
             " * and inside (0: a run holding X Y goes to ICU) */\n");
  fprintf(f, "static const uint32_t han_pairs[%d][4] = {",
          n_pairs ? n_pairs : 1);
  for (int k = 0; k < n_pairs; k++)
    fprintf(f, "\n    {0x%X, 0x%X, %u, %u},", pairs[k][0], pairs[k][1],
            pairs[k][2], pairs[k][3]);
  fprintf(f, "%s\n};\nstatic const size_t han_n_pairs = %d;\n",
          n_pairs ? "" : "{0, 0, 0, 0}", n_pairs);
  fprintf(f, "static const uint32_t han_str_off[%d] = {", n_strs + 1);
  for (int k = 0; k <= n_strs; k++)
    fprintf(f, "%s%u,", k % 12 ? "" : "\n", str_off[k]);
  fprintf(f, "\n};\nstatic const uint16_t han_pool[%u] = {",
          str_off[n_strs] ? str_off[n_strs] : 1);
  for (uint32_t k = 0; k < str_off[n_strs]; k++)
    fprintf(f, "%s%u,", k % 16 ? "" : "\n", pool[k]);
  fprintf(f, "%s\n};\n", str_off[n_strs] ? "" : "0");
  free(inner);
  free(start);
  if (fclose(f) != 0) {
    perror(argv[1]);
    return 1;
  }
  return 0;
}
