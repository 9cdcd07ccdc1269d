# SPDX-License-Identifier: Apache-2.0
# Writes a synthetic passenger manifest of N people for the `vigil screen`
# throughput benchmark: one UN/EDIFACT PAXLST interchange (one message per
# flight) and the same people as a CSV file, from the synthetic population.
"""Generate a PAXLST interchange and a CSV file of N synthetic passengers.

The people come from the Latin-script part of the synthetic population
(../shared/data/population/people.jsonl.gz, about 128,000 people). The first
pass uses them as they are; further passes recombine given names (same
gender) and surnames with fixed multiplicative walks and shift birth dates,
so any N is reached deterministically. Names are written as a passport's
machine-readable zone prints them (A-Z only, the ICAO 9303 transliteration),
which is what airlines send in API data. A handful of listed people (MRZ
spellings of names on the bundled UN list) are placed at fixed positions so
that the run raises alerts. Python standard library only.

    gen_manifest.py --people people.jsonl.gz --out DIR --n 1000000
        [--per-flight 300] [--formats paxlst,csv]

writes DIR/manifest.edi and DIR/manifest.csv.
"""
import argparse
import datetime
import gzip
import json
import os
import sys
import unicodedata

# ISO 3166-1 alpha-2 -> ICAO alpha-3, for the nationalities of the Latin-script
# population and of the listed people below.
ALPHA3 = {
    "AT": "AUT", "AZ": "AZE", "BE": "BEL", "CA": "CAN", "CH": "CHE", "DE": "DEU",
    "ES": "ESP", "FR": "FRA", "GB": "GBR", "GN": "GIN", "ID": "IDN", "IE": "IRL",
    "IN": "IND", "IQ": "IRQ", "IT": "ITA", "LU": "LUX", "ML": "MLI", "MR": "MRT",
    "NE": "NER", "NG": "NGA", "NL": "NLD", "PL": "POL", "SE": "SWE", "SN": "SEN",
    "SY": "SYR", "TR": "TUR", "US": "USA", "UZ": "UZB", "CD": "COD", "GW": "GNB",
    "CF": "CAF", "TZ": "TZA",
}

# Listed people, as their passports would print them (looked up with
# `vigil lists entity ID` in the bundled UN list). Fields: entity (for the
# reader of the output only), surname, given names, birth date, gender,
# nationality alpha-3, passport number or None.
LISTED = [
    ("un:QDi.299", "AL BADRI AL SAMARRAI", "IBRAHIM AWWAD IBRAHIM ALI", "1971-07-01", "M", "IRQ", None),
    ("un:CDi.021", "NJABU", "FLORIBERT NGABU", "1971-05-23", "M", "COD", "OB0243318"),
    ("un:GBi.001", "CAMARA", "IBRAIMA", "1964-05-11", "M", "GNB", "AAID00437"),
    ("un:CFi.001", "BOZIZE YANGOUVONDA", "FRANCOIS", "1946-10-14", "M", "CAF", "D00002264"),
    ("un:CDi.040", "HASSAN", "AHMAD MAHMOOD", "1997-07-21", "M", "TZA", "AB850901"),
    ("un:GBi.005", "INJAI", "ANTONIO", "1955-01-20", "M", "GNB", "AAID00435"),
]

AIRPORTS = ["LIS", "CDG", "FRA", "AMS", "MAD", "FCO", "IST", "LHR", "BRU", "VIE",
            "WAW", "ARN", "DUB", "ZRH", "CMN", "DKR", "LOS", "DEL", "CGK", "JFK"]

MRZ_MAP = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "ß": "SS", "Æ": "AE", "Ø": "OE",
           "Þ": "TH", "Ł": "L", "Đ": "D", "Ð": "D", "Œ": "OE", "Ħ": "H", "İ": "I", "ı": "I"}

DAY0 = datetime.date(1950, 1, 1)
DAY1 = datetime.date(2005, 12, 31)


def mrz_name(s):
    """A-Z text as ICAO 9303 prints it; other characters become spaces."""
    out = []
    for ch in s.upper():
        if ch in MRZ_MAP:
            out.append(MRZ_MAP[ch])
            continue
        if ch in "'’‘`":
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if "A" <= d <= "Z":
                out.append(d)
            elif unicodedata.combining(d):
                continue
            else:
                out.append(" ")
    return " ".join("".join(out).split())


def load_people(path):
    pool = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p.get("script") != "Latn":
                continue
            given, family = mrz_name(p["first_name"]), mrz_name(p["last_name"])
            if not given or not family or p["nationality"] not in ALPHA3:
                continue
            pool.append((given, family, datetime.date.fromisoformat(p["birth_date"]),
                         "M" if p["gender"] == "male" else "F", ALPHA3[p["nationality"]]))
    return pool


def people(pool, n):
    """Yields (id, surname, given, birth date, gender, nat3, passport) for i < n."""
    size = len(pool)
    given = {"M": [p[0] for p in pool if p[3] == "M"], "F": [p[0] for p in pool if p[3] == "F"]}
    surnames = [p[1] for p in pool]
    listed_at = {(k + 1) * n // (len(LISTED) + 1): k for k in range(len(LISTED))}
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    for i in range(n):
        pid = "P%08d" % (i + 1)
        if i in listed_at and n >= 2 * len(LISTED):
            e = LISTED[listed_at[i]]
            passport = e[6] or "%s%07d" % (letters[i % len(letters)], (i * 2654435761) % 10**7)
            yield (pid, e[1], e[2], datetime.date.fromisoformat(e[3]), e[4], e[5], passport)
            continue
        rnd, j = divmod(i, size)
        g, fam, born, sex, nat = pool[j]
        if rnd:
            gl = given[sex]
            g = gl[(j * 7919 + rnd * 104729) % len(gl)]
            fam = surnames[(j * 15485863 + rnd * 32452843) % size]
            born = born + datetime.timedelta(days=(rnd * 1237 + j * 31) % 2001 - 1000)
            born = min(max(born, DAY0), DAY1)
        h = (i * 2654435761 + 12345) & 0xFFFFFFFF
        passport = "%s%s%07d" % (letters[h % 23], letters[(h >> 5) % 23], (h >> 3) % 10**7)
        yield (pid, fam, g, born, sex, nat, passport)


def expiry(i):
    return datetime.date(2027 + i % 9, 1 + i % 12, 1 + i % 28)


def yymmdd(d):
    return d.strftime("%y%m%d")


def write_paxlst(path, persons, n, per_flight):
    """One interchange, one functional group, one message per flight."""
    stamp = "260314:0900"
    n_msgs = (n + per_flight - 1) // per_flight
    with open(path, "w", encoding="ascii", newline="\n", buffering=1 << 20) as f:
        w = f.write
        w("UNA:+.? '\n")
        w("UNB+UNOA:4+ZZAIRLINE:ZZ+PIUBENCH:ZZ+%s+BENCH0001++APIS'\n" % stamp)
        w("UNG+PAXLST+ZZ AIRLINES+PIUBENCH+%s+1+UN+D:05B'\n" % stamp)
        it = iter(persons)
        done = 0
        for m in range(n_msgs):
            k = min(per_flight, n - done)
            frm = AIRPORTS[m % len(AIRPORTS)]
            to = AIRPORTS[(m * 7 + 3) % len(AIRPORTS)]
            if to == frm:
                to = AIRPORTS[(m * 7 + 4) % len(AIRPORTS)]
            day = datetime.date(2026, 3, 14) + datetime.timedelta(days=m // 400)
            dep = "%s%02d%02d" % (yymmdd(day), 6 + m % 14, (m * 5) % 60)
            arr = "%s%02d%02d" % (yymmdd(day), 8 + m % 14, (m * 5 + 25) % 60)
            flight = "ZZ%04d" % (1000 + m % 9000)
            ref = "M%07d" % (m + 1)
            segs = [
                "UNH+%s+PAXLST:D:05B:UN:IATA+%s/%s+01:F" % (ref, flight, dep[:6]),
                "BGM+745",
                "NAD+MS+++OPERATIONS CONTROL ZZ",
                "TDT+20+%s+++ZZ" % flight,
                "LOC+125+%s" % frm,
                "DTM+189:%s:201" % dep,
                "LOC+87+%s" % to,
                "DTM+232:%s:201" % arr,
            ]
            for _ in range(k):
                pid, fam, given, born, sex, nat, passport = next(it)
                names = ":".join([fam] + given.split(" ", 1))
                segs += [
                    "NAD+FL+++%s" % names,
                    "ATT+2++%s" % sex,
                    "DTM+329:%s" % yymmdd(born),
                    "LOC+178+%s" % frm,
                    "LOC+179+%s" % to,
                    "NAT+2+%s" % nat,
                    "RFF+AVF:%s" % pid[-6:],
                    "DOC+P+%s" % passport,
                    "DTM+36:%s" % yymmdd(expiry(done)),
                    "LOC+91+%s" % nat,
                ]
                done += 1
            segs.append("CNT+42:%d" % k)
            segs.append("UNT+%d+%s" % (len(segs) + 1, ref))
            w("'\n".join(segs))
            w("'\n")
        w("UNE+%d+1'\n" % n_msgs)
        w("UNZ+1+BENCH0001'\n")
    return n_msgs


def write_csv(path, persons, n):
    i = 0
    with open(path, "w", encoding="ascii", newline="", buffering=1 << 20) as f:
        f.write("id,last_name,first_name,birth_date,gender,nationality,"
                "passport_number,document_country\r\n")
        for pid, fam, given, born, sex, nat, passport in persons:
            f.write("%s,%s,%s,%s,%s,%s,%s,%s\r\n" % (pid, fam, given, born.isoformat(),
                    "male" if sex == "M" else "female", nat, passport, nat))
            i += 1
    return i


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", required=True, help="people.jsonl.gz")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--n", type=int, default=1000000, help="passengers (default 1000000)")
    ap.add_argument("--per-flight", type=int, default=300, help="passengers per message")
    ap.add_argument("--formats", default="paxlst,csv", help="paxlst, csv or both")
    a = ap.parse_args()
    if a.n < 1 or a.per_flight < 1:
        ap.error("--n and --per-flight must be positive")
    pool = load_people(a.people)
    if not pool:
        sys.exit("gen_manifest.py: no Latin-script people in %s" % a.people)
    os.makedirs(a.out, exist_ok=True)
    fmts = set(a.formats.split(","))
    if "paxlst" in fmts:
        m = write_paxlst(os.path.join(a.out, "manifest.edi"), people(pool, a.n), a.n, a.per_flight)
        print("gen_manifest.py: %s/manifest.edi: %d passengers in %d messages"
              % (a.out, a.n, m), file=sys.stderr)
    if "csv" in fmts:
        c = write_csv(os.path.join(a.out, "manifest.csv"), people(pool, a.n), a.n)
        print("gen_manifest.py: %s/manifest.csv: %d passengers" % (a.out, c), file=sys.stderr)
    listed = sum(1 for k in range(len(LISTED)) if a.n >= 2 * len(LISTED))
    print("gen_manifest.py: %d listed people placed (%s)"
          % (listed, ", ".join(e[0] for e in LISTED) if listed else "none"), file=sys.stderr)


if __name__ == "__main__":
    main()
