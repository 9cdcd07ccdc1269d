#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# ctest bench/screen: runs bench_screen once on the bundled lists with a small
# query sample. Exits 77 (ctest "skipped") when no query file is available.
#   screen_smoke.sh BENCH_SCREEN REPO_ROOT
set -eu
bin=$1
root=$2
shared="$root/../shared/bench/queries-dev.jsonl.gz"
if [ -f "$shared" ]; then
    q=$shared
elif [ -f "$root/examples/travellers.jsonl" ]; then
    q="$root/examples/travellers.jsonl"
else
    echo "bench/screen: no query file (../shared/bench or examples/); skipped"
    exit 77
fi
exec "$bin" --list "$root/data/lists/un/consolidated.xml" --list "$root/data/lists/ofac" \
    --queries "$q" --max-queries 2000 --runs 1 --baseline-max 200 \
    --exhaustive-compare --compare-every 20 --title "bench/screen smoke run (bundled lists)"
