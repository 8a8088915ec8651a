-- wrk script: POSTs recommendation requests read from a file (one JSON body a line, written by
-- de.wegweiser.bench.ContactGenerator: the contacts the in-process harness uses), a different one
-- each time. The requests are formatted once at start, so the load generator spends its CPU on
-- sending and reading, not on building bodies: it shares the machine's two cores with the server.
--   wrk -s bench/requests.lua http://127.0.0.1:7171/api/v1/recommendations -- requests.jsonl
local requests = {}
local next_index = 1

init = function(args)
  local path = args[1] or error("usage: wrk -s bench/requests.lua <url> -- <requests.jsonl>")
  for line in io.lines(path) do
    requests[#requests + 1] = wrk.format("POST", nil, {["Content-Type"] = "application/json"}, line)
  end
  if #requests == 0 then error("no requests in " .. path) end
  math.randomseed(os.time())
  next_index = math.random(#requests)
end

request = function()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end
