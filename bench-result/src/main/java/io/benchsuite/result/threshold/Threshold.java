package io.benchsuite.result.threshold;

import java.util.Locale;
import java.util.Objects;

/**
 * A pass/fail criterion over the statistics of a run, parsed from an expression such as {@code p99 < 250ms}.
 *
 * <p>Syntax: {@code [workers=N: | rate=R:] metric op value[unit]}
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>metric</th><th>measures</th><th>units</th><th>example</th></tr>
 *   <tr><td>{@code p50 p75 p90 p95 p99 p999 mean min max} (or {@code latency.p99} ...)</td>
 *       <td>end-to-end latency</td><td>{@code ms s us}</td><td>{@code p99 < 250ms}</td></tr>
 *   <tr><td>{@code service_time.X} (X as above)</td><td>open model: service time, from each request's actual
 *       send (the closed model's is its latency)</td><td>{@code ms s us}</td><td>{@code service_time.p99 < 100ms}</td></tr>
 *   <tr><td>{@code ttft.X tpot.X itl.X} (X as above)</td><td>LLM time to first token, time per output
 *       token, inter-token latency</td><td>{@code ms s us}</td><td>{@code ttft.p95 < 500ms}</td></tr>
 *   <tr><td>{@code success_rate}, {@code error_rate}</td><td>successes (failures) / requests</td>
 *       <td>{@code %} (required)</td><td>{@code success_rate >= 99%}</td></tr>
 *   <tr><td>{@code throughput}</td><td>requests per second</td><td>{@code /s}, {@code req/s}, {@code rps}
 *       or none</td><td>{@code throughput > 100/s}</td></tr>
 *   <tr><td>{@code goodput}</td><td>requests per second that succeeded within every per-request time limit of
 *       the run's thresholds</td><td>{@code /s}, {@code req/s}, {@code rps} or none</td><td>{@code goodput > 90/s}</td></tr>
 *   <tr><td>{@code output_tokens_per_second}</td><td>LLM output tokens per second</td>
 *       <td>{@code /s}, {@code tokens/s} or none</td><td>{@code output_tokens_per_second > 50/s}</td></tr>
 * </table>
 * Operators: {@code <  <=  >  >=}. Without a scope the threshold applies to the whole run ({@code overall});
 * with {@code workers=N:} to the bucket of requests that started while N workers ran
 * ({@code workers=10: p99 < 300ms}); in the open model, with {@code rate=R:} to the bucket of requests due at target
 * rate R ({@code rate=200: p99 < 300ms}). Every metric is defined in {@code docs/metrics.md}.
 *
 * <pre>{@code
 * Threshold t = Threshold.parse("workers=10: p99 < 300ms");
 * List<ThresholdResult> results = ThresholdEvaluator.evaluate(List.of(t), runResult);
 * }</pre>
 *
 * @param expression the expression as written (trimmed)
 * @param workers    the closed-model bucket it applies to (worker count), or null
 * @param rate       the open-model bucket it applies to (target rate, requests per second), or null; both null
 *                   for the whole run
 * @param metric     what is measured
 * @param statistic  for distributions: {@code min, mean, p50, p75, p90, p95, p99, p999, max}; else null
 * @param operator   the comparison
 * @param limit      the limit in the metric's unit ({@link Metric#unit()}): ms, %, req/s or tokens/s
 */
public record Threshold(String expression, Integer workers, Double rate, Metric metric, String statistic,
                        Operator operator, double limit) implements Criterion {

    /** Examples shown in error messages. */
    static final String EXAMPLES = "p99 < 250ms, success_rate >= 99%, throughput > 100/s, ttft.p95 < 500ms, "
            + "workers=10: p99 < 300ms, rate=200: service_time.p99 < 100ms";

    private static final java.util.Set<String> STATISTICS =
            java.util.Set.of("min", "mean", "p50", "p75", "p90", "p95", "p99", "p999", "max");

    public Threshold {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(operator, "operator");
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("workers (" + workers + ") must be >= 1");
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("rate (" + rate + ") must be > 0");
        }
        if (workers != null && rate != null) {
            throw new IllegalArgumentException("a threshold applies to a worker level or a rate level, not both");
        }
        if (metric.distribution() != (statistic != null)) {
            throw new IllegalArgumentException("statistic (" + statistic + ") must be set exactly for latency, "
                    + "ttft, tpot and itl");
        }
        if (statistic != null && !STATISTICS.contains(statistic)) {
            throw new IllegalArgumentException("unknown statistic " + statistic);
        }
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit (" + limit + ") must be a finite number");
        }
    }

    /** A threshold over the whole run or a closed-model bucket. */
    public Threshold(String expression, Integer workers, Metric metric, String statistic, Operator operator,
                     double limit) {
        this(expression, workers, null, metric, statistic, operator, limit);
    }

    /** What a threshold measures, and in which unit its limit and actual value are expressed. */
    public enum Metric {
        LATENCY("latency", "ms", true, false),
        SERVICE_TIME("service time", "ms", true, false),
        TTFT("TTFT", "ms", true, true),
        TPOT("TPOT", "ms", true, true),
        ITL("ITL", "ms", true, true),
        SUCCESS_RATE("success rate", "%", false, false),
        ERROR_RATE("error rate", "%", false, false),
        THROUGHPUT("throughput", "req/s", false, false),
        GOODPUT("goodput", "req/s", false, false),
        OUTPUT_TOKENS_PER_SECOND("output tokens per second", "tokens/s", false, true);

        private final String label;
        private final String unit;
        private final boolean distribution;
        private final boolean tokens;

        Metric(String label, String unit, boolean distribution, boolean tokens) {
            this.label = label;
            this.unit = unit;
            this.distribution = distribution;
            this.tokens = tokens;
        }

        /** {@code ms}, {@code %}, {@code req/s} or {@code tokens/s}. */
        public String unit() {
            return unit;
        }

        /** Whether this metric is a distribution with statistics (p99, mean, ...). */
        public boolean distribution() {
            return distribution;
        }

        /** Whether only streaming (LLM) runs record this metric. */
        public boolean tokens() {
            return tokens;
        }
    }

    /** A comparison; {@link #words()} is how failure messages say it. */
    public enum Operator {
        LT("<", "to be less than"),
        LE("<=", "to be at most"),
        GT(">", "to be greater than"),
        GE(">=", "to be at least");

        private final String symbol;
        private final String words;

        Operator(String symbol, String words) {
            this.symbol = symbol;
            this.words = words;
        }

        public String symbol() {
            return symbol;
        }

        public String words() {
            return words;
        }

        /** Whether {@code actual op limit} holds. */
        public boolean test(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
            };
        }
    }

    /**
     * Parses {@code expression}, a threshold on the run's own numbers ({@link Criterion#parse} also reads thresholds on
     * the change against a baseline).
     *
     * @throws IllegalArgumentException naming the problem and showing valid examples; also for a
     *                                  {@link ChangeThreshold}, which needs a baseline
     */
    public static Threshold parse(String expression) {
        if (Criterion.parse(expression) instanceof Threshold t) {
            return t;
        }
        throw new IllegalArgumentException("threshold \"" + expression.strip() + "\" limits the change against a "
                + "baseline, which this run has none of; compare the run with bench analyze --compare BASE RUN, or "
                + "give the load test a @Baseline");
    }

    /** {@code overall}, {@code workers=N} or {@code rate=R}: the scope as stored in {@code result.json}. */
    public String scope() {
        return workers != null ? "workers=" + workers : rate != null ? "rate=" + format(rate, "") : "overall";
    }

    /** Whether only streaming (LLM) runs can satisfy this threshold. */
    public boolean needsTokens() {
        return metric.tokens();
    }

    /** How failure messages name the measured value: {@code p99 latency at 10 workers}. */
    public String label() {
        String what = statistic == null ? metric.label : statistic + " " + metric.label;
        return what + (workers != null ? " at " + workers + " workers"
                : rate != null ? " at " + format(rate, "req/s") : " (overall)");
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Formats a value of this threshold's unit: {@code 412.3 ms}, {@code 99.5 %}. */
    public static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String n = String.format(Locale.ROOT, "%.3f", value);
        n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return unit.isEmpty() ? n : n + " " + unit;
    }
}
