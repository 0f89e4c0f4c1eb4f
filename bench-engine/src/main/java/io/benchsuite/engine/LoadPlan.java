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

    /**
     * The most workers a run may have. Each worker holds a connection (a file descriptor) and, on threads, a
     * thread; beyond this a single generator measures itself rather than the target: split the load over shards.
     */
    public static final int MAX_WORKERS = 100_000;

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

    /**
     * The plan a config describes ({@code min_load}, {@code max_load}, {@code enable_ramping},
     * {@code ramp_duration_seconds}, {@code hold_seconds}, {@code duration_seconds}, {@code total_requests}): the
     * one place their defaults and rules live, for config files and {@code @LoadTest} alike; a mistake is a
     * {@link io.benchsuite.engine.config.ConfigException} naming the setting where it was given.
     *
     * <table>
     *   <caption>Defaults and rules</caption>
     *   <tr><th>key</th><th>default</th><th>rule</th></tr>
     *   <tr><td>{@code min_load}</td><td>1</td><td>&gt;= 1</td></tr>
     *   <tr><td>{@code max_load}</td><td>max(min_load, 10)</td><td>&gt;= min_load, &lt;= {@value #MAX_WORKERS}</td></tr>
     *   <tr><td>{@code enable_ramping}</td><td>true</td><td></td></tr>
     *   <tr><td>{@code ramp_duration_seconds}</td><td>60</td><td>&gt; 0</td></tr>
     *   <tr><td>{@code hold_seconds}</td><td>0</td><td>&gt;= 0</td></tr>
     *   <tr><td>{@code duration_seconds}</td><td>ramp_duration_seconds</td><td>&gt; 0</td></tr>
     *   <tr><td>{@code total_requests}</td><td>none</td><td>&gt;= 1</td></tr>
     * </table>
     * Durations are at most {@value io.benchsuite.engine.config.BenchConfig#MAX_SECONDS} s. A ramp from a level
     * to itself is a constant load.
     */
    public static LoadPlan from(io.benchsuite.engine.config.BenchConfig config) {
        int min = config.optionalInt("min_load").orElse(1);
        if (min < 1) {
            throw config.error("min_load", "(" + min + ") must be >= 1");
        }
        int max = config.optionalInt("max_load").orElse(Math.max(min, 10));
        if (max < min) {
            throw config.error("max_load", "(" + max + ") must be >= " + config.name("min_load") + " (" + min
                    + "); raise " + config.name("max_load") + " or lower " + config.name("min_load"));
        }
        if (max > MAX_WORKERS) {
            throw config.error("max_load", "(" + max + ") must be <= " + MAX_WORKERS + ": one generator cannot "
                    + "measure more workers than that; split the load over several generators");
        }
        boolean ramping = config.optionalBoolean("enable_ramping").orElse(true);
        Duration ramp = config.optionalSeconds("ramp_duration_seconds").orElse(Duration.ofSeconds(60));
        Duration hold = config.optionalSecondsOrZero("hold_seconds").orElse(Duration.ZERO);
        Duration duration = config.optionalSeconds("duration_seconds").orElse(ramp);
        long total = config.optionalLong("total_requests").orElse(0L);
        if (config.has("total_requests") && total < 1) {
            throw config.error("total_requests", "(" + total + ") must be >= 1, or left out for no cap");
        }
        boolean climbs = ramping && max > min;
        Duration length = ramping ? ramp.plus(hold) : duration;
        return new LoadPlan(min, max, climbs, ramp, climbs ? hold : Duration.ZERO, length, total);
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
