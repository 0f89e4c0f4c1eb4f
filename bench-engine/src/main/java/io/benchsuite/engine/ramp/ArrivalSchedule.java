package io.benchsuite.engine.ramp;

import io.benchsuite.engine.RatePlan;
import java.util.SplittableRandom;

/**
 * The intended start times of an open-model run ({@link RatePlan}): pure arithmetic on nanoseconds since the load
 * started and a seeded random generator, so the same plan and seed give the same schedule, and it is tested without
 * a clock.
 *
 * <p>Each rate level is a renewal process of its own, started at the level's first instant: {@code constant}
 * arrivals at the level's start and every {@code 1 / rate} after it; {@code poisson} and {@code gamma} arrivals one
 * random gap after the level's start, then one random gap apart (gaps of mean {@code 1 / rate}: exponential, or
 * gamma-distributed with shape {@code burstiness}). A gap that would cross into the next level ends the level
 * instead: the next level starts its own process at its first instant (for Poisson arrivals that is exact, the
 * process being memoryless).
 *
 * <p>Not thread-safe: one schedule per run, read by the run's controller.
 */
public final class ArrivalSchedule {

    private final RatePlan plan;
    private final SplittableRandom random;
    private final long endNanos;
    private int level = 1;
    /** The current level's start and rate. */
    private double levelStart;
    private double rate;
    /** The last arrival, nanoseconds after the start (as a double, so gaps do not accumulate rounding). */
    private double last = Double.NaN;
    /** Arrivals of the current level so far (constant arrivals are placed by index, so no rounding adds up). */
    private long inLevel;
    private long issued;

    /**
     * @param plan the rates
     * @param seed the random generator's seed (a shard of a run uses its own stream, derived from the run's seed)
     */
    public ArrivalSchedule(RatePlan plan, long seed) {
        this.plan = plan;
        this.random = new SplittableRandom(seed);
        this.endNanos = plan.totalDuration().toNanos();
        this.rate = plan.rate(1);
    }

    /** The plan's schedule with the plan's seed. */
    public ArrivalSchedule(RatePlan plan) {
        this(plan, plan.seed());
    }

    /** The planned end of the load, in nanoseconds after its start. */
    public long totalNanos() {
        return endNanos;
    }

    /**
     * The intended start of the next request, in nanoseconds after the start of the load; {@link Long#MAX_VALUE}
     * when there is none (the plan's end, or {@code total_requests}, was reached). {@link #level()} is then the
     * level it belongs to.
     */
    public long next() {
        if (plan.totalRequests() > 0 && issued >= plan.totalRequests()) {
            return Long.MAX_VALUE;
        }
        while (true) {
            double candidate = plan.arrival() == RatePlan.Arrival.CONSTANT ? levelStart + inLevel * 1e9 / rate
                    : Double.isNaN(last) ? levelStart + gap() : last + gap();
            double nextLevelStart = level < plan.levels() ? plan.levelStartNanos(level + 1) : Double.MAX_VALUE;
            if (candidate >= nextLevelStart) {
                level++;
                levelStart = nextLevelStart;
                rate = plan.rate(level);
                last = Double.NaN;
                inLevel = 0;
                continue;
            }
            if (candidate >= endNanos) {
                issued = Long.MAX_VALUE;
                return Long.MAX_VALUE;
            }
            last = candidate;
            inLevel++;
            issued++;
            return (long) candidate;
        }
    }

    /** The level (1 to {@code plan.levels()}) of the arrival {@link #next()} returned last. */
    public int level() {
        return level;
    }

    /** A gap of mean {@code 1 / rate}, in nanoseconds. */
    private double gap() {
        double mean = 1e9 / rate;
        return switch (plan.arrival()) {
            case CONSTANT -> mean; // not used: constant arrivals are placed by index
            case POISSON -> mean * random.nextExponential();
            case GAMMA -> mean * gamma(plan.burstiness()) / plan.burstiness();
        };
    }

    /** A gamma-distributed value of shape {@code k} and scale 1 (Marsaglia and Tsang; boosted below shape 1). */
    private double gamma(double k) {
        if (k < 1) {
            double u = random.nextDouble();
            return gamma(k + 1) * Math.pow(u, 1 / k);
        }
        double d = k - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
