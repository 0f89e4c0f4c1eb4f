package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

class LoadTestExtensionTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class Passing {
        static final AtomicInteger BEFORE = new AtomicInteger();
        static final AtomicInteger AFTER = new AtomicInteger();
        static final AtomicInteger CALLS = new AtomicInteger();

        @BeforeEach
        void before() {
            BEFORE.incrementAndGet();
        }

        @AfterEach
        void after() {
            AFTER.incrementAndGet();
        }

        @LoadTest(minLoad = 1, maxLoad = 2, rampSeconds = 1, holdSeconds = 0.5)
        @Threshold("success_rate >= 99%")
        @Threshold("workers=2: p99 < 5s")
        void fastCall() throws InterruptedException {
            CALLS.incrementAndGet();
            Thread.sleep(2);
        }
    }

    @Test
    void a_passing_load_test_succeeds_and_writes_the_result_files() throws IOException {
        // given
        Passing.CALLS.set(0);

        // when
        EngineExecutionResults results = Fixtures.run(Passing.class, "fastCall", out);

        // then
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        RunResult result = Fixtures.result(out, Passing.class, "fastCall");
        assertThat(result.status()).isEqualTo(RunResult.Status.completed);
        assertThat(result.benchmarkType()).isEqualTo("java_method");
        assertThat(result.name()).isEqualTo("Passing#fastCall");
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2);
        assertThat(result.overall().requests()).isPositive().isEqualTo(Passing.CALLS.get());
        assertThat(result.overall().failures()).isZero();
        assertThat(result.thresholds()).extracting(ThresholdResult::expression, ThresholdResult::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("success_rate >= 99%", true),
                        org.assertj.core.groups.Tuple.tuple("workers=2: p99 < 5s", true));
        Path dir = Fixtures.runDirs(out, Passing.class, "fastCall").getFirst();
        assertThat(dir.resolve("requests.jsonl.gz")).isNotEmptyFile();
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(out.resolve("index.html")).content().contains(result.runId());
    }

    @Test
    void before_each_and_after_each_run_once_around_the_whole_load() {
        // given
        Passing.BEFORE.set(0);
        Passing.AFTER.set(0);
        Passing.CALLS.set(0);

        // when
        Fixtures.run(Passing.class, "fastCall", out);

        // then
        assertThat(Passing.CALLS.get()).isGreaterThan(10);
        assertThat(Passing.BEFORE.get()).isEqualTo(1);
        assertThat(Passing.AFTER.get()).isEqualTo(1);
    }

    @Test
    void a_report_entry_carries_a_one_line_summary_and_the_result_directory() {
        // when
        EngineExecutionResults results = Fixtures.run(Passing.class, "fastCall", out);

        // then
        Path dir = Fixtures.runDirs(out, Passing.class, "fastCall").getFirst();
        assertThat(Fixtures.reportEntries(results)).singleElement().satisfies(entry -> {
            assertThat(entry).containsOnlyKeys(LoadTest.REPORT_ENTRY_KEY);
            assertThat(entry.get(LoadTest.REPORT_ENTRY_KEY))
                    .startsWith("completed: ")
                    .contains("requests, 100.00% ok", "thresholds passed")
                    .endsWith(" | " + dir.toAbsolutePath())
                    .doesNotContain("\n");
        });
    }

    @FixtureOnly
    static class FailingThresholds {
        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 40)
        @Threshold("error_rate < 1%")
        @Threshold("p99 < 10s")
        @Threshold("success_rate >= 99%")
        void alwaysFails() {
            throw new IllegalStateException("order service down");
        }
    }

    @Test
    void failed_thresholds_fail_the_test_with_every_violation_in_one_assertj_style_message() throws IOException {
        // when
        EngineExecutionResults results = Fixtures.run(FailingThresholds.class, "alwaysFails", out);

        // then
        Path dir = Fixtures.runDirs(out, FailingThresholds.class, "alwaysFails").getFirst();
        assertThat(Fixtures.failure(results))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("""
                        @LoadTest on method [FailingThresholds#alwaysFails]: 2 of 3 thresholds failed

                        [error_rate < 1%]
                        Expecting error rate (overall):
                          100 %
                        to be less than:
                          1 %

                        [success_rate >= 99%]
                        Expecting success rate (overall):
                          0 %
                        to be at least:
                          99 %

                        Results:\s""" + dir.toAbsolutePath());
        RunResult result = Fixtures.result(out, FailingThresholds.class, "alwaysFails");
        assertThat(result.thresholdsPassed()).isFalse();
        assertThat(result.overall().requests()).isEqualTo(40);
    }

    @FixtureOnly
    static class Throwing {
        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 60)
        void sometimesFails(RequestContext request) throws IOException {
            switch ((int) (request.sequence() % 4)) {
                case 0 -> throw new IllegalStateException("no stock");
                case 1 -> throw new java.net.ConnectException("connection refused");
                case 2 -> assertThat(request.sequence()).isNegative();
                default -> { }
            }
        }
    }

    @Test
    void exceptions_thrown_by_the_method_are_failed_requests_not_a_crashed_test() throws IOException {
        // when
        EngineExecutionResults results = Fixtures.run(Throwing.class, "sometimesFails", out);

        // then
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        RunResult result = Fixtures.result(out, Throwing.class, "sometimesFails");
        assertThat(result.overall().requests()).isEqualTo(60);
        assertThat(result.overall().successes()).isEqualTo(15);
        assertThat(result.overall().errors()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "IllegalStateException", 15L, "connect_error", 15L, "assertion", 15L));
        assertThat(result.errorSamples().get("IllegalStateException")).first()
                .isEqualTo("IllegalStateException: no stock");
    }

    record Order(String sku, int quantity) {
    }

    @FixtureOnly
    static class Injection {
        static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();
        static final AtomicInteger TEST_INFOS = new AtomicInteger();

        @LoadTest(minLoad = 2, maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 30,
                dataset = "fixtures/orders.json")
        void placeOrder(DatasetRecord record, RequestContext request, TestInfo info) {
            Order order = record.as(Order.class);
            SEEN.add(request.sequence() + ":" + request.workers() + ":" + order.sku() + ":" + order.quantity()
                    + ":" + record.json().get("sku").asText());
            if (info != null && info.getTestMethod().isPresent()) {
                TEST_INFOS.incrementAndGet();
            }
        }

        @LoadTest(maxLoad = 1, enableRamping = false, durationSeconds = 5, totalRequests = 6,
                dataset = "fixtures/wrapped.json", jsonPath = "$.data")
        void selectsPartOfEachRecord(DatasetRecord record, RequestContext request) {
            SEEN.add(request.sequence() + ":" + record);
        }
    }

    @Test
    void dataset_records_typed_and_raw_request_context_and_junit_parameters_are_injected_per_request() {
        // given
        Injection.SEEN.clear();
        Injection.TEST_INFOS.set(0);

        // when
        EngineExecutionResults results = Fixtures.run(Injection.class, "placeOrder", out);

        // then
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        List<String> skus = List.of("apple", "pear", "plum");
        List<String> expected = new java.util.ArrayList<>();
        for (int seq = 0; seq < 30; seq++) {
            String sku = skus.get(seq % 3);
            expected.add(seq + ":2:" + sku + ":" + (seq % 3 + 1) + ":" + sku);
        }
        assertThat(Injection.SEEN).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Injection.TEST_INFOS.get()).isEqualTo(30);
    }

    @Test
    void json_path_selects_the_part_of_each_record_and_falls_back_to_the_whole_record() {
        // given
        Injection.SEEN.clear();

        // when
        Fixtures.run(Injection.class, "selectsPartOfEachRecord", out);

        // then
        assertThat(Injection.SEEN).containsExactlyInAnyOrder(
                "0:{\"sku\":\"apple\",\"quantity\":1}", "1:{\"sku\":\"pear\",\"quantity\":2}", "2:{\"meta\":3}",
                "3:{\"sku\":\"apple\",\"quantity\":1}", "4:{\"sku\":\"pear\",\"quantity\":2}", "5:{\"meta\":3}");
    }

    @FixtureOnly
    @LoadTest(maxLoad = 3, rampSeconds = 100)
    @Threshold("success_rate >= 50%")
    static class Overridden {
        @LoadTest(minLoad = 2, rampSeconds = 20)
        @Threshold("p99 < 10s")
        void call() {
        }
    }

    @Test
    void configuration_parameters_override_the_method_which_overrides_the_class() throws IOException {
        // when
        EngineExecutionResults results = Fixtures.run(Overridden.class, "call", out, Map.of(
                LoadTest.MAX_LOAD_PROPERTY, "4", LoadTest.TIME_SCALE_PROPERTY, "0.1"));

        // then: min 2 from the method, max 4 from the parameter, ramp 20 s (method, not class) * 0.1 = 2 s
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        RunResult result = Fixtures.result(out, Overridden.class, "call");
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(2, 3, 4);
        assertThat(result.config().get("ramp_duration_seconds").asDouble()).isEqualTo(2.0);
        assertThat(result.durationSeconds()).isBetween(1.5, 6.0);
        assertThat(result.thresholds()).extracting(ThresholdResult::expression)
                .containsExactly("success_rate >= 50%", "p99 < 10s");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FixtureOnly
    static class Threads {
        static final ConcurrentLinkedQueue<Boolean> VIRTUAL = new ConcurrentLinkedQueue<>();
        static final AtomicInteger CALLS = new AtomicInteger();

        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 10)
        void byDefault() {
            VIRTUAL.add(Thread.currentThread().isVirtual());
        }

        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 10,
                workerThreads = "virtual", warmupSeconds = 0.3)
        void virtualAfterWarmUp() throws InterruptedException {
            VIRTUAL.add(Thread.currentThread().isVirtual());
            CALLS.incrementAndGet();
            Thread.sleep(1);
        }
    }

    @Test
    void workers_run_on_platform_threads_by_default_and_on_virtual_threads_when_asked_after_an_unrecorded_warm_up()
            throws IOException {
        // when
        Threads.VIRTUAL.clear();
        Fixtures.run(Threads.class, "byDefault", out);

        // then
        assertThat(Threads.VIRTUAL).hasSize(10).containsOnly(false);
        assertThat(Fixtures.result(out, Threads.class, "byDefault").environment().workerThreads()).isEqualTo("platform");

        // when
        Threads.VIRTUAL.clear();
        Threads.CALLS.set(0);
        Fixtures.run(Threads.class, "virtualAfterWarmUp", out);

        // then: the warm-up called the method too, but only the 10 measured calls are in the result
        assertThat(Threads.VIRTUAL).containsOnly(true);
        assertThat(Threads.CALLS.get()).isGreaterThan(10);
        RunResult result = Fixtures.result(out, Threads.class, "virtualAfterWarmUp");
        assertThat(result.overall().requests()).isEqualTo(10);
        assertThat(result.environment().workerThreads()).isEqualTo("virtual");
    }
}
