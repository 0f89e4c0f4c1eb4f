package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.ramp.RampSchedule;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class LoadEngineTest {

    /**
     * A fake server: holds each request for {@code serviceMillis} (real time), tracking concurrency per worker
     * level and the requests started at each.
     */
    static final class FakeTarget implements Target {
        final long serviceNanos;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicLong completed = new AtomicLong();
        final ConcurrentHashMap<Integer, AtomicInteger> maxInFlightAboveLevel = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, AtomicLong> requestsAt = new ConcurrentHashMap<>();

        FakeTarget(double serviceMillis) {
            this.serviceNanos = (long) (serviceMillis * 1_000_000);
        }

        @Override
        public void execute(Exchange ex) {
            requestsAt.computeIfAbsent(ex.workers(), k -> new AtomicLong()).incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            if (now > ex.workers()) {
                maxInFlightAboveLevel.computeIfAbsent(ex.workers(), k -> new AtomicInteger()).incrementAndGet();
            }
            try {
                LockSupport.parkNanos(serviceNanos);
                ex.success(200);
            } finally {
                inFlight.decrementAndGet();
                completed.incrementAndGet();
            }
        }

        /** Requests that started at {@code level} so far. */
        long requestsAt(int level) {
            AtomicLong n = requestsAt.get(level);
            return n == null ? 0 : n.get();
        }

        boolean saw(int level) {
            return requestsAt(level) > 0;
        }
    }

    /**
     * Walks a ramp on the manual clock: holds each level (in real time) until a request started at it, then moves
     * the clock to the next level's start, and after the last level to the planned end.
     */
    static void climb(ManualClock clock, LoadPlan plan, IntPredicate seenAt) {
        RampSchedule schedule = new RampSchedule(plan);
        for (int level = plan.firstLevel(); level <= plan.maxWorkers(); level++) {
            int l = level;
            ManualClock.waitFor("a request at level " + l, () -> seenAt.test(l));
            clock.advanceTo(Duration.ofNanos(level < plan.maxWorkers() ? schedule.levelStartNanos(level + 1)
                    : schedule.totalNanos()));
        }
    }

    /**
     * Runs {@code spec}, whose plan has a request cap, on a clock that never moves: only the cap can end it, however
     * slowly the machine runs the requests.
     */
    static RunResult runToCap(RunSpec.Builder spec) throws Exception {
        try (ManualClock clock = new ManualClock()) {
            return clock.await(start(clock, spec));
        }
    }

    /** Runs {@code spec} on a manual clock, walking its {@code plan} as {@link #climb} does. */
    static RunResult runClimbing(RunSpec.Builder spec, LoadPlan plan, IntPredicate seenAt) throws Exception {
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, spec);
            climb(clock, plan, seenAt);
            return clock.await(run);
        }
    }

    /** {@code spec} run on {@code clock}, on a thread of its own. */
    static Future<RunResult> start(ManualClock clock, RunSpec.Builder spec) {
        return clock.start(() -> LoadEngine.run(clock.applyTo(spec).build()));
    }

    @Test
    void in_flight_requests_never_exceed_the_level_and_reach_max_load() throws Exception {
        // given
        FakeTarget target = new FakeTarget(2);
        LoadPlan plan = LoadPlan.ramp(1, 8, Duration.ofMillis(1600), Duration.ofMillis(400));

        // when every level runs requests, and the top one until all 8 were in flight at once
        RunResult result = runClimbing(RunSpec.builder(target, plan), plan,
                level -> target.saw(level) && (level < 8 || target.maxInFlight.get() >= 8));

        // then
        assertThat(target.maxInFlight.get()).isEqualTo(8);
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(result.status()).isEqualTo(RunResult.Status.completed);
        assertThat(result.overall().requests())
                .isEqualTo(result.buckets().stream().mapToLong(Stats::requests).sum())
                .isEqualTo(result.overall().successes() + result.overall().failures());
    }

    @Test
    void bucket_windows_are_the_instants_the_levels_were_raised_which_follow_the_schedule() throws Exception {
        // given
        FakeTarget target = new FakeTarget(1);
        LoadPlan plan = LoadPlan.ramp(1, 4, Duration.ofMillis(800), Duration.ofMillis(200));

        // when
        RunResult result = runClimbing(RunSpec.builder(target, plan), plan, target::saw);

        // then levels start at 0, 0.2, 0.4, 0.6 s, the instants the clock reached them
        assertThat(result.bucket(1).orElseThrow().windowSeconds()).containsExactly(0.0, 0.2);
        assertThat(result.bucket(2).orElseThrow().windowSeconds()).containsExactly(0.2, 0.4);
        assertThat(result.bucket(4).orElseThrow().windowSeconds()).containsExactly(0.6, 1.0);
        // consecutive windows touch: no request falls between two buckets' windows
        for (int w = 1; w < 4; w++) {
            assertThat(result.bucket(w).orElseThrow().windowSeconds().get(1))
                    .isEqualTo(result.bucket(w + 1).orElseThrow().windowSeconds().get(0));
        }
    }

    @Test
    void a_slow_progress_listener_delays_neither_the_levels_nor_the_end_of_the_load() throws Exception {
        // given a listener that takes 1.5 s of the clock, as a harvest of very many workers can
        FakeTarget target = new FakeTarget(1);
        LoadPlan plan = LoadPlan.ramp(1, 3, Duration.ofMillis(1500), Duration.ZERO);
        try (ManualClock clock = new ManualClock()) {
            AtomicInteger listened = new AtomicInteger();
            Future<RunResult> run = start(clock, RunSpec.builder(target, plan).withProgress(p -> {
                listened.incrementAndGet();
                clock.parkUntil(clock.nanoTime() + 1_500_000_000L);
            }));

            // when the ramp is walked while the listener called at 1 s is still busy, and the listener's call
            // with the last second (after the load) is let finish
            climb(clock, plan, target::saw);
            ManualClock.waitFor("the listener's call with the last second", () -> listened.get() == 2);
            clock.advanceTo(Duration.ofSeconds(3));
            RunResult result = clock.await(run);

            // then the schedule was kept: three levels of 0.5 s and a load window of 1.5 s
            assertThat(result.bucket(3).orElseThrow().windowSeconds()).containsExactly(1.0, 1.5);
            assertThat(result.overall().throughputRps())
                    .isCloseTo(result.overall().requests() / 1.5, org.assertj.core.api.Assertions.within(0.001));
        }
    }

    @Test
    void total_requests_ends_the_run_after_exactly_that_many_requests_each_logged_once() throws Exception {
        // given
        AtomicLong logged = new AtomicLong();
        ConcurrentHashMap<Long, Boolean> seqs = new ConcurrentHashMap<>();
        RequestLogSink sink = batch -> {
            for (int i = 0; i < batch.size(); i++) {
                logged.incrementAndGet();
                seqs.put(batch.seq(i), true);
            }
        };
        LoadPlan plan = LoadPlan.constant(4, Duration.ofSeconds(30)).withTotalRequests(1000);

        // when the run's clock never moves
        RunResult result = runToCap(RunSpec.builder(exchange -> exchange.success(200), plan).withRequestLog(sink));

        // then the cap ended it, at the instant it started
        assertThat(result.overall().requests()).isEqualTo(1000);
        assertThat(logged.get()).isEqualTo(1000);
        assertThat(seqs).hasSize(1000);
        assertThat(seqs.keySet()).allMatch(s -> s >= 0 && s < 1000);
        assertThat(result.bucket(4).orElseThrow().windowSeconds()).containsExactly(0.0, 0.0);
    }

    @Test
    void a_warm_up_runs_max_load_unrecorded_and_the_run_and_its_clock_start_after_it() throws Exception {
        // given
        AtomicLong logged = new AtomicLong();
        FakeTarget target = new FakeTarget(1);
        LoadPlan plan = LoadPlan.ramp(1, 2, Duration.ofSeconds(1), Duration.ZERO);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, RunSpec.builder(target, plan).withWarmup(Duration.ofMillis(500))
                    .withRequestLog(batch -> logged.addAndGet(batch.size())));

            // when the warm-up (2 workers) runs for 0.5 s, then the ramp for 1 s
            ManualClock.waitFor("a request of the warm-up", () -> target.saw(2));
            clock.advanceTo(Duration.ofMillis(500));
            ManualClock.waitFor("a request of the run", () -> target.saw(1));
            long warmUpAndFirstLevel = target.requestsAt(2);
            clock.advanceTo(Duration.ofMillis(1000));
            ManualClock.waitFor("a request at level 2", () -> target.requestsAt(2) > warmUpAndFirstLevel);
            clock.advanceTo(Duration.ofMillis(1500));
            RunResult result = clock.await(run);

            // then the run's windows count from the end of the warm-up, whose requests are nowhere
            assertThat(result.bucket(1).orElseThrow().windowSeconds()).containsExactly(0.0, 0.5);
            assertThat(result.bucket(2).orElseThrow().windowSeconds()).containsExactly(0.5, 1.0);
            assertThat(result.overall().requests()).isEqualTo(logged.get())
                    .isLessThan(target.completed.get());
        }
    }

    @Test
    void an_abort_during_the_warm_up_starts_no_request_of_the_run() throws Exception {
        // given
        FakeTarget target = new FakeTarget(1);
        RunControl control = new RunControl();
        LoadPlan plan = LoadPlan.ramp(1, 2, Duration.ofSeconds(1), Duration.ZERO);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, RunSpec.builder(target, plan).withWarmup(Duration.ofMillis(500))
                    .withControl(control));
            ManualClock.waitFor("a request of the warm-up", () -> target.saw(2));

            // when Ctrl-C arrives during the warm-up
            control.abort("SIGINT");
            long atAbort = target.completed.get();
            RunResult result = clock.await(run);

            // then the run never started: nothing at level 1, nothing measured, and the result says aborted
            assertThat(target.saw(1)).isFalse();
            assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
            assertThat(result.overall().requests()).isZero();
            assertThat(target.completed.get()).isLessThanOrEqualTo(atAbort + 2); // the warm-up's in-flight ones
        }
    }

    @Test
    void failures_are_counted_by_class_and_exceptions_do_not_stop_the_run() throws Exception {
        // given every 4th request answers 503, every 5th throws an IOException
        Target target = ex -> {
            if (ex.seq() % 5 == 4) {
                throw new IOException("connection reset");
            }
            if (ex.seq() % 4 == 3) {
                ex.failure("http_503", 503, "HTTP 503");
            } else {
                ex.success(200);
            }
        };
        LoadPlan plan = LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(100);

        // when
        RunResult result = runToCap(RunSpec.builder(target, plan));

        // then 20 io_error (seq 4, 9, ...), and 503 for seq % 4 == 3 except those also % 5 == 4 (seq 19, 39, ...)
        assertThat(result.overall().errors()).containsEntry("io_error", 20L).containsEntry("http_503", 20L);
        assertThat(result.overall().failures()).isEqualTo(40);
        assertThat(result.overall().successRate()).isEqualTo(60.0);
        assertThat(result.errorSamples().get("io_error")).containsExactly("IOException: connection reset");
    }

    @Test
    void a_request_log_that_fails_keeps_every_number_and_says_so_in_a_note_without_secrets() throws Exception {
        // given a sink that fails on its first batch, with a message naming a secret
        RequestLogSink broken = batch -> {
            throw new java.io.IOException("No space left on device (token sk-secret-123)");
        };
        LoadPlan plan = LoadPlan.constant(2, Duration.ofSeconds(30)).withTotalRequests(2000);

        // when
        RunResult result = runToCap(RunSpec.builder(exchange -> exchange.success(200), plan)
                .withRequestLog(broken).withSecrets(io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-secret-123"))));

        // then the measurements are whole, and one note says what is missing, why and what to do
        assertThat(result.overall().requests()).isEqualTo(2000);
        assertThat(result.notes()).containsExactly("the per-request log is incomplete: writing it failed (No space "
                + "left on device (token ***)), so requests.jsonl.gz or the MongoDB request documents lack the "
                + "requests after that; the numbers of this result are complete (the recorders do not depend on the "
                + "log); free disk space or raise the open-file limit (ulimit -n) before the next run");
    }

    @Test
    void error_samples_never_contain_secret_values() throws Exception {
        Target target = ex -> ex.failure("http_401", 401, "token sk-secret-123 rejected");
        RunResult result = runToCap(RunSpec.builder(target,
                LoadPlan.constant(1, Duration.ofSeconds(5)).withTotalRequests(3))
                .withSecrets(io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-secret-123"))));

        assertThat(result.errorSamples().get("http_401")).containsOnly("token *** rejected");
    }

    @Test
    void every_request_is_tagged_with_the_level_at_its_start() throws Exception {
        // given
        ConcurrentHashMap<Integer, AtomicLong> byWorkers = new ConcurrentHashMap<>();
        RequestLogSink sink = batch -> {
            for (int i = 0; i < batch.size(); i++) {
                byWorkers.computeIfAbsent(batch.workers(i), k -> new AtomicLong()).incrementAndGet();
            }
        };
        FakeTarget target = new FakeTarget(1);
        LoadPlan plan = LoadPlan.ramp(2, 4, Duration.ofMillis(900), Duration.ZERO);

        // when
        RunResult result = runClimbing(RunSpec.builder(target, plan).withRequestLog(sink), plan, target::saw);

        // then the log and the buckets agree, at every level
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(2, 3, 4);
        for (Stats b : result.buckets()) {
            assertThat(byWorkers.get(b.workers()).get()).isEqualTo(b.requests());
        }
    }

    @Test
    void an_aborted_run_keeps_what_was_measured_with_status_aborted() throws Exception {
        // given
        RunControl control = new RunControl();
        AtomicInteger progressCalls = new AtomicInteger();
        FakeTarget target = new FakeTarget(1);
        try (ManualClock clock = new ManualClock()) {
            Future<RunResult> run = start(clock, RunSpec.builder(target, LoadPlan.constant(2, Duration.ofSeconds(60)))
                    .withControl(control)
                    .withProgress(p -> {
                        if (progressCalls.incrementAndGet() == 1) {
                            control.abort("test");
                        }
                    }));

            // when a 60 s run is aborted once the first progress snapshot arrives, at 1 s
            ManualClock.waitFor("a request", () -> target.completed.get() > 0);
            clock.advanceTo(Duration.ofSeconds(1));
            RunResult result = clock.await(run);

            // then the load stopped at the abort
            assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
            assertThat(result.overall().requests()).isPositive();
            assertThat(result.bucket(2).orElseThrow().windowSeconds()).containsExactly(0.0, 1.0);
            assertThat(result.timeline()).isNotEmpty();
        }
    }

    @Test
    void the_timeline_has_an_entry_per_second_whose_counts_add_up() throws Exception {
        // given
        FakeTarget target = new FakeTarget(1);
        LoadPlan plan = LoadPlan.ramp(1, 3, Duration.ofMillis(2500), Duration.ZERO);

        // when
        RunResult result = runClimbing(RunSpec.builder(target, plan), plan, target::saw);

        // then two whole seconds and the last half one
        List<io.benchsuite.result.TimelineEntry> timeline = result.timeline();
        assertThat(timeline).extracting(e -> e.second()).containsExactly(0, 1, 2);
        assertThat(timeline.stream().mapToLong(e -> e.completed()).sum()).isEqualTo(result.overall().requests());
        assertThat(timeline.stream().mapToLong(e -> e.started()).sum()).isEqualTo(result.overall().requests());
        // workers = the level at the end of each second (1 -> 2 at 0.83 s, -> 3 at 1.67 s)
        assertThat(timeline).extracting(e -> e.workers()).containsExactly(2, 3, 3);
    }

    @Test
    void workers_run_on_platform_threads_up_to_256_and_on_virtual_threads_above_unless_told_otherwise()
            throws Exception {
        for (var c : List.of(
                new Object[] {io.benchsuite.engine.WorkerThreads.AUTO, 4, false},
                new Object[] {io.benchsuite.engine.WorkerThreads.AUTO, 257, true},
                new Object[] {io.benchsuite.engine.WorkerThreads.VIRTUAL, 4, true},
                new Object[] {io.benchsuite.engine.WorkerThreads.PLATFORM, 4, false})) {
            // given
            var kind = (io.benchsuite.engine.WorkerThreads) c[0];
            int workers = (int) c[1];
            boolean virtual = (boolean) c[2];
            ConcurrentHashMap<Boolean, Boolean> seen = new ConcurrentHashMap<>();
            Target target = ex -> seen.put(Thread.currentThread().isVirtual(), true);

            // when
            RunResult result = runToCap(RunSpec.builder(target,
                            LoadPlan.constant(workers, Duration.ofSeconds(10)).withTotalRequests(2L * workers))
                    .withWorkerThreads(kind));

            // then
            assertThat(seen.keySet()).as("%s at %d workers", kind, workers).containsExactly(virtual);
            assertThat(result.environment().workerThreads()).isEqualTo(virtual ? "virtual" : "platform");
        }
    }
}
