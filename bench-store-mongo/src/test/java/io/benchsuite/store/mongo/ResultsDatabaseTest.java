package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.source.RunSource;
import java.time.Instant;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.store.mongo.MongoResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDatabaseTest {

    @TempDir
    Path dir;

    private final List<String> notices = new ArrayList<>();

    private static RunResult result(String runId) {
        return new RunResult(1, runId, "acme", "system_api", runId, RunResult.Status.completed, "POST http://x",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), 60, null, null,
                stats(null), List.of(stats(1)), null, null, null, null);
    }

    private static Stats stats(Integer workers) {
        return new Stats(workers, workers == null ? null : List.of(0.0, 10.0), 10, 10, 0, 100, 5,
                new Distribution(1.5, 3, 3, 3, 9, 9, 9, 9, 9), null, null, null, null, null, null, null, null);
    }

    @Test
    void a_load_test_without_a_uri_has_no_database_and_nothing_is_said() {
        // given
        RequestLogSink file = batch -> { };

        // when
        try (ResultsDatabase db = ResultsDatabase.openIfConfigured(null, "ignored", notices::add)) {

            // then
            assertThat(db.sinks("r1", dir.resolve("r1"), RequestLogMode.ALL, List.of(file))).containsExactly(file);
            assertThat(db.store(result("r1"), dir.resolve("r1"))).isEmpty();
            assertThat(db.syncPending(dir)).isEmpty();
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void a_malformed_uri_is_a_configuration_error_that_hides_the_password() {
        assertThatThrownBy(() -> ResultsDatabase.openIfConfigured("http://u:hunter2@h", null, notices::add))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MongoDB URI \"http://u:***@h\" must start with mongodb:// or mongodb+srv://, "
                        + "e.g. mongodb://localhost:27017");
        assertThatThrownBy(() -> ResultsDatabase.open(Optional.of("mongodb:/one-slash"), notices::add))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void a_configured_database_gets_a_request_sink_and_the_run_document_in_the_default_database() {
        // given
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        RequestLogSink file = batch -> { };
        Optional<StoreOutcome> outcome;

        // when
        try (ResultsDatabase db = ResultsDatabase.openIfConfigured(uri, null, notices::add)) {
            assertThat(db.sinks("r1", dir.resolve("r1"), RequestLogMode.NONE, List.of(file)))
                    .hasSize(2).first().isSameAs(file);
            outcome = db.store(result("r1"), dir.resolve("r1"));
        }

        // then
        try {
            assertThat(outcome).hasValue(new StoreOutcome(true, "stored in MongoDB (" + uri
                    + " database benchmarking): run r1 and 0 request documents (request_log none)"));
            try (MongoResults back = MongoResults.open(StoreSettings.of(uri, "benchmarking")).orElseThrow();
                 RunSource source = back.source()) {
                assertThat(source.run("r1")).hasValueSatisfying(r -> assertThat(r.overall().requests()).isEqualTo(10));
            }
            assertThat(notices).isEmpty();
        } finally {
            server.shutdownNow();
        }
    }
}
