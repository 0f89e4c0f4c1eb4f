package io.benchsuite.report;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.util.Comparator;
import java.util.List;

/**
 * The open model's statement about its rate levels: the top rate and its latency, and the first level where
 * requests waited to be sent ({@code latency p99 > 2 x service time p99}: the target no longer kept up with the rate,
 * so requests queued at {@code max_in_flight} or the generator was late). Defined in docs/report.md.
 */
final class OpenScaling {

    /** Latency p99 above this multiple of the service time p99 means requests waited to be sent. */
    static final double WAIT_FACTOR = 2.0;

    private OpenScaling() {
    }

    /** The first level (lowest rate) whose requests waited to be sent, or null. */
    static Stats firstBehind(List<Stats> buckets) {
        return buckets.stream().filter(b -> b.rate() != null && b.requests() > 0 && b.serviceTimeMs() != null)
                .sorted(Comparator.comparing(Stats::rate))
                .filter(b -> b.latencyMs().p99() > WAIT_FACTOR * b.serviceTimeMs().p99())
                .findFirst().orElse(null);
    }

    static String sentence(RunResult r) {
        List<Stats> levels = r.buckets().stream().filter(b -> b.rate() != null && b.requests() > 0)
                .sorted(Comparator.comparing(Stats::rate)).toList();
        if (levels.isEmpty()) {
            return "No rate level completed a request.";
        }
        Stats top = levels.getLast();
        String topText = "Top rate " + Fmt.targetRate(top.rate()) + " req/s: latency p99 " + Fmt.ms(top.latencyMs().p99())
                + " ms" + (top.serviceTimeMs() == null ? "" : ", service time p99 " + Fmt.ms(top.serviceTimeMs().p99())
                + " ms") + ", " + Fmt.pct(top.successRate()) + " % successful.";
        Stats behind = firstBehind(levels);
        if (behind == null) {
            return topText + " At every level the target kept up with the rate: latency p99 stayed within "
                    + Math.round(WAIT_FACTOR) + "x the service time p99.";
        }
        return topText + " From " + Fmt.targetRate(behind.rate()) + " req/s on, requests waited to be sent (latency "
                + "p99 " + Fmt.ms(behind.latencyMs().p99()) + " ms, more than " + Math.round(WAIT_FACTOR)
                + "x the service time p99 " + Fmt.ms(behind.serviceTimeMs().p99()) + " ms): the target no longer kept "
                + "up with the rate.";
    }
}
