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
 * @param rateLimited  requests completed in that second that the server answered with HTTP 429 (LLM runs; null
 *                     otherwise)
 * @param rateLimitRemainingRequests the lowest {@code x-ratelimit-remaining-requests} (or
 *                     {@code anthropic-ratelimit-requests-remaining}) a response completed in that second carried;
 *                     null when none did
 * @param rateLimitRemainingTokens the same for {@code x-ratelimit-remaining-tokens} /
 *                     {@code anthropic-ratelimit-tokens-remaining}
 * @param server       the server's own metrics scraped in that second ({@code server_metrics_url}), by the names
 *                     docs/metrics.md lists; null without a scrape
 * @param rateLimitRetryAfterS the longest {@code Retry-After} (seconds; an HTTP-date as the seconds until it) a
 *                     response completed in that second carried; null when none did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                            double p99Ms, Long outputTokens, Double rate, Long rateLimited,
                            Long rateLimitRemainingRequests, Long rateLimitRemainingTokens,
                            java.util.Map<String, Double> server, Long rateLimitRetryAfterS) {

    public TimelineEntry {
        server = server == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(server));
    }

    /**
     * The rate-limit fields of several entries (the seconds of a chart's point, or the shards' same second) combined:
     * 429s summed, the lowest "remaining" counts, the longest {@code Retry-After}; each null when no entry had it.
     */
    public record RateLimits(Long rateLimited, Long remainingRequests, Long remainingTokens, Long retryAfterS) {

        public static RateLimits of(java.util.List<TimelineEntry> entries) {
            Long limited = null;
            Long requests = null;
            Long tokens = null;
            Long retryAfter = null;
            for (TimelineEntry e : entries) {
                limited = combine(limited, e.rateLimited(), Long::sum);
                requests = combine(requests, e.rateLimitRemainingRequests(), Math::min);
                tokens = combine(tokens, e.rateLimitRemainingTokens(), Math::min);
                retryAfter = combine(retryAfter, e.rateLimitRetryAfterS(), Math::max);
            }
            return new RateLimits(limited, requests, tokens, retryAfter);
        }

        private static Long combine(Long a, Long b, java.util.function.LongBinaryOperator op) {
            return a == null ? b : b == null ? a : Long.valueOf(op.applyAsLong(a, b));
        }
    }

    /**
     * The mean of each server series over the entries that have it, rounded to the thousandth; null when none has a
     * scrape. How seconds (a long run's chart) or shards (which scraped the same server) are combined.
     */
    public static java.util.Map<String, Double> meanServer(java.util.List<TimelineEntry> entries) {
        java.util.Map<String, double[]> sums = new java.util.TreeMap<>();
        for (TimelineEntry e : entries) {
            if (e.server() != null) {
                e.server().forEach((k, v) -> {
                    double[] acc = sums.computeIfAbsent(k, x -> new double[2]);
                    acc[0] += v;
                    acc[1]++;
                });
            }
        }
        if (sums.isEmpty()) {
            return null;
        }
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        sums.forEach((k, acc) -> out.put(k, Math.round(acc[0] / acc[1] * 1000.0) / 1000.0));
        return out;
    }

    /** A second without {@code Retry-After} (as written before it was kept). */
    public TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                         double p99Ms, Long outputTokens, Double rate, Long rateLimited,
                         Long rateLimitRemainingRequests, Long rateLimitRemainingTokens,
                         java.util.Map<String, Double> server) {
        this(second, workers, started, completed, failures, p50Ms, p99Ms, outputTokens, rate, rateLimited,
                rateLimitRemainingRequests, rateLimitRemainingTokens, server, null);
    }

    /** A second without rate-limit or server metrics (as written before they existed). */
    public TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                         double p99Ms, Long outputTokens, Double rate) {
        this(second, workers, started, completed, failures, p50Ms, p99Ms, outputTokens, rate, null, null, null, null);
    }

    /** A closed-model second. */
    public TimelineEntry(int second, int workers, long started, long completed, long failures, double p50Ms,
                         double p99Ms, Long outputTokens) {
        this(second, workers, started, completed, failures, p50Ms, p99Ms, outputTokens, null);
    }
}
