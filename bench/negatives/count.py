#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Counts the queries alerted in `vigil screen` results (one JSON line per
query), and, given a second run's results, lists the queries alerted in one
run only. Writes a markdown table to --md (appended)."""
import argparse
import json


def load(path):
    alerted = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            alerted[o["id"]] = [(m["entity"], m["score"]) for m in o.get("matches", [])
                                if m.get("alert")]
    return alerted


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--base", help="results of the baseline binary, same queries")
    ap.add_argument("--label", required=True)
    ap.add_argument("--md", required=True)
    a = ap.parse_args()
    names = {}
    with open(a.queries, encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            names[q["id"]] = q["name"]
    cur = load(a.results)
    n, hit = len(names), sum(1 for k in names if cur.get(k))
    row = "| %s | %d | %d | %.2f %%" % (a.label, n, hit, 100.0 * hit / max(n, 1))
    diff = []
    if a.base:
        base = load(a.base)
        bh = sum(1 for k in names if base.get(k))
        row += " | %d (%.2f %%)" % (bh, 100.0 * bh / max(n, 1))
        for k in names:
            if bool(cur.get(k)) != bool(base.get(k)):
                side = cur.get(k) or base.get(k)
                diff.append("%s %s: %s %.4f" % ("+" if cur.get(k) else "-", names[k],
                                                side[0][0], side[0][1]))
    with open(a.md, "a", encoding="utf-8") as out:
        out.write(row + " |\n")
    for d in diff:
        print(d)


if __name__ == "__main__":
    main()
