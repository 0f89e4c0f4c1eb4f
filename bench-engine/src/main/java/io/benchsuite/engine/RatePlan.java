package io.benchsuite.engine;

import io.benchsuite.engine.config.BenchConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * The open model ({@code load_model: open}): requests arrive at a target rate whether or not earlier ones have
 * answered, as production traffic does, rather than {@link LoadPlan}'s workers each waiting for its answer. The rate
 * rises from {@code minRate} to {@code maxRate} in {@code levels} equal steps over the ramp (level {@code i} of
 * {@code n}, from 1, at {@code minRate + (maxRate - minRate) * (i - 1) / (n - 1)}), then holds {@code maxRate};
 * without ramping, {@code maxRate} holds for {@code duration}. Every request gets an intended start time from the
 * schedule ({@link Arrival}); at most {@code maxInFlight} are in flight, and a request due while that many are in
 * flight waits for the next free slot, its wait counted in its latency.
 *
 * @param minRate       requests per second at the first level, > 0
 * @param maxRate       requests per second at the top, >= minRate
 * @param ramping       whether the rate climbs
 * @param rampDuration  time from the first to the top level (ramping), positive
 * @param holdDuration  time at the top after the ramp, >= 0
 * @param duration      length of a run without ramping, positive
 * @param levels        rate levels of the ramp (1 without ramping)
 * @param arrival       how arrivals are spaced
 * @param burstiness    the gamma distribution's shape for {@link Arrival#GAMMA} (1 is Poisson; below 1 burstier)
 * @param maxInFlight   requests in flight at most
 * @param seed          the random schedule's seed (a repeatable schedule)
 * @param totalRequests cap on the number of arrivals, 0 for none
 */
public record RatePlan(double minRate, double maxRate, boolean ramping, Duration rampDuration, Duration holdDuration,
                       Duration duration, int levels, Arrival arrival, double burstiness, int maxInFlight, long seed,
                       long totalRequests) {

    /** The most rate levels a ramp may have. */
    public static final int MAX_LEVELS = 1000;
    /** The highest rate one generator is asked for (requests per second). */
    public static final double MAX_RATE = 1_000_000;
    /** The default cap on requests in flight, when the rate times the timeout is not smaller. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

    /** How arrivals are spaced. */
    public enum Arrival {
        /** Exactly {@code 1 / rate} apart. */
        CONSTANT,
        /** A Poisson process: exponential gaps of mean {@code 1 / rate} (coefficient of variation 1). */
        POISSON,
        /**
         * Gamma-distributed gaps of mean {@code 1 / rate} and shape {@code burstiness} (coefficient of variation
         * {@code 1 / sqrt(burstiness)}), as vLLM's {@code --burstiness}.
         */
        GAMMA;

        /** The config spelling. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RatePlan {
        if (!(minRate > 0) || !(maxRate >= minRate) || maxRate > MAX_RATE) {
            throw new IllegalArgumentException("rates (" + minRate + ", " + maxRate + ") must be 0 < min <= max <= "
                    + MAX_RATE);
        }
        if (rampDuration == null || holdDuration == null || duration == null || (ramping && !positive(rampDuration))
                || (!ramping && !positive(duration)) || holdDuration.isNegative()) {
            throw new IllegalArgumentException("durations must be positive (hold >= 0)");
        }
        if (levels < 1 || levels > MAX_LEVELS || (!ramping && levels != 1)) {
            throw new IllegalArgumentException("levels (" + levels + ") must be 1.." + MAX_LEVELS);
        }
        if (arrival == null || !(burstiness > 0) || maxInFlight < 1 || totalRequests < 0) {
            throw new IllegalArgumentException("arrival, burstiness > 0, maxInFlight >= 1, totalRequests >= 0");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /**
     * The plan a config describes ({@code min_rate}, {@code max_rate}, {@code rate_levels}, {@code arrival},
     * {@code burstiness}, {@code max_in_flight}, {@code seed}, and the common {@code enable_ramping},
     * {@code ramp_duration_seconds}, {@code hold_seconds}, {@code duration_seconds}, {@code total_requests}): the one
     * place their defaults and rules live. {@code timeout} sizes the default {@code max_in_flight}.
     *
     * <table>
     *   <caption>Defaults and rules</caption>
     *   <tr><th>key</th><th>default</th><th>rule</th></tr>
     *   <tr><td>{@code max_rate}</td><td>required</td><td>&gt; 0, at most {@value #MAX_RATE}</td></tr>
     *   <tr><td>{@code min_rate}</td><td>{@code max_rate} / {@code rate_levels}</td><td>&gt; 0, &lt;= max_rate</td></tr>
     *   <tr><td>{@code rate_levels}</td><td>10 (1 without ramping)</td><td>1 to {@value #MAX_LEVELS}</td></tr>
     *   <tr><td>{@code arrival}</td><td>{@code poisson}</td><td>{@code constant}, {@code poisson}, {@code gamma}</td></tr>
     *   <tr><td>{@code burstiness}</td><td>1</td><td>&gt; 0; only with {@code gamma}</td></tr>
     *   <tr><td>{@code max_in_flight}</td><td>min(1000, ceil(max_rate x timeout))</td><td>1 to 100,000</td></tr>
     *   <tr><td>{@code seed}</td><td>random (recorded)</td><td>a whole number</td></tr>
     * </table>
     */
    public static RatePlan from(BenchConfig config, Duration timeout) {
        double maxRate = config.optionalDouble("max_rate").orElseThrow(() -> config.error("max_rate",
                "is required with \"load_model\": \"open\": the requests per second at the top, e.g. 200"));
        if (!(maxRate > 0) || maxRate > MAX_RATE || Double.isNaN(maxRate)) {
            throw config.error("max_rate", "(" + BenchConfig.formatNumber(maxRate) + ") must be > 0 and at most "
                    + BenchConfig.formatNumber(MAX_RATE) + " requests per second");
        }
        boolean ramping = config.optionalBoolean("enable_ramping").orElse(true);
        int levels = ramping ? config.optionalInt("rate_levels").orElse(10) : 1;
        if (levels < 1 || levels > MAX_LEVELS) {
            throw config.error("rate_levels", "(" + levels + ") must be between 1 and " + MAX_LEVELS);
        }
        double minRate = config.optionalDouble("min_rate").orElse(maxRate / levels);
        if (!(minRate > 0) || minRate > maxRate) {
            throw config.error("min_rate", "(" + BenchConfig.formatNumber(minRate) + ") must be > 0 and <= "
                    + config.name("max_rate") + " (" + BenchConfig.formatNumber(maxRate) + ")");
        }
        Duration ramp = config.optionalSeconds("ramp_duration_seconds").orElse(Duration.ofSeconds(60));
        Duration hold = config.optionalSecondsOrZero("hold_seconds").orElse(Duration.ZERO);
        Duration duration = config.optionalSeconds("duration_seconds").orElse(ramp);
        Arrival arrival = config.optionalString("arrival").map(a -> {
            for (Arrival x : Arrival.values()) {
                if (x.configName().equalsIgnoreCase(a.strip())) {
                    return x;
                }
            }
            throw config.error("arrival", "must be \"constant\", \"poisson\" or \"gamma\", got \"" + a + "\"");
        }).orElse(Arrival.POISSON);
        double burstiness = config.optionalDouble("burstiness").orElse(1.0);
        if (!(burstiness > 0) || burstiness > 1000) {
            throw config.error("burstiness", "(" + BenchConfig.formatNumber(burstiness) + ") must be > 0 and at most "
                    + "1000 (1 is Poisson, below 1 burstier, above 1 more regular)");
        }
        if (config.has("burstiness") && arrival != Arrival.GAMMA) {
            throw config.error("burstiness", "only applies to \"arrival\": \"gamma\" (it is the gamma distribution's "
                    + "shape); add \"arrival\": \"gamma\" or remove it");
        }
        int byTimeout = (int) Math.min(DEFAULT_MAX_IN_FLIGHT, Math.ceil(maxRate * timeout.toNanos() / 1e9));
        int maxInFlight = config.optionalInt("max_in_flight").orElse(Math.max(1, byTimeout));
        if (maxInFlight < 1 || maxInFlight > LoadPlan.MAX_WORKERS) {
            throw config.error("max_in_flight", "(" + maxInFlight + ") must be between 1 and " + LoadPlan.MAX_WORKERS);
        }
        long seed = config.optionalLong("seed").orElseGet(() -> new java.util.SplittableRandom().nextLong());
        long total = config.optionalLong("total_requests").orElse(0L);
        if (config.has("total_requests") && total < 1) {
            throw config.error("total_requests", "(" + total + ") must be >= 1, or left out for no cap");
        }
        boolean climbs = ramping && levels > 1 && maxRate > minRate;
        return new RatePlan(climbs ? minRate : maxRate, maxRate, climbs, ramp, climbs ? hold : Duration.ZERO,
                ramping ? ramp.plus(hold) : duration, climbs ? levels : 1, arrival, burstiness, maxInFlight, seed,
                total);
    }

    /** A constant {@code rate} for {@code duration}, Poisson arrivals. */
    public static RatePlan constant(double rate, Duration duration, int maxInFlight, long seed) {
        return new RatePlan(rate, rate, false, duration, Duration.ZERO, duration, 1, Arrival.POISSON, 1, maxInFlight,
                seed, 0);
    }

    /** A copy with another arrival process (and burstiness, for gamma). */
    public RatePlan withArrival(Arrival arrival, double burstiness) {
        return new RatePlan(minRate, maxRate, ramping, rampDuration, holdDuration, duration, levels, arrival,
                burstiness, maxInFlight, seed, totalRequests);
    }

    /**
     * This plan's part for {@code shard} of a distributed run: every rate divided by the shard count (the shards'
     * arrivals add up to the plan's), its share of {@code max_in_flight} (at least 1) and of {@code total_requests},
     * and a seed of its own, so the shards' random arrivals are independent. The levels keep their instants, so
     * the shards' buckets merge level by level. The whole run is this plan.
     */
    public RatePlan forShard(Shard shard) {
        if (shard.whole()) {
            return this;
        }
        return new RatePlan(shard.rate(minRate), shard.rate(maxRate), ramping, rampDuration, holdDuration, duration,
                levels, arrival, burstiness, (int) Math.max(1, shard.share(maxInFlight)), shard.seed(seed),
                shard.share(totalRequests));
    }

    /** The planned length of the load. */
    public Duration totalDuration() {
        return ramping ? rampDuration.plus(holdDuration) : duration;
    }

    /** The target rate of level {@code level} (1 to {@link #levels()}). */
    public double rate(int level) {
        if (level < 1 || level > levels) {
            throw new IllegalArgumentException("level " + level + " is outside 1.." + levels);
        }
        return levels == 1 ? maxRate : minRate + (maxRate - minRate) * (level - 1) / (levels - 1);
    }

    /** When level {@code level} starts, in nanoseconds after the start of the load. */
    public long levelStartNanos(int level) {
        if (level <= 1) {
            return 0;
        }
        return (long) ((double) rampDuration.toNanos() * (level - 1) / levels);
    }
}
