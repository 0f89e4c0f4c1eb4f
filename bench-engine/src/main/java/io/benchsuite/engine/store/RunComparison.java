package io.benchsuite.engine.store;

import io.benchsuite.engine.result.RunResult;
import io.benchsuite.engine.result.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A run compared with its baseline, per worker level (bucket) and overall: p50 and p99 latency, throughput and
 * success rate, each with its change and whether it is a regression.
 *
 * <p>Regression rule (also in {@code docs/analyze.md}); a level is compared only when both runs have requests
 * at it:
 * <ul>
 *   <li>p50 / p99 latency: {@code current > base * (1 + }{@value #LATENCY_TOLERANCE}{@code )} and
 *       {@code current - base > }{@value #LATENCY_FLOOR_MS}{@code  ms} (slower by more than 10 % and by more
 *       than a millisecond, so microsecond jitter on fast endpoints is not flagged);</li>
 *   <li>throughput: {@code current < base * (1 - }{@value #THROUGHPUT_TOLERANCE}{@code )} (more than 10 %
 *       fewer requests per second);</li>
 *   <li>success rate: {@code current < base - }{@value #SUCCESS_RATE_TOLERANCE_POINTS} (more than one
 *       percentage point lower).</li>
 * </ul>
 *
 * @param baseRunId    the baseline run
 * @param currentRunId the run compared with it
 * @param rows         one row per worker level present in either run, then {@code overall}
 */
public record RunComparison(String baseRunId, String currentRunId, List<Row> rows) {

    public static final double LATENCY_TOLERANCE = 0.10;
    public static final double LATENCY_FLOOR_MS = 1.0;
    public static final double THROUGHPUT_TOLERANCE = 0.10;
    public static final double SUCCESS_RATE_TOLERANCE_POINTS = 1.0;

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
     * @param metric        {@code p50_ms}, {@code p99_ms}, {@code throughput_rps} or {@code success_rate}
     * @param base          value in the baseline
     * @param current       value in the current run
     * @param change        {@code current - base}
     * @param changePercent {@code (current - base) / base * 100}, null when {@code base} is 0
     * @param regression    whether the change breaks the rule above
     */
    public record Delta(String metric, double base, double current, double change, Double changePercent,
                        boolean regression) {
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

    private static Row row(String scope, Integer workers, Optional<Stats> base, Optional<Stats> current) {
        if (base.isEmpty() || base.get().requests() == 0) {
            return new Row(scope, workers, List.of(), "no requests in the baseline at this level");
        }
        if (current.isEmpty() || current.get().requests() == 0) {
            return new Row(scope, workers, List.of(), "no requests in the current run at this level");
        }
        Stats b = base.get();
        Stats c = current.get();
        double p50b = b.latencyMs().p50();
        double p50c = c.latencyMs().p50();
        double p99b = b.latencyMs().p99();
        double p99c = c.latencyMs().p99();
        return new Row(scope, workers, List.of(
                delta("p50_ms", p50b, p50c, latencyRegressed(p50b, p50c)),
                delta("p99_ms", p99b, p99c, latencyRegressed(p99b, p99c)),
                delta("throughput_rps", b.throughputRps(), c.throughputRps(),
                        c.throughputRps() < b.throughputRps() * (1 - THROUGHPUT_TOLERANCE)),
                delta("success_rate", b.successRate(), c.successRate(),
                        c.successRate() < b.successRate() - SUCCESS_RATE_TOLERANCE_POINTS)), null);
    }

    static boolean latencyRegressed(double base, double current) {
        return current > base * (1 + LATENCY_TOLERANCE) && current - base > LATENCY_FLOOR_MS;
    }

    private static Delta delta(String metric, double base, double current, boolean regression) {
        double change = round(current - base);
        Double percent = base == 0 ? null : round((current - base) / base * 100);
        return new Delta(metric, base, current, change, percent, regression);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
