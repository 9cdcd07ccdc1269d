#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of the `vigil` command: counts on the bundled lists,
# exit codes (0, 1, 2, 3) and bad input reported with file and line.
set -u
VIGIL=$1
ROOT=$2
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

# lists show on the bundled lists
"$VIGIL" lists show --json > "$T/show.json"; check "lists show exit" 0 $?
python3 - "$T/show.json" > "$T/counts" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for l in d["lists"]:
    print(l["source"], l["entities"], l["by_kind"]["person"], l["by_kind"]["organization"],
          l["names"]["by_role"]["original"])
PY
check "un counts" "un 1003 730 273" "$(grep '^un ' "$T/counts" | cut -d' ' -f1-4)"
check "ofac counts" "ofac 8976 4620 3673" "$(grep '^ofac ' "$T/counts" | cut -d' ' -f1-4)"
"$VIGIL" lists entity un:QDi.299 > "$T/e.json"; check "lists entity exit" 0 $?
contains "entity json id" '"id": "un:QDi.299"' "$T/e.json"
"$VIGIL" lists entity un:NOPE > /dev/null 2>&1; check "unknown entity exit" 3 $?

# unloadable lists: exit 3, FILE:LINE message
printf '<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS><INDIVIDUAL>\n<FIRST_NAME>A</WRONG>' > "$T/bad.xml"
"$VIGIL" lists show --list "$T/bad.xml" 2> "$T/err"; check "malformed xml exit" 3 $?
contains "malformed xml message" "bad.xml:2:" "$T/err"
: > "$T/empty.xml"
"$VIGIL" lists show --list "$T/empty.xml" 2> "$T/err"; check "empty file exit" 3 $?
"$VIGIL" lists show --list "$T/nope.xml" 2> "$T/err"; check "missing file exit" 3 $?
printf 'hello world\n' > "$T/unknown.txt"
"$VIGIL" lists show --list "$T/unknown.txt" 2> "$T/err"; check "unknown format exit" 3 $?
contains "unknown format message" "unknown list format" "$T/err"
"$VIGIL" screen --bogus < /dev/null 2> /dev/null; check "bad option exit" 3 $?
"$VIGIL" screen --threshold 7 < /dev/null 2> /dev/null; check "bad threshold exit" 3 $?

# screening: results in order, one line per query, rejected queries reported
"$VIGIL" screen < "$ROOT/examples/travellers.jsonl" > "$T/out" 2> "$T/err"
check "screen exit" 0 $?
check "screen lines" 6 "$(wc -l < "$T/out" | tr -d ' ')"
contains "summary" "6 read, 6 screened" "$T/err"
printf '%s\n' '{"id":"a","name":"HASAN NASRALLAH"}' '{"id":"b","name":' \
    '{"id":"c","name":"Linda Berglund","birth_date":"1990-02-31"}' '{"id":"d"}' \
    '{"id":"e","name":"Linda Berglund"}' > "$T/q"
"$VIGIL" screen < "$T/q" > "$T/out" 2> "$T/err"; check "rejected exit" 2 $?
check "rejected lines" 5 "$(wc -l < "$T/out" | tr -d ' ')"
contains "invalid json reported" "stdin:2: query rejected: invalid JSON" "$T/err"
contains "bad date reported" '"id":"c","error"' "$T/out"
contains "no name reported" '"id":"d","error"' "$T/out"
printf '%s\n' '{"id":"a","name":"HASAN NASRALLAH","birth_date":"1960-08-31"}' > "$T/q"
"$VIGIL" screen --fail-on-alert < "$T/q" > "$T/out" 2> /dev/null; check "fail-on-alert exit" 1 $?
contains "alert" '"entity":"ofac:2686","score"' "$T/out"
"$VIGIL" match --name "HASAN NASRALLAH" > "$T/out"; check "match exit" 0 $?
contains "match text" "ofac:2686" "$T/out"
printf '%s\n' '{"id":"p1","a":"Mohammed Abdelrahman","b":"Muhammad Abd al-Rahman"}' > "$T/q"
"$VIGIL" compare < "$T/q" > "$T/out"; check "compare exit" 0 $?
contains "compare match" '"match":true' "$T/out"

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
