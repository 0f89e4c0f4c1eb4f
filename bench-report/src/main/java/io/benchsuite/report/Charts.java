package io.benchsuite.report;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The charts of a report, for one run or for two runs compared (the base dashed, the current solid, the same
 * colour per metric). Chart ids are stable: the page places each chart by id. The x axis of the per-level charts is
 * the worker count (closed model) or the target rate (open model, {@link Stats#level()}).
 */
final class Charts {

    static final String LATENCY = "latency";
    static final String THROUGHPUT = "throughput";
    static final String SUCCESS = "success";
    static final String TIMELINE_LOAD = "timeline-load";
    static final String TIMELINE_LATENCY = "timeline-latency";
    static final String DISTRIBUTION = "distribution";
    static final String TTFT = "ttft";
    static final String TPOT = "tpot";
    static final String TOKENS = "tokens";
    static final String CAPACITY_LATENCY = "capacity-latency";
    static final String CAPACITY_GOODPUT = "capacity-goodput";
    static final String TTFO = "ttfo";
    static final String TIMELINE_RATE_LIMITS = "timeline-rate-limits";
    static final String TIMELINE_SERVER = "timeline-server";

    /** At most this many buckets are drawn in the distribution chart (evenly picked, first and last kept). */
    static final int MAX_DISTRIBUTION_SERIES = 8;

    /** Timelines longer than this many seconds are drawn as averages of k-second groups (see {@link #group}). */
    static final int MAX_TIMELINE_POINTS = 3600;

    private final List<RunResult> runs;
    private final List<String> names;
    /** The levels on the x axis: worker counts, or target rates in the open model. */
    private final double[] workers;
    private final boolean open;
    private final List<List<TimelineEntry>> timelines = new ArrayList<>();
    private final int groupSeconds;

    private Charts(List<RunResult> runs, List<String> names) {
        this.runs = runs;
        this.names = names;
        this.open = runs.stream().anyMatch(RunResult::openModel);
        TreeSet<Double> levels = new TreeSet<>();
        for (RunResult r : runs) {
            for (Stats b : r.buckets()) {
                if (b.level() != null) {
                    levels.add(b.level());
                }
            }
        }
        this.workers = levels.stream().mapToDouble(Double::doubleValue).toArray();
        int seconds = runs.stream().flatMap(r -> r.timeline().stream()).mapToInt(e -> e.second() + 1).max().orElse(0);
        this.groupSeconds = Math.max(1, (seconds + MAX_TIMELINE_POINTS - 1) / MAX_TIMELINE_POINTS);
        runs.forEach(r -> timelines.add(group(r.timeline(), groupSeconds)));
    }

    /**
     * Groups {@code k} consecutive seconds into one point so a long run keeps a bounded page: counts become the
     * mean per second of the group, workers the highest level, p50 the mean weighted by completed requests,
     * p99 the highest per-second p99 of the group, the rate limits' remaining counts the lowest, the server's
     * series the mean of the seconds that have them. With {@code k == 1} the timeline is returned as is.
     */
    static List<TimelineEntry> group(List<TimelineEntry> timeline, int k) {
        if (k <= 1) {
            return timeline;
        }
        Map<Integer, List<TimelineEntry>> groups = new TreeMap<>();
        for (TimelineEntry e : timeline) {
            groups.computeIfAbsent(e.second() / k * k, g -> new ArrayList<>()).add(e);
        }
        List<TimelineEntry> out = new ArrayList<>(groups.size());
        groups.forEach((start, es) -> {
            long started = 0;
            long completed = 0;
            long failures = 0;
            long tokens = 0;
            boolean hasTokens = false;
            int level = 0;
            Double rate = null;
            double p50Weighted = 0;
            double p99 = 0;
            for (TimelineEntry e : es) {
                started += e.started();
                completed += e.completed();
                failures += e.failures();
                level = Math.max(level, e.workers());
                if (e.rate() != null) {
                    rate = rate == null ? e.rate() : Math.max(rate, e.rate());
                }
                p50Weighted += e.p50Ms() * e.completed();
                p99 = Math.max(p99, e.p99Ms());
                if (e.outputTokens() != null) {
                    hasTokens = true;
                    tokens += e.outputTokens();
                }
            }
            int n = es.size();
            TimelineEntry.RateLimits limits = TimelineEntry.RateLimits.of(es);
            out.add(new TimelineEntry(start, level, Math.round(started / (double) n), Math.round(completed / (double) n),
                    Math.round(failures / (double) n), completed == 0 ? 0 : p50Weighted / completed, p99,
                    hasTokens ? Math.round(tokens / (double) n) : null, rate,
                    limits.rateLimited() == null ? null : Math.round(limits.rateLimited() / (double) n),
                    limits.remainingRequests(), limits.remainingTokens(), TimelineEntry.meanServer(es),
                    limits.retryAfterS()));
        });
        return out;
    }

    /** Seconds per timeline point (1 unless the run was longer than {@link #MAX_TIMELINE_POINTS} seconds). */
    int groupSeconds() {
        return groupSeconds;
    }

    static int groupSeconds(RunResult run) {
        return new Charts(List.of(run), List.of("")).groupSeconds();
    }

    static Map<String, Chart> single(RunResult run) {
        return new Charts(List.of(run), List.of("")).build();
    }

    static Map<String, Chart> compare(RunResult base, RunResult current) {
        return new Charts(List.of(base, current), List.of("base ", "current ")).build();
    }

    /** {@code vs workers} or {@code vs target rate}. */
    private String vs() {
        return open ? "vs target rate" : "vs workers";
    }

    /** A chart over the levels. */
    private Chart perLevel(String id, String title, String yLabel) {
        return new Chart(id, title + " " + vs(), open ? "rate" : "workers", open ? "Target rate (req/s)" : "Workers",
                yLabel, workers);
    }

    /** The bucket of {@code run} at level {@code x} (workers, or a rate to the thousandth). */
    private static java.util.Optional<Stats> bucketAt(RunResult run, double x) {
        return run.buckets().stream().filter(b -> b.level() != null && Math.abs(b.level() - x) < 0.0005).findFirst();
    }

    private Map<String, Chart> build() {
        Map<String, Chart> charts = new java.util.LinkedHashMap<>();
        charts.put(LATENCY, latency());
        charts.put(THROUGHPUT, throughput());
        charts.put(SUCCESS, perWorkers(perLevel(SUCCESS, "Success rate", "Success rate (%)"), "success rate",
                Chart.BLUE, Stats::successRate));
        if (runs.stream().anyMatch(Charts::isLlm)) {
            charts.put(TTFT, tokenLatency(TTFT, "Time to first token (TTFT)", "TTFT (ms)", Stats::ttftMs));
            charts.put(TPOT, tokenLatency(TPOT, "Time per output token (TPOT)", "TPOT (ms)", Stats::tpotMs));
            charts.put(TOKENS, perWorkers(perLevel(TOKENS, "Output tokens per second", "Output tokens/s"),
                    "output tokens/s", Chart.GREEN, Stats::outputTokensPerSecond));
        }
        if (runs.size() == 1 && runs.getFirst().capacity() != null) {
            charts.put(CAPACITY_LATENCY, capacityLatency(runs.getFirst()));
            charts.put(CAPACITY_GOODPUT, capacityGoodput(runs.getFirst()));
        }
        if (runs.stream().anyMatch(Charts::reasoned)) {
            charts.put(TTFO, tokenLatency(TTFO, "Time to first output (TTFO)", "TTFO (ms)", Stats::ttfoMs));
        }
        if (runs.stream().anyMatch(Charts::rateLimited)) {
            charts.put(TIMELINE_RATE_LIMITS, timelineRateLimits());
        }
        if (runs.stream().anyMatch(Charts::serverMetrics)) {
            charts.put(TIMELINE_SERVER, timelineServer());
        }
        charts.put(TIMELINE_LOAD, timelineLoad());
        charts.put(TIMELINE_LATENCY, timelineLatency());
        charts.put(DISTRIBUTION, distribution());
        return charts;
    }

    /**
     * A sweep's probes by offered load (a load probed twice: its last probe), as {@code x -> bucket}; the i-th bucket
     * of a sweep is its i-th probe.
     */
    static java.util.TreeMap<Double, Stats> probesByLoad(RunResult r) {
        java.util.TreeMap<Double, Stats> byLoad = new java.util.TreeMap<>();
        List<io.benchsuite.result.Capacity.ProbeVerdict> verdicts = r.capacity().verdicts();
        for (int i = 0; i < verdicts.size() && i < r.buckets().size(); i++) {
            byLoad.put(verdicts.get(i).load(), r.buckets().get(i));
        }
        return byLoad;
    }

    private Chart capacityChart(RunResult r, String id, String title, String yLabel) {
        boolean rate = io.benchsuite.result.Capacity.RATE.equals(r.capacity().unit());
        double[] x = probesByLoad(r).keySet().stream().mapToDouble(Double::doubleValue).toArray();
        return new Chart(id, title, rate ? "rate" : "workers", rate ? "Offered load (req/s)" : "Offered load (workers)",
                yLabel, x);
    }

    private static Double[] column(java.util.TreeMap<Double, Stats> byLoad, Function<Stats, Double> metric) {
        return byLoad.values().stream().map(b -> b.requests() == 0 ? null : metric.apply(b)).toArray(Double[]::new);
    }

    /** Latency percentiles against the offered load, the SLO's latency limits as lines, the capacity as a point. */
    private Chart capacityLatency(RunResult r) {
        java.util.TreeMap<Double, Stats> byLoad = probesByLoad(r);
        Chart c = capacityChart(r, CAPACITY_LATENCY, "Latency vs offered load (sweep)", "Latency (ms)");
        c.series("p50", Chart.BLUE, false, false, column(byLoad, b -> b.latencyMs().p50()));
        c.series("p99", Chart.VERMILLION, false, false, column(byLoad, b -> b.latencyMs().p99()));
        for (ThresholdLimit limit : latencyLimits(r)) {
            Double[] line = new Double[byLoad.size()];
            java.util.Arrays.fill(line, limit.limit());
            c.series("SLO " + limit.expression(), Chart.GREY, true, false, line);
        }
        if (r.capacity().found()) {
            Double[] point = new Double[byLoad.size()];
            int k = 0;
            for (Map.Entry<Double, Stats> e : byLoad.entrySet()) {
                point[k++] = e.getKey().equals(r.capacity().value()) ? e.getValue().latencyMs().p99() : null;
            }
            c.series("capacity " + r.capacity().format(r.capacity().value()), Chart.BLACK, false, false, point);
        }
        return c;
    }

    /** Whether the run's model reasoned: TTFO then differs from TTFT and gets a chart. */
    static boolean reasoned(RunResult r) {
        return r.overall() != null && r.overall().reasoningTokens() != null && r.overall().reasoningTokens() > 0;
    }

    /** Whether the run met rate limits: a 429, or a response with rate-limit headers. */
    static boolean rateLimited(RunResult r) {
        return r.timeline().stream().anyMatch(e -> (e.rateLimited() != null && e.rateLimited() > 0)
                || e.rateLimitRemainingRequests() != null || e.rateLimitRemainingTokens() != null
                || e.rateLimitRetryAfterS() != null);
    }

    /** Whether the run scraped the server's own metrics ({@code server_metrics_url}). */
    static boolean serverMetrics(RunResult r) {
        return r.timeline().stream().anyMatch(e -> e.server() != null);
    }

    private Chart timelineRateLimits() {
        double[] sec = seconds();
        Chart c = new Chart(TIMELINE_RATE_LIMITS, "Timeline: rate limits", "seconds", "Time since start (s)",
                "Requests per second (req/s); Retry-After (s)", sec);
        c.rightAxis("Remaining (as the server said)");
        for (int i = 0; i < runs.size(); i++) {
            c.series(names.get(i) + "429s/s", Chart.VERMILLION, dashed(i), false,
                    timeline(i, sec, e -> e.rateLimited() == null ? null : (double) e.rateLimited()));
            c.series(names.get(i) + "completed req/s", Chart.GREEN, dashed(i), false,
                    timeline(i, sec, e -> (double) e.completed()));
            c.series(names.get(i) + "Retry-After s (longest)", Chart.ORANGE, dashed(i), false,
                    timeline(i, sec, e -> e.rateLimitRetryAfterS() == null ? null : (double) e.rateLimitRetryAfterS()));
            c.series(names.get(i) + "remaining requests", Chart.PURPLE, dashed(i), true, timeline(i, sec,
                    e -> e.rateLimitRemainingRequests() == null ? null : (double) e.rateLimitRemainingRequests()));
            c.series(names.get(i) + "remaining tokens", Chart.SKY, dashed(i), true, timeline(i, sec,
                    e -> e.rateLimitRemainingTokens() == null ? null : (double) e.rateLimitRemainingTokens()));
        }
        return c;
    }

    /** Goodput and throughput against the offered load, the offered load itself dashed (open model). */
    private Chart capacityGoodput(RunResult r) {
        java.util.TreeMap<Double, Stats> byLoad = probesByLoad(r);
        Chart c = capacityChart(r, CAPACITY_GOODPUT, "Goodput vs offered load (sweep)", "Requests per second (req/s)");
        c.series("throughput", Chart.GREEN, false, false, column(byLoad, Stats::throughputRps));
        c.series("goodput", Chart.BLUE, false, false, column(byLoad, Stats::goodputRps));
        if (io.benchsuite.result.Capacity.RATE.equals(r.capacity().unit())) {
            c.series("offered", Chart.GREY, true, false, byLoad.keySet().toArray(Double[]::new));
        }
        return c;
    }

    private Chart timelineServer() {
        double[] sec = seconds();
        Chart c = new Chart(TIMELINE_SERVER, "Timeline: the server's view beside the client's", "seconds",
                "Time since start (s)", "Requests", sec);
        c.rightAxis("Tokens per second");
        for (int i = 0; i < runs.size(); i++) {
            boolean open = runs.get(i).openModel();
            c.series(names.get(i) + "server running", Chart.BLUE, dashed(i), false, timeline(i, sec,
                    e -> server(e, "running_requests")));
            c.series(names.get(i) + "server waiting", Chart.ORANGE, dashed(i), false, timeline(i, sec,
                    e -> server(e, "waiting_requests")));
            c.series(names.get(i) + (open ? "client started/s" : "client workers"), Chart.PURPLE,
                    true, false, timeline(i, sec, e -> (double) (open ? e.started() : e.workers())));
            c.series(names.get(i) + "server KV cache %", Chart.GREY, dashed(i), false, timeline(i, sec,
                    e -> server(e, "kv_cache_usage") == null ? null : server(e, "kv_cache_usage") * 100));
            c.series(names.get(i) + "server generated tok/s", Chart.VERMILLION, dashed(i), true, timeline(i, sec,
                    e -> server(e, "generation_tokens_per_second")));
            c.series(names.get(i) + "client output tok/s", Chart.GREEN, true, true, timeline(i, sec,
                    e -> e.outputTokens() == null ? null : (double) e.outputTokens()));
        }
        return c;
    }

    /** A latency limit of the SLO, for the line drawn at it. */
    record ThresholdLimit(String expression, double limit) {
    }

    /** The SLO's upper limits on the overall latency ({@code p99 < 100ms}): lines on the latency chart. */
    static List<ThresholdLimit> latencyLimits(RunResult r) {
        List<ThresholdLimit> out = new ArrayList<>();
        for (String e : r.capacity().slo()) {
            try {
                io.benchsuite.result.threshold.Threshold t = io.benchsuite.result.threshold.Threshold.parse(e);
                if (t.metric() == io.benchsuite.result.threshold.Threshold.Metric.LATENCY) {
                    out.add(new ThresholdLimit(e, t.limit()));
                }
            } catch (IllegalArgumentException ignored) {
                // a threshold this version does not read: no line for it
            }
        }
        return out;
    }

    private static Double server(TimelineEntry e, String series) {
        return e.server() == null ? null : e.server().get(series);
    }

    static boolean isLlm(RunResult r) {
        return r.buckets().stream().anyMatch(Stats::hasTokenMetrics)
                || (r.overall() != null && r.overall().hasTokenMetrics());
    }

    private Chart latency() {
        Chart c = perLevel(LATENCY, "Latency percentiles", "Latency (ms)");
        for (int i = 0; i < runs.size(); i++) {
            addPerWorker(c, i, "p50", Chart.BLUE, b -> b.latencyMs().p50());
            addPerWorker(c, i, "p75", Chart.ORANGE, b -> b.latencyMs().p75());
            addPerWorker(c, i, "p99", Chart.VERMILLION, b -> b.latencyMs().p99());
            if (runs.get(i).openModel()) {
                addPerWorker(c, i, "service time p99", Chart.SKY,
                        b -> b.serviceTimeMs() == null ? null : b.serviceTimeMs().p99());
            }
        }
        return c;
    }

    private Chart throughput() {
        Chart c = perLevel(THROUGHPUT, "Throughput", "Throughput (req/s)");
        if (open) {
            Double[] target = new Double[workers.length];
            for (int k = 0; k < workers.length; k++) {
                target[k] = workers[k];
            }
            c.series("target rate", Chart.GREY, true, false, target);
        }
        for (int i = 0; i < runs.size(); i++) {
            addPerWorker(c, i, "throughput", Chart.GREEN, Stats::throughputRps);
            if (runs.get(i).openModel()) {
                continue; // the target rate is the line to compare with, not a scaling of the first level
            }
            Saturation s = Saturation.of(runs.get(i).buckets());
            if (s.perWorkerRps() > 0 && i == runs.size() - 1) {
                Double[] ideal = new Double[workers.length];
                for (int k = 0; k < workers.length; k++) {
                    ideal[k] = s.ideal((int) workers[k]);
                }
                c.series(names.get(i) + "ideal linear", Chart.GREY, true, false, ideal);
            }
        }
        return c;
    }

    private Chart tokenLatency(String id, String title, String yLabel, Function<Stats, Distribution> metric) {
        Chart c = perLevel(id, title, yLabel);
        for (int i = 0; i < runs.size(); i++) {
            addPerWorker(c, i, "p50", Chart.BLUE, b -> metric.apply(b) == null ? null : metric.apply(b).p50());
            addPerWorker(c, i, "p99", Chart.VERMILLION, b -> metric.apply(b) == null ? null : metric.apply(b).p99());
        }
        return c;
    }

    private Chart perWorkers(Chart c, String label, String color, Function<Stats, Double> metric) {
        for (int i = 0; i < runs.size(); i++) {
            addPerWorker(c, i, label, color, metric);
        }
        return c;
    }

    private void addPerWorker(Chart c, int run, String label, String color, Function<Stats, Double> metric) {
        Double[] v = new Double[workers.length];
        for (int k = 0; k < workers.length; k++) {
            v[k] = bucketAt(runs.get(run), workers[k]).filter(b -> b.requests() > 0).map(metric).orElse(null);
        }
        c.series(names.get(run) + label, color, dashed(run), false, v);
    }

    private boolean dashed(int run) {
        return runs.size() > 1 && run == 0;
    }

    private double[] seconds() {
        TreeSet<Integer> s = new TreeSet<>();
        for (List<TimelineEntry> t : timelines) {
            for (TimelineEntry e : t) {
                s.add(e.second());
            }
        }
        return s.stream().mapToDouble(Integer::doubleValue).toArray();
    }

    private Double[] timeline(int run, double[] seconds, Function<TimelineEntry, Double> metric) {
        Map<Integer, TimelineEntry> bySecond = new TreeMap<>();
        for (TimelineEntry e : timelines.get(run)) {
            bySecond.put(e.second(), e);
        }
        Double[] v = new Double[seconds.length];
        for (int k = 0; k < seconds.length; k++) {
            TimelineEntry e = bySecond.get((int) seconds[k]);
            v[k] = e == null ? null : metric.apply(e);
        }
        return v;
    }

    private Chart timelineLoad() {
        double[] sec = seconds();
        Chart c = new Chart(TIMELINE_LOAD, "Timeline: load, throughput and errors", "seconds",
                "Time since start (s)", "Requests per second (req/s)", sec);
        if (runs.stream().anyMatch(r -> !r.openModel())) {
            c.rightAxis("Active workers");
        }
        for (int i = 0; i < runs.size(); i++) {
            c.series(names.get(i) + "completed req/s", Chart.GREEN, dashed(i), false,
                    timeline(i, sec, e -> (double) e.completed()));
            c.series(names.get(i) + "errors/s", Chart.VERMILLION, dashed(i), false,
                    timeline(i, sec, e -> (double) e.failures()));
            if (runs.get(i).openModel()) { // the target rate shares the left axis: requests per second
                c.series(names.get(i) + "target req/s", Chart.PURPLE, true, false,
                        timeline(i, sec, e -> e.rate()));
                c.series(names.get(i) + "started req/s", Chart.SKY, dashed(i), false,
                        timeline(i, sec, e -> (double) e.started()));
            } else {
                c.series(names.get(i) + "workers", Chart.PURPLE, dashed(i), true,
                        timeline(i, sec, e -> (double) e.workers()));
            }
        }
        return c;
    }

    private Chart timelineLatency() {
        double[] sec = seconds();
        Chart c = new Chart(TIMELINE_LATENCY, "Timeline: latency per second", "seconds", "Time since start (s)",
                "Latency (ms)", sec);
        for (int i = 0; i < runs.size(); i++) {
            c.series(names.get(i) + "p50", Chart.BLUE, dashed(i), false,
                    timeline(i, sec, e -> e.completed() == 0 ? null : e.p50Ms()));
            c.series(names.get(i) + "p99", Chart.VERMILLION, dashed(i), false,
                    timeline(i, sec, e -> e.completed() == 0 ? null : e.p99Ms()));
        }
        return c;
    }

    private Chart distribution() {
        Chart c = new Chart(DISTRIBUTION, "Latency distribution per " + (open ? "rate" : "worker") + " level", "nines",
                "Percentile", "Latency (ms)", HistogramPoints.nines());
        List<Double> levels = distributionLevels();
        for (int li = 0; li < levels.size(); li++) {
            double w = levels.get(li);
            for (int i = 0; i < runs.size(); i++) {
                double[] v = bucketAt(runs.get(i), w).map(b -> HistogramPoints.valuesMs(b.latencyHistogramUs()))
                        .orElse(null);
                if (v == null) {
                    continue;
                }
                Double[] boxed = new Double[v.length];
                for (int k = 0; k < v.length; k++) {
                    boxed[k] = v[k];
                }
                c.series(names.get(i) + (open ? Fmt.targetRate(w) + " req/s" : (long) w + (w == 1 ? " worker" : " workers")),
                        Chart.CYCLE[li % Chart.CYCLE.length], dashed(i), false, boxed);
            }
        }
        return c;
    }

    /** The levels drawn in the distribution chart: all, or {@link #MAX_DISTRIBUTION_SERIES} evenly spread. */
    List<Double> distributionLevels() {
        List<Double> all = new ArrayList<>();
        for (double w : workers) {
            all.add(w);
        }
        if (all.size() <= MAX_DISTRIBUTION_SERIES) {
            return all;
        }
        TreeSet<Double> picked = new TreeSet<>();
        for (int k = 0; k < MAX_DISTRIBUTION_SERIES; k++) {
            picked.add(all.get((int) Math.round(k * (all.size() - 1) / (double) (MAX_DISTRIBUTION_SERIES - 1))));
        }
        return new ArrayList<>(picked);
    }

    static List<Double> distributionLevels(RunResult run) {
        return new Charts(List.of(run), List.of("")).distributionLevels();
    }
}
