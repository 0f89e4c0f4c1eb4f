package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import org.HdrHistogram.Histogram;

/**
 * What one worker records through while its requests belong to one bucket: the bucket's {@link Stripe} it
 * shares with other workers, and the part that must stay its own.
 *
 * <p>Implementation notes: the inter-token gaps of the request in flight are buffered here, by the worker
 * alone, until we know whether the request succeeded (token metrics count successful requests only); only
 * then do they go to the shared stripe. The worker retires when it moves to the next level, and since levels
 * only rise it never writes to this bucket again; once every worker that joined a bucket the level has passed
 * has retired, the controller harvests the bucket's stripes a last time and drops them, so the fixed-range
 * histograms live only as long as their level is in use, not for the whole run.
 */
final class WorkerRecorders {

    private final Bucket bucket;
    /** Null when the bucket had already dropped its stripes (the worker then sees the level moved and leaves). */
    private final Stripe stripe;
    private final boolean streaming;
    final Exchange.InterTokenSink itlSink;

    // inter-token gaps of the request in flight, kept until we know whether it succeeded (grown, never shrunk)
    private long[] gaps = new long[0];
    private int gapCount;

    /** Set by the worker after its last write (see {@link #retire}). */
    volatile boolean retired;

    WorkerRecorders(Bucket bucket, Stripe stripe, boolean streaming) {
        this.bucket = bucket;
        this.stripe = stripe;
        this.streaming = streaming;
        itlSink = streaming ? this::bufferGap : Exchange.InterTokenSink.NONE;
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
        stripe.recordLatency(latencyNanos / 1000);
        if (!streaming) {
            return;
        }
        if (!ex.failed() && ex.outputChunks() > 0) {
            stripe.recordTtft((ex.firstTokenNanos() - ex.startNanos()) / 1000);
            long n = ex.outputTokens();
            if (n > 1) {
                stripe.recordTpot(Math.max(0, ex.lastTokenNanos() - ex.firstTokenNanos()) / (n - 1) / 1000);
            }
            for (int i = 0; i < gapCount; i++) {
                stripe.recordItl(gaps[i] / 1000);
            }
        }
        gapCount = 0;
    }

    /** Worker: after its last write to this bucket; idempotent. */
    void retire() {
        if (!retired) {
            retired = true;
            bucket.leave();
        }
    }

    /**
     * Controller: moves what this worker's stripe (and so the other workers sharing it) recorded since the last
     * call into the given totals and {@code second}. The run harvests through {@link Bucket#harvest}.
     */
    void harvestInto(Histogram latencyTotal, Histogram second, Histogram ttftTotal, Histogram tpotTotal,
                     Histogram itlTotal) {
        stripe.harvestInto(latencyTotal, second, ttftTotal, tpotTotal, itlTotal);
    }
}
