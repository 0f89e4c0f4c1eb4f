package io.benchsuite.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.benchsuite.cli.StoredRuns.bench;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.result.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench run --mongodb-uri} stores runs; with the database down it keeps them; {@code bench sync} uploads. */
class SyncCommandTest {

    @TempDir
    Path dir;

    private WireMockServer http;
    private StoredRuns.Mongo mongo;

    @BeforeEach
    void start() {
        http = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        http.start();
        http.stubFor(post("/orders").willReturn(aResponse().withStatus(200).withBody("{}")));
        mongo = new StoredRuns.Mongo();
    }

    @AfterEach
    void stop() {
        http.stop();
        mongo.close();
    }

    private StoredRuns.Cli run(String runId) throws Exception {
        Path config = dir.resolve(runId + ".json");
        Files.writeString(config, """
                {"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:%d/orders",
                 "benchmark_run_id": "%s", "org_id": "acme", "min_load": 1, "max_load": 2,
                 "ramp_duration_seconds": 1, "hold_seconds": 60, "total_requests": 100, "timeout": 5}
                """.formatted(http.port(), runId));
        return bench("run", "--config", config.toString(), "--out", dir.resolve("results").toString(),
                "--mongodb-uri", mongo.uri());
    }

    private Path spill(String runId) {
        return dir.resolve("results").resolve(runId).resolve("mongo-spill.jsonl");
    }

    @Test
    void bench_run_stores_the_run_and_its_request_log() throws Exception {
        // when
        StoredRuns.Cli cli = run("r1");

        // then
        assertThat(cli.code()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("stored in MongoDB (" + mongo.uri() + " database benchmarking): run r1 and "
                + "100 request documents (request_log all)");
        StoredRuns.Cli back = bench("analyze", "--source", "mongo", "--mongodb-uri", mongo.uri(), "--query", "run",
                "r1", "--format", "json");
        assertThat(ResultJson.mapper().readTree(back.out())).isEqualTo(ResultJson.mapper().readTree(
                Files.readString(dir.resolve("results/r1/result.json"))));
        assertThat(Files.exists(spill("r1"))).isFalse();
    }

    @Test
    void with_the_database_down_the_run_is_kept_and_bench_sync_uploads_it_later() throws Exception {
        // given
        mongo.stop();

        // when
        StoredRuns.Cli cli = run("r2");

        // then: the run completed, and says where its documents are
        assertThat(cli.code()).as(cli.err()).isZero();
        assertThat(cli.out()).doesNotContain("stored in MongoDB");
        assertThat(cli.err()).contains("bench: MongoDB unavailable at " + mongo.uri() + ": ")
                .contains("bench: MongoDB unavailable: ")
                .contains("run r2, 100 of 100 request documents kept in " + spill("r2"));
        assertThat(Files.exists(spill("r2"))).isTrue();
        StoredRuns.Cli nothing = bench("sync", "--out", dir.resolve("results").toString(), "--mongodb-uri",
                mongo.uri());
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).startsWith("bench sync: MongoDB unavailable at " + mongo.uri())
                .endsWith("; nothing uploaded\n");

        // when the database is back
        mongo.restart();
        StoredRuns.Cli sync = bench("sync", "--out", dir.resolve("results").toString(), "--mongodb-uri", mongo.uri());

        // then
        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(sync.out()).isEqualTo("bench sync: uploaded 1 spill file(s): 1 run and 100 request documents\n");
        assertThat(Files.exists(spill("r2"))).isFalse();
        StoredRuns.Cli csv = bench("analyze", "--source", "mongo", "--mongodb-uri", mongo.uri(), "--export", "csv",
                "--run", "r2");
        assertThat(csv.out().lines()).hasSize(101);
        StoredRuns.Cli again = bench("sync", "--out", dir.resolve("results").toString(), "--mongodb-uri", mongo.uri());
        assertThat(again.out()).isEqualTo("bench sync: nothing to upload\n");
    }

    @Test
    void the_next_bench_run_uploads_what_an_earlier_run_kept() throws Exception {
        // given
        mongo.stop();
        assertThat(run("r3").code()).isZero();
        mongo.restart();

        // when
        StoredRuns.Cli next = run("r4");

        // then
        assertThat(next.out()).contains("stored in MongoDB (" + mongo.uri() + " database benchmarking): run r4")
                .contains("bench sync: uploaded 1 spill file(s): 1 run and 100 request documents");
        assertThat(Files.exists(spill("r3"))).isFalse();
        StoredRuns.Cli list = bench("analyze", "--source", "mongo", "--mongodb-uri", mongo.uri(), "--query", "list");
        assertThat(list.out()).contains("r3", "r4", "2 runs from MongoDB");
    }
}
