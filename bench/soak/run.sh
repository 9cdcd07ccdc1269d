#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Soak: a bounded wrk run (2 threads, 16 connections, SECONDS) against
# `vigil serve --open` on loopback (bundled lists, 2 workers, 64 KiB body
# cap) with a fixed mix of valid and malformed requests (mixed.lua), while
# the server's RSS is sampled every 0.5 s. After a warm-up (a tenth of the
# time, not sampled) it checks that
#   - every response has an expected status (200 for valid requests; 400,
#     404, 413, 415, 422 for the malformed ones) and wrk saw no socket errors;
#   - memory stays flat: the mean RSS of the last quarter is within
#     MAX_GROWTH_PCT (default 5) of the mean of the first quarter;
#   - the server still answers and exits 0 on SIGTERM.
# Writes a Markdown summary to OUT (default: stdout only).
#   bench/soak/run.sh VIGIL ROOT [SECONDS] [OUT]
# Exit: 0 pass, 1 a check failed, 77 wrk missing (scripts/install-deps.sh --bench).
set -u
VIGIL=$1
ROOT=$2
SECS=${3:-45}
OUT=${4:-}
MAXG=${MAX_GROWTH_PCT:-5}
command -v wrk > /dev/null 2>&1 || { echo "wrk not installed: skipped"; exit 77; }
T=$(mktemp -d)
PID=""
SAMPLER=""
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2> /dev/null
    [ -n "$PID" ] && kill -9 "$PID" 2> /dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
python3 "$ROOT/bench/server/gen_queries.py" "$ROOT" 4000 "$T/bodies" "$T/q.jsonl" || exit 1
printf 'threads = 2\nmax_body_bytes = 65536\naccess_log = false\nopen = true\n' > "$T/conf"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$VIGIL" serve --config "$T/conf" --listen "127.0.0.1:$PORT" 2> "$T/log" &
PID=$!
i=0
until [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ]; do
    i=$((i + 1))
    if [ $i -gt 300 ] || ! kill -0 "$PID" 2> /dev/null; then
        echo "server did not start"; cat "$T/log"; exit 1
    fi
    sleep 0.1
done
fails=0
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
warm=$((SECS / 10 + 1))
BODIES="$T/bodies" STATS="$T/warm" wrk -t2 -c16 -d"${warm}s" -s "$ROOT/bench/soak/mixed.lua" \
    "$BASE" > /dev/null 2>&1
(
    while kill -0 "$PID" 2> /dev/null; do
        awk -v t="$(date +%s.%N)" '/^VmRSS:/ {print t, $2}' "/proc/$PID/status" 2> /dev/null
        sleep 0.5
    done
) > "$T/rss" &
SAMPLER=$!
BODIES="$T/bodies" STATS="$T/stats" wrk -t2 -c16 -d"${SECS}s" --timeout 10s --latency \
    -s "$ROOT/bench/soak/mixed.lua" "$BASE" > "$T/wrk" 2>&1
kill "$SAMPLER" 2> /dev/null
wait "$SAMPLER" 2> /dev/null
SAMPLER=""
[ -s "$T/stats" ] || { bad "wrk wrote no statistics"; cat "$T/wrk"; exit 1; }
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST "$BASE/match/default" \
    -H 'Content-Type: application/json' \
    -d '{"queries":{"q":{"schema":"Person","properties":{"name":["Hasan Nasrallah"]}}}}')
[ "$code" = 200 ] || bad "server does not answer after the soak ($code)"
curl -s -m 10 "$BASE/metrics" > "$T/metrics"
kill -TERM "$PID"
wait "$PID"
rc=$?
PID=""
[ "$rc" = 0 ] || bad "server exit status $rc after SIGTERM"
if grep -q "Sanitizer" "$T/log"; then bad "sanitizer report"; sed -n '/Sanitizer/,+30p' "$T/log"; fi

python3 - "$T/stats" "$T/rss" "$SECS" "$MAXG" "$T/summary.md" "$T/verdict" <<'PY' || bad "soak summary failed (no statistics or RSS samples?)"
import sys
stats, rss, secs, maxg, out, verdict = sys.argv[1:]
codes, kv = {}, {}
for line in open(stats):
    p = line.split()
    if p[0] == "status":
        codes[int(p[1])] = int(p[2])
    elif p[0] == "errors":
        kv["errors"] = dict(zip(p[1::2], map(int, p[2::2])))
    else:
        kv[p[0]] = int(p[1])
samples = [tuple(map(float, l.split())) for l in open(rss) if len(l.split()) == 2]
n = len(samples)
q = max(1, n // 4)
first = sum(s[1] for s in samples[:q]) / q
last = sum(s[1] for s in samples[-q:]) / q
peak = max(s[1] for s in samples)
growth = 100.0 * (last - first) / first
total = kv["requests"]
expected = {200, 400, 404, 413, 415, 422}
unexpected = {c: v for c, v in codes.items() if c not in expected}
errs = kv["errors"]
sock = errs["connect"] + errs["read"] + errs["write"] + errs["timeout"]
malformed = sum(v for c, v in codes.items() if c in expected and c != 200)
problems = []
if unexpected:
    problems.append("unexpected statuses %s" % unexpected)
if sock:
    problems.append("socket errors %s" % errs)
if growth > float(maxg):
    problems.append("RSS grew %.1f%% (limit %s%%)" % (growth, maxg))
if n < 8:
    problems.append("only %d RSS samples" % n)
# the mix: 14 of 20 requests valid (200), 6 malformed
if codes.get(200, 0) < 0.6 * total or malformed < 0.25 * total:
    problems.append("status mix off: %s" % codes)
ms = lambda us: "%.1f ms" % (kv[us] / 1000.0)
with open(out, "w") as f:
    f.write("| load | requests | req/s | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|---|\n")
    f.write("| wrk 2 threads, 16 connections, %s s, 70%% valid / 30%% malformed | %d | %.0f | %s | %s | %s | %s | %s |\n\n"
            % (secs, total, total / (kv["duration_us"] / 1e6), ms("latency_p50_us"), ms("latency_p90_us"),
               ms("latency_p99_us"), ms("latency_p99.9_us"), ms("latency_max_us")))
    f.write("| status | count | meaning |\n|---|---|---|\n")
    meaning = {200: "valid /match and /search (a non-UTF-8 search finds nothing)", 400: "bad JSON",
               404: "unknown dataset", 413: "body over max_body_bytes", 415: "wrong content type",
               422: "missing schema"}
    for c in sorted(codes):
        f.write("| %d | %d | %s |\n" % (c, codes[c], meaning.get(c, "UNEXPECTED")))
    f.write("| socket errors | %d | connect/read/write/timeout |\n\n" % sock)
    f.write("| RSS | first quarter mean | last quarter mean | growth | peak | samples |\n|---|---|---|---|---|---|\n")
    f.write("| vigil serve | %.1f MiB | %.1f MiB | %+.2f%% | %.1f MiB | %d |\n" % (first / 1024, last / 1024, growth, peak / 1024, n))
open(verdict, "w").write("\n".join(problems))
PY
cat "$T/summary.md"
if [ -s "$T/verdict" ]; then
    while IFS= read -r line; do bad "$line"; done < "$T/verdict"
fi
if [ -n "$OUT" ]; then
    {
        echo "Soak run of $(date -u +%Y-%m-%dT%H:%MZ) (bench/soak/run.sh, $(nproc) CPUs):"
        echo
        cat "$T/summary.md"
        echo
        if [ "$fails" -eq 0 ]; then echo "Verdict: pass"; else echo "Verdict: FAIL ($fails)"; fi
    } > "$OUT"
fi
[ "$fails" -eq 0 ] || exit 1
echo "soak: pass"
