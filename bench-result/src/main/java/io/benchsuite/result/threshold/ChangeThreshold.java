package io.benchsuite.result.threshold;

import java.util.Objects;
import java.util.Set;

/**
 * A limit on how much a metric may get worse against a baseline, parsed from an expression such as
 * {@code p99 regression < 10%}: the minimum effect the comparison treats as a regression
 * ({@code io.benchsuite.result.compare.RegressionThreshold}). A run fails such a threshold only when the whole
 * confidence interval of the change lies beyond it; an interval that straddles it is inconclusive, not a failure.
 *
 * <p>Syntax: {@code [metric] regression < value unit}
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>metric</th><th>unit</th><th>example</th></tr>
 *   <tr><td>none: every metric but the success rate</td><td>{@code %}</td><td>{@code regression < 5%}</td></tr>
 *   <tr><td>{@code p50 p90 p99 mean} (latency)</td><td>{@code %}</td><td>{@code p99 regression < 10%}</td></tr>
 *   <tr><td>{@code throughput}</td><td>{@code %}</td><td>{@code throughput regression < 5%}</td></tr>
 *   <tr><td>{@code ttft.p50 ttft.p99 tpot.p50 tpot.p99 output_tokens_per_second} (LLM)</td><td>{@code %}</td>
 *       <td>{@code ttft.p99 regression < 20%}</td></tr>
 *   <tr><td>{@code success_rate}</td><td>{@code pt} (percentage points)</td>
 *       <td>{@code success_rate regression < 0.5pt}</td></tr>
 * </table>
 * The value is at least {@value #MIN_PERCENT} and at most {@value #MAX_PERCENT}.
 *
 * @param expression the expression as written (trimmed)
 * @param metric     the compared metric's key ({@code p99_ms}, {@code throughput_rps}, {@code success_rate}, ...), or
 *                   null for every metric but the success rate
 * @param limit      the minimum effect: percent, or percentage points for {@code success_rate}
 */
public record ChangeThreshold(String expression, String metric, double limit) implements Criterion {

    /** The smallest limit: below it, the histograms' precision and any machine's noise decide, not the code. */
    public static final double MIN_PERCENT = 0.5;
    /** The largest limit. */
    public static final double MAX_PERCENT = 100;
    /** The metric keys a change threshold may name. */
    public static final Set<String> METRICS = Set.of("p50_ms", "p90_ms", "p99_ms", "mean_ms", "throughput_rps",
            "success_rate", "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "tpot_p99_ms", "output_tokens_per_s");

    public ChangeThreshold {
        Objects.requireNonNull(expression, "expression");
        if (metric != null && !METRICS.contains(metric)) {
            throw new IllegalArgumentException("unknown metric " + metric + "; use one of " + METRICS);
        }
        if (!(limit >= MIN_PERCENT && limit <= MAX_PERCENT)) {
            throw new IllegalArgumentException("limit (" + limit + ") must be between " + MIN_PERCENT + " and "
                    + MAX_PERCENT);
        }
    }

    /** Whether only streaming (LLM) runs have this metric. */
    public boolean needsTokens() {
        return metric != null && (metric.startsWith("ttft") || metric.startsWith("tpot")
                || metric.equals("output_tokens_per_s"));
    }

    /** Whether the limit is in percentage points (the success rate) rather than percent. */
    public boolean inPoints() {
        return "success_rate".equals(metric);
    }

    @Override
    public String toString() {
        return expression;
    }
}
