#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs dependencies, builds and runs every test (benchmarks excluded).
#   scripts/test.sh              default gcc Release build in build/
#   scripts/test.sh --sanitize   ASan+UBSan Debug build in build-asan/ (leaks
#                                fail the run: LeakSanitizer is on)
#   scripts/test.sh --tsan       ThreadSanitizer build in build-tsan/ running
#                                the threaded tests (screener threads, store
#                                concurrency, the server end to end with
#                                reloads under load); a data race fails the run
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dir=build
flags=""
select=""
case "${1:-}" in
--sanitize)
    dir=build-asan
    flags="-DVIGIL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
    export ASAN_OPTIONS UBSAN_OPTIONS
    ;;
--tsan)
    dir=build-tsan
    flags="-DVIGIL_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo"
    # halt_on_error: the first race fails the test; second_deadlock_stack
    # gives both stacks of a lock-order inversion.
    TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1:${TSAN_OPTIONS:-}"
    export TSAN_OPTIONS
    select="-L threads"
    ;;
esac
jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake -S . -B "$dir" $flags >/dev/null
cmake --build "$dir" -j "$jobs"
# shellcheck disable=SC2086
ctest --test-dir "$dir" --output-on-failure -j "$jobs" -LE bench $select
