package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * Statistics of one bucket (requests that started at one worker level) or of the whole run.
 *
 * <p>For buckets {@code workers}, {@code windowSeconds} and {@code latencyHistogramUs} are set; for the
 * overall statistics they are null. The LLM fields are null for runs that streamed no tokens. Every field is
 * defined in {@code docs/metrics.md}.
 *
 * @param workers              the worker level (bucket key)
 * @param windowSeconds        {@code [start, end]} of the level, seconds after the run started
 * @param requests             requests started (= successes + failures)
 * @param successRate          successes / requests * 100 (percent), 0 when there were no requests
 * @param throughputRps        requests / window length (overall: requests / run length)
 * @param latencyMs            end-to-end latency
 * @param errors               failures by error class
 * @param latencyHistogramUs   the latency HdrHistogram, compressed and base64 encoded, values in microseconds
 * @param ttftHistogramUs      buckets of LLM runs: the TTFT histogram, encoded as {@code latencyHistogramUs}, so that
 *                             shards merge exactly (null in results written before it was stored)
 * @param tpotHistogramUs      the same for TPOT
 * @param itlHistogramUs       the same for the inter-token gaps
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"workers", "window_seconds", "requests", "successes", "failures", "success_rate",
        "throughput_rps", "latency_ms", "errors"})
public record Stats(Integer workers, List<Double> windowSeconds, long requests, long successes, long failures,
                    double successRate, double throughputRps, Distribution latencyMs, Map<String, Long> errors,
                    Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Long outputTokens,
                    Long inputTokens, Double outputTokensPerSecond, String latencyHistogramUs,
                    String ttftHistogramUs, String tpotHistogramUs, String itlHistogramUs) {

    public Stats {
        errors = errors == null ? Map.of() : Map.copyOf(errors);
        latencyMs = latencyMs == null ? Distribution.EMPTY : latencyMs;
        if (windowSeconds != null) {
            windowSeconds = List.copyOf(windowSeconds);
        }
    }

    /** Statistics without the token histograms (every run that is not a bucket of an LLM run). */
    public Stats(Integer workers, List<Double> windowSeconds, long requests, long successes, long failures,
                 double successRate, double throughputRps, Distribution latencyMs, Map<String, Long> errors,
                 Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Long outputTokens,
                 Long inputTokens, Double outputTokensPerSecond, String latencyHistogramUs) {
        this(workers, windowSeconds, requests, successes, failures, successRate, throughputRps, latencyMs, errors,
                ttftMs, tpotMs, itlMs, outputTokens, inputTokens, outputTokensPerSecond, latencyHistogramUs, null,
                null, null);
    }

    /** True when this run streamed tokens (LLM). */
    public boolean hasTokenMetrics() {
        return ttftMs != null;
    }
}
