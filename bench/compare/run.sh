#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Pairwise name-comparison benchmark of `vigil compare`: builds the labelled
# pair set from ../shared/bench (make_pairs.py), scores it with vigil and with
# the plain baseline.py in the same run, and writes bench/results/compare.md.
# The pairs, every scored pair and the worst-errors list stay in the work
# directory (they derive from ../shared and are not committed).
#   bench/compare/run.sh [--vigil PATH] [--work DIR] [--out FILE]
# Exits 77 (skipped) when ../shared/bench is not there.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
vigil=""
work="$root/build-bench/compare"
out="$root/bench/results/compare.md"
while [ $# -gt 0 ]; do
    case "$1" in
    --vigil) vigil=$2; shift ;;
    --work) work=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 3 ;;
    esac
    shift
done
if [ ! -d "$root/../shared/bench" ]; then
    echo "bench/compare: $root/../shared/bench not found; skipped"
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
stamp="commit $commit$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' + uncommitted changes in src/'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, vigil $vigil"

$py bench/compare/make_pairs.py --shared "$shared" --vigil "$vigil" --out "$work/pairs.jsonl"
$py bench/compare/evaluate.py --pairs "$work/pairs.jsonl" --vigil "$vigil" --stamp "$stamp" \
    --md "$out" --errors "$work/worst-errors.md" --scored "$work/scored.jsonl"
echo "bench/compare: $out; worst errors in $work/worst-errors.md" >&2
