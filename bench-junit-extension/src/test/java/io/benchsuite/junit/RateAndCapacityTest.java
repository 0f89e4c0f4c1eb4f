package io.benchsuite.junit;

import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Capacity;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The open model and the capacity search from {@code @LoadTest}, method form, through the JUnit engine. */
class RateAndCapacityTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class AtARate {
        static final AtomicInteger CALLS = new AtomicInteger();
        static final AtomicInteger IN_FLIGHT = new AtomicInteger();
        static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

        @LoadTest(loadModel = LoadModel.OPEN, maxRate = 100, enableRamping = false, durationSeconds = 2,
                arrival = Arrival.CONSTANT, maxInFlight = 3, seed = 5)
        @Threshold("service_time.p99 < 5s")
        void call() throws InterruptedException {
            CALLS.incrementAndGet();
            MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } finally {
                IN_FLIGHT.decrementAndGet();
            }
        }
    }

    @Test
    void an_open_load_test_calls_the_method_at_the_scheduled_times_on_at_most_max_in_flight_threads() throws Exception {
        // when
        EngineExecutionResults results = Fixtures.run(AtARate.class, "call", out);

        // then: 100 req/s for 2 s, constant arrivals: exactly 200 calls, never more than 3 at once
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        RunResult result = Fixtures.result(out, AtARate.class, "call");
        assertThat(result.openModel()).isTrue();
        assertThat(AtARate.CALLS.get()).isEqualTo(200);
        assertThat(AtARate.MAX_IN_FLIGHT.get()).isLessThanOrEqualTo(3);
        assertThat(result.buckets()).extracting(Stats::rate).containsExactly(100.0);
        assertThat(result.overall().serviceTimeMs()).isNotNull();
        assertThat(result.validity()).isNotNull();
        assertThat(result.config().get("seed").asLong()).isEqualTo(5);
    }

    /** A server of 4 slots of 20 ms: w workers wait 5 ms x w (above 4), so p99 < 100 ms holds up to 19 workers. */
    @FixtureOnly
    static class Capacity20 {
        static final Semaphore SLOTS = new Semaphore(4, true);

        @LoadTest(sweep = true, minLoad = 1, maxLoad = 32, durationSeconds = 1.5)
        @Threshold("p99 < 100ms")
        void call() throws InterruptedException {
            SLOTS.acquire();
            try {
                Thread.sleep(20);
            } finally {
                SLOTS.release();
            }
        }

        @LoadTest(sweep = true, minLoad = 30, maxLoad = 32, durationSeconds = 1)
        @Threshold("p99 < 100ms")
        void tooSlowEvenAtTheBottom() throws InterruptedException {
            call();
        }
    }

    @Test
    void a_sweep_finds_the_workers_that_meet_the_slo_and_the_answer_can_be_asserted() throws Exception {
        // when
        EngineExecutionResults results = Fixtures.run(Capacity20.class, "call", out);

        // then
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        RunResult result = Fixtures.result(out, Capacity20.class, "call");
        Capacity c = result.capacity();
        assertThat(c.unit()).isEqualTo(Capacity.WORKERS);
        assertThat(c.found()).isTrue();
        // 20 workers wait 100 ms at the least, whatever the machine: the SLO can hold at 19 at most
        assertThat(c.value()).isBetween(2.0, 19.0);
        assertThat(c.upper()).isEqualTo(c.value() + 1);
        assertThat(c.limitedBy()).containsExactly("p99 < 100ms");
        assertThat(result.buckets()).hasSize(c.probes());
        assertThat(result.thresholds()).allMatch(t -> t.passed());
        assertThat(new LoadTestResult(result, out)).capacity().isAtLeast(2);
    }

    @Test
    void a_sweep_whose_lowest_load_fails_the_slo_fails_the_test_saying_so() throws Exception {
        // when
        EngineExecutionResults results = Fixtures.run(Capacity20.class, "tooSlowEvenAtTheBottom", out);

        // then
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String message = results.testEvents().failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();
        assertThat(message).contains("No load of the sweep met the SLO: the lowest, 30 workers, failed it");
        RunResult result = Fixtures.result(out, Capacity20.class, "tooSlowEvenAtTheBottom");
        assertThat(result.capacity().found()).isFalse();
        assertThat(result.capacity().stoppedBy()).isEqualTo("lowest_failed");
    }

    @Test
    void the_answer_reads_as_one_line() {
        Capacity c = new Capacity(Capacity.RATE, 171.0, 171.0, 177.0, java.util.List.of("p99 < 100ms"), 10,
                java.util.List.of("p99 < 100ms"), 0.05, "resolution", java.util.List.of());

        assertThat(c.sentence(95.6)).isEqualTo("capacity: 171 req/s (met at 171, failed at 177 req/s; resolution "
                + "5 %), limited by p99 < 100ms; 10 probes in 96 s");
    }
}
