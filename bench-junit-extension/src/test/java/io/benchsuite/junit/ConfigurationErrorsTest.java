package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationErrorsTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class Mistakes {
        @LoadTest(minLoad = 5, maxLoad = 3)
        void minAboveMax() {
        }

        @LoadTest(minLoad = 0)
        void zeroMinLoad() {
        }

        @LoadTest(rampSeconds = 0)
        void zeroRamp() {
        }

        @LoadTest(timeoutSeconds = 0)
        void zeroTimeout() {
        }

        @LoadTest(workerThreads = "green")
        void unknownWorkerThreads() {
        }

        @LoadTest(workerThreads = "event_loop")
        void eventLoopForAMethod() {
        }

        @LoadTest(dataset = "fixtures/no-such-dataset.json")
        void missingDataset(DatasetRecord record) {
        }

        @LoadTest(maxLoad = 1, rampSeconds = 1)
        @Threshold("p99 < 250")
        void thresholdWithoutUnit() {
        }

        @LoadTest(maxLoad = 1, rampSeconds = 1)
        @Threshold("ttft.p95 < 500ms")
        void llmThresholdWithoutLlm() {
        }

        @LoadTest(config = "fixtures/unknown-key.json")
        void unknownConfigKey() {
        }

        @LoadTest(config = "fixtures/no-such-config.json")
        void missingConfig() {
        }

        @LoadTest(maxLoad = 1, rampSeconds = 1)
        void resultWithoutConfig(LoadTestResult result) {
        }

        @LoadTest(config = "fixtures/orders-api.json")
        void recordWithConfig(DatasetRecord record) {
        }

        @LoadTest(maxLoad = 1, rampSeconds = 1, dataset = "fixtures/orders.json", jsonPath = "$.[[")
        void malformedJsonPath(DatasetRecord record) {
        }

        @LoadTest(maxLoad = 1, rampSeconds = 1)
        void badOverride() {
        }

        @LoadTest(config = "fixtures/orders-api.json")
        void setTypo() {
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "minAboveMax            | maxLoad (3) must be >= minLoad (5); raise maxLoad or lower minLoad",
            "zeroMinLoad            | minLoad (0) must be >= 1",
            "zeroRamp               | rampSeconds (0) must be > 0 seconds",
            "zeroTimeout            | timeoutSeconds (0) must be > 0 seconds",
            "unknownWorkerThreads   | workerThreads must be \"auto\", \"platform\", \"virtual\" or \"event_loop\", got "
                    + "\"green\"",
            "eventLoopForAMethod    | workerThreads (\"event_loop\") is only for targets with an event loop (system_api, "
                    + "llm_api); a method-as-request load test runs on a thread per worker: use \"auto\", \"platform\" "
                    + "or \"virtual\"",
            "thresholdWithoutUnit   | @Threshold(\"p99 < 250\"): threshold \"p99 < 250\" has no unit after 250; "
                    + "write e.g. \"250ms\" (units: ms, s, us). Valid examples: p99 < 250ms, success_rate >= 99%, "
                    + "throughput > 100/s, ttft.p95 < 500ms, workers=10: p99 < 300ms, rate=200: service_time.p99 < 100ms",
            "llmThresholdWithoutLlm | @Threshold(\"ttft.p95 < 500ms\"): threshold \"ttft.p95 < 500ms\" needs token "
                    + "metrics, which a method-as-request load test does not record; use it with an llm_api target",
            "unknownConfigKey       | fixtures/unknown-key.json: unknown key \"max_lod\"; did you mean \"max_load\"?",
            "resultWithoutConfig    | a LoadTestResult parameter needs a config (@LoadTest(config = \"...\")), with "
                    + "which the method runs once after the load; a method-as-request load test is one request: "
                    + "remove the parameter and check the result with @Threshold, or take the LoadTestResult in an "
                    + "@AfterEach method",
            "recordWithConfig       | DatasetRecord parameters are for method-as-request load tests; with config = "
                    + "\"fixtures/orders-api.json\" the built-in target sends the requests and the method runs once "
                    + "after the load: take a LoadTestResult parameter instead",
    })
    void configuration_mistakes_fail_the_test_with_the_method_and_the_fix(String method, String problem) {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, method, out));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#" + method + "]: " + problem);
        assertThat(Fixtures.runDirs(out, Mistakes.class, method)).as("no load ran").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "missingDataset    | dataset \"fixtures/no-such-dataset.json\" is neither a file (looked in ",
            "missingConfig     | config \"fixtures/no-such-config.json\" is neither a file (looked in ",
            "malformedJsonPath | jsonPath (\"$.[[\") is not a valid JSONPath: ",
    })
    void missing_files_and_malformed_paths_fail_with_the_method_and_the_fix(String method, String problem) {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, method, out));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@LoadTest on method [Mistakes#" + method + "]: " + problem);
        assertThat(failure.getMessage()).containsAnyOf("put it under src/test/resources/ or give its path",
                "expected e.g. \"$.data\"");
    }

    @Test
    void a_malformed_override_names_the_parameter_and_an_example() {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, "badOverride", out,
                Map.of(LoadTest.MAX_LOAD_PROPERTY, "lots")));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#badOverride]: benchsuite.maxLoad=lots must be a whole "
                        + "number, e.g. -Dbenchsuite.maxLoad=10");
    }

    @Test
    void repeat_in_a_config_is_refused_with_what_to_do_instead() {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, "setTypo", out,
                Map.of(LoadTest.SET_PROPERTY_PREFIX + "repeat", "3")));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#setTypo]: fixtures/orders-api.json: \"repeat\" (3) "
                        + "is for bench run; a @LoadTest is one load: run the config with bench run --repeat, and mark "
                        + "those runs as the baseline (bench baseline set) to compare the test with every repetition "
                        + "(given with benchsuite.set.repeat)");
    }

    @Test
    void a_non_positive_time_scale_is_refused() {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, "badOverride", out,
                Map.of(LoadTest.TIME_SCALE_PROPERTY, "0")));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#badOverride]: benchsuite.timeScale=0 must be a positive "
                        + "number, e.g. 0.1 to run every load ten times shorter");
    }

    @ParameterizedTest
    @CsvSource({"badOverride", "setTypo"})
    void an_output_directory_that_is_a_file_fails_the_test_with_the_message_bench_run_gives(String method)
            throws Exception {
        // given
        Path file = Files.writeString(out.resolve("benchsuite-results"), "a file");

        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Mistakes.class, method, out,
                Map.of(LoadTest.OUTPUT_DIR_PROPERTY, file.toString())));

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#" + method + "]: " + file.resolve("Mistakes").resolve(method)
                        + ": " + file + " is a file, not a directory; choose a directory for the results");
    }

    @Test
    void a_set_system_property_of_a_key_no_target_knows_is_refused_with_the_closest_key() {
        // given
        System.setProperty(LoadTest.SET_PROPERTY_PREFIX + "endpont", "http://127.0.0.1:9/");
        Throwable failure;

        // when
        try {
            failure = Fixtures.failure(Fixtures.runAsInABuild(Mistakes.class, "setTypo", out, Map.of()));
        } finally {
            System.clearProperty(LoadTest.SET_PROPERTY_PREFIX + "endpont");
        }

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#setTypo]: benchsuite.set.endpont: unknown key \"endpont\"; "
                        + "did you mean \"endpoint\"?");
    }

    @Test
    void a_set_key_in_junit_platform_properties_is_checked_like_a_system_property() throws Exception {
        // given
        Path classPath = Files.createDirectories(out.resolve("class-path"));
        Files.writeString(classPath.resolve("junit-platform.properties"),
                LoadTest.SET_PROPERTY_PREFIX + "max_lod=4\n");
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        Throwable failure;

        // when
        try (URLClassLoader withProperties = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, original)) {
            thread.setContextClassLoader(withProperties);
            failure = Fixtures.failure(Fixtures.runAsInABuild(Mistakes.class, "setTypo", out, Map.of()));
        } finally {
            thread.setContextClassLoader(original);
        }

        // then
        assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [Mistakes#setTypo]: benchsuite.set.max_lod: unknown key \"max_lod\"; "
                        + "did you mean \"max_load\"?");
    }
}
