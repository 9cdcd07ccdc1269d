#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Scores a labelled pair file (make_pairs.py) with `vigil compare` and with
baseline.py in the same run, and writes the markdown report: precision,
recall and F1 at vigil's own `match` decision, best-F1 thresholds for both,
per schema and per pair kind, pairs/second; plus a worst-errors file.

    evaluate.py --pairs PAIRS.jsonl --vigil VIGIL --md OUT.md --errors ERRORS.md [--stamp TEXT]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, stdin):
    t0 = time.monotonic()
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit("evaluate.py: %s exited %d: %s" % (cmd[0], r.returncode, r.stderr.decode(errors="replace")[-400:]))
    out = {}
    for line in r.stdout.decode().splitlines():
        o = json.loads(line)
        out[o["id"]] = o
    return out, wall


def prf(items):
    """items: (label, predicted) pairs."""
    tp = sum(1 for y, p in items if y and p)
    fp = sum(1 for y, p in items if not y and p)
    fn = sum(1 for y, p in items if y and not p)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return pr, rc, f1


def best_f1(items):
    """items: (label, score). Threshold t (predict score >= t) with the best F1."""
    items = sorted(items, key=lambda x: -x[1])
    pos = sum(y for y, _ in items)
    tp = fp = 0
    best = (0.0, 1.0, 0.0, 0.0)
    i = 0
    while i < len(items):
        s = items[i][1]
        while i < len(items) and items[i][1] == s:
            tp += items[i][0]
            fp += 1 - items[i][0]
            i += 1
        pr = tp / (tp + fp)
        rc = tp / pos if pos else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        if f1 > best[0]:
            best = (f1, s, pr, rc)
    return best


def pct(x):
    return "%.1f" % (100 * x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--errors", required=True)
    ap.add_argument("--scored", help="also write every pair with both scores (JSONL)")
    ap.add_argument("--stamp", default="")
    args = ap.parse_args()

    pairs = [json.loads(l) for l in open(args.pairs, encoding="utf-8") if l.strip()]
    stdin = "".join(json.dumps({k: p[k] for k in ("id", "a", "b", "schema")}, ensure_ascii=False) + "\n"
                    for p in pairs).encode()
    vig, vwall = run([args.vigil, "compare"], stdin)
    base, bwall = run([sys.executable, os.path.join(HERE, "baseline.py")], stdin)
    for p in pairs:
        v = vig.get(p["id"])
        if v is None or "score" not in v:
            sys.exit("evaluate.py: no vigil score for %s" % p["id"])
        p["vs"], p["vm"] = v["score"], bool(v["match"])
        p["bs"] = base[p["id"]]["score"]

    bf_b = best_f1([(p["label"], p["bs"]) for p in pairs])
    bt = bf_b[1]
    bf_v = best_f1([(p["label"], p["vs"]) for p in pairs])
    for p in pairs:
        p["bm"] = p["bs"] >= bt

    npos = sum(p["label"] for p in pairs)
    L = []
    L.append("<!-- %s -->" % args.stamp)
    L.append("")
    L.append("### vigil compare: labelled name pairs (bench/compare)")
    L.append("")
    L.append("%d pairs (%d same entity, %d different) built by `make_pairs.py` from the dev query files "
             "and the benchmark lists. vigil: `vigil compare` with its defaults, its own `match` flag. "
             "Baseline: `baseline.py` (Jaro-Winkler on folded strings / token-sorted strings / greedy "
             "token alignment, the maximum), thresholded at **its best F1 on this very set** "
             "(t = %.4f), an optimistic baseline. \"best F1\" columns re-threshold each scorer per row "
             "(t in brackets): what a perfectly calibrated threshold would give." % (len(pairs), npos, len(pairs) - npos, bt))
    L.append("")
    L.append("| pairs | n (pos/neg) | vigil P | vigil R | **vigil F1** | vigil best F1 (t) | baseline P | baseline R | baseline F1 | baseline best F1 (t) |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def row(name, sub):
        if not sub:
            return
        np_ = sum(p["label"] for p in sub)
        vp = prf([(p["label"], p["vm"]) for p in sub])
        bp = prf([(p["label"], p["bm"]) for p in sub])
        vb = best_f1([(p["label"], p["vs"]) for p in sub])
        bb = best_f1([(p["label"], p["bs"]) for p in sub])
        L.append("| %s | %d (%d/%d) | %s | %s | **%s** | %s (%.3f) | %s | %s | %s | %s (%.3f) |" % (
            name, len(sub), np_, len(sub) - np_, pct(vp[0]), pct(vp[1]), pct(vp[2]), pct(vb[0]), vb[1],
            pct(bp[0]), pct(bp[1]), pct(bp[2]), pct(bb[0]), bb[1]))

    row("all", pairs)
    for s in ("Person", "Organization", "Vessel"):
        row("schema %s" % s, [p for p in pairs if p["schema"] == s])
    row("positives vs primary name only, all negatives",
        [p for p in pairs if not p["label"] or p.get("target") == "primary"])
    L.append("")
    L.append("Per pair kind: recall (share flagged `match`) on same-entity kinds, false-match rate on "
             "negative kinds; baseline at its global threshold.")
    L.append("")
    L.append("| kind | n | vigil | baseline | vigil mean score | baseline mean score |")
    L.append("|---|---:|---:|---:|---:|---:|")

    def krow(name, sub):
        if not sub:
            return
        pos = sub[0]["label"]
        what = "recall" if pos else "false matches"
        v = sum(p["vm"] for p in sub) / len(sub)
        b = sum(p["bm"] for p in sub) / len(sub)
        L.append("| %s | %d | %s %% %s | %s %% | %.3f | %.3f |" % (
            name, len(sub), pct(v), what, pct(b), sum(p["vs"] for p in sub) / len(sub),
            sum(p["bs"] for p in sub) / len(sub)))

    kinds = ["alias", "noise", "mrz", "script", "crosslist", "neg:hard", "neg:random", "neg:org_org"]
    for k in kinds:
        sub = [p for p in pairs if p["kind"] == k]
        krow(k, sub)
        if k in ("alias", "script"):
            for sch in ("Person", "Organization"):
                krow("&nbsp;&nbsp;%s, %s" % (k, sch), [p for p in sub if p["schema"] == sch])
        if sub and sub[0]["label"] == 1:
            for t in ("primary", "other"):
                krow("&nbsp;&nbsp;%s, vs %s name" % (k, t), [p for p in sub if p.get("target") == t])
        if k == "alias":
            for t in ("shared_token", "no_shared_token"):
                krow("&nbsp;&nbsp;alias, %s" % t, [p for p in sub if t in p.get("qtags", [])])
        if k == "noise":
            for op in ("typo1", "typo2", "reorder", "dropmiddle", "particle", "translit"):
                krow("&nbsp;&nbsp;noise, op:%s" % op, [p for p in sub if "op:" + op in p.get("qtags", [])])
        if k == "neg:hard":
            for s in ("faker", "latin_arabic"):
                krow("&nbsp;&nbsp;hard, %s" % s, [p for p in sub if p.get("neg_source") == s])
            krow("&nbsp;&nbsp;hard, latin_arabic partial_overlap",
                 [p for p in sub if "partial_overlap" in p.get("qtags", [])])
    L.append("")
    L.append("Speed, whole process on %d pairs (vigil loads the bundled lists for their words' "
             "rarity, about half a second, and scores each pair both ways round): vigil compare "
             "%.2f s wall, **%.0f pairs/s**; baseline.py "
             "(Python) %.2f s, %.0f pairs/s. vigil best-F1 threshold over all pairs: %.3f (F1 %s, "
             "P %s, R %s); its default threshold is what `match` uses." % (
                 len(pairs), vwall, len(pairs) / vwall, bwall, len(pairs) / bwall, bf_v[1],
                 pct(bf_v[0]), pct(bf_v[2]), pct(bf_v[3])))
    L.append("")
    with open(args.md, "w", encoding="utf-8") as f:
        f.write("\n".join(L))

    # ---- worst errors (for the engineers; not committed) ----
    fns = sorted((p for p in pairs if p["label"] and not p["vm"]), key=lambda p: p["vs"])
    fps = sorted((p for p in pairs if not p["label"] and p["vm"]), key=lambda p: -p["vs"])
    E = ["<!-- %s -->" % args.stamp, "", "# vigil compare: worst errors", "",
         "From %s. %d false negatives, %d false positives at vigil's `match`." % (args.pairs, len(fns), len(fps)), ""]

    def table(title, rows):
        E.append("## " + title)
        E.append("")
        E.append("| vigil | baseline | kind | schema | a | b | detail |")
        E.append("|---:|---:|---|---|---|---|---|")
        for p in rows:
            det = p.get("b_role") or p.get("neg_source") or ""
            if p.get("shared_token"):
                det = "shared %s (df %d)" % (p["shared_token"], p["token_df"])
            det += " " + " ".join(t for t in p.get("qtags", []) if t.startswith(("op:", "form:", "alt_type", "quality", "no_shared")))
            E.append("| %.3f | %.3f | %s | %s | %s | %s | %s %s |" % (
                p["vs"], p["bs"], p["kind"], p["schema"], p["a"].replace("|", "/"), p["b"].replace("|", "/"),
                det.strip(), p.get("entity", "")))
        E.append("")

    table("15 worst false positives (highest vigil score on different entities)", fps[:15])
    table("15 worst false negatives (lowest vigil score on the same entity)", fns[:15])
    # The lowest-scored misses are mostly unrelated aliases no name scorer can join;
    # the misses the baseline gets right are the ones a scorer change can fix.
    fix = sorted((p for p in fns if p["bm"]), key=lambda p: p["vs"])
    table("15 worst false negatives that the baseline matches (%d such)" % len(fix), fix[:15])
    with open(args.errors, "w", encoding="utf-8") as f:
        f.write("\n".join(E))
    if args.scored:
        with open(args.scored, "w", encoding="utf-8") as f:
            for p in pairs:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print("evaluate.py: vigil F1 %s at match (best %s at %.3f); baseline best F1 %s at %.4f" % (
        pct(prf([(p["label"], p["vm"]) for p in pairs])[2]), pct(bf_v[0]), bf_v[1], pct(bf_b[0]), bt),
        file=sys.stderr)


if __name__ == "__main__":
    main()
