-- Replays the requests listed in a file, one per line: METHOD<TAB>path<TAB>token[<TAB>json body].
-- Each request carries its user's token, so the gateway's per-user rate limit applies as in production.
-- The benchmark appends pacing.lua when it paces the load.
local entries = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local method, path, token, body = line:match("^(%S+)\t(%S+)\t(%S+)\t?(.*)$")
    local headers = { ["Authorization"] = "Bearer " .. token }
    if body == nil or body == "" then
      body = nil
    else
      headers["Content-Type"] = "application/json"
    end
    entries[#entries + 1] = wrk.format(method, path, headers, body)
  end
  counter = math.random(#entries)
end

function request()
  counter = counter % #entries + 1
  return entries[counter]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d socket_errors=%d status_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
