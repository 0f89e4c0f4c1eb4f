#!/usr/bin/env bash
# False alarms and detection of `bench analyze --compare` (issue 17; docs/metrics.md "Compare", docs/performance.md).
# Starts the demo orders API three times on loopback (log-normal delay, median 20 ms, and 15 % slower and faster:
# 23 ms and 17 ms), then for each of PAIRS rounds runs a base and an identical run against the 20 ms server, a run
# against the 23 ms server and one against the 17 ms server (4 s, 4 workers, no ramp), and compares each with the
# round's base. Prints one table of verdicts per kind of pair and threshold, writes them to $OUT/summary.md, exits 0.
#
#   benchmarks/run-regression-check.sh                 # 20 rounds: 80 runs, about 10 minutes
#   PAIRS=30 SECONDS_PER_RUN=4 WORKERS=4 OUT=/tmp/rc benchmarks/run-regression-check.sh
#   THRESHOLDS="default|regression < 10%" benchmarks/run-regression-check.sh   # a table per minimum effect
#   RUNS=/tmp/rc/runs THRESHOLDS="regression < 7%" benchmarks/run-regression-check.sh  # compare again, no new runs
#
# Needs a JDK 21+ and python3; builds the CLI when it is missing (bin/bench) and runs a copy of it. Run it on a quiet
# machine (check `uptime`): other loads on the same cores are the noise being measured, more of it than CI usually has.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAIRS="${PAIRS:-20}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-4}"
WORKERS="${WORKERS:-4}"
PORT="${PORT:-18190}"
THRESHOLDS="${THRESHOLDS:-default|regression < 10%}"
WORK="$(mktemp -d /tmp/bench-regression.XXXXXX)"
OUT="${OUT:-$WORK/out}"
mkdir -p "$OUT"
LOG="$OUT/check.log"
: > "$LOG"
say() { printf '%s\n' "$*" | tee -a "$LOG" >&2; }
command -v python3 >/dev/null || { echo "run-regression-check.sh: needs python3" >&2; exit 2; }
# shellcheck source=harness-lib.sh
. "$ROOT/benchmarks/harness-lib.sh"
JAVA="$(find_java)"
[ -n "$JAVA" ] || { echo "run-regression-check.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 2; }
# a copy of the CLI, so that editing the sources meanwhile (bin/bench would rebuild) cannot change what is measured
"$ROOT/bin/bench" --version >>"$LOG" 2>&1
mkdir -p "$WORK/cli" && cp -r "$ROOT/bench-cli/target/bench-cli.jar" "$ROOT/bench-cli/target/lib" "$WORK/cli/"
read -r -a JVM_OPTS <<< "${BENCH_JAVA_OPTS--XX:+UseZGC -XX:TieredStopAtLevel=1}"   # as bin/bench runs it
BENCH() { "$JAVA" "${JVM_OPTS[@]}" -jar "$WORK/cli/bench-cli.jar" "$@"; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ -n "${RUNS:-}" ]; then FRESH=0; else FRESH=1; RUNS="$OUT/runs"; fi

# ---------- servers: 20 ms, +15 % and -15 % ----------
declare -A MEDIAN=([same]=20 [slower]=23 [faster]=17)
declare -A SERVER_PORT=([same]=$PORT [slower]=$((PORT + 1)) [faster]=$((PORT + 2)))
start_servers() {
  for kind in same slower faster; do
    "$JAVA" "${JVM_OPTS[@]}" -jar "$WORK/cli/bench-cli.jar" demo --serve "${SERVER_PORT[$kind]}" \
      --median-ms "${MEDIAN[$kind]}" >>"$LOG" 2>&1 &
    PIDS+=($!)
  done
  for kind in same slower faster; do
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT[$kind]}") 2>/dev/null && break
      sleep 0.2
    done
  done
}

config() { # KIND -> config file for a run against that server
  local f="$WORK/$1.json"
  cat > "$f" <<EOF
{ "benchmark_type": "system_api", "name": "regression check", "org_id": "check",
  "endpoint": "http://127.0.0.1:${SERVER_PORT[$1]}/api/orders",
  "max_load": $WORKERS, "enable_ramping": false, "duration_seconds": $SECONDS_PER_RUN }
EOF
  echo "$f"
}
run() { # KIND RUN_ID
  BENCH run -c "$(config "$1")" --out "$RUNS" --set benchmark_run_id="$2" >>"$LOG" 2>&1
}
compare() { # BASE CURRENT KIND THRESHOLD -> one JSON line appended to verdicts.jsonl
  local args=(analyze --source files --out "$RUNS" --compare "$1" "$2" --format json)
  [ "$4" != default ] && args+=(--threshold "$4")
  local code=0
  BENCH "${args[@]}" > "$WORK/c.json" 2>>"$LOG" || code=$?
  python3 - "$3" "$code" "$WORK/c.json" "$4" >> "$OUT/verdicts.jsonl" <<'PY'
import json, sys
kind, code, path, threshold = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = json.load(open(path))
m = {x["metric"]: x for x in c["metrics"]}
print(json.dumps({"kind": kind, "threshold": threshold, "exit": code, "verdict": c["verdict"],
                  "p50": m["p50_ms"]["change"], "p50_low": m["p50_ms"]["change_low"],
                  "p50_high": m["p50_ms"]["change_high"], "p99": m["p99_ms"]["change"],
                  "throughput": m["throughput_rps"]["change"],
                  "metrics": {k: v["verdict"] for k, v in m.items()}}))
PY
}

if [ "$FRESH" = 1 ]; then
  start_servers
  say "rounds: $PAIRS x (base, identical, +15 %, -15 %), ${SECONDS_PER_RUN} s x ${WORKERS} workers each; load: $(uptime)"
  for i in $(seq "$PAIRS"); do
    run same "base-$i"
    run same "same-$i"
    run slower "slower-$i"
    run faster "faster-$i"
    say "round $i/$PAIRS done; load: $(uptime | sed 's/.*average: //')"
  done
  cleanup
fi

: > "$OUT/verdicts.jsonl"
IFS='|' read -r -a LIMITS <<< "$THRESHOLDS"
for i in $(seq "$PAIRS"); do
  for t in "${LIMITS[@]}"; do
    compare "base-$i" "same-$i" identical "$t"
    compare "base-$i" "slower-$i" "+15 %" "$t"
    compare "base-$i" "faster-$i" "-15 %" "$t"
  done
done

python3 - "$OUT/verdicts.jsonl" "$PAIRS" "$SECONDS_PER_RUN" "$WORKERS" > "$OUT/summary.md" <<'PY'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
pairs, seconds, workers = sys.argv[2:5]
print(f"{pairs} rounds, {seconds} s x {workers} workers per run, demo API on loopback (median 20 ms; 23 ms; 17 ms)\n")
for threshold in dict.fromkeys(r["threshold"] for r in rows):
    t = [r for r in rows if r["threshold"] == threshold]
    print(f"threshold: {threshold}\n")
    print("| pair | pairs | regressed (exit 1) | improved | unchanged | inconclusive | p50 change: median [min, max] |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind in ["identical", "+15 %", "-15 %"]:
        k = [r for r in t if r["kind"] == kind]
        if not k:
            continue
        count = lambda v: sum(1 for r in k if r["verdict"] == v)
        exits = sum(1 for r in k if r["exit"] == 1)
        p50 = [r["p50"] for r in k]
        print(f"| {kind} | {len(k)} | {count('regressed')} ({exits}) | {count('improved')} | {count('unchanged')} | "
              f"{count('inconclusive')} | {statistics.median(p50):+.1f} % [{min(p50):+.1f}, {max(p50):+.1f}] |")
    print()
    metrics = {}
    for r in t:
        if r["kind"] == "identical":
            for m, v in r["metrics"].items():
                metrics.setdefault(m, {}).setdefault(v, 0)
                metrics[m][v] += 1
    print("Identical pairs, per metric: " + "; ".join(
        f"{m} " + ", ".join(f"{k} {n}" for k, n in sorted(v.items())) for m, v in metrics.items()) + "\n")
PY
cat "$OUT/summary.md"
say "verdicts: $OUT/verdicts.jsonl; runs: $RUNS; log: $LOG"
