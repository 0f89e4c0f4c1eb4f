#!/usr/bin/env bash
# End-to-end performance harness (issue 7, docs/performance.md): starts its own nginx on loopback and runs
# wrk, hey, JUnitPerf, jmeter-java-dsl and `bench` side by side on the same endpoints, then prints one table of
# ratios (ours / reference, same run) and writes it to $OUT/summary.md.
#
#   benchmarks/run-e2e.sh            # 10 s per measurement (about 9 minutes in all)
#   benchmarks/run-e2e.sh --quick    # 3 s per measurement, smaller heap test (smoke mode, about 4 minutes)
#   SECONDS_PER_RUN=20 PORT=18080 OUT=/tmp/e2e benchmarks/run-e2e.sh
#   CLI_JAR=/tmp/a/bench-cli.jar BENCH_JAR=/tmp/a/benchmarks.jar benchmarks/run-e2e.sh --quick   # jars of another commit
#
# Tools (Debian): apt-get update && apt-get install -y nginx libnginx-mod-http-echo wrk hey python3 openssl
# (installed here when missing and we are root). Needs the JMH/harness jar, JmeterPeer's class path (JMeter's own
# jar set, kept out of benchmarks.jar) and the CLI jar:
#   ./mvnw -B -Pbenchmarks package -pl benchmarks -am -DskipTests   (benchmarks/target/benchmarks.jar, .../jmeter-lib)
#   ./mvnw -B package -pl bench-cli -am -DskipTests                  (bench-cli/target/bench-cli.jar)
# all are built here when missing. Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${SECONDS_PER_RUN:-10}"
HEAP_LARGE=10000000
QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1; N="${SECONDS_PER_RUN:-3}"; HEAP_LARGE=2000000 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run-e2e.sh: unknown argument '$a' (use --quick or nothing)" >&2; exit 2 ;;
  esac
done
PORT="${PORT:-18080}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"   # our CLI's JVM options, as bin/bench sets them
STALL_PORT="${STALL_PORT:-18081}"
TLS_PORT="${TLS_PORT:-18082}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
BENCH_JAR="${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
JMETER_LIB="${JMETER_LIB:-$ROOT/benchmarks/target/jmeter-lib}"
CLI_JAR="${CLI_JAR:-$ROOT/bench-cli/target/bench-cli.jar}"
WORK="$(mktemp -d /tmp/bench-e2e.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT"
LOG="$OUT/e2e.log"
: > "$LOG"

say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }

# ---------- tools ----------
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
ensure_tools run-e2e.sh nginx=nginx "$ECHO_MODULE=libnginx-mod-http-echo" wrk=wrk hey=hey python3=python3 \
  openssl=openssl
[ -n "$JAVA" ] || { echo "run-e2e.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
if [ ! -f "$BENCH_JAR" ] || [ ! -f "$JMETER_LIB/benchsuite-jmeter-peer.jar" ]; then
  say "building benchmarks.jar ..."
  (cd "$ROOT" && ./mvnw -B -q -Pbenchmarks package -pl benchmarks -am -DskipTests) >>"$LOG" 2>&1
fi
if [ ! -f "$CLI_JAR" ]; then
  say "building bench-cli.jar ..."
  (cd "$ROOT" && ./mvnw -B -q package -pl bench-cli -am -DskipTests) >>"$LOG" 2>&1
fi

# ---------- nginx ----------
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
# a self-signed P-256 certificate for the TLS server (step 1c); our runs set insecure_tls, wrk does not verify
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" >>"$LOG" 2>&1
cat > "$WORK/nginx/nginx.conf" <<EOF
load_module $ECHO_MODULE;
worker_processes 2;
error_log $WORK/nginx/logs/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  log_format first '\$msec';
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$PORT;
    location = /fast { return 200; }
    location = /slow { echo_sleep 0.05; echo ok; }
    location = /first { access_log $WORK/nginx/logs/first.log first; return 200; }
  }
  server {
    listen 127.0.0.1:$TLS_PORT ssl;
    ssl_certificate $WORK/nginx/cert.pem;
    ssl_certificate_key $WORK/nginx/key.pem;
    location = /fast { return 200; }
  }
}
EOF
STALL_PID=""
cleanup() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  [ -n "$STALL_PID" ] && kill "$STALL_PID" 2>/dev/null || true
}
trap cleanup EXIT
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log"
for _ in $(seq 50); do curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/fast" && break; sleep 0.1; done
curl -sf -o /dev/null -X POST -d '{}' "http://127.0.0.1:$PORT/slow" \
  || { echo "run-e2e.sh: nginx on 127.0.0.1:$PORT does not answer POST /slow; see $WORK/nginx/logs/error.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

# ---------- measuring helpers ----------
# wrk with a POST of {} (like our system_api target) and a done() hook printing ms percentiles
cat > "$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("WRK rps=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
EOF
declare -A R  # results: R[key]=value

run_wrk() { # key threads conns url
  local out
  out=$(wrk -t"$2" -c"$3" -d"${N}s" --latency -s "$WORK/post.lua" "$4" 2>&1 | tee -a "$LOG" | grep '^WRK')
  for kv in ${out#WRK }; do R["$1.${kv%%=*}"]="${kv#*=}"; done
}

run_hey() { # key conns url
  local out
  out=$(hey -z "${N}s" -c "$2" -m POST -T application/json -d '{}' "$3" 2>&1 | tee -a "$LOG")
  R["$1.rps"]=$(awk '/Requests\/sec:/ {print $2}' <<<"$out")
  R["$1.p50"]=$(awk '/ 50% in / {printf "%.3f", $3 * 1000}' <<<"$out")
  R["$1.p99"]=$(awk '/ 99% in / {printf "%.3f", $3 * 1000}' <<<"$out")
}

RUN_NO=0
run_bench() { # key workers url [seconds] [extra config members, e.g. ', "worker_threads": "virtual"']
  RUN_NO=$((RUN_NO + 1))
  local id="e2e-$RUN_NO" secs="${4:-$N}"
  cat > "$WORK/$id.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "$3", "benchmark_run_id": "$id",
 "enable_ramping": false, "min_load": $2, "max_load": $2, "duration_seconds": $secs, "timeout": 10${5:-}}
EOF
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$CLI_JAR" run -c "$WORK/$id.json" --out "$OUT/runs" >>"$LOG" 2>&1 || true
  local out
  out=$(python3 - "$OUT/runs/$id/result.json" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))["overall"]
l = o["latency_ms"]
print("rps=%s p50=%s p99=%s p999=%s max=%s failures=%s" % (o["throughput_rps"], l["p50"], l["p99"], l["p999"], l["max"], o["failures"]))
EOF
)
  echo "BENCH $1 $out" >>"$LOG"
  for kv in $out; do R["$1.${kv%%=*}"]="${kv#*=}"; done
}

main_of() { "$JAVA" -cp "$BENCH_JAR" "io.benchsuite.benchmarks.$1" "${@:2}" 2>>"$LOG" | tee -a "$LOG" | tail -1; }

ratio() { python3 -c "import sys; a,b=float(sys.argv[1] or 0),float(sys.argv[2] or 0); print('%.2f' % (a/b) if b else 'n/a')" "$1" "$2"; }
diff_ms() { python3 -c "import sys; print('%+.2f' % (float(sys.argv[1]) - float(sys.argv[2])))" "$1" "$2"; }

say "run-e2e: $(date -u +%FT%TZ), ${N}s per measurement, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
say "  JDK: $("$JAVA" -version 2>&1 | head -1); nginx $(nginx -v 2>&1 | sed 's/.*\///'); work dir $WORK"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------- 1. /fast throughput at 32 connections ----------
say "[1/6] /fast at 32 connections: wrk, hey, bench, JUnitPerf, jmeter-java-dsl"
run_bench warm 32 "$BASE/fast" 2          # warms the page cache and the CLI jar; not reported
run_wrk wrk.fast 2 32 "$BASE/fast"
run_hey hey.fast 32 "$BASE/fast"
run_bench ours.fast 32 "$BASE/fast"
# the default (event_loop for http) with a 2 s warm-up, and the same load on threads (platform: the default before
# the event loop; virtual), each against a second wrk run
run_wrk wrk.fast.v 2 32 "$BASE/fast"
run_bench ours.fast.w 32 "$BASE/fast" "$N" ', "warmup_seconds": 2'
run_bench ours.fast.p 32 "$BASE/fast" "$N" ', "worker_threads": "platform"'
run_bench ours.fast.v 32 "$BASE/fast" "$N" ', "worker_threads": "virtual"'
JP_SECS=$([ "$QUICK" = 1 ] && echo 3 || echo 10)
jp=$("$JAVA" -Durl="$BASE/fast" -cp "$BENCH_JAR" io.benchsuite.benchmarks.JunitPerfPeer kind=http seconds="$JP_SECS" 2>>"$LOG" | tee -a "$LOG" | grep '^junitperf' || true)
R[junitperf.fast.rps]=$(sed -n 's/.* per_s=\([0-9.]*\).*/\1/p' <<<"$jp")
# jmeter-java-dsl from its own class path, in its own dir: JMeter's temp home goes there and nowhere else
mkdir -p "$WORK/jmeter"
jm=$(cd "$WORK/jmeter" && "$JAVA" -Djava.io.tmpdir="$WORK/jmeter" -cp "$JMETER_LIB/*" io.benchsuite.benchmarks.JmeterPeer \
  url="$BASE/fast" threads=32 seconds="$N" 2>>"$LOG" | tee -a "$LOG" | grep '^jmeter ' || true)
R[jmeter.fast.rps]=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$jm")

# /fast over TLS: the event loop (worker_threads: event_loop) and platform threads (what auto uses for https)
say "[1c] /fast over TLS (nginx ssl, self-signed): wrk, bench on the event loop, bench on platform threads"
run_wrk wrk.tls 2 32 "https://127.0.0.1:$TLS_PORT/fast"
run_bench ours.tls.loop 32 "https://127.0.0.1:$TLS_PORT/fast" "$N" ', "insecure_tls": true, "worker_threads": "event_loop"'
run_bench ours.tls.threads 32 "https://127.0.0.1:$TLS_PORT/fast" "$N" ', "insecure_tls": true'

# where the /fast gap goes: raw clients without the engine, the engine with a raw target, the engine with the
# system_api target without and with the request log (each beside its own wrk run: the machine may be shared)
say "[1b] /fast breakdown: raw clients, engine + raw target, engine + system_api (no log / log), each with wrk"
breakdown() { # key main args...
  run_wrk "bd.$1.wrk" 2 32 "$BASE/fast"
  local out
  out=$("$JAVA" -cp "$BENCH_JAR" "io.benchsuite.benchmarks.$2" "${@:3}" url="$BASE/fast" seconds="$N" 2>>"$LOG" | tee -a "$LOG" | tail -1)
  R["bd.$1.rps"]=$(sed -n 's/.*req_per_s=\([0-9.]*\).*/\1/p' <<<"$out")
}
breakdown raw_nio RawHttpLoop mode=nio conns=32
breakdown raw_vthreads RawHttpLoop mode=vthreads conns=32
breakdown raw_platform RawHttpLoop mode=platform conns=32
breakdown engine_raw EngineHttp target=raw workers=32
breakdown engine_system_api EngineHttp target=system_api workers=32 threads=event_loop
breakdown engine_system_api_log EngineHttp target=system_api workers=32 threads=event_loop log=true
breakdown engine_system_api_virtual EngineHttp target=system_api workers=32 threads=virtual
breakdown engine_system_api_platform EngineHttp target=system_api workers=32 threads=platform

# ---------- 2. /slow latency accuracy at 1, 8, 64 ----------
say "[2/6] /slow (50 ms) at 1, 8, 64 connections: wrk --latency vs bench"
for c in 1 8 64; do
  t=$([ "$c" = 1 ] && echo 1 || echo 2)
  run_wrk "wrk.slow$c" "$t" "$c" "$BASE/slow"
  # as we recommend measuring latency: warmup_seconds 2 (JIT and connections out of the measured run)
  run_bench "ours.slow$c" "$c" "$BASE/slow" "$N" ', "warmup_seconds": 2'
  # the same run without its first second (connection set-up, class loading, JIT), from requests.jsonl.gz
  warm=$(python3 - "$OUT/runs/e2e-$RUN_NO/requests.jsonl.gz" <<'EOF'
import gzip, json, sys
v = sorted(r["latency_ms"] for r in map(json.loads, gzip.open(sys.argv[1], "rt")) if r["start_offset_ms"] >= 1000)
pick = lambda q: v[min(len(v) - 1, max(0, int(-(-q * len(v) // 1)) - 1))] if v else 0
print("%.3f %.3f" % (pick(0.50), pick(0.99)))
EOF
)
  R["ours.slow$c.p50w"]=${warm% *}
  R["ours.slow$c.p99w"]=${warm#* }
  # the same without the warm-up, and on platform threads (the default before the event loop)
  run_bench "ours.slow$c.cold" "$c" "$BASE/slow"
  run_bench "ours.slow$c.p" "$c" "$BASE/slow" "$N" ', "worker_threads": "platform", "warmup_seconds": 2'
done

# ---------- 3. stall ----------
say "[3/6] stall: a server that pauses 1 s once, 32 connections: wrk vs bench"
"$JAVA" -cp "$BENCH_JAR" io.benchsuite.benchmarks.StallServer port="$STALL_PORT" stallAfterMs=1000 stallMs=1000 \
  >"$WORK/stall.out" 2>&1 &
STALL_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/stall.out" 2>/dev/null && break; sleep 0.1; done
STALL_N=$([ "$N" -lt 3 ] && echo 3 || echo "$N")
N_SAVE=$N; N=$STALL_N
curl -s -o /dev/null "http://127.0.0.1:$STALL_PORT/reset"
run_wrk wrk.stall 2 32 "http://127.0.0.1:$STALL_PORT/s"
curl -s -o /dev/null "http://127.0.0.1:$STALL_PORT/reset"
run_bench ours.stall 32 "http://127.0.0.1:$STALL_PORT/s"
N=$N_SAVE
R[ours.stall.slow]=$(python3 - "$OUT/runs/e2e-$RUN_NO/requests.jsonl.gz" <<'EOF'
import gzip, json, sys
print(sum(1 for l in gzip.open(sys.argv[1], "rt") if json.loads(l)["latency_ms"] >= 500))
EOF
)
kill "$STALL_PID" 2>/dev/null || true; STALL_PID=""

# ---------- 4. CLI start-up: time to first request ----------
say "[4/6] CLI time to first request (launch -> first request logged by nginx), 3 launches"
for i in 1 2 3; do
  : > "$WORK/nginx/logs/first.log"
  cat > "$WORK/first$i.json" <<EOF
{"benchmark_type": "system_api", "endpoint": "$BASE/first", "benchmark_run_id": "first-$i",
 "enable_ramping": false, "max_load": 1, "duration_seconds": 1, "total_requests": 1, "timeout": 10}
EOF
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$JAVA" $BENCH_JAVA_OPTS -jar "$CLI_JAR" run -c "$WORK/first$i.json" --out "$OUT/runs" >>"$LOG" 2>&1 || true
  t1=$(head -1 "$WORK/nginx/logs/first.log")
  R["ttfr.$i"]=$(python3 -c "print('%.3f' % (float('$t1') - float('$t0')))")
  say "  launch $i: ${R[ttfr.$i]} s"
done

R[startup]=$(main_of StartupProbe)

# ---------- 5. method-as-request: no-op throughput, JUnitPerf beside it ----------
say "[5/6] no-op target at 2 workers: engine without / with request log, JUnitPerf at 2 threads"
for log in false true; do
  out=$(main_of NoOpThroughput workers=2 seconds="$N" log=$log)
  R["noop.$log"]=$(sed -n 's/.* invocations_per_s=\([0-9.]*\).*/\1/p' <<<"$out")
done
jp=$("$JAVA" -cp "$BENCH_JAR" io.benchsuite.benchmarks.JunitPerfPeer kind=noop seconds="$JP_SECS" 2>>"$LOG" | tee -a "$LOG" | grep '^junitperf' || true)
R[junitperf.noop]=$(sed -n 's/.* per_s=\([0-9.]*\).*/\1/p' <<<"$jp")

# ---------- 6. scale and memory ----------
say "[6/6] 10,000 workers sleeping 1 s; heap after 100k vs $HEAP_LARGE requests"
R[scale]=$(main_of ScaleSleep workers=10000 seconds="$N" sleepMs=1000)
R[heap]=$(main_of HeapGrowth small=100000 large="$HEAP_LARGE")
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------- table ----------
{
  echo "## run-e2e $(date -u +%FT%TZ), ${N} s per measurement"
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $("$JAVA" -version 2>&1 | head -1);"
  echo "nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); load average at start: $LOAD_START, at end: $LOAD_END"
  echo
  echo "| measurement | ours | reference | ours / reference |"
  echo "|---|---|---|---|"
  echo "| /fast req/s, 32 conns vs wrk -t2 -c32 | ${R[ours.fast.rps]} | ${R[wrk.fast.rps]} | $(ratio "${R[ours.fast.rps]}" "${R[wrk.fast.rps]}") |"
  echo "| /fast req/s vs hey -c 32 | ${R[ours.fast.rps]} | ${R[hey.fast.rps]} | $(ratio "${R[ours.fast.rps]}" "${R[hey.fast.rps]}") |"
  echo "| /fast req/s vs JUnitPerf 32 threads (JDK HttpClient) | ${R[ours.fast.rps]} | ${R[junitperf.fast.rps]} | $(ratio "${R[ours.fast.rps]}" "${R[junitperf.fast.rps]}") |"
  echo "| /fast req/s vs jmeter-java-dsl 32 threads (JMeter 5.6.3, HttpClient 4) | ${R[ours.fast.rps]} | ${R[jmeter.fast.rps]} | $(ratio "${R[ours.fast.rps]}" "${R[jmeter.fast.rps]}") |"
  echo "| /fast p50 / p99 ms vs wrk | ${R[ours.fast.p50]} / ${R[ours.fast.p99]} | ${R[wrk.fast.p50]} / ${R[wrk.fast.p99]} | – |"
  echo "| /fast req/s, default + warmup_seconds 2, vs a second wrk -t2 -c32 | ${R[ours.fast.w.rps]} | ${R[wrk.fast.v.rps]} | $(ratio "${R[ours.fast.w.rps]}" "${R[wrk.fast.v.rps]}") |"
  echo "| /fast req/s, worker_threads platform, vs the same wrk | ${R[ours.fast.p.rps]} | ${R[wrk.fast.v.rps]} | $(ratio "${R[ours.fast.p.rps]}" "${R[wrk.fast.v.rps]}") |"
  echo "| /fast req/s, worker_threads virtual, vs the same wrk | ${R[ours.fast.v.rps]} | ${R[wrk.fast.v.rps]} | $(ratio "${R[ours.fast.v.rps]}" "${R[wrk.fast.v.rps]}") |"
  echo "| /fast over TLS req/s, worker_threads event_loop, vs wrk -t2 -c32 over TLS | ${R[ours.tls.loop.rps]} | ${R[wrk.tls.rps]} | $(ratio "${R[ours.tls.loop.rps]}" "${R[wrk.tls.rps]}") |"
  echo "| /fast over TLS req/s, default (platform threads for https), vs the same wrk | ${R[ours.tls.threads.rps]} | ${R[wrk.tls.rps]} | $(ratio "${R[ours.tls.threads.rps]}" "${R[wrk.tls.rps]}") |"
  for b in raw_nio raw_vthreads raw_platform engine_raw engine_system_api engine_system_api_log engine_system_api_virtual engine_system_api_platform; do
    echo "| breakdown /fast req/s: $b (beside its own wrk) | ${R[bd.$b.rps]} | ${R[bd.$b.wrk.rps]} | $(ratio "${R[bd.$b.rps]}" "${R[bd.$b.wrk.rps]}") |"
  done
  for c in 1 8 64; do
    echo "| /slow $c conns (warmup_seconds 2): p50 ms vs wrk | ${R[ours.slow$c.p50]} | ${R[wrk.slow$c.p50]} | $(diff_ms "${R[ours.slow$c.p50]}" "${R[wrk.slow$c.p50]}") ms |"
    echo "| /slow $c conns (warmup_seconds 2): p99 ms vs wrk | ${R[ours.slow$c.p99]} | ${R[wrk.slow$c.p99]} | $(diff_ms "${R[ours.slow$c.p99]}" "${R[wrk.slow$c.p99]}") ms |"
    echo "| /slow $c conns: p50 / p99 ms after the first second (ours, from requests.jsonl.gz) vs wrk | ${R[ours.slow$c.p50w]} / ${R[ours.slow$c.p99w]} | ${R[wrk.slow$c.p50]} / ${R[wrk.slow$c.p99]} | $(diff_ms "${R[ours.slow$c.p50w]}" "${R[wrk.slow$c.p50]}") / $(diff_ms "${R[ours.slow$c.p99w]}" "${R[wrk.slow$c.p99]}") ms |"
    echo "| /slow $c conns: req/s vs wrk | ${R[ours.slow$c.rps]} | ${R[wrk.slow$c.rps]} | $(ratio "${R[ours.slow$c.rps]}" "${R[wrk.slow$c.rps]}") |"
    echo "| /slow $c conns, no warm-up: p50 / p99 ms vs wrk | ${R[ours.slow$c.cold.p50]} / ${R[ours.slow$c.cold.p99]} | ${R[wrk.slow$c.p50]} / ${R[wrk.slow$c.p99]} | $(diff_ms "${R[ours.slow$c.cold.p50]}" "${R[wrk.slow$c.p50]}") / $(diff_ms "${R[ours.slow$c.cold.p99]}" "${R[wrk.slow$c.p99]}") ms |"
    echo "| /slow $c conns, worker_threads platform (warm-up 2 s): p50 / p99 ms vs wrk | ${R[ours.slow$c.p.p50]} / ${R[ours.slow$c.p.p99]} | ${R[wrk.slow$c.p50]} / ${R[wrk.slow$c.p99]} | $(diff_ms "${R[ours.slow$c.p.p50]}" "${R[wrk.slow$c.p50]}") / $(diff_ms "${R[ours.slow$c.p.p99]}" "${R[wrk.slow$c.p99]}") ms |"
  done
  echo "| stall 1 s once, 32 conns: max ms vs wrk | ${R[ours.stall.max]} | ${R[wrk.stall.max]} | $(ratio "${R[ours.stall.max]}" "${R[wrk.stall.max]}") |"
  echo "| stall: p99.9 ms vs wrk | ${R[ours.stall.p999]} | ${R[wrk.stall.p999]} | $(ratio "${R[ours.stall.p999]}" "${R[wrk.stall.p999]}") |"
  echo "| stall: our requests ≥ 500 ms (expected ≈ 32, one per connection) | ${R[ours.stall.slow]} | – | – |"
  echo "| stall: req/s (p99.9 shows the pause only while ≤ 0.1 % of the requests are the ≈ 32 paused ones) | ${R[ours.stall.rps]} | ${R[wrk.stall.rps]} | $(ratio "${R[ours.stall.rps]}" "${R[wrk.stall.rps]}") |"
  echo "| CLI launch → first request, s (3 launches) | ${R[ttfr.1]}, ${R[ttfr.2]}, ${R[ttfr.3]} | target < 1 | – |"
  echo "| no-op target, 2 workers, invocations/s (no request log) | ${R[noop.false]} | JUnitPerf 2 threads: ${R[junitperf.noop]} | $(ratio "${R[noop.false]}" "${R[junitperf.noop]}") |"
  echo "| no-op target, 2 workers, invocations/s (log to requests.jsonl.gz) | ${R[noop.true]} | JUnitPerf 2 threads: ${R[junitperf.noop]} | $(ratio "${R[noop.true]}" "${R[junitperf.noop]}") |"
  echo
  echo "start-up parts: \`${R[startup]}\`"
  echo
  echo "scale: \`${R[scale]}\`"
  echo
  echo "memory: \`${R[heap]}\`"
} > "$OUT/summary.md"
cat "$OUT/summary.md"
say "raw output: $LOG; runs: $OUT/runs"
