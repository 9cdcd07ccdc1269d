#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of the workbench commands: store init, users, screening
# into the store, decisions with four eyes, remembered decisions on the next
# run, and `vigil audit verify` exit codes (0 intact, 1 tampered) on the
# store and on an exported bundle.
set -u
VIGIL=$1
ROOT=$2
TAMPER=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
check() { # name, expected, actual
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected '$2', got '$3'"
        fails=$((fails + 1))
    else
        echo "ok: $1"
    fi
}
contains() { # name, needle, file
    if grep -q -- "$2" "$3"; then echo "ok: $1"; else
        echo "FAIL: $1: '$2' not in $3:"; cat "$3"; fails=$((fails + 1)); fi
}
S="$T/s.db"
K="$T/k"
IN="$ROOT/examples/travellers.jsonl"

"$VIGIL" audit keygen --key "$K" > /dev/null; check "keygen" 0 $?
"$VIGIL" audit keygen --key "$K" > /dev/null 2>&1; check "keygen refuses to overwrite" 3 $?
"$VIGIL" store init --store "$S" --key "$K" --admin root > /dev/null; check "init" 0 $?
for u in ann:analyst sam:supervisor aud:auditor; do
    "$VIGIL" store user-add --store "$S" --key "$K" --as root --name "${u%%:*}" --role "${u#*:}"
    check "user-add $u" 0 $?
done
"$VIGIL" store user-add --store "$S" --key "$K" --as ann --name eve --role admin 2> "$T/err"
check "analyst cannot add users" 3 $?
contains "permission message" "may not administer" "$T/err"

"$VIGIL" store screen --store "$S" --key "$K" --user ann "$IN" > "$T/run1"; check "screen 1" 0 $?
contains "run summary" "run #1: 6 screened" "$T/run1"
"$VIGIL" store screen --store "$S" --user ann "$IN" > /dev/null 2>&1; check "screen needs a key" 3 $?
"$VIGIL" screen --store "$T/s2.db" --key "$K" --user x "$IN" > /dev/null 2>&1
check "vigil screen --store: unknown user" 3 $?
"$VIGIL" store init --store "$T/s2.db" --key "$K" --admin root > /dev/null
"$VIGIL" store user-add --store "$T/s2.db" --key "$K" --as root --name ann --role analyst
"$VIGIL" screen --store "$T/s2.db" --key "$K" --user ann < "$IN" > "$T/s2"
check "vigil screen --store from stdin" 0 $?
contains "vigil screen --store records the run" "run #1: 6 screened" "$T/s2"
"$VIGIL" alerts list --store "$S" --user ann --status open > "$T/list"; check "list" 0 $?
contains "queue" "un:QDi.299" "$T/list"
A=$(grep 'un:QDi.299' "$T/list" | head -1 | sed 's/^#\([0-9]*\).*/\1/')

"$VIGIL" alerts show "$A" --store "$S" --key "$K" --user ann > "$T/show"; check "show" 0 $?
contains "show explanation" '"explanation"' "$T/show"
contains "show entity snapshot" 'entity at that version: {"id":"un:QDi.299"' "$T/show"
"$VIGIL" alerts decide "$A" --store "$S" --key "$K" --user ann --verdict false_positive \
    --reason "" > /dev/null 2>&1; check "reason is mandatory" 3 $?
"$VIGIL" alerts decide "$A" --store "$S" --key "$K" --user aud --verdict false_positive \
    --reason "x" > /dev/null 2>&1; check "auditor cannot decide" 3 $?
"$VIGIL" alerts decide "$A" --store "$S" --key "$K" --user ann --verdict false_positive \
    --reason "other birth date" > "$T/dec"; check "decide" 0 $?
contains "needs sign-off" "pending_signoff" "$T/dec"
"$VIGIL" alerts sign-off "$A" --store "$S" --key "$K" --user ann > /dev/null 2>&1
check "analyst cannot sign off" 3 $?
"$VIGIL" alerts send-back "$A" --store "$S" --key "$K" --user sam --reason "check the DOB" \
    > /dev/null; check "send-back" 0 $?
"$VIGIL" alerts sign-off "$A" --store "$S" --key "$K" --user sam > /dev/null 2>&1
check "nothing to sign after send-back" 3 $?
"$VIGIL" alerts decide "$A" --store "$S" --key "$K" --user ann --verdict false_positive \
    --reason "other birth date, checked" > /dev/null; check "decide again" 0 $?
"$VIGIL" alerts sign-off "$A" --store "$S" --key "$K" --user sam > /dev/null; check "sign-off" 0 $?

"$VIGIL" store screen --store "$S" --key "$K" --user ann "$IN" > "$T/run2"; check "screen 2" 0 $?
contains "remembered decision" "un:QDi.299 .* suppressed by decision #2" "$T/run2"
"$VIGIL" alerts list --store "$S" --user sam --status suppressed > "$T/list2"
contains "suppressed in the queue" "suppressed by decision #2" "$T/list2"

"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > "$T/v"; check "verify intact" 0 $?
"$VIGIL" audit export --store "$S" --key "$K" --user ann --out "$T/b" > /dev/null 2>&1
check "analyst cannot export" 3 $?
"$VIGIL" audit export --store "$S" --key "$K" --user aud --out "$T/b" > /dev/null
check "export" 0 $?
"$VIGIL" audit verify --bundle "$T/b" > /dev/null; check "bundle intact" 0 $?
sed 's/"details":"{\\"role\\":\\"analyst\\"}"/"details":"{\\"role\\":\\"admin\\"}"/' \
    "$T/b/audit.jsonl" > "$T/j" && mv "$T/j" "$T/b/audit.jsonl"
"$VIGIL" audit verify --bundle "$T/b" > "$T/v"; check "bundle edited" 1 $?
contains "bundle names record 2" "first bad record 2" "$T/v"

cp "$S" "$T/e.db"
"$TAMPER" "$T/e.db" "UPDATE audit SET actor = 'mallory' WHERE seq = 5"
"$VIGIL" audit verify --store "$T/e.db" --pubkey "$K.pub" > "$T/v"; check "edited record" 1 $?
contains "names record 5" "first bad record 5" "$T/v"
cp "$S" "$T/d.db"
"$TAMPER" "$T/d.db" "DELETE FROM audit WHERE seq = 7"
"$VIGIL" audit verify --store "$T/d.db" --pubkey "$K.pub" > "$T/v"; check "deleted record" 1 $?
contains "names record 7" "first bad record 7" "$T/v"
cp "$S" "$T/r.db"
"$TAMPER" "$T/r.db" "UPDATE decisions SET verdict = 'confirmed_match' WHERE id = 2"
"$VIGIL" audit verify --store "$T/r.db" --pubkey "$K.pub" > "$T/v"; check "edited decision" 1 $?
contains "names the decision" "decision #2 on alert" "$T/v"
"$VIGIL" audit keygen --key "$T/other" > /dev/null
"$VIGIL" audit verify --store "$S" --pubkey "$T/other.pub" > "$T/v"; check "wrong key" 1 $?
contains "signature named" "signature" "$T/v"
"$VIGIL" audit verify --store "$S" > /dev/null 2>&1; check "verify needs a key" 3 $?

# a new list version: QDi.299 amended, QDi.006 delisted
UN="$ROOT/data/lists/un/consolidated.xml"
python3 - "$UN" "$T/un2.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
s = re.sub(r'dateGenerated="[^"]*"', 'dateGenerated="2099-01-01T00:00:00.000Z"', s, count=1)
out = []
for b in re.split(r'(?=<INDIVIDUAL>)', s):
    head = b.split('</INDIVIDUAL>')[0]
    if '<REFERENCE_NUMBER>QDi.006</REFERENCE_NUMBER>' in head:
        out.append(b.split('</INDIVIDUAL>', 1)[1])
        continue
    if '<REFERENCE_NUMBER>QDi.299</REFERENCE_NUMBER>' in head:
        b = b.replace('<COMMENTS1>', '<COMMENTS1>Amended. ', 1)
    out.append(b)
open(sys.argv[2], 'w', encoding='utf-8').write(''.join(out))
PY
"$VIGIL" lists diff "$UN" "$T/un2.xml" > "$T/diff"; check "lists diff" 0 $?
contains "diff changed" "^changed un:QDi.299" "$T/diff"
contains "diff removed" "^removed un:QDi.006" "$T/diff"
contains "diff summary" "0 added, 1 changed, 1 removed" "$T/diff"
"$VIGIL" store rescreen --store "$S" --key "$K" --user ann --old "$UN" --new "$T/un2.xml" \
    > "$T/re"; check "rescreen" 0 $?
# the cleared namesake is raised again: the entry changed, the memory lapsed
contains "rescreen raises changed entry" "un:QDi.299 .* open" "$T/re"
contains "rescreen closes delisted" "closed by delisting" "$T/re"
"$VIGIL" alerts list --store "$S" --user ann --status closed_delisted > "$T/cl"
contains "delisted alerts closed" "un:QDi.006" "$T/cl"
"$VIGIL" retention run --store "$S" --key "$K" --user ann > /dev/null 2>&1
check "retention needs an admin" 3 $?
"$VIGIL" retention run --store "$S" --key "$K" --user root > "$T/ret"; check "retention" 0 $?
contains "retention counts" "retention: 0 masked, 0 deleted" "$T/ret"
"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > /dev/null; check "verify after all" 0 $?

# kill -9 in the middle of a screening run: the run's transaction is lost
# whole, the file and the audit chain stay consistent
python3 - "$T/many.jsonl" <<'PY'
import sys
names = ["IBRAHIM AWAD IBRAHIM AL BADRI", "John Smith", "Maria Garcia", "HASAN NASRALLAH"]
with open(sys.argv[1], "w") as f:
    for i in range(40000):
        f.write('{"id": "m%d", "name": "%s %d", "birth_date": "1971"}\n' % (i, names[i % 4], i))
PY
"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > "$T/before"
"$VIGIL" store screen --store "$S" --key "$K" --user ann "$T/many.jsonl" > /dev/null 2>&1 &
pid=$!
sleep 2
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
"$VIGIL" store check --store "$S" > "$T/chk"; check "consistent after kill -9" 0 $?
"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > "$T/after"; check "chain after kill -9" 0 $?

"$VIGIL" store policy --store "$S" --key "$K" --as ann --four-eyes-score 1 > /dev/null 2>&1
check "analyst cannot change the policy" 3 $?
"$VIGIL" store policy --store "$S" --key "$K" --as root --four-eyes-score 0.75 > /dev/null
check "admin sets the policy" 0 $?
"$VIGIL" store policy --store "$S" > "$T/pol"; check "policy show" 0 $?
contains "policy stored" "four_eyes_score 0.7500" "$T/pol"

if [ "$fails" -ne 0 ]; then echo "$fails failures"; exit 1; fi
echo "all store CLI checks passed"
