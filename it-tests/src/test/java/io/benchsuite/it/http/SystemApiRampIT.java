package io.benchsuite.it.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.it.TestRun;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.engine.run.RunControl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end: config → ramping engine → HTTP target → buckets → result files, against a
 * WireMock server on loopback whose every response takes a fixed 50 ms (held inside the server, where its
 * concurrency is counted).
 */
class SystemApiRampIT {

    static final long DELAY_MS = 50;
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger maxInFlight = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    static WireMockServer server;

    /** Holds each request for the fixed delay inside the server and records how many are held at once. */
    static final class ConcurrencyProbe implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            served.incrementAndGet();
            try {
                Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "concurrency-probe";
        }
    }

    @TempDir
    Path out;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(120)
                .disableRequestJournal().extensions(new ConcurrencyProbe()));
        server.start();
        server.stubFor(post(urlEqualTo("/api/orders")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    }

    /** Unmeasured load first, so JIT compilation of client and server does not land in the first bucket. */
    @BeforeAll
    static void warmUp(@TempDir Path warmupDir) {
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("endpoint", server.baseUrl() + "/api/orders");
        cfg.put("max_load", 8);
        cfg.put("enable_ramping", false);
        cfg.put("duration_seconds", 3);
        TestRun.prepare(BenchConfig.of("warm-up", warmupDir, cfg))
                .execute(warmupDir, p -> { }, new RunControl());
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private ObjectNode config(Path dataset) {
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("benchmark_type", "system_api");
        cfg.put("endpoint", server.baseUrl() + "/api/orders");
        cfg.put("auth_token", "it-secret-token-8d1f");
        cfg.put("json_path", "$.data");
        cfg.put("org_id", "it");
        cfg.put("timeout", 5);
        cfg.put("dataset", dataset.toString());
        return cfg;
    }

    private Path dataset() throws Exception {
        Path f = out.resolve("dataset.json");
        Files.writeString(f, "[{\"data\":{\"n\":1}},{\"data\":{\"n\":2}},{\"data\":{\"n\":3}}]");
        return f;
    }

    @Test
    void a_ramp_holds_each_level_exactly_and_every_bucket_obeys_littles_law() throws Exception {
        // given 1 -> 6 workers, 1.5 s per level
        maxInFlight.set(0);
        ObjectNode cfg = config(dataset());
        cfg.put("benchmark_run_id", "ramp-it");
        cfg.put("min_load", 1);
        cfg.put("max_load", 6);
        cfg.put("ramp_duration_seconds", 9);

        // when
        BenchRun.Outcome outcome = TestRun.prepare(BenchConfig.of("ramp-it.json", out, cfg))
                .execute(out, p -> { }, new RunControl());
        RunResult result = outcome.result();

        // then the server never saw more than max_load requests at once, and saw exactly that many
        assertThat(maxInFlight.get()).isEqualTo(6);
        assertThat(result.status()).isEqualTo(RunResult.Status.completed);
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4, 5, 6);
        for (Stats b : result.buckets()) {
            assertThat(b.successRate()).as("success rate at %d workers", b.workers()).isEqualTo(100.0);
            // p50 is the fixed delay plus loopback, server and client overhead: a few ms (bound tolerant of a busy CI)
            assertThat(b.latencyMs().p50()).as("p50 at %d workers", b.workers())
                    .isBetween((double) DELAY_MS, DELAY_MS + 10.0);
            // Little's law: throughput = workers / latency, within 10 %
            double expected = b.workers() / (b.latencyMs().mean() / 1000.0);
            assertThat(b.throughputRps()).as("throughput at %d workers", b.workers())
                    .isCloseTo(expected, within(expected * 0.10));
        }
    }

    @Test
    void max_load_above_typical_client_pool_sizes_is_really_concurrent() throws Exception {
        // given 64 workers without ramping
        maxInFlight.set(0);
        ObjectNode cfg = config(dataset());
        cfg.put("benchmark_run_id", "flat-64");
        cfg.put("min_load", 64);
        cfg.put("max_load", 64);
        cfg.put("enable_ramping", false);
        cfg.put("duration_seconds", 3);

        // when
        RunResult result = TestRun.prepare(BenchConfig.of("flat-64.json", out, cfg))
                .execute(out, p -> { }, new RunControl()).result();

        // then
        assertThat(maxInFlight.get()).isEqualTo(64);
        assertThat(result.buckets()).hasSize(1);
        assertThat(result.buckets().get(0).workers()).isEqualTo(64);
        assertThat(result.overall().failures()).isZero();
    }

    @Test
    void the_result_files_follow_the_contract_and_hold_no_secret() throws Exception {
        // given
        ObjectNode cfg = config(dataset());
        cfg.put("benchmark_run_id", "contract-it");
        cfg.put("min_load", 1);
        cfg.put("max_load", 3);
        cfg.put("ramp_duration_seconds", 1.5);

        // when
        BenchRun.Outcome outcome = TestRun.prepare(BenchConfig.of("contract-it.json", out, cfg))
                .execute(out, p -> { }, new RunControl());

        // then result.json has every field of the contract with the right types
        Path dir = out.resolve("contract-it");
        String text = Files.readString(dir.resolve("result.json"));
        assertThat(text).doesNotContain("it-secret-token-8d1f");
        JsonNode doc = new ObjectMapper().readTree(text);
        assertThat(doc.get("schema_version").asInt()).isEqualTo(1);
        assertThat(doc.get("run_id").asText()).isEqualTo("contract-it");
        assertThat(doc.get("org_id").asText()).isEqualTo("it");
        assertThat(doc.get("benchmark_type").asText()).isEqualTo("system_api");
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(doc.get("finished_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(doc.get("duration_seconds").isNumber()).isTrue();
        assertThat(doc.get("config").get("auth_token").asText()).isEqualTo("***");
        assertThat(doc.get("thresholds").isArray()).isTrue();
        assertStats(doc.get("overall"));
        assertThat(doc.get("buckets")).hasSize(3);
        for (JsonNode b : doc.get("buckets")) {
            assertStats(b);
            assertThat(b.get("workers").isInt()).isTrue();
            assertThat(b.get("window_seconds")).hasSize(2);
            assertThat(b.get("latency_histogram_us").asText()).isNotBlank();
        }
        // and one request log line per request
        long lines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve("requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode l = new ObjectMapper().readTree(line);
                for (String f : List.of("seq", "workers", "start_offset_ms", "latency_ms", "success", "status", "error")) {
                    assertThat(l.has(f)).as("request line has %s: %s", f, line).isTrue();
                }
                lines++;
            }
        }
        assertThat(lines).isEqualTo(outcome.result().overall().requests());
    }

    @Test
    void a_warm_up_reaches_the_server_but_is_recorded_nowhere() throws Exception {
        // given 1 s of warm-up before 1 s of 2 workers
        ObjectNode cfg = config(dataset());
        cfg.put("benchmark_run_id", "warm-up-it");
        cfg.put("max_load", 2);
        cfg.put("enable_ramping", false);
        cfg.put("duration_seconds", 1);
        cfg.put("warmup_seconds", 1);
        long before = served.get();

        // when
        RunResult result = TestRun.prepare(BenchConfig.of("warm-up-it.json", out, cfg))
                .execute(out, p -> { }, new RunControl()).result();

        // then about twice as many requests reached the server as the result counts, and the log has only those
        long atServer = served.get() - before;
        assertThat(result.overall().requests()).isPositive();
        assertThat(atServer).isGreaterThan(result.overall().requests() * 3 / 2);
        assertThat(result.buckets().get(0).windowSeconds().get(0)).isZero();
        long lines;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(out.resolve("warm-up-it").resolve("requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
            lines = r.lines().count();
        }
        assertThat(lines).isEqualTo(result.overall().requests());
    }

    private static void assertStats(JsonNode s) {
        for (String f : List.of("requests", "successes", "failures", "success_rate", "throughput_rps")) {
            assertThat(s.get(f).isNumber()).as(f).isTrue();
        }
        for (String f : List.of("min", "mean", "p50", "p75", "p90", "p95", "p99", "p999", "max")) {
            assertThat(s.get("latency_ms").get(f).isNumber()).as("latency_ms." + f).isTrue();
        }
        assertThat(s.get("errors").isObject()).isTrue();
        assertThat(s.get("requests").asLong()).isEqualTo(s.get("successes").asLong() + s.get("failures").asLong());
    }
}
