package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One second of the run.
 *
 * @param second       seconds since the start (this entry covers {@code [second, second + 1)})
 * @param workers      worker level at the end of that second
 * @param started      requests started in that second
 * @param completed    requests completed in that second
 * @param failures     requests completed as failures in that second
 * @param p50Ms        median latency of the requests completed in that second (0 when none)
 * @param p99Ms        99th percentile latency of the requests completed in that second (0 when none)
 * @param outputTokens output tokens of the requests completed in that second (LLM runs only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                            double p99Ms, Long outputTokens) {
}
