package io.benchsuite.result.merge;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.HistogramCodec;
import io.benchsuite.result.Stats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Statistics added up from several {@link Stats} with their histograms (the shards' buckets of one level, the probes
 * of a sweep): counts summed, percentiles from the sum of the stored HdrHistograms, which is exact (every histogram
 * is recorded with the same precision). A bucket without its latency histogram cannot be added; token percentiles
 * of buckets without token histograms are left out (and named by {@link #stats}).
 */
public final class StatsSum {

    /** HdrHistogram precision of every histogram we record (docs/metrics.md). */
    static final int DIGITS = 3;

    /** The worker level, null in the open model. */
    private final Integer workers;
    /** Open model: the sum of the added buckets' rates. */
    private Double rate;
    private final Histogram latency = new Histogram(DIGITS);
    private final Histogram service = new Histogram(DIGITS);
    private final Histogram ttft = new Histogram(DIGITS);
    private final Histogram tpot = new Histogram(DIGITS);
    private final Histogram itl = new Histogram(DIGITS);
    private final Histogram ttfo = new Histogram(DIGITS);
    /** False once a streaming bucket without its TTFO histogram was added. */
    private boolean ttfoHistograms = true;
    private final TokenExtras extras = new TokenExtras();
    private double windowStart = Double.MAX_VALUE;
    private double windowEnd = 0;
    private long requests;
    private long successes;
    private long outputTokens;
    private long inputTokens;
    /** Requests within the SLO, null when no added bucket counted them. */
    private Long good;
    private boolean streaming;
    /** False once a streaming bucket without its token histograms was added. */
    private boolean tokenHistograms = true;
    private final Map<String, Long> errors = new TreeMap<>();

    /** A sum whose statistics are those of {@code workers} (null: a rate level, or overall statistics). */
    public StatsSum(Integer workers) {
        this.workers = workers;
    }

    String name() {
        return workers != null ? workers + " workers" : "the rate level at " + rate + " req/s";
    }

    /**
     * Adds {@code b}, its window moved {@code shiftSeconds} later.
     *
     * @throws IllegalArgumentException naming {@code origin} when {@code b} lacks a histogram it must have
     */
    public void add(Stats b, double shiftSeconds, String origin) {
        if (b.rate() != null) {
            rate = (rate == null ? 0 : rate) + b.rate();
        }
        if (b.latencyHistogramUs() == null) {
            throw new IllegalArgumentException(origin + ": the bucket of " + name() + " has no "
                    + "latency_histogram_us, so its percentiles cannot be merged");
        }
        latency.add(decode(b.latencyHistogramUs(), origin));
        if (b.rate() != null) {
            if (b.serviceTimeHistogramUs() == null) {
                throw new IllegalArgumentException(origin + ": the bucket of " + name() + " has no "
                        + "service_time_histogram_us, so its service time cannot be merged");
            }
            service.add(decode(b.serviceTimeHistogramUs(), origin));
        }
        requests += b.requests();
        successes += b.successes();
        if (b.goodRequests() != null) {
            good = (good == null ? 0 : good) + b.goodRequests();
        }
        b.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        if (b.windowSeconds() != null) {
            windowStart = Math.min(windowStart, b.windowSeconds().get(0) + shiftSeconds);
            windowEnd = Math.max(windowEnd, b.windowSeconds().get(1) + shiftSeconds);
        }
        if (b.hasTokenMetrics() || b.outputTokens() != null) {
            streaming = true;
            outputTokens += b.outputTokens() == null ? 0 : b.outputTokens();
            inputTokens += b.inputTokens() == null ? 0 : b.inputTokens();
            if (b.ttftHistogramUs() == null || b.tpotHistogramUs() == null || b.itlHistogramUs() == null) {
                tokenHistograms = false;
            } else {
                ttft.add(decode(b.ttftHistogramUs(), origin));
                tpot.add(decode(b.tpotHistogramUs(), origin));
                itl.add(decode(b.itlHistogramUs(), origin));
            }
            if (b.ttfoHistogramUs() == null) {
                ttfoHistograms = false;
            } else {
                ttfo.add(decode(b.ttfoHistogramUs(), origin));
            }
            extras.add(b);
        }
    }

    /**
     * The sum as one bucket: its window from the earliest start to the latest end added; what could not be merged
     * is added to {@code unmerged}.
     */
    public Stats stats(Set<String> unmerged) {
        double start = windowStart == Double.MAX_VALUE ? 0 : round3(windowStart);
        double end = Math.max(start, round3(windowEnd));
        double window = end - start;
        boolean tokens = streaming && tokenHistograms;
        if (streaming && !tokenHistograms) {
            unmerged.add("ttft_ms, tpot_ms and itl_ms of " + name());
        }
        return new Stats(workers, List.of(start, end), requests, successes, requests - successes,
                rate(successes, requests), window > 0 ? round3(requests / window) : 0,
                Distribution.ofMicros(latency), errors,
                tokens ? Distribution.ofMicros(ttft) : null, tokens ? Distribution.ofMicros(tpot) : null,
                tokens ? Distribution.ofMicros(itl) : null, streaming ? outputTokens : null,
                streaming ? inputTokens : null,
                streaming ? (window > 0 ? round3(outputTokens / window) : 0.0) : null,
                HistogramCodec.encode(latency), rate == null ? null : round3(rate),
                rate == null ? null : Distribution.ofMicros(service),
                tokens ? HistogramCodec.encode(ttft) : null, tokens ? HistogramCodec.encode(tpot) : null,
                tokens ? HistogramCodec.encode(itl) : null, rate == null ? null : HistogramCodec.encode(service),
                good, good == null ? null : window > 0 ? round3(good / window) : 0.0,
                tokens && ttfoHistograms ? Distribution.ofMicros(ttfo) : null,
                tokens && ttfoHistograms ? HistogramCodec.encode(ttfo) : null,
                streaming ? extras.reasoningTokens : null, extras.cachedTokens, extras.tokenSource(), extras.cost());
    }

    /** The sum as overall statistics (no level, no window): rates over the load duration {@code loadEnd}. */
    public Stats overall(double loadEnd) {
        boolean tokens = streaming && tokenHistograms;
        boolean open = rate != null;
        return new Stats(null, null, requests, successes, requests - successes, rate(successes, requests),
                loadEnd > 0 ? round3(requests / loadEnd) : 0, Distribution.ofMicros(latency), errors,
                tokens ? Distribution.ofMicros(ttft) : null, tokens ? Distribution.ofMicros(tpot) : null,
                tokens ? Distribution.ofMicros(itl) : null, streaming ? outputTokens : null,
                streaming ? inputTokens : null,
                streaming ? (loadEnd > 0 ? round3(outputTokens / loadEnd) : 0.0) : null, null, null,
                open ? Distribution.ofMicros(service) : null, null, null, null, null, good,
                good == null ? null : loadEnd > 0 ? round3(good / loadEnd) : 0.0,
                tokens && ttfoHistograms ? Distribution.ofMicros(ttfo) : null, null,
                streaming ? extras.reasoningTokens : null, extras.cachedTokens, extras.tokenSource(), extras.cost());
    }

    /**
     * The token counts added over buckets (reasoning and cached tokens, the token source, the cost), each kept only
     * when a bucket had it; the cost only when every streaming bucket had one.
     */
    private static final class TokenExtras {
        long reasoningTokens;
        Long cachedTokens;
        final java.util.TreeSet<String> sources = new java.util.TreeSet<>();
        Double cost;
        boolean costMissing;

        void add(Stats b) {
            reasoningTokens += b.reasoningTokens() == null ? 0 : b.reasoningTokens();
            if (b.cachedTokens() != null) {
                cachedTokens = (cachedTokens == null ? 0 : cachedTokens) + b.cachedTokens();
            }
            if (b.tokenSource() != null) {
                sources.add(b.tokenSource());
            }
            if (b.costUsd() != null) {
                cost = (cost == null ? 0 : cost) + b.costUsd();
            } else {
                costMissing = true;
            }
        }

        String tokenSource() {
            return sources.isEmpty() ? null : sources.size() == 1 ? sources.first() : "mixed";
        }

        Double cost() {
            return cost == null || costMissing ? null : Math.round(cost * 1e6) / 1e6;
        }
    }

    private static Histogram decode(String base64, String origin) {
        try {
            return HistogramCodec.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": a histogram of the result is damaged: " + e.getMessage());
        }
    }

    private static double rate(long ok, long requests) {
        return requests == 0 ? 0 : round3(ok * 100.0 / requests);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
