#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Made-up negatives the dev query files lack: names of nobody listed,
built from ../shared/data/population (ordinary people), to measure the
alerts a rule adds where the dev files cannot see it.

  companies: a Latin-script surname (four letters or more, each once) with
             a legal form or business word, as a bank's business customers
             are written: "<SURNAME> LTDA.", "<SURNAME> S.A.", "<SURNAME>
             TRADING LLC", "<SURNAME> Y CIA. LTDA.", "<SURNAME> HOLDING GMBH"
             (in turn), 6,000 of them
  single:    one given name or surname alone, six letters or more, upper
             case, each once (every script)

Each query is a bench protocol line {"id", "name"}. Deterministic: the
surnames are shuffled with a fixed seed."""
import argparse
import gzip
import json
import random

FORMS = ["{} LTDA.", "{} S.A.", "{} TRADING LLC", "{} Y CIA. LTDA.", "{} HOLDING GMBH"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", required=True, help="the ../shared folder")
    ap.add_argument("--companies", required=True, help="output JSONL")
    ap.add_argument("--single", required=True, help="output JSONL")
    ap.add_argument("--n", type=int, default=6000, help="companies (default 6000)")
    a = ap.parse_args()
    surnames, singles, seen_s, seen_1 = [], [], set(), set()
    with gzip.open(a.shared + "/data/population/people.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            last = (p.get("last_name") or "").upper()
            if p.get("script") == "Latn" and len(last) >= 4 and " " not in last \
                    and last not in seen_s:
                seen_s.add(last)
                surnames.append(last)
            for w in (p.get("first_name") or "").split() + (p.get("last_name") or "").split():
                w = w.upper()
                if len(w) >= 6 and w not in seen_1:
                    seen_1.add(w)
                    singles.append(w)
    random.Random(3).shuffle(surnames)
    with open(a.companies, "w", encoding="utf-8") as out:
        for i, s in enumerate(surnames[: a.n]):
            out.write(json.dumps({"id": "c%05d" % i, "name": FORMS[i % len(FORMS)].format(s)},
                                 ensure_ascii=False) + "\n")
    with open(a.single, "w", encoding="utf-8") as out:
        for i, s in enumerate(singles):
            out.write(json.dumps({"id": "s%05d" % i, "name": s}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
