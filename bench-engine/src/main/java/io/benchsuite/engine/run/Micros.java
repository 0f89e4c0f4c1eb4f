package io.benchsuite.engine.run;

/**
 * The one rule for turning a measured duration in nanoseconds into the microseconds every number is kept in
 * (the HdrHistograms, and the milliseconds with three decimals of {@code requests.jsonl.gz}): rounded half up, so
 * a request log line and the histogram it went into agree to the microsecond (0.1245 ms is 0.125 ms in both).
 */
final class Micros {

    private Micros() {
    }

    /** {@code nanos} in microseconds, rounded half up (as {@code Math.round(nanos / 1000.0)}, without a double). */
    static long of(long nanos) {
        return Math.floorDiv(nanos + 500, 1000);
    }
}
