#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs dependencies, builds and runs every test (benchmarks excluded).
#   scripts/test.sh              default gcc Release build in build/
#   scripts/test.sh --sanitize   ASan+UBSan Debug build in build-asan/
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dir=build
flags=""
if [ "${1:-}" = "--sanitize" ]; then
    dir=build-asan
    flags="-DVIGIL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
fi
jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake -S . -B "$dir" $flags >/dev/null
cmake --build "$dir" -j "$jobs"
ctest --test-dir "$dir" --output-on-failure -j "$jobs" -LE bench
