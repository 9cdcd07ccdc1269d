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

# --explain: every match carries its explanation, not only the alerts
printf '%s\n' '{"id":"x","name":"HASAN NASRALLAH"}' | "$VIGIL" screen --explain > "$T/out" 2> "$T/err"
check "explain exit" 0 $?
check "explain every match" "ok" "$(python3 - "$T/out" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
ms = r["matches"]
quiet = [m for m in ms if not m["alert"]]
bad = [m["entity"] for m in ms if not m["explanation"].get("tokens") or not m["explanation"].get("name")]
print("ok" if len(ms) > 1 and quiet and not bad else "matches %d, not alerted %d, unexplained %s" % (len(ms), len(quiet), bad))
PY
)"

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
# the lists only tell common names from rare ones: names paired word for
# word score the same with the bundled lists, one of them or none
# (--no-lists), and a common name partly matched scores low with lists
printf '%s\n' '{"id":"p2","a":"محمد عبد الرحمن","b":"Muhammad Abd al-Rahman"}' \
    '{"id":"p3","a":"GRAND KIVU TOURISM PROJECT","b":"GRAND KIVU","schema":"Organization"}' >> "$T/q"
"$VIGIL" compare < "$T/q" > "$T/out"; check "compare, bundled lists, exit" 0 $?
"$VIGIL" compare --no-lists < "$T/q" > "$T/out2"; check "compare, no lists, exit" 0 $?
"$VIGIL" compare --list "$ROOT/data/lists/un/consolidated.xml" < "$T/q" > "$T/out4"
check "compare with a list, exit" 0 $?
check "compare, whole names: same scores without lists" "$(cat "$T/out")" "$(cat "$T/out2")"
check "compare, whole names: same scores with one list" "$(cat "$T/out")" "$(cat "$T/out4")"
check "compare lines" 3 "$(wc -l < "$T/out" | tr -d ' ')"
"$VIGIL" compare --no-lists --list "$ROOT/data/lists/un/consolidated.xml" < "$T/q" > /dev/null 2> "$T/err"
check "compare, --no-lists with --list" 3 $?
printf '%s\n' '{"id":"c1","a":"Mohamed Hassan","b":"Mohammed Hassan IBRAHIM"}' > "$T/qc"
"$VIGIL" compare < "$T/qc" > "$T/out5"
contains "compare, common name partly matched: no match" '"match":false' "$T/out5"
"$VIGIL" compare --no-lists < "$T/qc" > "$T/out5"
contains "compare, without lists it cannot tell" '"match":true' "$T/out5"
# --explain: the same scores, and each word of a against b's
"$VIGIL" compare --explain < "$T/q" > "$T/out3"; check "compare --explain exit" 0 $?
check "compare --explain, same scores" "$(cat "$T/out")" "$(sed 's/,"explanation".*/}/' "$T/out3")"
contains "compare explanation words" '{"a":"mohammed","b":"muhammad","method":"variant"' "$T/out3"
contains "compare explanation names" '"explanation":{"a":"Mohammed Abdelrahman","b":"Muhammad Abd al-Rahman"' "$T/out3"

# record inputs: PAXLST, MRZ, CSV; formats detected; provenance and flight
S="$ROOT/tests/data/samples"
"$VIGIL" screen --in "$S/paxlst/sample2_pax_and_crew_custom_delims.edi" --threads 2 > "$T/out" 2> "$T/err"
check "paxlst exit" 0 $?
check "paxlst lines" 4 "$(wc -l < "$T/out" | tr -d ' ')"
contains "paxlst provenance" '"provenance":{"file":"[^"]*sample2_pax_and_crew_custom_delims.edi","format":"paxlst","record":3,' "$T/out"
contains "paxlst flight" '"flight":\[{"carrier":"ZZ","flight":"ZZ0815","from":"CMN","to":"BCN","departs":"2026-04-02T09:05"' "$T/out"
contains "paxlst crew" '"role":"crew"' "$T/out"
contains "paxlst summary" "4 read, 4 screened, 0 with alerts, 0 rejected" "$T/err"
"$VIGIL" screen --threads 1 < "$S/paxlst/sample2_pax_and_crew_custom_delims.edi" > "$T/out1" 2> /dev/null
check "paxlst stdin, 1 thread, same output" "$(sed 's/"file":"[^"]*"//' "$T/out")" "$(sed 's/"file":"[^"]*"//' "$T/out1")"
"$VIGIL" screen --in "$S/paxlst/sample3_malformed_truncated.edi" > "$T/out" 2> "$T/err"
check "truncated paxlst exit" 2 $?
check "truncated paxlst lines" 2 "$(wc -l < "$T/out" | tr -d ' ')"
contains "31 february reported" "sample3_malformed_truncated.edi:12: message PAX4272A, person 1: record rejected: segment 11 (DTM, line 14): birth date '750231' is not a valid date" "$T/err"
contains "dangling release reported" "sample3_malformed_truncated.edi:19: message PAX4272A, person 2: record rejected: .*dangling release character" "$T/err"
contains "missing UNZ warned" "interchange IC0004272 has no UNZ" "$T/err"
contains "rejection reasons" "rejected 1: birth date" "$T/err"
cat "$S/mrz/valid_01_td3_transliterated_de.txt" > "$T/p.mrz"; echo >> "$T/p.mrz"
cat "$S/mrz/invalid_07_td3_bad_check_digit.txt" "$S/mrz/invalid_08_td3_wrong_length.txt" >> "$T/p.mrz" 2>/dev/null
printf '\n' >> "$T/p.mrz"; cat "$S/mrz/valid_04_td1_id_card.txt" >> "$T/p.mrz"
"$VIGIL" screen --in "$T/p.mrz" --format mrz > "$T/out" 2> "$T/err"
check "mrz exit" 2 $?
check "mrz lines" 3 "$(wc -l < "$T/out" | tr -d ' ')"
contains "mrz de" '"nationality":"DE","nationality_text":"D"' "$T/out"
contains "mrz block reported" "p.mrz:4: record rejected: an MRZ has 2 or 3 lines, this block has 4" "$T/err"
"$VIGIL" screen --in "$S/mrz/invalid_07_td3_bad_check_digit.txt" > "$T/out" 2> "$T/err"
check "unverified mrz exit" 0 $?
contains "unverified flag" '"verified":false,"failed_checks":"document_number"' "$T/out"
contains "unverified summary" "1 unverified" "$T/err"
printf 'Ref,Surname,Given Name,DOB,Citizenship\nr1,NASRALLAH,HASAN,1960-08-31,Lebanon\nr2,Berglund,Linda,1990-02-31,SE\n' > "$T/c.csv"
"$VIGIL" screen --in "$T/c.csv" --output csv > "$T/out" 2> "$T/err"
check "csv exit" 2 $?
check "csv rows" 3 "$(wc -l < "$T/out" | tr -d ' ')"
contains "csv alert row" '^r1,.*,true,ofac:2686' "$T/out"
contains "csv rejected" "c.csv:3: record rejected: birth date '1990-02-31' is not a valid date" "$T/err"
printf 'a;b\nHASAN NASRALLAH;1960-08-31\n' > "$T/m.csv"
"$VIGIL" screen --in "$T/m.csv" --map name=a,birth_date=2 --fail-on-alert > /dev/null 2>&1
check "csv map + fail-on-alert exit" 1 $?
"$VIGIL" screen --in "$T/m.csv" --map name=zzz > /dev/null 2> "$T/err"
check "bad map exit" 3 $?
contains "bad map message" "no column 'zzz'" "$T/err"
"$VIGIL" screen --in "$T/nope.edi" > /dev/null 2>&1; check "missing input exit" 3 $?
"$VIGIL" screen --format xml < /dev/null > /dev/null 2>&1; check "bad format exit" 3 $?
"$VIGIL" screen --threads 0 < /dev/null > /dev/null 2>&1; check "bad threads exit" 3 $?
"$VIGIL" screen --in "$ROOT/examples/travellers.jsonl" > "$T/out" 2> /dev/null
contains "jsonl --in full output" '"record":{"name":"IBRAHIM AWAD IBRAHIM AL BADRI"' "$T/out"
"$VIGIL" screen --in "$ROOT/examples/manifest.edi" --output text > "$T/out" 2> "$T/err"
check "manifest exit" 0 $?
contains "manifest alert" "ALERT .* un:QDi.299" "$T/out"
contains "manifest summary" "4 read, 4 screened, 1 with alerts, 0 rejected" "$T/err"
if grep -q NASRALLAH "$T/out"; then echo "FAIL: namesake alerted"; fails=$((fails + 1)); else echo "ok: namesake cleared"; fi
"$VIGIL" screen --help | grep -q "Exit codes: 0 everything screened"; check "help exit codes" 0 $?

# reporting floor: files report from 0.25 up, the bench protocol the ten best
"$VIGIL" screen --in "$ROOT/examples/manifest.edi" > "$T/out" 2> /dev/null
check "floor: clean traveller has no weak candidates" 0 \
    "$(grep '"id":"PAX9120A/1"' "$T/out" | grep -c '"score":0\.[01]')"
printf '%s\n' '{"id":"z","name":"Linda Berglund"}' | "$VIGIL" screen > "$T/out" 2> /dev/null
check "bench form keeps ten candidates" 10 "$(grep -o '"entity"' "$T/out" | wc -l | tr -d ' ')"
printf '%s\n' '{"id":"z","name":"Linda Berglund"}' | "$VIGIL" screen --min-score 0.99 > "$T/out" 2> /dev/null
check "--min-score drops weak candidates" 0 "$(grep -o '"entity"' "$T/out" | wc -l | tr -d ' ')"
"$VIGIL" screen --min-score 2 < /dev/null 2> /dev/null; check "bad --min-score exit" 3 $?

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
