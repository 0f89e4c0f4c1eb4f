package io.benchsuite.result.threshold;

/**
 * A pass/fail criterion as written in {@code @Threshold} or a config's {@code "thresholds"}: a {@link Threshold} on a
 * run's own numbers ({@code p99 < 250ms}), or a {@link ChangeThreshold} on its change against a baseline
 * ({@code p99 regression < 10%}). One parser reads both.
 */
public sealed interface Criterion permits Threshold, ChangeThreshold {

    /** The expression as written (trimmed). */
    String expression();

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException naming the problem and showing valid examples
     */
    static Criterion parse(String expression) {
        return ThresholdParser.parseAny(expression);
    }
}
