package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.result.Distribution;
import io.benchsuite.engine.result.Stats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * Everything recorded for the requests that started at one worker level.
 *
 * <p>Implementation notes: written by every worker of the level at once, so only wait-free structures
 * ({@link Recorder}, {@link LongAdder}); read by the run's controller thread once a second, which moves the
 * recorders' interval histograms into the bucket's totals. Values are microseconds; histograms are packed
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

    private final Recorder latency = new Recorder(DIGITS, true);
    private final Recorder ttft;
    private final Recorder tpot;
    private final Recorder itl;
    final Exchange.InterTokenSink itlSink;

    // owned by the controller thread
    final Histogram latencyTotal = new PackedHistogram(DIGITS);
    private final Histogram ttftTotal;
    private final Histogram tpotTotal;
    private final Histogram itlTotal;
    private Histogram latencyInterval;
    private Histogram ttftInterval;
    private Histogram tpotInterval;
    private Histogram itlInterval;
    private long lastCompleted;

    Bucket(int workers, boolean streaming) {
        this.workers = workers;
        if (streaming) {
            ttft = new Recorder(DIGITS, true);
            tpot = new Recorder(DIGITS, true);
            itl = new Recorder(DIGITS, true);
            Recorder itlRecorder = itl;
            itlSink = gapNanos -> itlRecorder.recordValue(Math.max(0, gapNanos) / 1000);
            ttftTotal = new PackedHistogram(DIGITS);
            tpotTotal = new PackedHistogram(DIGITS);
            itlTotal = new PackedHistogram(DIGITS);
        } else {
            ttft = tpot = itl = null;
            itlSink = Exchange.InterTokenSink.NONE;
            ttftTotal = tpotTotal = itlTotal = null;
        }
    }

    /** Hot path: records one finished request. */
    void record(Exchange ex, long latencyNanos) {
        latency.recordValue(latencyNanos / 1000);
        if (ex.failed()) {
            failures.increment();
            errors.computeIfAbsent(ex.errorClass() == null ? Exchange.EXCEPTION : ex.errorClass(),
                    k -> new LongAdder()).increment();
        } else {
            successes.increment();
        }
        if (ttft != null && ex.outputChunks() > 0) {
            ttft.recordValue(Math.max(0, ex.firstTokenNanos() - ex.startNanos()) / 1000);
            long n = ex.outputTokens();
            if (n > 1) {
                tpot.recordValue((ex.lastTokenNanos() - ex.firstTokenNanos()) / (n - 1) / 1000);
            }
            if (n > 0) {
                outputTokens.add(n);
            }
        }
        if (ttft != null && ex.inputTokens() > 0) {
            inputTokens.add(ex.inputTokens());
        }
    }

    long completed() {
        return successes.sum() + failures.sum();
    }

    /**
     * Controller thread: moves what was recorded since the last call into the totals, and adds the latency
     * interval into {@code second} (the histogram of the current second of the timeline).
     */
    void harvest(Histogram second) {
        long done = completed();
        if (done == lastCompleted && latencyInterval != null) {
            return;
        }
        lastCompleted = done;
        latencyInterval = latency.getIntervalHistogram(latencyInterval);
        latencyTotal.add(latencyInterval);
        if (second != null) {
            second.add(latencyInterval);
        }
        if (ttft != null) {
            ttftInterval = ttft.getIntervalHistogram(ttftInterval);
            ttftTotal.add(ttftInterval);
            tpotInterval = tpot.getIntervalHistogram(tpotInterval);
            tpotTotal.add(tpotInterval);
            itlInterval = itl.getIntervalHistogram(itlInterval);
            itlTotal.add(itlInterval);
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
        Long outTokens = ttft == null ? null : outputTokens.sum();
        return new Stats(workers, List.of(round3(windowStart), round3(windowEnd)), requests, ok, failed,
                rate(ok, requests), window > 0 ? round3(requests / window) : 0, Distribution.ofMicros(latencyTotal),
                errorCounts,
                ttft == null ? null : Distribution.ofMicros(ttftTotal),
                ttft == null ? null : Distribution.ofMicros(tpotTotal),
                ttft == null ? null : Distribution.ofMicros(itlTotal),
                outTokens, ttft == null ? null : inputTokens.sum(),
                ttft == null ? null : (window > 0 ? round3(outTokens / window) : 0.0),
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
        Map<String, Long> out = new LinkedHashMap<>();
        for (Stats s : buckets) {
            s.errors().forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return new TreeMap<>(out);
    }

    static List<Histogram> nonNull(List<Histogram> hs) {
        List<Histogram> out = new ArrayList<>();
        for (Histogram h : hs) {
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }
}
