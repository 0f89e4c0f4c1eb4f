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
 */
public record Progress(double elapsedSeconds, double plannedSeconds, int workers, long inFlight, long requests,
                       long failures, double recentRps, double recentP50Ms, double recentP99Ms) {
}
