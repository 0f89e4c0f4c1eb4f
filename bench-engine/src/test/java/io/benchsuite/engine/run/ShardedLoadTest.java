package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Shard;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.ShardInfo;
import io.benchsuite.result.Stats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A shard of a run: its share of every level's workers, under the global levels, from the shared start. */
class ShardedLoadTest {

    private static final Instant NOW = Instant.parse("2026-12-06T09:59:55Z");

    /**
     * Holds each request 1 ms (real time); tracks the workers that sent requests at each level (a worker is its
     * {@link Exchange}: a worker tags a request with the level current when it began it, so no more workers than
     * had started by then can tag it) and the most requests in flight at once.
     */
    static final class CountingTarget implements Target {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ConcurrentHashMap<Integer, java.util.Set<Exchange>> workersAt = new ConcurrentHashMap<>();
        final AtomicLong requests = new AtomicLong();

        @Override
        public void execute(Exchange ex) {
            requests.incrementAndGet();
            workersAt.computeIfAbsent(ex.workers(), k -> ConcurrentHashMap.newKeySet()).add(ex);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                LockSupport.parkNanos(1_000_000);
                ex.success(200);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        int workersAt(int level) {
            java.util.Set<Exchange> w = workersAt.get(level);
            return w == null ? 0 : w.size();
        }
    }

    @Test
    void a_shard_runs_its_share_of_each_level_and_keeps_its_buckets_under_the_global_level() throws Exception {
        // given shard 2 of 3 of a ramp 3 -> 9 (its shares: 1, 1, 1, 2, 2, 2, 3)
        Shard shard = new Shard(2, 3);
        CountingTarget target = new CountingTarget();
        LoadPlan plan = LoadPlan.ramp(3, 9, Duration.ofMillis(700), Duration.ZERO);

        // when each level runs until every worker the shard has at that level sent a request at it
        RunResult result = LoadEngineTest.runClimbing(RunSpec.builder(target, plan).withShard(shard), plan,
                level -> target.workersAt(level) >= shard.workers(level));

        // then
        for (int level = 3; level <= 9; level++) {
            assertThat(target.workersAt(level)).as("workers at level %d", level).isEqualTo(shard.workers(level));
        }
        assertThat(target.maxInFlight.get()).isEqualTo(3);
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(result.overall().requests()).isEqualTo(target.requests.get());
        assertThat(result.shard()).isEqualTo(new ShardInfo(2, 3, null, null));
        assertThat(result.timeline()).extracting(t -> t.workers()).allMatch(w -> w >= 3 && w <= 9);
    }

    @Test
    void a_shard_with_no_worker_at_the_first_level_starts_none_until_its_share_grows() throws Exception {
        // given shard 2 of 3 of a ramp 1 -> 3 (its shares: 0, 0, 1)
        Shard shard = new Shard(2, 3);
        CountingTarget target = new CountingTarget();
        LoadPlan plan = LoadPlan.ramp(1, 3, Duration.ofMillis(300), Duration.ZERO);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target, plan).withShard(shard));

            // when levels 1 and 2 pass, then level 3 runs
            clock.advanceTo(Duration.ofMillis(199));
            long before = target.requests.get();
            clock.advanceTo(Duration.ofMillis(200));
            ManualClock.waitFor("a request at level 3", () -> target.workersAt(3) > 0);
            clock.advanceTo(Duration.ofMillis(300));
            RunResult result = clock.await(run);

            // then
            assertThat(before).isZero();
            assertThat(result.bucket(1).orElseThrow().requests()).isZero();
            assertThat(result.bucket(2)).isEmpty();
            assertThat(result.bucket(3).orElseThrow().requests()).isEqualTo(target.requests.get());
        }
    }

    @Test
    void a_shard_ends_after_its_share_of_total_requests() throws Exception {
        // when shard 1 of 3 runs a load capped at 1000 requests, on a clock that never moves
        RunResult result = LoadEngineTest.runToCap(RunSpec.builder(exchange -> exchange.success(200),
                LoadPlan.constant(6, Duration.ofSeconds(30)).withTotalRequests(1000)).withShard(new Shard(1, 3)));

        // then
        assertThat(result.overall().requests()).isEqualTo(333);
    }

    @Test
    void the_whole_run_starts_every_worker_of_a_level_as_it_always_did() throws Exception {
        // given
        CountingTarget target = new CountingTarget();
        LoadPlan plan = LoadPlan.ramp(1, 4, Duration.ofMillis(400), Duration.ZERO);

        // when
        RunResult result = LoadEngineTest.runClimbing(RunSpec.builder(target, plan), plan,
                level -> target.workersAt(level) >= level);

        // then
        for (int level = 1; level <= 4; level++) {
            assertThat(target.workersAt(level)).isEqualTo(level);
        }
        assertThat(result.shard()).isNull();
    }

    @Test
    void the_load_starts_at_the_shared_start_and_records_how_late_it_started() throws Exception {
        // given a shared start 5 s after the wall clock's now
        Shard shard = new Shard(1, 2);
        CountingTarget target = new CountingTarget();
        LoadPlan plan = LoadPlan.constant(2, Duration.ofSeconds(1));
        Instant startAt = NOW.plusSeconds(5);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target, plan).withShard(shard)
                    .withStartAt(startAt).withWallClock(InstantSource.fixed(NOW)));

            // when the clock reaches 4.999 s, then 5 s, then the end of the load
            clock.advanceTo(Duration.ofMillis(4999));
            long beforeStart = target.requests.get();
            clock.advanceTo(Duration.ofSeconds(5));
            ManualClock.waitFor("a request", () -> target.requests.get() > 0);
            clock.advanceTo(Duration.ofSeconds(6));
            RunResult result = clock.await(run);

            // then nothing was sent before the start, and the load started exactly at it
            assertThat(beforeStart).isZero();
            assertThat(result.shard()).isEqualTo(new ShardInfo(1, 2, startAt, 0.0));
            assertThat(result.bucket(2).orElseThrow().windowSeconds()).containsExactly(0.0, 1.0);
            assertThat(result.notes()).isEmpty();
        }
    }

    @Test
    void the_warm_up_runs_before_the_shared_start_with_the_shards_share_of_max_load() throws Exception {
        // given a 1 s warm-up (max_load 4: tagged level 4) and a shared start 3 s away for a ramp from 2 (the only
        // requests tagged 2 are the run's)
        Shard shard = new Shard(0, 2);
        CountingTarget target = new CountingTarget();
        LoadPlan plan = LoadPlan.ramp(2, 4, Duration.ofSeconds(1), Duration.ZERO);
        Instant startAt = NOW.plusSeconds(3);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target, plan).withShard(shard)
                    .withWarmup(Duration.ofSeconds(1)).withStartAt(startAt).withWallClock(InstantSource.fixed(NOW)));

            // when the warm-up runs until all of its workers sent requests, ends at 1 s, and the run starts at 3 s
            ManualClock.waitFor("the warm-up's workers", () -> target.workersAt(4) >= 2);
            clock.advanceTo(Duration.ofSeconds(1));
            clock.advanceTo(Duration.ofMillis(2999));
            int warmUpWorkers = target.workersAt(4);
            int runWorkersBeforeStart = target.workersAt(2);
            clock.advanceTo(Duration.ofSeconds(3));
            ManualClock.waitFor("a request of the run", () -> target.workersAt(2) > 0);
            clock.advanceTo(Duration.ofSeconds(4));
            RunResult result = clock.await(run);

            // then the warm-up had the shard's share of max_load, and the run started at the shared start
            assertThat(warmUpWorkers).isEqualTo(2);
            assertThat(runWorkersBeforeStart).isZero();
            assertThat(result.shard().startOffsetMs()).isEqualTo(0.0);
            assertThat(result.bucket(2).orElseThrow().windowSeconds().get(0)).isEqualTo(0.0);
        }
    }

    @Test
    void a_ctrl_c_while_waiting_for_the_shared_start_ends_the_wait_with_an_aborted_result() throws Exception {
        // given
        RunControl control = new RunControl();
        CountingTarget target = new CountingTarget();
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = LoadEngineTest.start(clock, RunSpec.builder(target,
                    LoadPlan.constant(2, Duration.ofSeconds(1))).withShard(new Shard(0, 2)).withControl(control)
                    .withStartAt(NOW.plusSeconds(3600)).withWallClock(InstantSource.fixed(NOW)));
            clock.awaitIdle();

            // when
            control.abort("SIGINT");
            RunResult result = clock.await(run);

            // then
            assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
            assertThat(clock.elapsed()).isZero();
        }
    }

    @Test
    void a_shared_start_the_load_cannot_keep_is_refused_saying_how_late_it_is() {
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        // within the tolerance: kept
        SharedStart.check(at, Duration.ZERO, at.plusMillis(999), "--start-at " + at);
        SharedStart.check(at, Duration.ofSeconds(5), at.minusSeconds(4), "--start-at " + at);

        assertThatThrownBy(() -> SharedStart.check(at, Duration.ZERO, at.plusSeconds(12), "--start-at " + at))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--start-at 2026-12-06T10:00:00Z is 12.0 s past; the load would start late and out of "
                        + "step with the other shards: choose a time ahead, e.g. --start-at 2026-12-06T10:02:00Z");
        assertThatThrownBy(() -> SharedStart.check(at, Duration.ofSeconds(5), at.minusSeconds(3), "--start-at " + at))
                .hasMessage("--start-at 2026-12-06T10:00:00Z is only 3.0 s ahead, and the warm-up "
                        + "(warmup_seconds) takes 5.0 s before the load: choose a time at least that far ahead, e.g. "
                        + "--start-at 2026-12-06T10:02:00Z");
    }
}
