package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.demo.FakeLlmServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Misbehaving servers give classified failures, and the run goes on. */
@Timeout(120)
class LlmFailureTest {

    private static final String KEY = "sk-test-failure-0c1d";

    private final LlmTargetFactory factory = new LlmTargetFactory(name -> null);

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void each_fault_is_a_classified_failure_and_the_other_requests_succeed(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(20, 5, 5))) {
            var config = LlmRun.config(provider, server.baseUrl(), 2, Map.of("auth_token", KEY));
            var prompts = LlmRun.prompts("fine", "#fault=http_429", "#fault=http_500", "#fault=stream_error",
                    "#fault=truncate", "#fault=stall", "#fault=empty", "#fault=garbage noisy but fine",
                    "#fault=error_text", "#fault=json_error_200");

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(2, Duration.ofSeconds(60)).withTotalRequests(20),
                    prompts, Duration.ofSeconds(1), server);

            // then
            RunResult result = run.result();
            Stats all = result.overall();
            assertThat(result.status()).isEqualTo(RunResult.Status.completed);
            assertThat(all.requests()).isEqualTo(20);
            assertThat(all.successes()).as("2 plain and 2 garbage-laden streams").isEqualTo(4);
            assertThat(all.errors()).containsOnly(
                    Map.entry("http_429", 2L), Map.entry("http_500", 2L), Map.entry("stream_error", 6L),
                    Map.entry("truncated_stream", 2L), Map.entry("timeout", 2L), Map.entry("empty_stream", 2L));
            assertThat(result.errorSamples().toString()).doesNotContain(KEY);
            assertThat(result.errorSamples().get("stream_error")).as("the server's messages").contains(
                    "error event in the stream: " + (provider.equals("anthropic") ? "" : "200: ")
                            + "fake upstream overloaded",
                    "a JSON error instead of an event stream: " + (provider.equals("anthropic")
                            ? "api_error: fake json_error_200" : "200: fake json_error_200"));
            assertThat(result.errorSamples().get("http_429")).allSatisfy(sample ->
                    assertThat(sample).startsWith("HTTP 429 (Retry-After: 1): "));
            assertThat(run.lines()).filteredOn(l -> l.error() == null).allSatisfy(l -> {
                assertThat(l.outputTokens()).isEqualTo(5);
                assertThat(l.ttftNanos()).isGreaterThanOrEqualTo(19_000_000L);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void a_timeout_in_the_middle_of_a_stream_ends_the_request_at_its_deadline(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(20, 5, 5))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", KEY));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(60)).withTotalRequests(2),
                    LlmRun.prompts("#fault=stall"), Duration.ofMillis(500), server);

            // then
            Stats all = run.result().overall();
            assertThat(all.errors()).containsOnly(Map.entry("timeout", 2L));
            assertThat(all.latencyMs().min()).isGreaterThanOrEqualTo(499.0);
            assertThat(all.latencyMs().max()).isLessThan(900.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void aborting_in_flight_ends_a_stalled_stream_on_a_platform_thread_at_once(String provider) throws Exception {
        // given: a stream that stalls, read on a platform thread (which ignores interrupts in socket reads)
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(20, 5, 5))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", KEY));
            try (io.benchsuite.engine.Target target = factory.create(config)) {
                io.benchsuite.engine.Exchange ex = new io.benchsuite.engine.Exchange();
                ex.reset(LlmRun.prompts("#fault=stall").get(0), 0, 1, Duration.ofSeconds(30).toNanos(), null);
                Thread worker = Thread.ofPlatform().start(() -> {
                    try {
                        target.execute(ex);
                    } catch (Exception e) {
                        ex.failure(e);
                    }
                });
                Thread.sleep(300);

                // when
                long t0 = System.nanoTime();
                target.abortInFlight();
                worker.join(Duration.ofSeconds(10));

                // then
                assertThat(worker.isAlive()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                assertThat(ex.failed()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void a_record_without_a_prompt_fails_that_request_only(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(5, 1, 3))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", KEY));
            var dataset = io.benchsuite.engine.dataset.Dataset.of(java.util.List.of(
                    LlmRun.JSON.createObjectNode().put("prompt", "hi"),
                    LlmRun.JSON.createObjectNode().put("text", "no prompt here")));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(60)).withTotalRequests(4),
                    dataset, Duration.ofSeconds(2), server);

            // then
            assertThat(run.result().overall().errors()).containsOnly(Map.entry("missing_prompt", 2L));
            assertThat(run.result().overall().successes()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"openai_compatible, event_loop", "openai_compatible, platform",
            "anthropic, event_loop", "anthropic, platform"})
    void a_refused_connection_names_host_and_port_on_either_transport(String provider, String threads)
            throws Exception {
        // given: nothing listens on the port
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var config = LlmRun.config(provider, "http://127.0.0.1:" + port + "/v1", 1,
                Map.of("auth_token", KEY, "worker_threads", threads));
        try (io.benchsuite.engine.Target target = factory.create(config)) {
            var ex = new io.benchsuite.engine.Exchange();
            ex.reset(LlmRun.prompts("hi").get(0), 0, 1, Duration.ofSeconds(5).toNanos(), null);

            // when
            target.execute(ex);

            // then
            assertThat(ex.errorClass()).isEqualTo("connect_error");
            assertThat(ex.errorMessage()).isEqualTo("ConnectException: Connection refused (127.0.0.1:" + port + ")");
        }
    }
}
