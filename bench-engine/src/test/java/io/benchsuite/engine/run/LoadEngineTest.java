package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LoadEngineTest {

    /** A fake server: holds each request for {@code serviceMillis}, tracking concurrency per worker level. */
    static final class FakeTarget implements Target {
        final long serviceNanos;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ConcurrentHashMap<Integer, AtomicInteger> maxInFlightAboveLevel = new ConcurrentHashMap<>();

        FakeTarget(double serviceMillis) {
            this.serviceNanos = (long) (serviceMillis * 1_000_000);
        }

        @Override
        public void execute(Exchange ex) {
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
            }
        }
    }

    @Test
    void in_flight_requests_never_exceed_the_level_and_reach_max_load() {
        // given
        FakeTarget target = new FakeTarget(2);
        LoadPlan plan = LoadPlan.ramp(1, 8, Duration.ofMillis(1600), Duration.ofMillis(400));

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(target, plan).build());

        // then
        assertThat(target.maxInFlight.get()).isEqualTo(8);
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(result.status()).isEqualTo(RunResult.Status.completed);
        assertThat(result.overall().requests())
                .isEqualTo(result.buckets().stream().mapToLong(Stats::requests).sum())
                .isEqualTo(result.overall().successes() + result.overall().failures());
    }

    @Test
    void bucket_windows_are_the_instants_the_levels_were_raised_which_follow_the_schedule() {
        RunResult result = LoadEngine.run(RunSpec.builder(new FakeTarget(1),
                LoadPlan.ramp(1, 4, Duration.ofMillis(800), Duration.ofMillis(200))).build());

        // levels start at 0, 0.2, 0.4, 0.6 s; the engine raises them within a few ms of that
        assertWindow(result.bucket(1).orElseThrow().windowSeconds(), 0.0, 0.2);
        assertWindow(result.bucket(2).orElseThrow().windowSeconds(), 0.2, 0.4);
        assertWindow(result.bucket(4).orElseThrow().windowSeconds(), 0.6, 1.0);
        // consecutive windows touch: no request falls between two buckets' windows
        for (int w = 1; w < 4; w++) {
            assertThat(result.bucket(w).orElseThrow().windowSeconds().get(1))
                    .isEqualTo(result.bucket(w + 1).orElseThrow().windowSeconds().get(0));
        }
    }

    private static void assertWindow(List<Double> window, double start, double end) {
        assertThat(window.get(0)).isCloseTo(start, org.assertj.core.api.Assertions.within(0.03));
        assertThat(window.get(1)).isCloseTo(end, org.assertj.core.api.Assertions.within(0.03));
    }

    @Test
    void a_slow_progress_listener_delays_neither_the_levels_nor_the_end_of_the_load() {
        // given a listener that takes 1.5 s, as a harvest of very many workers can
        LoadPlan plan = LoadPlan.ramp(1, 3, Duration.ofMillis(1500), Duration.ZERO);

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(new FakeTarget(1), plan)
                .withProgress(p -> LockSupport.parkNanos(1_500_000_000L)).build());

        // then the schedule was kept: three levels of 0.5 s and a load window of 1.5 s
        assertWindow(result.bucket(3).orElseThrow().windowSeconds(), 1.0, 1.5);
        assertThat(result.overall().throughputRps())
                .isCloseTo(result.overall().requests() / 1.5, org.assertj.core.api.Assertions.within(
                        result.overall().requests() / 1.5 * 0.05));
    }

    @Test
    void total_requests_ends_the_run_after_exactly_that_many_requests_each_logged_once() {
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

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(exchange -> exchange.success(200), plan)
                .withRequestLog(sink).build());

        // then
        assertThat(result.overall().requests()).isEqualTo(1000);
        assertThat(logged.get()).isEqualTo(1000);
        assertThat(seqs).hasSize(1000);
        assertThat(seqs.keySet()).allMatch(s -> s >= 0 && s < 1000);
        assertThat(result.durationSeconds()).isLessThan(30);
    }

    @Test
    void failures_are_counted_by_class_and_exceptions_do_not_stop_the_run() {
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
        RunResult result = LoadEngine.run(RunSpec.builder(target, plan).build());

        // then 20 io_error (seq 4, 9, ...), and 503 for seq % 4 == 3 except those also % 5 == 4 (seq 19, 39, ...)
        assertThat(result.overall().errors()).containsEntry("io_error", 20L).containsEntry("http_503", 20L);
        assertThat(result.overall().failures()).isEqualTo(40);
        assertThat(result.overall().successRate()).isEqualTo(60.0);
        assertThat(result.errorSamples().get("io_error")).containsExactly("IOException: connection reset");
    }

    @Test
    void a_request_log_that_fails_keeps_every_number_and_says_so_in_a_note_without_secrets() {
        // given a sink that fails on its first batch, with a message naming a secret
        RequestLogSink broken = batch -> {
            throw new java.io.IOException("No space left on device (token sk-secret-123)");
        };
        LoadPlan plan = LoadPlan.constant(2, Duration.ofSeconds(30)).withTotalRequests(2000);

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(exchange -> exchange.success(200), plan)
                .withRequestLog(broken).withSecrets(io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-secret-123"))).build());

        // then the measurements are whole, and one note says what is missing, why and what to do
        assertThat(result.overall().requests()).isEqualTo(2000);
        assertThat(result.notes()).containsExactly("the per-request log is incomplete: writing it failed (No space "
                + "left on device (token ***)), so requests.jsonl.gz or the MongoDB request documents lack the "
                + "requests after that; the numbers of this result are complete (the recorders do not depend on the "
                + "log); free disk space or raise the open-file limit (ulimit -n) before the next run");
    }

    @Test
    void error_samples_never_contain_secret_values() {
        Target target = ex -> ex.failure("http_401", 401, "token sk-secret-123 rejected");
        RunResult result = LoadEngine.run(RunSpec.builder(target,
                LoadPlan.constant(1, Duration.ofSeconds(5)).withTotalRequests(3))
                .withSecrets(io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-secret-123"))).build());

        assertThat(result.errorSamples().get("http_401")).containsOnly("token *** rejected");
    }

    @Test
    void every_request_is_tagged_with_the_level_at_its_start() {
        // given
        ConcurrentHashMap<Integer, AtomicLong> byWorkers = new ConcurrentHashMap<>();
        RequestLogSink sink = batch -> {
            for (int i = 0; i < batch.size(); i++) {
                byWorkers.computeIfAbsent(batch.workers(i), k -> new AtomicLong()).incrementAndGet();
            }
        };

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(new FakeTarget(1),
                LoadPlan.ramp(2, 4, Duration.ofMillis(900), Duration.ZERO)).withRequestLog(sink).build());

        // then the log and the buckets agree
        for (Stats b : result.buckets()) {
            assertThat(byWorkers.get(b.workers()).get()).isEqualTo(b.requests());
        }
    }

    @Test
    void an_aborted_run_keeps_what_was_measured_with_status_aborted() {
        // given
        RunControl control = new RunControl();
        AtomicInteger progressCalls = new AtomicInteger();

        // when a 60 s run is aborted once the first progress snapshot arrives
        RunResult result = LoadEngine.run(RunSpec.builder(new FakeTarget(1), LoadPlan.constant(2, Duration.ofSeconds(60)))
                .withControl(control)
                .withProgress(p -> {
                    if (progressCalls.incrementAndGet() == 1) {
                        control.abort("test");
                    }
                }).build());

        // then
        assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
        assertThat(result.overall().requests()).isPositive();
        assertThat(result.durationSeconds()).isLessThan(10);
        assertThat(result.timeline()).isNotEmpty();
    }

    @Test
    void the_timeline_has_an_entry_per_second_whose_counts_add_up() {
        RunResult result = LoadEngine.run(RunSpec.builder(new FakeTarget(1),
                LoadPlan.ramp(1, 3, Duration.ofMillis(2500), Duration.ZERO)).build());

        List<io.benchsuite.result.TimelineEntry> timeline = result.timeline();
        assertThat(timeline).hasSizeBetween(3, 4);
        assertThat(timeline.stream().mapToLong(e -> e.completed()).sum()).isEqualTo(result.overall().requests());
        // workers = the level at the end of each second (1 -> 2 at 0.83 s, -> 3 at 1.67 s)
        assertThat(timeline).extracting(e -> e.workers()).isSorted().startsWith(2).endsWith(3);
    }

    @Test
    void workers_run_on_platform_threads_up_to_256_and_on_virtual_threads_above_unless_told_otherwise() {
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
            RunResult result = LoadEngine.run(RunSpec.builder(target,
                            LoadPlan.constant(workers, Duration.ofSeconds(10)).withTotalRequests(2L * workers))
                    .withWorkerThreads(kind).build());

            // then
            assertThat(seen.keySet()).as("%s at %d workers", kind, workers).containsExactly(virtual);
            assertThat(result.environment().workerThreads()).isEqualTo(virtual ? "virtual" : "platform");
        }
    }
}
