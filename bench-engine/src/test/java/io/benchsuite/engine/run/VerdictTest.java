package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Validity;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The validity rules, one by one, on measures given by the test. */
class VerdictTest {

    private static final GeneratorLoad.Used IDLE = new GeneratorLoad.Used(12.5, 3, 10);

    private static Histogram micros(long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    private static OpenWorkers.OpenMeasures open(long scheduled, long sent, long waited, long lagMicros) {
        return new OpenWorkers.OpenMeasures(scheduled, sent, waited, micros(lagMicros), micros(waited > 0 ? 5000 : 0));
    }

    @Test
    void a_healthy_closed_run_is_valid_with_its_measures() {
        Validity v = Verdict.of(null, 10, IDLE, false, Map.of("http_503", 4L), 0);

        assertThat(v.valid()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.generatorCpuPercent()).isEqualTo(12.5);
        assertThat(v.gcPauseMs()).isEqualTo(3);
        assertThat(v.targetRps()).isNull();
        assertThat(v.clientErrors()).isZero();
    }

    @Test
    void an_open_run_that_sent_what_it_scheduled_on_time_is_valid() {
        Validity v = Verdict.of(open(1000, 990, 0, 400), 10, IDLE, false, Map.of(), 100);

        assertThat(v.valid()).isTrue();
        assertThat(v.targetRps()).isEqualTo(100.0);
        assertThat(v.achievedRps()).isEqualTo(99.0);
        assertThat(v.schedulingLagP99Ms()).isEqualTo(0.4);
        assertThat(v.waitedForSlot()).isZero();
    }

    @Test
    void below_95_percent_of_the_scheduled_rate_is_invalid_and_the_reason_tells_why() {
        Validity slots = Verdict.of(open(1000, 900, 300, 400), 10, IDLE, false, Map.of(), 50);
        Validity generator = Verdict.of(open(1000, 900, 0, 400), 10, IDLE, false, Map.of(), 50);

        assertThat(slots.valid()).isFalse();
        assertThat(slots.reasons()).singleElement().asString()
                .startsWith("achieved 90 req/s, 90.0 % of the scheduled 100 req/s (below 95 %): requests waited for "
                        + "one of the max_in_flight 50 slots (300 of them");
        assertThat(generator.reasons()).singleElement().asString()
                .contains("the generator could not send them on time");
    }

    @Test
    void a_late_generator_a_busy_cpu_long_gc_pauses_and_client_errors_are_each_a_reason() {
        Validity v = Verdict.of(open(1000, 1000, 0, 25_000), 10, new GeneratorLoad.Used(95.3, 1500, 10), false,
                Map.of("client_fd_limit", 3L, "timeout", 2L), 100);

        assertThat(v.valid()).isFalse();
        assertThat(v.reasons()).hasSize(4);
        assertThat(v.reasons().get(0)).startsWith("the generator sent requests late: scheduling lag p99 25");
        assertThat(v.reasons().get(1)).startsWith("the generator used 95.3 % of the machine's CPU (above 90 %)");
        assertThat(v.reasons().get(2)).startsWith("the generator's JVM paused 1500 ms for garbage collection, 15.0 %");
        assertThat(v.reasons().get(3)).startsWith("3 requests failed on the generator's own limits (client_fd_limit)");
        assertThat(v.clientErrors()).isEqualTo(3);
    }

    @Test
    void the_cpu_of_work_that_runs_in_this_process_is_reported_but_not_held_against_the_run() {
        Validity v = Verdict.of(null, 10, new GeneratorLoad.Used(99, 0, 10), true, Map.of(), 0);

        assertThat(v.valid()).isTrue();
        assertThat(v.generatorCpuPercent()).isEqualTo(99.0);
    }

    @Test
    void the_generator_load_is_measured_over_the_window_between_two_readings() {
        GeneratorLoad start = GeneratorLoad.now();
        long spin = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < spin) {
            Thread.onSpinWait();
        }
        GeneratorLoad.Used used = GeneratorLoad.since(start);

        // one thread spun for the window: CPU is positive and at most the whole machine
        assertThat(used.cpuPercent()).isBetween(0.0, 100.0 + 1e-9);
        assertThat(used.seconds()).isGreaterThanOrEqualTo(0.05);
        assertThat(used.gcPauseMs()).isGreaterThanOrEqualTo(0);
    }
}
