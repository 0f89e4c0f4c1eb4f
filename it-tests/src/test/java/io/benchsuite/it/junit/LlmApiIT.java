package io.benchsuite.it.junit;

import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Stats;
import io.benchsuite.junit.Arrival;
import io.benchsuite.junit.LoadModel;
import io.benchsuite.junit.LoadTest;
import io.benchsuite.junit.LoadTestResult;
import io.benchsuite.junit.LoadTestValue;
import io.benchsuite.junit.Threshold;
import io.benchsuite.demo.FakeLlmServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The config form with an LLM target (docs/junit.md, "LLM metrics"): {@code junit/chat.json} streams from a
 * loopback server that sends the first token after 100 ms, then one every 10 ms, 20 tokens per answer. The
 * upper bounds are loose on purpose: CI machines are shared, and a streaming client is costly to start.
 */
class LlmApiIT {

    static FakeLlmServer llm;
    /** A reasoning model (5 reasoning tokens before its 20 answer tokens) with a prompt cache and /metrics. */
    static FakeLlmServer reasoning;

    @BeforeAll
    static void start_the_fake_llm() throws IOException {
        llm = FakeLlmServer.start(FakeLlmServer.Timing.of(100, 10, 20));
        reasoning = FakeLlmServer.start(FakeLlmServer.Timing.of(100, 10, 20).withReasoning(5).withCachedTokens(3));
        WarmUp.run("junit/chat.json", Map.of("base_url", llm.baseUrl()), 3);
    }

    @AfterAll
    static void stop_the_fake_llm() {
        llm.close();
        reasoning.close();
    }

    @LoadTestValue("llm.url")
    static String llmUrl() {
        return llm.baseUrl();
    }

    @LoadTestValue("reasoning.url")
    static String reasoningUrl() {
        return reasoning.baseUrl();
    }

    @LoadTestValue("reasoning.metrics")
    static String reasoningMetrics() {
        return reasoning.metricsUrl();
    }

    @Timeout(90)
    @LoadTest(config = "junit/chat.json", set = {"base_url=${reasoning.url}", "server_metrics_url=${reasoning.metrics}",
            "pricing={\"input_per_million\": 1, \"output_per_million\": 10, \"cached_input_per_million\": 0.5}"})
    void aReasoningModelWithPricesAndServerMetrics(LoadTestResult result) {
        // issue 19 from the config form: TTFO after 5 reasoning tokens (50 ms), the usage's reasoning and cached
        // tokens, the cost at the prices given with set, the server's metrics in the timeline
        assertThat(result).isCompleted();
        assertThat(result).overall().ttfo().p50().isGreaterThan(Duration.ofMillis(140));
        Stats all = result.overall();
        assertThat(all.reasoningTokens()).isEqualTo(all.successes() * 5);
        assertThat(all.cachedTokens()).isEqualTo(all.successes() * 3);
        assertThat(all.outputTokens()).isEqualTo(all.successes() * 25);
        // (input - cached) x $1 + cached x $0.5 + output x $10, per million tokens
        double expected = ((all.inputTokens() - all.cachedTokens()) * 1.0 + all.cachedTokens() * 0.5
                + all.outputTokens() * 10.0) / 1e6;
        assertThat(all.costUsd()).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-6));
        assertThat(result.result().timeline()).anySatisfy(e -> assertThat(e.server()).containsKey("running_requests"));
    }

    @Timeout(90) // a load that does not end must not hang the build
    @LoadTest(config = "junit/chat.json", set = "base_url=${llm.url}")
    @Threshold("tpot.p99 < 500ms")
    @Threshold("output_tokens_per_second > 10/s")
    void chatStreaming(LoadTestResult result) {
        assertThat(result).isCompleted().hasPassedThresholds();
        for (Stats bucket : result.buckets()) {
            int workers = bucket.workers();
            assertThat(result).atWorkers(workers).ttft().p50()
                    .isBetween(Duration.ofMillis(100), Duration.ofMillis(3000));
            // a late first chunk makes the following ones arrive in a burst, so TPOT has no lower bound here;
            // the whole stream does: token 20 leaves the server 100 + 19 * 10 ms after the request
            assertThat(result).atWorkers(workers).tpot().p50().isLessThan(Duration.ofMillis(500));
            assertThat(result).atWorkers(workers).latency().p50()
                    .isBetween(Duration.ofMillis(290), Duration.ofMillis(5000));
            assertThat(bucket.outputTokens()).isEqualTo(bucket.successes() * 20);
        }
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2);
        assertThat(result).overall().hasNoErrors();
    }

    @Timeout(90)
    @LoadTest(config = "junit/chat.json", set = "base_url=${llm.url}", loadModel = LoadModel.OPEN, minRate = 4,
            maxRate = 8, rateLevels = 2, rampSeconds = 4, arrival = Arrival.POISSON, maxInFlight = 16, seed = 11)
    @Threshold("rate=8: ttft.p99 < 5s")
    void chatStreamingAtARate(LoadTestResult result) {
        // the open model: requests due at 4, then 8 req/s; TTFT runs from each request's intended start
        assertThat(result).isCompleted().hasPassedThresholds();
        assertThat(result.openModel()).isTrue();
        assertThat(result.buckets()).extracting(Stats::rate).containsExactly(4.0, 8.0);
        for (Stats bucket : result.buckets()) {
            assertThat(result).atRate(bucket.rate()).ttft().p50()
                    .isBetween(Duration.ofMillis(100), Duration.ofMillis(3000));
            // the latency includes any wait before the send, the service time does not
            assertThat(bucket.latencyMs().p50()).isGreaterThanOrEqualTo(bucket.serviceTimeMs().p50());
            assertThat(bucket.serviceTimeMs().p50()).isGreaterThanOrEqualTo(290);
            assertThat(bucket.outputTokens()).isEqualTo(bucket.successes() * 20);
        }
        assertThat(result.validity()).isNotNull();
        assertThat(result.validity().targetRps()).isPositive();
        assertThat(result).overall().hasNoErrors();
    }
}
