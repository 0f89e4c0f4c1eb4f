package io.benchsuite.engine.config;

import java.util.Collection;

/** "Did you mean" suggestions: a candidate the word starts or ends (a cut-off key), or the closest by edit distance. */
public final class Suggest {

    private Suggest() {
    }

    /**
     * The candidate meant by {@code word}, or null when none is close: the shortest candidate that {@code word} is
     * the beginning of (at least 4 characters: {@code ramp_duration} for {@code ramp_duration_seconds}), else the
     * closest by edit distance, within a third of the word's length (at least 2).
     */
    public static String closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() >= 4) {
            String prefixed = null;
            for (String c : candidates) {
                if (c.toLowerCase(java.util.Locale.ROOT).startsWith(lower) && c.length() > lower.length()
                        && (prefixed == null || c.length() < prefixed.length())) {
                    prefixed = c;
                }
            }
            if (prefixed != null) {
                return prefixed;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
