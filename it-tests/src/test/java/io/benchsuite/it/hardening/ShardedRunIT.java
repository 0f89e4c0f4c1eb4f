package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Shard;
import io.benchsuite.engine.ramp.RampSchedule;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's definition of done: three real {@code bench run --shard i/3 --start-at T} processes ramp 3 → 9 workers
 * against one loopback server, then {@code bench merge}: levels 3..9, requests equal to the shards' sum, a merged
 * p99 equal to the p99 of all the request logs together within the histogram's precision, and the server never
 * sees more requests in flight than the shards' workers add up to.
 *
 * <p>How the in-flight bound allows for the shared start: shard {@code i} raises level {@code L} at
 * {@code T + offset_i + levelStart(L)} or later (its engine never raises a level early, and {@code offset_i} is its
 * own measurement of how late its load started), and a request the server sees at {@code t} was started by a worker
 * that existed before {@code t}. So at any arrival {@code t} the requests in flight are at most
 * {@code sum_i share_i(level(t - T - offset_i + 2 ms))} (0 for a shard before its start), the 2 ms covering the
 * reading of the wall clock against the monotonic one; and never more than 9.
 */
class ShardedRunIT {

    private static final int SHARDS = 3;
    private static final long SERVER_MILLIS = 20;
    private static final Duration CLOCK_READING = Duration.ofMillis(2);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    @TempDir
    Path dir;

    /** Answers after {@value #SERVER_MILLIS} ms; records each arrival's wall time and the requests then in flight. */
    static final class InFlightServer implements AutoCloseable {
        record Arrival(Instant at, int inFlight) {
        }

        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        final Set<Integer> recordIds = ConcurrentHashMap.newKeySet();
        private final LoopbackServer server;

        InFlightServer() throws IOException {
            server = new LoopbackServer(this::handle);
        }

        /**
         * A request is in flight from its arrival until its response starts: counted out before the response is
         * written, since the client may send its next request as soon as the last byte arrived.
         */
        private void handle(HttpExchange ex) throws IOException {
            int now = inFlight.incrementAndGet();
            arrivals.add(new Arrival(Instant.now(), now));
            boolean counted = true;
            try (ex) {
                Matcher m = ID.matcher(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (m.find()) {
                    recordIds.add(Integer.parseInt(m.group(1)));
                }
                Thread.sleep(SERVER_MILLIS);
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                inFlight.decrementAndGet();
                counted = false;
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (counted) {
                    inFlight.decrementAndGet();
                }
            }
        }

        String url() {
            return server.url();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private Path config(String url) throws Exception {
        StringBuilder records = new StringBuilder("[");
        for (int k = 0; k < 30; k++) {
            records.append(k == 0 ? "" : ", ").append("{\"id\": ").append(k).append('}');
        }
        Files.writeString(dir.resolve("records.json"), records.append(']').toString());
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"benchmark_type": "system_api", "endpoint": "%s", "dataset": "records.json",
                 "min_load": 3, "max_load": 9, "ramp_duration_seconds": 7, "timeout": 5,
                 "thresholds": ["success_rate >= 99%%", "workers=9: p99 < 5s"]}
                """.formatted(url));
        return config;
    }

    /**
     * Starts the three shards for {@code startAt}; null when one found the start already past (a machine too busy to
     * start three JVMs within the lead), so that the caller tries again with a longer lead.
     */
    private List<Path> runShards(Path config, Instant startAt, int attempt) throws Exception {
        List<BenchProcess> shards = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            Path work = Files.createDirectories(dir.resolve("attempt-" + attempt).resolve("shard-" + i));
            outs.add(work.resolve("out"));
            shards.add(BenchProcess.start(work, "run", "--config", config.toString(), "--shard", i + "/" + SHARDS,
                    "--start-at", startAt.toString(), "--out", work.resolve("out").toString()));
        }
        boolean late = false;
        for (BenchProcess shard : shards) {
            int code = shard.waitFor(Duration.between(Instant.now(), startAt).toSeconds() + 120);
            String stderr = Files.readString(shard.stderr);
            if (code == 2 && stderr.contains(" past; the load would start late")) {
                late = true;
                continue;
            }
            assertThat(code).as(stderr).isZero();
        }
        return late ? null : outs;
    }

    private static Path onlyRunDir(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static List<Double> latencies(Path requestLog) throws IOException {
        List<Double> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(requestLog)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode n = ResultJson.mapper().readTree(line);
                out.add(n.get("latency_ms").asDouble());
            }
        }
        return out;
    }

    @Test
    void three_shards_ramping_3_to_9_merge_into_one_exact_run_that_never_exceeds_the_level() throws Exception {
        try (InFlightServer server = new InFlightServer()) {
            // given three shard processes started together 20 s from now (longer if the machine was too slow)
            Path config = config(server.url());
            List<Path> outs = null;
            Instant startAt = null;
            for (int attempt = 0, lead = 20; outs == null; attempt++, lead *= 3) {
                assertThat(attempt).as("shards kept finding the start past").isLessThan(3);
                server.arrivals.clear();
                startAt = Instant.now().plusSeconds(lead).truncatedTo(ChronoUnit.SECONDS);
                outs = runShards(config, startAt, attempt);
            }
            List<RunResult> parts = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            for (Path out : outs) {
                Path runDir = onlyRunDir(out);
                parts.add(ResultJson.read(runDir));
                all.addAll(latencies(runDir.resolve(ResultJson.REQUEST_LOG_FILE)));
            }

            // when
            Path merged = dir.resolve("merged");
            List<String> args = new ArrayList<>(List.of("merge", "--out", merged.toString()));
            outs.forEach(o -> args.add(o.toString()));
            BenchProcess merge = BenchProcess.start(Files.createDirectories(dir.resolve("merge")),
                    args.toArray(String[]::new));
            assertThat(merge.waitFor(120)).as(Files.readString(merge.stderr)).isZero();
            RunResult whole = ResultJson.read(onlyRunDir(merged));

            // then: the global levels, every request, the shards' records
            assertThat(whole.buckets()).extracting(Stats::workers).containsExactly(3, 4, 5, 6, 7, 8, 9);
            long sum = parts.stream().mapToLong(p -> p.overall().requests()).sum();
            assertThat(whole.overall().requests()).isEqualTo(sum).isEqualTo(all.size())
                    .isEqualTo(server.arrivals.size());
            assertThat(whole.thresholds()).hasSize(2).allMatch(t -> t.passed());
            assertThat(server.recordIds).hasSize(30);

            // then: the merged p99 is the p99 of every request the shards logged, within HdrHistogram's 3 digits
            double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double logP99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
            double mergedP99 = whole.overall().latencyMs().p99();
            assertThat(mergedP99).isBetween(logP99 - 0.002, logP99 * 1.001 + 0.002);

            // then: never more in flight than the shards' workers at that instant, allowing each shard its offset
            double[] offsetMs = parts.stream().sorted((a, b) -> a.shard().index() - b.shard().index())
                    .mapToDouble(p -> p.shard().startOffsetMs()).toArray();
            RampSchedule ramp = new RampSchedule(LoadPlan.ramp(3, 9, Duration.ofSeconds(7), Duration.ZERO));
            int maxInFlight = 0;
            for (InFlightServer.Arrival a : server.arrivals) {
                maxInFlight = Math.max(maxInFlight, a.inFlight());
                int allowed = 0;
                for (int i = 0; i < SHARDS; i++) {
                    long sinceStart = Duration.between(startAt, a.at()).toNanos()
                            - Math.round(offsetMs[i] * 1e6) + CLOCK_READING.toNanos();
                    allowed += sinceStart < 0 ? 0 : new Shard(i, SHARDS).workers(ramp.levelAt(sinceStart));
                }
                assertThat(a.inFlight()).as("requests in flight at %s (%s after the start)", a.at(),
                        Duration.between(startAt, a.at())).isLessThanOrEqualTo(allowed);
            }
            assertThat(maxInFlight).isLessThanOrEqualTo(9);
            double skew = Arrays.stream(offsetMs).max().orElseThrow() - Arrays.stream(offsetMs).min().orElseThrow();
            assertThat(whole.shards().skewMs()).isCloseTo(skew, org.assertj.core.data.Offset.offset(0.002));
            System.out.printf("ShardedRunIT: %d requests; shard start offsets %s ms (skew %.3f ms); most in flight "
                            + "%d; p99 merged %.3f ms, of the request logs %.3f ms%n", sum, Arrays.toString(offsetMs),
                    skew, maxInFlight, mergedP99, logP99);
        }
    }
}
