package io.benchsuite.it.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool under sustained load against a flaky server (random 500s, 503s and connection resets among fast
 * successes): every request is accounted for exactly once and the heap stays flat.
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s in CI; a longer soak: {@code ./mvnw -B verify -pl it-tests
 * -Dit.test=SoakIT -Dbench.soak.seconds=600}.
 */
class SoakIT {

    static final int DEFAULT_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void stub(WireMockServer server, String kind, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/api")).withRequestBody(matchingJsonPath("$.kind", equalTo(kind)))
                .willReturn(response));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void a_long_run_against_a_flaky_server_accounts_for_every_request_with_a_flat_heap() throws Exception {
        int seconds = Integer.getInteger("bench.soak.seconds", DEFAULT_SECONDS);
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .disableRequestJournal().containerThreads(40));
        server.start();
        try {
            // given: 200 records, about 10 % failing in three ways, in a random but fixed order
            stub(server, "ok", aResponse().withStatus(200).withBody("{\"ok\":true}"));
            stub(server, "500", aResponse().withStatus(500).withBody("{\"error\":\"internal\"}"));
            stub(server, "503", aResponse().withStatus(503).withBody("busy"));
            stub(server, "reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            Random random = new Random(42);
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int r = random.nextInt(100);
                String kind = r < 4 ? "500" : r < 7 ? "503" : r < 10 ? "reset" : "ok";
                records.add("{\"kind\": \"" + kind + "\", \"i\": " + i + "}");
            }
            Path dataset = dir.resolve("records.json");
            Files.writeString(dataset, "[" + String.join(",\n", records) + "]");
            ObjectNode c = JSON.createObjectNode();
            c.put("benchmark_type", "system_api");
            c.put("endpoint", server.baseUrl() + "/api");
            c.put("dataset", dataset.toString());
            c.put("min_load", 8);
            c.put("max_load", 8);
            c.put("enable_ramping", false);
            c.put("duration_seconds", seconds);
            c.put("timeout", 5);
            c.put("benchmark_run_id", "soak");
            TestRun run = TestRun.prepare(BenchConfig.of("soak.json", dir, c));

            // the heap after a collection, sampled once a second from the progress callback's thread
            List<Long> heap = new java.util.concurrent.CopyOnWriteArrayList<>();
            long[] lastSample = {0};

            // when
            var outcome = run.execute(dir.resolve("out"), p -> {
                long now = System.nanoTime();
                if (now - lastSample[0] >= 1_000_000_000L) {
                    lastSample[0] = now;
                    heap.add(usedHeapAfterGc());
                }
            }, new RunControl());

            // then: every request exactly once
            RunResult r = outcome.result();
            long requests = r.overall().requests();
            assertThat(requests).as("requests in %d s", seconds).isGreaterThanOrEqualTo(10_000L * seconds / 20);
            assertThat(r.overall().successes() + r.overall().failures()).isEqualTo(requests);
            assertThat(r.overall().errors().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(r.overall().failures());
            assertThat(r.overall().errors().keySet()).containsExactlyInAnyOrder("http_500", "http_503", "io_error");
            assertExpectedCounts(r.overall().errors(), records, requests);
            long lines = 0;
            try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(outcome.files().requestLog())), StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    lines++;
                }
            }
            assertThat(lines).isEqualTo(requests);

            // then: the heap after warm-up (second quarter of the run) and at the end differ by little
            assertThat(heap).hasSizeGreaterThanOrEqualTo(8);
            int n = heap.size();
            long early = median(heap.subList(n / 4, n / 2));
            long late = median(heap.subList(n * 3 / 4, n));
            System.out.printf("soak: %d s, %d requests (%d failures), heap after GC early %d MiB, late %d MiB%n",
                    seconds, requests, r.overall().failures(), early >> 20, late >> 20);
            assertThat(late).as("heap after GC, early %d MiB, samples %s", early >> 20, heap)
                    .isLessThanOrEqualTo(early + Math.max(24L << 20, early / 4));
        } finally {
            server.stop();
        }
    }

    /** The dataset is cycled in order, so each failure class's count follows from the request count. */
    private static void assertExpectedCounts(Map<String, Long> errors, List<String> records, long requests) {
        long http500 = 0;
        long http503 = 0;
        long resets = 0;
        for (long seq = 0; seq < requests; seq++) {
            String rec = records.get((int) (seq % records.size()));
            if (rec.contains("\"500\"")) {
                http500++;
            } else if (rec.contains("\"503\"")) {
                http503++;
            } else if (rec.contains("\"reset\"")) {
                resets++;
            }
        }
        assertThat(errors).containsEntry("http_500", http500).containsEntry("http_503", http503)
                .containsEntry("io_error", resets);
    }
}
