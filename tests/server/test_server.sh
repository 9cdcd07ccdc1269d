#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of `vigil serve` with curl: starts the server on a free
# loopback port on copies of the bundled lists, exercises the yente
# endpoints, error shapes (400, 404, 413, 415, 422, 431), reconciliation,
# metrics, reloads (SIGHUP during load, a broken list kept out), API keys
# and roles, and a clean SIGTERM exit. Every curl and wait is bounded, and
# the servers are stopped on every path.
set -u
VIGIL=$1
ROOT=$2
# Sanitizer builds (TSan: ~10x slower list loads) stretch every bound.
SLOW=${VIGIL_TEST_SLOW:-1}
CMAX=$((10 * SLOW))
T=$(mktemp -d)
PID=""
PID2=""
cleanup() {
    for p in $PID $PID2; do
        kill "$p" 2>/dev/null && sleep 0.2 && kill -9 "$p" 2>/dev/null
    done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
check() { # name, expected, actual
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi
}
contains() { # name, needle, file
    if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: '$2' not in $3"; head -c 600 "$3"; echo; fi
}
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# curl with a bounded time; prints the status code, body to $T/body
req() { # method path [curl args...]
    m=$1; p=$2; shift 2
    curl -s -m "$CMAX" -o "$T/body" -w '%{http_code}' -X "$m" "$BASE$p" "$@"
}
mreq() { # path [curl args...]: a JSON POST as yente clients send it
    p=$1; shift
    req POST "$p" -H 'Content-Type: application/json' "$@"
}
wait_ready() { # base pid
    i=0
    while [ $i -lt $((150 * SLOW)) ]; do
        if ! kill -0 "$2" 2>/dev/null; then return 1; fi
        [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$1/readyz")" = 200 ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
# jq-like checks with python3: expression over the JSON in $T/body
jpy() {
    python3 -c "import json,sys; d=json.load(open('$T/body')); print($1)" 2>/dev/null
}

mkdir -p "$T/ofac"
cp "$ROOT/data/lists/un/consolidated.xml" "$T/un.xml"
cp "$ROOT/data/lists/ofac/"*.csv "$T/ofac/"
printf 'max_body_bytes = 65536\n# comments and blank lines are fine\n\nthreads = 2\n' > "$T/serve.conf"

start() { # log, args...
    log=$1; shift
    tries=0
    while [ $tries -lt 3 ]; do
        PORT=$(free_port)
        BASE="http://127.0.0.1:$PORT"
        "$VIGIL" serve --listen "127.0.0.1:$PORT" "$@" 2> "$log" &
        SPID=$!
        if wait_ready "$BASE" "$SPID"; then return 0; fi
        kill "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
        tries=$((tries + 1))
    done
    echo "FAIL: server did not start:"; cat "$log"
    exit 1
}

# ---- refusals at startup --------------------------------------------------
"$VIGIL" serve --open --listen 0.0.0.0:1 --list "$T/un.xml" 2> "$T/err" & P=$!
i=0; while kill -0 $P 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill $P 2>/dev/null; wait $P; check "open refused off loopback" 3 $?
contains "open refusal says why" "loopback" "$T/err"
timeout "$CMAX" "$VIGIL" serve --listen 127.0.0.1:1 --list "$T/un.xml" 2> "$T/err"
check "no keys and not open refused" 3 $?

# ---- open server ------------------------------------------------------------
start "$T/log" --open --config "$T/serve.conf" --list "$T/un.xml" --list "$T/ofac"
PID=$SPID
ok "server ready on $BASE"

# a second server on the port in use fails to start (no shared port)
timeout "$CMAX" "$VIGIL" serve --open --listen "127.0.0.1:$PORT" --list "$T/un.xml" 2> "$T/err"
check "second server on a busy port refused" 3 $?
contains "busy port refusal says why" "address in use" "$T/err"

MATCH='{"queries":{"q1":{"schema":"Person","properties":{"name":["Ibrahim Awwad Ibrahim al-Badri"],"birthDate":["1971"],"nationality":["Iraq"]}},"q2":{"schema":"Person","properties":{"name":["Linda Berglund"],"birthDate":"1990-02-11"}}}}'
check "match status" 200 "$(mreq /match/default -d "$MATCH")"
check "match finds un:QDi.299" True "$(jpy '[r["match"] for r in d["responses"]["q1"]["results"] if r["id"]=="un:QDi.299"]==[True]')"
check "match score in [0,1]" True "$(jpy 'all(0<=r["score"]<=1 for r in d["responses"]["q1"]["results"])')"
check "innocent has no match" True "$(jpy 'not any(r["match"] for r in d["responses"]["q2"]["results"])')"
check "total counts matches" True "$(jpy 'd["responses"]["q1"]["total"]["value"]>=1 and d["responses"]["q2"]["total"]["value"]==0')"
check "query echoed cleaned" iq "$(jpy 'd["responses"]["q1"]["query"]["properties"]["nationality"][0]')"
check "limit echoed" 5 "$(jpy 'd["limit"]')"
check "explanations" True "$(jpy '"name_match" in [r for r in d["responses"]["q1"]["results"] if r["id"]=="un:QDi.299"][0]["explanations"]')"
# Only shown results are explained (the rest are not computed): every result
# shown must still carry its explanation, also non-alerts, with two names
# screened in turn and a low cutoff letting many candidates compete.
MANY='{"queries":{"m":{"schema":"Person","properties":{"name":["Mohammed Ali Hassan","Ali Mohamed"]}}}}'
check "many: status" 200 "$(mreq '/match/default?cutoff=0.2&limit=10&threshold=0.95' -d "$MANY")"
check "many: several non-alerts shown" True "$(jpy 'sum(not r["match"] for r in d["responses"]["m"]["results"]) >= 3')"
check "many: every result explained" True "$(jpy 'all("name_match" in r["explanations"] for r in d["responses"]["m"]["results"])')"
check "limit 2: two explained" 2 "$(mreq '/match/default?cutoff=0.2&limit=2' -d "$MANY" >/dev/null; jpy 'sum("name_match" in r["explanations"] for r in d["responses"]["m"]["results"])')"
check "match per dataset" 200 "$(mreq '/match/un_sc_sanctions?limit=3&algorithm=logic-v2&fuzzy=false' -d "$MATCH")"
check "dataset scope" True "$(jpy 'all(r["datasets"]==["un_sc_sanctions"] for r in d["responses"]["q1"]["results"])')"
check "exclude_dataset" 200 "$(mreq '/match/default?exclude_dataset=un_sc_sanctions' -d "$MATCH")"
check "excluded dataset absent" True "$(jpy 'all(r["id"].startswith("ofac:") for r in d["responses"]["q1"]["results"])')"
check "alias sanctions" 200 "$(mreq /match/sanctions -d "$MATCH")"
check "unknown dataset 404" 404 "$(mreq /match/nope -d "$MATCH")"
check "404 detail" "No such dataset." "$(jpy 'd["detail"]')"
check "malformed JSON 400" 400 "$(mreq /match/default -d '{"queries": {')"
check "400 detail is a string" True "$(jpy 'isinstance(d["detail"], str)')"
check "missing schema 422" 422 "$(mreq /match/default -d '{"queries":{"a":{"properties":{"name":["x"]}}}}')"
check "422 detail shape" "body queries a schema" "$(jpy '" ".join(d["detail"][0]["loc"])')"
check "missing queries 422" 422 "$(mreq /match/default -d '{}')"
check "empty queries 400" 400 "$(mreq /match/default -d '{"queries":{}}')"
check "bad algorithm 400" 400 "$(mreq '/match/default?algorithm=magic' -d "$MATCH")"
check "bad algorithm detail" "Invalid algorithm: magic" "$(jpy 'd["detail"]')"
check "limit over 500 422" 422 "$(mreq '/match/default?limit=501' -d "$MATCH")"
check "wrong content type 415" 415 "$(req POST /match/default -H 'Content-Type: text/plain' -d "$MATCH")"
python3 -c 'import json; print(json.dumps({"queries":{"a":{"schema":"Person","properties":{"name":["x"*100000]}}}}))' > "$T/big.json"
check "oversized body 413" 413 "$(mreq /match/default --data-binary @"$T/big.json")"
check "GET on match 405" 405 "$(req GET /match/default)"
# request heads: up to max_header_bytes (16 KiB by default, as yente's
# uvicorn) served; beyond, a 431 with a JSON detail (ours) or, for a head
# that does not fit libmicrohttpd's memory pool (max_header_bytes + 4 KiB),
# libmicrohttpd's own 431
PAD15=$(python3 -c 'print("a" * 15000)')
PAD17=$(python3 -c 'print("a" * 17000)')
PAD40=$(python3 -c 'print("a" * 40000)')
check "15 KB header served" 200 "$(mreq /match/default -H "X-Pad: $PAD15" -d "$MATCH")"
check "17 KB header 431" 431 "$(mreq /match/default -H "X-Pad: $PAD17" -d "$MATCH")"
check "431 detail" "Request header fields too large." "$(jpy 'd["detail"]')"
check "17 KB header 431 on GET" 431 "$(req GET /healthz -H "X-Pad: $PAD17")"
check "40 KB header 431" 431 "$(mreq /match/default -H "X-Pad: $PAD40" -d "$MATCH")"
check "served after 431" 200 "$(mreq /match/default -d "$MATCH")"

check "entity" 200 "$(req GET /entities/un:QDi.299)"
check "entity FtM shape" "Person un_sc_sanctions" "$(jpy 'd["schema"]+" "+d["datasets"][0]')"
check "entity url-encoded id" 200 "$(req GET /entities/un%3AQDi.299)"
check "unknown entity 404" 404 "$(req GET /entities/un:NOPE)"
check "search" 200 "$(req GET '/search/default?q=Nasrallah&limit=5')"
check "search finds ofac:2686" True "$(jpy 'any(r["id"]=="ofac:2686" for r in d["results"])')"
check "search unknown dataset" 404 "$(req GET '/search/nope?q=x')"
check "catalog" 200 "$(req GET /catalog)"
check "catalog datasets" True "$(jpy 'set(["default","sanctions","un_sc_sanctions","us_ofac_sdn"])<=set(x["name"] for x in d["datasets"])')"
check "algorithms" 200 "$(req GET /algorithms)"
check "algorithms best" vigil "$(jpy 'd["best"]')"
check "healthz" 200 "$(req GET /healthz)"
check "openapi" 200 "$(req GET /openapi.json)"
check "openapi has /match" True "$(jpy '"/match/{dataset}" in d["paths"]')"
check "unknown path 404" 404 "$(req GET /nope)"

# reconciliation (OpenRefine)
check "reconcile manifest" 200 "$(req GET /reconcile/default)"
check "reconcile versions" 0.2 "$(jpy 'd["versions"][0]')"
check "reconcile queries" 200 "$(req POST /reconcile/default --data-urlencode 'queries={"q0":{"query":"Ibrahim Awwad Ibrahim al-Badri","type":"Person","properties":[{"pid":"Person:birthDate","v":"1971"}]}}')"
check "reconcile result" True "$(jpy 'any(r["id"]=="un:QDi.299" and r["match"] for r in d["q0"]["result"])')"
check "reconcile no queries 400" 400 "$(req POST /reconcile/default -d 'foo=bar')"
check "reconcile preview" 200 "$(req GET '/reconcile/default/preview?id=un:QDi.299')"
contains "preview html" "<h3>" "$T/body"
check "suggest entity" 200 "$(req GET '/reconcile/default/suggest/entity?prefix=Nasrallah')"
check "suggest type" Person "$(req GET '/reconcile/default/suggest/type?prefix=Pers' >/dev/null; jpy 'd["result"][0]["id"]')"

# reload while requests are running: every request answered 200
: > "$T/codes"
( i=0; while [ $i -lt 40 ]; do
      curl -s -m "$CMAX" -o /dev/null -w '%{http_code}\n' -X POST "$BASE/match/default" \
          -H 'Content-Type: application/json' -d "$MATCH" >> "$T/codes"
      i=$((i + 1)); done ) & LOAD=$!
kill -HUP "$PID"; sleep 0.3; kill -HUP "$PID"
wait $LOAD
check "requests during SIGHUP reloads" 40 "$(grep -c '^200$' "$T/codes")"
i=0; while [ "$(grep -c '"event":"reload","generation":2' "$T/log" 2>/dev/null || true)" = 0 ] \
    && ! grep -q '"generation":2' "$T/log" && [ $i -lt $((100 * SLOW)) ]; do sleep 0.1; i=$((i + 1)); done
contains "reload logged" '"event":"reload"' "$T/log"
check "admin reload (open)" 200 "$(req POST /admin/reload)"
check "generation after reloads" 3 "$(jpy 'd["generation"]')"
# a broken list: the reload fails, the old lists keep serving
cp "$T/un.xml" "$T/un.good"
printf '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<FIRST_NAME>A</WRONG>' > "$T/un.xml"
check "broken reload 500" 500 "$(req POST /admin/reload)"
contains "broken reload says why" "Reload failed.*un.xml:" "$T/body"
check "still serving after failed reload" 200 "$(mreq /match/default -d "$MATCH")"
check "old list still there" True "$(jpy 'any(r["id"]=="un:QDi.299" for r in d["responses"]["q1"]["results"])')"
kill -HUP "$PID"
cp "$T/un.good" "$T/un.xml"
check "metrics" 200 "$(req GET /metrics)"
contains "metrics requests" 'vigil_http_requests_total{endpoint="match",code="200"}' "$T/body"
contains "metrics 431" 'vigil_http_requests_total{endpoint="match",code="431"}' "$T/body"
contains "metrics histogram" 'vigil_http_request_duration_seconds_bucket{endpoint="match",le="+Inf"}' "$T/body"
contains "metrics alerts" '^vigil_alerts_total [1-9]' "$T/body"
contains "metrics failed reload" 'vigil_reloads_total{result="failed"} [1-9]' "$T/body"
contains "metrics list version" 'vigil_list_info{dataset="un_sc_sanctions",version=' "$T/body"
contains "metrics index size" 'vigil_index_entities{dataset="default"}' "$T/body"
contains "access log" '"event":"request"' "$T/log"
# the workers hold access log lines for up to 100 ms: a graceful stop
# right after the requests still writes every one
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    curl -s -m "$CMAX" -o /dev/null "$BASE/flushcheck-$i"
done
kill -TERM "$PID"; wait "$PID"; check "SIGTERM exit" 0 $?
check "access log complete at stop" 20 "$(grep -c '"path":"/flushcheck-' "$T/log")"
PID=""

# ---- API keys ---------------------------------------------------------------
SK=screen-key-0123456789abcdef
AK=admin-key-0123456789abcdef
printf '%s\n' "$SK" | "$VIGIL" serve --hash-key --name ci --roles screen > "$T/keys"
check "hash-key exit" 0 $?
printf '%s\n' "$AK" | "$VIGIL" serve --hash-key --name ops --roles screen,admin >> "$T/keys"
contains "keys file is hashed" 'sha256\$' "$T/keys"
if grep -q "$SK" "$T/keys"; then bad "key stored in clear"; else ok "key not stored in clear"; fi
start "$T/log2" --api-keys "$T/keys" --list "$T/un.xml"
PID2=$SPID
check "no key 401" 401 "$(mreq /match/default -d "$MATCH")"
check "401 detail" "No API key provided." "$(jpy 'd["detail"]')"
check "wrong key 401" 401 "$(mreq /match/default -H 'Authorization: ApiKey nope-nope-nope-nope' -d "$MATCH")"
check "ApiKey 200" 200 "$(mreq /match/default -H "Authorization: ApiKey $SK" -d "$MATCH")"
check "Bearer 200" 200 "$(req GET /catalog -H "Authorization: Bearer $SK")"
check "healthz needs no key" 200 "$(req GET /healthz)"
check "admin needs admin role" 403 "$(req POST /admin/reload -H "Authorization: ApiKey $SK")"
check "admin reload with admin key" 200 "$(req POST /admin/reload -H "Authorization: Bearer $AK")"
check "reconcile api_key param" 200 "$(req GET "/reconcile/default?api_key=$SK")"
kill -INT "$PID2"; wait "$PID2"; check "SIGINT exit" 0 $?
# after the stop: every access log line is written by then
if grep -q -e "$SK" -e "$AK" "$T/log2"; then bad "a key leaked into the log"; else ok "no key in the log"; fi
contains "log names the key" '"key":"ci"' "$T/log2"
PID2=""

# A sanitizer build of the server writes its reports into the logs.
for f in "$T"/log*; do
    if grep -q "Sanitizer" "$f"; then
        bad "sanitizer report in ${f##*/}"
        sed -n '/Sanitizer/,+40p' "$f" | head -n 80
    fi
done
echo "$fails failures"
[ "$fails" -eq 0 ]
