#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end `vigil screen` throughput on a generated manifest: N passengers as
# PAXLST and as CSV, screened against the bundled lists on all cores, plus a
# one-thread pass on a 100k subset; writes a markdown table.
#   bench/records/run.sh [--n N] [--subset N] [--out FILE] [--keep DIR] [--vigil PATH]
# Defaults: --n 1000000, --subset 100000 (capped at N), --out bench/results/records.md,
# --vigil build-bench/vigil (configured and built here when --vigil is not given).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=1000000
subset=100000
out="$root/bench/results/records.md"
keep=""
vigil=""
while [ $# -gt 0 ]; do
    case "$1" in
    --n) n=$2; shift ;;
    --subset) subset=$2; shift ;;
    --out) out=$2; shift ;;
    --keep) keep=$2; shift ;;
    --vigil) vigil=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 3 ;;
    esac
    shift
done
[ "$subset" -gt "$n" ] && subset=$n
people="$root/../shared/data/population/people.jsonl.gz"
if [ ! -f "$people" ]; then
    echo "run.sh: $people not found" >&2
    exit 77
fi
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time (GNU time) not found" >&2
    exit 77
fi
py=/usr/bin/python3

if [ -z "$vigil" ]; then
    if [ ! -f build-bench/CMakeCache.txt ]; then
        cmake -S . -B build-bench -DVIGIL_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
    cmake --build build-bench -j "$(nproc 2>/dev/null || echo 2)" --target vigil >/dev/null
    vigil="$root/build-bench/vigil"
fi

if [ -n "$keep" ]; then
    tmp=$keep
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-records.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT INT TERM
fi

echo "run.sh: generating $n passengers in $tmp" >&2
gen_start=$(date +%s)
$py bench/records/gen_manifest.py --people "$people" --out "$tmp/full" --n "$n"
if [ "$subset" -lt "$n" ]; then
    $py bench/records/gen_manifest.py --people "$people" --out "$tmp/sub" --n "$subset"
else
    ln -s "$tmp/full" "$tmp/sub"
fi
gen_s=$(( $(date +%s) - gen_start ))

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$vigil" = "$root/build-bench/vigil" ]; then
    dirty=$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' + uncommitted changes in src/')
else
    dirty=" (working tree; binary: $vigil)"
fi
cpus=$(nproc 2>/dev/null || echo '?')
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
rows="$tmp/rows.md"
: >"$rows"
status=0

# run LABEL FORMAT FILE THREADS-ARG...: one timed `vigil screen`, one table row.
run() {
    label=$1 fmt=$2 file=$3
    shift 3
    echo "run.sh: $label: vigil screen --in $file --format $fmt --output jsonl $*" >&2
    rc=0
    /usr/bin/time -v -o "$tmp/time.txt" "$vigil" screen --in "$file" --format "$fmt" \
        --output jsonl "$@" >/dev/null 2>"$tmp/err.txt" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
        echo "run.sh: vigil screen exited $rc:" >&2
        tail -5 "$tmp/err.txt" >&2
        status=1
    fi
    summary=$(grep -E '^vigil: [0-9]+ read, ' "$tmp/err.txt" | tail -1 || true)
    $py - "$label" "$tmp/time.txt" "$summary" "$file" >>"$rows" <<'EOF'
import os, re, sys
label, tfile, summary, infile = sys.argv[1:5]
t = open(tfile).read()
def field(name):
    m = re.search(r"^\s*" + re.escape(name) + r": (.*)$", t, re.M)
    return m.group(1).strip() if m else ""
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part or 0)
user, sys_ = float(field("User time (seconds)") or 0), float(field("System time (seconds)") or 0)
rss = int(field("Maximum resident set size (kbytes)") or 0) / 1024
m = re.match(r"vigil: (\d+) read, (\d+) screened, (\d+) with alerts, (\d+) rejected", summary)
read, scr, al, rej = m.groups() if m else ("?",) * 4
rate = int(read) / secs if m and secs > 0 else 0
mib = os.path.getsize(infile) / 2**20
print("| %s | %s | %.1f | %.1f | %.0f | %.1f + %.1f | %.1f | %.0f | %s / %s / %s |"
      % (label, read, mib, secs, rate, user, sys_, (user + sys_) / secs if secs else 0, rss,
         scr, al, rej))
EOF
}

run "PAXLST, all threads" paxlst "$tmp/full/manifest.edi"
run "CSV, all threads" csv "$tmp/full/manifest.csv"
run "PAXLST, --threads 1" paxlst "$tmp/sub/manifest.edi" --threads 1
run "CSV, --threads 1" csv "$tmp/sub/manifest.csv" --threads 1

mkdir -p "$(dirname "$out")"
vigil_shown=${vigil#"$root"/}
{
    echo "<!-- commit $commit$dirty, $(date -u +%Y-%m-%dT%H:%MZ), $cpus cores, load average before the runs $load -->"
    echo
    echo "### \`vigil screen\` end to end: generated manifest of $n passengers (bench/records)"
    echo
    echo "| run | records | input (MiB) | wall (s) | records/s | CPU user + sys (s) | cores used | peak RSS (MiB) | screened / alerted / rejected |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$rows"
    echo
    echo "Input: \`bench/records/gen_manifest.py --n $n\` (PAXLST: one message per flight of 300, one segment a line; CSV: header row and 8 columns; the same people in both, MRZ-style A-Z names from the Latin-script population, $( [ "$n" -ge 12 ] && echo 6 || echo 0) of them MRZ spellings of UN-listed people). The \`--threads 1\` rows screen a separate \`--n $subset\` manifest (the first $subset people of the same sequence, listed people placed at other positions)."
    echo "Command: \`/usr/bin/time -v $vigil_shown screen --in FILE --format paxlst|csv --output jsonl [--threads 1] > /dev/null\`, bundled lists (UN + OFAC), default threshold; records/s = records / wall time, which includes loading the lists and building the index (under a second). Generation took ${gen_s} s and is not timed. Peak RSS is GNU time's maximum resident set size. The machine is shared, so the timings are noisy."
} >"$out"
echo "run.sh: wrote $out" >&2
cat "$out"
exit $status
