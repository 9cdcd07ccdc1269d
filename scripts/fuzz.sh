#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds every libFuzzer target with clang (ASan+UBSan) and runs each for a
# bounded time on a scratch copy of its seed corpus, with its dictionary.
# Any crash, leak, timeout or sanitizer finding fails the run; the crashing
# input is left in build-fuzz/findings/<target>/ to be added to
# fuzz/corpus/<target>/ (replayed by ctest from then on). A target without
# a seed corpus or a dictionary fails the run too.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 45)
# One line per target (target, seconds, executions, result) goes to
# $FUZZ_RESULTS (default build-fuzz/fuzz-results.tsv).
set -eu
cd "$(dirname "$0")/.."
secs=${1:-45}
./scripts/install-deps.sh
CC=clang cmake -S . -B build-fuzz -DVIGIL_BUILD_FUZZ=ON -DVIGIL_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
results=${FUZZ_RESULTS:-build-fuzz/fuzz-results.tsv}
mkdir -p "$(dirname "$results")"
printf 'target\tseconds\texecutions\tresult\n' > "$results"
# leaks are findings (LeakSanitizer runs at exit of each input's process)
ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export ASAN_OPTIONS
status=0
ran=0
for exe in build-fuzz/fuzz/fuzz_*; do
    [ -x "$exe" ] || continue
    ran=$((ran + 1))
    t=${exe##*/fuzz_}
    if [ -z "$(ls -A fuzz/corpus/"$t" 2>/dev/null)" ] || [ ! -f fuzz/"$t".dict ]; then
        echo "fuzz: $t: FAILED, needs a seed corpus (fuzz/corpus/$t/) and fuzz/$t.dict"
        printf '%s\t%s\t0\tno corpus or dictionary\n' "$t" "$secs" >> "$results"
        status=1
        continue
    fi
    work=build-fuzz/work/$t
    findings=build-fuzz/findings/$t
    rm -rf "$work" "$findings"
    mkdir -p "$work" "$findings"
    cp -r fuzz/corpus/"$t"/. "$work"/
    if "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings"/ -dict="fuzz/$t.dict" "$work" > "build-fuzz/$t.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$t.log" | grep -o '[0-9]*$')
        echo "fuzz: $t: ${runs:-?} executions in ${secs} s, no findings"
        printf '%s\t%s\t%s\tno findings\n' "$t" "$secs" "${runs:-0}" >> "$results"
    else
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$t.log" | grep -o '[0-9]*$' || true)
        echo "fuzz: $t: FAILED, see build-fuzz/$t.log and $findings/"
        tail -n 30 "build-fuzz/$t.log"
        printf '%s\t%s\t%s\tFINDING (see %s)\n' "$t" "$secs" "${runs:-0}" "$findings" >> "$results"
        status=1
    fi
done
if [ "$ran" = 0 ]; then
    echo "fuzz: no fuzz target was built"
    status=1
fi
exit $status
