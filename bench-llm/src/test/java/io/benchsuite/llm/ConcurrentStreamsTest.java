package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.Stats;
import io.benchsuite.demo.FakeLlmServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * max_load streams are really open at once: 100, above what common HTTP clients allow by default (OkHttp: 64 calls,
 * 5 idle connections).
 */
@Timeout(120)
class ConcurrentStreamsTest {

    private final LlmTargetFactory factory = new LlmTargetFactory(name -> null);

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void the_server_sees_max_load_streams_at_once_for_max_load_100(String provider) throws Exception {
        // given: the first token comes after 1.5 s, so every stream is still open when the last one starts
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(1500, 10, 3))) {
            var config = LlmRun.config(provider, server.baseUrl(), 100, Map.of("auth_token", "sk-test-100"));

            // when
            var run = LlmRun.run(factory, config,
                    LoadPlan.constant(100, Duration.ofSeconds(60)).withTotalRequests(200),
                    LlmRun.prompts("Tell me a story"), Duration.ofSeconds(10), server);

            // then
            Stats all = run.result().overall();
            assertThat(all.failures()).as("failures %s: %s", all.errors(), run.result().errorSamples()).isZero();
            assertThat(server.maxConcurrentStreams()).isEqualTo(100);
            assertThat(all.ttftMs().min()).as("TTFT min").isGreaterThanOrEqualTo(1499.0);
        }
    }
}
