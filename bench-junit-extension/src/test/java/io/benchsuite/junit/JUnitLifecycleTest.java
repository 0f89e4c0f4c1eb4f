package io.benchsuite.junit;

import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** How a load test fits JUnit's lifecycle: results in {@code @AfterEach}, other interceptors, nested classes, templates. */
class JUnitLifecycleTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class AfterEachResult {
        static final AtomicReference<LoadTestResult> SEEN = new AtomicReference<>();

        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 20)
        void request() {
        }

        @AfterEach
        void check(LoadTestResult result) {
            SEEN.set(result);
            assertThat(result).overall().successRate().isAtLeast(99.0);
        }
    }

    @Test
    void a_method_as_request_load_test_hands_its_result_to_after_each() {
        // when
        EngineExecutionResults results = Fixtures.run(AfterEachResult.class, "request", out);

        // then
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(AfterEachResult.SEEN.get().overall().requests()).isEqualTo(20);
        assertThat(AfterEachResult.SEEN.get().directory()).exists();
    }

    /** Counts the calls of test methods that go through the interceptor chain. */
    static final class CountingInterceptor implements InvocationInterceptor {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                        ExtensionContext extensionContext) throws Throwable {
            invocation.proceed();
            CALLS.incrementAndGet();
        }
    }

    @FixtureOnly
    @ExtendWith(CountingInterceptor.class)
    static class Intercepted {
        static final AtomicReference<LoadTestResult> SEEN = new AtomicReference<>();

        @LoadTest(config = "fixtures/orders-api.json", maxLoad = 1, totalRequests = 5)
        void ordersApi(LoadTestResult result) {
            SEEN.set(result);
        }
    }

    @Test
    void with_a_config_the_method_runs_through_every_other_extensions_interceptor_with_the_result_filled_in()
            throws Exception {
        // given a server to load
        try (io.benchsuite.demo.DemoApiServer api = io.benchsuite.demo.DemoApiServer.start(0)) {
            CountingInterceptor.CALLS.set(0);

            // when
            EngineExecutionResults results = Fixtures.run(Intercepted.class, "ordersApi", out, java.util.Map.of(
                    LoadTest.SET_PROPERTY_PREFIX + "endpoint", api.baseUrl() + io.benchsuite.demo.DemoApiServer.ORDERS_PATH));

            // then
            results.testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(CountingInterceptor.CALLS.get()).isEqualTo(1);
            assertThat(Intercepted.SEEN.get().overall().requests()).isEqualTo(5);
        }
    }

    @FixtureOnly
    static class SetPerTest {
        static final AtomicReference<LoadTestResult> SEEN = new AtomicReference<>();
        io.benchsuite.demo.DemoApiServer api;

        @org.junit.jupiter.api.BeforeEach
        void start() throws Exception {
            api = io.benchsuite.demo.DemoApiServer.start(0);
        }

        @AfterEach
        void stop() {
            api.close();
        }

        @LoadTestValue("orders.url")
        String ordersUrl() {
            return api.baseUrl();
        }

        @LoadTest(config = "fixtures/orders-api.json", maxLoad = 1, totalRequests = 4,
                set = {"endpoint=${orders.url}/api/orders", "timeout=3"})
        void ordersApi(LoadTestResult result) {
            SEEN.set(result);
        }
    }

    @Test
    void set_gives_one_test_its_own_endpoint_from_a_value_of_its_instance() {
        // when
        EngineExecutionResults results = Fixtures.run(SetPerTest.class, "ordersApi", out);

        // then
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SetPerTest.SEEN.get().overall().successes()).isEqualTo(4);
        assertThat(SetPerTest.SEEN.get().result().target()).endsWith("/api/orders");
        assertThat(SetPerTest.SEEN.get().result().config().get("timeout").asInt()).isEqualTo(3);
    }

    @FixtureOnly
    static class UnknownValue {
        @LoadTest(config = "fixtures/orders-api.json", set = "endpoint=${nowhere}/x")
        void ordersApi() {
        }
    }

    @Test
    void a_value_nobody_gives_is_a_configuration_error_naming_where_it_was_looked_for() {
        assertThat(Fixtures.failure(Fixtures.run(UnknownValue.class, "ordersApi", out)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LoadTest on method [UnknownValue#ordersApi]: set = \"endpoint=...\" uses ${nowhere}, but "
                        + "UnknownValue has no @LoadTestValue(\"nowhere\") field or method and no configuration "
                        + "parameter nowhere is set");
    }

    @FixtureOnly
    static class Outer {
        @Nested
        class Inner {
            @LoadTest(maxLoad = 1, enableRamping = false, durationSeconds = 5, totalRequests = 3)
            void call() {
            }
        }
    }

    @Test
    void a_nested_class_keeps_the_enclosing_class_in_its_results_directory() {
        // when
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(FixtureOnly.PARAMETER, "true")
                .configurationParameter(LoadTest.OUTPUT_DIR_PROPERTY, out.toString())
                .selectors(selectNestedClass(List.of(Outer.class), Outer.Inner.class))
                .execute();

        // then
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(out.resolve("Outer.Inner").resolve("call")).isDirectory();
        assertThat(Files.exists(out.resolve("Inner"))).isFalse();
    }

    @Test
    void after_the_test_run_one_block_lists_every_load_test_with_its_verdict_and_results() {
        // given
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        LoadTestSummary summary = new LoadTestSummary(new java.io.PrintStream(printed, true));
        var request = org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                .configurationParameter(FixtureOnly.PARAMETER, "true")
                .configurationParameter(LoadTest.OUTPUT_DIR_PROPERTY, out.toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(AfterEachResult.class,
                        "request"))
                .build();

        // when
        org.junit.platform.launcher.core.LauncherFactory.create().execute(request, summary);

        // then
        assertThat(printed.toString().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("[benchsuite] 1 load test: 1 passed, 0 failed");
            assertThat(lines.get(1)).startsWith("  PASSED  AfterEachResult#request  completed: 20 requests")
                    .endsWith(Fixtures.runDirs(out, AfterEachResult.class, "request").getFirst().toAbsolutePath()
                            .toString());
        });
    }

    @FixtureOnly
    static class Parameterized {
        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @LoadTest(maxLoad = 1, enableRamping = false, durationSeconds = 5, totalRequests = 3)
        void perCase(int size) {
        }
    }

    @Test
    void a_load_test_that_is_also_a_parameterized_test_is_a_clear_configuration_error() {
        // when
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(FixtureOnly.PARAMETER, "true")
                .configurationParameter(LoadTest.OUTPUT_DIR_PROPERTY, out.toString())
                .selectors(selectClass(Parameterized.class))
                .execute();

        // then every invocation fails with the same message, and no load ran
        assertThat(results.testEvents().failed().list()).isNotEmpty().allSatisfy(e -> assertThat(
                e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@LoadTest cannot be combined with @ParameterizedTest"));
        assertThat(Fixtures.runDirs(out, Parameterized.class, "perCase")).isEmpty();
    }
}
