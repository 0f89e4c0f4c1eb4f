package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import io.benchsuite.demo.FakeLlmServer;
import io.benchsuite.demo.FakeLlmServer.StreamTiming;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the tool adds to a chunk's timestamp: the server (same JVM, same clock) records when it wrote the first
 * and last content chunk; the target must stamp their arrival within a hair of that. Requests run one at a
 * time so each client request pairs with the server's last recorded stream.
 */
@Timeout(120)
class TimestampAccuracyTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 20;

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void first_and_last_chunks_are_stamped_within_a_few_ms_of_the_server_write(String provider) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(30, 5, 5));
             Target target = new LlmTargetFactory(name -> null)
                     .create(LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test")))) {
            Exchange ex = new Exchange();
            for (int i = 0; i < WARM_UP; i++) {
                send(target, ex, FakeLlmServer.FAST_MARKER + " warm-up", i);
            }
            double[] firstDelay = new double[MEASURED];
            double[] lastDelay = new double[MEASURED];
            double[] sendDelay = new double[MEASURED];

            // when
            for (int i = 0; i < MEASURED; i++) {
                send(target, ex, "measure me", i);
                assertThat(ex.failed()).as("request %d failed: %s", i, ex.errorMessage()).isFalse();
                List<StreamTiming> streams = server.streamTimings();
                StreamTiming s = streams.get(streams.size() - 1);
                firstDelay[i] = (ex.firstTokenNanos() - s.firstContentNanos()) / 1e6;
                lastDelay[i] = (ex.lastTokenNanos() - s.lastContentNanos()) / 1e6;
                sendDelay[i] = (s.receivedNanos() - ex.startNanos()) / 1e6;
            }

            // then: arrival is never before the write, and p50 within 2 ms of it (CPU is shared: p50, not max)
            assertThat(Arrays.stream(firstDelay).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
            assertThat(median(firstDelay)).as("first chunk: client stamp - server write, p50 ms").isLessThan(2.0);
            assertThat(median(lastDelay)).as("last chunk: client stamp - server write, p50 ms").isLessThan(2.0);
            assertThat(median(sendDelay)).as("request start -> server has the body, p50 ms").isLessThan(15.0);
        }
    }

    private static void send(Target target, Exchange ex, String prompt, int seq) throws Exception {
        ex.reset(LlmRun.JSON.createObjectNode().put("prompt", prompt), seq, 1, 5_000_000_000L, null);
        target.execute(ex);
    }

    private static double median(double[] values) {
        return LlmRun.median(Arrays.stream(values));
    }
}
