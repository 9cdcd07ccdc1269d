#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The console endpoints of `vigil serve --store` with curl: login, session
# cookie flags, 401 without a session, CSRF refusal, role refusals (an
# analyst signing off, an admin viewing alerts, an analyst reading the
# audit trail), a decision with four eyes and its sign-off, send-back,
# reopening from the CLI, lockout, logout, static files (CSP, no path
# traversal), the scheduled retention job, and a clean stop. Every curl and
# wait is bounded; the server is stopped on every path.
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
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; head -c 400 "$T/body"; echo; fi
}
contains() { # name, needle, file
    if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: '$2' not in $3"; head -c 600 "$3"; echo; fi
}
jpy() { python3 -c "import json,sys; d=json.load(open('$T/body')); print($1)" 2>/dev/null; }
# req USER METHOD PATH [curl args]: prints the status; body in $T/body,
# headers in $T/headers; USER's cookie jar is $T/USER.jar
req() {
    u=$1; m=$2; p=$3; shift 3
    curl -s -m 20 -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$m" \
        -b "$T/$u.jar" -c "$T/$u.jar" "$BASE$p" "$@"
}
post() { # USER PATH JSON [curl args]: a JSON POST with USER's CSRF token
    u=$1; p=$2; d=$3; shift 3
    req "$u" POST "$p" -H 'Content-Type: application/json' -H "X-CSRF-Token: $(cat "$T/$u.csrf" 2>/dev/null)" -d "$d" "$@"
}
login() { # USER PASSWORD: logs in, keeps the CSRF token
    code=$(req "$1" POST /console/api/login -H 'Content-Type: application/json' \
        -d "{\"user\":\"$1\",\"password\":\"$2\"}")
    [ "$code" = 200 ] && jpy 'd["csrf"]' > "$T/$1.csrf"
    echo "$code"
}

S="$T/s.db"
K="$T/k"
"$VIGIL" audit keygen --key "$K" > /dev/null
"$VIGIL" store init --store "$S" --key "$K" --admin root > /dev/null
for u in ann:analyst sam:supervisor sue:supervisor aud:auditor; do
    "$VIGIL" store user-add --store "$S" --key "$K" --as root --name "${u%%:*}" --role "${u#*:}"
done
for u in root ann sam sue aud; do
    printf '%s\n' "pw-of-$u-123" | "$VIGIL" users passwd --store "$S" --key "$K" --as root --name "$u" > /dev/null
    check "users passwd $u" 0 $?
done
printf 'short\n' | "$VIGIL" users passwd --store "$S" --key "$K" --as root --name ann > /dev/null 2>&1
check "users passwd refuses a short password" 3 $?
printf 'a-long-password\n' | "$VIGIL" users passwd --store "$S" --key "$K" --as ann --name sam > /dev/null 2>"$T/err"
check "users passwd needs an admin" 3 $?
contains "users passwd: permission message" "may not administer" "$T/err"
"$VIGIL" store screen --store "$S" --key "$K" --user ann "$ROOT/examples/travellers.jsonl" > "$T/run1"
check "screen into the store" 0 $?

# refused configurations: exit 3 with the reason, before listening
"$VIGIL" serve --open --listen 127.0.0.1:0 --store "$S" > /dev/null 2> "$T/err"
check "store without audit_key" 3 $?
contains "audit_key named" "audit_key" "$T/err"
"$VIGIL" serve --open --listen 127.0.0.1:0 --store "$S" --audit-key "$T/nokey" > /dev/null 2> "$T/err"
check "store with a missing key file" 3 $?
VIGIL_RETENTION_INTERVAL=60 VIGIL_RETENTION_USER=ann "$VIGIL" serve --open --listen 127.0.0.1:0 \
    --store "$S" --audit-key "$K" > /dev/null 2> "$T/err"
check "retention as a non-admin" 3 $?
contains "retention_user named" "retention_user" "$T/err"

# retention every second, as root (policy: nothing old enough to mask)
"$VIGIL" serve --help | grep -q -- "--store FILE" && ok "serve --help documents --store" || bad "serve --help"
cat > "$T/conf" <<EOF
listen = 127.0.0.1:0
open = true
threads = 2
store = $S
audit_key = $K
retention_interval = 1
retention_user = root
EOF
"$VIGIL" serve --config "$T/conf" 2> "$T/log" &
PID=$!
i=0
BASE=""
while [ $i -lt 300 ] && [ -z "$BASE" ]; do
    BASE=$(sed -n 's/.*"url":"\(http:[^"]*\)".*/\1/p' "$T/log" | head -1)
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
if [ -z "$BASE" ]; then
    bad "server start"; cat "$T/log"; exit 1
fi
ok "server with console on $BASE"

# ---- static files ------------------------------------------------------------
check "GET /console redirects" 302 "$(req x GET /console)"
check "GET /console/" 200 "$(req x GET /console/)"
contains "CSP header" "Content-Security-Policy: default-src 'none'; script-src 'self'" "$T/headers"
contains "index.html" '<script type="module" src="/console/app.js">' "$T/body"
check "GET /console/app.js" 200 "$(req x GET /console/app.js)"
contains "JS content type" "Content-Type: text/javascript" "$T/headers"
check "no path traversal" 404 "$(req x GET /console/..%2fCMakeLists.txt)"
check "no hidden files" 404 "$(req x GET /console/.git)"
check "no unknown types" 404 "$(req x GET /console/README.md)"

# ---- login, sessions ----------------------------------------------------------
check "API without a session" 401 "$(req x GET /console/api/alerts)"
check "login must be JSON" 415 "$(req ann POST /console/api/login -d 'user=ann&password=pw-of-ann-123')"
check "wrong password" 401 "$(login ann wrong-password)"
check "login ann" 200 "$(login ann pw-of-ann-123)"
contains "cookie HttpOnly SameSite=Strict" "Set-Cookie: vigil_session=[0-9a-f]*; Path=/console; HttpOnly; SameSite=Strict" "$T/headers"
check "session" 200 "$(req ann GET /console/api/session)"
check "session role" "analyst False" "$(jpy 'd["role"], d["permissions"]["sign_off"]' | tr -d "(),'")"
check "login sam" 200 "$(login sam pw-of-sam-123)"
check "login sue" 200 "$(login sue pw-of-sue-123)"
check "login aud" 200 "$(login aud pw-of-aud-123)"
check "login root" 200 "$(login root pw-of-root-123)"

# ---- queue and filters --------------------------------------------------------
check "queue" 200 "$(req ann GET '/console/api/alerts?status=open')"
check "queue total" 7 "$(jpy 'd["total"]')"
check "queue counts" 7 "$(jpy 'd["counts"]["open"]')"
check "queue filter list=un" 3 "$(req ann GET '/console/api/alerts?list=un' > /dev/null; jpy 'd["total"]')"
check "queue filter score" 2 "$(req ann GET '/console/api/alerts?score_min=0.999' > /dev/null; jpy 'd["total"]')"
req ann GET '/console/api/alerts?limit=3' > /dev/null; P1=$(jpy '[a["id"] for a in d["alerts"]]')
req ann GET '/console/api/alerts?limit=3&offset=3' > /dev/null; P2=$(jpy '[a["id"] for a in d["alerts"]]')
check "queue pages of 3, disjoint" "3 3 0" "$(python3 -c "a=$P1; b=$P2; print(len(a), len(b), len(set(a) & set(b)))")"
check "queue bad score" 422 "$(req ann GET '/console/api/alerts?score_min=2')"
contains "bad parameter named" "score_min" "$T/body"
check "queue bad status" 422 "$(req ann GET '/console/api/alerts?status=nope')"
check "admin may not view alerts" 403 "$(req root GET /console/api/alerts)"
req ann GET '/console/api/alerts?list=un' > /dev/null
A=$(jpy '[a["id"] for a in d["alerts"] if a["entity_id"] == "un:QDi.299"][0]')
check "alert detail" 200 "$(req ann GET "/console/api/alerts/$A")"
check "detail: record and entity" "IBRAHIM AWAD IBRAHIM AL BADRI un:QDi.299" "$(jpy 'd["query"]["name"] + " " + d["entity"]["id"]')"
check "detail: explanation tokens" True "$(jpy 'len(d["explanation"]["explanation"]["tokens"]) > 0')"
check "no such alert" 404 "$(req ann GET /console/api/alerts/99999)"

# ---- decide, CSRF, roles, four eyes -------------------------------------------
check "decide without CSRF token" 403 "$(req ann POST "/console/api/alerts/$A/decide" -H 'Content-Type: application/json' -d '{"verdict":"false_positive","reason":"x"}')"
contains "CSRF message" "CSRF" "$T/body"
check "decide with another user's CSRF token" 403 "$(req ann POST "/console/api/alerts/$A/decide" -H 'Content-Type: application/json' -H "X-CSRF-Token: $(cat "$T/sam.csrf")" -d '{"verdict":"false_positive","reason":"x"}')"
check "decide without reason" 422 "$(post ann "/console/api/alerts/$A/decide" '{"verdict":"false_positive","reason":""}')"
check "decide bad verdict" 422 "$(post ann "/console/api/alerts/$A/decide" '{"verdict":"maybe","reason":"x"}')"
check "auditor may not decide" 403 "$(post aud "/console/api/alerts/$A/decide" '{"verdict":"false_positive","reason":"x"}')"
check "decide" 200 "$(post ann "/console/api/alerts/$A/decide" '{"verdict":"false_positive","reason":"born elsewhere"}')"
check "decide twice" 409 "$(post ann "/console/api/alerts/$A/decide" '{"verdict":"false_positive","reason":"again"}')"
check "analyst may not see the sign-off queue" 403 "$(req ann GET /console/api/signoff)"
check "analyst may not sign off" 403 "$(post ann "/console/api/alerts/$A/sign-off" '{}')"
check "sign-off queue" 200 "$(req sam GET /console/api/signoff)"
check "sign-off queue holds it" "$A born elsewhere" "$(jpy 'str(d["pending"][0]["alert_id"]) + " " + d["pending"][0]["reason"]')"
check "send back without reason" 422 "$(post sam "/console/api/alerts/$A/send-back" '{"reason":""}')"
check "send back" 200 "$(post sam "/console/api/alerts/$A/send-back" '{"reason":"check the passport"}')"
check "decide again" 200 "$(post ann "/console/api/alerts/$A/decide" '{"verdict":"false_positive","reason":"passport differs"}')"
check "sign off" 200 "$(post sue "/console/api/alerts/$A/sign-off" '{}')"
req ann GET "/console/api/alerts/$A" > /dev/null
check "alert cleared" cleared "$(jpy 'd["status"]')"
check "case view" 200 "$(req ann GET "/console/api/cases/$(jpy 'd["case_id"]')")"

# ---- next run: suppressed; reopened (CLI) -------------------------------------
"$VIGIL" store screen --store "$S" --key "$K" --user ann "$ROOT/examples/travellers.jsonl" > "$T/run2"
contains "next run suppresses" "un:QDi.299 .* suppressed by decision" "$T/run2"
req ann GET '/console/api/alerts?status=suppressed' > /dev/null
B=$(jpy 'd["alerts"][0]["id"]')
check "suppressed in the queue" True "$(jpy 'd["alerts"][0]["suppressed_by"] > 0')"
"$VIGIL" alerts reopen "$B" --store "$S" --key "$K" --user ann --reason "" > /dev/null 2>&1
check "CLI reopen needs a reason" 3 $?
"$VIGIL" alerts reopen "$B" --store "$S" --key "$K" --user aud --reason "look again" > /dev/null 2>&1
check "CLI reopen needs decide" 3 $?
"$VIGIL" alerts reopen "$B" --store "$S" --key "$K" --user ann --reason "look again" > "$T/out"
check "CLI reopen" 0 $?
req ann GET "/console/api/alerts/$B" > /dev/null
check "reopened alert is open" "open ann" "$(jpy 'd["status"] + " " + d["reopened_by"]')"
check "reopen an open alert" 409 "$(post ann "/console/api/alerts/$B/reopen" '{"reason":"x"}')"

# ---- audit --------------------------------------------------------------------
check "analyst may not read the audit trail" 403 "$(req ann GET /console/api/audit)"
check "auditor reads it" 200 "$(req aud GET '/console/api/audit?limit=1000')"
for a in session.login session.login_failed alert.view alert.decide alert.send_back alert.sign_off signoff.view case.view alert.reopen retention.run; do
    contains "audit has $a" "\"action\":\"$a\"" "$T/body"
done
check "verify" 200 "$(post aud /console/api/audit/verify '{}')"
check "chain intact" True "$(jpy 'd["ok"]')"
check "analyst may not verify" 403 "$(post ann /console/api/audit/verify '{}')"

# ---- lockout, logout ------------------------------------------------------------
for i in 1 2 3 4; do login sue "wrong-$i" > /dev/null; done
check "fifth failure locks" 429 "$(login sue wrong-5)"
check "locked even with the password" 429 "$(login sue pw-of-sue-123)"
contains "lock message" "locked until" "$T/body"
TOK=$(awk '/vigil_session/ {print $7}' "$T/ann.jar")
check "logout" 200 "$(post ann /console/api/logout '{}')"
contains "logout clears the cookie" "Set-Cookie: vigil_session=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0" "$T/headers"
check "the old token is refused after logout" 401 "$(curl -s -m 10 -o /dev/null -w '%{http_code}' -b "vigil_session=$TOK" "$BASE/console/api/alerts")"

# ---- retention job, clean stop --------------------------------------------------
contains "retention job ran" '"event":"retention"' "$T/log"
kill -TERM "$PID"
i=0
while kill -0 "$PID" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
wait "$PID"
check "clean stop" 0 $?
PID=""
"$VIGIL" audit verify --store "$S" --pubkey "$K.pub" > /dev/null
check "audit verify after the console" 0 $?

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
