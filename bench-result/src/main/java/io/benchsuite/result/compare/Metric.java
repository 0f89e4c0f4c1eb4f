package io.benchsuite.result.compare;

/**
 * The numbers a comparison judges, how each is computed from a pool of blocks, which way is worse, and in which unit
 * its change is expressed: relative ({@code %}) for all but the success rate, which is itself a percentage and
 * changes in percentage points.
 */
enum Metric {
    P50("p50_ms", "p50", "ms", Family.LATENCY, 0.50, true),
    P90("p90_ms", "p90", "ms", Family.LATENCY, 0.90, true),
    P99("p99_ms", "p99", "ms", Family.LATENCY, 0.99, true),
    MEAN("mean_ms", "mean", "ms", Family.LATENCY, Double.NaN, true),
    THROUGHPUT("throughput_rps", "throughput", "req/s", Family.RATE, Double.NaN, false),
    SUCCESS_RATE("success_rate", "success rate", "%", Family.RATE, Double.NaN, false),
    TTFT_P50("ttft_p50_ms", "TTFT p50", "ms", Family.TTFT, 0.50, true),
    TTFT_P99("ttft_p99_ms", "TTFT p99", "ms", Family.TTFT, 0.99, true),
    TPOT_P50("tpot_p50_ms", "TPOT p50", "ms", Family.TPOT, 0.50, true),
    TPOT_P99("tpot_p99_ms", "TPOT p99", "ms", Family.TPOT, 0.99, true),
    OUTPUT_TOKENS_PER_S("output_tokens_per_s", "output tokens/s", "tokens/s", Family.RATE, Double.NaN, false);

    /** Where a metric's values come from. */
    enum Family {
        /** the end-to-end latency of every request */
        LATENCY,
        /** counts over time: requests, successes, output tokens */
        RATE,
        /** time to first token of the successful streamed requests */
        TTFT,
        /** time per output token of the successful streamed requests with more than one token */
        TPOT
    }

    /**
     * A percentile is judged only when at least this many values of the smaller side lie beyond it: p99 from 1,000
     * values, p90 from 100. Fewer, and a handful of requests (a single stall) decide it, which a bootstrap cannot
     * resample honestly.
     */
    static final int MIN_TAIL = 10;

    /** Percentage points: the unit of a change of the success rate. */
    static final String POINTS = "pt";
    /** The unit of a relative change. */
    static final String PERCENT = "%";

    final String key;
    final String label;
    final String unit;
    final Family family;
    final double quantile;
    final boolean higherIsWorse;

    Metric(String key, String label, String unit, Family family, double quantile, boolean higherIsWorse) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.family = family;
        this.quantile = quantile;
        this.higherIsWorse = higherIsWorse;
    }

    /** Whether the change is in percentage points ({@link #SUCCESS_RATE}) rather than relative. */
    boolean inPoints() {
        return this == SUCCESS_RATE;
    }

    /** Whether only streamed (LLM) runs have this metric. */
    boolean tokens() {
        return family == Family.TTFT || family == Family.TPOT || this == OUTPUT_TOKENS_PER_S;
    }

    /** The metric with {@code key} ({@code p99_ms}), or null. */
    static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
