package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.store.Baseline;
import io.benchsuite.engine.store.Baselines;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.FileRunSource;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines in MongoDB, and the queries a comparison makes: a repetition group, the newest completed run by name. */
class MongoBaselinesTest {

    @TempDir
    static Path out;

    private static MongoTestServer server;
    private static MongoResults db;

    @BeforeAll
    static void store_a_repeated_run_and_another() throws Exception {
        server = new MongoTestServer();
        db = MongoResults.open(server.settings("bench"), l -> { }).orElseThrow();
        for (String id : List.of("g-r1", "g-r2", "other")) {
            RunResult r = FakeRun.run(out, id, "acme", 200, FakeRun.target(10),
                    List.of(db.requestSink(id, out.resolve(id), RequestLogMode.ALL)));
            if (id.startsWith("g-")) {
                r = r.withRepetition(new RunResult.Repetition("g", id.endsWith("1") ? 1 : 2, 2));
                ResultJson.write(r, out.resolve(id).resolve(ResultJson.RESULT_FILE));
            }
            assertThat(db.store(r, out.resolve(id)).stored()).isTrue();
        }
    }

    @AfterAll
    static void stop() {
        db.close();
        server.close();
    }

    @Test
    void a_baseline_is_kept_per_organisation_and_name_and_replaced_by_the_next() {
        // given
        Baselines baselines = db.baselines().orElseThrow();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");

        // when
        baselines.put(new Baseline("acme", "OrdersIT#placeOrder", List.of("other"), t));
        baselines.put(new Baseline("globex", "OrdersIT#placeOrder", List.of("x"), t));
        baselines.put(new Baseline("acme", "OrdersIT#placeOrder", List.of("g-r1", "g-r2"), t.plusSeconds(1)));

        // then
        assertThat(baselines.get("acme", "OrdersIT#placeOrder")).contains(new Baseline("acme", "OrdersIT#placeOrder",
                List.of("g-r1", "g-r2"), t.plusSeconds(1)));
        assertThat(baselines.get("acme", "nope")).isEmpty();
        assertThat(baselines.list(Optional.empty())).extracting(Baseline::orgId).containsExactly("acme", "globex");
        assertThat(baselines.list(Optional.of("acme"))).hasSize(1);
        assertThat(baselines.description()).startsWith("MongoDB mongodb://");
    }

    @Test
    void the_runs_of_a_repetition_group_and_the_newest_completed_run_by_name_are_the_same_from_mongodb_and_files() {
        for (RunSource source : List.of(db.source(), new FileRunSource(out))) {
            assertThat(source.repetitions("g")).extracting(RunResult::runId).containsExactly("g-r1", "g-r2");
            assertThat(source.repetitions("nope")).isEmpty();
            assertThat(source.latestCompleted("acme", "fake other")).map(RunResult::runId).contains("other");
            assertThat(source.latestCompleted("globex", "fake other")).isEmpty();
        }
    }
}
