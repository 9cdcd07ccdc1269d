#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Made-up negatives beyond the dev query files (make_negatives.py): company
# names built from ordinary people's surnames with a legal form, and single
# given names or surnames, screened by `vigil screen` against both benchmark
# lists; the alerts each raises are counted, and beside them a baseline
# binary's (--base) on the same queries, with the queries alerted by one only
# listed in the work directory. Nobody in these sets is listed, so every
# alert is a false one (a few are namesakes of a listed company's word).
#   bench/negatives/run.sh [--vigil PATH] [--base PATH] [--work DIR] [--out FILE]
# Exits 77 (skipped) when ../shared is not there.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
vigil=""
base=""
work="$root/build-bench/negatives"
out="$root/bench/results/negatives.md"
while [ $# -gt 0 ]; do
    case "$1" in
    --vigil) vigil=$2; shift ;;
    --base) base=$2; shift ;;
    --work) work=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 3 ;;
    esac
    shift
done
if [ ! -f "$root/../shared/data/population/people.jsonl.gz" ] || [ ! -d "$root/../shared/bench/lists" ]; then
    echo "bench/negatives: $root/../shared not found; skipped"
    exit 77
fi
shared=$(cd "$root/../shared" && pwd)
py=/usr/bin/python3
if [ -z "$vigil" ]; then
    cmake -S . -B build-bench -DVIGIL_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-bench -j "$(nproc 2>/dev/null || echo 2)" --target vigil >/dev/null
    vigil="$root/build-bench/vigil"
fi
mkdir -p "$work" "$(dirname "$out")"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
stamp="commit $commit$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' + uncommitted changes in src/'), $(date -u +%Y-%m-%dT%H:%MZ), vigil $vigil${base:+, baseline $base}"
lists="--list $shared/bench/lists/un/consolidated.xml --list $shared/bench/lists/ofac"

$py bench/negatives/make_negatives.py --shared "$shared" \
    --companies "$work/companies.jsonl" --single "$work/single.jsonl"
{
    echo "<!-- $stamp -->"
    echo "# Made-up negatives (bench/negatives)"
    echo
    echo "Nobody here is listed: every alert is a false one. \`vigil screen --list {un} --list {ofac}\`."
    echo
    if [ -n "$base" ]; then
        echo "| set | queries | alerted | rate | baseline alerted |"
        echo "|---|---:|---:|---:|---:|"
    else
        echo "| set | queries | alerted | rate |"
        echo "|---|---:|---:|---:|"
    fi
} > "$out"
for set in companies single; do
    # exit 2 would mean rejected lines: none are expected, and a failed
    # run stops here (set -e)
    "$vigil" screen $lists < "$work/$set.jsonl" > "$work/$set.out"
    if [ -n "$base" ]; then
        "$base" screen $lists < "$work/$set.jsonl" > "$work/$set.base.out"
        $py bench/negatives/count.py --queries "$work/$set.jsonl" --results "$work/$set.out" \
            --base "$work/$set.base.out" --label "$set" --md "$out" > "$work/$set.diff"
    else
        $py bench/negatives/count.py --queries "$work/$set.jsonl" --results "$work/$set.out" \
            --label "$set" --md "$out"
    fi
done
echo "bench/negatives: $out${base:+; queries alerted by one binary only in $work/*.diff}" >&2
