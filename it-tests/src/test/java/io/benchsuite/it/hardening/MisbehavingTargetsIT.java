package io.benchsuite.it.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.RunResult;
import io.benchsuite.it.TestRun;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.engine.run.RunControl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A target that misbehaves for some requests: those are classified failures, counted exactly, and the other
 * requests' latencies stay what the healthy part of the server gives (a 20 ms stub). The dataset cycles in
 * order, so which requests hit the faulting stub is exact: records are {@code {"kind": "ok"}} or
 * {@code {"kind": "fault"}} and WireMock picks the stub by the request body.
 */
class MisbehavingTargetsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OK_DELAY_MS = 20;
    static WireMockServer wiremock;

    @TempDir
    Path dir;

    private int runs;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(60));
        wiremock.start();
    }

    @AfterAll
    static void stop() {
        wiremock.stop();
    }

    @BeforeEach
    void healthy_part() {
        wiremock.resetAll();
        wiremock.stubFor(post(urlEqualTo("/api")).withRequestBody(matchingJsonPath("$.kind", equalTo("ok")))
                .willReturn(aResponse().withStatus(200).withFixedDelay(OK_DELAY_MS).withBody("{\"ok\":true}")));
    }

    private void faulting(ResponseDefinitionBuilder response) {
        wiremock.stubFor(post(urlEqualTo("/api")).withRequestBody(matchingJsonPath("$.kind", equalTo("fault")))
                .willReturn(response));
    }

    /** A dataset of {@code size} records, {@code faults} of them (spread out) faulting. */
    private Path dataset(int size, int faults) throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            records.add(i % (size / faults) == 0 && records.stream().filter(r -> r.contains("fault")).count() < faults
                    ? "{\"kind\": \"fault\"}" : "{\"kind\": \"ok\"}");
        }
        Path file = dir.resolve("records-" + runs + ".json");
        Files.writeString(file, "[" + String.join(",\n", records) + "]");
        return file;
    }

    private BenchRun.Outcome run(Path dataset, int requests, double timeoutSeconds) {
        ObjectNode c = JSON.createObjectNode();
        c.put("benchmark_type", "system_api");
        c.put("endpoint", wiremock.baseUrl() + "/api");
        c.put("dataset", dataset.toString());
        c.put("min_load", 4);
        c.put("max_load", 4);
        c.put("enable_ramping", false);
        c.put("duration_seconds", 120);
        c.put("total_requests", requests);
        c.put("timeout", timeoutSeconds);
        c.put("benchmark_run_id", "run-" + runs++);
        return TestRun.prepare(BenchConfig.of("misbehaving.json", dir, c))
                .execute(dir.resolve("out"), p -> { }, new RunControl());
    }

    /** Median latency of the successful requests, from the request log. */
    private static double successMedianMillis(BenchRun.Outcome outcome) throws Exception {
        List<Double> ok = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(outcome.files().requestLog())), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode n = JSON.readTree(line);
                if (n.get("success").asBoolean()) {
                    ok.add(n.get("latency_ms").asDouble());
                }
            }
        }
        Collections.sort(ok);
        return ok.get(ok.size() / 2);
    }

    enum Misbehaviour {
        CONNECTION_RESET_BY_PEER(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "io_error"),
        EMPTY_RESPONSE(aResponse().withFault(Fault.EMPTY_RESPONSE), "io_error"),
        MALFORMED_RESPONSE_CHUNK(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), "io_error"),
        RANDOM_DATA_THEN_CLOSE(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), "io_error"),
        SLOWER_THAN_THE_TIMEOUT(aResponse().withStatus(200).withFixedDelay(3000), "timeout"),
        HTTP_500(aResponse().withStatus(500).withBody("oops"), "http_500");

        final ResponseDefinitionBuilder response;
        final String errorClass;

        Misbehaviour(ResponseDefinitionBuilder response, String errorClass) {
            this.response = response;
            this.errorClass = errorClass;
        }
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void ten_percent_faulting_requests_are_classified_and_counted_and_the_rest_keep_their_latency(Misbehaviour m)
            throws Exception {
        // given
        faulting(m.response);
        Path records = dataset(10, 1);

        // when
        BenchRun.Outcome outcome = run(records, 200, 0.5);

        // then
        RunResult r = outcome.result();
        assertThat(r.status()).isEqualTo(RunResult.Status.completed);
        assertThat(r.overall().requests()).isEqualTo(200);
        assertThat(r.overall().errors()).isEqualTo(Map.of(m.errorClass, 20L));
        assertThat(r.overall().successes()).isEqualTo(180);
        double p50 = successMedianMillis(outcome);
        assertThat(p50).as("median latency of the healthy requests, ms").isBetween(OK_DELAY_MS - 1.0, 3.0 * OK_DELAY_MS);
    }

    @Test
    void http_429_with_retry_after_is_a_failure_per_request_and_never_retried() throws Exception {
        // given
        faulting(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("{\"error\":\"slow down\"}"));
        Path records = dataset(2, 1);

        // when
        RunResult r = run(records, 100, 5).result();

        // then
        assertThat(r.overall().errors()).isEqualTo(Map.of("http_429", 50L));
        assertThat(r.errorSamples().get("http_429"))
                .containsExactly("HTTP 429 (Retry-After: 7): {\"error\":\"slow down\"}");
        wiremock.verify(50, postRequestedFor(urlEqualTo("/api")).withRequestBody(matchingJsonPath("$.kind",
                equalTo("fault"))));
        wiremock.verify(100, postRequestedFor(urlEqualTo("/api")));
    }

    @Test
    void a_burst_of_503s_is_counted_exactly_and_the_run_completes() throws Exception {
        // given: records 10..19 of 20 hit the failing stub, so the failures come in bursts of 10
        faulting(aResponse().withStatus(503).withBody("overloaded"));
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(i < 10 ? "{\"kind\": \"ok\"}" : "{\"kind\": \"fault\"}");
        }
        Path file = dir.resolve("bursts.json");
        Files.writeString(file, "[" + String.join(",", records) + "]");

        // when
        RunResult r = run(file, 200, 5).result();

        // then
        assertThat(r.status()).isEqualTo(RunResult.Status.completed);
        assertThat(r.overall().errors()).isEqualTo(Map.of("http_503", 100L));
        assertThat(r.overall().successes()).isEqualTo(100);
        wiremock.verify(200, postRequestedFor(urlEqualTo("/api")));
    }

    @Test
    void a_host_name_that_does_not_resolve_is_a_dns_error_for_every_request() throws Exception {
        // given: the JVM resolves names from a hosts file only, so the lookup never leaves the machine
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        Path cfg = dir.resolve("dns.json");
        Files.writeString(cfg, """
                {"benchmark_type": "system_api", "endpoint": "http://no-such-host.invalid/api",
                 "benchmark_run_id": "dns", "min_load": 2, "max_load": 2, "enable_ramping": false,
                 "duration_seconds": 30, "total_requests": 50, "timeout": 2}
                """);

        // when
        BenchProcess bench = BenchProcess.start(dir, List.of("-Djdk.net.hosts.file=" + hosts), "run", "--config",
                cfg.toString(), "--out", dir.resolve("out").toString());
        int code = bench.waitFor(90);

        // then
        String stderr = Files.readString(bench.stderr);
        assertThat(code).as("every request failed: exit 1; " + stderr).isEqualTo(1);
        assertThat(stderr).contains("bench: every request failed (dns_error 50: ");
        JsonNode result = JSON.readTree(dir.resolve("out/dns/result.json").toFile());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("overall").get("requests").asLong()).isEqualTo(50);
        assertThat(result.get("overall").get("errors").get("dns_error").asLong()).isEqualTo(50);
        assertThat(result.get("error_samples").get("dns_error").get(0).asText()).contains("no-such-host.invalid");
    }

    @Test
    void thousands_of_failures_per_second_print_a_bounded_number_of_lines() throws Exception {
        // given: a port nobody listens on, so every request is refused at once
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("refused.json");
        Files.writeString(cfg, """
                {"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:%d/api", "benchmark_run_id": "flood",
                 "min_load": 8, "max_load": 8, "enable_ramping": false, "duration_seconds": 4, "timeout": 2}
                """.formatted(port));

        // when
        BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out",
                dir.resolve("out").toString());
        int code = bench.waitFor(90);

        // then
        String stderr = Files.readString(bench.stderr);
        assertThat(code).as("every request failed: exit 1; " + stderr).isEqualTo(1);
        JsonNode result = JSON.readTree(dir.resolve("out/flood/result.json").toFile());
        long failures = result.get("overall").get("failures").asLong();
        assertThat(failures).isGreaterThanOrEqualTo(1000);
        // on a cold, CPU-starved JVM the first connect of a worker can overrun the timeout (seen: 5 of 229k)
        JsonNode errors = result.get("overall").get("errors");
        assertThat(errors.path("connect_error").asLong() + errors.path("timeout").asLong()).as("%s", errors)
                .isEqualTo(failures);
        assertThat(errors.path("timeout").asLong()).as("%s", errors).isLessThanOrEqualTo(8);
        assertThat(stderr.lines().count()).as("stderr lines for %d failures:%n%s", failures, stderr)
                .isLessThanOrEqualTo(12);
    }
}
