package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.result.Distribution;
import io.benchsuite.engine.result.Stats;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Everything recorded for the requests that started at one worker level.
 *
 * <p>Implementation notes: written by every worker of the level at once, so only wait-free structures
 * (per-worker {@link WorkerRecorders}, {@link LongAdder}); read by the run's controller thread once a second,
 * which moves the recorders' interval histograms into the bucket's totals. Values are microseconds; histograms are packed
 * and auto-resizing, so memory follows the spread of the values, not the number of requests.
 */
final class Bucket {

    static final int DIGITS = 3;

    final int workers;
    final LongAdder started = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder outputTokens = new LongAdder();
    final LongAdder inputTokens = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    private final boolean streaming;
    private final ConcurrentLinkedQueue<WorkerRecorders> recorders = new ConcurrentLinkedQueue<>();

    // owned by the controller thread
    final Histogram latencyTotal = new PackedHistogram(DIGITS);
    private final Histogram ttftTotal;
    private final Histogram tpotTotal;
    private final Histogram itlTotal;

    Bucket(int workers, boolean streaming) {
        this.workers = workers;
        this.streaming = streaming;
        ttftTotal = streaming ? new PackedHistogram(DIGITS) : null;
        tpotTotal = streaming ? new PackedHistogram(DIGITS) : null;
        itlTotal = streaming ? new PackedHistogram(DIGITS) : null;
    }

    /** Worker: the recorders it uses while its requests start in this bucket (called once per level change). */
    WorkerRecorders join() {
        WorkerRecorders r = new WorkerRecorders(streaming);
        recorders.add(r);
        return r;
    }

    /** Hot path: records one finished request. */
    void record(Exchange ex, long latencyNanos, WorkerRecorders recorder) {
        recorder.record(ex, latencyNanos);
        if (ex.failed()) {
            failures.increment();
            errors.computeIfAbsent(ex.errorClass() == null ? Exchange.EXCEPTION : ex.errorClass(),
                    k -> new LongAdder()).increment();
        } else {
            successes.increment();
        }
        if (streaming && !ex.failed()) {
            if (ex.outputChunks() > 0 && ex.outputTokens() > 0) {
                outputTokens.add(ex.outputTokens());
            }
            if (ex.inputTokens() > 0) {
                inputTokens.add(ex.inputTokens());
            }
        }
    }

    long completed() {
        return successes.sum() + failures.sum();
    }

    /**
     * Controller thread: moves what was recorded since the last call into the totals, and adds the latency
     * interval into {@code second} (the histogram of the current second of the timeline). Recorders their
     * worker retired are harvested a last time and dropped.
     */
    void harvest(Histogram second) {
        for (Iterator<WorkerRecorders> it = recorders.iterator(); it.hasNext(); ) {
            WorkerRecorders r = it.next();
            boolean retired = r.retired; // read before harvesting: every write before retirement is then included
            r.harvestInto(latencyTotal, second, ttftTotal, tpotTotal, itlTotal);
            if (retired) {
                it.remove();
            }
        }
    }

    /** Controller thread, after the last harvest. */
    Stats stats(double windowStart, double windowEnd, long abandoned) {
        long ok = successes.sum();
        long failed = failures.sum() + abandoned;
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        if (abandoned > 0) {
            errorCounts.merge(Exchange.TIMEOUT, abandoned, Long::sum);
        }
        long requests = ok + failed;
        double window = windowEnd - windowStart;
        Long outTokens = streaming ? outputTokens.sum() : null;
        return new Stats(workers, List.of(round3(windowStart), round3(windowEnd)), requests, ok, failed,
                rate(ok, requests), window > 0 ? round3(requests / window) : 0, Distribution.ofMicros(latencyTotal),
                errorCounts,
                !streaming ? null : Distribution.ofMicros(ttftTotal),
                !streaming ? null : Distribution.ofMicros(tpotTotal),
                !streaming ? null : Distribution.ofMicros(itlTotal),
                outTokens, !streaming ? null : inputTokens.sum(),
                !streaming ? null : (window > 0 ? round3(outTokens / window) : 0.0),
                encode(latencyTotal));
    }

    Histogram ttftTotal() {
        return ttftTotal;
    }

    Histogram tpotTotal() {
        return tpotTotal;
    }

    Histogram itlTotal() {
        return itlTotal;
    }

    static double rate(long ok, long requests) {
        return requests == 0 ? 0 : round3(ok * 100.0 / requests);
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** The histogram compressed with HdrHistogram's own encoding, base64. */
    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int len = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Map<String, Long> mergeErrors(List<Stats> buckets) {
        Map<String, Long> out = new TreeMap<>();
        for (Stats s : buckets) {
            s.errors().forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }
}
