package io.benchsuite.report;

import static io.benchsuite.report.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.Environment;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import io.benchsuite.result.Validity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections of a one-run report, in page order. */
final class RunPage {

    private final RunResult r;
    private final Saturation saturation;
    private final boolean llm;
    private final boolean open;
    /** The run counted goodput (it has time thresholds). */
    private final boolean goodput;
    private final Page page;

    RunPage(RunResult result) {
        this.r = result;
        this.saturation = Saturation.of(result.buckets());
        this.llm = Charts.isLlm(result);
        this.open = result.openModel();
        this.goodput = result.overall() != null && result.overall().goodputRps() != null;
        this.page = new Page(Charts.single(result));
    }

    String render() {
        header();
        validity();
        notes();
        thresholds();
        if (r.capacity() != null) {
            capacity();
        }
        buckets();
        scaling();
        if (llm) {
            tokens();
        }
        timeline();
        distribution();
        errors();
        config();
        environment();
        return page.render("BenchSuite report: " + nameOf(r) + " (" + r.runId() + ")");
    }

    static String nameOf(RunResult r) {
        return r.name() == null || r.name().isBlank() ? r.runId() : r.name();
    }

    private void header() {
        Verdict v = Verdict.of(r);
        StringBuilder b = page.body;
        b.append("<header class=\"page\" id=\"summary\">\n<h1>").append(esc(nameOf(r))).append(" ")
                .append("<span class=\"verdict ").append(v.cssClass()).append("\" id=\"verdict\">")
                .append(v.name()).append("</span></h1>\n");
        b.append("<nav class=\"toc\">" + (r.capacity() != null ? "<a href=\"#capacity\">Capacity</a>" : "")
                + (r.validity() != null ? "<a href=\"#validity\">Validity</a>" : "")
                + "<a href=\"#thresholds\">Thresholds</a><a href=\"#buckets\">Per " + (open ? "rate" : "worker")
                + " level</a><a href=\"#scaling\">Scaling</a>" + (llm ? "<a href=\"#llm\">LLM</a>" : "")
                + "<a href=\"#timeline\">Timeline</a><a href=\"#distribution\">Distribution</a>"
                + "<a href=\"#errors\">Errors</a><a href=\"#config\">Configuration</a>"
                + "<a href=\"#environment\">Environment</a></nav>\n</header>\n");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Run id", esc(r.runId()));
        facts.put("Organisation", esc(r.orgId()));
        facts.put("Benchmark type", esc(r.benchmarkType()));
        facts.put("Target", esc(r.target()));
        facts.put("Started", esc(Fmt.time(r.startedAt())));
        facts.put("Finished", esc(Fmt.time(r.finishedAt())));
        facts.put("Duration", Fmt.seconds(r.durationSeconds()) + " s");
        facts.put("Status", esc(r.status() == null ? "" : r.status().name()));
        facts.put("Verdict", v.name() + " <span class=\"muted\">(" + verdictReason(r) + ")</span>");
        facts.put("Load model", open ? "open: requests at a target rate (latency from each request's intended start)"
                : "closed: workers, each waiting for its answer");
        if (r.validity() != null) {
            facts.put("Validity", r.valid() ? "valid" : "<span class=\"fail\">INVALID</span> <span class=\"muted\">"
                    + "(see Validity)</span>");
        }
        Stats o = r.overall();
        if (o != null) {
            facts.put("Requests", Fmt.count(o.requests()) + " (" + Fmt.count(o.failures()) + " failed)");
            facts.put("Throughput", Fmt.rate(o.throughputRps()) + " req/s");
            if (o.goodputRps() != null) {
                facts.put("Goodput", Fmt.rate(o.goodputRps()) + " req/s <span class=\"muted\">(" + Fmt.count(o.goodRequests())
                        + " requests within every per-request time limit of the thresholds)</span>");
            }
            facts.put("Success rate", Fmt.pct(o.successRate()) + " %");
            facts.put("Latency p50 / p99", Fmt.ms(o.latencyMs().p50()) + " / " + Fmt.ms(o.latencyMs().p99()) + " ms");
            if (o.serviceTimeMs() != null) {
                facts.put("Service time p50 / p99", Fmt.ms(o.serviceTimeMs().p50()) + " / "
                        + Fmt.ms(o.serviceTimeMs().p99()) + " ms");
            }
        }
        b.append("<section id=\"run\"><dl class=\"facts\">");
        facts.forEach((k, val) -> b.append("<dt>").append(k).append("</dt><dd>").append(val).append("</dd>"));
        b.append("</dl></section>\n");
    }

    /**
     * The validity verdict: a banner when the run is invalid (its reasons), and the measures behind the verdict
     * either way; nothing for a result written before verdicts existed.
     */
    private void validity() {
        Validity v = r.validity();
        if (v == null) {
            return;
        }
        StringBuilder b = page.body;
        b.append("<section id=\"validity\" class=\"").append(v.valid() ? "valid" : "invalid banner")
                .append("\"><h2>Validity: ").append(v.valid() ? "valid" : "INVALID").append("</h2>\n");
        if (!v.valid()) {
            b.append("<p class=\"statement\">This run measured more than its target: the machine that sent the load "
                    + "shows in its numbers. Read them with care, or run again after the fix below.</p>\n<ul "
                    + "id=\"validity-reasons\">");
            v.reasons().forEach(reason -> b.append("<li>").append(esc(reason)).append("</li>"));
            b.append("</ul>\n");
        } else {
            b.append("<p class=\"muted\">No reason to doubt the numbers: the measures below are within their limits "
                    + "(docs/metrics.md, \"Validity\").</p>\n");
        }
        b.append("<dl class=\"facts\">");
        if (v.targetRps() != null) {
            b.append("<dt>Scheduled / achieved rate</dt><dd>").append(Fmt.rate(v.targetRps())).append(" / ")
                    .append(Fmt.rate(v.achievedRps())).append(" req/s</dd>");
            b.append("<dt>Scheduling lag p99</dt><dd>").append(Fmt.ms(v.schedulingLagP99Ms())).append(" ms</dd>");
            b.append("<dt>Waited for a slot (max_in_flight)</dt><dd>").append(Fmt.count(v.waitedForSlot()))
                    .append(" requests, p99 ").append(Fmt.ms(v.slotWaitP99Ms())).append(" ms</dd>");
        }
        b.append("<dt>Generator CPU</dt><dd>").append(v.generatorCpuPercent() < 0 ? "not measured"
                : Fmt.pct(v.generatorCpuPercent()) + " % of the machine").append("</dd>");
        b.append("<dt>GC pauses</dt><dd>").append(Fmt.ms(v.gcPauseMs())).append(" ms</dd>");
        b.append("<dt>Client-side errors</dt><dd>").append(Fmt.count(v.clientErrors())).append("</dd>");
        b.append("</dl></section>\n");
    }

    static String verdictReason(RunResult r) {
        long failed = r.thresholds().stream().filter(t -> !t.passed()).count();
        String thresholds = r.thresholds().isEmpty() ? "no thresholds"
                : failed == 0 ? "all " + r.thresholds().size() + " thresholds passed"
                : failed + " of " + r.thresholds().size() + " thresholds failed";
        return "run " + (r.status() == null ? "unknown" : r.status().name()) + ", " + thresholds;
    }

    private void thresholds() {
        StringBuilder b = page.body;
        b.append("<section id=\"thresholds\"><h2>Thresholds</h2>\n");
        if (r.thresholds().isEmpty()) {
            b.append("<p>No thresholds were set for this run.</p></section>\n");
            return;
        }
        b.append("<div class=\"scroll\"><table><thead><tr><th class=\"text\">Expression</th><th class=\"text\">Scope</th>"
                + "<th>Actual</th><th>Limit</th><th class=\"text\">Result</th></tr></thead><tbody>\n");
        for (ThresholdResult t : r.thresholds()) {
            b.append("<tr><td class=\"text\">").append(esc(t.expression())).append("</td><td class=\"text\">")
                    .append(esc(t.scope())).append("</td><td>").append(esc(Fmt.value(t.actual(), t.unit())))
                    .append("</td><td>").append(esc(Fmt.value(t.limit(), t.unit()))).append("</td><td class=\"text ")
                    .append(t.passed() ? "pass\">PASS" : "fail\">FAIL").append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    /** A sweep: the answer, the charts against the offered load, and the probes in the order they ran. */
    private void capacity() {
        io.benchsuite.result.Capacity c = r.capacity();
        StringBuilder b = page.body;
        b.append("<section id=\"capacity\"><h2>Capacity</h2>\n<p class=\"statement\" id=\"capacity-answer\">")
                .append(esc(c.sentence(r.durationSeconds()))).append("</p>\n<p class=\"muted\">The highest load "
                + "that met every threshold of the SLO (").append(esc(String.join(", ", c.slo())))
                .append(") each time it was probed; the boundary lies between it and the lowest load that failed. "
                + "See docs/sweep.md.</p>\n<div class=\"grid\">\n");
        page.chart(Charts.CAPACITY_LATENCY, "Latency of each probe against its offered load; dashed: the SLO's "
                + "latency limits; the black point: the capacity.");
        page.chart(Charts.CAPACITY_GOODPUT, "Requests completed per second (throughput) and those within every "
                + "per-request time limit of the SLO (goodput), against the offered load.");
        b.append("</div>\n<div class=\"scroll\"><table id=\"probe-table\"><thead><tr><th>Probe</th><th>Load ("
                + esc(c.unit()) + ")</th><th>Requests</th><th>Req/s</th><th>Goodput</th><th>Success %</th>"
                + "<th>p50</th><th>p99</th><th class=\"text\">Verdict</th></tr></thead><tbody>\n");
        for (int i = 0; i < c.verdicts().size() && i < r.buckets().size(); i++) {
            io.benchsuite.result.Capacity.ProbeVerdict v = c.verdicts().get(i);
            Stats s = r.buckets().get(i);
            boolean answer = c.found() && v.load() == c.value() && v.passed();
            b.append("<tr").append(answer ? " class=\"capacity\"" : "").append("><td>").append(i + 1)
                    .append("</td><td>").append(Fmt.targetRate(v.load())).append("</td>")
                    .append(td(Fmt.count(s.requests()))).append(td(Fmt.rate(s.throughputRps())))
                    .append(td(s.goodputRps() == null ? "" : Fmt.rate(s.goodputRps())))
                    .append(td(Fmt.pct(s.successRate()))).append(td(Fmt.ms(s.latencyMs().p50())))
                    .append(td(Fmt.ms(s.latencyMs().p99()))).append("<td class=\"text ")
                    .append(v.passed() ? "pass\">meets the SLO" : "fail\">fails " + esc(String.join(", ", v.failed())))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private void buckets() {
        StringBuilder b = page.body;
        b.append(open ? "<section id=\"buckets\"><h2>Per rate level</h2>\n<p class=\"muted\">One row per rate level "
                + "(bucket): requests due while the schedule ran at that target rate. Latency in ms, from each "
                + "request's intended start; service time from its actual send."
                : "<section id=\"buckets\"><h2>Per worker level</h2>\n<p class=\"muted\">One row per worker level "
                + "(bucket): requests that started while that many workers ran. Latency in ms.");
        if (saturation.saturationWorkers() != null) {
            b.append(" The saturation level is marked with a line above its row and ⚠.");
        }
        b.append("</p>\n<div class=\"scroll\"><table id=\"bucket-table\"><thead><tr><th>")
                .append(open ? "Target req/s" : "Workers").append("</th><th>Window (s)</th>"
                + "<th>Requests</th><th>Req/s</th>" + (goodput ? "<th>Goodput</th>" : "") + "<th>Success %</th>"
                + "<th>Mean</th><th>p50</th><th>p75</th><th>p90</th><th>p99</th><th>Max</th>");
        if (open) {
            b.append("<th>Service p50</th><th>Service p99</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (Stats s : sortedBuckets(r)) {
            boolean sat = saturation.saturationWorkers() != null && saturation.saturationWorkers().equals(s.workers());
            b.append("<tr data-").append(open ? "rate" : "workers").append("=\"").append(Fmt.level(s))
                    .append(sat ? "\" class=\"saturation\">" : "\">");
            b.append("<td>").append(Fmt.level(s)).append(sat ? " ⚠" : "").append("</td><td>").append(window(s))
                    .append("</td>");
            row(b, s);
            b.append("</tr>\n");
        }
        if (r.overall() != null) {
            b.append("<tr class=\"overall\"><td>all</td><td>").append(Fmt.seconds(r.durationSeconds()))
                    .append("</td>");
            row(b, r.overall());
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    static List<Stats> sortedBuckets(RunResult r) {
        List<Stats> list = new ArrayList<>(r.buckets());
        list.sort(Comparator.comparing(Stats::level, Comparator.nullsLast(Comparator.naturalOrder())));
        return list;
    }

    private static String window(Stats s) {
        List<Double> w = s.windowSeconds();
        return w == null || w.size() != 2 ? "" : Fmt.seconds(w.get(0)) + "–" + Fmt.seconds(w.get(1));
    }

    private void row(StringBuilder b, Stats s) {
        Distribution l = s.latencyMs();
        b.append(td(Fmt.count(s.requests()))).append(td(Fmt.rate(s.throughputRps())));
        if (goodput) {
            b.append(td(s.goodputRps() == null ? "" : Fmt.rate(s.goodputRps())));
        }
        b.append(td(Fmt.pct(s.successRate()))).append(td(Fmt.ms(l.mean()))).append(td(Fmt.ms(l.p50())))
                .append(td(Fmt.ms(l.p75()))).append(td(Fmt.ms(l.p90()))).append(td(Fmt.ms(l.p99())))
                .append(td(Fmt.ms(l.max())));
        if (open) {
            Distribution svc = s.serviceTimeMs();
            b.append(td(svc == null ? "" : Fmt.ms(svc.p50()))).append(td(svc == null ? "" : Fmt.ms(svc.p99())));
        }
    }

    private void tokenTable() {
        StringBuilder b = page.body;
        b.append("<div class=\"scroll\"><table id=\"llm-table\"><thead><tr><th>" + (open ? "Target req/s" : "Workers")
                + "</th><th>TTFT p50</th>"
                + "<th>TTFT p90</th><th>TTFT p99</th><th>TPOT p50</th><th>TPOT p90</th><th>TPOT p99</th>"
                + "<th>ITL p50</th><th>ITL p99</th><th>Output tokens</th><th>Input tokens</th><th>Output tok/s</th>"
                + "<th>TTFO p50</th><th>TTFO p99</th><th>Reasoning tokens</th><th>Cached tokens</th><th>Cost (USD)</th>"
                + "</tr></thead><tbody>\n");
        for (Stats s : sortedBuckets(r)) {
            b.append("<tr data-").append(open ? "rate" : "workers").append("=\"").append(Fmt.level(s)).append("\"><td>")
                    .append(Fmt.level(s)).append("</td>");
            tokenRow(b, s);
            b.append("</tr>\n");
        }
        if (r.overall() != null) {
            b.append("<tr class=\"overall\"><td>all</td>");
            tokenRow(b, r.overall());
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n<p class=\"muted\">TTFT, TPOT and ITL in ms; output tok/s: output tokens "
                + "/ window length.</p>\n");
    }

    private static void tokenRow(StringBuilder b, Stats s) {
        b.append(td(p(s.ttftMs(), 50))).append(td(p(s.ttftMs(), 90))).append(td(p(s.ttftMs(), 99)))
                .append(td(p(s.tpotMs(), 50))).append(td(p(s.tpotMs(), 90))).append(td(p(s.tpotMs(), 99)))
                .append(td(p(s.itlMs(), 50))).append(td(p(s.itlMs(), 99)))
                .append(td(s.outputTokens() == null ? "" : Fmt.count(s.outputTokens())))
                .append(td(s.inputTokens() == null ? "" : Fmt.count(s.inputTokens())))
                .append(td(s.outputTokensPerSecond() == null ? "" : Fmt.rate(s.outputTokensPerSecond())))
                .append(td(p(s.ttfoMs(), 50))).append(td(p(s.ttfoMs(), 99)))
                .append(td(s.reasoningTokens() == null ? "" : Fmt.count(s.reasoningTokens())))
                .append(td(s.cachedTokens() == null ? "" : Fmt.count(s.cachedTokens())))
                .append(td(s.costUsd() == null ? "" : String.format(java.util.Locale.ROOT, "%.6f", s.costUsd())));
    }

    private static String p(Distribution d, int percentile) {
        return d == null ? "" : Fmt.ms(d.get("p" + percentile));
    }

    private static String td(String text) {
        return "<td>" + text + "</td>";
    }

    private void scaling() {
        if (open) {
            openScaling();
            return;
        }
        page.append("<section id=\"scaling\"><h2>Scaling with workers</h2>\n<p class=\"statement\" id=\"saturation\">")
                .append(esc(saturation.sentence())).append("</p>\n<div class=\"grid\">\n");
        page.chart(Charts.LATENCY, "Percentiles of the end-to-end latency of the requests started at each level.");
        page.chart(Charts.THROUGHPUT, "Dashed: the ideal linear line, the first level's throughput per worker ("
                + Fmt.rate(saturation.perWorkerRps()) + " req/s) times the workers. Saturation: the first level "
                + "below " + Math.round(Saturation.EFFICIENCY_LIMIT * 100) + "% of it.");
        page.chart(Charts.SUCCESS, "Successful requests / requests started at each level, in percent.");
        page.append("</div></section>\n");
    }

    /** The open model: latency and throughput against the target rate, and the highest rate carried out. */
    private void openScaling() {
        page.append("<section id=\"scaling\"><h2>Scaling with the rate</h2>\n<p class=\"statement\" id=\"capacity\">")
                .append(esc(OpenScaling.sentence(r))).append("</p>\n<div class=\"grid\">\n");
        page.chart(Charts.LATENCY, "Percentiles of the latency of the requests due at each rate level, from their "
                + "intended start; service time p99 from their actual send. A gap between the two is time the requests "
                + "waited to be sent: the target fell behind the rate (queued at max_in_flight).");
        page.chart(Charts.THROUGHPUT, "Requests of each level / its window, against the target rate (dashed).");
        page.chart(Charts.SUCCESS, "Successful requests / requests due at each level, in percent.");
        page.append("</div></section>\n");
    }

    private void tokens() {
        page.append("<section id=\"llm\"><h2>LLM: tokens and streaming latency</h2>\n");
        Stats o = r.overall();
        if (o != null && o.outputTokens() != null) {
            page.append("<p>Output tokens: " + Fmt.count(o.outputTokens()) + (o.inputTokens() == null ? ""
                    : ", input tokens: " + Fmt.count(o.inputTokens())) + (o.outputTokensPerSecond() == null ? ""
                    : ", output tokens/s over the run: " + Fmt.rate(o.outputTokensPerSecond()))
                    + (o.tokenSource() == null ? "" : ", counted from " + ("usage".equals(o.tokenSource())
                    ? "the server's usage" : "chunks".equals(o.tokenSource()) ? "the streamed chunks"
                    : "the server's usage where it was reported, else the chunks"))
                    + (o.costUsd() == null ? "" : ". Cost of the run at the config's prices: $"
                    + String.format(java.util.Locale.ROOT, "%.6f", o.costUsd())) + ".</p>\n");
        }
        tokenTable();
        page.append("<div class=\"grid\">\n");
        page.chart(Charts.TTFT, open ? "Time from the request's intended start to the first output chunk."
                : "Time from sending the request to the first output chunk.");
        page.chart(Charts.TPOT, "(last output chunk − first output chunk) / (output tokens − 1), per request.");
        page.chart(Charts.TOKENS, "Output tokens of the level's requests / level window length.");
        if (Charts.reasoned(r)) {
            page.chart(Charts.TTFO, "Time to the first answer token (after the reasoning); TTFT counts the first "
                    + "token of any kind.");
        }
        page.append("</div></section>\n");
    }

    private void timeline() {
        page.append("<section id=\"timeline\"><h2>Timeline</h2>\n<div class=\"grid\">\n");
        int k = Charts.groupSeconds(r);
        String grouped = k == 1 ? "" : " Long run: each point is a group of " + k + " seconds (rates: mean per "
                + "second; workers: highest; p50: mean weighted by requests; p99: highest second).";
        page.chart(Charts.TIMELINE_LOAD, (open ? "Per second of the run: requests completed, failures, requests "
                + "started (sent) and the target rate." : "Per second of the run: requests completed, failures, and "
                + "active workers (right axis).") + " The last second may be partial." + grouped);
        page.chart(Charts.TIMELINE_LATENCY, "Percentiles of the requests completed in each second; "
                + "gaps are seconds without completed requests." + grouped);
        if (Charts.rateLimited(r)) {
            page.chart(Charts.TIMELINE_RATE_LIMITS, "Requests answered 429 per second, and the lowest remaining "
                    + "requests and tokens the rate-limit headers of that second's responses gave (right axis)."
                    + grouped);
        }
        if (Charts.serverMetrics(r)) {
            page.chart(Charts.TIMELINE_SERVER, "The server's own metrics (server_metrics_url), scraped once a second "
                    + "and placed in the second the scrape was taken: requests running and waiting at the server "
                    + "beside the client's workers, KV-cache use in percent; generated tokens per second at the "
                    + "server beside the client's output tokens per second (right axis)." + grouped);
        }
        page.append("</div></section>\n");
    }

    private void distribution() {
        List<Double> levels = Charts.distributionLevels(r);
        String shown = levels.size() < r.buckets().size()
                ? " Showing " + levels.size() + " of " + r.buckets().size() + " levels, evenly spread." : "";
        page.append("<section id=\"distribution\"><h2>Latency distribution</h2>\n");
        page.chart(Charts.DISTRIBUTION, "Latency at each percentile, from the stored HdrHistogram of each level "
                + "(x axis spaced by nines: 90%, 99%, 99.9%)." + shown);
        page.append("</section>\n");
    }

    private void errors() {
        StringBuilder b = page.body;
        b.append("<section id=\"errors\"><h2>Errors</h2>\n");
        Map<String, Long> counts = r.overall() == null ? Map.of() : r.overall().errors();
        Map<String, Long> all = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> all.put(e.getKey(), e.getValue()));
        r.errorSamples().keySet().stream().sorted().forEach(k -> all.putIfAbsent(k, null));
        if (all.isEmpty()) {
            b.append("<p>No failed requests.</p></section>\n");
            return;
        }
        long requests = r.overall() == null ? 0 : r.overall().requests();
        b.append("<div class=\"scroll\"><table id=\"error-table\"><thead><tr><th class=\"text\">Error class</th><th>Count</th>"
                + "<th>% of requests</th><th class=\"text\">By " + (open ? "rate" : "worker") + " level</th><th class=\"text\">Sample messages"
                + "</th></tr></thead><tbody>\n");
        all.forEach((cls, n) -> {
            b.append("<tr><td class=\"text\"><code>").append(esc(cls)).append("</code></td><td>")
                    .append(n == null ? "" : Fmt.count(n)).append("</td><td>")
                    .append(n == null || requests == 0 ? "" : Fmt.pct(n * 100.0 / requests)).append("</td><td class=\"text\">");
            StringBuilder levels = new StringBuilder();
            for (Stats s : sortedBuckets(r)) {
                Long c = s.errors().get(cls);
                if (c != null && c > 0) {
                    levels.append(levels.isEmpty() ? "" : ", ").append(Fmt.level(s)).append(open ? " req/s" : "")
                            .append(": ").append(Fmt.count(c));
                }
            }
            b.append(levels).append("</td><td class=\"text\">");
            List<String> samples = r.errorSamples().getOrDefault(cls, List.of());
            if (samples.isEmpty()) {
                b.append("<span class=\"muted\">none recorded</span>");
            } else {
                Map<String, Integer> distinct = new LinkedHashMap<>();
                samples.forEach(m -> distinct.merge(m, 1, Integer::sum));
                b.append("<ul class=\"samples\">");
                distinct.forEach((m, times) -> b.append("<li>").append(esc(m))
                        .append(times > 1 ? " <span class=\"muted\">(×" + times + " in the samples)</span>" : "").append("</li>"));
                b.append("</ul>");
            }
            b.append("</td></tr>\n");
        });
        b.append("</tbody></table></div></section>\n");
    }

    private void config() {
        page.append("<section id=\"config\"><h2>Configuration</h2>\n<p class=\"muted\">As stored with the result: "
                + "secrets were replaced before the run was saved.</p>\n<pre>");
        if (r.config() == null || r.config().isEmpty()) {
            page.append("(none stored)");
        } else {
            try {
                page.append(esc(ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.config())));
            } catch (JsonProcessingException e) {
                page.append(esc(r.config().toString()));
            }
        }
        page.append("</pre></section>\n");
    }

    /** The target's notes on how the requests were sent (json_path fallbacks); nothing when there are none. */
    private void notes() {
        if (r.notes().isEmpty()) {
            return;
        }
        StringBuilder b = page.body;
        b.append("<section id=\"notes\"><h2>Notes</h2>\n<ul>");
        for (String n : r.notes()) {
            b.append("<li>").append(esc(n)).append("</li>");
        }
        b.append("</ul></section>\n");
    }

    private void environment() {
        StringBuilder b = page.body;
        b.append("<section id=\"environment\"><h2>Environment</h2>\n");
        Environment e = r.environment();
        if (e == null) {
            b.append("<p>Not recorded.</p></section>\n");
            return;
        }
        b.append("<dl class=\"facts\"><dt>Host</dt><dd>").append(esc(e.host())).append("</dd><dt>OS</dt><dd>")
                .append(esc(e.os())).append("</dd><dt>JDK</dt><dd>").append(esc(e.jdk())).append("</dd><dt>CPUs</dt><dd>")
                .append(e.cpus()).append("</dd><dt>Max heap</dt><dd>").append(e.maxHeapMb())
                .append(" MiB</dd><dt>BenchSuite</dt><dd>").append(esc(e.toolVersion())).append("</dd>");
        if (e.workerThreads() != null) {
            b.append("<dt>Worker threads</dt><dd>").append(esc(e.workerThreads())).append("</dd>");
        }
        b.append("</dl></section>\n");
    }
}
