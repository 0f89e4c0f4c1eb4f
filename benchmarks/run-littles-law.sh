#!/usr/bin/env bash
# Little's-law harness (issue 21 item 12, docs/metrics.md "Little's law"): in a closed run every worker is always
# busy, so workers = throughput x (mean latency + the gap between a response and the worker's next request).
# Against nginx `return 200` on loopback (a target that answers in microseconds) this prints, per worker model, the
# gap per request: workers / throughput - mean latency, in microseconds and as a share of the cycle.
#
#   benchmarks/run-littles-law.sh                      # 8 workers, 10 s, event_loop, platform and virtual threads
#   WORKERS=32 SECONDS_PER_RUN=5 MODELS="event_loop" benchmarks/run-littles-law.sh
#
# Tools (Debian): nginx python3 (installed when missing and we are root). Builds bench-cli.jar when missing.
# Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${SECONDS_PER_RUN:-10}"
W="${WORKERS:-8}"
MODELS="${MODELS:-event_loop platform virtual}"
PORT="${PORT:-18096}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
CLI_JAR="$ROOT/bench-cli/target/bench-cli.jar"
WORK="$(mktemp -d /tmp/bench-little.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT"
LOG="$OUT/little.log"
: > "$LOG"
say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }

ensure_tools run-littles-law.sh nginx=nginx python3=python3
[ -n "$JAVA" ] || { echo "run-littles-law.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
if [ ! -f "$CLI_JAR" ]; then
  say "building bench-cli.jar ..."
  (cd "$ROOT" && ./mvnw -B -q package -pl bench-cli -am -DskipTests) >>"$LOG" 2>&1
fi

start_nginx "$WORK" 1 "" "server {
    listen 127.0.0.1:$PORT;
    location = /fast { return 200; }
  }"
await_url "http://127.0.0.1:$PORT/fast" -X POST

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
say "Little's-law harness: $W workers, $N s per model ($MODELS); JDK: $("$JAVA" -version 2>&1 | head -1)"
{
  echo "| worker_threads | workers | req/s | mean latency µs | workers / req/s µs | gap µs per request | gap / cycle |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT/little.md"
for model in $MODELS; do
  name="little-$model"
  cat > "$WORK/$name.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:$PORT/fast", "benchmark_run_id": "$name",
 "min_load": $W, "max_load": $W, "enable_ramping": false, "duration_seconds": $N, "warmup_seconds": 2,
 "timeout": 5, "worker_threads": "$model", "request_log": "none"}
EOF
  say "  $model ..."
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$CLI_JAR" run --config "$WORK/$name.json" --out "$OUT" >>"$LOG" 2>&1 || true
  python3 - "$OUT/$name/result.json" "$model" >> "$OUT/little.md" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
b = r["buckets"][-1]                      # the one level: its window holds only the load at W workers
x = b["throughput_rps"]
mean_us = b["latency_ms"]["mean"] * 1000
cycle_us = b["workers"] / x * 1e6          # Little's law: W = L / X
gap = cycle_us - mean_us
print(f"| {sys.argv[2]} | {b['workers']} | {x:,.0f} | {mean_us:.1f} | {cycle_us:.1f} | {gap:.1f} | {gap / cycle_us * 100:.1f} % |")
EOF
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "" >> "$OUT/little.md"
echo "load average before: $LOAD_START, after: $LOAD_END" >> "$OUT/little.md"
cat "$OUT/little.md"
