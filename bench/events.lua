-- wrk script for EventBench's "wrk" transport: each request posts one new page view for a random
-- contact, as a CMS does. Arguments: API key, a prefix that makes the event ids unique in the run,
-- the event time, the file with one contact id a line. Answers that are not "stored" are counted.
--   wrk -t1 -c16 -d20s -s bench/events.lua http://127.0.0.1:7070 -- <key> <prefix> <at> <contacts.txt>
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local ids, key, prefix, at = {}, nil, nil, nil
local n = 0
notStored = 0

function init(args)
  key, prefix, at = args[1], args[2], args[3]
  for line in io.lines(args[4]) do ids[#ids + 1] = line end
  if #ids == 0 then error("no contact ids in " .. args[4]) end
  math.randomseed(os.time())
end

function request()
  n = n + 1
  local body = string.format('{"id":"%s-%d","type":"page-view","at":"%s","channel":"website"}', prefix, n, at)
  return wrk.format("POST", "/api/v1/contacts/" .. ids[math.random(#ids)] .. "/events",
    {["Content-Type"] = "application/json", ["X-API-Key"] = key}, body)
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"status":"stored"', 1, true) then notStored = notStored + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("notStored") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f errors=%d not_stored=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, errors, bad))
end
