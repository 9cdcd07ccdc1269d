#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds every libFuzzer target with clang (ASan+UBSan) and runs each for a
# bounded time on a scratch copy of its seed corpus. Any crash, leak or
# sanitizer finding fails the run; the crashing input is left in
# build-fuzz/findings/<target>/ to be added to fuzz/corpus/<target>/.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 45)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-45}
./scripts/install-deps.sh
CC=clang cmake -S . -B build-fuzz -DVIGIL_BUILD_FUZZ=ON -DVIGIL_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
status=0
for exe in build-fuzz/fuzz/fuzz_*; do
    [ -x "$exe" ] || continue
    t=${exe##*/fuzz_}
    work=build-fuzz/work/$t
    findings=build-fuzz/findings/$t
    rm -rf "$work" "$findings"
    mkdir -p "$work" "$findings"
    cp -r fuzz/corpus/"$t"/. "$work"/ 2>/dev/null || true
    dict=""
    [ -f fuzz/"$t".dict ] && dict="-dict=fuzz/$t.dict"
    # shellcheck disable=SC2086
    if "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings"/ $dict "$work" > "build-fuzz/$t.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$t.log" | grep -o '[0-9]*$')
        echo "fuzz: $t: ${runs:-?} executions in ${secs} s, no findings"
    else
        echo "fuzz: $t: FAILED, see build-fuzz/$t.log and $findings/"
        tail -n 30 "build-fuzz/$t.log"
        status=1
    fi
done
exit $status
