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
 * @param latencyMs            end-to-end latency (open model: from each request's intended start)
 * @param errors               failures by error class
 * @param latencyHistogramUs   the latency HdrHistogram, compressed and base64 encoded, values in microseconds
 * @param rate                 the open model's target rate of the bucket's level (requests per second), its key;
 *                             null in the closed model, whose buckets are keyed by {@code workers}
 * @param serviceTimeMs        the open model's service time, from each request's actual send; null in the closed
 *                             model, where it is the latency
 * @param ttftHistogramUs      buckets of LLM runs: the TTFT histogram, encoded as {@code latencyHistogramUs}, so that
 *                             shards merge exactly (null in results written before it was stored)
 * @param tpotHistogramUs      the same for TPOT
 * @param itlHistogramUs       the same for the inter-token gaps
 * @param goodRequests         requests that succeeded within the per-request SLO the run's time thresholds make
 *                             (docs/metrics.md, "Goodput"); null without such thresholds
 * @param goodputRps           {@code goodRequests} / window length (overall: / load duration); null without them
 * @param serviceTimeHistogramUs open-model buckets: the service-time histogram, encoded as {@code latencyHistogramUs}
 * @param ttfoMs               LLM runs: time to first output, the first answer token (not reasoning) of each
 *                             successful stream that had one; equals TTFT for models that do not reason
 * @param ttfoHistogramUs      buckets of LLM runs: the TTFO histogram, encoded as {@code latencyHistogramUs}
 * @param reasoningTokens      LLM runs: reasoning tokens of the successful streams (the server's count, else the
 *                             reasoning chunks); included in {@code outputTokens}
 * @param cachedTokens         LLM runs: prompt tokens the server read from its prompt cache, when it said so
 *                             (included in {@code inputTokens}); null when no response reported them
 * @param tokenSource          LLM runs: where {@code outputTokens} came from: {@code usage} (the server's usage of
 *                             every successful stream), {@code chunks} (counted from chunks) or {@code mixed}
 * @param costUsd              the cost of the bucket's (or run's) tokens at the config's {@code pricing}, in US dollars;
 *                             null without prices
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"workers", "rate", "window_seconds", "requests", "successes", "failures", "success_rate",
        "throughput_rps", "good_requests", "goodput_rps", "latency_ms", "service_time_ms", "errors", "ttft_ms",
        "ttfo_ms", "tpot_ms", "itl_ms", "output_tokens", "reasoning_tokens", "input_tokens", "cached_tokens",
        "token_source", "output_tokens_per_second", "cost_usd"})
public record Stats(Integer workers, List<Double> windowSeconds, long requests, long successes, long failures,
                    double successRate, double throughputRps, Distribution latencyMs, Map<String, Long> errors,
                    Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Long outputTokens,
                    Long inputTokens, Double outputTokensPerSecond, String latencyHistogramUs, Double rate,
                    Distribution serviceTimeMs, String ttftHistogramUs, String tpotHistogramUs, String itlHistogramUs,
                    String serviceTimeHistogramUs, Long goodRequests, Double goodputRps, Distribution ttfoMs,
                    String ttfoHistogramUs, Long reasoningTokens, Long cachedTokens, String tokenSource,
                    Double costUsd) {

    /** Statistics without goodput, reasoning, cache, token-source and cost fields (as written before they existed). */
    public Stats(Integer workers, List<Double> windowSeconds, long requests, long successes, long failures,
                 double successRate, double throughputRps, Distribution latencyMs, Map<String, Long> errors,
                 Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Long outputTokens,
                 Long inputTokens, Double outputTokensPerSecond, String latencyHistogramUs, Double rate,
                 Distribution serviceTimeMs, String ttftHistogramUs, String tpotHistogramUs, String itlHistogramUs,
                 String serviceTimeHistogramUs) {
        this(workers, windowSeconds, requests, successes, failures, successRate, throughputRps, latencyMs, errors,
                ttftMs, tpotMs, itlMs, outputTokens, inputTokens, outputTokensPerSecond, latencyHistogramUs, rate,
                serviceTimeMs, ttftHistogramUs, tpotHistogramUs, itlHistogramUs, serviceTimeHistogramUs, null, null,
                null, null, null, null, null, null);
    }

    /** A copy with {@code cost} as {@link #costUsd()}. */
    public Stats withCostUsd(Double cost) {
        return new Stats(workers, windowSeconds, requests, successes, failures, successRate, throughputRps, latencyMs,
                errors, ttftMs, tpotMs, itlMs, outputTokens, inputTokens, outputTokensPerSecond, latencyHistogramUs,
                rate, serviceTimeMs, ttftHistogramUs, tpotHistogramUs, itlHistogramUs, serviceTimeHistogramUs,
                goodRequests, goodputRps, ttfoMs, ttfoHistogramUs, reasoningTokens, cachedTokens, tokenSource, cost);
    }

    /** Statistics of the closed model without token histograms (no rate, no service time apart from the latency). */
    public Stats(Integer workers, List<Double> windowSeconds, long requests, long successes, long failures,
                 double successRate, double throughputRps, Distribution latencyMs, Map<String, Long> errors,
                 Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Long outputTokens,
                 Long inputTokens, Double outputTokensPerSecond, String latencyHistogramUs) {
        this(workers, windowSeconds, requests, successes, failures, successRate, throughputRps, latencyMs, errors,
                ttftMs, tpotMs, itlMs, outputTokens, inputTokens, outputTokensPerSecond, latencyHistogramUs, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Stats {
        errors = errors == null ? Map.of() : Map.copyOf(errors);
        latencyMs = latencyMs == null ? Distribution.EMPTY : latencyMs;
        if (windowSeconds != null) {
            windowSeconds = List.copyOf(windowSeconds);
        }
    }

    /** The bucket's level for people and tables: {@code 4} (workers) or {@code 40 req/s} (open model). */
    public String levelLabel() {
        if (rate != null) {
            return (rate == Math.rint(rate) ? Long.toString(rate.longValue()) : String.format(java.util.Locale.ROOT,
                    "%.2f", rate)) + " req/s";
        }
        return workers == null ? "overall" : workers.toString();
    }

    /** The bucket's key as a number: its rate in the open model, its workers in the closed one. */
    public Double level() {
        return rate != null ? rate : workers == null ? null : workers.doubleValue();
    }

    /** True when this run streamed tokens (LLM). */
    public boolean hasTokenMetrics() {
        return ttftMs != null;
    }
}
