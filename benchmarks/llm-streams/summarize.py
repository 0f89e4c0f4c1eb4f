"""Builds the Markdown summary of run-llm-streams.sh from its step directories (see that script's header).

usage: summarize.py OUT TTFT_MS INTERVAL_MS TOKENS PROVIDER WARMUP_S DURATION_S CLK_TCK
"""
import json
import os
import sys

out, ttft_nom, iv_nom, tokens, provider, warm, dur, clk = sys.argv[1:9]
ttft_nom, iv_nom, tokens, warm, dur, clk = float(ttft_nom), float(iv_nom), int(tokens), float(warm), float(dur), int(clk)
e2e_nom = ttft_nom + (tokens - 1) * iv_nom


def step(n):
    d = {}
    for line in open(os.path.join(out, "steps", str(n), "step.txt")):
        line = line.strip()
        if line.startswith("ref ") or line.startswith("probe ") or line.startswith("wire "):
            k, _, rest = line.partition(" ")
            d[k] = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
        elif line.startswith("jvm_cpu_s="):
            d.update(kv.split("=", 1) for kv in line.split())
        elif "=" in line:
            k, v = line.split("=", 1)
            d[k] = v
    return d


def nginx_log(t_from, t_to):
    """Requests nginx started between t_from and t_to (epoch s): (max streams open at once, [request_time ms of
    the 200s after the warm-up], {status: count})"""
    rows = []
    for line in open(os.path.join(out, "nginx-streams.log")):
        p = line.split()
        if len(p) >= 3:
            # whole milliseconds ($msec and $request_time have ms resolution): a keep-alive connection's next
            # request then starts exactly when the previous one ended, never a rounding error before it
            end = round(float(p[0]) * 1000)
            start = end - round(float(p[1]) * 1000)
            if t_from * 1000 <= start <= t_to * 1000 and not (len(p) > 4 and p[4].startswith("/probe/")):
                rows.append((start, end, p[2]))
    if not rows:
        return 0, [], {}
    events = sorted([(s, 1) for s, _, _ in rows] + [(e, -1) for _, e, _ in rows], key=lambda x: (x[0], x[1]))
    open_now = peak = 0
    for _, delta in events:
        open_now += delta
        peak = max(peak, open_now)
    first = min(s for s, _, _ in rows)
    times = sorted(e - s for s, e, st in rows if st == "200" and s >= first + warm * 1000)
    status = {}
    for _, _, st in rows:
        status[st] = status.get(st, 0) + 1
    return peak, times, status


def pct(v, q):
    if not v:
        return float("nan")
    r = max(1, min(len(v), int(-(-q * len(v) // 100))))
    return v[r - 1]


def f(x):
    return "%.2f" % x


def d(x):
    return "%+.2f" % x


counts = sorted(int(n) for n in os.listdir(os.path.join(out, "steps")))
steps = {n: step(n) for n in counts}
ours = {}
for n in counts:
    try:
        ours[n] = json.load(open(steps[n]["ours_result"]))["overall"]
    except (OSError, KeyError, ValueError):
        ours[n] = None

first = steps[counts[0]]
print("### LLM streams against a loopback SSE server in another process (%s)" % provider)
print()
print("run-llm-streams.sh, %s; %s; nginx %s (1 worker, echo module): TTFT %g ms, then %d tokens %g ms apart; "
      "%g s warm-up + %g s measured per stream count; %s." % (
          os.environ.get("RUN_DATE", "?"), provider, os.environ.get("NGINX_VERSION", "?"), ttft_nom, tokens, iv_nom,
          warm, dur, os.environ.get("MACHINE", "?")))
print()
print("Nominal: TTFT %g ms, TPOT = ITL = %g ms. *sse-ref alone*: a one-thread epoll C client with the same number "
      "of streams, before ours (what nginx delivers at that load). *probe*: sse-ref with min(streams, 10) more "
      "streams of its own, running beside ours (what nginx delivered while ours ran). Cells: p50 / p99 in ms."
      % (ttft_nom, iv_nom))
print()
print("| streams | metric | sse-ref alone | probe beside ours | ours | ours − nominal | ours − probe "
      "| ours − ours at 1 stream |")
print("|---|---|---|---|---|---|---|---|")
nom = {"ttft": ttft_nom, "tpot": iv_nom, "itl": iv_nom}


def ref_cell(r, m):
    return float(r.get(m + "_p50", "nan")), float(r.get(m + "_p99", "nan"))


for n in counts:
    ref = steps[n].get("ref", {})
    probe = steps[n].get("probe", {})
    o = ours[n]
    o1 = ours.get(1)
    for m in ("ttft", "tpot", "itl"):
        rp50, rp99 = ref_cell(ref, m)
        pp50, pp99 = ref_cell(probe, m)
        if o is None or o.get(m + "_ms") is None:
            print("| %d | %s | %s / %s | %s / %s | run failed | – | – | – |" % (n, m.upper(), f(rp50), f(rp99), f(pp50), f(pp99)))
            continue
        op50, op99 = o[m + "_ms"]["p50"], o[m + "_ms"]["p99"]
        base = "–"
        if o1 is not None and o1.get(m + "_ms"):
            base = "%s / %s" % (d(op50 - o1[m + "_ms"]["p50"]), d(op99 - o1[m + "_ms"]["p99"]))
        print("| %d | %s | %s / %s | %s / %s | %s / %s | %s / %s | %s / %s | %s |" % (
            n, m.upper(), f(rp50), f(rp99), f(pp50), f(pp99), f(op50), f(op99), d(op50 - nom[m]), d(op99 - nom[m]),
            d(op50 - pp50), d(op99 - pp99), base))
print()
print("| streams | our requests | our failures | streams open at once (nginx log: ours / sse-ref) "
      "| nginx request time − nominal %g ms, p50 / p99: sse-ref alone; ours | our JVM CPU (cores) | nginx CPU (cores) "
      "| machine busy | JVM threads (max) | load average before → after |" % e2e_nom)
print("|---|---|---|---|---|---|---|---|---|---|")
for n in counts:
    s = steps[n]
    o = ours[n]
    peak, times, status = nginx_log(float(s["ours_from"]), float(s["ours_to"]))
    rpeak, rtimes, _ = nginx_log(float(s["ref_from"]), float(s["ref_to"]))
    wall = float(s.get("wall_s", "nan"))
    jvm = sum(float(x) for x in s.get("jvm_cpu_s", "0+0").split("+"))
    ng = int(s.get("nginx_cpu_ticks", 0)) / clk
    t0, i0, t1, i1 = (int(x) for x in s["machine_ticks"].split())
    busy = 100.0 * (1 - (i1 - i0) / max(1, t1 - t0))
    other = {k: v for k, v in status.items() if k != "200"}
    fails = "–" if o is None else "%d%s" % (o["failures"], (" " + json.dumps(o.get("errors"))) if o["failures"] else "")
    print("| %d | %s | %s%s | %d / %d | %s / %s; %s / %s | %.2f | %.2f | %.0f %% | %s | %s → %s |" % (
        n, "–" if o is None else o["requests"], fails, (" (nginx: %s)" % other) if other else "", peak, rpeak,
        d(pct(rtimes, 50) - e2e_nom), d(pct(rtimes, 99) - e2e_nom), d(pct(times, 50) - e2e_nom), d(pct(times, 99) - e2e_nom), jvm / wall, ng / wall, busy,
        s.get("jvm_threads_max", "?"), s.get("load_before", "?"), s.get("load_after", "?")))

wired = [n for n in counts if steps[n].get("wire") and ours[n] is not None]
if wired:
    print()
    print("What was on the wire for our own streams (WIRE=1: tcpdump on lo, wire.py; packet times as the sender's "
          "write reached the kernel), and our error against it. Cells: p50 / p99 in ms.")
    print()
    print("| streams | metric | wire (our streams) | ours | ours − wire | requests on the wire / ours | packets dropped |")
    print("|---|---|---|---|---|---|---|")
    for n in wired:
        w = steps[n]["wire"]
        o = ours[n]
        for m in ("ttft", "tpot", "itl"):
            if not o.get(m + "_ms"):
                continue
            wp50, wp99 = float(w.get(m + "_p50", "nan")), float(w.get(m + "_p99", "nan"))
            op50, op99 = o[m + "_ms"]["p50"], o[m + "_ms"]["p99"]
            print("| %d | %s | %s / %s | %s / %s | %s / %s | %s / %s | %s |" % (
                n, m.upper(), f(wp50), f(wp99), f(op50), f(op99), d(op50 - wp50), d(op99 - wp99), w.get("n", "?"),
                o["requests"], w.get("dropped") or "0"))
