package io.benchsuite.it.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.RunResult;
import io.benchsuite.it.TestRun;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.demo.FakeLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many load tests in one JVM leave nothing behind: no bench threads, no growing HTTP client threads, no open
 * sockets or files beyond the servers' own (compared with a baseline taken after warm-up runs).
 */
class NoLeaksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static WireMockServer wiremock;
    static FakeLlmServer llm;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/api")).willReturn(aResponse().withStatus(200).withBody("{}")));
        wiremock.stubFor(post(urlEqualTo("/fail")).willReturn(aResponse().withStatus(503).withBody("busy")));
        llm = FakeLlmServer.start(FakeLlmServer.Timing.of(1, 0, 3));
    }

    @AfterAll
    static void stop() {
        wiremock.stop();
        llm.close();
    }

    private int runs;

    private RunResult run(int i) throws Exception {
        ObjectNode c = JSON.createObjectNode();
        if (i % 2 == 0) {
            c.put("benchmark_type", "system_api");
            c.put("endpoint", wiremock.baseUrl() + (i % 4 == 0 ? "/api" : "/fail"));
        } else {
            Path prompts = dir.resolve("prompts.json");
            Files.writeString(prompts, "[{\"prompt\": \"#fast hi\"}, {\"prompt\": \"#fault=truncate\"}]");
            c.put("benchmark_type", "llm_api");
            c.put("provider", i % 4 == 1 ? "openai_compatible" : "anthropic");
            c.put("base_url", i % 4 == 1 ? llm.baseUrl() : llm.baseUrl().replace("/v1", ""));
            c.put("model", "m");
            c.put("auth_token", "k");
            c.put("dataset", prompts.toString());
        }
        c.put("min_load", 4);
        c.put("max_load", 4);
        c.put("enable_ramping", false);
        c.put("duration_seconds", 30);
        c.put("total_requests", 60);
        c.put("timeout", 5);
        c.put("benchmark_run_id", "run-" + runs++);
        TestRun run = TestRun.prepare(BenchConfig.of("leak-" + i + ".json", dir, c));
        return run.execute(dir.resolve("out"), p -> { }, new RunControl()).result();
    }

    private static List<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }

    private static long openFds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Waits (up to 15 s) for {@code ok}: closed connections and finished threads take a moment to go. */
    private static void settle(java.util.function.BooleanSupplier ok) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!ok.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(200);
        }
    }

    @Test
    void twenty_runs_leave_no_threads_and_no_file_descriptors_behind() throws Exception {
        // given: warm-up runs of each kind (class loading, server threads, shared client pools)
        for (int i = 0; i < 4; i++) {
            assertThat(run(i).overall().requests()).isEqualTo(60);
        }
        settle(() -> platformThreads().stream().noneMatch(n -> n.startsWith("bench-")));
        int baseThreads = platformThreads().size();
        long baseFds = openFds();

        // when
        for (int i = 0; i < 20; i++) {
            assertThat(run(i).overall().requests()).isEqualTo(60);
        }

        // then
        settle(() -> platformThreads().size() <= baseThreads + 4);
        List<String> threads = platformThreads();
        assertThat(threads).noneMatch(n -> n.startsWith("bench-"));
        assertThat(threads.size()).as("platform threads %s", threads).isLessThanOrEqualTo(baseThreads + 4);
        settle(() -> {
            try {
                return openFds() <= baseFds + 16;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(openFds()).as("open file descriptors (baseline %d)", baseFds).isLessThanOrEqualTo(baseFds + 16);
    }
}
