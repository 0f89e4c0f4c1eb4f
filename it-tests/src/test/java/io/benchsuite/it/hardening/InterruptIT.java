package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C during a real {@code bench run} (a subprocess sent SIGINT): the result file keeps what was measured,
 * with status aborted, and the exit code is 130; a second Ctrl-C does not wait for slow in-flight requests.
 */
class InterruptIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config(String url, String runId, int workers, int timeoutSeconds) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"benchmark_type": "system_api", "endpoint": "%s", "benchmark_run_id": "%s",
                 "min_load": %d, "max_load": %d, "enable_ramping": false, "duration_seconds": 300,
                 "timeout": %d}
                """.formatted(url, runId, workers, workers, timeoutSeconds));
        return file;
    }

    /** SIGINT cannot reach a child of a JVM that ignores it (see {@link BenchProcess#sigintIgnored()}). */
    private static void assumeSigintDelivered() {
        assumeFalse(BenchProcess.sigintIgnored(), "SIGINT is ignored in this JVM (the build was started in the "
                + "background by a shell without job control), so bench would ignore Ctrl-C too; start the build "
                + "from a terminal or a CI step to run this test");
    }

    private static void awaitArrivals(LoopbackServer server, long n, BenchProcess bench) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.arrivals.get() < n) {
            assertThat(bench.process.isAlive()).as("bench exited early: " + Files.readString(bench.stderr)).isTrue();
            assertThat(System.nanoTime()).as("requests never arrived").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long logLines(Path gz) throws Exception {
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            return in.lines().peek(l -> assertThat(l).startsWith("{\"seq\":")).count();
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void a_signal_writes_an_aborted_result_with_everything_measured_and_exits_130(String signal) throws Exception {
        if (signal.equals("INT")) {
            assumeSigintDelivered();
        }
        try (LoopbackServer server = new LoopbackServer(5)) {
            // given
            Path cfg = config(server.url(), "interrupted", 4, 10);
            BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out",
                    dir.resolve("out").toString());
            awaitArrivals(server, 200, bench);

            // when
            bench.signal(signal);
            int code = bench.waitFor(60);

            // then
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isEqualTo(130);
            Path runDir = dir.resolve("out/interrupted");
            JsonNode result = JSON.readTree(runDir.resolve("result.json").toFile());
            assertThat(result.get("status").asText()).isEqualTo("aborted");
            long requests = result.get("overall").get("requests").asLong();
            assertThat(requests).isGreaterThanOrEqualTo(200);
            assertThat(result.get("overall").get("successes").asLong()).isEqualTo(requests);
            assertThat(logLines(runDir.resolve("requests.jsonl.gz"))).isEqualTo(requests);
            assertThat(stderr).contains("SIG" + signal).doesNotContain("\tat ");
            try (var files = Files.list(runDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    @Test
    void a_second_sigint_stops_at_once_without_waiting_for_slow_requests() throws Exception {
        assumeSigintDelivered();
        try (LoopbackServer server = new LoopbackServer(25_000)) {
            // given: every request takes 25 s, the timeout is 30 s
            Path cfg = config(server.url(), "twice", 3, 30);
            BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out",
                    dir.resolve("out").toString());
            awaitArrivals(server, 3, bench);
            bench.signal("INT");
            Thread.sleep(1000);
            assertThat(bench.process.isAlive()).as("the first SIGINT waits for in-flight requests").isTrue();

            // when
            long t0 = System.nanoTime();
            bench.signal("INT");
            int code = bench.waitFor(60);
            double seconds = (System.nanoTime() - t0) / 1e9;

            // then
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isEqualTo(130);
            assertThat(seconds).as("exit after the second SIGINT, s").isLessThan(10);
            Path runDir = dir.resolve("out/twice");
            JsonNode result = JSON.readTree(runDir.resolve("result.json").toFile());
            assertThat(result.get("status").asText()).isEqualTo("aborted");
            long requests = result.get("overall").get("requests").asLong();
            assertThat(logLines(runDir.resolve("requests.jsonl.gz"))).isEqualTo(requests);
            assertThat(stderr).doesNotContain("\tat ");
            // the 3 requests cut short are cancelled, not timeouts, and left out of the latency statistics
            JsonNode errors = result.get("overall").get("errors");
            assertThat(errors.path("cancelled").asLong()).as("%s", errors).isEqualTo(3);
            assertThat(errors.has("timeout")).as("%s", errors).isFalse();
            assertThat(result.get("overall").get("latency_ms").get("max").asDouble()).isZero();
        }
    }

    @Test
    void a_sigint_during_an_open_run_keeps_every_request_due_and_measured_with_its_intended_start() throws Exception {
        assumeSigintDelivered();
        try (LoopbackServer server = new LoopbackServer(5)) {
            // given 200 req/s for 300 s
            Path cfg = dir.resolve("open.json");
            Files.writeString(cfg, """
                    {"benchmark_type": "system_api", "endpoint": "%s", "benchmark_run_id": "open",
                     "load_model": "open", "max_rate": 200, "enable_ramping": false, "duration_seconds": 300,
                     "max_in_flight": 20, "timeout": 10}
                    """.formatted(server.url()));
            BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out",
                    dir.resolve("out").toString());
            awaitArrivals(server, 200, bench);

            // when
            bench.signal("INT");
            int code = bench.waitFor(60);

            // then the requests already due were sent and answered, each logged with when it was due
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isEqualTo(130);
            Path runDir = dir.resolve("out/open");
            JsonNode result = JSON.readTree(runDir.resolve("result.json").toFile());
            assertThat(result.get("status").asText()).isEqualTo("aborted");
            assertThat(result.get("load_model").asText()).isEqualTo("open");
            assertThat(result.get("validity").has("valid")).isTrue();
            long requests = result.get("overall").get("requests").asLong();
            assertThat(requests).isGreaterThanOrEqualTo(200);
            assertThat(result.get("overall").get("successes").asLong()).isEqualTo(requests);
            assertThat(logLines(runDir.resolve("requests.jsonl.gz"))).isEqualTo(requests);
            try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                    runDir.resolve("requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
                assertThat(in.lines().map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                })).allSatisfy(line -> {
                    assertThat(line.get("rate").asDouble()).isEqualTo(200.0);
                    assertThat(line.get("intended_offset_ms").asDouble())
                            .isLessThanOrEqualTo(line.get("start_offset_ms").asDouble());
                    assertThat(line.has("service_time_ms")).isTrue();
                });
            }
            assertThat(stderr).doesNotContain("\tat ");
        }
    }
}
