package io.benchsuite.engine.run;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The histograms a share of one bucket's workers record into: latency and, for streaming runs, TTFT, TPOT and
 * ITL.
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

    private static final int LATENCY = 0;
    private static final int TTFT = 1;
    private static final int TPOT = 2;
    private static final int ITL = 3;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile AtomicHistogram[] active;
    private AtomicHistogram[] inactive; // reader-owned between harvests
    private volatile boolean closed;

    Stripe(boolean streaming) {
        active = newHistograms(streaming ? 4 : 1);
        inactive = newHistograms(streaming ? 4 : 1);
    }

    private Stripe() {
        closed = true;
    }

    private static AtomicHistogram[] newHistograms(int metrics) {
        AtomicHistogram[] h = new AtomicHistogram[metrics];
        for (int i = 0; i < metrics; i++) {
            h[i] = new AtomicHistogram(1, HIGHEST_MICROS, Bucket.DIGITS);
        }
        return h;
    }

    static long clamp(long micros) {
        return Math.max(0, Math.min(HIGHEST_MICROS, micros));
    }

    /**
     * Worker: records one request, with {@code ttftMicros} and {@code tpotMicros} negative when absent and the
     * first {@code gapCount} inter-token gaps of {@code gapsNanos}. Returns false, recording nothing, once the
     * stripe is closed.
     */
    boolean record(long latencyMicros, long ttftMicros, long tpotMicros, long[] gapsNanos, int gapCount) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            if (closed) {
                return false;
            }
            AtomicHistogram[] h = active;
            h[LATENCY].recordValue(clamp(latencyMicros));
            if (ttftMicros >= 0) {
                h[TTFT].recordValue(clamp(ttftMicros));
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
    void harvestInto(Histogram latencyTotal, Histogram second, Histogram ttftTotal, Histogram tpotTotal,
                     Histogram itlTotal) {
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
        latencyTotal.add(interval[LATENCY]);
        if (second != null) {
            second.add(interval[LATENCY]);
        }
        if (interval.length > 1) {
            ttftTotal.add(interval[TTFT]);
            tpotTotal.add(interval[TPOT]);
            itlTotal.add(interval[ITL]);
        }
        if (closed) {
            // the last harvest: drop the histograms now, as in-flight workers keep a reference to the stripe
            active = null;
            inactive = null;
            return;
        }
        for (AtomicHistogram h : interval) {
            h.reset();
        }
        inactive = interval;
    }
}
