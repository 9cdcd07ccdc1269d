#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds a labelled name-pair set for `vigil compare` from the dev query files
and the benchmark lists of ../shared/bench. Standard library only, fixed seed:
the same inputs (and the same vigil for the hard negatives) give the same file.

Positives: a positive query's name (alias, noise, script, mrz, crosslist) with
its expected entity's primary name, and separately with a random other name of
that entity. Negatives: hard (a negative query with the best name of the
entity `vigil screen` ranks first), random (a positive query's name with
another entity of the same schema) and org_org (two different organisations
whose names share a word).

    make_pairs.py --shared ../shared --vigil build-bench/vigil --out PAIRS.jsonl
"""
import argparse
import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

# Positive queries drawn per set (all of a set when it has fewer).
POS_PER_SET = {"alias": 1300, "noise": 900, "mrz": 600, "script": 10**6, "crosslist": 10**6}
# Negative queries screened for hard negatives, per file.
HARD_FAKER = 1300
HARD_LATIN_ARABIC = 1300  # half of them tagged partial_overlap
RANDOM_NEG = 1500
ORG_ORG_NEG = 1300

ORG_STOP = {w.casefold() for w in (
    "THE", "AND", "FOR", "OF", "DE", "DEL", "LA", "LE", "LES", "DES", "DU", "ET", "Y", "E",
    "LTD", "LIMITED", "LLC", "INC", "CO", "CORP", "CORPORATION", "COMPANY", "SA", "S", "A",
    "GMBH", "AG", "JSC", "OOO", "PLC", "SARL", "CV", "BV", "SRL", "SPA", "FZE", "FZCO", "PJSC",
    "OJSC", "CJSC", "ZAO", "OAO", "PTE", "PVT", "SDN", "BHD", "AL", "EL", "CA", "LTDA",
)}


def die(msg):
    print("make_pairs.py: " + msg, file=sys.stderr)
    sys.exit(3)


def tokens(s):
    """Folded words: marks and apostrophes dropped, split on anything else."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"['\u2018\u2019\u02bc`\u00b4]", "", s)
    return [t for t in re.split(r"[\W_]+", s) if t]


def is_latin(s):
    return all(ord(c) < 0x250 for c in s)


def natural(name, person):
    """OFAC writes individuals as 'LAST, First Middle'; queries use natural order."""
    if person and name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last:
            return first + " " + last
    return name


# ---- lists -----------------------------------------------------------------

def load_un(path, ents):
    root = ET.parse(path).getroot()

    def text(el, tag):
        e = el.find(tag)
        return (e.text or "").strip() if e is not None and e.text else ""

    for el in root.iter("INDIVIDUAL"):
        ref = text(el, "REFERENCE_NUMBER")
        parts = [text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        primary = " ".join(p for p in parts if p)
        names = [(primary, "primary")]
        for a in el.findall("INDIVIDUAL_ALIAS"):
            n = text(a, "ALIAS_NAME")
            if n:
                names.append((n, "alias:" + (text(a, "QUALITY") or "none").lower()))
        o = text(el, "NAME_ORIGINAL_SCRIPT")
        if o:
            names.append((o, "original_script"))
        ents["un:" + ref] = {"schema": "Person", "names": names}
    for el in root.iter("ENTITY"):
        ref = text(el, "REFERENCE_NUMBER")
        names = [(text(el, "FIRST_NAME"), "primary")]
        for a in el.findall("ENTITY_ALIAS"):
            n = text(a, "ALIAS_NAME")
            if n:
                names.append((n, "alias:" + (text(a, "QUALITY") or "none").lower()))
        o = text(el, "NAME_ORIGINAL_SCRIPT")
        if o:
            names.append((o, "original_script"))
        ents["un:" + ref] = {"schema": "Organization", "names": names}


def null(v):
    v = (v or "").strip()
    return "" if v == "-0-" else v


def load_ofac(d, ents):
    kinds = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
    with open(os.path.join(d, "sdn.csv"), encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 3 or not row[0].strip().isdigit():
                continue
            schema = kinds.get(null(row[2]).lower(), "Organization")
            name = natural(null(row[1]), schema == "Person")
            ents["ofac:" + row[0].strip()] = {"schema": schema, "names": [(name, "primary")]}
    with open(os.path.join(d, "alt.csv"), encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 4:
                continue
            e = ents.get("ofac:" + row[0].strip())
            n = null(row[3])
            if e and n:
                e["names"].append((natural(n, e["schema"] == "Person"), "alias:" + null(row[2]).lower()))


# ---- queries ---------------------------------------------------------------

def qname(q):
    if q.get("name"):
        return q["name"].strip()
    return " ".join(p for p in (q.get("first_name", "").strip(), q.get("last_name", "").strip()) if p)


def read_queries(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True, help="the shared folder (holds bench/)")
    ap.add_argument("--vigil", required=True, help="vigil binary, for the hard negatives")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20261128)
    args = ap.parse_args()
    kit = os.path.join(args.shared, "bench")
    un_xml = os.path.join(kit, "lists", "un", "consolidated.xml")
    ofac_dir = os.path.join(kit, "lists", "ofac")
    if not os.path.isfile(un_xml) or not os.path.isdir(ofac_dir):
        die("benchmark lists not found under " + kit)
    rng = random.Random(args.seed)

    ents = {}
    load_un(un_xml, ents)
    load_ofac(ofac_dir, ents)
    ent_ids = sorted(ents)
    by_schema = {}
    for eid in ent_ids:
        by_schema.setdefault(ents[eid]["schema"], []).append(eid)

    main_q = read_queries(os.path.join(kit, "queries-dev.jsonl.gz"))
    la_q = read_queries(os.path.join(kit, "queries-dev-latin-arabic.jsonl.gz"))
    pairs = []
    seen = set()

    def add(a, b, schema, label, kind, **extra):
        a, b = a.strip(), b.strip()
        key = (a.casefold(), b.casefold(), schema)
        if not a or not b or key in seen:
            return False
        seen.add(key)
        p = {"id": "p%05d" % len(pairs), "a": a, "b": b, "schema": schema, "label": label,
             "kind": kind, "a_script": "latin" if is_latin(a) else "other",
             "b_script": "latin" if is_latin(b) else "other"}
        p.update(extra)
        pairs.append(p)
        return True

    # ---- positives ----
    by_set = {}
    for q in main_q:
        if q["set"] != "negative" and q.get("expected"):
            by_set.setdefault(q["set"], []).append(q)
    pos_used = set()
    for s in sorted(by_set):
        qs = by_set[s]
        pick = rng.sample(qs, min(len(qs), POS_PER_SET.get(s, 0)))
        for q in pick:
            eid = q["expected"][0]
            e = ents.get(eid)
            name = qname(q)
            if not e or not name:
                continue
            pos_used.add(q["id"])
            schema = e["schema"] if e["schema"] != "Aircraft" else "Organization"
            qtags = [t for t in q.get("tags", []) if not t.startswith("locale:")]
            prim = e["names"][0][0]
            add(name, prim, schema, 1, s, target="primary", b_role="primary", qid=q["id"],
                entity=eid, qtags=qtags)
            others = [(n, r) for n, r in e["names"][1:]
                      if n.casefold() not in (prim.casefold(), name.casefold())]
            if others:
                n, r = rng.choice(others)
                add(name, n, schema, 1, s, target="other", b_role=r, qid=q["id"], entity=eid,
                    qtags=qtags)
    n_pos = len(pairs)

    # ---- hard negatives: vigil's top entity for negative queries ----
    faker = [q for q in main_q if q["set"] == "negative" and "namesake" not in q.get("tags", [])]
    la = [q for q in la_q if "namesake" not in q.get("tags", [])]
    la_po = [q for q in la if "partial_overlap" in q["tags"]]
    la_rest = [q for q in la if "partial_overlap" not in q["tags"]]
    hard_q = (rng.sample(faker, HARD_FAKER) + rng.sample(la_po, HARD_LATIN_ARABIC // 2)
              + rng.sample(la_rest, HARD_LATIN_ARABIC - HARD_LATIN_ARABIC // 2))
    src = {}
    for q in hard_q:
        src[q["id"]] = "latin_arabic" if q.get("person", "").startswith("la") else "faker"
    stdin = "".join(json.dumps({k: q[k] for k in ("id", "name", "first_name", "last_name") if k in q},
                               ensure_ascii=False) + "\n" for q in hard_q)
    cmd = [args.vigil, "screen", "--list", un_xml, "--list", ofac_dir, "--explain"]
    r = subprocess.run(cmd, input=stdin.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 2):
        die("vigil screen failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")[-500:]))
    top = {}
    for line in r.stdout.decode().splitlines():
        res = json.loads(line)
        for m in res.get("matches", []):
            e = ents.get(m["entity"])
            if e and e["schema"] == "Person":  # the queries are people
                nm = (m.get("explanation") or {}).get("name") or e["names"][0][0]
                top[res["id"]] = (m["entity"], natural(nm, True), m["score"])
                break
    for q in hard_q:
        if q["id"] not in top:
            continue
        eid, nm, sc = top[q["id"]]
        # A namesake (same words) is the same name: no pair scorer can call it a
        # different one. The query files tag most of them; this catches the rest.
        if sorted(tokens(qname(q))) == sorted(tokens(nm)):
            continue
        qtags = [t for t in q.get("tags", []) if t.startswith(("script:", "region:")) or t == "partial_overlap"]
        add(qname(q), nm, "Person", 0, "neg:hard", neg_source=src[q["id"]], qid=q["id"],
            entity=eid, screen_score=sc, qtags=qtags)

    # ---- random negatives: a positive query's name against another entity ----
    pos_q = [q for s in sorted(by_set) for q in by_set[s] if q["id"] not in pos_used]
    n = 0
    for q in rng.sample(pos_q, len(pos_q)):
        if n >= RANDOM_NEG:
            break
        e = ents.get(q["expected"][0])
        if not e:
            continue
        schema = e["schema"] if e["schema"] != "Aircraft" else "Organization"
        pool = by_schema.get(schema) or []
        other = rng.choice(pool)
        if other in q["expected"]:
            continue
        if add(qname(q), ents[other]["names"][0][0], schema, 0, "neg:random", qid=q["id"],
               entity=other, qset=q["set"]):
            n += 1

    # ---- org vs org: two organisations whose names share a word ----
    orgs = by_schema["Organization"]
    inv = {}
    otoks = {}
    for eid in orgs:
        nm = ents[eid]["names"][0][0]
        ts = {t for t in tokens(nm) if len(t) > 1} - ORG_STOP
        otoks[eid] = ts
        for t in ts:
            if len(t) >= 3:
                inv.setdefault(t, []).append(eid)
    shared = sorted(t for t, l in inv.items() if 2 <= len(l) <= 200)
    n = tries = 0
    while n < ORG_ORG_NEG and tries < ORG_ORG_NEG * 50:
        tries += 1
        t = rng.choice(shared)
        x, y = rng.sample(inv[t], 2)
        tx, ty = otoks[x], otoks[y]
        # The same organisation listed twice (UN and OFAC, or a branch) is no negative:
        # pairs across the two lists are left out (most UN entities are on OFAC too,
        # under another id), and so are names whose words are a subset of the other's.
        if x.split(":")[0] != y.split(":")[0] or tx <= ty or ty <= tx:
            continue
        if add(ents[x]["names"][0][0], ents[y]["names"][0][0], "Organization", 0, "neg:org_org",
               shared_token=t, token_df=len(inv[t]), entity=x, entity_b=y):
            n += 1

    rng.shuffle(pairs)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    neg = len(pairs) - n_pos
    print("make_pairs.py: %d pairs (%d positive, %d negative) -> %s" % (len(pairs), n_pos, neg, args.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
