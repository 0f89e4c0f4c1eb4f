package io.benchsuite.result.compare;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A run compared with its baseline, per worker level (bucket) and overall: p50 and p99 latency, throughput and
 * success rate, each with its change and whether it is a regression.
 *
 * <p>Regression rule ({@code docs/metrics.md}, "Report"), the one {@code bench analyze --compare} and the HTML
 * report's compare page both apply; a level is compared only when both runs have requests at it:
 * <ul>
 *   <li>p99 latency more than 10 % higher: {@code (current - base) / base > }{@value #LATENCY_LIMIT};</li>
 *   <li>throughput more than 10 % lower: {@code (base - current) / base > }{@value #THROUGHPUT_LIMIT};</li>
 *   <li>success rate more than one percentage point lower: {@code base - current > }{@value #SUCCESS_POINTS};</li>
 *   <li>LLM runs: TTFT p99 more than 10 % higher, output tokens/s more than 10 % lower.</li>
 * </ul>
 * p50 is shown with its change but never marked: it is context, not a verdict. A base of 0 never regresses.
 *
 * <p>A change is {@code current - base} in the metric's unit; the success rate, itself a percentage, changes in
 * percentage points ({@value #POINTS}) and has no relative change: from 50 % to 45 % is -5 points, not -10 %.
 *
 * @param baseRunId    the baseline run
 * @param currentRunId the run compared with it
 * @param rows         one row per worker level present in either run, then {@code overall}
 */
public record RunComparison(String baseRunId, String currentRunId, List<Row> rows) {

    public static final double LATENCY_LIMIT = 0.10;
    public static final double THROUGHPUT_LIMIT = 0.10;
    public static final double SUCCESS_POINTS = 1.0;
    /** {@link Delta#changeUnit()} of a rate: percentage points. */
    public static final String POINTS = "pt";

    public RunComparison {
        rows = List.copyOf(rows);
    }

    /**
     * One worker level (or the whole run).
     *
     * @param scope   {@code workers=N} or {@code overall}
     * @param workers the level, null for overall
     * @param deltas  the compared metrics; empty when one of the runs has no requests at this level
     * @param note    why nothing was compared, or null
     */
    public record Row(String scope, Integer workers, List<Delta> deltas, String note) {
        public Row {
            deltas = List.copyOf(deltas);
        }

        public boolean regressed() {
            return deltas.stream().anyMatch(Delta::regression);
        }
    }

    /**
     * One metric of one row.
     *
     * @param metric        {@code p50_ms}, {@code p99_ms}, {@code throughput_rps}, {@code success_rate}, and for
     *                      LLM runs {@code ttft_p99_ms}, {@code output_tokens_per_s}
     * @param base          value in the baseline
     * @param current       value in the current run
     * @param change        {@code current - base}
     * @param changeUnit    the unit of {@code change}: {@code ms}, {@code req/s}, {@code tokens/s}, or
     *                      {@value #POINTS} (percentage points) for {@code success_rate}
     * @param changePercent {@code (current - base) / base * 100}; null when {@code base} is 0, and for
     *                      {@code success_rate}, a rate, which is compared in points only
     * @param regression    whether the change breaks the rule above
     */
    public record Delta(String metric, double base, double current, double change, String changeUnit,
                        Double changePercent, boolean regression) {

        /** Whether {@code change} is in percentage points (a rate), which has no relative change. */
        public boolean inPoints() {
            return POINTS.equals(changeUnit);
        }
    }

    /** Compares {@code current} with {@code base}. */
    public static RunComparison of(RunResult base, RunResult current) {
        TreeSet<Integer> levels = new TreeSet<>();
        base.buckets().forEach(b -> levels.add(b.workers()));
        current.buckets().forEach(b -> levels.add(b.workers()));
        List<Row> rows = new ArrayList<>();
        for (int level : levels) {
            rows.add(row("workers=" + level, level, base.bucket(level), current.bucket(level)));
        }
        rows.add(row("overall", null, Optional.ofNullable(base.overall()), Optional.ofNullable(current.overall())));
        return new RunComparison(base.runId(), current.runId(), rows);
    }

    /** True when any row regressed. */
    public boolean regressed() {
        return rows.stream().anyMatch(Row::regressed);
    }

    /**
     * Compares one level (or the whole run, {@code workers} null) of two runs by the rule above; empty deltas with a
     * note when either has no requests there.
     */
    public static Row compare(String scope, Integer workers, Stats base, Stats current) {
        return row(scope, workers, Optional.ofNullable(base), Optional.ofNullable(current));
    }

    private static Row row(String scope, Integer workers, Optional<Stats> base, Optional<Stats> current) {
        if (base.isEmpty() || base.get().requests() == 0) {
            return new Row(scope, workers, List.of(), "no requests in the baseline at this level");
        }
        if (current.isEmpty() || current.get().requests() == 0) {
            return new Row(scope, workers, List.of(), "no requests in the current run at this level");
        }
        Stats b = base.get();
        Stats c = current.get();
        List<Delta> deltas = new ArrayList<>(List.of(
                delta("p50_ms", "ms", b.latencyMs().p50(), c.latencyMs().p50(), false),
                delta("p99_ms", "ms", b.latencyMs().p99(), c.latencyMs().p99(),
                        up(b.latencyMs().p99(), c.latencyMs().p99())),
                delta("throughput_rps", "req/s", b.throughputRps(), c.throughputRps(),
                        down(b.throughputRps(), c.throughputRps())),
                delta("success_rate", POINTS, b.successRate(), c.successRate(),
                        b.successRate() - c.successRate() > SUCCESS_POINTS)));
        if (b.ttftMs() != null && c.ttftMs() != null) {
            deltas.add(delta("ttft_p99_ms", "ms", b.ttftMs().p99(), c.ttftMs().p99(),
                    up(b.ttftMs().p99(), c.ttftMs().p99())));
        }
        if (b.outputTokensPerSecond() != null && c.outputTokensPerSecond() != null) {
            deltas.add(delta("output_tokens_per_s", "tokens/s", b.outputTokensPerSecond(), c.outputTokensPerSecond(),
                    down(b.outputTokensPerSecond(), c.outputTokensPerSecond())));
        }
        return new Row(scope, workers, deltas, null);
    }

    private static boolean up(double base, double current) {
        return base > 0 && (current - base) / base > LATENCY_LIMIT;
    }

    private static boolean down(double base, double current) {
        return base > 0 && (base - current) / base > THROUGHPUT_LIMIT;
    }

    private static Delta delta(String metric, String unit, double base, double current, boolean regression) {
        double change = round(current - base);
        Double percent = base == 0 || POINTS.equals(unit) ? null : round((current - base) / base * 100);
        return new Delta(metric, base, current, change, unit, percent, regression);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
