-- SPDX-License-Identifier: Apache-2.0
-- wrk script for the soak run: a fixed cycle of 20 requests, 14 valid
-- (/match with distinct bodies from BODIES, one per line, and /search) and
-- 6 malformed (bad JSON, a body over max_body_bytes, a wrong content type,
-- an unknown dataset, a missing schema, a non-UTF-8 query string). Status
-- codes are counted per thread and summed in done() into STATS (a file).
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local big = '{"queries":{"q":{"schema":"Person","properties":{"name":["' ..
    string.rep("x", tonumber(os.getenv("BIG") or "70000")) .. '"]}}}}'
local json = {["Content-Type"] = "application/json"}
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    i = id * 7919
    n = 0
    codes = {}
end

function request()
    n = n + 1
    i = i + 1
    local k = n % 20
    if k == 14 then
        return wrk.format("POST", "/match/default", json, '{"queries": {"q": {')
    elseif k == 15 then
        return wrk.format("POST", "/match/default", json, big)
    elseif k == 16 then
        return wrk.format("POST", "/match/default", {["Content-Type"] = "text/plain"},
                          bodies[(i % #bodies) + 1])
    elseif k == 17 then
        return wrk.format("POST", "/match/no_such_dataset", json, bodies[(i % #bodies) + 1])
    elseif k == 18 then
        return wrk.format("POST", "/match/default", json,
                          '{"queries":{"a":{"properties":{"name":["x"]}}}}')
    elseif k == 19 then
        return wrk.format("GET", "/search/default?q=%FF%FEabc&limit=5")
    elseif k == 13 then
        return wrk.format("GET", "/search/default?q=Nasrallah&limit=5")
    end
    return wrk.format("POST", "/match/default", json, bodies[(i % #bodies) + 1])
end

function response(status, headers, body)
    codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
    local total = {}
    for _, t in ipairs(threads) do
        local c = t:get("codes")
        for s, v in pairs(c) do total[s] = (total[s] or 0) + v end
    end
    local f = io.open(os.getenv("STATS"), "w")
    for s, v in pairs(total) do f:write(string.format("status %d %d\n", s, v)) end
    local e = summary.errors
    f:write(string.format("errors connect %d read %d write %d timeout %d status %d\n",
                          e.connect, e.read, e.write, e.timeout, e.status))
    f:write(string.format("requests %d\n", summary.requests))
    f:write(string.format("duration_us %d\n", summary.duration))
    for _, p in ipairs({50, 90, 99, 99.9}) do
        f:write(string.format("latency_p%s_us %d\n", tostring(p), latency:percentile(p)))
    end
    f:write(string.format("latency_max_us %d\n", latency.max))
    f:close()
end
