#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# POST /match/{dataset}?record=true with curl: refused without a store (422)
# and on endpoints that do not record; with a store, one run per request by
# the API key's name (a store user), an alerting query and a no-hit query
# both recorded, the alert visible to `vigil alerts list` and the console;
# a false positive cleared with sign-off through the CLI suppresses the
# same query's next recorded alert ("suppressed by decision #N"); keys that
# are not store users, or whose role may not screen, are refused and record
# nothing; /match without record touches no store; parallel recordings all
# land; the audit chain verifies. Every curl and wait is bounded; the
# servers are stopped on every path.
set -u
VIGIL=$1
ROOT=$2
T=$(mktemp -d)
PID=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && sleep 0.2 && kill -9 "$PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
check() { # name, expected, actual
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; head -c 600 "$T/body"; echo; fi
}
contains() { # name, needle, file
    if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: '$2' not in $3"; head -c 600 "$3"; echo; fi
}
jpy() { python3 -c "import json,sys; d=json.load(open('$T/body')); print($1)" 2>/dev/null; }
# sql QUERY: one value from the store, read-only (the server keeps it open; WAL)
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$S?mode=ro', uri=True); r=c.execute(sys.argv[1]).fetchone(); print(r[0] if r else '')" "$1"; }
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
req() { # method path [curl args...]: prints the status, body in $T/body
    m=$1; p=$2; shift 2
    curl -s -m 20 -o "$T/body" -w '%{http_code}' -X "$m" "$BASE$p" "$@"
}
match() { # KEY PATH JSON: a yente /match POST with API key KEY
    req POST "$2" -H 'Content-Type: application/json' -H "Authorization: ApiKey $1" -d "$3"
}
start() { # log, args...
    log=$1; shift
    tries=0
    while [ $tries -lt 3 ]; do
        PORT=$(free_port)
        BASE="http://127.0.0.1:$PORT"
        "$VIGIL" serve --listen "127.0.0.1:$PORT" --threads 4 "$@" 2> "$log" &
        PID=$!
        i=0
        while [ $i -lt 300 ] && kill -0 "$PID" 2>/dev/null; do
            [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && return 0
            sleep 0.1
            i=$((i + 1))
        done
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
        PID=""
        tries=$((tries + 1))
    done
    echo "FAIL: server did not start:"; cat "$log"
    exit 1
}
stop() {
    kill -TERM "$PID"
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
    wait "$PID"
    check "clean stop" 0 $?
    PID=""
}

cp "$ROOT/data/lists/un/consolidated.xml" "$T/un.xml"
S="$T/s.db"
K="$T/k"
"$VIGIL" audit keygen --key "$K" > /dev/null
"$VIGIL" store init --store "$S" --key "$K" --admin root > /dev/null
for u in ann:analyst sam:supervisor aud:auditor; do
    "$VIGIL" store user-add --store "$S" --key "$K" --as root --name "${u%%:*}" --role "${u#*:}"
done
# API keys named after store users (ann, aud), one that is no store user
# (bot), and one without the screen role (ops)
for k in ann:screen aud:screen bot:screen ops:admin; do
    printf '%s\n' "key-of-${k%%:*}-0123456789" |
        "$VIGIL" serve --hash-key --name "${k%%:*}" --roles "${k#*:}" >> "$T/keys"
done
ANN=key-of-ann-0123456789

Q1='{"schema":"Person","properties":{"name":["Ibrahim Awwad Ibrahim al-Badri"],"alias":["Abu Bakr al-Baghdadi"],"birthDate":["1971"],"nationality":["Iraq"]}}'
Q2='{"schema":"Person","properties":{"name":["Linda Berglund"],"birthDate":["1990-02-11"],"passportNumber":["XP1234567"]}}'
BOTH="{\"queries\":{\"q1\":$Q1,\"q2\":$Q2}}"
ONE="{\"queries\":{\"again\":$Q1}}"

# ---- no store: record=true is refused -----------------------------------------
start "$T/log1" --api-keys "$T/keys" --list "$T/un.xml"
ok "server without a store on $BASE"
check "record without a store 422" 422 "$(match "$ANN" '/match/default?record=true' "$BOTH")"
check "422 names query.record" "query record store_missing" "$(jpy '" ".join(d["detail"][0]["loc"]) + " " + d["detail"][0]["type"]')"
contains "422 says to configure a store" "store FILE" "$T/body"
check "record=false is stateless" 200 "$(match "$ANN" '/match/default?record=false' "$BOTH")"
check "no run without record" False "$(jpy '"run" in d')"
check "record not a boolean 422" 422 "$(match "$ANN" '/match/default?record=maybe' "$BOTH")"
check "bool_parsing" bool_parsing "$(jpy 'd["detail"][0]["type"]')"
check "/search refuses record=true" 422 "$(req GET '/search/default?q=al-Badri&record=true' -H "Authorization: ApiKey $ANN")"
check "/search names record" record "$(jpy 'd["detail"][0]["loc"][1]')"
check "/reconcile refuses record=true" 422 "$(req GET '/reconcile/default?record=true&queries=%7B%22q0%22%3A%7B%22query%22%3A%22al-Badri%22%7D%7D' -H "Authorization: ApiKey $ANN")"

check "openapi documents record and run" "True True" "$(req GET /openapi.json > /dev/null; jpy '[x["name"] for x in d["paths"]["/match/{dataset}"]["post"]["parameters"]].count("record") == 1, "run" in d["components"]["schemas"]["EntityMatchResponse"]["properties"]' | tr -d "(),")"
"$VIGIL" serve --help | grep -q "record=true" && ok "serve --help mentions recording" || bad "serve --help"
stop

# ---- with a store ---------------------------------------------------------------
start "$T/log2" --api-keys "$T/keys" --list "$T/un.xml" --store "$S" --audit-key "$K"
ok "server with a store on $BASE"
RUNS0=$(sql 'SELECT count(*) FROM runs')
check "plain /match" 200 "$(match "$ANN" /match/default "$BOTH")"
check "plain /match: no run" False "$(jpy '"run" in d')"
check "plain /match: no alert ids" False "$(jpy 'any("alert_id" in r for q in d["responses"].values() for r in q["results"])')"
check "plain /match records nothing" "$RUNS0" "$(sql 'SELECT count(*) FROM runs')"
check "a key that is no store user 403" 403 "$(match key-of-bot-0123456789 '/match/default?record=true' "$BOTH")"
contains "403 gives the store's reason" "no such user 'bot'" "$T/body"
check "a store user who may not screen 403" 403 "$(match key-of-aud-0123456789 '/match/default?record=true' "$BOTH")"
contains "403: the auditor may not screen" "may not screen" "$T/body"
check "a key without the screen role 403" 403 "$(match key-of-ops-0123456789 '/match/default?record=true' "$BOTH")"
check "refusals recorded nothing" "$RUNS0" "$(sql 'SELECT count(*) FROM runs')"

check "record=true" 200 "$(match "$ANN" '/match/default?record=true&threshold=0.8' "$BOTH")"
RUN=$(jpy 'd["run"]["id"]')
check "run: one alert, none suppressed" "1 0" "$(jpy 'd["run"]["alerts"], d["run"]["suppressed"]' | tr -d "(),")"
check "response stays yente-shaped" "200 200 5" "$(jpy 'd["responses"]["q1"]["status"], d["responses"]["q2"]["status"], d["limit"]' | tr -d "(),")"
A=$(jpy '[r["alert_id"] for r in d["responses"]["q1"]["results"] if r["id"] == "un:QDi.299"][0]')
check "the alert's result carries alert_id" True "$(python3 -c "print($A > 0)" 2>/dev/null)"
check "no alert_id on results below the threshold" True "$(jpy 'all(("alert_id" in r) == r["match"] for q in d["responses"].values() for r in q["results"])')"
check "the run by the key's name" "ann" "$(sql "SELECT actor FROM runs WHERE id = $RUN")"
check "run parameters: threshold and dataset" "0.8 default" "$(sql "SELECT json_extract(parameters, '\$.threshold') || ' ' || json_extract(parameters, '\$.dataset') FROM runs WHERE id = $RUN")"
check "run list versions" "un" "$(sql "SELECT json_extract(list_versions, '\$[0].source') FROM runs WHERE id = $RUN")"
check "run engine version" "$("$VIGIL" --version | awk '{print $NF}')" "$(sql "SELECT engine_version FROM runs WHERE id = $RUN")"
check "both queries screened" 2 "$(sql "SELECT n_screened FROM runs WHERE id = $RUN")"
check "the no-hit query is recorded" "api q2 Linda Berglund XP1234567" "$(sql "SELECT json_extract(provenance, '\$.source') || ' ' || json_extract(provenance, '\$.id') || ' ' || json_extract(query, '\$.name') || ' ' || json_extract(query, '\$.documents[0].number') FROM screened WHERE run_id = $RUN AND json_extract(provenance, '\$.id') = 'q2'")"
check "the no-hit query has no alert" 0 "$(sql "SELECT count(*) FROM alerts a JOIN screened s ON s.id = a.screened_id WHERE s.run_id = $RUN AND json_extract(s.provenance, '\$.id') = 'q2'")"
check "aliases kept with the query" "Abu Bakr al-Baghdadi" "$(sql "SELECT json_extract(query, '\$.aliases[0]') FROM screened WHERE run_id = $RUN AND json_extract(provenance, '\$.id') = 'q1'")"

check "unscreenable queries" 200 "$(match "$ANN" '/match/default?record=true' '{"queries":{"q3":{"schema":"Person","properties":{"name":["!!! ???"]}},"q4":{"schema":"Person","properties":{"birthDate":["1970"]}}}}')"
R3=$(jpy 'd["run"]["id"]')
check "yente's per-query 400 kept" "400 200" "$(jpy 'd["responses"]["q3"]["status"], d["responses"]["q4"]["status"]' | tr -d "(),")"
check "recorded as not screened, with the reason" "q3:name: no letters or digits q4:no name to screen" "$(sql "SELECT group_concat(json_extract(provenance, '\$.id') || ':' || json_extract(provenance, '\$.not_screened'), ' ') FROM (SELECT provenance FROM screened WHERE run_id = $R3 ORDER BY id)")"

"$VIGIL" alerts list --store "$S" --user ann --status open > "$T/list"
contains "vigil alerts list shows it" "^#$A  open .* un:QDi.299 .* run #$RUN" "$T/list"
"$VIGIL" alerts show "$A" --store "$S" --key "$K" --user ann > "$T/show"
contains "the query as recorded" '"name":"Ibrahim Awwad Ibrahim al-Badri"' "$T/show"
contains "the explanation, the CLI's layout" '"explanation":{"name":' "$T/show"
contains "the entity as it was" '"id":"un:QDi.299","source":"un"' "$T/show"
printf '%s\n' "pw-of-ann-123" | "$VIGIL" users passwd --store "$S" --key "$K" --as root --name ann > /dev/null
curl -s -m 20 -c "$T/jar" -o "$T/body" -H 'Content-Type: application/json' \
    -d '{"user":"ann","password":"pw-of-ann-123"}' "$BASE/console/api/login"
check "the console shows it" 200 "$(curl -s -m 20 -b "$T/jar" -o "$T/body" -w '%{http_code}' "$BASE/console/api/alerts/$A")"
check "console: provenance, record, entity, tokens" "api q1 Ibrahim Awwad Ibrahim al-Badri un:QDi.299 True" \
    "$(jpy 'd["provenance"]["source"], d["provenance"]["id"], d["query"]["name"], d["entity"]["id"], len(d["explanation"]["explanation"]["tokens"]) > 0' | tr -d "(),'")"

# ---- clear it as a false positive (four eyes), record again: suppressed --------
"$VIGIL" alerts decide "$A" --store "$S" --key "$K" --user ann --verdict false_positive \
    --reason "born elsewhere, different passport" > "$T/decide"
check "decide" 0 $?
D=$(sed -n 's/^decision #\([0-9]*\) .*/\1/p' "$T/decide")
# clearing needs a second pair of eyes by default: it waits for sam
contains "the clearing waits for sign-off" pending_signoff "$T/decide"
"$VIGIL" alerts sign-off "$A" --store "$S" --key "$K" --user sam > /dev/null
check "sign-off" 0 $?
"$VIGIL" alerts list --store "$S" --user ann --status cleared > "$T/list"
contains "the alert is cleared" "^#$A  cleared" "$T/list"

check "record the same query again" 200 "$(match "$ANN" '/match/default?record=true' "$ONE")"
RUN2=$(jpy 'd["run"]["id"]')
check "a new run" True "$(python3 -c "print($RUN2 > $RUN)" 2>/dev/null)"
check "run: suppressed, not open" "0 1" "$(jpy 'd["run"]["alerts"], d["run"]["suppressed"]' | tr -d "(),")"
check "the result is suppressed by the decision" "$D" "$(jpy '[r["suppressed_by"] for r in d["responses"]["again"]["results"] if r["id"] == "un:QDi.299"][0]')"
B=$(jpy '[r["alert_id"] for r in d["responses"]["again"]["results"] if r["id"] == "un:QDi.299"][0]')
"$VIGIL" alerts list --store "$S" --user ann --status suppressed > "$T/list"
contains "suppressed by decision #N" "^#$B  suppressed .* run #$RUN2  suppressed by decision #$D" "$T/list"
"$VIGIL" screen --store "$S" --key "$K" --user ann --list "$T/un.xml" "$ROOT/examples/travellers.jsonl" > "$T/cli"
check "the CLI records beside the server" 0 $?

# ---- parallel recordings ----------------------------------------------------------
CURLS=""
for n in 1 2 3 4 5 6; do
    curl -s -m 30 -o "$T/par$n" -w '%{http_code}\n' -X POST "$BASE/match/default?record=true" \
        -H 'Content-Type: application/json' -H "Authorization: ApiKey $ANN" -d "$BOTH" > "$T/code$n" &
    CURLS="$CURLS $!"
done
for c in $CURLS; do wait "$c"; done
check "parallel recordings all 200" "200 200 200 200 200 200" "$(cat "$T"/code1 "$T"/code2 "$T"/code3 "$T"/code4 "$T"/code5 "$T"/code6 | tr '\n' ' ' | sed 's/ $//')"
check "six distinct runs" 6 "$(for n in 1 2 3 4 5 6; do python3 -c "import json; print(json.load(open('$T/par$n'))['run']['id'])"; done | sort -u | wc -l | tr -d ' ')"
check "every run ended" 0 "$(sql 'SELECT count(*) FROM runs WHERE ended_at IS NULL')"

# people given by firstName / lastName only are keyed by that name: two of
# them never share a person key (nor, through it, a remembered decision)
FL='{"queries":{"f1":{"schema":"Person","properties":{"firstName":["John"],"lastName":["Smith"]}},"f2":{"schema":"Person","properties":{"firstName":["Ivan"],"lastName":["Smirnov"]}}}}'
check "record first/last names" 200 "$(match "$ANN" '/match/default?record=true' "$FL")"
RFL=$(jpy 'd["run"]["id"]')
check "two first/last-only people, two person keys" 2 "$(sql "SELECT count(DISTINCT person_key) FROM screened WHERE run_id = $RFL")"

# ---- audit ------------------------------------------------------------------------
check "run start audited as the key's user" 11 "$(sql "SELECT count(*) FROM audit WHERE action = 'run.start' AND actor = 'ann' AND object LIKE 'run/%' AND CAST(substr(object, 5) AS INTEGER) >= $RUN")"
stop
"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > "$T/verify"
check "audit verify" 0 $?
"$VIGIL" store check --store "$S" > /dev/null
check "store consistent" 0 $?

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
