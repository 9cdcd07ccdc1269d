#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fault injection into `vigil serve` with a state_dir (last good lists):
#  1. kill -9 at staggered moments during reloads (SIGHUP): after each, the
#     state directory names a complete generation equal to the lists;
#  2. a restart whose configured list is broken serves the last good lists
#     (and says so); a reload once the list is fixed serves it again;
#  3. a full disk (RLIMIT_FSIZE with SIGXFSZ ignored, as `ulimit -f`) during
#     the state copy: the reload still serves the new lists, the error is
#     logged, the previous generation stays current and intact.
# Prints one `fault:` line per injected fault for docs/reliability.md.
set -u
VIGIL=$1
ROOT=$2
SLOW=${VIGIL_TEST_SLOW:-1}
T=$(mktemp -d)
PID=""
cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
contains() {
    if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: '$2' not in $3"; head -c 800 "$3"; echo; fi
}
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_ready() { # pid
    i=0
    while [ $i -lt $((300 * SLOW)) ]; do
        kill -0 "$1" 2>/dev/null || return 1
        [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
start() { # log [sh prefix]: starts the server on the lists in $T
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    sh -c "${2:-:}; exec \"\$0\" serve --open --threads 2 --listen 127.0.0.1:$PORT \
        --list $T/un.xml --list $T/ofac" "$VIGIL" 2> "$1" &
    PID=$!
    if ! wait_ready "$PID"; then bad "server did not start"; cat "$1"; exit 1; fi
}
stop9() { kill -9 "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=""; }
entities() { # dataset: entity count from /catalog
    curl -s -m $((10 * SLOW)) "$BASE/catalog" | python3 -c "import json,sys
d=json.load(sys.stdin)
print([x['entity_count'] for x in d['datasets'] if x['name']=='$1'][0])" 2>/dev/null
}
# The state directory is consistent: `current` names a generation whose
# manifest lists copies equal to the good lists, and no other generation.
state_ok() {
    g=$(cat "$S/current" 2>/dev/null) || return 1
    [ -f "$S/$g/MANIFEST" ] || return 1
    cmp -s "$S/$g/0-un.xml" "$T/un.good" || return 1
    diff -r -q "$S/$g/1-ofac" "$T/ofac" > /dev/null || return 1
    return 0
}

mkdir -p "$T/ofac"
cp "$ROOT/data/lists/un/consolidated.xml" "$T/un.xml"
cp "$T/un.xml" "$T/un.good"
cp "$ROOT/data/lists/ofac/"*.csv "$T/ofac/"
S="$T/state"
export VIGIL_STATE_DIR="$S"

# ---- 1. kill -9 during reloads ------------------------------------------------
start "$T/log0"
contains "first load saved" '"event":"state_save","ok":true' "$T/log0"
if state_ok; then ok "state after the first load"; else bad "state after the first load"; fi
stop9
kills=0
good=0
for d in 0.05 0.2 0.4 0.55 0.6 0.65 0.7 0.8 1.0; do
    start "$T/log1"
    kill -HUP "$PID"
    sleep "$d"
    stop9
    kills=$((kills + 1))
    if state_ok; then good=$((good + 1)); else bad "state after kill -9 at +${d}s"; ls -R "$S"; fi
done
check "state complete after every kill -9 during reload" "$kills" "$good"
echo "fault: kill -9 during list reload (state copy), $kills times at +0.05..1.0 s: state_dir consistent $good/$kills"

# ---- 2. restart on a broken list serves the last good lists -------------------
printf '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<FIRST_NAME>A</WRONG>' > "$T/un.xml"
start "$T/log2"
contains "fallback logged" '"event":"state_fallback","ok":true' "$T/log2"
contains "fallback warning" "serving the last good lists" "$T/log2"
n=$(entities un_sc_sanctions)
check "last good UN list served" 1003 "$n"
check "match on last good lists" 200 "$(curl -s -m $((10 * SLOW)) -o "$T/body" -w '%{http_code}' \
    -X POST "$BASE/match/default" -H 'Content-Type: application/json' \
    -d '{"queries":{"q":{"schema":"Person","properties":{"name":["Hasan Nasrallah"]}}}}')"
contains "known entity found" '"id":"ofac:2686"' "$T/body"
echo "fault: restart with a broken configured list after kill -9: served the last good lists ($n UN entities), fallback logged"
# the list is fixed: a reload serves the configured lists and saves them
cp "$T/un.good" "$T/un.xml"
code=$(curl -s -m $((30 * SLOW)) -o "$T/body" -w '%{http_code}' -X POST "$BASE/admin/reload")
check "reload after the fix" 200 "$code"
contains "reload from the configured path" "\"path\":\"$T/un.xml\"" "$T/body"
if state_ok; then ok "state after the fix"; else bad "state after the fix"; fi
stop9
if ls "$S" | grep -q '^tmp-'; then bad "leftover tmp directory"; else ok "no leftover tmp directory"; fi

# ---- 3. full disk during the state copy ----------------------------------------
gen_before=$(cat "$S/current")
# about 1 MB of file size: the log fits, the 2 MB UN copy does not
start "$T/log3" "trap '' XFSZ; ulimit -f 2048"
contains "state save failed at start" '"event":"state_save","ok":false' "$T/log3"
contains "error names the cause" 'File too large' "$T/log3"
check "served despite the full disk" 1003 "$(entities un_sc_sanctions)"
# a new list arrives: the reload succeeds, its copy fails, the old one stays
python3 - "$T/un.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index("<INDIVIDUAL>")
j = s.index("</INDIVIDUAL>", i) + len("</INDIVIDUAL>")
open(p, "w", encoding="utf-8").write(s[:i] + s[j:])  # one entry delisted
PY
code=$(curl -s -m $((30 * SLOW)) -o "$T/body" -w '%{http_code}' -X POST "$BASE/admin/reload")
check "reload with a full disk" 200 "$code"
check "new list served" 1002 "$(entities un_sc_sanctions)"
check "state pointer unchanged" "$gen_before" "$(cat "$S/current")"
if state_ok; then ok "old generation intact"; else bad "old generation damaged"; fi
if ls "$S" | grep -q '^tmp-'; then bad "partial copy left behind"; else ok "no partial copy left"; fi
stop9
echo "fault: full disk (RLIMIT_FSIZE 1 MiB) during the state copy at start and at reload: lists served, error logged, previous generation current and intact"

echo "$fails failures"
[ "$fails" -eq 0 ]
