package io.benchsuite.result;

/**
 * One evaluated threshold.
 *
 * @param expression the expression as written, e.g. {@code p99 < 250ms}
 * @param scope      {@code overall} or {@code workers=N}
 * @param actual     measured value, in the unit of {@code limit}
 * @param limit      the limit
 * @param unit       {@code ms}, {@code %}, {@code req/s}, {@code tokens/s} or empty
 * @param passed     whether the measured value satisfied the expression
 */
public record ThresholdResult(String expression, String scope, double actual, double limit, String unit,
                              boolean passed) {
}
