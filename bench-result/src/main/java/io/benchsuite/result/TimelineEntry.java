package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One second of the run.
 *
 * @param second       seconds since the start (this entry covers {@code [second, second + 1)})
 * @param workers      worker level at the end of that second (open model: the rate level's number, from 1)
 * @param started      requests started in that second
 * @param completed    requests completed in that second
 * @param failures     requests completed as failures in that second
 * @param p50Ms        median latency of the requests completed in that second (0 when none)
 * @param p99Ms        99th percentile latency of the requests completed in that second (0 when none)
 * @param outputTokens output tokens of the requests completed in that second (LLM runs only)
 * @param rate         open model: the target rate (requests per second) at the end of that second; null in the
 *                     closed model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                            double p99Ms, Long outputTokens, Double rate) {

    /** A closed-model second. */
    public TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                         double p99Ms, Long outputTokens) {
        this(second, workers, started, completed, failures, p50Ms, p99Ms, outputTokens, null);
    }
}
