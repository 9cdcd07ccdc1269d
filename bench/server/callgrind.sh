#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Instructions per /match request of `vigil serve`, counted by callgrind
# (deterministic, unlike req/s on a shared machine): the server on the
# bundled lists (--open, access log on) under callgrind with
# instrumentation off until it is ready; N_WARM requests of BODIES
# (bench/server/gen_queries.py) to warm it up, counters zeroed, then N
# requests one after another on one keep-alive connection, dumped. Prints
# the total and per request; the profile is left in OUT.<pid> for
# callgrind_annotate.
#   bench/server/callgrind.sh VIGIL BODIES OUT [N] [N_WARM]
set -u
VIGIL=$1
BODIES=$2
OUT=$3
N=${4:-1000}
WARM=${5:-50}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT.%p" \
    "$VIGIL" serve --open --listen "127.0.0.1:$PORT" --config /dev/null 2> "$OUT.log" &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
i=0
until [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]; do
    i=$((i + 1)); [ $i -gt 600 ] && { echo "server did not start"; exit 1; }
    sleep 0.5
done
send() {
    python3 - "$PORT" "$BODIES" "$1" "$2" <<'EOF'
import http.client, sys
port, path, skip, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
bodies = [l.rstrip("\n") for l in open(path)]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for i in range(skip, skip + n):
    c.request("POST", "/match/default", body=bodies[i % len(bodies)],
              headers={"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    if r.status != 200: sys.exit("status %d" % r.status)
EOF
}
callgrind_control -i on "$PID" >/dev/null
send 0 "$WARM" || exit 1
callgrind_control -z "$PID" >/dev/null
send "$WARM" "$N" || exit 1
callgrind_control -d "$PID" >/dev/null
kill "$PID"; wait "$PID" 2>/dev/null
trap - EXIT
F=$(ls -t "$OUT".* | grep -v '\.log$' | head -1)
# the dump after zeroing holds the N requests; the final one at exit only the stop
D=$(ls "$OUT.$PID".* 2>/dev/null | head -1)
[ -n "$D" ] || D=$F
total=$(callgrind_annotate "$D" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "profile: $D"
echo "instructions: $total for $N requests, $(python3 -c "print(round($total / $N / 1000, 1))")k per request"
