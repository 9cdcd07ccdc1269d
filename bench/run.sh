#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the vigil benchmarks and writes markdown tables to bench/results/:
# eval.py on the three dev query files (whole `vigil screen` process, one core),
# the whole process alone on one core (no harness: whole-process.md),
# bench_screen on the benchmark lists, and with --scale a synthetic list of
# 10k, 100k and 1M entities.
#   bench/run.sh [--scale] [--skip-eval] [--runs N]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scale=0
eval_on=1
runs=3
while [ $# -gt 0 ]; do
    case "$1" in
    --scale) scale=1 ;;
    --skip-eval) eval_on=0 ;;
    --runs) runs=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 3 ;;
    esac
    shift
done
if [ ! -d "$root/../shared/bench" ]; then
    echo "run.sh: $root/../shared/bench not found" >&2
    exit 3
fi
shared=$(cd "$root/../shared" && pwd)
kit="$shared/bench"
out="$root/bench/results"
mkdir -p "$out"
py=/usr/bin/python3

cmake -S . -B build-bench -DVIGIL_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j "$(nproc 2>/dev/null || echo 2)" --target vigil bench_screen >/dev/null
bs="$root/build-bench/bench/bench_screen"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
stamp="commit $commit$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' + uncommitted changes in src/'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"

# ---- 1. whole process: eval.py, vigil screen pinned to core 0 ---------------
if [ "$eval_on" = 1 ]; then
    engine="taskset -c 0 $root/build-bench/vigil screen --list {un} --list {ofac}"
    for f in queries-dev queries-dev-latin-arabic queries-dev-nameonly; do
        echo "run.sh: eval.py on $f" >&2
        $py "$kit/eval.py" --engine "$engine" --queries "$kit/$f.jsonl.gz" --by-tag \
            --md "$out/eval-$f.md.tmp" >"$out/eval-$f.log" 2>&1 || {
            echo "run.sh: eval.py failed on $f, see $out/eval-$f.log" >&2; exit 1; }
        { echo "<!-- $stamp; engine: $engine -->"; echo; cat "$out/eval-$f.md.tmp"; } >"$out/eval-$f.md"
        rm -f "$out/eval-$f.md.tmp"
    done
fi

# ---- 1b. whole process alone: vigil screen on one core, no harness ----------
# The issue's throughput measure: the whole `vigil screen` process on one
# core over all dev queries, list load and index build included. eval.py's
# wall time above also counts the Python harness, which writes and parses
# every line on the same two cores; here the queries (input fields only, as
# eval.py sends them) come from a file and the results go to /dev/null.
echo "run.sh: whole vigil screen process on one core" >&2
wtmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-whole.XXXXXX")
$py - "$kit/queries-dev.jsonl.gz" "$wtmp/q.jsonl" <<'PY'
import gzip, json, sys
keep = ("id", "name", "first_name", "last_name", "birth_date", "nationality", "gender")
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        q = json.loads(line)
        o.write(json.dumps({k: q[k] for k in keep if k in q}, ensure_ascii=False) + "\n")
PY
nq=$(wc -l <"$wtmp/q.jsonl")
{
    echo "<!-- $stamp -->"
    echo
    echo "### Whole \`vigil screen\` process, one core (taskset -c 0), all of queries-dev.jsonl.gz"
    echo
    echo "Input fields only, from a file; results to /dev/null; list load and index build included."
    echo
    echo "| run | queries | wall (s) | user (s) | sys (s) | queries/s (wall) | peak RSS (MiB) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    i=1
    while [ "$i" -le "$runs" ]; do
        /usr/bin/time -f "%e %U %S %M" -o "$wtmp/time" taskset -c 0 "$root/build-bench/vigil" screen \
            --list "$kit/lists/un/consolidated.xml" --list "$kit/lists/ofac" \
            <"$wtmp/q.jsonl" >/dev/null 2>"$wtmp/err" || { cat "$wtmp/err" >&2; exit 1; }
        read -r wall usr sys kb <"$wtmp/time"
        $py -c "import sys; w,u,s,k,n,i=sys.argv[1:]; print(f'| {i} | {n} | {w} | {u} | {s} | {int(n)/float(w):.0f} | {int(k)/1024:.1f} |')" \
            "$wall" "$usr" "$sys" "$kb" "$nq" "$i"
        i=$((i + 1))
    done
} >"$out/whole-process.md"
rm -rf "$wtmp"

# ---- 2. bench_screen on the benchmark lists --------------------------------
echo "run.sh: bench_screen on the benchmark lists" >&2
{
    echo "<!-- $stamp -->"
    echo
    taskset -c 0 "$bs" --list "$kit/lists/un/consolidated.xml" --list "$kit/lists/ofac" \
        --queries "$kit/queries-dev.jsonl.gz" --runs "$runs" --baseline-max 2000 \
        --exhaustive-compare --compare-every 40 \
        --title "bench_screen: benchmark lists (UN + OFAC), all of queries-dev.jsonl.gz"
} >"$out/bench-screen.md"

# ---- 3. optional: synthetic lists at 10k, 100k, 1M entities ------------------
if [ "$scale" = 1 ]; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-scale.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT INT TERM
    {
        echo "<!-- $stamp -->"
        echo
        echo "### Scale: synthetic OFAC-format lists (bench/gen_synthetic.py)"
        echo
        echo "| entities | names | load (ms) | build (ms) | index (MiB) | peak RSS (MiB) | vigil q/s | brute-force JW q/s | vigil recall@10 | brute-force recall@10 |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    } >"$out/scale.md.tmp"
    : >"$out/scale-detail.md"
    for n in 10000 100000 1000000; do
        echo "run.sh: scale $n" >&2
        $py bench/gen_synthetic.py --people "$shared/data/population/people.jsonl.gz" \
            --out "$tmp/syn-$n" --size "$n" --queries 5000
        r=$runs; bl=2000
        [ "$n" -ge 100000 ] && bl=200
        [ "$n" -ge 1000000 ] && { r=1; bl=20; }
        taskset -c 0 "$bs" --list "$tmp/syn-$n" --queries "$tmp/syn-$n/queries.jsonl" --runs "$r" \
            --baseline-max "$bl" --title "Synthetic list, $n entities" >"$tmp/r.md"
        cat "$tmp/r.md" >>"$out/scale-detail.md"
        sed -n 's/^<!-- row: \(.*\) -->$/\1/p' "$tmp/r.md" >>"$out/scale.md.tmp"
        rm -rf "$tmp/syn-$n"
    done
    mv "$out/scale.md.tmp" "$out/scale.md"
fi
echo "run.sh: results in $out" >&2
