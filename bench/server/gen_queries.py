#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes N distinct single-query yente /match bodies (one JSON per line) and
# the same queries as vigil JSONL, from OFAC SDN names and made-up variants
# (token order swapped, a token dropped, an innocent given name added), so
# that no result cache could serve a repeat. Deterministic (seed 5).
import csv, json, random, sys

root, n, out_http, out_jsonl = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(5)
names = []
with open(f"{root}/data/lists/ofac/sdn.csv", encoding="utf-8", errors="replace") as f:
    for row in csv.reader(f):
        if len(row) > 2 and row[2].strip('"') == "individual":
            names.append(row[1].replace(",", " ").split())
given = "Anna Maria Jose Li Wei Omar Fatima Ivan Olga Peter Sara Ali Chen Juan Amina".split()
seen, queries = set(), []
while len(queries) < n:
    toks = list(rng.choice(names))
    r = rng.random()
    if r < 0.3:
        toks.reverse()
    elif r < 0.5 and len(toks) > 2:
        toks.pop(rng.randrange(len(toks)))
    elif r < 0.8:
        toks.insert(0, rng.choice(given))
    name = " ".join(toks)
    dob = str(rng.randint(1940, 2000)) if rng.random() < 0.5 else None
    key = (name, dob)
    if key in seen:
        continue
    seen.add(key)
    queries.append(key)
with open(out_http, "w") as h, open(out_jsonl, "w") as j:
    for i, (name, dob) in enumerate(queries):
        props = {"name": [name]}
        if dob:
            props["birthDate"] = [dob]
        h.write(json.dumps({"queries": {"q": {"schema": "Person", "properties": props}}}) + "\n")
        q = {"id": i, "name": name, "schema": "Person"}
        if dob:
            q["birth_date"] = dob
        j.write(json.dumps(q) + "\n")
