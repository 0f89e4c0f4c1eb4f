package io.benchsuite.report;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Turns a stored latency histogram ({@code latency_histogram_us}: compressed, base64, microseconds) into a
 * fixed, small list of (percentile, milliseconds) points for the distribution chart. The x position of
 * percentile {@code p} is its number of nines, {@code -log10(1 - p/100)}: 90% is 1, 99% is 2, 99.9% is 3.
 */
final class HistogramPoints {

    /** The percentiles plotted, the same for every bucket so series share their x values. */
    static final double[] PERCENTILES = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96.875, 97.5,
            98.4375, 99, 99.5, 99.75, 99.9, 99.95, 99.99, 99.999};

    private HistogramPoints() {
    }

    /** x positions (nines) of {@link #PERCENTILES}. */
    static double[] nines() {
        double[] x = new double[PERCENTILES.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(-Math.log10(1 - PERCENTILES[i] / 100.0) * 10000) / 10000.0;
        }
        return x;
    }

    /**
     * The latency in ms at each of {@link #PERCENTILES}, or null when the bucket has no histogram or an empty one.
     *
     * @throws IllegalArgumentException when {@code base64} is not a histogram
     */
    static double[] valuesMs(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        Histogram h = decode(base64);
        if (h.getTotalCount() == 0) {
            return null;
        }
        double[] v = new double[PERCENTILES.length];
        for (int i = 0; i < v.length; i++) {
            long us = PERCENTILES[i] == 0 ? h.getMinValue() : h.getValueAtPercentile(PERCENTILES[i]);
            v[i] = Math.round(us) / 1000.0;
        }
        return v;
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("latency_histogram_us is not a compressed base64 HdrHistogram ("
                    + e.getMessage() + "); the result file may be damaged", e);
        }
    }
}
