package io.benchsuite.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.ThresholdResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RunSpec;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the checked-in result fixtures by running the real engine against small fake targets. Off by
 * default (the fixtures are checked in so rendering tests are deterministic); run with
 * {@code ./mvnw -B -o test -pl bench-report -Dtest=FixtureGenerator -Dbenchsuite.regenerateFixtures=true}.
 * The rendering tests read numbers from the fixture, so they keep passing after a regeneration.
 */
@EnabledIfSystemProperty(named = "benchsuite.regenerateFixtures", matches = "true")
class FixtureGenerator {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final String SECRET = "sk-fixture-0123456789";

    /**
     * A "server" with 2 request slots and 8 ms service time: throughput grows linearly up to 2 workers, then
     * flattens while latency climbs. Requests that wait more than 9 ms for a slot are shed with a 503.
     */
    @Test
    void system_api_fixture() throws Exception {
        // given
        Semaphore slots = new Semaphore(2, true);
        Target server = exchange -> {
            long seq = exchange.seq();
            if (seq % 397 == 396) {
                exchange.failure(new ConnectException("Connection refused: 127.0.0.1:8080 (token " + SECRET + ")"));
                return;
            }
            if (!slots.tryAcquire(9, TimeUnit.MILLISECONDS)) {
                exchange.failure("http_503", 503, "<html><body>Service Unavailable & queue full</body></html>");
                return;
            }
            try {
                Thread.sleep(Duration.ofMillis(7).plusNanos(ThreadLocalRandom.current().nextLong(2_000_000)));
            } finally {
                slots.release();
            }
            exchange.success(200);
        };
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("benchmark_type", "system_api");
        config.put("name", "orders-api");
        config.put("endpoint", "http://127.0.0.1:8080/orders");
        config.put("method", "POST");
        config.putObject("headers").put("Authorization", "***").put("Content-Type", "application/json");
        config.put("min_load", 1).put("max_load", 4).put("ramping", true).put("ramp_seconds", 8)
                .put("hold_seconds", 2).put("timeout_seconds", 5);
        RunSpec spec = RunSpec.builder(server, LoadPlan.ramp(1, 4, Duration.ofSeconds(8), Duration.ofSeconds(2)))
                .withRunId("20261128-031500-orders").withOrgId("acme").withName("orders-api")
                .withBenchmarkType("system_api").withTargetDescription("POST http://127.0.0.1:8080/orders")
                .withTimeout(Duration.ofSeconds(5)).withRedactedConfig(config).withSecrets(io.benchsuite.engine.config.Secrets.of(java.util.List.of(SECRET)))
                .build();

        // when
        RunResult result = LoadEngine.run(spec);
        result = result.withThresholds(List.of(
                threshold("p99 < 15ms", "overall", result.overall().latencyMs().p99(), 15, "ms", true),
                threshold("success_rate > 90%", "overall", result.overall().successRate(), 90, "%", false),
                threshold("throughput > 150 req/s", "workers=4", result.bucket(4).orElseThrow().throughputRps(),
                        150, "req/s", false)));

        // then
        ResultJson.write(result, FIXTURES.resolve("system-api-result.json"));
    }

    /**
     * An LLM-like stream: time to first token and the gap between tokens both grow with the number of workers
     * (a shared "GPU" with 2 slots).
     */
    @Test
    void llm_fixture() throws Exception {
        // given
        Semaphore gpu = new Semaphore(2, true);
        Target model = exchange -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            gpu.acquire();
            try {
                Thread.sleep(Duration.ofMillis(30 + rnd.nextInt(10)));
                int tokens = 10 + rnd.nextInt(6);
                for (int i = 0; i < tokens; i++) {
                    if (i > 0) {
                        Thread.sleep(Duration.ofMillis(4 + 2L * exchange.workers()));
                    }
                    exchange.outputChunk(System.nanoTime());
                }
                exchange.usage(120, tokens);
            } finally {
                gpu.release();
            }
            if (exchange.seq() % 53 == 52) {
                exchange.failure("http_429", 429, "Rate limit reached for gpt-4o-mini; retry after 1s");
                return;
            }
            exchange.success(200);
        };
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("benchmark_type", "llm");
        config.put("name", "chat-latency");
        config.put("provider", "openai").put("model", "gpt-4o-mini").put("api_key", "***");
        config.put("min_load", 1).put("max_load", 3).put("ramping", true).put("ramp_seconds", 9)
                .put("stream", true);
        RunSpec spec = RunSpec.builder(model, LoadPlan.ramp(1, 3, Duration.ofSeconds(9), Duration.ZERO))
                .withRunId("20261128-032000-chat").withOrgId("acme").withName("chat-latency")
                .withBenchmarkType("llm").withTargetDescription("openai gpt-4o-mini")
                .withStreaming(true).withTimeout(Duration.ofSeconds(10)).withRedactedConfig(config).build();

        // when
        RunResult result = LoadEngine.run(spec);
        result = result.withThresholds(List.of(
                threshold("ttft_p99 < 500ms", "overall", result.overall().ttftMs().p99(), 500, "ms", true),
                threshold("output_tokens_per_second > 50 tokens/s", "overall",
                        result.overall().outputTokensPerSecond(), 50, "tokens/s", false)));

        // then
        ResultJson.write(result, FIXTURES.resolve("llm-result.json"));
    }

    /**
     * The open model against a server with 2 slots of 6 ms (about 330 req/s): 60 to 300 req/s in 5 levels, at most
     * 4 in flight. The top levels outrun the server, so requests wait for a slot: latency climbs above the service
     * time there, and the run achieves less than its schedule (an invalid run, with its banner).
     */
    @Test
    void open_model_fixture() throws Exception {
        // given
        Semaphore slots = new Semaphore(2, true);
        Target server = exchange -> {
            slots.acquire();
            try {
                Thread.sleep(Duration.ofMillis(5).plusNanos(ThreadLocalRandom.current().nextLong(2_000_000)));
            } finally {
                slots.release();
            }
            exchange.success(200);
        };
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("benchmark_type", "system_api");
        config.put("name", "orders-api at a rate");
        config.put("endpoint", "http://127.0.0.1:8080/orders");
        config.put("load_model", "open").put("min_rate", 60).put("max_rate", 420).put("rate_levels", 4)
                .put("ramp_duration_seconds", 8).put("max_in_flight", 4).put("arrival", "poisson").put("seed", 7);
        io.benchsuite.engine.RatePlan rates = new io.benchsuite.engine.RatePlan(60, 420, true, Duration.ofSeconds(8),
                Duration.ZERO, Duration.ofSeconds(8), 4, io.benchsuite.engine.RatePlan.Arrival.POISSON, 1, 4, 7, 0);
        RunSpec spec = RunSpec.builder(server, rates)
                .withRunId("20261206-060000-open").withOrgId("acme").withName("orders-api at a rate")
                .withBenchmarkType("system_api").withTargetDescription("POST http://127.0.0.1:8080/orders")
                .withTimeout(Duration.ofSeconds(5)).withRedactedConfig(config).build();

        // when
        RunResult result = LoadEngine.run(spec);
        result = result.withThresholds(List.of(
                threshold("rate=180: p99 < 50ms", "rate=180", result.bucketAtRate(180).orElseThrow().latencyMs().p99(),
                        50, "ms", true),
                threshold("service_time.p99 < 20ms", "overall", result.overall().serviceTimeMs().p99(), 20, "ms",
                        true)));

        // then
        ResultJson.write(result, FIXTURES.resolve("open-result.json"));
    }

    /** What the threshold evaluator produces for {@code actual <|> limit}. */
    private static ThresholdResult threshold(String expression, String scope, double actual, double limit,
                                             String unit, boolean lessThan) {
        return new ThresholdResult(expression, scope, actual, limit, unit, lessThan ? actual < limit : actual > limit);
    }
}
