package io.benchsuite.report;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.compare.RunComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The comparison of one worker level present in both runs, and the regressions it shows, as the compare page
 * words them ({@code p99 +15.2%}). The rule is {@link RunComparison}'s, the same as {@code bench analyze
 * --compare}'s (defined in {@code docs/metrics.md}, "Report").
 *
 * @param workers     the level
 * @param base        the base run's bucket
 * @param current     the current run's bucket
 * @param regressions what got worse beyond the limits, for people ({@code p99 +15.2%}); empty when nothing did
 */
record Regression(int workers, Stats base, Stats current, List<String> regressions) {

    Regression {
        regressions = List.copyOf(regressions);
    }

    boolean regressed() {
        return !regressions.isEmpty();
    }

    /** One entry per worker level that both runs measured (with requests), in ascending order. */
    static List<Regression> compare(RunResult base, RunResult current) {
        TreeSet<Integer> levels = new TreeSet<>();
        base.buckets().stream().filter(b -> b.workers() != null && b.requests() > 0).forEach(b -> levels.add(b.workers()));
        List<Regression> out = new ArrayList<>();
        for (int w : levels) {
            Stats b = base.bucket(w).orElseThrow();
            Stats c = current.bucket(w).filter(s -> s.requests() > 0).orElse(null);
            if (c != null) {
                out.add(of(w, b, c));
            }
        }
        return out;
    }

    static Regression of(int workers, Stats b, Stats c) {
        List<String> found = new ArrayList<>();
        for (RunComparison.Delta d : RunComparison.compare("workers=" + workers, workers, b, c).deltas()) {
            if (d.regression()) {
                found.add(label(d.metric()) + " " + (d.inPoints() ? Fmt.points(d.base(), d.current())
                        : Fmt.change(d.base(), d.current())));
            }
        }
        return new Regression(workers, b, c, found);
    }

    private static String label(String metric) {
        return switch (metric) {
            case "p99_ms" -> "p99";
            case "throughput_rps" -> "throughput";
            case "success_rate" -> "success rate";
            case "ttft_p99_ms" -> "TTFT p99";
            case "output_tokens_per_s" -> "output tokens/s";
            default -> metric;
        };
    }
}
