package io.benchsuite.result.threshold;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates {@link Threshold}s against a finished run, and tells a running load when a threshold is already
 * lost.
 *
 * <pre>{@code
 * List<ThresholdResult> evaluated = ThresholdEvaluator.evaluate(thresholds, result);
 * RunResult stored = result.withThresholds(evaluated);
 * if (!stored.thresholdsPassed()) System.err.println(ThresholdEvaluator.failureMessage(evaluated));
 * }</pre>
 *
 * <p>A threshold fails when its scope has no requests (a bucket the run never reached, or a run that sent
 * nothing) or when it names an LLM metric the run did not record; its {@code actual} is then {@code NaN}.
 */
public final class ThresholdEvaluator {

    private ThresholdEvaluator() {
    }

    /** Parses each of {@code expressions}; the first malformed one throws {@link IllegalArgumentException}. */
    public static List<Threshold> parseAll(List<String> expressions) {
        List<Threshold> out = new ArrayList<>(expressions.size());
        for (String e : expressions) {
            out.add(Threshold.parse(e));
        }
        return List.copyOf(out);
    }

    /** Evaluates each threshold against {@code result}, in order. */
    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, RunResult result) {
        List<ThresholdResult> out = new ArrayList<>(thresholds.size());
        for (Threshold t : thresholds) {
            Stats stats = t.workers() != null ? result.bucket(t.workers()).orElse(null)
                    : t.rate() != null ? result.bucketAtRate(t.rate()).orElse(null) : result.overall();
            double actual = actual(t, stats);
            boolean passed = !Double.isNaN(actual) && t.operator().test(actual, t.limit());
            out.add(new ThresholdResult(t.expression(), t.scope(), actual, t.limit(), t.metric().unit(), passed));
        }
        return List.copyOf(out);
    }

    /** The measured value {@code t} compares, in the unit of its limit, or {@code NaN} when there is none. */
    static double actual(Threshold t, Stats stats) {
        if (stats == null || stats.requests() == 0) {
            return Double.NaN;
        }
        return switch (t.metric()) {
            case LATENCY -> stats.latencyMs().get(t.statistic());
            // the closed model's service time is its latency (each request is sent when it is due)
            case SERVICE_TIME -> (stats.serviceTimeMs() != null ? stats.serviceTimeMs() : stats.latencyMs())
                    .get(t.statistic());
            case TTFT -> stat(stats.ttftMs(), t.statistic());
            case TPOT -> stat(stats.tpotMs(), t.statistic());
            case ITL -> stat(stats.itlMs(), t.statistic());
            case SUCCESS_RATE -> stats.successRate();
            case ERROR_RATE -> round3(100.0 - stats.successRate());
            case THROUGHPUT -> stats.throughputRps();
            case GOODPUT -> stats.goodputRps() == null ? Double.NaN : stats.goodputRps();
            case OUTPUT_TOKENS_PER_SECOND -> stats.outputTokensPerSecond() == null ? Double.NaN
                    : stats.outputTokensPerSecond();
        };
    }

    private static double stat(Distribution d, String statistic) {
        return d == null ? Double.NaN : d.get(statistic);
    }

    /**
     * The failed thresholds of {@code results} in AssertJ's style, one block per failure:
     * <pre>
     * Expecting p99 latency at 10 workers:
     *   412.3 ms
     * to be less than:
     *   250 ms
     * </pre>
     * Empty when all passed.
     */
    public static String failureMessage(List<ThresholdResult> results) {
        List<ThresholdResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (failed.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(failed.size()).append(" of ").append(results.size()).append(results.size() == 1
                ? " threshold failed" : " thresholds failed");
        for (ThresholdResult r : failed) {
            Threshold t = Threshold.parse(r.expression());
            sb.append("\n\n[").append(r.expression()).append("]\nExpecting ").append(t.label()).append(":\n  ");
            if (Double.isNaN(r.actual())) {
                sb.append(t.workers() != null ? "no requests (the run never reached " + t.workers() + " workers)"
                        : t.rate() != null ? "no requests (the run had no level at " + Threshold.format(t.rate(),
                        "req/s") + ")"
                        : t.needsTokens() ? "no value (the run streamed no tokens)"
                        : t.metric() == Threshold.Metric.GOODPUT ? "no goodput (the run has no latency, service-time, "
                        + "TTFT or TPOT threshold to count good requests by)" : "no requests");
            } else {
                sb.append(Threshold.format(r.actual(), r.unit()));
            }
            sb.append('\n').append(t.operator().words()).append(":\n  ")
                    .append(Threshold.format(r.limit(), r.unit()));
        }
        return sb.toString();
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
