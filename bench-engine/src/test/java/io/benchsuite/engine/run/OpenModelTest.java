package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.RatePlan.Arrival;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.Validity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The open model's dispatch on a manual clock: arrivals at their instants, the {@code max_in_flight} cap, the queue
 * behind it, the rate buckets and the validity verdict, without depending on how fast the machine runs.
 */
class OpenModelTest {

    /** A server that holds every request until the test lets it answer, recording the order requests arrived in. */
    static final class GatedTarget implements Target {
        final Semaphore answers = new Semaphore(0);
        final List<Long> arrived = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public void execute(Exchange ex) throws InterruptedException {
            arrived.add(ex.seq());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                answers.acquire();
                ex.success(200);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static RatePlan constant(double rate, Duration duration, int maxInFlight) {
        return new RatePlan(rate, rate, false, duration, Duration.ZERO, duration, 1, Arrival.CONSTANT, 1, maxInFlight,
                1, 0);
    }

    private static Future<RunResult> start(ManualClock clock, Target target, RatePlan rates) {
        return clock.start(() -> LoadEngine.run(clock.applyTo(RunSpec.builder(target, rates)).build()));
    }

    @Test
    void requests_due_while_max_in_flight_are_in_flight_wait_in_order_and_go_one_per_ended_request() throws Exception {
        // given 100 req/s for 1 s, at most 3 in flight, a server that answers only when told
        GatedTarget target = new GatedTarget();
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, target, constant(100, Duration.ofSeconds(1), 3));

            // when 6 requests are due (at 0, 10, ..., 50 ms): 3 are sent, 3 wait
            clock.advanceTo(Duration.ofMillis(55));
            ManualClock.waitFor("3 requests at the server", () -> target.arrived.size() == 3);

            // then each answer lets exactly the oldest waiting request go
            target.answers.release();
            ManualClock.waitFor("a 4th request", () -> target.arrived.size() == 4);
            assertThat(target.inFlight.get()).isEqualTo(3);
            target.answers.release();
            ManualClock.waitFor("a 5th request", () -> target.arrived.size() == 5);
            target.answers.release();
            ManualClock.waitFor("the 6th request", () -> target.arrived.size() == 6);
            assertThat(target.arrived.subList(0, 3)).containsExactlyInAnyOrder(0L, 1L, 2L);
            assertThat(target.arrived.subList(3, 6)).containsExactly(3L, 4L, 5L);

            // and the rest of the second runs with the server answering at once
            target.answers.release(10_000);
            clock.advanceTo(Duration.ofSeconds(1));
            RunResult result = clock.await(run);

            assertThat(target.maxInFlight.get()).isEqualTo(3);
            assertThat(target.arrived).hasSize(100).doesNotHaveDuplicates(); // none lost, none sent twice
            assertThat(result.loadModel()).isEqualTo(RunResult.OPEN);
            assertThat(result.buckets()).singleElement().satisfies(b -> {
                assertThat(b.rate()).isEqualTo(100.0);
                assertThat(b.workers()).isNull();
                assertThat(b.requests()).isEqualTo(100);
                assertThat(b.serviceTimeMs()).isNotNull();
            });
            assertThat(result.overall().serviceTimeMs()).isNotNull();
            assertThat(result.validity().waitedForSlot()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void each_request_is_bucketed_by_the_rate_level_it_was_due_at() throws Exception {
        // given 10 -> 40 req/s in 4 levels of 1 s, a server that answers at once
        GatedTarget target = new GatedTarget();
        target.answers.release(100_000);
        RatePlan plan = new RatePlan(10, 40, true, Duration.ofSeconds(4), Duration.ZERO, Duration.ofSeconds(4), 4,
                Arrival.CONSTANT, 1, 10, 1, 0);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, target, plan);

            // when
            for (int ms = 100; ms <= 4000; ms += 100) {
                clock.advanceTo(Duration.ofMillis(ms));
            }
            RunResult result = clock.await(run);

            // then
            assertThat(result.buckets()).extracting(Stats::rate).containsExactly(10.0, 20.0, 30.0, 40.0);
            assertThat(result.buckets()).extracting(Stats::requests).containsExactly(10L, 20L, 30L, 40L);
            assertThat(result.buckets()).extracting(Stats::windowSeconds)
                    .containsExactly(List.of(0.0, 1.0), List.of(1.0, 2.0), List.of(2.0, 3.0), List.of(3.0, 4.0));
            assertThat(result.timeline()).extracting(e -> e.rate()).isSorted().endsWith(40.0);
        }
    }

    @Test
    void a_rate_the_target_cannot_answer_is_flagged_invalid_naming_the_rate_and_the_wait_for_slots() throws Exception {
        // given 100 req/s for 1 s, at most 2 in flight, a server that answers nothing during the load
        GatedTarget target = new GatedTarget();
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, target, constant(100, Duration.ofSeconds(1), 2));

            // when the load ends with 2 requests sent of the 100 due, then the server answers everything
            clock.advanceTo(Duration.ofSeconds(1));
            ManualClock.waitFor("2 requests at the server", () -> target.arrived.size() == 2);
            target.answers.release(10_000);
            RunResult result = clock.await(run);

            // then every due request was sent and measured, and the verdict says the rate was not achieved
            assertThat(result.overall().requests()).isEqualTo(100);
            Validity v = result.validity();
            assertThat(v.valid()).isFalse();
            assertThat(v.targetRps()).isEqualTo(100.0);
            assertThat(v.achievedRps()).isEqualTo(2.0);
            assertThat(v.waitedForSlot()).isEqualTo(98);
            assertThat(v.reasons()).anySatisfy(r -> assertThat(r)
                    .startsWith("achieved 2 req/s, 2.0 % of the scheduled 100 req/s (below 95 %)")
                    .contains("max_in_flight 2"));
        }
    }

    @Test
    void total_requests_ends_an_open_run_after_exactly_that_many_requests() throws Exception {
        // given
        GatedTarget target = new GatedTarget();
        target.answers.release(100_000);
        RatePlan plan = new RatePlan(50, 50, false, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(60), 1,
                Arrival.POISSON, 1, 5, 9, 25);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, target, plan);

            // when the clock passes the 25th arrival (Poisson at 50 req/s: well within 10 s)
            clock.advanceTo(Duration.ofSeconds(10));
            RunResult result = clock.await(run);

            // then
            assertThat(result.overall().requests()).isEqualTo(25);
            assertThat(target.arrived).hasSize(25);
        }
    }

    @Test
    void a_second_abort_drops_the_waiting_requests_as_cancelled_and_keeps_what_was_measured() throws Exception {
        // given a server that never answers and 20 requests due behind 2 slots
        GatedTarget target = new GatedTarget();
        RunControl control = new RunControl();
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = clock.start(() -> LoadEngine.run(clock.applyTo(
                    RunSpec.builder(target, constant(100, Duration.ofSeconds(10), 2)).withControl(control)).build()));
            clock.advanceTo(Duration.ofMillis(195));
            ManualClock.waitFor("2 requests at the server", () -> target.arrived.size() == 2);

            // when the user stops the run at once
            control.abort("test");
            control.abort("test again");
            RunResult result = clock.await(run);

            // then
            assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
            assertThat(result.overall().requests()).isEqualTo(20);
            assertThat(result.overall().errors()).containsEntry("cancelled", 20L);
        }
    }
}
