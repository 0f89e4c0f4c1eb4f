package io.benchsuite.engine.ramp;

import io.benchsuite.engine.LoadPlan;

/**
 * The worker level over time for a {@link LoadPlan}: pure arithmetic on nanoseconds since the run started,
 * so it is tested without a clock.
 *
 * <p>Level at ramp time {@code t}: {@code min + floor((max - min + 1) * t / ramp)}, clamped to {@code [min, max]}.
 * Each level therefore holds for {@code ramp / (max - min + 1)}, and the last one for that plus the hold.
 */
public final class RampSchedule {

    private final LoadPlan plan;
    private final long rampNanos;
    private final long totalNanos;
    private final int steps;

    public RampSchedule(LoadPlan plan) {
        this.plan = plan;
        this.rampNanos = plan.rampDuration().toNanos();
        this.totalNanos = plan.totalDuration().toNanos();
        this.steps = plan.maxWorkers() - plan.minWorkers() + 1;
    }

    public LoadPlan plan() {
        return plan;
    }

    /** Planned end of the run, in nanoseconds after its start. */
    public long totalNanos() {
        return totalNanos;
    }

    /** The worker level at {@code elapsedNanos} after the start (the last level after the end). */
    public int levelAt(long elapsedNanos) {
        if (!plan.ramping()) {
            return plan.maxWorkers();
        }
        if (elapsedNanos <= 0) {
            return plan.minWorkers();
        }
        if (elapsedNanos >= rampNanos) {
            return plan.maxWorkers();
        }
        long step = multiplyDivide(steps, elapsedNanos, rampNanos);
        return (int) Math.min(plan.maxWorkers(), plan.minWorkers() + step);
    }

    /** When {@code level} starts, in nanoseconds after the run's start. */
    public long levelStartNanos(int level) {
        checkLevel(level);
        if (!plan.ramping() || level == plan.minWorkers()) {
            return 0;
        }
        // smallest t with floor(steps * t / ramp) >= level - min  <=>  t >= ceil((level - min) * ramp / steps)
        long k = level - plan.minWorkers();
        return ceilMultiplyDivide(k, rampNanos, steps);
    }

    /** When {@code level} ends (the next level starts, or the run ends), in nanoseconds after the start. */
    public long levelEndNanos(int level) {
        checkLevel(level);
        if (!plan.ramping() || level == plan.maxWorkers()) {
            return totalNanos;
        }
        return levelStartNanos(level + 1);
    }

    private void checkLevel(int level) {
        int lowest = plan.firstLevel();
        if (level < lowest || level > plan.maxWorkers()) {
            throw new IllegalArgumentException(
                    "level " + level + " is outside [" + lowest + ", " + plan.maxWorkers() + "]");
        }
    }

    private static long multiplyDivide(long a, long b, long c) {
        return Math.multiplyHigh(a, b) == 0 && a * b >= 0
                ? (a * b) / c
                : java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                        .divide(java.math.BigInteger.valueOf(c)).longValueExact();
    }

    private static long ceilMultiplyDivide(long a, long b, long c) {
        java.math.BigInteger[] qr = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .divideAndRemainder(java.math.BigInteger.valueOf(c));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }
}
