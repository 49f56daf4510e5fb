-- wrk script of bench/pages.py: sends the session cookie, and prints the
-- run's figures as one JSON line (wrk itself prints no 95th percentile).
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        '{"requests": %d, "duration_us": %d, "p95_us": %d, "non_2xx": %d, "socket_errors": %d}\n',
        summary.requests, summary.duration, latency:percentile(95), errors.status,
        errors.connect + errors.read + errors.write + errors.timeout
    ))
end
