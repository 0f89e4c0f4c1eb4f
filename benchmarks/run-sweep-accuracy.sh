#!/usr/bin/env bash
# Capacity-search accuracy (issue 16, docs/sweep.md, docs/performance.md "Capacity search"): `bench sweep` against a
# server of known capacity, `bench demo --serve --slots 4 --service-ms 20` (4 service slots of 20 ms: 200 req/s at
# most; closed model: latency 5 ms x workers above 4), with the SLO p99 < 100ms. The answer should be 150-205 req/s
# (open) and 14-20 workers (closed), each sweep in under 4 minutes.
#
#   benchmarks/run-sweep-accuracy.sh                  # both sweeps, 20 s probes (about 7 minutes)
#   PROBE_SECONDS=10 ROUNDS=3 benchmarks/run-sweep-accuracy.sh
#
# Builds bench-cli.jar when missing. Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROBE="${PROBE_SECONDS:-20}"
ROUNDS="${ROUNDS:-1}"
PORT="${PORT:-18095}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
CLI_JAR="$ROOT/bench-cli/target/bench-cli.jar"
WORK="$(mktemp -d /tmp/bench-sweep.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT"
LOG="$OUT/sweep.log"
: > "$LOG"
say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }
[ -n "$JAVA" ] || { echo "run-sweep-accuracy.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
if [ ! -f "$CLI_JAR" ]; then
  say "building bench-cli.jar ..."
  (cd "$ROOT" && ./mvnw -B -q package -pl bench-cli -am -DskipTests) >>"$LOG" 2>&1
fi
# a snapshot of the CLI, so that a rebuild during the run cannot change what is measured
cp -r "$(dirname "$CLI_JAR")" "$WORK/cli"
CLI="$WORK/cli/$(basename "$CLI_JAR")"

# shellcheck disable=SC2086
"$JAVA" $BENCH_JAVA_OPTS -jar "$CLI" demo --serve "$PORT" --slots 4 --service-ms 20 > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until grep -q '^ready' "$WORK/server.log"; do sleep 0.2; done

sweep() { # sweep NAME MODEL-SETTINGS: one sweep, its answer line on stdout
  local name=$1 model=$2
  cat > "$WORK/$name.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:$PORT/api/orders", "benchmark_run_id": "$name",
 $model, "duration_seconds": $PROBE, "sweep_resolution": 0.05, "timeout": 10, "thresholds": ["p99 < 100ms"]}
EOF
  local t0 t1
  t0=$(date +%s)
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$CLI" sweep --config "$WORK/$name.json" --out "$OUT" > "$OUT/$name.out" \
    2>>"$LOG" || true
  t1=$(date +%s)
  printf '| %s | %s | %s s |\n' "$name" "$(grep '^capacity:' "$OUT/$name.out" | sed 's/|/\\|/g')" "$((t1 - t0))"
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "| sweep | answer | wall time |"
  echo "|---|---|---|"
  for r in $(seq "$ROUNDS"); do
    say "round $r: open model, 20..400 req/s"
    sweep "open-$r" '"load_model": "open", "min_rate": 20, "max_rate": 400'
    say "round $r: closed model, 1..64 workers"
    sweep "closed-$r" '"min_load": 1, "max_load": 64'
  done
} > "$OUT/answers.md"
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "## bench sweep against 4 slots of 20 ms (200 req/s), SLO p99 < 100ms, $PROBE s probes"
  echo
  cat "$OUT/answers.md"
  echo
  echo "$(nproc) cores; load average at start: $LOAD_START, at end: $LOAD_END; expected: 150-205 req/s, 14-20 workers"
} | tee "$OUT/summary.md"
