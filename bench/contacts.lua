-- wrk script: POSTs a different random contact on every request (all roles, phases, languages,
-- some concerns, topics, lifecycle statuses and customer flags) and asks for the top 20.
local roles = {"managing-director", "head-of-sales", "production", "it", "purchasing", "finance", "marketing"}
local phases = {"non-awareness", "awareness", "favorability", "consideration", "intent-to-purchase", "conversion", "loyalty", "advocacy"}
local concerns = {"image", "strategy", "price", "terms", "efficiency", "usability", "security", "integration", "roi", "support", "sustainability"}
local topics = {"machining-centres", "automation", "machine-connectivity", "predictive-maintenance", "retrofit", "energy-efficiency", "financing", "it-security", "training", "service", "industry-trends"}
local lifecycles = {"subscriber", "lead", "mql", "sql", "opportunity", "customer"}
local counter = 0

local function some(list, max)
  local out = {}
  for i = 1, math.random(0, max) do out[#out + 1] = '"' .. list[math.random(#list)] .. '"' end
  return "[" .. table.concat(out, ",") .. "]"
end

init = function(args)
  math.randomseed(os.time() + math.random(1000))
end

request = function()
  counter = counter + 1
  local language = math.random(10) <= 6 and "de" or "en"
  local contact = string.format(
    '{"id":"wrk-%d","role":"%s","phase":"%s","language":"%s","concerns":%s,"topics":%s%s%s}',
    counter, roles[math.random(#roles)], phases[math.random(#phases)], language,
    some(concerns, 3), some(topics, 2),
    math.random(3) == 1 and string.format(',"lifecycle":"%s"', lifecycles[math.random(#lifecycles)]) or "",
    math.random(6) == 1 and ',"existingCustomer":true' or "")
  local body = '{"contact":' .. contact .. ',"limit":20}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end
