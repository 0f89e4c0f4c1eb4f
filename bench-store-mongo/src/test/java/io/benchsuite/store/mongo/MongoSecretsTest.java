package io.benchsuite.store.mongo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.run.ConfiguredRun;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoSecretsTest {

    private static final String TOKEN = "tok-7f3a9c-UNIQUE";
    private static final String API_KEY = "key-51be07-UNIQUE";

    @TempDir
    Path dir;

    @Test
    void no_secret_reaches_any_stored_document() throws Exception {
        // given: a system API run whose server echoes the credentials back in failure bodies
        WireMockServer http = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        http.start();
        try (MongoTestServer mongo = new MongoTestServer()) {
            http.stubFor(post("/api").willReturn(aResponse().withStatus(503)
                    .withBody("bad credentials: Bearer " + TOKEN + " / " + API_KEY)));
            Files.writeString(dir.resolve("data.json"), "[{\"data\":{\"id\":1}},{\"data\":{\"id\":2}}]");
            Path config = dir.resolve("config.json");
            Files.writeString(config, """
                    {"benchmark_type": "system_api", "endpoint": "http://127.0.0.1:%d/api",
                     "auth_token": "Bearer %s", "headers": {"X-Api-Key": "%s"}, "json_path": "$.data",
                     "org_id": "secrets", "benchmark_run_id": "secret-run", "dataset": "data.json",
                     "min_load": 1, "max_load": 2, "ramp_duration_seconds": 2, "total_requests": 200,
                     "request_log": "all", "timeout": 5}
                    """.formatted(http.port(), TOKEN, API_KEY));
            ConfiguredRun run = ConfiguredRun.prepare(ConfigLoader.load(config, List.of()));
            Path out = dir.resolve("results");
            MongoResults db = MongoResults.open(mongo.settings("bench"), l -> { }).orElseThrow();

            // when
            ConfiguredRun.Outcome outcome = run.execute(out, p -> { }, new io.benchsuite.engine.run.RunControl(),
                    List.of(db.requestSink(run.runId(), out.resolve(run.runId()), RequestLogMode.of(run.config()))));
            StoreOutcome stored = db.store(outcome.result(), outcome.files().dir());

            // then
            assertThat(stored.stored()).isTrue();
            long requests = outcome.result().overall().requests();
            assertThat(requests).isPositive();
            assertThat(outcome.result().overall().failures()).isEqualTo(requests);
            List<String> documents = new ArrayList<>();
            try (MongoClient c = MongoClients.create(mongo.uri())) {
                for (String collection : List.of("runs", "requests")) {
                    Await.all(c.getDatabase("bench").getCollection(collection, BsonDocument.class).find(),
                            Duration.ofSeconds(30)).forEach(d -> documents.add(d.toJson()));
                }
            }
            assertThat(documents).hasSize((int) requests + 1);
            assertThat(documents).noneMatch(d -> d.contains(TOKEN) || d.contains(API_KEY) || d.contains("7f3a9c")
                    || d.contains("51be07"));
            assertThat(documents.get(0)).contains("\"auth_token\": \"***\"").contains("\"X-Api-Key\": \"***\"");
            db.close();
        } finally {
            http.stop();
        }
    }
}
