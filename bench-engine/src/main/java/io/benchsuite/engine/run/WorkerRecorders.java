package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The histograms one worker records into while its requests belong to one bucket.
 *
 * <p>Implementation notes: one writer (the worker) and one reader (the controller), so
 * {@link SingleWriterRecorder}s: recording is wait-free and a packed histogram only ever resizes on its own
 * writer's thread. (A shared packed {@code Recorder} resizing under many concurrent writers was seen to
 * livelock.) The worker retires its recorders when it moves to the next level, and since levels only rise it
 * never writes to them again; the controller harvests them once more and drops them, so memory follows the
 * number of workers, not of levels or requests.
 */
final class WorkerRecorders {

    private final SingleWriterRecorder latency = new SingleWriterRecorder(Bucket.DIGITS, true);
    private final SingleWriterRecorder ttft;
    private final SingleWriterRecorder tpot;
    private final SingleWriterRecorder itl;
    final Exchange.InterTokenSink itlSink;

    // inter-token gaps of the request in flight, kept until we know whether it succeeded (grown, never shrunk)
    private long[] gaps = new long[0];
    private int gapCount;

    /** Set by the worker after its last write. */
    volatile boolean retired;

    // reader-owned recycled interval histograms
    private Histogram latencyInterval;
    private Histogram ttftInterval;
    private Histogram tpotInterval;
    private Histogram itlInterval;

    WorkerRecorders(boolean streaming) {
        if (streaming) {
            ttft = new SingleWriterRecorder(Bucket.DIGITS, true);
            tpot = new SingleWriterRecorder(Bucket.DIGITS, true);
            itl = new SingleWriterRecorder(Bucket.DIGITS, true);
            itlSink = this::bufferGap;
        } else {
            ttft = tpot = itl = null;
            itlSink = Exchange.InterTokenSink.NONE;
        }
    }

    private void bufferGap(long gapNanos) {
        if (gapCount == gaps.length) {
            gaps = java.util.Arrays.copyOf(gaps, Math.max(64, gaps.length * 2));
        }
        gaps[gapCount++] = gapNanos;
    }

    /**
     * Worker: records one finished request. Token metrics (TTFT, TPOT, ITL) count successful requests only,
     * as vLLM's benchmark does; a stream that failed after some chunks only counts in latency and errors.
     */
    void record(Exchange ex, long latencyNanos) {
        latency.recordValue(latencyNanos / 1000);
        if (ttft == null) {
            return;
        }
        if (!ex.failed() && ex.outputChunks() > 0) {
            ttft.recordValue(Math.max(0, ex.firstTokenNanos() - ex.startNanos()) / 1000);
            long n = ex.outputTokens();
            if (n > 1) {
                tpot.recordValue(Math.max(0, ex.lastTokenNanos() - ex.firstTokenNanos()) / (n - 1) / 1000);
            }
            for (int i = 0; i < gapCount; i++) {
                itl.recordValue(Math.max(0, gaps[i]) / 1000);
            }
        }
        gapCount = 0;
    }

    /** Controller: moves what was recorded since the last call into the bucket totals and {@code second}. */
    void harvestInto(Histogram latencyTotal, Histogram second, Histogram ttftTotal, Histogram tpotTotal,
                     Histogram itlTotal) {
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
}
