package io.benchsuite.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

class ConfigFormTest {

    static WireMockServer server;

    @TempDir
    Path out;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/orders")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(5).withBody("{\"ok\":true}")));
        server.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503)));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private Map<String, String> endpoint(String path) {
        return Map.of(LoadTest.SET_PROPERTY_PREFIX + "endpoint", server.baseUrl() + path);
    }

    @FixtureOnly
    static class OrdersApi {
        static final AtomicReference<LoadTestResult> SEEN = new AtomicReference<>();

        @LoadTest(config = "fixtures/orders-api.json")
        @Threshold("workers=2: p99 < 5s")
        void ordersApi(LoadTestResult result) {
            SEEN.set(result);
            assertThat(result).atWorkers(2).latency().p50().isGreaterThan(Duration.ofMillis(4));
            assertThat(result).overall().successRate().isAtLeast(99.0);
        }

        @LoadTest(config = "fixtures/orders-api.json", maxLoad = 1)
        void customCheckFails(LoadTestResult result) {
            assertThat(result).overall().latency().p50().isLessThan(Duration.ofNanos(1000));
        }
    }

    @Test
    void a_config_load_test_runs_the_built_in_target_then_the_method_once_with_the_result() throws IOException {
        // given
        OrdersApi.SEEN.set(null);

        // when
        EngineExecutionResults results = Fixtures.run(OrdersApi.class, "ordersApi", out, endpoint("/orders"));

        // then
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        RunResult result = Fixtures.result(out, OrdersApi.class, "ordersApi");
        assertThat(result.benchmarkType()).isEqualTo("system_api");
        assertThat(result.name()).isEqualTo("OrdersApi#ordersApi");
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2);
        assertThat(result.thresholds()).extracting(t -> t.expression() + "=" + t.passed())
                .containsExactly("success_rate >= 99%=true", "workers=2: p99 < 5s=true");
        server.verify((int) result.overall().requests(), postRequestedFor(urlEqualTo("/orders")));
        LoadTestResult seen = OrdersApi.SEEN.get();
        assertThat(seen.runId()).isEqualTo(result.runId());
        assertThat(seen.directory()).isEqualTo(Fixtures.runDirs(out, OrdersApi.class, "ordersApi").getFirst());
        assertThat(seen.atWorkers(2).latencyMs().p50()).isGreaterThanOrEqualTo(5.0);
    }

    @Test
    void a_set_parameter_only_another_benchmark_type_knows_is_left_to_the_load_tests_of_that_type()
            throws IOException {
        // given: a system property for every load test of the build, meant for those of the other type
        System.setProperty(LoadTest.SET_PROPERTY_PREFIX + OtherTypeFactory.KEY, "for the other tests");
        EngineExecutionResults results;

        // when
        try {
            results = Fixtures.runAsInABuild(OrdersApi.class, "ordersApi", out, endpoint("/orders"));
        } finally {
            System.clearProperty(LoadTest.SET_PROPERTY_PREFIX + OtherTypeFactory.KEY);
        }

        // then
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        RunResult result = Fixtures.result(out, OrdersApi.class, "ordersApi");
        assertThat(result.config().has(OtherTypeFactory.KEY)).isFalse();
        assertThat(result.config().get("endpoint").asText()).isEqualTo(server.baseUrl() + "/orders");
    }

    @Test
    void a_failing_custom_check_fails_the_test_with_an_assertj_style_message() {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(OrdersApi.class, "customCheckFails", out,
                endpoint("/orders")));

        // then
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting p50 latency (overall):\n  ")
                .hasMessageEndingWith(" ms\nto be less than:\n  0.001 ms");
    }

    @Test
    void config_thresholds_and_the_methods_thresholds_are_checked_together() {
        // when
        Throwable failure = Fixtures.failure(Fixtures.run(OrdersApi.class, "ordersApi", out, endpoint("/broken")));

        // then
        assertThat(failure).isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("""
                        @LoadTest on method [OrdersApi#ordersApi]: 1 of 2 thresholds failed

                        [success_rate >= 99%]
                        Expecting success rate (overall):
                          0 %
                        to be at least:
                          99 %""");
        assertThat(failure.getSuppressed()).singleElement().satisfies(custom ->
                assertThat(custom).isInstanceOf(AssertionError.class).hasMessageStartingWith("Expecting "));
    }

    @Test
    void the_auth_token_never_reaches_files_output_report_entries_or_messages() throws IOException {
        // given
        String token = "tok-3f9a-never-print-me";
        Map<String, String> parameters = new java.util.HashMap<>(endpoint("/broken"));
        parameters.put(LoadTest.SET_PROPERTY_PREFIX + "auth_token", token);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out0 = System.out;
        java.io.PrintStream err0 = System.err;
        EngineExecutionResults results;

        // when
        try (java.io.PrintStream tee = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(tee);
            System.setErr(tee);
            results = Fixtures.run(OrdersApi.class, "ordersApi", out, parameters);
        } finally {
            System.setOut(out0);
            System.setErr(err0);
        }

        // then: the token was sent ...
        server.verify(postRequestedFor(urlEqualTo("/broken")).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.containing(token)));
        // ... and is nowhere else
        StringBuilder everything = new StringBuilder(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        Fixtures.reportEntries(results).forEach(e -> everything.append(e));
        everything.append(Fixtures.failure(results).getMessage());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(out)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                byte[] bytes = java.nio.file.Files.readAllBytes(f);
                if (f.toString().endsWith(".gz")) {
                    bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
                }
                everything.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(everything).contains("success_rate >= 99%", "report.html").doesNotContain(token);
    }
}
