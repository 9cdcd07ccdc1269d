#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The long local fuzzing run: every target for SECONDS (default 600) with
# scripts/fuzz.sh, executions per target recorded in
# bench/results/fuzz-long.tsv (read by tools/reliability-report.sh). Run on
# an otherwise idle machine; 9 targets x 600 s is 90 minutes.
#   tools/fuzz-long.sh [SECONDS_PER_TARGET]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
FUZZ_RESULTS=bench/results/fuzz-long.tsv ./scripts/fuzz.sh "$secs"
echo "recorded in bench/results/fuzz-long.tsv"
