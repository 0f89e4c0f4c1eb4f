#!/usr/bin/env bash
# A/B of two CLI jars over TLS (docs/performance.md "The run pipeline"): nginx ssl `return 200` on loopback, 32
# workers, the event loop and platform threads, each jar in turn beside its own wrk, ROUNDS alternating rounds.
#
#   A_JAR=/tmp/old/bench-cli/target/bench-cli.jar benchmarks/run-tls-ab.sh     # B: this checkout's jar
#   A_JAR=... B_JAR=... ROUNDS=5 SECONDS_PER_RUN=5 benchmarks/run-tls-ab.sh
#
# Tools (Debian): nginx wrk openssl python3. Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${SECONDS_PER_RUN:-5}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18097}"
A_JAR="${A_JAR:?set A_JAR to the bench-cli.jar to compare with}"
B_JAR="${B_JAR:-$ROOT/bench-cli/target/bench-cli.jar}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
ensure_tools run-tls-ab.sh nginx=nginx wrk=wrk openssl=openssl python3=python3
WORK="$(mktemp -d /tmp/bench-tls-ab.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT" "$WORK/nginx/logs" "$WORK/nginx/tmp"
LOG="$OUT/tls-ab.log"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" >>"$LOG" 2>&1
URL="https://127.0.0.1:$PORT/fast"
start_nginx "$WORK" 2 "" "server {
    listen 127.0.0.1:$PORT ssl;
    ssl_certificate $WORK/nginx/cert.pem;
    ssl_certificate_key $WORK/nginx/key.pem;
    location = /fast { return 200; }
  }"
await_url "$URL" -k

wrk_rps() { wrk -t2 -c32 -d"${N}s" "$URL" 2>&1 | tee -a "$LOG" | awk '/Requests\/sec:/ {print $2}'; }
bench_rps() { # jar threads id
  cat > "$WORK/$3.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "$URL", "benchmark_run_id": "$3", "enable_ramping": false,
 "min_load": 32, "max_load": 32, "duration_seconds": $N, "timeout": 10, "insecure_tls": true, "worker_threads": "$2"}
EOF
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$1" run -c "$WORK/$3.json" --out "$OUT/runs" >>"$LOG" 2>&1 || true
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['overall']['throughput_rps'])" "$OUT/runs/$3/result.json"
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "| round | jar | worker_threads | bench req/s | wrk req/s | ratio |"
  echo "|---|---|---|---|---|---|"
} > "$OUT/tls-ab.md"
for r in $(seq "$ROUNDS"); do
  for side in A B; do
    jar=$A_JAR; [ "$side" = B ] && jar=$B_JAR
    for threads in event_loop platform; do
      w=$(wrk_rps)
      b=$(bench_rps "$jar" "$threads" "ab-$r-$side-$threads")
      printf '| %s | %s | %s | %.0f | %.0f | %.2f |\n' "$r" "$side" "$threads" "$b" "$w" \
        "$(python3 -c "print($b / $w)")" >> "$OUT/tls-ab.md"
    done
  done
done
echo "" >> "$OUT/tls-ab.md"
echo "A: $A_JAR; B: $B_JAR; load average before: $LOAD_START, after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/tls-ab.md"
cat "$OUT/tls-ab.md"
