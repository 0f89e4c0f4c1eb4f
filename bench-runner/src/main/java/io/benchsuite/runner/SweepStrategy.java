package io.benchsuite.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Where {@code bench sweep} probes next: pure arithmetic on the verdicts so far, so the search is tested on a
 * simulated server without running a load (docs/sweep.md).
 *
 * <ol>
 *   <li>The lowest load of the range. If it fails the SLO, there is no capacity in the range: stop.</li>
 *   <li>The highest load. If it meets the SLO, the capacity is at least the top of the range: stop.</li>
 *   <li>Open model: the throughput the top probe completed is what the target can serve; the next probe is just
 *       below it ({@value #BELOW_THROUGHPUT} x), where the boundary usually is.</li>
 *   <li>Then bisection between the highest load that met the SLO ({@code lower}) and the lowest that failed it
 *       ({@code upper}), until {@code (upper - lower) / lower <= resolution} (closed model: or the two are one
 *       worker apart).</li>
 * </ol>
 * A verdict within the noise (a measured value within {@link #NOISE} of its limit) is not trusted at once: that load
 * is probed again, and it meets the SLO only if both probes did. A load is never probed a third time.
 *
 * <p>Not thread-safe: one search, driven by one thread.
 */
final class SweepStrategy {

    /** The relative distance from a limit within which a verdict is repeated. */
    static final double NOISE = 0.05;
    /** The first bisection probe of the open model, relative to the throughput the top probe completed. */
    static final double BELOW_THROUGHPUT = 0.95;

    /** Why the search stopped. */
    enum Stop {
        RESOLUTION, RANGE_TOP, LOWEST_FAILED;

        String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A probe's outcome.
     *
     * @param passed     it met every SLO threshold
     * @param marginal   some SLO value was within {@link #NOISE} of its limit
     * @param throughput the requests it completed per second (a hint for the open model), or NaN
     * @param failed     the thresholds it failed
     */
    record Outcome(boolean passed, boolean marginal, double throughput, List<String> failed) {
        Outcome {
            failed = List.copyOf(failed);
        }
    }

    private final double lo;
    private final double hi;
    private final boolean workers;
    private final double resolution;
    private double lower = Double.NaN;
    private double upper = Double.NaN;
    private List<String> limitedBy = List.of();
    private Stop stop;
    /** The load of the next probe; NaN once stopped. */
    private double next;
    /** A marginal first probe of {@code next}, waiting for its repeat; null when none. */
    private Outcome first;
    private boolean usedThroughputHint;
    private final List<Double> probed = new ArrayList<>();

    /**
     * @param lo         the lowest load of the range ({@code min_rate} or {@code min_load})
     * @param hi         the highest ({@code max_rate} or {@code max_load})
     * @param workers    loads are whole workers (the closed model)
     * @param resolution the relative width to stop at, e.g. 0.05
     */
    SweepStrategy(double lo, double hi, boolean workers, double resolution) {
        if (!(lo > 0) || !(hi >= lo) || !(resolution > 0 && resolution < 1)) {
            throw new IllegalArgumentException("0 < lo <= hi and 0 < resolution < 1");
        }
        this.lo = lo;
        this.hi = hi;
        this.workers = workers;
        this.resolution = resolution;
        this.next = lo;
    }

    /** The load to probe next; empty when the search is over. */
    OptionalDouble next() {
        return stop != null ? OptionalDouble.empty() : OptionalDouble.of(next);
    }

    /** Records the outcome of the probe at {@link #next()}. */
    void record(Outcome outcome) {
        if (stop != null) {
            throw new IllegalStateException("the search is over");
        }
        double load = next;
        probed.add(load);
        Outcome verdict = outcome;
        if (first == null && outcome.marginal() && probedBefore(load) == 1) {
            first = outcome;
            return; // the same load again
        }
        if (first != null) {
            boolean both = first.passed() && outcome.passed();
            List<String> failed = !first.passed() ? first.failed() : outcome.failed();
            verdict = new Outcome(both, false, outcome.throughput(), both ? List.of() : failed);
            first = null;
        }
        if (verdict.passed()) {
            lower = load;
        } else {
            upper = load;
            limitedBy = verdict.failed();
        }
        if (load == lo && !verdict.passed()) {
            stop = Stop.LOWEST_FAILED;
            return;
        }
        if (load == hi && verdict.passed()) {
            stop = Stop.RANGE_TOP;
            return;
        }
        if (Double.isNaN(upper)) {
            next = hi; // lo passed: the top next
            return;
        }
        if (narrowEnough()) {
            stop = Stop.RESOLUTION;
            return;
        }
        next = bisect(verdict.throughput());
        if (next <= lower || next >= upper) {
            stop = Stop.RESOLUTION; // nothing left between them
        }
    }

    private int probedBefore(double load) {
        int n = 0;
        for (double p : probed) {
            n += p == load ? 1 : 0;
        }
        return n;
    }

    private boolean narrowEnough() {
        return (upper - lower) / lower <= resolution || (workers && upper - lower <= 1);
    }

    private double bisect(double throughput) {
        if (!workers && !usedThroughputHint && upper == hi && throughput > 0 && !Double.isNaN(throughput)) {
            usedThroughputHint = true;
            double hint = throughput * BELOW_THROUGHPUT;
            if (hint > lower && hint < upper) {
                return round(hint);
            }
        }
        return workers ? Math.floor((lower + upper) / 2) : round((lower + upper) / 2);
    }

    /**
     * Rates to three significant digits (377.5 is 378, 17.26 is 17.3): finer than any resolution the search stops
     * at, and loads a person can read.
     */
    static double round(double rate) {
        if (!(rate > 0)) {
            return rate;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(rate)));
        return Math.round(rate * scale) / scale;
    }

    /** The highest load that met the SLO, or NaN. */
    double lower() {
        return lower;
    }

    /** The lowest load that failed it, or NaN. */
    double upper() {
        return upper;
    }

    /** The thresholds that failed at {@link #upper()}. */
    List<String> limitedBy() {
        return limitedBy;
    }

    /** Why the search stopped; null while it runs. */
    Stop stop() {
        return stop;
    }

    /** The probes so far, repeats included. */
    int probes() {
        return probed.size();
    }
}
