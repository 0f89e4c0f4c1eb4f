package io.benchsuite.engine.run;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The histograms one bucket's totals are kept in (packed, auto-resizing; microseconds): latency always; service
 * time in the open model (from the actual send, where latency runs from the intended start); TTFT, TPOT and ITL for
 * streaming runs. Owned by the controller thread.
 */
final class Totals {

    final Histogram latency = new PackedHistogram(Bucket.DIGITS);
    /** Null in the closed model (latency and service time are the same there). */
    final Histogram service;
    /** Null unless streaming. */
    final Histogram ttft;
    final Histogram ttfo;
    final Histogram tpot;
    final Histogram itl;

    Totals(boolean streaming, boolean open) {
        service = open ? new PackedHistogram(Bucket.DIGITS) : null;
        ttft = streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        ttfo = streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        tpot = streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        itl = streaming ? new PackedHistogram(Bucket.DIGITS) : null;
    }

    /** Adds a stripe's interval, metric by metric ({@link Stripe}'s indices); a null histogram is skipped. */
    void add(AbstractHistogram[] interval) {
        add(latency, interval[Stripe.LATENCY]);
        add(ttft, interval[Stripe.TTFT]);
        add(ttfo, interval[Stripe.TTFO]);
        add(tpot, interval[Stripe.TPOT]);
        add(itl, interval[Stripe.ITL]);
        add(service, interval[Stripe.SERVICE]);
    }

    /** Adds {@code other}'s totals (a bucket's into the run's). */
    void add(Totals other) {
        add(latency, other.latency);
        add(ttft, other.ttft);
        add(ttfo, other.ttfo);
        add(tpot, other.tpot);
        add(itl, other.itl);
        add(service, other.service);
    }

    private static void add(Histogram into, AbstractHistogram from) {
        if (into != null && from != null) {
            into.add(from);
        }
    }
}
