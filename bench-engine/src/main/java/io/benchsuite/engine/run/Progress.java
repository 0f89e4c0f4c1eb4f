package io.benchsuite.engine.run;

/**
 * A snapshot of a running load, published about once a second.
 *
 * @param elapsedSeconds  seconds since the start
 * @param plannedSeconds  planned length of the run
 * @param workers         current worker level
 * @param inFlight        requests started and not yet finished
 * @param requests        requests started so far
 * @param failures        failed requests so far
 * @param recentRps       requests completed per second over the last interval
 * @param recentP50Ms     median latency of the last interval
 * @param recentP99Ms     p99 latency of the last interval
 * @param rate            the open model's current target rate (requests per second; {@code workers} is then the rate
 *                        level's number, and {@code inFlight} counts requests waiting for a slot too); null in the
 *                        closed model
 */
public record Progress(double elapsedSeconds, double plannedSeconds, int workers, long inFlight, long requests,
                       long failures, double recentRps, double recentP50Ms, double recentP99Ms, Double rate) {

    /** A closed-model snapshot. */
    public Progress(double elapsedSeconds, double plannedSeconds, int workers, long inFlight, long requests,
                    long failures, double recentRps, double recentP50Ms, double recentP99Ms) {
        this(elapsedSeconds, plannedSeconds, workers, inFlight, requests, failures, recentRps, recentP50Ms,
                recentP99Ms, null);
    }

    /** {@code workers 4} or {@code rate 40 req/s}. */
    public String levelText() {
        if (rate == null) {
            return "workers " + workers;
        }
        return "rate " + (rate == Math.rint(rate) ? Long.toString(rate.longValue())
                : String.format(java.util.Locale.ROOT, "%.1f", rate)) + " req/s";
    }
}
