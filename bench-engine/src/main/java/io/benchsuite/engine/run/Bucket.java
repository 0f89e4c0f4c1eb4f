package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.Stats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Everything recorded for the requests that started at one worker level.
 *
 * <p>Implementation notes: written by every worker of the level at once, so only wait-free structures
 * (multi-writer {@link Stripe}s, {@link LongAdder}); read by the run's controller thread once a second, which
 * moves the stripes' interval histograms into the bucket's totals. The j-th worker to join records into
 * stripe {@code j mod K}, {@code K = min(workers, 2 x processors)}: enough stripes that workers rarely write
 * the same counters at once, few enough that the harvest costs the same at 10 workers as at 10,000 (it adds K
 * fixed-range histograms per metric, where one recorder per worker made it grow with the workers). A stripe
 * is created when a worker first joins its index. At the first harvest after the level has passed this
 * bucket, the stripes are closed, harvested a last time and dropped (levels only rise, so the bucket only
 * gets the requests still in flight, recorded as {@link Late} objects), and only the totals stay: the
 * fixed-range histograms live while their level is in use, not for the whole run. Values are microseconds;
 * the totals are packed and auto-resizing, so memory follows the spread of the values, not the number of
 * requests.
 */
final class Bucket {

    static final int DIGITS = 3;
    /** Stripes per bucket at most: twice the processors, so that concurrent writers rarely share one. */
    static final int MAX_STRIPES = 2 * Runtime.getRuntime().availableProcessors();

    /** The level: the worker count (closed model), or the rate level's number, from 1 (open model). */
    final int workers;
    /** The open model's target rate of this level (requests per second), null in the closed model. */
    final Double rate;
    final LongAdder started = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder outputTokens = new LongAdder();
    /** Requests that succeeded within the SLO ({@link #slo}); goodput counts them. */
    final LongAdder good = new LongAdder();
    /** The per-request SLO, or null: no goodput. */
    final io.benchsuite.engine.Slo slo;
    final LongAdder inputTokens = new LongAdder();
    final LongAdder reasoningTokens = new LongAdder();
    final LongAdder cachedTokens = new LongAdder();
    /** Successful streams that reported cached tokens; the others did not say. */
    final LongAdder cachedReported = new LongAdder();
    /** Successful streams whose output tokens the server reported (usage), and those counted from chunks. */
    final LongAdder usageStreams = new LongAdder();
    final LongAdder chunkStreams = new LongAdder();
    /** The lowest rate-limit "remaining" values since the collector last looked (Long.MAX_VALUE: none). */
    final LongAccumulator remainingRequests = new LongAccumulator(Math::min, Long.MAX_VALUE);
    final LongAccumulator remainingTokens = new LongAccumulator(Math::min, Long.MAX_VALUE);
    /** The longest {@code Retry-After} (seconds) since the collector last looked (-1: none). */
    final LongAccumulator retryAfter = new LongAccumulator(Math::max, -1);
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    private final boolean streaming;
    private final boolean open;
    private final AtomicInteger joins = new AtomicInteger();
    /** Created on first use; {@link Stripe#CLOSED} once the level has passed. */
    private final AtomicReferenceArray<Stripe> stripes;
    private final ConcurrentLinkedQueue<Late> late = new ConcurrentLinkedQueue<>();

    // owned by the controller thread
    private boolean closed;
    final Totals totals;
    /** {@code totals.latency}, kept under its own name for the closed model's readers. */
    final Histogram latencyTotal;

    /** A closed-model bucket: the requests that started while {@code workers} workers ran. */
    Bucket(int workers, boolean streaming) {
        this(workers, null, streaming, null);
    }

    /**
     * A bucket of level {@code level}; with a {@code rate}, an open-model bucket (the requests due at that rate
     * level), whose writers are any number of in-flight requests (so it stripes as wide as it may).
     */
    Bucket(int level, Double rate, boolean streaming, io.benchsuite.engine.Slo slo) {
        this.workers = level;
        this.slo = slo;
        this.rate = rate;
        this.streaming = streaming;
        this.open = rate != null;
        this.totals = new Totals(streaming, open);
        this.latencyTotal = totals.latency;
        stripes = new AtomicReferenceArray<>(open ? MAX_STRIPES : Math.max(1, Math.min(level, MAX_STRIPES)));
    }

    /** Worker: the recorders it uses while its requests start in this bucket (called once per level change). */
    WorkerRecorders join() {
        int i = Math.floorMod(joins.getAndIncrement(), stripes.length());
        Stripe stripe = stripes.get(i);
        if (stripe == null) {
            Stripe created = new Stripe(streaming, open);
            stripe = stripes.compareAndExchange(i, null, created);
            if (stripe == null) {
                stripe = created;
            }
        }
        return new WorkerRecorders(this, stripe, streaming);
    }

    /**
     * A request that ended after the bucket closed its stripes; service time and token metrics negative (or empty)
     * if absent.
     */
    record Late(long latencyMicros, long serviceMicros, long ttftMicros, long ttfoMicros, long tpotMicros,
                long[] gapsNanos) {
    }

    /** Worker, through {@link WorkerRecorders#record}: a request that ended after the stripes were closed. */
    void recordLate(Late request) {
        late.add(request);
    }

    /**
     * Hot path: records one finished request ({@code serviceNanos} negative in the closed model, where it equals
     * the latency). A {@code cancelled} one (the user stopped the run at once) is counted
     * but left out of the latency statistics: its duration says when the key was pressed, not how the server did.
     */
    void record(Exchange ex, long latencyNanos, long serviceNanos, WorkerRecorders recorder) {
        if (!ex.failed() || ex.error().kind() != ErrorClass.Kind.CANCELLED) {
            if (recorder.record(ex, latencyNanos, serviceNanos) && !ex.failed()) {
                good.increment();
            }
        }
        if (ex.failed()) {
            failures.increment();
            errors.computeIfAbsent(ex.error().name(), k -> new LongAdder()).increment();
        } else {
            successes.increment();
        }
        if (streaming && !ex.failed()) {
            if (ex.outputChunks() > 0 && ex.outputTokens() > 0) {
                outputTokens.add(ex.outputTokens());
                (ex.tokenSource() == Exchange.TokenSource.USAGE ? usageStreams : chunkStreams).increment();
            }
            if (ex.inputTokens() > 0) {
                inputTokens.add(ex.inputTokens());
            }
            long reasoning = ex.reasoningTokens();
            if (reasoning > 0) {
                reasoningTokens.add(reasoning);
            }
            if (ex.cachedTokens() >= 0) {
                cachedTokens.add(ex.cachedTokens());
                cachedReported.increment();
            }
        }
        if (ex.remainingRequests() >= 0) {
            remainingRequests.accumulate(ex.remainingRequests());
        }
        if (ex.remainingTokens() >= 0) {
            remainingTokens.accumulate(ex.remainingTokens());
        }
        if (ex.retryAfterSeconds() >= 0) {
            retryAfter.accumulate(ex.retryAfterSeconds());
        }
    }

    long completed() {
        return successes.sum() + failures.sum();
    }

    /**
     * Controller thread: moves what was recorded since the last call into the totals, and adds the latency
     * interval into {@code second} (the histogram of the current second of the timeline). Once {@code level}
     * (the engine's current level) has passed this bucket, its stripes are closed, harvested a last time and
     * dropped; its requests still in flight then arrive as late ones.
     */
    void harvest(Histogram second, int level) {
        if (!closed) {
            boolean close = level > workers;
            for (int i = 0; i < stripes.length(); i++) {
                // closing replaces the slot, so a worker joining now gets CLOSED, not a stripe nobody harvests
                Stripe s = close ? stripes.getAndSet(i, Stripe.CLOSED) : stripes.get(i);
                if (s != null) {
                    if (close) {
                        s.close();
                    }
                    s.harvestInto(totals, second);
                }
            }
            closed = close;
        }
        for (Late r; (r = late.poll()) != null; ) {
            long latency = Stripe.clamp(r.latencyMicros());
            totals.latency.recordValue(latency);
            if (second != null) {
                second.recordValue(latency);
            }
            if (r.serviceMicros() >= 0 && totals.service != null) {
                totals.service.recordValue(Stripe.clamp(r.serviceMicros()));
            }
            if (r.ttftMicros() >= 0) {
                totals.ttft.recordValue(Stripe.clamp(r.ttftMicros()));
            }
            if (r.ttfoMicros() >= 0) {
                totals.ttfo.recordValue(Stripe.clamp(r.ttfoMicros()));
            }
            if (r.tpotMicros() >= 0) {
                totals.tpot.recordValue(Stripe.clamp(r.tpotMicros()));
            }
            for (long gap : r.gapsNanos()) {
                totals.itl.recordValue(Stripe.clamp(Micros.of(gap)));
            }
        }
    }

    /** Stripes currently held (for tests: they must be dropped once the level has moved on). */
    int liveStripes() {
        int n = 0;
        for (int i = 0; i < stripes.length(); i++) {
            Stripe s = stripes.get(i);
            n += s == null || s == Stripe.CLOSED ? 0 : 1;
        }
        return n;
    }

    /** Controller thread, after the last harvest. */
    Stats stats(double windowStart, double windowEnd, long abandoned, ErrorClass abandonedAs) {
        long ok = successes.sum();
        long failed = failures.sum() + abandoned;
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        if (abandoned > 0) {
            errorCounts.merge(abandonedAs.name(), abandoned, Long::sum);
        }
        long requests = ok + failed;
        double window = windowEnd - windowStart;
        Long outTokens = streaming ? outputTokens.sum() : null;
        return new Stats(open ? null : workers, List.of(round3(windowStart), round3(windowEnd)), requests, ok,
                failed, rate(ok, requests), window > 0 ? round3(requests / window) : 0,
                Distribution.ofMicros(totals.latency), errorCounts,
                !streaming ? null : Distribution.ofMicros(totals.ttft),
                !streaming ? null : Distribution.ofMicros(totals.tpot),
                !streaming ? null : Distribution.ofMicros(totals.itl),
                outTokens, !streaming ? null : inputTokens.sum(),
                !streaming ? null : (window > 0 ? round3(outTokens / window) : 0.0),
                encode(totals.latency), rate, open ? Distribution.ofMicros(totals.service) : null,
                !streaming ? null : encode(totals.ttft), !streaming ? null : encode(totals.tpot),
                !streaming ? null : encode(totals.itl), open ? encode(totals.service) : null,
                slo == null ? null : good.sum(), slo == null ? null : window > 0 ? round3(good.sum() / window) : 0.0,
                !streaming ? null : Distribution.ofMicros(totals.ttfo), !streaming ? null : encode(totals.ttfo),
                !streaming ? null : reasoningTokens.sum(), !streaming ? null : cachedTokens(),
                !streaming ? null : tokenSource(usageStreams.sum(), chunkStreams.sum()), null);
    }

    /** The cached tokens, or null when no successful stream reported them. */
    private Long cachedTokens() {
        return cachedReported.sum() == 0 ? null : cachedTokens.sum();
    }

    /** {@code usage}, {@code chunks} or {@code mixed}: where the output tokens of the streams came from; null: none. */
    static String tokenSource(long usage, long chunks) {
        if (usage == 0 && chunks == 0) {
            return null;
        }
        return chunks == 0 ? "usage" : usage == 0 ? "chunks" : "mixed";
    }

    static double rate(long ok, long requests) {
        return requests == 0 ? 0 : round3(ok * 100.0 / requests);
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** The histogram compressed with HdrHistogram's own encoding, base64. */
    static String encode(Histogram h) {
        return io.benchsuite.result.HistogramCodec.encode(h);
    }

    static Map<String, Long> mergeErrors(List<Stats> buckets) {
        Map<String, Long> out = new TreeMap<>();
        for (Stats s : buckets) {
            s.errors().forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }
}
