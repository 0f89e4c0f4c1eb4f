package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.engine.store.Baseline;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.store.mongo.MongoResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@link io.benchsuite.junit.Baseline} through the JUnit Platform: no baseline yet, a regression, a comparison that
 * passes, the baseline from MongoDB and from a directory, the job summary. The slower load is four times as slow, so
 * that its verdict does not depend on how busy the machine is.
 */
class BaselineTest {

    @TempDir
    Path out;

    @BeforeEach
    void fast() {
        Slows.delayMicros = 2000;
    }

    @FixtureOnly
    static class Slows {
        static volatile long delayMicros = 2000;

        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 1)
        @io.benchsuite.junit.Baseline
        void call() {
            LockSupport.parkNanos(delayMicros * 1000);
        }
    }

    @FixtureOnly
    static class Unbased {
        @LoadTest(maxLoad = 1, enableRamping = false, durationSeconds = 1, totalRequests = 5)
        @Threshold("p99 regression < 10%")
        void call() {
        }
    }

    private EngineExecutionResults run(Map<String, String> parameters) {
        return Fixtures.run(Slows.class, "call", out, parameters);
    }

    private static String entry(EngineExecutionResults results) {
        return Fixtures.reportEntries(results).stream().filter(e -> e.containsKey(io.benchsuite.junit.Baseline
                .REPORT_ENTRY_KEY)).map(e -> e.get(io.benchsuite.junit.Baseline.REPORT_ENTRY_KEY)).findFirst()
                .orElseThrow();
    }

    @Test
    void the_first_run_has_no_baseline_and_passes_with_a_note() {
        // when
        EngineExecutionResults results = run(Map.of());

        // then
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(entry(results)).isEqualTo("not compared: no baseline of \"Slows#call\" in "
                + out.resolve("Slows/call").toAbsolutePath() + " (the first run has none: this run is the next one's)");
    }

    @Test
    void a_significant_regression_fails_the_test_with_the_verdict_table() throws Exception {
        // given: a first run, then the same load four times as slow
        run(Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
        Slows.delayMicros = 8000;

        // when
        EngineExecutionResults second = run(Map.of());

        // then
        Throwable failure = Fixtures.failure(second);
        assertThat(failure.getMessage()).startsWith("@LoadTest on method [Slows#call]: regressed against its baseline ")
                .contains(" (" + out.resolve("Slows/call").toAbsolutePath(), "\nmetric ", "\np50 ms ",
                        "\nverdict: REGRESSED: p50 +", "\n\nResults: ");
        RunResult stored = Fixtures.runDirs(out, Slows.class, "call").stream().map(BaselineTest::read)
                .filter(r -> r.comparison() != null).findFirst().orElseThrow();
        assertThat(stored.comparison().regressed()).isTrue();
        assertThat(stored.comparison().base().requestLog()).isTrue();
    }

    @Test
    void a_comparison_that_finds_no_regression_passes_with_its_verdict_as_a_note() {
        // given
        run(Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        // when: the same load again
        EngineExecutionResults second = run(Map.of());

        // then: unchanged or, for the tail of one second of requests, inconclusive; never a failure
        second.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(entry(second)).matches("(unchanged|inconclusive|improved): .* \\(against \\S+, .*\\).*");
    }

    @Test
    void a_result_kept_in_the_baseline_directory_is_the_baseline() throws Exception {
        // given: a first run's result.json alone (no request log), kept as the repository would keep it
        run(Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
        Path kept = Files.createDirectories(out.resolve("kept/Slows/call"));
        Files.copy(Fixtures.runDirs(out, Slows.class, "call").getFirst().resolve(ResultJson.RESULT_FILE),
                kept.resolve(ResultJson.RESULT_FILE));
        Slows.delayMicros = 8000;

        // when
        EngineExecutionResults second = run(Map.of(io.benchsuite.junit.Baseline.BASELINE_DIR_PROPERTY,
                out.resolve("kept").toString()));

        // then
        assertThat(Fixtures.failure(second).getMessage()).contains("regressed against its baseline ",
                " (" + kept.toAbsolutePath() + ")", "has no request log: its intervals come from its latency "
                        + "histograms");
    }

    @Test
    void with_mongodb_the_baseline_is_the_marked_one_else_the_previous_run() throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        Map<String, String> mongo = Map.of(LoadTest.MONGODB_URI_PROPERTY, uri,
                io.benchsuite.junit.Baseline.BASELINE_DIR_PROPERTY, out.resolve("empty").toString());
        try {
            // given: a first run stored in MongoDB
            run(mongo).testEvents().assertStatistics(s -> s.succeeded(1));
            String first = read(Fixtures.runDirs(out, Slows.class, "call").getFirst()).runId();

            // when
            EngineExecutionResults second = run(mongo);

            // then
            assertThat(entry(second)).contains("(against " + first + ", the previous run of \"Slows#call\" in MongoDB "
                    + uri + " database benchmarking)");

            // given: the first run marked as the baseline (bench baseline set), then a slower run
            try (MongoResults db = MongoResults.open(StoreSettings.of(uri, StoreSettings.DEFAULT_DATABASE))
                    .orElseThrow()) {
                db.baselines().orElseThrow().put(new Baseline("default", "Slows#call", List.of(first), Instant.now()));
            }
            Slows.delayMicros = 8000;

            // when
            EngineExecutionResults third = run(mongo);

            // then
            assertThat(Fixtures.failure(third).getMessage()).contains("regressed against its baseline " + first
                    + " (baseline \"Slows#call\" in MongoDB " + uri + " database benchmarking)");
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void each_load_test_appends_its_markdown_table_to_the_job_summary() throws Exception {
        // given
        Path summary = out.resolve("summary.md");
        Map<String, String> parameters = Map.of(io.benchsuite.junit.Baseline.STEP_SUMMARY_PROPERTY, summary.toString());

        // when
        run(parameters).testEvents().assertStatistics(s -> s.succeeded(1));
        run(parameters).testEvents().assertStatistics(s -> s.succeeded(1));

        // then
        String markdown = Files.readString(summary);
        assertThat(markdown).startsWith("#### Slows#call: **completed**\n\n| metric | value |")
                .contains("Run ", ": no baseline to compare with.\n\n#### Slows#call: **")
                .contains("| metric | base | current | change | 95 % interval | verdict |\n", "| p99 | ");
    }

    @Test
    void a_threshold_on_the_change_without_a_baseline_is_a_configuration_error() {
        // when
        EngineExecutionResults results = Fixtures.run(Unbased.class, "call", out);

        // then
        assertThat(Fixtures.failure(results)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Unbased#call]: @Threshold(\"p99 regression < 10%\") limits the change "
                        + "against a baseline, which this load test has none of; add @Baseline to the method or the "
                        + "class (see its Javadoc), or remove it");
    }

    private static RunResult read(Path dir) {
        try {
            return ResultJson.read(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
