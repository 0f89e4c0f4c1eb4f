package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.store.mongo.MongoResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoStoreTest {

    @TempDir
    Path out;

    private MongoServer server;
    private String uri;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @FixtureOnly
    static class Stored {
        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 5, totalRequests = 50)
        @Threshold("success_rate >= 99%")
        void call() {
        }
    }

    @Test
    void with_a_configured_uri_the_run_and_its_requests_are_stored_in_mongodb() throws Exception {
        // when
        Fixtures.run(Stored.class, "call", out, Map.of(LoadTest.MONGODB_URI_PROPERTY, uri,
                LoadTest.DATABASE_NAME_PROPERTY, "junit_runs")).testEvents().assertStatistics(s -> s.succeeded(1));

        // then
        RunResult local = Fixtures.result(out, Stored.class, "call");
        try (MongoResults db = MongoResults.open(StoreSettings.of(uri, "junit_runs")).orElseThrow();
             RunSource source = db.source()) {
            assertThat(source.run(local.runId())).hasValueSatisfying(stored -> {
                assertThat(stored.overall()).isEqualTo(local.overall());
                assertThat(stored.thresholds()).isEqualTo(local.thresholds());
            });
            assertThat(source.forEachRequest(local.runId(), doc -> { })).isEqualTo(50);
        }
    }

    @Test
    void without_a_uri_the_run_is_kept_in_files_only() throws IOException {
        // when
        Fixtures.run(Stored.class, "call", out).testEvents().assertStatistics(s -> s.succeeded(1));

        // then
        assertThat(Fixtures.result(out, Stored.class, "call").overall().requests()).isEqualTo(50);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(
                Fixtures.runDirs(out, Stored.class, "call").getFirst())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("result.json", "requests.jsonl.gz", "report.html");
        }
    }
}
