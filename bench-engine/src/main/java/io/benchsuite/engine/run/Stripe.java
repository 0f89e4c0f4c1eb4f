package io.benchsuite.engine.run;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The histograms a share of one bucket's workers record into: latency and, for streaming runs, TTFT, TPOT and
 * ITL.
 *
 * <p>Implementation notes: several writers (the workers whose join index falls on this stripe) and one reader
 * (the controller), so multi-writer {@link Recorder}s with a fixed range: a non-packed histogram never
 * resizes, so recording stays wait-free (a shared <em>packed</em> {@code Recorder} resizing under many
 * concurrent writers was seen to livelock). Values are clamped into {@code [0, HIGHEST_MICROS]} so that one
 * absurd value can never throw on a worker. The price of the fixed range is memory (~190 KB of counts per
 * histogram, two histograms per {@code Recorder}), which is why a bucket holds few stripes and drops them as
 * soon as its level is over.
 */
final class Stripe {

    /** The highest value kept exactly; larger ones are recorded as this (one hour, in microseconds). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder latency = newRecorder();
    private final Recorder ttft;
    private final Recorder tpot;
    private final Recorder itl;

    // reader-owned interval histograms, each recycled into the recorder it came from
    private Histogram latencyInterval;
    private Histogram ttftInterval;
    private Histogram tpotInterval;
    private Histogram itlInterval;

    Stripe(boolean streaming) {
        ttft = streaming ? newRecorder() : null;
        tpot = streaming ? newRecorder() : null;
        itl = streaming ? newRecorder() : null;
    }

    private static Recorder newRecorder() {
        return new Recorder(1, HIGHEST_MICROS, Bucket.DIGITS);
    }

    static long clamp(long micros) {
        return Math.max(0, Math.min(HIGHEST_MICROS, micros));
    }

    void recordLatency(long micros) {
        latency.recordValue(clamp(micros));
    }

    void recordTtft(long micros) {
        ttft.recordValue(clamp(micros));
    }

    void recordTpot(long micros) {
        tpot.recordValue(clamp(micros));
    }

    void recordItl(long micros) {
        itl.recordValue(clamp(micros));
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
