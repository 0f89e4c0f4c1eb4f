package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database stops in the middle of a run, and comes back for {@code bench sync}. */
class MongoOutageTest {

    private static final int REQUESTS = 20_000;
    private static final int STOP_AT = 6_000;

    @TempDir
    Path out;

    @Test
    void database_stopping_mid_run_loses_nothing_and_sync_completes_without_duplicates() throws Exception {
        try (MongoTestServer server = new MongoTestServer()) {
            // given: a run whose target stops the database once request STOP_AT has started
            List<String> notices = new ArrayList<>();
            MongoResults db = MongoResults.open(server.settings("bench"), line -> {
                synchronized (notices) {
                    notices.add(line);
                }
            }).orElseThrow();
            AtomicBoolean stopped = new AtomicBoolean();
            CountDownLatch down = new CountDownLatch(1);
            Target base = FakeRun.target(20);
            Target target = ex -> {
                if (ex.seq() == STOP_AT && stopped.compareAndSet(false, true)) {
                    Thread.ofPlatform().start(() -> {
                        server.stop();
                        down.countDown();
                    });
                }
                base.execute(ex);
            };
            Path runDir = out.resolve("outage");

            // when
            RunResult result = FakeRun.run(out, "outage", "acme", REQUESTS, 2, target,
                    List.of(db.requestSink("outage", runDir, RequestLogMode.ALL)));
            down.await();
            StoreOutcome outcome = db.store(result, runDir);

            // then: the run completed with every request, and says it is not stored
            assertThat(result.status()).isEqualTo(RunResult.Status.completed);
            assertThat(result.overall().requests()).isEqualTo(REQUESTS);
            assertThat(outcome.stored()).isFalse();
            assertThat(outcome.message()).startsWith("MongoDB unavailable: ").contains("kept in "
                    + runDir.resolve(SpillFile.FILE_NAME)).endsWith("run bench sync to upload");
            // the failure is reported once, not per request or per chunk
            assertThat(notices).hasSizeLessThanOrEqualTo(2);
            assertThat(notices.stream().filter(n -> n.startsWith("MongoDB write failed during run outage: ")))
                    .hasSize(1);

            // when the database is back (same data, same port)
            server.restart();
            Set<Long> stored = storedSeqs(server, "outage");
            List<String> spill = MongoResultsTest.spilled(runDir);
            Set<Long> spilled = new HashSet<>();
            spill.stream().filter(s -> s.startsWith("requests/"))
                    .forEach(s -> spilled.add(Long.parseLong(s.substring(s.lastIndexOf(':') + 1))));

            // then: the spill file holds exactly the documents the database is missing, and the run document
            assertThat(stored).isNotEmpty();
            assertThat(spilled).isNotEmpty();
            assertThat(spill.stream().filter(s -> s.startsWith("requests/"))).hasSize(spilled.size());
            Set<Long> overlap = new HashSet<>(stored);
            overlap.retainAll(spilled);
            assertThat(overlap).as("documents both stored and spilled").isEmpty();
            assertThat(stored.size() + spilled.size()).isEqualTo(REQUESTS);
            assertThat(spill).contains("runs/outage");
            assertThat(count(server, "runs", new Document())).isZero();

            // when
            MongoResults again = MongoResults.open(server.settings("bench"), notices::add).orElseThrow();
            SyncReport report = again.syncPending(out);

            // then: complete, no duplicates, spill file gone; a second sync finds nothing
            assertThat(report.complete()).isTrue();
            assertThat(report.requestDocuments()).isEqualTo(spilled.size());
            assertThat(count(server, "requests", new Document("run_id", "outage"))).isEqualTo(REQUESTS);
            assertThat(storedSeqs(server, "outage")).hasSize(REQUESTS);
            assertThat(again.source().run("outage")).contains(result);
            assertThat(Files.exists(runDir.resolve(SpillFile.FILE_NAME))).isFalse();
            assertThat(again.syncPending(out).files()).isZero();
            again.close();
            db.close();
        }
    }

    @Test
    void sync_of_a_spill_file_already_partly_uploaded_adds_no_duplicates() throws Exception {
        try (MongoTestServer server = new MongoTestServer()) {
            // given: a complete run stored, and a spill file repeating some of its documents
            MongoResults db = MongoResults.open(server.settings("bench"), l -> { }).orElseThrow();
            Path runDir = out.resolve("dup");
            RunResult result = FakeRun.run(out, "dup", "acme", 3000, FakeRun.target(10),
                    List.of(db.requestSink("dup", runDir, RequestLogMode.ALL)));
            assertThat(db.store(result, runDir).stored()).isTrue();
            List<BsonDocument> some;
            try (MongoClient c = MongoClients.create(server.uri())) {
                some = Await.all(c.getDatabase("bench").getCollection("requests", BsonDocument.class)
                        .find(new Document("seq", new Document("$lt", 1500))), Duration.ofSeconds(30));
            }
            SpillFile spill = new SpillFile(runDir);
            spill.append("requests", some);
            spill.append("runs", List.of(MongoResults.runDocument(result)));
            spill.close();

            // when
            SyncReport report = db.syncPending(out);

            // then
            assertThat(report.complete()).isTrue();
            assertThat(report.requestDocuments()).isEqualTo(1500);
            assertThat(count(server, "requests", new Document("run_id", "dup"))).isEqualTo(3000);
            assertThat(count(server, "runs", new Document())).isEqualTo(1);
            db.close();
        }
    }

    private static Set<Long> storedSeqs(MongoTestServer server, String runId) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            Set<Long> seqs = new HashSet<>();
            Await.all(c.getDatabase("bench").getCollection("requests", BsonDocument.class)
                            .find(new Document("run_id", runId)), Duration.ofSeconds(60))
                    .forEach(d -> assertThat(seqs.add(d.getNumber("seq").longValue())).isTrue());
            return seqs;
        }
    }

    private static long count(MongoTestServer server, String collection, Document filter) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            return Await.first(c.getDatabase("bench").getCollection(collection).countDocuments(filter),
                    Duration.ofSeconds(30)).orElseThrow();
        }
    }
}
