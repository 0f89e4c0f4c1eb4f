package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.AbstractHistogram;

/**
 * Summary of a distribution in milliseconds: {@code min, mean, p50, p75, p90, p95, p99, p999, max}.
 * Percentiles come from an HdrHistogram recorded in microseconds with 3 significant digits (see
 * {@code docs/metrics.md}). All zero when nothing was recorded.
 */
public record Distribution(double min, double mean, double p50, double p75, double p90, double p95, double p99,
                           @JsonProperty("p999") double p999, double max) {

    public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Summarises {@code histogram}, whose values are microseconds. */
    public static Distribution ofMicros(AbstractHistogram histogram) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Distribution(
                ms(histogram.getMinValue()), round(histogram.getMean() / 1000.0),
                ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(75)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(95)),
                ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
                ms(histogram.getMaxValue()));
    }

    /** The value of a named statistic ({@code min, mean, p50, p75, p90, p95, p99, p999, max}). */
    public double get(String name) {
        return switch (name) {
            case "min" -> min;
            case "mean" -> mean;
            case "p50" -> p50;
            case "p75" -> p75;
            case "p90" -> p90;
            case "p95" -> p95;
            case "p99" -> p99;
            case "p999", "p99.9" -> p999;
            case "max" -> max;
            default -> throw new IllegalArgumentException("unknown statistic '" + name
                    + "'; use one of min, mean, p50, p75, p90, p95, p99, p999, max");
        };
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    /** Rounds to microsecond precision (3 decimals of a millisecond). */
    static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
