-- wrk script of bench/load.py: a mixed crowd. The plan (BENCH_PLAN, a Lua
-- file that bench/load.py writes) is a list of requests with the status each
-- must get; every wrk thread has one connection and walks the list from its
-- own offset, so that a response is always that of the thread's last request.
-- Prints the run's figures as one JSON line.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("offset", #threads)
end

function init(args)
    plan = dofile(os.getenv("BENCH_PLAN"))
    raw = {}
    for i, r in ipairs(plan) do
        raw[i] = wrk.format(r.method, r.path, r.headers, r.body)
    end
    n = math.floor(offset * #plan / tonumber(os.getenv("BENCH_THREADS")))
    counts, bad, unexpected = {}, 0, ""
end

function request()
    n = n % #raw + 1
    return raw[n]
end

function response(status, headers, body)
    local r = plan[n]
    counts[r.kind] = (counts[r.kind] or 0) + 1
    if status ~= r.expect then
        bad = bad + 1
        if #unexpected < 300 then
            unexpected = unexpected .. r.kind .. " " .. status .. "; "
        end
    end
end

function done(summary, latency, requests)
    local bad_total, kinds, unexpected_all = 0, {}, ""
    for _, thread in ipairs(threads) do
        bad_total = bad_total + thread:get("bad")
        unexpected_all = unexpected_all .. thread:get("unexpected")
        for kind, count in pairs(thread:get("counts")) do
            kinds[kind] = (kinds[kind] or 0) + count
        end
    end
    local parts = {}
    for kind, count in pairs(kinds) do
        table.insert(parts, string.format('"%s": %d', kind, count))
    end
    local errors = summary.errors
    io.write(string.format(
        '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
            .. '"p99_us": %d, "non_2xx": %d, "socket_errors": %d, '
            .. '"unexpected": %d, "unexpected_sample": "%s", "kinds": {%s}}\n',
        summary.requests, summary.duration, latency:percentile(50),
        latency:percentile(95), latency:percentile(99), errors.status,
        errors.connect + errors.read + errors.write + errors.timeout,
        bad_total, unexpected_all:sub(1, 300), table.concat(parts, ", ")
    ))
end
