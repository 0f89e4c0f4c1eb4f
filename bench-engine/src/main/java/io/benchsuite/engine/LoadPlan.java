package io.benchsuite.engine;

import java.time.Duration;

/**
 * How many workers run, and for how long.
 *
 * <p>With ramping on, the level at time {@code t} of the ramp is
 * {@code min + floor((max - min + 1) * t / ramp)}, clamped to {@code [min, max]}; then {@code max} holds for
 * {@code hold}. With ramping off, {@code max} workers run for {@code duration}. {@code totalRequests > 0}
 * ends the run early once that many requests have started.
 *
 * @param minWorkers    workers at the start, at least 1
 * @param maxWorkers    workers at the top, at least {@code minWorkers}
 * @param ramping       whether the level climbs from min to max
 * @param rampDuration  time from min to max (ramping on), positive
 * @param holdDuration  time at max after the ramp (ramping on), zero or more
 * @param duration      length of a run without ramping, positive
 * @param totalRequests cap on the number of requests, 0 for none
 */
public record LoadPlan(int minWorkers, int maxWorkers, boolean ramping, Duration rampDuration,
                       Duration holdDuration, Duration duration, long totalRequests) {

    public LoadPlan {
        if (minWorkers < 1) {
            throw new IllegalArgumentException("min workers (" + minWorkers + ") must be >= 1");
        }
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException(
                    "max workers (" + maxWorkers + ") must be >= min workers (" + minWorkers + ")");
        }
        if (rampDuration == null || rampDuration.isNegative() || (ramping && rampDuration.isZero())) {
            throw new IllegalArgumentException("ramp duration (" + rampDuration + ") must be positive");
        }
        if (holdDuration == null || holdDuration.isNegative()) {
            throw new IllegalArgumentException("hold duration (" + holdDuration + ") must be >= 0");
        }
        if (duration == null || duration.isNegative() || (!ramping && duration.isZero())) {
            throw new IllegalArgumentException("duration (" + duration + ") must be positive");
        }
        if (totalRequests < 0) {
            throw new IllegalArgumentException("total requests (" + totalRequests + ") must be >= 0");
        }
    }

    /** A ramp from {@code min} to {@code max} over {@code ramp}, then {@code hold} at max. */
    public static LoadPlan ramp(int min, int max, Duration ramp, Duration hold) {
        return new LoadPlan(min, max, true, ramp, hold, ramp.plus(hold), 0);
    }

    /** {@code workers} for {@code duration}. */
    public static LoadPlan constant(int workers, Duration duration) {
        return new LoadPlan(workers, workers, false, duration, Duration.ZERO, duration, 0);
    }

    /** A copy that ends after {@code totalRequests} requests. */
    public LoadPlan withTotalRequests(long totalRequests) {
        return new LoadPlan(minWorkers, maxWorkers, ramping, rampDuration, holdDuration, duration, totalRequests);
    }

    /** The planned length of the run (it may end earlier when {@link #totalRequests()} is set). */
    public Duration totalDuration() {
        return ramping ? rampDuration.plus(holdDuration) : duration;
    }

    /** The number of distinct worker levels the run passes through. */
    public int levels() {
        return ramping ? maxWorkers - minWorkers + 1 : 1;
    }

    /** The lowest level of the run: {@code minWorkers} with ramping, {@code maxWorkers} without. */
    public int firstLevel() {
        return ramping ? minWorkers : maxWorkers;
    }
}
