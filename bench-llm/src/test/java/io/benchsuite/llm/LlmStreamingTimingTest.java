package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.result.Stats;
import io.benchsuite.llm.demo.FakeLlmServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TTFT, TPOT and ITL measured through the engine against a loopback server whose timing is known. Bounds are
 * tolerant (the CPU is shared), but tight enough that counting the role chunk as a token (TTFT near 0) or
 * timestamping late would fail.
 */
@Timeout(120)
class LlmStreamingTimingTest {

    private final LlmTargetFactory factory = new LlmTargetFactory(name -> null);

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void ttft_tpot_and_itl_match_the_server_timing_at_one_stream(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(100, 20, 10))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test-one"));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(5),
                    LlmRun.prompts("Say hello", "Count to ten"), Duration.ofSeconds(5));

            // then
            Stats all = run.result().overall();
            assertThat(all.failures()).as("failures %s: %s", all.errors(), run.result().errorSamples()).isZero();
            assertThat(all.requests()).isEqualTo(5);
            assertThat(all.ttftMs().p50()).as("TTFT p50 (role chunk at 0 ms must not count)").isBetween(99.0, 115.0);
            assertThat(all.ttftMs().min()).isGreaterThanOrEqualTo(99.0);
            assertThat(all.tpotMs().p50()).as("TPOT p50").isBetween(18.0, 23.0);
            assertThat(all.itlMs().p50()).as("ITL p50").isBetween(17.0, 24.0);
            assertThat(all.outputTokens()).isEqualTo(50);
            assertThat(all.inputTokens()).isPositive();
            assertThat(all.latencyMs().p50()).as("E2E p50 = TTFT + 9 gaps").isBetween(279.0, 310.0);
            assertThat(run.lines()).hasSize(5).allSatisfy(line -> {
                assertThat(line.tokenSource()).isEqualTo(Exchange.TokenSource.USAGE);
                assertThat(line.outputTokens()).isEqualTo(10);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void ttft_tpot_and_itl_match_the_server_timing_at_32_concurrent_streams(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(200, 20, 20))) {
            var config = LlmRun.config(provider, server.baseUrl(), 32, Map.of("auth_token", "sk-test-32"));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(32, Duration.ofSeconds(30)).withTotalRequests(96),
                    LlmRun.prompts("Write a haiku about load tests"), Duration.ofSeconds(10));

            // then
            Stats all = run.result().overall();
            assertThat(all.failures()).as("failures %s: %s", all.errors(), run.result().errorSamples()).isZero();
            assertThat(server.maxConcurrentStreams()).isEqualTo(32);
            assertThat(all.ttftMs().p50()).as("TTFT p50").isBetween(199.0, 215.0);
            assertThat(all.ttftMs().min()).isGreaterThanOrEqualTo(199.0);
            assertThat(all.tpotMs().p50()).as("TPOT p50").isBetween(18.0, 23.0);
            assertThat(all.itlMs().p50()).as("ITL p50").isBetween(17.0, 24.0);
            assertThat(all.outputTokens()).isEqualTo(96 * 20);
        }
    }
}
