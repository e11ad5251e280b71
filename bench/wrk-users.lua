-- wrk script (issue 20): GET /v1/users/{id}/recommendations for users drawn uniformly, with a
-- fixed seed per thread, from the file named by WRK_USERS (one external id per line, e.g. an
-- artifact's ids/users.txt); WRK_QUERY is the query string (default "k=10").
local ids = {}
local query = os.getenv("WRK_QUERY") or "k=10"

function init(args)
  for line in io.lines(os.getenv("WRK_USERS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(tonumber(os.getenv("WRK_SEED") or "42") + (wrk.thread and 0 or 0))
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/v1/users/" .. id .. "/recommendations?" .. query)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      '{"requests": %d, "seconds": %.3f, "req_per_s": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, errors))
end
