#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fault injection into the store (SQLite WAL): a full disk during a
# screening run (RLIMIT_FSIZE with SIGXFSZ ignored, as `ulimit -f`) and
# kill -9 at staggered moments of runs. After each: exit 3 with a clear
# error for the full disk, `store check` and `audit verify` pass, the
# interrupted run left no rows, and the next run is recorded whole.
# Prints one `fault:` line per injected fault for docs/reliability.md.
set -u
VIGIL=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
contains() {
    if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: '$2' not in $3"; cat "$3"; fi
}
S="$T/s.db"
K="$T/k"
"$VIGIL" audit keygen --key "$K" > /dev/null
"$VIGIL" store init --store "$S" --key "$K" --admin root > /dev/null
"$VIGIL" store user-add --store "$S" --key "$K" --as root --name ann --role analyst > /dev/null
python3 - "$T/in.jsonl" <<'PY'
import sys
names = ["IBRAHIM AWAD IBRAHIM AL BADRI", "John Smith", "Maria Garcia", "HASAN NASRALLAH"]
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write('{"id": "p%d", "name": "%s %d", "birth_date": "1971"}\n' % (i, names[i % 4], i))
PY
consistent() { # name
    "$VIGIL" store check --store "$S" > "$T/chk" 2>&1; check "$1: store check" 0 $?
    "$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > "$T/ver" 2>&1
    check "$1: audit verify" 0 $?
}
# the number of the next run shows whether a failed run left a trace
next_run() {
    "$VIGIL" store screen --store "$S" --key "$K" --user ann "$T/in.jsonl" > "$T/run" 2> /dev/null
    sed -n 's/^run #\([0-9]*\): \([0-9]*\) screened.*/\1 \2/p' "$T/run"
}

# ---- full disk during a run ---------------------------------------------------
size=$(($(stat -c %s "$S") / 512 + 64)) # 32 KiB of room: the run needs more
sh -c "trap '' XFSZ; ulimit -f $size; exec \"\$0\" store screen --store $S --key $K --user ann \
    $T/in.jsonl" "$VIGIL" > /dev/null 2> "$T/err"
rc=$?
check "full disk: exit 3" 3 "$rc"
contains "full disk: error names the cause" "disk I/O error (File too large)" "$T/err"
consistent "full disk"
check "full disk: the failed run left nothing, the next is run 1 with all 3000" "1 3000" "$(next_run)"
echo "fault: full disk (RLIMIT_FSIZE, store + 32 KiB) during a screening run into the store: exit $rc, '$(head -n 1 "$T/err")'; store check and audit verify pass; next run complete"

# ---- kill -9 during runs --------------------------------------------------------
kills=0
good=0
for d in 0.1 0.3 0.5 0.8 1.2; do
    "$VIGIL" store screen --store "$S" --key "$K" --user ann "$T/in.jsonl" > /dev/null 2>&1 &
    pid=$!
    sleep "$d"
    kill -9 $pid 2> /dev/null
    wait $pid 2> /dev/null
    kills=$((kills + 1))
    consistent "kill -9 at +${d}s"
    # every recorded run is whole: 3000 people, as many screened rows
    partial=$(python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("select count(*) from runs r where r.n_screened is not 3000 or "
                "(select count(*) from screened s where s.run_id = r.id) != 3000").fetchone()[0])' "$S")
    if [ "$partial" = 0 ]; then good=$((good + 1)); else bad "partial run after kill -9 at +${d}s"; fi
done
got=$(next_run)
case "$got" in
*" 3000") ok "run after the kills is complete ($got)" ;;
*) bad "run after the kills: '$got'" ;;
esac
check "no half-recorded run after kill -9" "$kills" "$good"
echo "fault: kill -9 during a store screening run, $kills times at +0.1..1.2 s: store check, audit verify pass every time; no partial run rows"

echo "$fails failures"
[ "$fails" -eq 0 ]
