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
c0=$(cpu)
BODIES="$T/bodies" wrk -t"$WT" -c32 -d"${SECS}s" --latency -s "$ROOT/bench/server/match.lua" \
    "http://127.0.0.1:$PORT" > "$T/wrk" 2>&1
c1=$(cpu)
cat "$T/wrk"
rps=$(awk '/Requests\/sec/ {print $2}' "$T/wrk")
nreq=$(awk '/requests in/ {print $1}' "$T/wrk")
# the server's CPU time (user + system) per request while saturated: less
# at the mercy of neighbours on a shared machine than req/s and latency
cpu_us=$(python3 -c "print(round(($c1 - $c0) / $(getconf CLK_TCK) * 1e6 / max(1, ${nreq:-0}), 1))")
p50=$(awk '$1 == "50%" {print $2}' "$T/wrk")
p99=$(awk '$1 == "99%" {print $2}' "$T/wrk")
non2xx=$(awk '/Non-2xx/ {print $5}' "$T/wrk")
# the same at a steady offered load: each connection waits 1 ms between a
# reply and its next request (about 12,500 requests per second: wrk's timer
# is coarse), so the
# latency is that of a server at the target rate, not of one saturated
DELAY_MS=1 BODIES="$T/bodies" wrk -t"$WT" -c32 -d"${SECS}s" --latency -s "$ROOT/bench/server/match.lua" \
    "http://127.0.0.1:$PORT" > "$T/wrk2" 2>&1
cat "$T/wrk2"
rps2=$(awk '/Requests\/sec/ {print $2}' "$T/wrk2")
p50b=$(awk '$1 == "50%" {print $2}' "$T/wrk2")
p99b=$(awk '$1 == "99%" {print $2}' "$T/wrk2")
non2xx2=$(awk '/Non-2xx/ {print $5}' "$T/wrk2")
# saturated again with two wrk threads (the setting of earlier results)
BODIES="$T/bodies" wrk -t2 -c32 -d"${SECS}s" --latency -s "$ROOT/bench/server/match.lua" \
    "http://127.0.0.1:$PORT" > "$T/wrk3" 2>&1
cat "$T/wrk3"
rps3=$(awk '/Requests\/sec/ {print $2}' "$T/wrk3")
p50c=$(awk '$1 == "50%" {print $2}' "$T/wrk3")
p99c=$(awk '$1 == "99%" {print $2}' "$T/wrk3")
non2xx3=$(awk '/Non-2xx/ {print $5}' "$T/wrk3")
kill "$PID"; wait "$PID"; PID=""
start=$(date +%s.%N)
"$VIGIL" screen < "$T/q.jsonl" > /dev/null 2>&1
end=$(date +%s.%N)
cli=$(python3 -c "print(round(12000 / ($end - $start)))")
echo
echo "| path | queries/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "| HTTP /match (wrk, $WT thread(s), 32 connections, 12,000 distinct queries, ${SECS} s, as fast as it answers) | $rps | $p50 | $p99 |"
echo "| HTTP /match (the same, 1 ms between a reply and the next request: steady load) | $rps2 | $p50b | $p99b |"
echo "| HTTP /match (as fast as it answers, wrk with 2 threads) | $rps3 | $p50c | $p99c |"
echo "| vigil screen (same queries, JSONL on stdin, incl. list load) | $cli | | |"
echo
echo "server CPU per request, saturated run: $cpu_us µs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
[ -z "$non2xx$non2xx2$non2xx3" ] || { echo "non-2xx responses: $non2xx $non2xx2 $non2xx3"; exit 1; }
