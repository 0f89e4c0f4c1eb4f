package io.benchsuite.engine.run;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The histograms a share of one bucket's workers record into: latency, service time in the open model, and, for
 * streaming runs, TTFT, TTFO, TPOT and ITL.
 *
 * <p>Implementation notes: several writers (the workers whose join index falls on this stripe) and one reader
 * (the controller). Each metric has two fixed-range {@link AtomicHistogram}s, one written, one harvested,
 * swapped under a {@link WriterReaderPhaser} as HdrHistogram's {@code Recorder} does; one phaser for all
 * metrics, so a streamed request enters one critical section, not four, and the same phaser lets the
 * controller {@link #close} the stripe knowing that no worker writes into it afterwards. A fixed-range
 * histogram never resizes, so recording stays wait-free (a shared <em>packed</em> {@code Recorder} resizing
 * under many concurrent writers was seen to livelock). Values are clamped into {@code [0, HIGHEST_MICROS]}
 * so that one absurd value can never throw on a worker. The price of the fixed range is memory (~190 KB of
 * counts per histogram, two per metric), which is why a bucket holds few stripes, creates them on first use
 * and closes them as soon as its level is over.
 */
final class Stripe {

    /** The highest value kept exactly; larger ones are recorded as this (one hour, in microseconds). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    /** Stands for a stripe of a closed bucket: records nothing, so its workers record late requests instead. */
    static final Stripe CLOSED = new Stripe();

    static final int LATENCY = 0;
    static final int TTFT = 1;
    static final int TPOT = 2;
    static final int ITL = 3;
    static final int SERVICE = 4;
    static final int TTFO = 5;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile AtomicHistogram[] active;
    private AtomicHistogram[] inactive; // reader-owned between harvests
    private volatile boolean closed;

    /** A stripe for latency, plus TTFT, TTFO, TPOT and ITL when {@code streaming}, plus service time when {@code open}. */
    Stripe(boolean streaming, boolean open) {
        active = newHistograms(streaming, open);
        inactive = newHistograms(streaming, open);
    }

    private Stripe() {
        closed = true;
    }

    private static AtomicHistogram[] newHistograms(boolean streaming, boolean open) {
        AtomicHistogram[] h = new AtomicHistogram[6];
        h[LATENCY] = histogram();
        if (streaming) {
            h[TTFT] = histogram();
            h[TTFO] = histogram();
            h[TPOT] = histogram();
            h[ITL] = histogram();
        }
        if (open) {
            h[SERVICE] = histogram();
        }
        return h;
    }

    private static AtomicHistogram histogram() {
        return new AtomicHistogram(1, HIGHEST_MICROS, Bucket.DIGITS);
    }

    static long clamp(long micros) {
        return Math.max(0, Math.min(HIGHEST_MICROS, micros));
    }

    /**
     * Worker: records one request, with {@code serviceMicros}, {@code ttftMicros}, {@code ttfoMicros} and
     * {@code tpotMicros} negative when absent and the first {@code gapCount} inter-token gaps of {@code gapsNanos}.
     * Returns false, recording nothing, once the stripe is closed.
     */
    boolean record(long latencyMicros, long serviceMicros, long ttftMicros, long ttfoMicros, long tpotMicros,
                   long[] gapsNanos, int gapCount) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            if (closed) {
                return false;
            }
            AtomicHistogram[] h = active;
            h[LATENCY].recordValue(clamp(latencyMicros));
            if (serviceMicros >= 0 && h[SERVICE] != null) {
                h[SERVICE].recordValue(clamp(serviceMicros));
            }
            if (ttftMicros >= 0) {
                h[TTFT].recordValue(clamp(ttftMicros));
            }
            if (ttfoMicros >= 0) {
                h[TTFO].recordValue(clamp(ttfoMicros));
            }
            if (tpotMicros >= 0) {
                h[TPOT].recordValue(clamp(tpotMicros));
            }
            for (int i = 0; i < gapCount; i++) {
                h[ITL].recordValue(clamp(Micros.of(gapsNanos[i])));
            }
            return true;
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /**
     * Controller: from now on no worker writes here; harvest once more to collect the last writes, which also
     * drops the histograms.
     */
    void close() {
        phaser.readerLock();
        try {
            closed = true;
            phaser.flipPhase(); // waits for the workers that entered before they could see closed
        } finally {
            phaser.readerUnlock();
        }
    }

    /** Controller: moves what was recorded since the last call into the bucket totals and {@code second}. */
    void harvestInto(Totals totals, Histogram second) {
        if (active == null) {
            return; // CLOSED, or already harvested after its close
        }
        AtomicHistogram[] interval;
        phaser.readerLock();
        try {
            interval = active;
            active = inactive;
            phaser.flipPhase(); // waits for the workers still writing into the interval
        } finally {
            phaser.readerUnlock();
        }
        totals.add(interval);
        if (second != null) {
            second.add(interval[LATENCY]);
        }
        if (closed) {
            // the last harvest: drop the histograms now, as in-flight workers keep a reference to the stripe
            active = null;
            inactive = null;
            return;
        }
        for (AtomicHistogram h : interval) {
            if (h != null) {
                h.reset();
            }
        }
        inactive = interval;
    }
}
