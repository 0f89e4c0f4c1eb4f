package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.FileRunSource;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analyzer query, against MongoDB and against the results directory, must give the same answer.
 *
 * <p>What mongo-java-server cannot check: nothing here needs {@code $percentile}, {@code $median},
 * {@code $setWindowFields}, {@code $dateTrunc} or change streams: the queries are plain finds with sort and
 * limit, and percentiles are read from the stored run documents. Index use (query plans) is not checked: the
 * in-process server has no planner comparable to MongoDB's.
 */
class MongoRunSourceTest {

    @TempDir
    static Path out;

    private static MongoTestServer server;
    private static MongoResults db;
    private static final List<RunResult> runs = new ArrayList<>();

    @BeforeAll
    static void storeRuns() throws Exception {
        server = new MongoTestServer();
        db = MongoResults.open(server.settings("bench"), l -> { }).orElseThrow();
        String[][] plan = {{"a-1", "acme"}, {"b-1", "globex"}, {"a-2", "acme"}, {"a-3", "acme"}};
        for (String[] p : plan) {
            // more requests than one page of the request query, for the first run
            int n = p[0].equals("a-1") ? MongoRunSource.PAGE + 1234 : 300;
            RunResult r = FakeRun.run(out, p[0], p[1], n, FakeRun.target(10),
                    List.of(db.requestSink(p[0], out.resolve(p[0]), RequestLogMode.ALL)));
            assertThat(db.store(r, out.resolve(p[0])).stored()).isTrue();
            runs.add(r);
        }
    }

    @AfterAll
    static void stop() {
        db.close();
        server.close();
    }

    private static List<String> ids(List<RunResult> rs) {
        return rs.stream().map(RunResult::runId).toList();
    }

    private void bothSources(Function<RunSource, Object> query, Object expected) {
        RunSource mongo = db.source();
        RunSource files = new FileRunSource(out);
        assertThat(query.apply(mongo)).isEqualTo(expected);
        assertThat(query.apply(files)).isEqualTo(expected);
    }

    @Test
    void latest_is_the_newest_run() {
        bothSources(s -> s.latest().map(RunResult::runId).orElseThrow(), "a-3");
        assertThat(ResultJson.toJson(db.source().latest().orElseThrow())).isEqualTo(ResultJson.toJson(runs.get(3)));
    }

    @Test
    void list_is_newest_first_and_limited() {
        bothSources(s -> ids(s.list(10)), List.of("a-3", "a-2", "b-1", "a-1"));
        bothSources(s -> ids(s.list(2)), List.of("a-3", "a-2"));
        bothSources(s -> s.list(10).stream().map(ResultJson::toJson).toList(),
                runs.reversed().stream().map(ResultJson::toJson).toList());
    }

    @Test
    void run_finds_one_run_by_id() {
        bothSources(s -> s.run("b-1").map(ResultJson::toJson).orElseThrow(), ResultJson.toJson(runs.get(1)));
        bothSources(s -> s.run("nope").isPresent(), false);
    }

    @Test
    void org_lists_the_runs_of_one_organisation() {
        bothSources(s -> ids(s.org("acme", 10)), List.of("a-3", "a-2", "a-1"));
        bothSources(s -> ids(s.org("acme", 1)), List.of("a-3"));
        bothSources(s -> ids(s.org("initech", 10)), List.of());
    }

    @Test
    void request_log_is_read_in_seq_order_across_pages() {
        bothSources(s -> {
            List<String> lines = new ArrayList<>();
            long n = s.forEachRequest("a-1", (ObjectNode r) -> lines.add(r.toString()));
            assertThat(n).isEqualTo(MongoRunSource.PAGE + 1234);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).startsWith("{\"seq\":" + i + ",\"workers\":");
            }
            return lines.hashCode();
        }, requestLines());
    }

    @Test
    void request_log_of_an_unknown_run_is_an_error() {
        assertThatThrownBy(() -> db.source().forEachRequest("nope", r -> { }))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no run \"nope\" in MongoDB");
        assertThatThrownBy(() -> new FileRunSource(out).forEachRequest("nope", r -> { }))
                .isInstanceOf(NoSuchElementException.class).hasMessage("no run \"nope\" in " + out);
    }

    private static int requestLines() {
        List<String> lines = new ArrayList<>();
        new FileRunSource(out).forEachRequest("a-1", r -> lines.add(r.toString()));
        return lines.hashCode();
    }
}
