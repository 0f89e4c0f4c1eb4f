#!/usr/bin/env bash
# Open-model harness (issue 15, docs/performance.md "Open model"): how exactly `bench run` with load_model=open keeps
# its schedule against nginx `return 200` on loopback, and where one generator's ceiling is.
#
#   benchmarks/run-open-rate.sh                       # 10 s per rate, rates 1000 5000 10000 20000 40000
#   RATES="2000 8000" SECONDS_PER_RUN=5 benchmarks/run-open-rate.sh
#
# For each rate: constant arrivals for SECONDS_PER_RUN at max_in_flight 256 on the event loop (auto over http://),
# and prints the achieved rate (validity.achieved_rps) against the scheduled one (validity.target_rps), the
# scheduling lag p99, the generator's CPU, latency and service-time p99, and the verdict. The ceiling is the highest
# rate achieved within 1 % with a valid verdict. Then a 400 req/s constant run with nginx logging every arrival
# ($msec, millisecond resolution): the arrivals per 50 ms window at the server (the schedule says 20).
#
# Tools (Debian): nginx python3 (installed when missing and we are root). Builds bench-cli.jar when missing.
# Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${SECONDS_PER_RUN:-10}"
RATES="${RATES:-1000 5000 10000 20000 40000}"
PORT="${PORT:-18090}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
CLI_JAR="$ROOT/bench-cli/target/bench-cli.jar"
WORK="$(mktemp -d /tmp/bench-open.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT"
LOG="$OUT/open.log"
: > "$LOG"
say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }

ensure_tools run-open-rate.sh nginx=nginx python3=python3
[ -n "$JAVA" ] || { echo "run-open-rate.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
if [ ! -f "$CLI_JAR" ]; then
  say "building bench-cli.jar ..."
  (cd "$ROOT" && ./mvnw -B -q package -pl bench-cli -am -DskipTests) >>"$LOG" 2>&1
fi

start_nginx "$WORK" 1 "log_format arrival '\$msec';" "server {
    listen 127.0.0.1:$PORT;
    location = /fast { return 200; }
    location = /logged { access_log $WORK/nginx/logs/arrivals.log arrival; return 200; }
  }"
await_url "http://127.0.0.1:$PORT/fast" -X POST

run() { # run NAME PATH RATE SECONDS WARMUP: one open run, its result directory in $OUT/NAME
  local name=$1 path=$2 rate=$3 secs=$4 warmup=$5
  cat > "$WORK/$name.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:$PORT$path", "benchmark_run_id": "$name",
 "load_model": "open", "max_rate": $rate, "enable_ramping": false, "duration_seconds": $secs,
 "arrival": "constant", "max_in_flight": 256, "timeout": 5, "warmup_seconds": $warmup, "request_log": "none"}
EOF
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$CLI_JAR" run --config "$WORK/$name.json" --out "$OUT" >>"$LOG" 2>&1 || true
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
say "open-model harness: $N s per rate, rates $RATES; JDK: $("$JAVA" -version 2>&1 | head -1); work dir $WORK"
{
  echo "| target req/s | achieved req/s | achieved / target | scheduling lag p99 ms | generator CPU % | latency p99 ms | service p99 ms | valid |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT/rates.md"
for rate in $RATES; do
  say "  $rate req/s ..."
  run "rate-$rate" /fast "$rate" "$N" 2
  python3 - "$OUT/rate-$rate/result.json" >> "$OUT/rates.md" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
v, o = r["validity"], r["overall"]
print("| %.0f | %.0f | %.4f | %.2f | %.1f | %.2f | %.2f | %s |" % (v["target_rps"], v["achieved_rps"],
      v["achieved_rps"] / v["target_rps"], v["scheduling_lag_p99_ms"], v["generator_cpu_percent"],
      o["latency_ms"]["p99"], o["service_time_ms"]["p99"], "yes" if v["valid"] else "no: " + "; ".join(
      x.split(":")[0] for x in v["reasons"])))
EOF
done

say "  400 req/s constant, every arrival logged by nginx ..."
: > "$WORK/nginx/logs/arrivals.log"
run "windows-400" /logged 400 "$N" 0
python3 - "$WORK/nginx/logs/arrivals.log" > "$OUT/windows.md" <<'EOF'
import sys
t = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
t0 = t[0]
n = len(t)
w = {}
for x in t:
    w[int((x - t0) * 1000) // 50] = w.get(int((x - t0) * 1000) // 50, 0) + 1
counts = [w.get(k, 0) for k in range(1, max(w))]  # the first and last window may be partial
inside = sum(1 for c in counts if 10 <= c <= 30)
print("arrivals logged by nginx: %d in %d whole 50 ms windows; per window min %d, max %d, mean %.2f; "
      "within 20 +- 10: %d of %d (%.1f %%)" % (n, len(counts), min(counts), max(counts), sum(counts) / len(counts),
      inside, len(counts), 100.0 * inside / len(counts)))
EOF
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "## Open model: achieved rate against nginx return 200 (constant arrivals, $N s per rate, max_in_flight 256)"
  echo
  cat "$OUT/rates.md"
  echo
  cat "$OUT/windows.md"
  echo
  echo "$(nproc) cores; load average at start: $LOAD_START, at end: $LOAD_END; nginx $(nginx -v 2>&1 | sed 's/.*\///')"
} | tee "$OUT/summary.md"
