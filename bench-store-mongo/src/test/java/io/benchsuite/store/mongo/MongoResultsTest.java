package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.FileRunSource;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.result.source.RunSource;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.store.SyncReport;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoResultsTest {

    @TempDir
    Path out;

    private final MongoTestServer server = new MongoTestServer();
    private final List<String> notices = new ArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void run_is_stored_and_read_back_field_for_field() throws Exception {
        // given
        MongoResults db = MongoResults.open(server.settings("bench"), notices::add).orElseThrow();
        RunResult result = FakeRun.run(out, "run-1", "acme", 2500, FakeRun.target(100),
                List.of(db.requestSink("run-1", out.resolve("run-1"), RequestLogMode.ALL)));

        // when
        StoreOutcome outcome = db.store(result, out.resolve("run-1"));

        // then
        assertThat(outcome.stored()).isTrue();
        assertThat(outcome.message()).startsWith("stored in MongoDB (" + server.uri() + " database bench): run run-1 "
                + "and 2500 request documents");
        assertThat(notices).isEmpty();
        try (RunSource source = db.source()) {
            RunResult back = source.run("run-1").orElseThrow();
            assertThat(ResultJson.toJson(back)).isEqualTo(ResultJson.toJson(result));
            assertThat(back).isEqualTo(result);
            List<ObjectNode> fromDb = new ArrayList<>();
            List<ObjectNode> fromFile = new ArrayList<>();
            assertThat(source.forEachRequest("run-1", r -> fromDb.add(r.deepCopy()))).isEqualTo(2500);
            new FileRunSource(out).forEachRequest("run-1", r -> fromFile.add(r.deepCopy()));
            assertThat(fromDb.toString()).isEqualTo(fromFile.toString());
        }
        assertThat(Files.exists(out.resolve("run-1").resolve(SpillFile.FILE_NAME))).isFalse();
        db.close();
    }

    @Test
    void run_document_has_the_result_json_fields_with_run_id_as_id() throws Exception {
        // given
        MongoResults db = MongoResults.open(server.settings("bench"), notices::add).orElseThrow();
        RunResult result = FakeRun.run(out, "run-2", "acme", 100, FakeRun.target(50), List.of());

        // when
        db.store(result, out.resolve("run-2"));

        // then
        List<BsonDocument> runs = all("bench", "runs");
        assertThat(runs).hasSize(1);
        BsonDocument doc = runs.get(0);
        assertThat(doc.getString("_id").getValue()).isEqualTo("run-2");
        ObjectNode withoutId = BsonJson.object(doc, "_id");
        assertThat(withoutId.toString()).isEqualTo(ResultJson.mapper().readTree(
                Files.readString(out.resolve("run-2").resolve(ResultJson.RESULT_FILE))).toString());
        db.close();
    }

    @Test
    void indexes_serve_the_queries() {
        // when
        MongoResults.open(server.settings("bench"), notices::add).orElseThrow().close();

        // then
        assertThat(indexNames("bench", "runs")).contains("run_id_unique", "org_id_started_at", "started_at");
        assertThat(indexNames("bench", "requests")).contains("run_id_seq");
    }

    @Test
    void request_log_setting_selects_the_stored_requests() throws Exception {
        // given
        MongoResults db = MongoResults.open(server.settings("bench"), notices::add).orElseThrow();
        String[] modes = {"failures", "sample:10", "none"};

        // when
        for (String mode : modes) {
            String id = "run-" + mode.replace(':', '-');
            RunResult r = FakeRun.run(out, id, "acme", 700, FakeRun.target(20),
                    List.of(db.requestSink(id, out.resolve(id), RequestLogMode.parse(mode))));
            assertThat(db.store(r, out.resolve(id)).stored()).isTrue();
        }

        // then: every 7th request (seq % 7 == 3) fails: 100 of 700
        assertThat(count("bench", "requests", new Document("run_id", "run-failures"))).isEqualTo(100);
        // sample:10 keeps the 70 successes and failures with seq % 10 == 0 plus all 100 failures, counted once
        long sampled = java.util.stream.LongStream.range(0, 700).filter(s -> s % 7 == 3 || s % 10 == 0).count();
        assertThat(count("bench", "requests", new Document("run_id", "run-sample-10"))).isEqualTo(sampled);
        assertThat(count("bench", "requests", new Document("run_id", "run-none"))).isZero();
        assertThat(count("bench", "runs", new Document())).isEqualTo(3);
        db.close();
    }

    @Test
    void nothing_configured_and_no_server_is_one_line_and_no_store() throws IOException {
        // given
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        StoreSettings probe = new StoreSettings("mongodb://127.0.0.1:" + closedPort, "bench", false,
                StoreSettings.PROBE_TIMEOUT);

        // when
        long start = System.nanoTime();
        Optional<MongoResults> db = MongoResults.open(probe, notices::add);

        // then
        assertThat(db).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(notices).containsExactly("MongoDB: no server at mongodb://127.0.0.1:" + closedPort
                + "; results are kept in local files only (set MONGODB_URI or --mongodb-uri to store them in MongoDB)");
    }

    @Test
    void configured_but_unreachable_keeps_everything_for_sync() throws Exception {
        // given
        String uri = server.uri();
        server.stop();
        StoreSettings settings = new StoreSettings(uri, "bench", true, Duration.ofSeconds(1));
        MongoResults offline = MongoResults.open(settings, notices::add).orElseThrow();
        RunResult result = FakeRun.run(out, "run-3", "acme", 1500, FakeRun.target(20),
                List.of(offline.requestSink("run-3", out.resolve("run-3"), RequestLogMode.ALL)));

        // when
        StoreOutcome outcome = offline.store(result, out.resolve("run-3"));
        offline.close();

        // then
        assertThat(offline.online()).isFalse();
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).startsWith("MongoDB unavailable at " + uri + ": ");
        assertThat(outcome.stored()).isFalse();
        assertThat(outcome.message()).startsWith("MongoDB unavailable: ")
                .contains("run run-3, 1500 of 1500 request documents kept in "
                        + out.resolve("run-3").resolve(SpillFile.FILE_NAME))
                .endsWith("run bench sync to upload");
        assertThat(spilled(out.resolve("run-3"))).hasSize(1501);

        // when the server is back
        server.restart();
        MongoResults db = MongoResults.open(server.settings("bench"), notices::add).orElseThrow();
        SyncReport report = db.syncPending(out);

        // then
        assertThat(report.complete()).isTrue();
        assertThat(report.message()).isEqualTo("uploaded 1 spill file(s): 1 run and 1500 request documents");
        assertThat(count("bench", "requests", new Document("run_id", "run-3"))).isEqualTo(1500);
        assertThat(db.source().run("run-3")).contains(result);
        assertThat(Files.exists(out.resolve("run-3").resolve(SpillFile.FILE_NAME))).isFalse();
        assertThat(db.syncPending(out).message()).isEqualTo("nothing to upload");
        db.close();
    }

    @Test
    void password_in_the_uri_is_never_printed() {
        // given
        StoreSettings settings = StoreSettings.of("mongodb://bench:pw-SECRET-42@127.0.0.1:1/?connectTimeoutMS=200",
                "bench");

        // when
        String shown = settings.displayUri();

        // then
        assertThat(shown).isEqualTo("mongodb://bench:***@127.0.0.1:1/?connectTimeoutMS=200");
        assertThat(MongoResults.describe(new RuntimeException("auth failed for pw-SECRET-42"), settings))
                .doesNotContain("pw-SECRET-42");
    }

    static List<String> spilled(Path runDir) throws IOException {
        List<String> ids = new ArrayList<>();
        SpillFile.read(runDir.resolve(SpillFile.FILE_NAME), (c, d) -> ids.add(c + "/" + d.get("_id").asString()
                .getValue()));
        return ids;
    }

    private List<BsonDocument> all(String database, String collection) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            return Await.all(c.getDatabase(database).getCollection(collection, BsonDocument.class).find(),
                    Duration.ofSeconds(30));
        }
    }

    private long count(String database, String collection, Document filter) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            return Await.first(c.getDatabase(database).getCollection(collection).countDocuments(filter),
                    Duration.ofSeconds(30)).orElseThrow();
        }
    }

    private List<String> indexNames(String database, String collection) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            MongoDatabase db = c.getDatabase(database);
            return Await.all(db.getCollection(collection).listIndexes(), Duration.ofSeconds(30)).stream()
                    .map(d -> d.getString("name")).toList();
        }
    }
}
