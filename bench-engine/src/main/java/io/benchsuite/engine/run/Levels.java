package io.benchsuite.engine.run;

import java.util.Arrays;

/**
 * The levels of a run, each with its {@link Bucket}: which level is current, and when each was raised.
 *
 * <p>Implementation notes: a worker reads {@link #current()} (one volatile read) and {@link #bucket(int)} (an
 * array element) for every request it starts. The controller creates a level's bucket and stamps it before it
 * publishes the level, so whoever sees the level finds its bucket. Levels only rise.
 */
final class Levels {

    private final int first;
    private final Bucket[] buckets;
    /** When each level was raised, nanoseconds after the start by the run's {@link Clock}; -1 while it was not. */
    private final long[] raisedAtNanos;
    private final boolean streaming;
    /** The open model's rates, null in the closed model. */
    private final io.benchsuite.engine.RatePlan rates;
    /** 0 until the first level is raised. */
    private volatile int current;

    /** The per-request SLO the buckets count good requests against (goodput), or null. */
    private final io.benchsuite.engine.Slo slo;

    /** Worker levels {@code first} to {@code last} (the closed model). */
    Levels(int first, int last, boolean streaming) {
        this(first, last, streaming, null, null);
    }

    /** Worker levels {@code first} to {@code last} (the closed model), counting requests that met {@code slo}. */
    Levels(int first, int last, boolean streaming, io.benchsuite.engine.Slo slo) {
        this(first, last, streaming, null, slo);
    }

    /** The rate levels 1 to {@code rates.levels()} (the open model). */
    Levels(io.benchsuite.engine.RatePlan rates, boolean streaming, io.benchsuite.engine.Slo slo) {
        this(1, rates.levels(), streaming, rates, slo);
    }

    private Levels(int first, int last, boolean streaming, io.benchsuite.engine.RatePlan rates,
                   io.benchsuite.engine.Slo slo) {
        this.slo = slo;
        this.first = first;
        this.buckets = new Bucket[last - first + 1];
        this.raisedAtNanos = new long[buckets.length];
        Arrays.fill(raisedAtNanos, -1);
        this.streaming = streaming;
        this.rates = rates;
    }

    /** The level requests start at now; 0 before the first was raised. */
    int current() {
        return current;
    }

    /** The lowest level. */
    int first() {
        return first;
    }

    /** Worker: the bucket of {@code level}, which must have been raised. */
    Bucket bucket(int level) {
        return buckets[level - first];
    }

    /** Controller: creates the buckets up to {@code level}, stamps them with {@code elapsedNanos}, publishes it. */
    void raiseTo(int level, long elapsedNanos) {
        for (int l = Math.max(current + 1, first); l <= level; l++) {
            buckets[l - first] = new Bucket(l, rates == null ? null : rates.rate(l), streaming, slo);
            raisedAtNanos[l - first] = elapsedNanos;
        }
        current = level;
    }

    /** The number of levels, raised or not; {@link #byIndex} and {@link #raisedAtNanos} take 0 to this - 1. */
    int count() {
        return buckets.length;
    }

    /** The bucket of the {@code index}-th level, null when it was never raised. */
    Bucket byIndex(int index) {
        return buckets[index];
    }

    /** When the {@code index}-th level was raised, nanoseconds after the start; -1 when it never was. */
    long raisedAtNanos(int index) {
        return raisedAtNanos[index];
    }
}
