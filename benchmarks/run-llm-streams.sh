#!/usr/bin/env bash
# LLM streaming accuracy at scale (issue 7): `bench run` (benchmark_type llm_api) streams completions from a
# loopback SSE server in a SEPARATE process (nginx + echo module: event-driven C, one worker, cheap at 1,000
# streams; its location is generated below from the schedule) at 1, 100 and 1,000 concurrent streams, and
# reports, at p50 and p99, how far our TTFT, TPOT and ITL are from
#   (a) the nominal schedule (TTFT = the first echo_sleep, TPOT = ITL = the token interval),
#   (b) what nginx really delivered while our client ran: a "probe", llm-streams/sse-ref.c (one thread, epoll,
#       stamps each read with CLOCK_MONOTONIC, same metric definitions), runs min(streams, 10) streams of its
#       own beside ours; sse-ref also runs alone first with the full stream count (nginx's own schedule error),
#   (c) our own numbers at 1 stream,
# with our failures, the streams really open at once (nginx's access log: start = $msec - $request_time, end =
# $msec, swept), nginx's request time against the nominal one, the CPU of our JVM, of nginx and of the whole
# machine, our JVM's thread count and the load average. Writes $OUT/summary.md (Markdown for
# docs/performance.md) and prints it; every raw output stays in $OUT (steps/<streams>/, runs/, nginx log).
#
#   benchmarks/run-llm-streams.sh                  # 1, 100, 1000 streams; 3 s warm-up + 10 s measured each
#   benchmarks/run-llm-streams.sh --quick          # 1, 100, 1000 streams; 2 s warm-up + 4 s measured (smoke)
#   STREAMS="1000" PROVIDER=anthropic INTERVAL_MS=50 OUT=/tmp/llm benchmarks/run-llm-streams.sh
#   TLS=1 WORKER_THREADS=event_loop STREAMS="100 1000" benchmarks/run-llm-streams.sh --quick   # https on the loop
#
# Settings (environment): STREAMS ("1 100 1000"; 1 is always measured first, as the baseline of (c)),
# PROVIDER (openai_compatible: openai-java builds the body, our SSE parser reads the stream | anthropic: ours), TTFT_MS (200), INTERVAL_MS (20),
# TOKENS (20 per response), WARMUP / DURATION (s), PORT (18200), OUT (a new /tmp dir), JAVA (JDK 21+),
# WORKER_THREADS (unset: the default, which is the event loop for http:// and threads for https://; event_loop,
# platform, virtual; threads: what the default gives an https:// URL, platform threads up to 256 streams, virtual
# above), TLS (1: our client talks https to a second nginx listener, TLS_PORT, 18201, with a self-signed P-256
# certificate our JVM trusts through a trust store made here; the probe and sse-ref stay on http, WIRE is off),
# CLI_JAR (the bench-cli.jar to measure; default the one of this tree, e.g. a jar built at another commit for an A/B),
# JAVA_OPTS (for our JVM; default "-XX:+UseZGC -XX:TieredStopAtLevel=1", as bin/bench runs it), LOCK (/tmp/bench-cpu.lock: every measurement holds it, one stream count at a time,
# under a minute each; LOCK= runs without it), WIRE (1: capture our run's packets on lo with tcpdump, root only,
# and add what was on the wire for our own streams, and our error against it, to the summary; see wire.py).
#
# Tools (Debian): apt-get install -y nginx libnginx-mod-http-echo gcc time python3 curl (tcpdump for WIRE=1) (installed here when
# missing and we are root). Needs the CLI jar, built here when missing:
#   ./mvnw -B package -pl bench-cli -am -DskipTests        (bench-cli/target/bench-cli.jar)
# Not part of the CI test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/benchmarks/llm-streams"
WARMUP="${WARMUP:-3}"
DURATION="${DURATION:-10}"
for a in "$@"; do
  case "$a" in
    --quick) WARMUP="${WARMUP_QUICK:-2}"; DURATION="${DURATION_QUICK:-4}" ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "run-llm-streams.sh: unknown argument '$a' (use --quick or nothing; settings go in the environment, see --help)" >&2; exit 2 ;;
  esac
done
STREAMS="${STREAMS:-1 100 1000}"
PROVIDER="${PROVIDER:-openai_compatible}"
TTFT_MS="${TTFT_MS:-200}"
INTERVAL_MS="${INTERVAL_MS:-20}"
TOKENS="${TOKENS:-20}"
PORT="${PORT:-18200}"
TLS="${TLS:-0}"
TLS_PORT="${TLS_PORT:-18201}"
LOCK="${LOCK-/tmp/bench-cpu.lock}"
JAVA_OPTS="${JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
case "$PROVIDER" in
  openai_compatible) API_PATH=/v1/chat/completions; REF_KIND=openai ;;
  anthropic) API_PATH=/v1/messages; REF_KIND=anthropic ;;
  *) echo "run-llm-streams.sh: PROVIDER '$PROVIDER' must be openai_compatible or anthropic" >&2; exit 2 ;;
esac
CLI_JAR="${CLI_JAR:-$ROOT/bench-cli/target/bench-cli.jar}"
WORK="$(mktemp -d /tmp/bench-llm-streams.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT/steps" "$OUT/runs"
LOG="$OUT/llm-streams.log"
: > "$LOG"

say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }
locked() { if [ -n "$LOCK" ]; then flock "$LOCK" "$@"; else "$@"; fi; }

# ---------- tools ----------
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
ensure_tools run-llm-streams.sh nginx=nginx "$ECHO_MODULE=libnginx-mod-http-echo" gcc=gcc /usr/bin/time=time \
  python3=python3 curl=curl
WIRE="${WIRE:-0}"
[ "$TLS" = 1 ] && WIRE=0 # the capture reads the events in the packets: not through TLS
[ "$WIRE" = 1 ] && ensure_tools run-llm-streams.sh tcpdump=tcpdump
[ "$TLS" = 1 ] && ensure_tools run-llm-streams.sh openssl=openssl
[ -n "$JAVA" ] || { echo "run-llm-streams.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
if [ ! -f "$CLI_JAR" ]; then
  say "building bench-cli.jar ..."
  (cd "$ROOT" && locked ./mvnw -B -q package -pl bench-cli -am -DskipTests) >>"$LOG" 2>&1
fi
gcc -O2 -Wall -o "$WORK/sse-ref" "$HERE/sse-ref.c" 2>>"$LOG"

# ---------- nginx: a streaming location generated from the schedule ----------
secs() { awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }'; }
# OpenAI chat.completion.chunk events, as FakeLlmServer sends them: a role-only chunk at once, TOKENS content
# chunks (the first after TTFT_MS, then one every INTERVAL_MS), a finish_reason chunk, the usage chunk
# (choices [] + usage, as stream_options.include_usage asks), [DONE]. Each event is flushed on its own.
gen_chat() {
  local h='{"id":"chatcmpl-nginx","object":"chat.completion.chunk","created":1700000000,"model":"nginx-sse",'
  printf "      echo -n 'data: %s\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\\\\n\\\\n';\n      echo_flush;\n" "$h"
  for ((i = 0; i < TOKENS; i++)); do
    printf '      echo_sleep %s;\n' "$(secs "$([ "$i" = 0 ] && echo "$TTFT_MS" || echo "$INTERVAL_MS")")"
    printf "      echo -n 'data: %s\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok%d \"},\"finish_reason\":null}]}\\\\n\\\\n';\n      echo_flush;\n" "$h" "$i"
  done
  printf "      echo -n 'data: %s\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\\\\n\\\\n';\n" "$h"
  printf "      echo -n 'data: %s\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":%d,\"total_tokens\":%d}}\\\\n\\\\n';\n" "$h" "$TOKENS" "$((TOKENS + 8))"
  printf "      echo -n 'data: [DONE]\\\\n\\\\n';\n"
}
# Anthropic Messages events, as FakeLlmServer sends them (without the ping)
gen_messages() {
  printf "      echo -n 'event: message_start\\\\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_nginx\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"nginx-sse\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}}\\\\n\\\\n';\n"
  printf "      echo -n 'event: content_block_start\\\\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\\\\n\\\\n';\n      echo_flush;\n"
  for ((i = 0; i < TOKENS; i++)); do
    printf '      echo_sleep %s;\n' "$(secs "$([ "$i" = 0 ] && echo "$TTFT_MS" || echo "$INTERVAL_MS")")"
    printf "      echo -n 'event: content_block_delta\\\\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok%d \"}}\\\\n\\\\n';\n      echo_flush;\n" "$i"
  done
  printf "      echo -n 'event: content_block_stop\\\\ndata: {\"type\":\"content_block_stop\",\"index\":0}\\\\n\\\\n';\n"
  printf "      echo -n 'event: message_delta\\\\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":%d}}\\\\n\\\\n';\n" "$TOKENS"
  printf "      echo -n 'event: message_stop\\\\ndata: {\"type\":\"message_stop\"}\\\\n\\\\n';\n"
}
NG="$WORK/nginx"
mkdir -p "$NG/logs" "$NG/tmp"
TLS_LISTEN=""
BASE_URL="http://127.0.0.1:$PORT/v1"
if [ "$TLS" = 1 ]; then
  # a self-signed P-256 certificate for 127.0.0.1 (host-name verification stays on) in a trust store for our JVM
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$NG/key.pem" -out "$NG/cert.pem" >>"$LOG" 2>&1
  "$(dirname "$JAVA")/keytool" -importcert -noprompt -alias nginx -file "$NG/cert.pem" -keystore "$WORK/trust.p12" \
    -storetype PKCS12 -storepass changeit >>"$LOG" 2>&1
  JAVA_OPTS="$JAVA_OPTS -Djavax.net.ssl.trustStore=$WORK/trust.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit"
  TLS_LISTEN="listen 127.0.0.1:$TLS_PORT ssl backlog=4096; ssl_certificate $NG/cert.pem; ssl_certificate_key $NG/key.pem;"
  BASE_URL="https://127.0.0.1:$TLS_PORT/v1"
fi
cat > "$NG/nginx.conf" <<EOF
load_module $ECHO_MODULE;
# one worker: the whole server costs at most one of the two cores, and one timer queue keeps every stream's schedule
worker_processes 1;
# nginx's clock by a 1 ms SIGALRM instead of after each epoll_wait: otherwise the wait for the next echo_sleep timer
# is computed from the time cached before the batch of writes it just did, so every token is late by that batch's
# length (measured: TPOT 27.5 ms instead of 20 at 1,000 synchronised streams; 20.1 ms with this line)
timer_resolution 1ms;
worker_rlimit_nofile 16384;
error_log $NG/logs/error.log warn;
pid $NG/nginx.pid;
events { worker_connections 8192; }
http {
  log_format streams '\$msec \$request_time \$status \$bytes_sent \$uri';
  access_log $NG/logs/streams.log streams;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  tcp_nodelay on;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    $TLS_LISTEN
    location = /v1/chat/completions {
      default_type text/event-stream;
$(gen_chat)
    }
    location = /v1/messages {
      default_type text/event-stream;
$(gen_messages)
    }
    # the same streams for the probe that runs beside our client (told apart in the access log)
    location = /probe/v1/chat/completions {
      default_type text/event-stream;
$(gen_chat)
    }
    location = /probe/v1/messages {
      default_type text/event-stream;
$(gen_messages)
    }
  }
}
EOF
cleanup() { [ -f "$NG/nginx.pid" ] && kill "$(cat "$NG/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT
nginx -p "$NG" -c "$NG/nginx.conf" -e "$NG/logs/error.log"
for _ in $(seq 50); do [ -f "$NG/nginx.pid" ] && break; sleep 0.1; done
curl -sfN -o "$WORK/probe.txt" -X POST -H 'Content-Type: application/json' -d '{"stream":true}' "http://127.0.0.1:$PORT$API_PATH" \
  || { echo "run-llm-streams.sh: nginx on 127.0.0.1:$PORT does not stream $API_PATH; see $NG/logs/error.log" >&2; exit 1; }
NGINX_WORKER="$(pgrep -P "$(cat "$NG/nginx.pid")" | head -1)"

cp "$ROOT/examples/prompts.json" "$WORK/prompts.json"
# anthropic refuses to start without a key; nginx ignores it (not a secret)
AUTH=""; [ "$PROVIDER" = anthropic ] && AUTH=', "auth_token": "nginx-needs-no-key"'
# WORKER_THREADS: set per stream count in measure() (threads: platform up to 256, virtual above)
WORKER_THREADS="${WORKER_THREADS:-}"
cat > "$WORK/llm.json" <<EOF
{"benchmark_type": "llm_api", "name": "llm-streams", "provider": "$PROVIDER",
 "base_url": "$BASE_URL", "model": "nginx-sse", "max_tokens": $TOKENS,
 "dataset": "prompts.json", "enable_ramping": false, "min_load": 1, "max_load": 1,
 "warmup_seconds": $WARMUP, "duration_seconds": $DURATION, "timeout": 60$AUTH}
EOF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }         # utime + stime of one process, in ticks
machine_ticks() { awk '/^cpu / { print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6 }' /proc/stat; }  # total, idle+iowait
now() { date +%s.%N; }

# one stream count: the C reference client, then ours; both under the lock, together well under 3 minutes
measure() { # streams
  local n=$1 s="$OUT/steps/$1" id="llm-$PROVIDER-$1"
  mkdir -p "$s"
  {
    echo "streams=$n"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    echo "ref_from=$(now)"
    echo "ref $("$WORK/sse-ref" "$PORT" "$API_PATH" "$REF_KIND" "$n" "$WARMUP" "$DURATION")"
    echo "ref_to=$(now)"
    echo "ours_from=$(now)"
    local ng0 m0 m1 ng1
    ng0=$(cpu_ticks "$NGINX_WORKER"); m0=$(machine_ticks)
    # threads of our JVM, every second, to see what it runs
    ( while sleep 1; do p=$(pgrep -n -f "benchmark_run_id=$id"); [ -n "$p" ] && awk '/^Threads/ { print $2 }' "/proc/$p/status" 2>/dev/null; done ) > "$s/threads.txt" &
    local sampler=$!
    # the probe: sse-ref with a few streams of its own beside our client, over the measured part of our run
    # (our JVM starts in about 1 s), to see what nginx delivers under the same load
    local probe_n=$(( n < 10 ? n : 10 ))
    "$WORK/sse-ref" "$PORT" "/probe$API_PATH" "$REF_KIND" "$probe_n" "$(awk -v w="$WARMUP" 'BEGIN { print w + 1.5 }')" \
      "$(awk -v d="$DURATION" 'BEGIN { print (d > 4 ? d - 2 : 2) }')" > "$s/probe.txt" 2>&1 &
    local probe=$!
    # WIRE=1: every data packet of our run on the loopback device, to see what was on the wire (wire.py)
    local capture=""
    if [ "$WIRE" = 1 ]; then
      tcpdump -i lo -s 400 -B 131072 --time-stamp-precision=nano -w "$s/wire.pcap" \
        "tcp port $PORT and (((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)" 2>"$s/tcpdump.err" &
      capture=$!
      sleep 1
    fi
    local threads=()
    case "$WORKER_THREADS" in
      "") ;;
      threads) threads=(--set "worker_threads=$([ "$n" -le 256 ] && echo platform || echo virtual)") ;;
      *) threads=(--set "worker_threads=$WORKER_THREADS") ;;
    esac
    # shellcheck disable=SC2086
    /usr/bin/time -f "jvm_cpu_s=%U+%S wall_s=%e rss_kb=%M" -o "$s/time.txt" \
      "$JAVA" $JAVA_OPTS -jar "$CLI_JAR" run --config "$WORK/llm.json" --out "$OUT/runs" \
      --set "benchmark_run_id=$id" --set "min_load=$n" --set "max_load=$n" "${threads[@]}" > "$s/bench.out" 2>&1 || true
    if [ -n "$capture" ]; then
      kill -TERM "$capture" 2>/dev/null || true
      wait "$capture" 2>/dev/null || true
      echo "wire $(python3 "$HERE/wire.py" "$s/wire.pcap" "$PORT" "$OUT/runs/$id/result.json" | tr '\n' ' ')" \
        "dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$s/tcpdump.err")"
    fi
    kill "$sampler" 2>/dev/null || true
    wait "$probe" || true
    echo "probe $(tail -1 "$s/probe.txt")"
    ng1=$(cpu_ticks "$NGINX_WORKER"); m1=$(machine_ticks)
    echo "ours_result=$OUT/runs/$id/result.json"
    echo "nginx_cpu_ticks=$((ng1 - ng0))"
    echo "machine_ticks=${m0% *} ${m0#* } ${m1% *} ${m1#* }"
    cat "$s/time.txt" | tail -1
    echo "jvm_threads_max=$(sort -n "$s/threads.txt" | tail -1)"
    echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    echo "ours_to=$(now)"
  } > "$s/step.txt"
}
export -f measure cpu_ticks machine_ticks now
export OUT WORK PORT API_PATH REF_KIND WARMUP DURATION NG NGINX_WORKER JAVA JAVA_OPTS CLI_JAR PROVIDER WIRE HERE \
  WORKER_THREADS

say "run-llm-streams: $(date -u +%FT%TZ), $PROVIDER, $BASE_URL, ${WORKER_THREADS:+worker_threads $WORKER_THREADS, }jar $CLI_JAR, TTFT ${TTFT_MS} ms, ${INTERVAL_MS} ms/token, $TOKENS tokens;" \
    "${WARMUP} s warm-up + ${DURATION} s per run; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); out $OUT"
ORDER="1"
for n in $STREAMS; do [ "$n" = 1 ] || ORDER="$ORDER $n"; done
for n in $ORDER; do
  say "  $n stream(s): sse-ref, then bench (waiting for $LOCK if set) ..."
  locked bash -c "measure $n"
  say "    $(grep -o 'completed: .*' "$OUT/steps/$n/bench.out" || tail -3 "$OUT/steps/$n/bench.out")"
done

cp "$NG/logs/streams.log" "$OUT/nginx-streams.log"
RUN_DATE="$(date -u +%FT%TZ)" NGINX_VERSION="$(nginx -v 2>&1 | sed 's/.*\///')" \
  MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $("$JAVA" -version 2>&1 | head -1)" \
  python3 "$HERE/summarize.py" "$OUT" "$TTFT_MS" "$INTERVAL_MS" "$TOKENS" "$PROVIDER" "$WARMUP" "$DURATION" \
  "$(getconf CLK_TCK)" > "$OUT/summary.md"
cat "$OUT/summary.md"
say "summary: $OUT/summary.md"
