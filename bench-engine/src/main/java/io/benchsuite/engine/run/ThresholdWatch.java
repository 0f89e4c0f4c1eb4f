package io.benchsuite.engine.run;

import io.benchsuite.result.threshold.Threshold;
import java.util.List;
import java.util.Optional;

/**
 * Judges from the progress of a running load whether a threshold is already lost, so the load can be aborted
 * early ({@code abortOnThresholdFailure}).
 */
public final class ThresholdWatch {

    /** Requests that must have run before a rate threshold is judged lost. */
    public static final long MIN_REQUESTS = 100;

    private ThresholdWatch() {
    }

    /**
     * Whether a threshold is already lost while the load runs, judged from a progress snapshot; used to abort
     * early. Only cases that cannot (or practically cannot) recover count:
     * <ul>
     *   <li>{@code max < X} / {@code max <= X}, overall or of the current bucket, once an interval's p99
     *       exceeds X (the maximum is at least that p99, and never decreases);</li>
     *   <li>an overall {@code success_rate} / {@code error_rate} threshold once at least
     *       {@value #MIN_REQUESTS} requests ran and: with {@code plannedRequests > 0}, the
     *       failures so far exceed what the whole run may have; without it, the running rate violates the
     *       limit (a heuristic: a run is rarely rescued from there).</li>
     * </ul>
     *
     * @param plannedRequests the run's request cap ({@code total_requests}), 0 when unknown
     * @return the reason to abort, or empty
     */
    public static Optional<String> lostDuring(List<Threshold> thresholds, Progress progress, long plannedRequests) {
        for (Threshold t : thresholds) {
            boolean inScope = t.workers() != null ? progress.rate() == null && t.workers() == progress.workers()
                    : t.rate() == null || progress.rate() != null && Math.abs(t.rate() - progress.rate()) < 0.0005;
            if (t.metric() == Threshold.Metric.LATENCY && "max".equals(t.statistic()) && inScope
                    && (t.operator() == Threshold.Operator.LT || t.operator() == Threshold.Operator.LE)
                    && progress.recentP99Ms() > t.limit()) {
                return Optional.of("threshold \"" + t.expression() + "\" is lost: a latency of "
                        + Threshold.format(progress.recentP99Ms(), "ms") + " was already measured");
            }
            boolean rate = t.metric() == Threshold.Metric.SUCCESS_RATE || t.metric() == Threshold.Metric.ERROR_RATE;
            if (rate && t.workers() == null && t.rate() == null && progress.requests() >= MIN_REQUESTS) {
                double allowedFailurePercent = allowedFailurePercent(t);
                if (Double.isNaN(allowedFailurePercent)) {
                    continue;
                }
                boolean lost;
                if (plannedRequests > 0) {
                    lost = progress.failures() * 100.0 / plannedRequests > allowedFailurePercent;
                } else {
                    lost = progress.failures() * 100.0 / progress.requests() > allowedFailurePercent;
                }
                if (lost) {
                    return Optional.of("threshold \"" + t.expression() + "\" is lost: " + progress.failures()
                            + " of " + progress.requests() + " requests failed so far");
                }
            }
        }
        return Optional.empty();
    }

    /** The failure percentage a rate threshold tolerates at most, or NaN for thresholds bounding it from below. */
    private static double allowedFailurePercent(Threshold t) {
        boolean lowerBound = t.operator() == Threshold.Operator.GT || t.operator() == Threshold.Operator.GE;
        if (t.metric() == Threshold.Metric.SUCCESS_RATE) {
            return lowerBound ? 100.0 - t.limit() : Double.NaN;
        }
        return lowerBound ? Double.NaN : t.limit();
    }
}
