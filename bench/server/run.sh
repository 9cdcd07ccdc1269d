#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Server benchmark: `vigil serve --open` on a free loopback port (bundled
# lists, one worker per CPU) driven by wrk (32 connections) with 12,000
# distinct single-query /match requests; requests per second and p50/p99
# latency, as fast as the server answers and at a steady offered load of
# about 12,500 per second, beside the same queries through `vigil screen`
# (JSONL on stdin), and the server's CPU time per request.
# wrk runs on the same two cores as the server's two workers, so it gets
# one thread (WRK_THREADS, default 1): a second wrk thread competes with
# the workers for a core and its wait for one is counted in every latency
# it measures. The saturated run is repeated with two wrk threads, for
# comparison with earlier results. Needs wrk (scripts/install-deps.sh --bench); exits 77 without it.
#   bench/server/run.sh VIGIL ROOT [SECONDS]
set -u
VIGIL=$1
ROOT=$2
SECS=${3:-10}
WT=${WRK_THREADS:-1}
command -v wrk >/dev/null 2>&1 || { echo "wrk not installed: skipped"; exit 77; }
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
python3 "$ROOT/bench/server/gen_queries.py" "$ROOT" 12000 "$T/bodies" "$T/q.jsonl" || exit 1
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VIGIL" serve --open --listen "127.0.0.1:$PORT" --config /dev/null 2> "$T/log" &
PID=$!
i=0
until [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]; do
    i=$((i + 1)); [ $i -gt 200 ] && { echo "server did not start"; cat "$T/log"; exit 1; }
    sleep 0.1
done
# access_log stays on: it is part of the cost of serving
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat" 2>/dev/null || echo 0; }
# wrk_run THREADS OUT [DELAY_MS]: one wrk run, its output in $T/OUT and
# on stdout
wrk_run() {
    DELAY_MS=${3:-} BODIES="$T/bodies" wrk -t"$1" -c32 -d"${SECS}s" --latency \
        -s "$ROOT/bench/server/match.lua" "http://127.0.0.1:$PORT" > "$T/$2" 2>&1
    cat "$T/$2"
}
# wrk_stat OUT rps|n|p50|p99|non2xx: one figure of a wrk run
wrk_stat() {
    case $2 in
    rps) awk '/Requests\/sec/ {print $2}' "$T/$1" ;;
    n) awk '/requests in/ {print $1}' "$T/$1" ;;
    p50) awk '$1 == "50%" {print $2}' "$T/$1" ;;
    p99) awk '$1 == "99%" {print $2}' "$T/$1" ;;
    non2xx) awk '/Non-2xx/ {print $5}' "$T/$1" ;;
    esac
}
c0=$(cpu)
wrk_run "$WT" sat
c1=$(cpu)
# the server's CPU time (user + system) per request while saturated: less
# at the mercy of neighbours on a shared machine than req/s and latency
cpu_us=$(python3 -c "print(round(($c1 - $c0) / $(getconf CLK_TCK) * 1e6 / max(1, $(wrk_stat sat n | grep . || echo 0)), 1))")
# the same at a steady offered load: each connection waits 1 ms between a
# reply and its next request (about 12,500 requests per second: wrk's timer
# is coarse), so the latency is that of a server at the target rate, not of
# one saturated
wrk_run "$WT" steady 1
# saturated again with two wrk threads (the setting of earlier results)
wrk_run 2 sat2
kill "$PID"; wait "$PID"; PID=""
start=$(date +%s.%N)
"$VIGIL" screen < "$T/q.jsonl" > /dev/null 2>&1
end=$(date +%s.%N)
cli=$(python3 -c "print(round(12000 / ($end - $start)))")
echo
echo "| path | queries/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "| HTTP /match (wrk, $WT thread(s), 32 connections, 12,000 distinct queries, ${SECS} s, as fast as it answers) | $(wrk_stat sat rps) | $(wrk_stat sat p50) | $(wrk_stat sat p99) |"
echo "| HTTP /match (the same, 1 ms between a reply and the next request: steady load) | $(wrk_stat steady rps) | $(wrk_stat steady p50) | $(wrk_stat steady p99) |"
echo "| HTTP /match (as fast as it answers, wrk with 2 threads) | $(wrk_stat sat2 rps) | $(wrk_stat sat2 p50) | $(wrk_stat sat2 p99) |"
echo "| vigil screen (same queries, JSONL on stdin, incl. list load) | $cli | | |"
echo
echo "server CPU per request, saturated run: $cpu_us µs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
[ -z "$(wrk_stat sat non2xx)$(wrk_stat steady non2xx)$(wrk_stat sat2 non2xx)" ] ||
    { echo "non-2xx responses: $(wrk_stat sat non2xx) $(wrk_stat steady non2xx) $(wrk_stat sat2 non2xx)"; exit 1; }
