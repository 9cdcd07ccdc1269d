#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Writes a synthetic OFAC SDN legacy CSV list (sdn.csv, alt.csv) of N distinct
# entities, built deterministically from the Latin-script people of
# ../shared/data/population/people.jsonl.gz, plus a queries.jsonl that hits it.
"""Synthetic scale list for bench_screen (Python standard library only).

Usage: gen_synthetic.py --people PEOPLE.jsonl.gz --out DIR [--size N] [--queries Q]

Only people with script "Latn" are used (about 64 % of the population), so
every name is comparable without transliteration. First names (with their
gender) and last names are pooled and recombined by a fixed linear
congruential walk until N distinct (given names, surname) pairs exist; about
12 % get a second given name and 1 in 5 entities is an organisation made of
one or two surnames plus a generic word and a legal form. Individuals are
written "LAST, First" with "DOB dd Mon yyyy; nationality X; Gender Y." in the
remarks, as OFAC does; 1 in 4 entities has an alt.csv alias. Nothing here is
random: the same input and size give the same bytes.
"""
import argparse
import gzip
import json
import os
import sys

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COUNTRIES = {
    "DE": "Germany", "FR": "France", "GB": "United Kingdom", "US": "United States",
    "TR": "Turkey", "ES": "Spain", "IT": "Italy", "NL": "Netherlands", "PL": "Poland",
    "SE": "Sweden", "CH": "Switzerland", "ID": "Indonesia", "AZ": "Azerbaijan",
    "UZ": "Uzbekistan", "SN": "Senegal", "NG": "Nigeria", "IN": "India", "IQ": "Iraq",
    "SY": "Syria", "BE": "Belgium", "AT": "Austria", "MX": "Mexico", "AR": "Argentina",
}
ORG_WORDS = ["TRADING", "HOLDINGS", "SHIPPING", "INDUSTRIES", "GROUP", "LOGISTICS",
             "CONSTRUCTION", "INVESTMENTS", "ENERGY", "TEXTILES"]
LEGAL = ["LTD", "LLC", "S.A.", "GMBH", "JSC", "CO.", "SARL", "B.V."]
NULL = "-0- "


def q(s):
    """Quotes a CSV cell the OFAC way (double quotes doubled)."""
    return '"' + s.replace('"', '""') + '"'


def load_people(path):
    firsts, lasts, seen_f, seen_l, dates = [], [], set(), set(), []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p.get("script") != "Latn":
                continue
            fn, ln = p.get("first_name", "").strip(), p.get("last_name", "").strip()
            if not fn or not ln:
                continue
            # A first_name field may hold two given names: keep the first.
            fn = fn.split()[0]
            key = (fn, p.get("gender", ""))
            if key not in seen_f:
                seen_f.add(key)
                firsts.append((fn, p.get("gender", ""), p.get("nationality", "")))
            if ln not in seen_l:
                seen_l.add(ln)
                lasts.append(ln)
            dates.append(p.get("birth_date", ""))
    return firsts, lasts, dates


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=1000000)
    ap.add_argument("--queries", type=int, default=5000)
    a = ap.parse_args()

    firsts, lasts, dates = load_people(a.people)
    nf, nl = len(firsts), len(lasts)
    if nf * nl < 2 * a.size:
        sys.exit("gen_synthetic: not enough distinct names for --size %d" % a.size)
    os.makedirs(a.out, exist_ok=True)
    seen = set()
    state = 12345
    ent = 100000
    alt = 500000
    n = 0
    queries = []
    qevery = max(1, a.size // a.queries) if a.queries else 0
    with open(os.path.join(a.out, "sdn.csv"), "w", encoding="utf-8", newline="") as sdn, \
            open(os.path.join(a.out, "alt.csv"), "w", encoding="utf-8", newline="") as altf:
        while n < a.size:
            # Linear congruential walk (Knuth's MMIX constants), mod 2^64.
            state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
            fi = (state >> 33) % nf
            li = (state >> 11) % nl
            mid = (state >> 3) % 100 < 12
            mi = ((state >> 40) * 7) % nf if mid else -1
            fn, gender, nat = firsts[fi]
            if mi >= 0 and firsts[mi][0] == fn:
                continue
            org = (n + 1) % 5 == 0
            key = (org, fn if mi < 0 else fn + " " + firsts[mi][0], li)
            if key in seen:
                continue
            seen.add(key)
            ent += 1
            n += 1
            ln = lasts[li]
            if org:
                ln2 = lasts[(li * 31 + 7) % nl]
                word = ORG_WORDS[state % len(ORG_WORDS)]
                legal = LEGAL[(state >> 20) % len(LEGAL)]
                two = (state >> 25) % 2 == 0
                name = ("%s %s %s %s" % (ln, ln2, word, legal) if two else
                        "%s %s %s" % (ln, word, legal)).upper()
                cells = [str(ent), q(name), NULL, q("SDGT"), NULL, NULL, NULL, NULL, NULL,
                         NULL, NULL, q("Organization Established Date %d." % (1950 + n % 70))]
                qname = name
                qrow = {"name": qname}
            else:
                given = fn if mi < 0 else "%s %s" % (fn, firsts[mi][0])
                name = "%s, %s" % (ln.upper(), given)
                d = dates[n % len(dates)]
                y, m, dd = d.split("-") if d.count("-") == 2 else ("1970", "01", "01")
                rem = ["DOB %s %s %s" % (dd, MONTHS[int(m) - 1], y)]
                if nat in COUNTRIES:
                    rem.append("nationality %s" % COUNTRIES[nat])
                if gender in ("male", "female"):
                    rem.append("Gender %s" % gender.capitalize())
                cells = [str(ent), q(name), q("individual"), q("SDGT"), NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, q("; ".join(rem) + ".")]
                qname = "%s %s" % (given, ln)
                qrow = {"name": qname.upper(), "birth_date": "%s-%s-%s" % (y, m, dd)}
            sdn.write(",".join(cells) + "\r\n")
            if n % 4 == 0:
                alt += 1
                if org:
                    aname = "%s %s" % (lasts[(li * 17 + 3) % nl].upper(), ORG_WORDS[n % len(ORG_WORDS)])
                else:
                    aname = "%s, %s" % (ln.upper(), firsts[(fi * 13 + 5) % nf][0])
                altf.write("%d,%d,%s,%s,%s\r\n" % (ent, alt, q("aka"), q(aname), NULL))
            if qevery and (state >> 17) % qevery == 0 and len(queries) < a.queries:
                # Half exact, half with one letter doubled (a typo).
                if len(queries) % 2:
                    s = qrow["name"]
                    k = len(s) // 2
                    qrow["name"] = s[:k] + s[k] + s[k:]
                qrow["id"] = "s%07d" % len(queries)
                qrow["expected"] = ["ofac:%d" % ent]
                queries.append(qrow)
        sdn.write("\x1a")
    with open(os.path.join(a.out, "queries.jsonl"), "w", encoding="utf-8") as f:
        for r in queries:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    sys.stderr.write("gen_synthetic: %d entities (%d first names x %d surnames), %d queries in %s\n"
                     % (n, nf, nl, len(queries), a.out))


if __name__ == "__main__":
    main()
