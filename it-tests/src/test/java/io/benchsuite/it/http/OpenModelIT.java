package io.benchsuite.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.it.TestRun;
import io.benchsuite.result.RunResult;
import io.benchsuite.runner.BenchRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open model end to end through the pipeline and the HTTP client (the event loop, as {@code auto} chooses over
 * {@code http://}), against a loopback server that records when each request arrived and can stall. Bounds come from
 * what the test observed (the run's own per-request log), so a busy machine does not fail it.
 */
class OpenModelIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = 1_000_000L;

    @TempDir
    Path out;

    /**
     * Answers in 2 ms; from its {@code stallAt}-th arrival on, holds every request for one second, until the stall
     * ends. Records arrivals (nanoTime).
     */
    static final class Server implements AutoCloseable {
        final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        volatile long stallAt = Long.MAX_VALUE;
        volatile long stallStart = Long.MAX_VALUE;
        volatile long stallEnd = Long.MAX_VALUE;
        private final HttpServer server;

        Server() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange ex) throws IOException {
            long now = System.nanoTime();
            arrivals.add(now);
            if (count.incrementAndGet() == stallAt) {
                stallEnd = now + 1000 * MS;
                stallStart = now;
            }
            try (ex) {
                ex.getRequestBody().readAllBytes();
                if (now >= stallStart && now < stallEnd) {
                    while (System.nanoTime() < stallEnd) {
                        LockSupport.parkNanos(stallEnd - System.nanoTime());
                    }
                } else {
                    LockSupport.parkNanos(2 * MS);
                }
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private BenchRun.Outcome run(Server server, double rate, double seconds, int maxInFlight) {
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("endpoint", server.url());
        cfg.put("load_model", "open");
        cfg.put("max_rate", rate);
        cfg.put("enable_ramping", false);
        cfg.put("duration_seconds", seconds);
        cfg.put("arrival", "constant");
        cfg.put("max_in_flight", maxInFlight);
        cfg.put("timeout", 10);
        return TestRun.prepare(BenchConfig.of("open", out, cfg)).execute(out, p -> { }, new RunControl());
    }

    /** The run's per-request lines. */
    private static List<JsonNode> log(BenchRun.Outcome outcome) throws IOException {
        Path gz = outcome.files().requestLog();
        List<JsonNode> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    @Test
    void a_constant_400_per_second_reaches_the_server_20_to_a_50_ms_window_wherever_the_generator_was_on_time()
            throws Exception {
        try (Server server = new Server()) {
            // when 400 req/s for 3 s
            BenchRun.Outcome outcome = run(server, 400, 3, 100);

            // then the run sent exactly the schedule
            RunResult r = outcome.result();
            assertThat(r.loadModel()).isEqualTo(RunResult.OPEN);
            assertThat(r.overall().requests()).isEqualTo(1200);
            assertThat(r.overall().successes()).isEqualTo(1200);
            assertThat(r.buckets()).singleElement().satisfies(b -> assertThat(b.rate()).isEqualTo(400.0));
            assertThat(r.validity().targetRps()).isEqualTo(400.0, org.assertj.core.api.Assertions.within(4.0));

            // and every line holds its intended start, its send and both durations
            List<JsonNode> lines = log(outcome);
            assertThat(lines).hasSize(1200).allSatisfy(l -> {
                double intended = l.get("intended_offset_ms").asDouble();
                double start = l.get("start_offset_ms").asDouble();
                assertThat(start).isGreaterThanOrEqualTo(intended);
                assertThat(l.get("latency_ms").asDouble()).isCloseTo(l.get("service_time_ms").asDouble()
                        + (start - intended), org.assertj.core.api.Assertions.within(0.0021));
                assertThat(l.get("intended_offset_ms").asDouble() % 2.5).isCloseTo(0.0,
                        org.assertj.core.api.Assertions.within(0.0011)); // constant: every 2.5 ms
            });

            // and the server saw 20 +- 10 per 50 ms window, in every window the generator kept its schedule
            long first = server.arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
            double firstSent = lines.stream().mapToDouble(l -> l.get("start_offset_ms").asDouble()).min().orElseThrow();
            int windows = 58; // the last 100 ms may hold the drain's stragglers
            int[] perWindow = new int[windows];
            server.arrivals.forEach(t -> {
                int w = (int) ((t - first) / (50 * MS));
                if (w < windows) {
                    perWindow[w]++;
                }
            });
            boolean[] late = new boolean[windows];
            for (JsonNode l : lines) {
                double lag = l.get("start_offset_ms").asDouble() - l.get("intended_offset_ms").asDouble();
                if (lag > 10) { // the generator (or the machine) held this request: not the schedule's doing
                    for (double at : new double[] {l.get("intended_offset_ms").asDouble(),
                            l.get("start_offset_ms").asDouble()}) {
                        int w = (int) ((at - firstSent) / 50);
                        if (w >= 0 && w < windows) {
                            late[w] = true;
                        }
                    }
                }
            }
            int checked = 0;
            for (int w = 0; w < windows; w++) {
                if (!late[w] && (w == 0 || !late[w - 1])) {
                    assertThat(perWindow[w]).as("arrivals in window %d (%s)", w, java.util.Arrays.toString(perWindow))
                            .isBetween(10, 30);
                    checked++;
                }
            }
            assertThat(checked).as("windows where the generator was on time").isPositive();
        }
    }

    @Test
    void a_one_second_stall_shows_in_the_latency_of_every_request_due_during_it_and_not_in_the_service_time()
            throws Exception {
        try (Server server = new Server()) {
            // given 200 req/s for 8 s, at most 10 in flight; the server stalls for 1 s at its 600th request (~3 s)
            server.stallAt = 600;

            // when
            BenchRun.Outcome outcome = run(server, 200, 8, 10);

            // then the stall, on the run's own offsets: the held requests ended when it ended, a second after it began
            RunResult r = outcome.result();
            List<JsonNode> lines = log(outcome);
            List<JsonNode> held = lines.stream().filter(l -> l.get("service_time_ms").asDouble() > 500).toList();
            assertThat(held).isNotEmpty();
            double stallEnd = held.stream().mapToDouble(l -> l.get("start_offset_ms").asDouble()
                    + l.get("service_time_ms").asDouble()).max().orElseThrow();
            double stallStart = stallEnd - (server.stallEnd - server.stallStart) / 1e6;
            // and every request due during it reports at least its wait for the stall's end
            List<JsonNode> due = lines.stream().filter(l -> l.get("intended_offset_ms").asDouble() >= stallStart + 5
                    && l.get("intended_offset_ms").asDouble() < stallEnd - 5).toList();
            assertThat(due).hasSizeBetween(190, 200);
            assertThat(due).allSatisfy(l -> assertThat(l.get("latency_ms").asDouble())
                    .isGreaterThanOrEqualTo(stallEnd - l.get("intended_offset_ms").asDouble() - 5));
            assertThat(held).as("requests held at the server: at most max_in_flight").hasSizeLessThanOrEqualTo(10);
            assertThat(r.overall().latencyMs().p99()).isGreaterThan(800);
            assertThat(r.overall().serviceTimeMs().p99()).isLessThan(r.overall().latencyMs().p99() / 2);
            assertThat(r.validity().waitedForSlot()).isGreaterThan(150);
        }
    }
}
