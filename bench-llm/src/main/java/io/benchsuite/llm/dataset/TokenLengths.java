package io.benchsuite.llm.dataset;

import java.util.SplittableRandom;

/**
 * A distribution of token lengths: normal with {@code mean} and {@code stdev}, rounded and kept within
 * {@code [min, max]} (a draw outside is drawn again, so the bounds cut the tails rather than piling values on them);
 * {@code stdev} 0 is a fixed length. Written {@code MEAN[:STDEV[:MIN:MAX]]}, e.g. {@code 512:128:64:1024}.
 *
 * @param mean  the mean length, at least 1
 * @param stdev the standard deviation, at least 0
 * @param min   the shortest length, at least 1
 * @param max   the longest length, at least {@code min}
 */
public record TokenLengths(double mean, double stdev, int min, int max) {

    public TokenLengths {
        if (!(mean >= 1) || !(stdev >= 0) || min < 1 || max < min || mean < min || mean > max
                || Double.isInfinite(mean + stdev)) {
            throw new IllegalArgumentException("needs MEAN >= 1, STDEV >= 0 and 1 <= MIN <= MEAN <= MAX; got mean " + mean
                    + ", stdev " + stdev + ", min " + min + ", max " + max);
        }
    }

    /**
     * Parses {@code MEAN[:STDEV[:MIN:MAX]]}; without bounds, {@code [1, mean + 10 stdev]}.
     *
     * @throws IllegalArgumentException with the reason and the form
     */
    public static TokenLengths parse(String text) {
        String[] p = text.strip().split(":");
        try {
            double mean = Double.parseDouble(p[0]);
            double stdev = p.length > 1 ? Double.parseDouble(p[1]) : 0;
            if (p.length == 1 || p.length == 2) {
                return new TokenLengths(mean, stdev, 1, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, Math.ceil(mean + 10 * stdev))));
            }
            if (p.length == 4) {
                return new TokenLengths(mean, stdev, Integer.parseInt(p[2]), Integer.parseInt(p[3]));
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not MEAN[:STDEV[:MIN:MAX]], e.g. 512:128:64:1024");
    }

    /** The next length. */
    public int next(SplittableRandom r) {
        if (stdev == 0) {
            return (int) Math.round(mean);
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            long v = Math.round(mean + stdev * gaussian(r));
            if (v >= min && v <= max) {
                return (int) v;
            }
        }
        return (int) Math.round(mean); // bounds so tight around the mean that draws keep missing them
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
