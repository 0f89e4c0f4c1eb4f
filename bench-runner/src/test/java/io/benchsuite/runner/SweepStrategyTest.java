package io.benchsuite.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search on a simulated server: 4 service slots of 20 ms (true capacity 200 req/s), simulated event by event on
 * a clock the test drives, with the SLO {@code p99 < 100ms}. No load runs; the same seeds give the same answers.
 */
class SweepStrategyTest {

    static final double SLOTS = 4;
    static final double SERVICE_MS = 20;
    static final double LIMIT_MS = 100;
    static final double PROBE_SECONDS = 20;

    /** p99 latency (ms) and completed requests per second of Poisson arrivals at {@code rate} for a probe. */
    static double[] openProbe(double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Double> free = new PriorityQueue<>();
        for (int i = 0; i < SLOTS; i++) {
            free.add(0.0);
        }
        List<Double> latencies = new ArrayList<>();
        double t = 0;
        int completed = 0;
        while (true) {
            t += random.nextExponential() / rate * 1000; // ms
            if (t >= PROBE_SECONDS * 1000) {
                break;
            }
            double start = Math.max(t, free.poll()); // first come, first served on the slot that frees first
            double end = start + SERVICE_MS;
            free.add(end);
            latencies.add(end - t);
            if (end < PROBE_SECONDS * 1000) {
                completed++;
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {sorted[(int) Math.ceil(0.99 * sorted.length) - 1], completed / PROBE_SECONDS};
    }

    /** p99 latency (ms) of {@code workers} closed-loop workers: each waits for a slot, 20 ms each. */
    static double closedProbe(int workers) {
        return SERVICE_MS * Math.max(1, workers / SLOTS);
    }

    static SweepStrategy.Outcome outcome(double p99, double throughput) {
        boolean passed = p99 < LIMIT_MS;
        boolean marginal = Math.abs(p99 - LIMIT_MS) / LIMIT_MS < SweepStrategy.NOISE;
        return new SweepStrategy.Outcome(passed, marginal, throughput, passed ? List.of() : List.of("p99 < 100ms"));
    }

    @Test
    void the_open_sweep_finds_the_simulated_servers_capacity_within_four_minutes_of_probes() {
        for (long seed = 1; seed <= 20; seed++) {
            // given
            SweepStrategy sweep = new SweepStrategy(10, 400, false, 0.05);

            // when
            long probe = 0;
            while (sweep.next().isPresent()) {
                double[] p = openProbe(sweep.next().getAsDouble(), seed * 1000 + probe++);
                sweep.record(outcome(p[0], p[1]));
            }

            // then
            assertThat(sweep.stop()).isEqualTo(SweepStrategy.Stop.RESOLUTION);
            assertThat(sweep.lower()).as("seed %d", seed).isBetween(150.0, 205.0);
            assertThat((sweep.upper() - sweep.lower()) / sweep.lower()).isLessThanOrEqualTo(0.05);
            assertThat(sweep.probes() * PROBE_SECONDS).as("seconds of probes").isLessThanOrEqualTo(240);
            assertThat(sweep.limitedBy()).containsExactly("p99 < 100ms");
        }
    }

    @Test
    void the_closed_sweep_finds_the_workers_where_latency_reaches_the_limit() {
        // given latency = 5 ms x workers above 4: p99 < 100 ms up to 19 workers
        SweepStrategy sweep = new SweepStrategy(1, 64, true, 0.05);
        List<Double> loads = new ArrayList<>();

        // when
        while (sweep.next().isPresent()) {
            double w = sweep.next().getAsDouble();
            loads.add(w);
            sweep.record(outcome(closedProbe((int) w), Double.NaN));
        }

        // then: the boundary to the worker, every probe a whole number
        assertThat(sweep.lower()).isEqualTo(19);
        assertThat(sweep.upper()).isEqualTo(20);
        assertThat(loads).allSatisfy(w -> assertThat(w % 1).isZero());
        assertThat(loads.size()).isLessThanOrEqualTo(12);
    }

    @Test
    void a_verdict_within_the_noise_is_probed_again_and_passes_only_if_both_did() {
        // given a range whose middle probe lands at 99 ms, then at 101 ms
        SweepStrategy sweep = new SweepStrategy(10, 30, false, 0.05);
        sweep.record(outcome(20, Double.NaN)); // 10 passes
        sweep.record(outcome(500, Double.NaN)); // 30 fails
        assertThat(sweep.next()).hasValue(20.0);

        // when
        sweep.record(outcome(99, Double.NaN)); // marginal: repeated
        assertThat(sweep.next()).hasValue(20.0);
        sweep.record(outcome(101, Double.NaN));

        // then the load failed (one of its two probes did), and the search goes below it
        assertThat(sweep.upper()).isEqualTo(20.0);
        assertThat(sweep.next()).hasValue(15.0);
        assertThat(sweep.probes()).isEqualTo(4);
    }

    @Test
    void the_ends_of_the_range_decide_at_once() {
        SweepStrategy failsLow = new SweepStrategy(10, 100, false, 0.05);
        failsLow.record(outcome(150, Double.NaN));
        assertThat(failsLow.stop()).isEqualTo(SweepStrategy.Stop.LOWEST_FAILED);
        assertThat(failsLow.lower()).isNaN();
        assertThat(failsLow.limitedBy()).containsExactly("p99 < 100ms");

        SweepStrategy passesTop = new SweepStrategy(10, 100, false, 0.05);
        passesTop.record(outcome(20, Double.NaN));
        passesTop.record(outcome(40, Double.NaN));
        assertThat(passesTop.stop()).isEqualTo(SweepStrategy.Stop.RANGE_TOP);
        assertThat(passesTop.lower()).isEqualTo(100.0);
        assertThat(passesTop.upper()).isNaN();
        assertThat(passesTop.next()).isEmpty();
    }

    @Test
    void the_simulated_server_is_what_the_test_says_it_is() {
        // below capacity the latency is about the service time; far above it, throughput is the 4 slots' 200 req/s
        assertThat(openProbe(50, 1)[0]).isLessThan(45);
        assertThat(openProbe(400, 1)[1]).isBetween(195.0, 201.0);
        assertThat(Arrays.stream(new int[] {4, 19, 20}).mapToDouble(SweepStrategyTest::closedProbe).toArray())
                .containsExactly(20, 95, 100);
    }
}
