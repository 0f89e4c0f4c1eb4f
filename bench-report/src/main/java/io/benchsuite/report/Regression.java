package io.benchsuite.report;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The comparison of one worker level present in both runs, and the regressions it shows. A level regressed when
 * the current run, against the base, has: p99 latency more than {@link #LATENCY_LIMIT} higher, throughput more
 * than {@link #THROUGHPUT_LIMIT} lower, or a success rate more than {@link #SUCCESS_POINTS} percentage points
 * lower; for LLM runs also TTFT p99 more than {@link #LATENCY_LIMIT} higher or output tokens/s more than
 * {@link #THROUGHPUT_LIMIT} lower. Defined in {@code docs/metrics.md} ("Report").
 *
 * @param workers     the level
 * @param base        the base run's bucket
 * @param current     the current run's bucket
 * @param regressions what got worse beyond the limits, for people ({@code p99 +15.2%}); empty when nothing did
 */
record Regression(int workers, Stats base, Stats current, List<String> regressions) {

    static final double LATENCY_LIMIT = 0.10;
    static final double THROUGHPUT_LIMIT = 0.10;
    static final double SUCCESS_POINTS = 1.0;

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
        if (up(b.latencyMs().p99(), c.latencyMs().p99(), LATENCY_LIMIT)) {
            found.add("p99 " + Fmt.change(b.latencyMs().p99(), c.latencyMs().p99()));
        }
        if (down(b.throughputRps(), c.throughputRps(), THROUGHPUT_LIMIT)) {
            found.add("throughput " + Fmt.change(b.throughputRps(), c.throughputRps()));
        }
        if (b.successRate() - c.successRate() > SUCCESS_POINTS) {
            found.add("success rate " + Fmt.points(b.successRate(), c.successRate()));
        }
        if (b.ttftMs() != null && c.ttftMs() != null && up(b.ttftMs().p99(), c.ttftMs().p99(), LATENCY_LIMIT)) {
            found.add("TTFT p99 " + Fmt.change(b.ttftMs().p99(), c.ttftMs().p99()));
        }
        if (b.outputTokensPerSecond() != null && c.outputTokensPerSecond() != null
                && down(b.outputTokensPerSecond(), c.outputTokensPerSecond(), THROUGHPUT_LIMIT)) {
            found.add("output tokens/s " + Fmt.change(b.outputTokensPerSecond(), c.outputTokensPerSecond()));
        }
        return new Regression(workers, b, c, found);
    }

    private static boolean up(double base, double current, double limit) {
        return base > 0 && (current - base) / base > limit;
    }

    private static boolean down(double base, double current, double limit) {
        return base > 0 && (base - current) / base > limit;
    }
}
