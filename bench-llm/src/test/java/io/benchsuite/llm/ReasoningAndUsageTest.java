package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.demo.FakeLlmServer;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reasoning models, the server's usage (reasoning and cached tokens) and rate limits, through the engine against the
 * loopback server, whose timing, counts and limits are known: TTFO is the first answer token, TTFT the first token of
 * any kind; the token counts are the server's.
 */
@Timeout(120)
class ReasoningAndUsageTest {

    private final LlmTargetFactory factory = new LlmTargetFactory(name -> null);

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void ttfo_follows_the_reasoning_and_the_usage_gives_reasoning_and_cached_tokens(String provider)
            throws Exception {
        // given: 100 ms to the first token, 20 ms per token, 5 reasoning tokens before 4 answer tokens, 7 cached
        FakeLlmServer.Timing timing = FakeLlmServer.Timing.of(100, 20, 4).withReasoning(5).withCachedTokens(7);
        try (FakeLlmServer server = FakeLlmServer.start(timing)) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test-reasoning"));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(4),
                    LlmRun.prompts("three words here"), Duration.ofSeconds(5), server);

            // then: TTFT at the first reasoning token, TTFO 5 tokens (100 ms) later
            Stats all = run.result().overall();
            assertThat(all.failures()).as("%s", run.result().errorSamples()).isZero();
            assertThat(all.ttftMs().p50()).as("TTFT").isBetween(99.0, 140.0);
            assertThat(all.ttfoMs().p50()).as("TTFO").isBetween(199.0, 250.0);
            assertThat(all.ttfoMs().p50() - all.ttftMs().p50()).as("TTFO - TTFT").isBetween(90.0, 125.0);
            // every generated token counts as output; the server's counts, not the chunks
            assertThat(all.outputTokens()).isEqualTo(4 * 9);
            assertThat(all.reasoningTokens()).isEqualTo(4 * 5);
            assertThat(all.cachedTokens()).isEqualTo(4 * 7);
            assertThat(all.inputTokens()).as("3 words + 7 cached, per request").isEqualTo(4 * 10);
            assertThat(all.tokenSource()).isEqualTo("usage");
            assertThat(run.result().buckets()).singleElement().satisfies(b -> {
                assertThat(b.reasoningTokens()).isEqualTo(20);
                assertThat(b.ttfoMs().p50()).isGreaterThan(b.ttftMs().p50());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void a_model_that_does_not_reason_has_ttfo_equal_to_ttft_and_no_reasoning_tokens(String provider)
            throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(50, 5, 3))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test-plain"));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(3),
                    LlmRun.prompts("hi"), Duration.ofSeconds(5), server);

            // then
            Stats all = run.result().overall();
            assertThat(all.ttfoMs()).isEqualTo(all.ttftMs());
            assertThat(all.reasoningTokens()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void rate_limit_headers_and_429s_are_in_the_timeline_each_second(String provider) throws Exception {
        // given: 5 requests per 10 s window, each stream 3 tokens; a run of 12 requests
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(1, 1, 3))
                .rateLimit(5, 1_000, Duration.ofSeconds(10))) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test-limits"));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(12),
                    LlmRun.prompts("hi"), Duration.ofSeconds(5), server);

            // then: the 429s the server sent are the run's http_429 and the timeline's rate_limited
            var result = run.result();
            long limited = server.rateLimitedRequests();
            assertThat(result.overall().errors().getOrDefault("http_429", 0L)).isEqualTo(limited);
            assertThat(result.timeline().stream().mapToLong(e -> e.rateLimited() == null ? 0 : e.rateLimited())
                    .sum()).isEqualTo(limited);
            assertThat(result.overall().successes()).as("at most 2 windows of 5 in a run this short")
                    .isBetween(5L, 10L);
            assertThat(result.timeline()).filteredOn(e -> e.rateLimitRemainingRequests() != null).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.rateLimitRemainingRequests()).isBetween(0L, 4L));
            assertThat(result.timeline().stream().map(TimelineEntry::rateLimitRemainingTokens)
                    .filter(java.util.Objects::nonNull).min(Long::compare)).hasValueSatisfying(v ->
                    assertThat(v).isLessThanOrEqualTo(1_000 - 5 * 3));
            // every second with a 429 says how long the server asked to wait: at most the 10 s window, at least 1 s
            assertThat(result.timeline()).filteredOn(e -> e.rateLimited() != null && e.rateLimited() > 0)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.rateLimitRetryAfterS()).isBetween(1L, 10L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void the_cost_is_the_tokens_at_the_config_prices_per_bucket_and_overall(String provider) throws Exception {
        // given: per request 10 prompt tokens (7 cached) and 9 output tokens (5 of them reasoning)
        FakeLlmServer.Timing timing = FakeLlmServer.Timing.of(1, 1, 4).withReasoning(5).withCachedTokens(7);
        try (FakeLlmServer server = FakeLlmServer.start(timing)) {
            var config = LlmRun.config(provider, server.baseUrl(), 1, Map.of("auth_token", "sk-test-cost",
                    "pricing", Map.of("input_per_million", 1.0, "output_per_million", 10.0,
                            "cached_input_per_million", 0.5)));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(4),
                    LlmRun.prompts("three words here"), Duration.ofSeconds(5), server);

            // then: 4 x (3 x $1 + 7 x $0.5 + 9 x $10) / 1e6
            assertThat(run.result().overall().costUsd()).isEqualTo(0.000386);
            assertThat(run.result().buckets()).singleElement()
                    .satisfies(b -> assertThat(b.costUsd()).isEqualTo(0.000386));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void the_server_metrics_are_scraped_into_the_timeline_each_second(String provider) throws Exception {
        // given: 2 streams at a time, each 30 tokens 10 ms apart
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(10, 10, 30))) {
            var config = LlmRun.config(provider, server.baseUrl(), 2, Map.of("auth_token", "sk-test-metrics",
                    "server_metrics_url", server.metricsUrl()));

            // when: a 4 s run
            var run = LlmRun.run(factory, config, LoadPlan.constant(2, Duration.ofSeconds(4)),
                    LlmRun.prompts("hi"), Duration.ofSeconds(5), server);

            // then: the seconds carry what the server said, within what the run could make it say
            var scraped = run.result().timeline().stream().filter(e -> e.server() != null).toList();
            assertThat(scraped).as("seconds with a scrape").hasSizeGreaterThanOrEqualTo(2);
            assertThat(scraped).allSatisfy(e -> {
                assertThat(e.server().get("running_requests")).isBetween(0.0, 2.0);
                assertThat(e.server().get("waiting_requests")).isZero();
                assertThat(e.server().get("kv_cache_usage")).isBetween(0.0, 0.02);
            });
            // at most 2 streams x 100 tokens/s; at least a few tokens in a second the run was streaming
            assertThat(scraped).filteredOn(e -> e.server().containsKey("generation_tokens_per_second"))
                    .isNotEmpty().allSatisfy(e -> assertThat(e.server().get("generation_tokens_per_second"))
                            .isBetween(0.0, 260.0))
                    .anySatisfy(e -> assertThat(e.server().get("generation_tokens_per_second")).isGreaterThan(20.0));
            assertThat(run.result().notes()).noneMatch(n -> n.startsWith("server metrics"));
        }
    }

    @org.junit.jupiter.api.Test
    void a_record_s_max_tokens_and_ignore_eos_reach_the_server_which_then_generates_exactly_that_many() throws Exception {
        // given: the server would send 20 tokens; the records ask for 7 and 12, ignoring the end of sequence
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(1, 1, 20))) {
            var config = LlmRun.config("openai_compatible", server.baseUrl(), 1, Map.of());
            var dataset = io.benchsuite.engine.dataset.Dataset.of(java.util.List.of(
                    LlmRun.JSON.createObjectNode().put("prompt", "a").put("max_tokens", 7).put("ignore_eos", true),
                    LlmRun.JSON.createObjectNode().put("prompt", "b").put("max_tokens", 12).put("ignore_eos", true)));

            // when
            var run = LlmRun.run(factory, config, LoadPlan.constant(1, Duration.ofSeconds(30)).withTotalRequests(4),
                    dataset, Duration.ofSeconds(5), server);

            // then
            assertThat(run.lines()).extracting(LlmRun.Line::outputTokens).containsExactlyInAnyOrder(7L, 12L, 7L, 12L);
            assertThat(run.result().overall().outputTokens()).isEqualTo(38);
        }
    }
}
