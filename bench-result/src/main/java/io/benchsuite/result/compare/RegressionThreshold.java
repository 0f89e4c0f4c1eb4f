package io.benchsuite.result.compare;

import io.benchsuite.result.threshold.ChangeThreshold;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The minimum effect a comparison treats as a change: a metric {@linkplain Verdict#regressed regressed} only when the
 * whole interval of its change lies beyond it. Relative for every metric ({@value #DEFAULT_PERCENT} % by default,
 * config key {@code regression_threshold}), in percentage points for the success rate
 * ({@value #DEFAULT_SUCCESS_RATE_POINTS} point by default); a {@link ChangeThreshold} such as
 * {@code p99 regression < 20%} sets one metric's.
 *
 * <p>Why {@value #DEFAULT_PERCENT} %: measured on a shared 2-core machine (docs/metrics.md, "Compare": 20 pairs of
 * identical 4-second runs, 20 with a server 15 % slower, 20 with one 15 % faster), 5 % raised no false alarm and decided
 * all 40 changed pairs on a quiet machine; under heavy load from other builds it raised one false alarm in 20 (5 %) and
 * decided 19 of 20 slower and 19 of 20 faster pairs, where 10 % raised none but left 6 slower pairs undecided. A gate
 * that cries wolf gets switched off, but one that misses regressions is worse; and a 4-second run resolves p50, mean
 * and throughput to about ±2-4 %, so 5 % is about the smallest effect it tells from none. A noisier machine, or a team
 * that wants to hear only of larger changes, sets {@code regression_threshold} (or {@code regression < 10%});
 * repetitions ({@code repeat: 5}) put the run-to-run noise into the intervals.
 *
 * @param percent           the minimum relative effect of every metric but the success rate, in percent
 * @param successRatePoints the minimum effect on the success rate, in percentage points
 * @param byMetric          per metric key ({@code p99_ms}): its own minimum effect (percent)
 */
public record RegressionThreshold(double percent, double successRatePoints, Map<String, Double> byMetric) {

    /** The default minimum relative effect, in percent. */
    public static final double DEFAULT_PERCENT = 5;
    /** The default minimum effect on the success rate, in percentage points. */
    public static final double DEFAULT_SUCCESS_RATE_POINTS = 1;
    /** The defaults. */
    public static final RegressionThreshold DEFAULT = new RegressionThreshold(DEFAULT_PERCENT,
            DEFAULT_SUCCESS_RATE_POINTS, Map.of());

    public RegressionThreshold {
        check("percent", percent);
        check("successRatePoints", successRatePoints);
        byMetric = Map.copyOf(new TreeMap<>(byMetric));
        byMetric.forEach((metric, limit) -> {
            if (Metric.byKey(metric) == null || metric.equals(Metric.SUCCESS_RATE.key)) {
                throw new IllegalArgumentException("byMetric: unknown metric " + metric);
            }
            check(metric, limit);
        });
    }

    private static void check(String name, double value) {
        if (!(value >= ChangeThreshold.MIN_PERCENT && value <= ChangeThreshold.MAX_PERCENT)) {
            throw new IllegalArgumentException(name + " (" + value + ") must be between " + ChangeThreshold.MIN_PERCENT
                    + " and " + ChangeThreshold.MAX_PERCENT);
        }
    }

    /** {@code percent} for every metric, then each of {@code limits} in order (a later one wins). */
    public static RegressionThreshold of(double percent, List<ChangeThreshold> limits) {
        double all = percent;
        double points = DEFAULT_SUCCESS_RATE_POINTS;
        Map<String, Double> byMetric = new TreeMap<>();
        for (ChangeThreshold t : limits) {
            if (t.metric() == null) {
                all = t.limit();
            } else if (t.inPoints()) {
                points = t.limit();
            } else {
                byMetric.put(t.metric(), t.limit());
            }
        }
        return new RegressionThreshold(all, points, byMetric);
    }

    /**
     * The minimum effects {@code run} was configured with: its config's {@code regression_threshold} and thresholds on
     * the change ({@code "thresholds": ["p99 regression < 20%"]}), then {@code more} (a later one wins); the defaults
     * for what it does not say.
     */
    public static RegressionThreshold configuredIn(io.benchsuite.result.RunResult run, List<ChangeThreshold> more) {
        double percent = DEFAULT_PERCENT;
        List<ChangeThreshold> limits = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode config = run.config();
        if (config != null) {
            if (config.path("regression_threshold").isNumber()) {
                percent = config.get("regression_threshold").asDouble();
            }
            for (com.fasterxml.jackson.databind.JsonNode t : config.path("thresholds")) {
                try {
                    if (io.benchsuite.result.threshold.Criterion.parse(t.asText()) instanceof ChangeThreshold c) {
                        limits.add(c);
                    }
                } catch (IllegalArgumentException e) {
                    // the run checked its thresholds before it started; a document edited since is not ours to judge
                }
            }
        }
        limits.addAll(more);
        try {
            return of(percent, limits);
        } catch (IllegalArgumentException e) {
            return of(DEFAULT_PERCENT, limits);
        }
    }

    /** The minimum effect of {@code metric}, in the unit of its change. */
    double limit(Metric metric) {
        if (metric.inPoints()) {
            return successRatePoints;
        }
        return byMetric.getOrDefault(metric.key, percent);
    }
}
