package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine driving an {@link EventLoopTarget}: no thread per worker, requests started and ended by callbacks. */
class LoadEngineEventLoopTest {

    /**
     * A fake event-loop server: one thread ends each request {@code serviceMillis} after it started; every
     * {@code inlineEvery}-th request instead ends before {@code start} returns; with {@code hang}, requests only
     * end when aborted.
     */
    static final class FakeLoopTarget implements EventLoopTarget {
        final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        final long serviceMicros;
        final int inlineEvery;
        final boolean hang;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        /** Requests that found more requests in flight than the highest level any request started at so far. */
        final AtomicInteger aboveLevel = new AtomicInteger();
        final AtomicInteger highestLevel = new AtomicInteger();
        final AtomicLong started = new AtomicLong();
        final AtomicInteger aborts = new AtomicInteger();
        final Map<Exchange, Runnable> pending = new ConcurrentHashMap<>();
        final Map<Integer, Boolean> levelsSeen = new ConcurrentHashMap<>();

        FakeLoopTarget(double serviceMillis, int inlineEvery, boolean hang) {
            this.serviceMicros = (long) (serviceMillis * 1000);
            this.inlineEvery = inlineEvery;
            this.hang = hang;
        }

        @Override
        public void start(Exchange ex, Runnable done) {
            levelsSeen.put(ex.workers(), true);
            // not ex.workers(): the level may rise, and a new worker start, between this request's level being
            // read and this call; every request in flight counts after its own level was noted here
            highestLevel.accumulateAndGet(ex.workers(), Math::max);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            if (now > highestLevel.get()) {
                aboveLevel.incrementAndGet();
            }
            if (inlineEvery > 0 && started.incrementAndGet() % inlineEvery == 0) {
                inFlight.decrementAndGet();
                ex.success(200);
                done.run();
                return;
            }
            if (hang) {
                pending.put(ex, done);
                return;
            }
            loop.schedule(() -> {
                inFlight.decrementAndGet();
                ex.success(200);
                done.run();
            }, serviceMicros, TimeUnit.MICROSECONDS);
        }

        @Override
        public void abortInFlight() {
            aborts.incrementAndGet();
            loop.execute(() -> pending.forEach((ex, done) -> {
                if (pending.remove(ex) != null) {
                    inFlight.decrementAndGet();
                    ex.failure(Exchange.TIMEOUT, 0, "interrupted: the run stopped while in flight");
                    done.run();
                }
            }));
        }

        @Override
        public void close() {
            loop.shutdownNow();
        }
    }

    @Test
    void in_flight_requests_never_exceed_the_level_and_reach_max_load_without_a_thread_per_worker() throws Exception {
        // given
        try (FakeLoopTarget target = new FakeLoopTarget(2, 7, false)) {
            LoadPlan plan = LoadPlan.ramp(1, 8, Duration.ofMillis(1600), Duration.ofMillis(400));

            // when every level runs requests, and the top one until all 8 were in flight at once
            RunResult result = LoadEngineTest.runClimbing(RunSpec.builder(target, plan), plan,
                    level -> target.levelsSeen.containsKey(level) && (level < 8 || target.maxInFlight.get() >= 8));

            // then
            assertThat(target.maxInFlight.get()).isEqualTo(8);
            assertThat(target.aboveLevel.get()).isZero();
            assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(result.overall().requests())
                    .isEqualTo(result.buckets().stream().mapToLong(Stats::requests).sum())
                    .isEqualTo(result.overall().successes())
                    .isEqualTo(target.started.get());
            assertThat(result.environment().workerThreads()).isEqualTo("event_loop");
        }
    }

    @Test
    void total_requests_ends_the_run_after_exactly_that_many_requests_even_when_some_end_inside_start()
            throws Exception {
        // given
        AtomicLong logged = new AtomicLong();
        RequestLogSink sink = batch -> logged.addAndGet(batch.size());
        try (FakeLoopTarget target = new FakeLoopTarget(0.05, 3, false)) {
            LoadPlan plan = LoadPlan.constant(4, Duration.ofSeconds(30)).withTotalRequests(5000);

            // when the run's clock never moves
            RunResult result = LoadEngineTest.runToCap(RunSpec.builder(target, plan).withRequestLog(sink));

            // then the cap ended it, at the instant it started
            assertThat(result.overall().requests()).isEqualTo(5000);
            assertThat(result.overall().successes()).isEqualTo(5000);
            assertThat(logged.get()).isEqualTo(5000);
            assertThat(result.bucket(4).orElseThrow().windowSeconds()).containsExactly(0.0, 0.0);
        }
    }

    @Test
    void requests_still_running_after_the_grace_period_are_aborted_and_counted_as_timeouts() throws Exception {
        // given a target whose requests never end by themselves, a 0.2 s timeout and a 0.3 s load
        try (FakeLoopTarget target = new FakeLoopTarget(0, 0, true); ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target,
                    LoadPlan.constant(3, Duration.ofMillis(300))).withTimeout(Duration.ofMillis(200)));
            ManualClock.waitFor("3 requests in flight", () -> target.pending.size() == 3);

            // when the load ends, and the grace (the timeout plus one second) passes
            clock.advanceTo(Duration.ofMillis(1499));
            int abortsWithinTheGrace = target.aborts.get();
            clock.advanceTo(Duration.ofMillis(1500));
            RunResult result = clock.await(run);

            // then: 3 requests, ended by abortInFlight at the end of the grace, not before
            assertThat(abortsWithinTheGrace).isZero();
            assertThat(target.aborts.get()).isPositive();
            assertThat(result.overall().requests()).isEqualTo(3);
            assertThat(result.overall().errors()).containsEntry("timeout", 3L);
        }
    }

    @Test
    void a_second_abort_ends_the_requests_in_flight_at_once() throws Exception {
        // given
        RunControl control = new RunControl();
        try (FakeLoopTarget target = new FakeLoopTarget(0, 0, true); ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target,
                            LoadPlan.constant(2, Duration.ofSeconds(60)))
                    .withTimeout(Duration.ofSeconds(60)).withControl(control)
                    .withProgress(p -> {
                        control.abort("test");
                        control.abort("test");
                    }));
            ManualClock.waitFor("2 requests in flight", () -> target.pending.size() == 2);

            // when the first progress, at 1 s, aborts twice
            clock.advanceTo(Duration.ofSeconds(1));
            RunResult result = clock.await(run); // with the clock at 1 s: nobody waited for the 60 s timeout

            // then
            assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
            assertThat(result.overall().requests()).isEqualTo(2);
            // cut short by the user, not timed out: a class of their own, left out of the latency statistics
            assertThat(result.overall().errors()).containsOnly(Map.entry("cancelled", 2L));
            assertThat(result.overall().latencyMs().max()).isZero();
        }
    }
}
