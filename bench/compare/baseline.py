#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A plain name-pair scorer for the compare benchmark: Jaro-Winkler over folded
strings and a token-set alignment, with no rarity, variants or transliteration.
Reads the same JSONL as `vigil compare` ({"id","a","b","schema"}) on stdin and
writes {"id","score"}; run.sh picks its threshold as its best F1 on the set.
Standard library only.
"""
import json
import re
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return [t for t in re.split(r"[\W_]+", s) if t]


def jaro(a, b):
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    win = max(la, lb) // 2 - 1
    if win < 0:
        win = 0
    ma = [False] * la
    mb = [False] * lb
    m = 0
    for i, ch in enumerate(a):
        lo, hi = max(0, i - win), min(lb, i + win + 1)
        for j in range(lo, hi):
            if not mb[j] and b[j] == ch:
                ma[i] = mb[j] = True
                m += 1
                break
    if not m:
        return 0.0
    t = 0
    j = 0
    for i in range(la):
        if ma[i]:
            while not mb[j]:
                j += 1
            if a[i] != b[j]:
                t += 1
            j += 1
    t //= 2
    return (m / la + m / lb + (m - t) / m) / 3.0


def jw(a, b, p=0.1):
    j = jaro(a, b)
    n = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        n += 1
    return j + n * p * (1.0 - j)


def token_set(ta, tb):
    """Greedy one-to-one alignment of tokens by Jaro-Winkler; unmatched
    characters of either side count against the score (length-weighted)."""
    if not ta or not tb:
        return 0.0
    cand = sorted(((jw(x, y), i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)), reverse=True)
    ua, ub = set(), set()
    got = 0.0
    for s, i, j in cand:
        if i in ua or j in ub:
            continue
        ua.add(i)
        ub.add(j)
        got += s * (len(ta[i]) + len(tb[j]))
    total = sum(map(len, ta)) + sum(map(len, tb))
    return got / total


def score(a, b):
    ta, tb = fold(a), fold(b)
    if not ta or not tb:
        return 0.0
    whole = jw(" ".join(ta), " ".join(tb))
    srt = jw(" ".join(sorted(ta)), " ".join(sorted(tb)))
    return max(whole, srt, token_set(ta, tb))


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        p = json.loads(line)
        sys.stdout.write(json.dumps({"id": p["id"], "score": round(score(p["a"], p["b"]), 4)}) + "\n")


if __name__ == "__main__":
    main()
