package io.benchsuite.cli;

import static io.benchsuite.cli.StoredRuns.bench;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.cli.StoredRuns.Cli;
import io.benchsuite.demo.DemoApiServer;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench run --shard} and {@code bench merge} in this JVM: shards started together (by a start time, or at the
 * barrier of a MongoDB), merged from files and from the database, and the mistakes that are refused.
 */
class ShardedRunTest {

    @TempDir
    Path dir;

    private Path config(DemoApiServer api, String extra) throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"" + api.baseUrl()
                + DemoApiServer.ORDERS_PATH + "\", \"min_load\": 2, \"max_load\": 4, \"ramp_duration_seconds\": 1.5,"
                + " \"thresholds\": [\"success_rate >= 99%\", \"workers=4: p99 < 10s\"]" + extra + "}");
        return config;
    }

    /** Runs {@code count} shards at once, each with {@code args} and its --shard and --out, and waits for all. */
    private List<Cli> shards(int count, Path config, String... args) {
        List<CompletableFuture<Cli>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> a = new ArrayList<>(List.of("run", "--config", config.toString(), "--shard", i + "/" + count,
                    "--out", dir.resolve("out-" + i).toString()));
            a.addAll(List.of(args));
            CompletableFuture<Cli> run = new CompletableFuture<>();
            Thread.ofPlatform().name("shard-" + i).start(() -> run.complete(bench(a.toArray(String[]::new))));
            runs.add(run);
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void shards_started_together_merge_into_one_run_with_the_thresholds_evaluated_on_it() throws Exception {
        try (DemoApiServer api = DemoApiServer.start(0)) {
            // given three shards of one ramp 2 -> 4, started together 5 s from now (time to prepare, even for a
            // cold JVM on a busy machine: a start already past would be refused, never silently kept late)
            Instant at = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
            List<Cli> runs = shards(3, config(api, ""), "--start-at", at.toString());
            for (Cli r : runs) {
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.err()).contains("the thresholds are evaluated on the whole run, by bench merge");
                assertThat(r.err()).contains(": the load starts at " + at);
            }
            String runId = ShardOptions.withRunId(io.benchsuite.engine.config.ConfigLoader.load(dir.resolve("c.json"),
                    List.of()), ShardOptions.resolve("0/3", null, at.toString(), 1, java.util.Map.of())).runId()
                    .orElseThrow();
            List<RunResult> parts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RunResult part = ResultJson.read(dir.resolve("out-" + i).resolve(runId + ".shard-" + i));
                assertThat(part.shard().startAt()).isEqualTo(at);
                assertThat(part.thresholds()).isEmpty();
                parts.add(part);
            }

            // when
            Cli merge = bench("merge", "--out", dir.resolve("merged").toString(), dir.resolve("out-0").toString(),
                    dir.resolve("out-1").resolve(runId + ".shard-1").toString(),
                    dir.resolve("out-2").resolve(runId + ".shard-2").resolve("result.json").toString());

            // then
            assertThat(merge.code()).as(merge.err()).isZero();
            RunResult merged = ResultJson.read(dir.resolve("merged").resolve(runId));
            assertThat(merged.buckets()).extracting(Stats::workers).containsExactly(2, 3, 4);
            assertThat(merged.overall().requests()).isEqualTo(parts.stream().mapToLong(p -> p.overall().requests())
                    .sum());
            assertThat(merged.thresholds()).hasSize(2).allMatch(t -> t.passed());
            assertThat(merged.shards().count()).isEqualTo(3);
            assertThat(merge.err()).contains("bench: run " + runId + ": merged 3 shards (their starts ");
            assertThat(merge.out()).contains("PASS success_rate >= 99%").contains("report:  ");
            assertThat(dir.resolve("merged").resolve(runId).resolve("report.html")).exists();

            // and the merged run is a run like any other for report and analyze
            assertThat(bench("report", dir.resolve("merged").resolve(runId).toString()).code()).isZero();
            Cli list = bench("analyze", "--query", "run", runId, "--source", "files", "--out",
                    dir.resolve("merged").toString());
            assertThat(list.code()).as(list.err()).isZero();

            // and a shard given twice, or one missing, is refused naming it
            Cli twice = bench("merge", "--out", dir.resolve("again").toString(), dir.resolve("out-0").toString(),
                    dir.resolve("out-0").toString(), dir.resolve("out-1").toString());
            assertThat(twice.code()).isEqualTo(2);
            assertThat(twice.err().strip()).startsWith("bench: shard 0 of run " + runId + " is given twice: ");
            Cli missing = bench("merge", "--out", dir.resolve("again").toString(), dir.resolve("out-0").toString(),
                    dir.resolve("out-2").toString());
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err().strip()).isEqualTo("bench: run " + runId + " has 3 shards, but shard 1 is missing "
                    + "(given: 0, 2); give the result of every shard");
            assertThat(dir.resolve("again")).doesNotExist();
        }
    }

    @Test
    void shards_meet_at_a_mongodb_barrier_and_merge_from_the_database() throws Exception {
        try (DemoApiServer api = DemoApiServer.start(0); StoredRuns.Mongo mongo = new StoredRuns.Mongo()) {
            // given two shards without a start time, one MongoDB
            Path config = config(api, ", \"benchmark_run_id\": \"barrier-run\"");
            List<Cli> runs = shards(2, config, "--mongodb-uri", mongo.uri(), "--barrier-timeout", "60");
            for (Cli r : runs) {
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.err()).contains("of run barrier-run: registered at the barrier in " + mongo.uri());
                assertThat(r.out()).contains("of run barrier-run and ");
            }
            RunResult zero = ResultJson.read(dir.resolve("out-0/barrier-run.shard-0"));
            RunResult one = ResultJson.read(dir.resolve("out-1/barrier-run.shard-1"));
            assertThat(zero.shard().startAt()).isEqualTo(one.shard().startAt());

            // when
            Cli merge = bench("merge", "--out", dir.resolve("merged").toString(), "--run-id", "barrier-run",
                    "--mongodb-uri", mongo.uri());

            // then
            assertThat(merge.code()).as(merge.err()).isZero();
            assertThat(merge.out()).contains("stored in MongoDB (" + mongo.uri() + " database benchmarking): run "
                    + "barrier-run");
            RunResult merged = ResultJson.read(dir.resolve("merged/barrier-run"));
            assertThat(merged.overall().requests()).isEqualTo(zero.overall().requests() + one.overall().requests());
            Cli analyze = bench("analyze", "--query", "run", "barrier-run", "--mongodb-uri", mongo.uri(),
                    "--format", "json");
            assertThat(analyze.code()).as(analyze.err()).isZero();
            assertThat(ResultJson.fromJson(analyze.out()).shards().count()).isEqualTo(2);
        }
    }

    @Test
    void a_start_time_already_past_is_refused_before_anything_is_prepared() throws Exception {
        try (DemoApiServer api = DemoApiServer.start(0)) {
            Cli run = bench("run", "--config", config(api, "").toString(), "--shard", "0/2", "--start-at",
                    "2020-01-01T00:00:00Z", "--out", dir.resolve("out").toString());

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("bench: --start-at 2020-01-01T00:00:00Z is ")
                    .contains(" s past; the load would start late and out of step with the other shards: choose a "
                            + "time ahead, e.g. --start-at "));
            assertThat(dir.resolve("out")).doesNotExist();
            assertThat(api.requests()).isZero();
        }
    }

    @Test
    void shards_with_neither_a_start_time_nor_a_database_to_meet_in_are_refused() throws Exception {
        try (DemoApiServer api = DemoApiServer.start(0); ServerSocket closed = new ServerSocket(0)) {
            String nowhere = "mongodb://127.0.0.1:" + closed.getLocalPort();
            closed.close();
            Cli run = bench("run", "--config", config(api, ", \"benchmark_run_id\": \"r\"").toString(), "--shard",
                    "1/2", "--mongodb-uri", nowhere, "--out", dir.resolve("out").toString());

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err().lines().toList().getLast()).startsWith("bench: --shard 1/2: the shards of run r need "
                    + "a shared start: give every shard the same --start-at TIME (e.g. --start-at ").endsWith("), or a "
                    + "reachable MongoDB (--mongodb-uri or MONGODB_URI) where they meet at a barrier");
            assertThat(dir.resolve("out/r.shard-1")).doesNotExist();
            assertThat(api.requests()).isZero();

            // and a merge from a database that is not there says so in one line
            Cli merge = bench("merge", "--run-id", "r", "--mongodb-uri", nowhere, "--out", dir.resolve("m").toString());
            assertThat(merge.code()).isEqualTo(2);
            assertThat(merge.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("bench: --run-id r: no MongoDB to read the shards from (MongoDB unavailable at "
                            + nowhere + ": ").endsWith("); or give the shards' result.json files or run directories"));
        }
    }
}
