package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.store.SyncReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts of the "not stored" line under spill: every request of a run that fails at once (as when every
 * connect fails with EMFILE) is counted exactly once, in MongoDB, in the spill file or as lost, and the line says
 * which numbers are where.
 */
class MongoSpillCountTest {

    @TempDir
    Path out;

    private final MongoTestServer server = new MongoTestServer();
    private final List<String> notices = new ArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void twenty_thousand_failed_requests_with_the_spill_file_unwritable_are_counted_once_each_and_reported_lost()
            throws Exception {
        // given: the database unreachable, and the spill file's path taken by a directory
        String uri = server.uri();
        server.stop();
        MongoResults offline = MongoResults.open(new StoreSettings(uri, "bench", true, Duration.ofSeconds(1)),
                this::notice).orElseThrow();
        Path runDir = out.resolve("blocked");
        Path spillPath = runDir.resolve(SpillFile.FILE_NAME);
        Files.createDirectories(spillPath);
        MongoRequestSink sink = (MongoRequestSink) offline.requestSink("blocked", runDir, RequestLogMode.ALL);

        // when
        RunResult result = FakeRun.run(out, "blocked", "acme", 20_000, failingAtOnce(), List.of(sink));
        StoreOutcome outcome = offline.store(result, runDir);
        offline.close();

        // then: 20000 requests, 20000 documents kept, none in MongoDB, none in the spill file, 20000 lost
        assertThat(result.overall().requests()).isEqualTo(20_000);
        assertThat(sink.kept()).isEqualTo(20_000);
        assertThat(sink.acknowledged()).isZero();
        assertThat(sink.spilled()).isZero();
        assertThat(sink.lost()).isEqualTo(20_000);
        assertThat(Files.isDirectory(spillPath)).isTrue();
        assertThat(outcome.stored()).isFalse();
        assertThat(outcome.message()).startsWith("MongoDB unavailable: ").endsWith("; run blocked is not stored in "
                + "MongoDB: 20000 of its 20000 request documents (request_log all) could be written neither to "
                + "MongoDB nor to " + spillPath + " (FileSystemException: Is a directory), and a run in MongoDB "
                + "always has its complete request log; the other 0 are in MongoDB, 0 in the spill file; "
                + "result.json and requests.jsonl.gz in " + runDir + " are complete; free disk space or raise the "
                + "open-file limit (ulimit -n) so that the next runs can be kept");
        // the loss is reported once, while the run goes on
        assertThat(notices).hasSize(2);
        assertThat(notices.get(1)).isEqualTo("MongoDB spill file " + spillPath + " cannot be written "
                + "(FileSystemException: Is a directory); request documents of run blocked that MongoDB cannot take "
                + "are lost to it (requests.jsonl.gz keeps every request); free disk space or raise the open-file "
                + "limit (ulimit -n) so that the next runs can keep them");
    }

    @Test
    void a_spill_file_unwritable_for_a_while_leaves_each_request_document_in_mongodb_in_the_spill_file_or_lost()
            throws Exception {
        // given: the spill file's path taken by a directory until the first loss is reported; the database stops
        // at request STOP_AT
        int requests = 20_000;
        int stopAt = 2_000;
        Path runDir = out.resolve("unblocked");
        Path spillPath = runDir.resolve(SpillFile.FILE_NAME);
        Files.createDirectories(spillPath);
        MongoResults db = MongoResults.open(server.settings("bench"), line -> {
            notice(line);
            if (line.startsWith("MongoDB spill file ")) {
                deleteQuietly(spillPath);
            }
        }).orElseThrow();
        MongoRequestSink sink = (MongoRequestSink) db.requestSink("unblocked", runDir, RequestLogMode.ALL);
        CountDownLatch down = new CountDownLatch(1);
        Target target = stoppingTheServerAt(stopAt, down, FakeRun.target(20), () -> true);

        // when
        Stored stored = runStoreAndRestart(db, "unblocked", runDir, requests, 2, target, sink, down);
        RunResult result = stored.result();
        StoreOutcome outcome = stored.outcome();
        Set<Long> inMongo = stored.inMongo();
        Set<Long> inSpill = stored.inSpill();

        // then: a + s + lost = kept = requests, exactly what MongoDB and the spill file hold, nothing twice
        long a = sink.acknowledged();
        long s = sink.spilled();
        long lost = sink.lost();
        assertThat(result.overall().requests()).isEqualTo(requests);
        assertThat(sink.kept()).isEqualTo(requests);
        assertThat(a + s + lost).isEqualTo(requests);
        assertThat(lost).isPositive();
        assertThat(inMongo).hasSize((int) a);
        assertThat(inSpill).hasSize((int) s);
        assertThat(MongoResultsTest.spilled(runDir)).hasSize((int) s); // no line twice, and no run document
        assertThat(intersection(inMongo, inSpill)).as("documents both in MongoDB and spilled").isEmpty();
        assertThat(outcome.message()).startsWith("MongoDB unavailable: ").contains("; run unblocked is not stored "
                + "in MongoDB: " + lost + " of its " + requests + " request documents (request_log all) could be "
                + "written neither to MongoDB nor to " + spillPath + " (FileSystemException: Is a directory), and a "
                + "run in MongoDB always has its complete request log; the other " + a + " are in MongoDB, " + s
                + " in the spill file; ");

        // when
        MongoResults again = MongoResults.open(server.settings("bench"), this::notice).orElseThrow();
        SyncReport report = again.syncPending(out);
        again.close();

        // then: the spilled documents uploaded once each, the run not (its request log is incomplete)
        assertThat(report.complete()).isTrue();
        assertThat(report.requestDocuments()).isEqualTo(s);
        assertThat(report.runDocuments()).isZero();
        assertThat(storedSeqs("unblocked")).hasSize((int) (a + s));
    }

    @Test
    void a_run_of_instant_failures_ending_while_mongodb_falls_behind_and_stops_counts_every_document_once()
            throws Exception {
        // given: 8 workers whose every request fails at once, far faster than the database inserts; the database
        // stops half-way (once it acknowledged a chunk), while chunks are still queued
        int requests = 200_000;
        MongoResults db = MongoResults.open(server.settings("bench"), this::notice).orElseThrow();
        Path runDir = out.resolve("instant");
        MongoRequestSink sink = (MongoRequestSink) db.requestSink("instant", runDir, RequestLogMode.ALL);
        CountDownLatch down = new CountDownLatch(1);
        Target target = stoppingTheServerAt(requests / 2, down, failingAtOnce(), () -> sink.acknowledged() > 0);

        // when
        Stored stored = runStoreAndRestart(db, "instant", runDir, requests, 8, target, sink, down);
        RunResult result = stored.result();
        StoreOutcome outcome = stored.outcome();
        Set<Long> inMongo = stored.inMongo();
        Set<Long> inSpill = stored.inSpill();

        // then: kept is the number of requests; MongoDB and the spill file hold them all, each once
        long a = sink.acknowledged();
        long s = sink.spilled();
        assertThat(result.overall().requests()).isEqualTo(requests);
        assertThat(sink.kept()).isEqualTo(requests);
        assertThat(sink.lost()).isZero();
        assertThat(a).isPositive();
        assertThat(s).isPositive();
        assertThat(a + s).isEqualTo(requests);
        assertThat(inMongo).hasSize((int) a);
        assertThat(inSpill).hasSize((int) s);
        assertThat(MongoResultsTest.spilled(runDir)).hasSize((int) s + 1).contains("runs/instant");
        assertThat(intersection(inMongo, inSpill)).as("documents both in MongoDB and spilled").isEmpty();
        assertThat(outcome.stored()).isFalse();
        assertThat(outcome.message()).startsWith("MongoDB unavailable: ").endsWith("; run instant, " + s + " of "
                + requests + " request documents kept in " + runDir.resolve(SpillFile.FILE_NAME) + ", the other " + a
                + " in MongoDB (request_log all); result.json and requests.jsonl.gz are complete; "
                + "run bench sync to upload");

        // when
        MongoResults again = MongoResults.open(server.settings("bench"), this::notice).orElseThrow();
        SyncReport report = again.syncPending(out);

        // then: every request once in MongoDB, and the run
        assertThat(report.complete()).isTrue();
        assertThat(report.requestDocuments()).isEqualTo(s);
        assertThat(report.runDocuments()).isEqualTo(1);
        assertThat(storedSeqs("instant")).hasSize(requests);
        assertThat(again.source().run("instant")).contains(result);
        again.close();
    }

    @Test
    void the_spill_file_is_opened_with_the_sink_and_removed_when_nothing_was_spilled() throws Exception {
        // given
        MongoResults db = MongoResults.open(server.settings("bench"), this::notice).orElseThrow();
        Path runDir = out.resolve("clean");
        Path spillPath = runDir.resolve(SpillFile.FILE_NAME);

        // when
        MongoRequestSink sink = (MongoRequestSink) db.requestSink("clean", runDir, RequestLogMode.ALL);

        // then: open (held) before the load
        assertThat(Files.size(spillPath)).isZero();

        // when
        RunResult result = FakeRun.run(out, "clean", "acme", 3000, FakeRun.target(10), List.of(sink));
        StoreOutcome outcome = db.store(result, runDir);
        db.close();

        // then
        assertThat(outcome.stored()).isTrue();
        assertThat(sink.acknowledged()).isEqualTo(3000);
        assertThat(Files.exists(spillPath)).isFalse();
    }

    @Test
    void an_empty_spill_file_left_by_a_killed_run_is_removed_by_sync_and_uploads_nothing() throws Exception {
        // given
        Path spillPath = out.resolve("killed").resolve(SpillFile.FILE_NAME);
        Files.createDirectories(spillPath.getParent());
        Files.createFile(spillPath);
        MongoResults db = MongoResults.open(server.settings("bench"), this::notice).orElseThrow();

        // when
        SyncReport report = db.syncPending(out);
        db.close();

        // then
        assertThat(report.message()).isEqualTo("nothing to upload");
        assertThat(Files.exists(spillPath)).isFalse();
    }

    @Test
    void an_append_that_cannot_be_written_writes_nothing_and_a_later_one_all() throws Exception {
        // given
        Path runDir = out.resolve("spill");
        Files.createDirectories(runDir.resolve(SpillFile.FILE_NAME));
        SpillFile spill = new SpillFile(runDir);
        List<BsonDocument> three = List.of(doc(1), doc(2), doc(3));

        // when
        boolean first = spill.append("requests", three);
        Files.delete(runDir.resolve(SpillFile.FILE_NAME));
        boolean second = spill.append("requests", three);
        spill.close();

        // then
        assertThat(first).isFalse();
        assertThat(second).isTrue();
        assertThat(spill.documents()).isEqualTo(3);
        assertThat(spill.failure()).isEqualTo("FileSystemException: Is a directory");
        assertThat(MongoResultsTest.spilled(runDir)).containsExactly("requests/r:1", "requests/r:2", "requests/r:3");
    }

    private void notice(String line) {
        synchronized (notices) {
            notices.add(line);
        }
    }

    /** Every request fails at once, as when every connect fails with EMFILE. */
    private static Target failingAtOnce() {
        return ex -> ex.failure("io_error", 0, "Too many open files");
    }

    /**
     * {@code base}, and the server stopped (on a thread of its own) once request {@code stopAt} started and
     * {@code ready} holds (that request's worker waits for it).
     */
    private Target stoppingTheServerAt(long stopAt, CountDownLatch down, Target base, BooleanSupplier ready) {
        AtomicBoolean stopped = new AtomicBoolean();
        return ex -> {
            if (ex.seq() == stopAt && stopped.compareAndSet(false, true)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
                Thread.ofPlatform().start(() -> {
                    server.stop();
                    down.countDown();
                });
            }
            base.execute(ex);
        };
    }

    private static BsonDocument doc(long seq) {
        return new BsonDocument("_id", new org.bson.BsonString("r:" + seq)).append("seq", new org.bson.BsonInt64(seq));
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<Long> intersection(Set<Long> a, Set<Long> b) {
        Set<Long> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    /** The seqs of the run's documents in MongoDB; fails on a seq stored twice. */
    private Set<Long> storedSeqs(String runId) {
        try (MongoClient c = MongoClients.create(server.uri())) {
            Set<Long> seqs = new HashSet<>();
            Await.all(c.getDatabase("bench").getCollection("requests", BsonDocument.class)
                            .find(new Document("run_id", runId)), Duration.ofSeconds(60))
                    .forEach(d -> assertThat(seqs.add(d.getNumber("seq").longValue())).as("seq stored twice").isTrue());
            return seqs;
        }
    }

    /** The seqs of the run's request documents in its spill file; fails on a seq spilled twice. */
    private static Set<Long> spilledSeqs(Path runDir) throws IOException {
        Set<Long> seqs = new HashSet<>();
        if (Files.isRegularFile(runDir.resolve(SpillFile.FILE_NAME))) {
            SpillFile.read(runDir.resolve(SpillFile.FILE_NAME), (collection, d) -> {
                if (collection.equals(MongoResults.REQUESTS)) {
                    assertThat(seqs.add(d.getNumber("seq").longValue())).as("seq spilled twice").isTrue();
                }
            });
        }
        return seqs;
    }

    /** What a run left behind: its result, the store's outcome, and the seqs in MongoDB and in the spill file. */
    private record Stored(RunResult result, StoreOutcome outcome, Set<Long> inMongo, Set<Long> inSpill) {
    }

    /**
     * Runs {@code requests} through {@code sink} while the server stops ({@code down}), stores the run, then
     * restarts the server and reads back which seqs MongoDB and the spill file hold.
     */
    private Stored runStoreAndRestart(MongoResults db, String runId, Path runDir, int requests, int workers,
                                      Target target, MongoRequestSink sink, CountDownLatch down) throws Exception {
        RunResult result = FakeRun.run(out, runId, "acme", requests, workers, target, List.of(sink));
        down.await();
        StoreOutcome outcome = db.store(result, runDir);
        db.close();
        server.restart();
        return new Stored(result, outcome, storedSeqs(runId), spilledSeqs(runDir));
    }

}
