#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Replies of two `vigil serve` binaries, byte for byte: both on the bundled
# lists (--open, no config), one keep-alive connection each, the same Host
# header. Posts every /match body of BODIES (bench/server/gen_queries.py),
# every 40th also with limits, thresholds, per-dataset and filters; /search
# and /reconcile (GET, POST) for 400 of their names; /entities for every id
# the matches returned; the fixed endpoints and error cases. Compares
# status, headers (Date aside) and body, and the access log lines apart
# from ts and duration_ms. Exit 1 on any difference.
#   bench/server/compare_replies.py VIGIL_A VIGIL_B BODIES
import http.client, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.parse
def port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
def start(binary, log):
    p = port()
    proc = subprocess.Popen([binary, "serve", "--open", "--listen", f"127.0.0.1:{p}", "--config", "/dev/null"],
                            stderr=open(log, "w"))
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", p, timeout=5); c.request("GET", "/readyz")
            if c.getresponse().status == 200: break
        except OSError: time.sleep(0.1)
    return proc, http.client.HTTPConnection("127.0.0.1", p, timeout=30)
TMP = tempfile.mkdtemp()
LOGA, LOGB = os.path.join(TMP, "a.log"), os.path.join(TMP, "b.log")
A, B = start(sys.argv[1], LOGA), start(sys.argv[2], LOGB)
def get(conn, m, path, body=None, hdrs=None):
    h = dict(hdrs or {}); h["Host"] = "vigil.test"
    conn.request(m, path, body=body, headers=h)
    r = conn.getresponse(); data = r.read()
    hd = sorted((k.lower(), v) for k, v in r.getheaders() if k.lower() not in ("date",))
    return r.status, hd, data
n = diff = 0
ids = set()
def both(m, path, body=None, hdrs=None):
    global n, diff
    ra = get(A[1], m, path, body, hdrs); rb = get(B[1], m, path, body, hdrs)
    n += 1
    if ra != rb:
        diff += 1
        if diff < 5: print("DIFF", m, path, body[:200] if body else "", ra[0], rb[0], ra[1] != rb[1], ra[2][:300], rb[2][:300])
    return ra
J = {"Content-Type": "application/json"}
bodies = [l.rstrip("\n") for l in open(sys.argv[3])]
names = []
for i, b in enumerate(bodies):
    st, _, data = both("POST", "/match/default", b, J)
    if st == 200:
        for q in json.loads(data)["responses"].values():
            for r in q["results"]: ids.add(r["id"])
    if i % 40 == 0:
        q = json.loads(b)["queries"]
        for k, v in q.items():
            names += v["properties"].get("name", [])
        both("POST", "/match/default?limit=10&threshold=0.5&cutoff=0.2", b, J)
        both("POST", "/match/us_ofac_sdn?algorithm=logic-v2&fuzzy=false", b, J)
        both("POST", "/match/un_sc_sanctions?limit=1", b, J)
        both("POST", "/match/default?include_dataset=us_ofac_sdn&exclude_schema=Company", b, J)
for nm in names[:400]:
    both("GET", "/search/default?q=" + urllib.parse.quote(nm))
    both("GET", "/search/default?limit=3&q=" + urllib.parse.quote(nm.split()[0]))
    both("GET", "/reconcile/default?queries=" + urllib.parse.quote(json.dumps({"q0": {"query": nm}})))
    both("POST", "/reconcile/default", "queries=" + urllib.parse.quote(json.dumps({"q0": {"query": nm, "limit": 3}})),
         {"Content-Type": "application/x-www-form-urlencoded"})
for i in sorted(ids):
    both("GET", "/entities/" + urllib.parse.quote(i))
for m, p, b, h in [("GET", "/", None, None), ("GET", "/catalog", None, None), ("GET", "/algorithms", None, None),
                   ("GET", "/healthz", None, None), ("GET", "/readyz", None, None), ("GET", "/openapi.json", None, None),
                   ("GET", "/reconcile/default", None, None), ("GET", "/nope", None, None), ("GET", "/match/default", None, None),
                   ("POST", "/match/default", "{bad", J), ("POST", "/match/default", "{}", J),
                   ("POST", "/match/default", bodies[0], {"Content-Type": "text/plain"}),
                   ("POST", "/match/nosuch", bodies[0], J), ("GET", "/entities/nosuch", None, None),
                   ("POST", "/match/default?limit=abc", bodies[0], J), ("GET", "/search/default", None, None)]:
    both(m, p, b, h)
for proc, _ in (A, B):
    proc.terminate(); proc.wait()
def lines(f):
    out = []
    for l in open(f):
        o = json.loads(l)
        if o.get("event") == "request":
            o.pop("ts"); o.pop("duration_ms"); out.append(json.dumps(o, sort_keys=True))
    return out
la, lb = lines(LOGA), lines(LOGB)
shutil.rmtree(TMP)
print(f"access log: {len(la)} / {len(lb)} request lines, equal apart from ts and duration_ms: {la == lb}")
diff += la != lb
print(f"{n} requests, {len(ids)} entities, {diff} differ")
sys.exit(1 if diff else 0)
