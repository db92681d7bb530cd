-- Appended to requests.lua for a paced run, after a line setting interval_ms (milliseconds between
-- two requests of the whole run). Each request waits for the next free slot on one schedule shared
-- by all connections, so the rate holds whatever the latency, as long as enough connections are
-- idle; a schedule fallen behind restarts from now rather than sending a burst to catch up.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } pacing_timespec;
int clock_gettime(int clock, pacing_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("pacing_timespec")
local slot = nil

local function millis()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

function delay()
  local now = millis()
  slot = math.max((slot or now) + interval_ms, now)
  return math.floor(slot - now + 0.5)
end
