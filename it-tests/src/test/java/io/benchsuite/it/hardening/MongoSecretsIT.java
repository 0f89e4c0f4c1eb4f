package io.benchsuite.it.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.runner.BenchRun;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code system_api} run through the pipeline into MongoDB: no secret reaches any stored document. */
class MongoSecretsIT {

    private static final String TOKEN = "tok-7f3a9c-UNIQUE";
    private static final String API_KEY = "key-51be07-UNIQUE";

    @TempDir
    Path dir;

    @Test
    void no_secret_reaches_any_stored_document() throws Exception {
        // given: a system API run whose server echoes the credentials back in failure bodies
        WireMockServer http = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        http.start();
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        try {
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
            RunSettings settings = RunSettings.of(ConfigLoader.load(config, List.of()));
            Path out = dir.resolve("results");

            // when
            BenchRun.Outcome outcome;
            try (BenchRun run = BenchRun.prepare(settings, out,
                    () -> ResultsDatabase.open(StoreSettings.of(uri, "bench"), l -> { }))) {
                outcome = run.run(new RunControl(), p -> { });
            }
            StoreOutcome stored = outcome.stored().orElseThrow();

            // then
            assertThat(stored.stored()).isTrue();
            long requests = outcome.result().overall().requests();
            assertThat(requests).isPositive();
            assertThat(outcome.result().overall().failures()).isEqualTo(requests);
            List<String> documents = new ArrayList<>();
            try (MongoClient c = MongoClients.create(uri)) {
                for (String collection : List.of("runs", "requests")) {
                    all(c.getDatabase("bench").getCollection(collection, BsonDocument.class).find())
                            .forEach(d -> documents.add(d.toJson()));
                }
            }
            assertThat(documents).hasSize((int) requests + 1);
            assertThat(documents).noneMatch(d -> d.contains(TOKEN) || d.contains(API_KEY) || d.contains("7f3a9c")
                    || d.contains("51be07"));
            assertThat(documents.get(0)).contains("\"auth_token\": \"***\"").contains("\"X-Api-Key\": \"***\"");
        } finally {
            http.stop();
            mongo.shutdownNow();
        }
    }

    /** Every element {@code publisher} emits, waited for (30 s at most). */
    private static <T> List<T> all(Publisher<T> publisher) throws Exception {
        List<T> items = new ArrayList<>();
        CompletableFuture<List<T>> done = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(items);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }
}
