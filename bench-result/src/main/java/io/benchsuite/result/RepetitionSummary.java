package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one load repeated {@code n} times ({@code repeat: n}) and how much they differ from one another: the
 * between-run spread, which a single run cannot show. Written as {@code <out>/<group>/}{@value #FILE} beside the runs
 * {@code <out>/<group>-r1/} … {@code <group>-r<n>/} (each a complete run with {@code "repetition"} in its result);
 * {@code bench analyze --compare <group> ...} compares all of them.
 *
 * @param schemaVersion {@value RunResult#SCHEMA_VERSION}
 * @param group         the id the repetitions share
 * @param name          the benchmark's name
 * @param orgId         its organisation
 * @param count         the repetitions planned
 * @param runs          one line per repetition that ran, in order
 * @param spread        per metric ({@code p50_ms}, {@code p99_ms}, {@code throughput_rps}, {@code success_rate}): the
 *                      spread of the repetitions' overall values
 */
@JsonPropertyOrder({"schema_version", "group", "name", "org_id", "count", "runs", "spread"})
public record RepetitionSummary(int schemaVersion, String group, String name, String orgId, int count, List<Run> runs,
                                Map<String, Spread> spread) {

    /** The file name of a summary, in the directory named after its group. */
    public static final String FILE = "repetitions.json";

    public RepetitionSummary {
        Objects.requireNonNull(group, "group");
        runs = List.copyOf(runs);
        spread = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(spread));
    }

    /**
     * One repetition's overall numbers.
     *
     * @param runId         its run id
     * @param status        how it ended
     * @param requests      its requests
     * @param throughputRps its throughput
     * @param successRate   its success rate
     * @param p50Ms         its median latency
     * @param p99Ms         its 99th percentile latency
     */
    public record Run(String runId, RunResult.Status status, long requests, double throughputRps, double successRate,
                      double p50Ms, double p99Ms) {
    }

    /**
     * The spread of one metric over the repetitions.
     *
     * @param mean      the mean of the repetitions' values
     * @param sd        their sample standard deviation (0 with one repetition)
     * @param min       the smallest
     * @param max       the largest
     * @param cvPercent {@code sd / mean × 100}, the coefficient of variation (0 when the mean is 0)
     */
    public record Spread(double mean, double sd, double min, double max, double cvPercent) {
    }

    /** The summary of {@code results}, the repetitions that ran of {@code count} planned, sharing id {@code group}. */
    public static RepetitionSummary of(String group, int count, List<RunResult> results) {
        List<Run> runs = new ArrayList<>();
        for (RunResult r : results) {
            Stats o = r.overall();
            runs.add(new Run(r.runId(), r.status(), o == null ? 0 : o.requests(), o == null ? 0 : o.throughputRps(),
                    o == null ? 0 : o.successRate(), o == null ? 0 : o.latencyMs().p50(),
                    o == null ? 0 : o.latencyMs().p99()));
        }
        Map<String, Spread> spread = new LinkedHashMap<>();
        spread.put("p50_ms", spread(runs, Run::p50Ms));
        spread.put("p99_ms", spread(runs, Run::p99Ms));
        spread.put("throughput_rps", spread(runs, Run::throughputRps));
        spread.put("success_rate", spread(runs, Run::successRate));
        RunResult first = results.isEmpty() ? null : results.getFirst();
        return new RepetitionSummary(RunResult.SCHEMA_VERSION, group, first == null ? group : first.name(),
                first == null ? null : first.orgId(), count, runs, spread);
    }

    private static Spread spread(List<Run> runs, ToDoubleFunction<Run> metric) {
        double[] v = runs.stream().mapToDouble(metric).toArray();
        if (v.length == 0) {
            return new Spread(0, 0, 0, 0, 0);
        }
        double mean = java.util.Arrays.stream(v).average().orElse(0);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = v.length < 2 ? 0 : Math.sqrt(ss / (v.length - 1));
        return new Spread(round(mean), round(sd), round(java.util.Arrays.stream(v).min().orElse(0)),
                round(java.util.Arrays.stream(v).max().orElse(0)), mean == 0 ? 0 : round(sd / mean * 100));
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** The run ids of the repetitions that ran, in order. */
    public List<String> runIds() {
        return runs.stream().map(Run::runId).toList();
    }

    /** Writes this summary to {@code dir/}{@value #FILE} (atomically, as {@link ResultJson#write}). */
    public void write(Path dir) throws IOException {
        ResultJson.writeJson(this, dir.resolve(FILE));
    }

    /** Reads {@code file}, or {@code file/}{@value #FILE} when it is a directory. */
    public static RepetitionSummary read(Path file) throws IOException {
        Path f = java.nio.file.Files.isDirectory(file) ? file.resolve(FILE) : file;
        return ResultJson.mapper().readValue(f.toFile(), RepetitionSummary.class);
    }

    /**
     * The table {@code bench run --repeat} prints: one row per repetition, then the spread of each metric.
     * <pre>
     * repetition  run_id      requests  req/s  success%  p50 ms  p99 ms
     * 1           x-r1        812       203.0  100.00    20.41   35.10
     * ...
     * spread over 3 runs: mean ± sd (cv), min-max
     *   p50 ms      20.43 ± 0.05 (0.2 %), 20.38-20.51
     * </pre>
     */
    public String table() {
        String nl = System.lineSeparator();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"repetition", "run_id", "status", "requests", "req/s", "success%", "p50 ms", "p99 ms"});
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            rows.add(new String[] {String.valueOf(i + 1), r.runId(), String.valueOf(r.status()),
                    String.valueOf(r.requests()), num(r.throughputRps(), 1), num(r.successRate(), 2), num(r.p50Ms(), 2),
                    num(r.p99Ms(), 2)});
        }
        StringBuilder b = new StringBuilder();
        int[] width = new int[rows.getFirst().length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(width[i] - r[i].length())).append("  ");
            }
            b.append(line.toString().stripTrailing()).append(nl);
        }
        b.append("spread over ").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append(": mean ± sd (coefficient of variation), min-max").append(nl);
        Map<String, String> labels = Map.of("p50_ms", "p50 ms", "p99_ms", "p99 ms", "throughput_rps", "req/s",
                "success_rate", "success%");
        spread.forEach((metric, s) -> b.append(String.format(Locale.ROOT, "  %-9s %s ± %s (%.1f %%), %s-%s%n",
                labels.getOrDefault(metric, metric), num(s.mean(), 2), num(s.sd(), 2), s.cvPercent(),
                num(s.min(), 2), num(s.max(), 2))));
        return b.toString();
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
