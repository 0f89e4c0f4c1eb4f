package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;

/**
 * What one worker records through while its requests belong to one bucket: the bucket's {@link Stripe} it
 * shares with other workers, and the part that must stay its own.
 *
 * <p>Implementation notes: the inter-token gaps of the request in flight are buffered here, by the worker
 * alone, until we know whether the request succeeded (token metrics count successful requests only); only
 * then do they go to the shared stripe. A request that ends after its bucket closed its stripes (the level
 * moved on while it was in flight) is handed to the bucket as a late request instead: one small object, at
 * most one per worker per level change.
 */
final class WorkerRecorders {

    private final Bucket bucket;
    private final Stripe stripe;
    private final boolean streaming;
    final Exchange.InterTokenSink itlSink;

    // inter-token gaps of the request in flight, kept until we know whether it succeeded (grown, never shrunk)
    private long[] gaps = new long[0];
    private int gapCount;

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
     * Worker: records one finished request; returns whether its times met the bucket's SLO (goodput; false without
     * one). Whether it succeeded is the caller's to check. Token metrics (TTFT, TPOT, ITL) count successful requests only,
     * as vLLM's benchmark does; a stream that failed after some chunks only counts in latency and errors.
     */
    boolean record(Exchange ex, long latencyNanos, long serviceNanos) {
        long ttft = -1;
        long ttfo = -1;
        long tpot = -1;
        int gapsUsed = 0;
        if (streaming && !ex.failed() && ex.outputChunks() > 0) {
            // from the intended start: in the open model a caller waits from when the request was due
            ttft = Micros.of(Math.max(0, ex.firstTokenNanos() - ex.intendedStartNanos()));
            if (ex.firstAnswerNanos() != 0) {
                ttfo = Micros.of(Math.max(0, ex.firstAnswerNanos() - ex.intendedStartNanos()));
            }
            long n = ex.outputTokens();
            if (n > 1) {
                tpot = Micros.of(Math.max(0, ex.lastTokenNanos() - ex.firstTokenNanos()) / (n - 1));
            }
            gapsUsed = gapCount;
        }
        long latency = Micros.of(latencyNanos);
        long service = serviceNanos < 0 ? -1 : Micros.of(serviceNanos);
        if (!stripe.record(latency, service, ttft, ttfo, tpot, gaps, gapsUsed)) {
            bucket.recordLate(new Bucket.Late(latency, service, ttft, ttfo, tpot,
                    java.util.Arrays.copyOf(gaps, gapsUsed)));
        }
        gapCount = 0;
        return bucket.slo != null && bucket.slo.met(latency, service, ttft, tpot);
    }
}
