-- SPDX-License-Identifier: Apache-2.0
-- wrk script: POST /match/default cycling through the bodies of BODIES
-- (one JSON per line); each wrk thread starts at a different offset.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local counter = 0
local step = 1
function setup(thread)
    thread:set("offset", counter * 7919)
    counter = counter + 1
end
function init(args)
    i = offset or 0
end
function request()
    i = i + step
    local b = bodies[(i % #bodies) + 1]
    return wrk.format("POST", "/match/default", {["Content-Type"] = "application/json"}, b)
end
-- With DELAY_MS set, each connection waits that long between a reply and
-- its next request: a steady offered load instead of as fast as possible
-- (32 connections and 1 ms give about 12,500 requests per second here).
local delay_ms = tonumber(os.getenv("DELAY_MS") or "")
if delay_ms then
    function delay()
        return delay_ms
    end
end
