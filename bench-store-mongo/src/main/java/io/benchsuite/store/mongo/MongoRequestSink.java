package io.benchsuite.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.benchsuite.engine.run.RequestBatch;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.RequestLogMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Sends a run's request log to the {@code requests} collection.
 *
 * <p>Implementation notes: {@link #accept} runs on the engine's log-writer thread; it converts the kept
 * entries (see {@link RequestLogMode}) to documents and hands chunks of {@value #CHUNK} to a bounded queue
 * with {@code offer}, never waiting. One sender thread inserts each chunk unordered and waits for the
 * acknowledgement. When the queue is full (the database falls behind) or an insert fails (the database went
 * away), the chunk goes to the spill file instead; after the first failed insert every later chunk is spilled
 * at once. Each of the two conditions is reported once, never per request. Ids are {@code run_id:seq}, so
 * uploading a spilled chunk again later is harmless (duplicate-key errors mean "already stored").
 *
 * <p>Every kept document ends up counted exactly once: {@link #acknowledged()} (in MongoDB), {@link #spilled()}
 * (in the spill file) or {@link #lost()} (neither: the spill file could not be written, reported once); after
 * {@link #awaitEnd} the three add up to {@link #kept()}. {@link #close()} (the engine's, after the last batch) only
 * says no more batches come, without waiting, so that {@code result.json} is never held up by a slow database;
 * {@link #awaitEnd} (when the run is stored) waits for the sender, or stops at once and spills what is pending. The
 * spill file is opened when the sink is created, before
 * the load can use up the file descriptors; a chunk is handed on before anything is written, so a failing write
 * can neither count a chunk twice nor stop the log-writer or sender thread.
 */
final class MongoRequestSink implements RequestLogSink {

    static final int CHUNK = 1000;
    static final int QUEUE_CHUNKS = 32;
    static final Duration INSERT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(2);

    private final String runId;
    private final BsonString runIdValue;
    private final RequestLogMode mode;
    private final MongoCollection<BsonDocument> requests;
    private final SpillFile spill;
    private final Consumer<String> notices;
    private final Function<Throwable, String> describe;
    private final BlockingQueue<List<BsonDocument>> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final Thread sender;
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicBoolean behindReported = new AtomicBoolean();
    private final AtomicBoolean lostReported = new AtomicBoolean();
    private volatile String failure;
    /** No more batches come: the sender ends once the queue is empty. */
    private volatile boolean ending;
    /** Stop at once: the insert in flight gives up (not by an interrupt, which would close the spill file's channel). */
    private volatile boolean stopped;
    private List<BsonDocument> pending = new ArrayList<>(CHUNK);
    private boolean closed;

    /**
     * @param requests the collection, or null when the database is unavailable (everything is spilled)
     * @param failure  why the database is unavailable, when {@code requests} is null
     */
    MongoRequestSink(String runId, RequestLogMode mode, MongoCollection<BsonDocument> requests, SpillFile spill,
                     Consumer<String> notices, String failure, Function<Throwable, String> describe) {
        this.describe = describe;
        this.runId = runId;
        this.runIdValue = new BsonString(runId);
        this.mode = mode;
        this.requests = requests;
        this.spill = spill;
        this.notices = notices;
        this.failure = requests == null ? failure : null;
        this.sender = Thread.ofPlatform().daemon().name("bench-mongo-requests").unstarted(this::send);
        if (mode.kind() != RequestLogMode.Kind.NONE) {
            spill.open(); // now, while file descriptors are left; when it fails, the first spill tries again
            if (requests != null) {
                sender.start();
            }
        }
    }

    @Override
    public void accept(RequestBatch b) {
        for (int i = 0; i < b.size(); i++) {
            if (mode.keeps(b.seq(i), b.success(i))) {
                pending.add(document(b, i));
                if (pending.size() >= CHUNK) {
                    List<BsonDocument> chunk = pending;
                    pending = new ArrayList<>(CHUNK);
                    handOff(chunk);
                }
            }
        }
    }

    private BsonDocument document(RequestBatch b, int i) {
        long seq = b.seq(i);
        BsonDocument d = new BsonDocument()
                .append("_id", new BsonString(runId + ":" + seq))
                .append("run_id", runIdValue)
                .append("seq", new BsonInt64(seq));
        if (b.open()) { // the open model: the level's target rate, the intended start and the service time
            d.append("rate", new BsonDouble(Math.round(b.rate(i) * 1000) / 1000.0))
                    .append("intended_offset_ms", ms(b.intendedOffsetNanos(i)));
        } else {
            d.append("workers", new BsonInt32(b.workers(i)));
        }
        d.append("start_offset_ms", ms(b.startOffsetNanos(i)))
                .append("latency_ms", ms(b.latencyNanos(i)));
        if (b.open()) {
            d.append("service_time_ms", ms(b.serviceNanos(i)));
        }
        d.append("success", BsonBoolean.valueOf(b.success(i)))
                .append("status", new BsonInt32(b.status(i)))
                .append("error", b.error(i) == null ? BsonNull.VALUE : new BsonString(b.error(i)));
        if (b.tokenSource(i) != null) {
            d.append("ttft_ms", ms(b.ttftNanos(i)))
                    .append("tpot_ms", b.tpotNanos(i) < 0 ? BsonNull.VALUE : ms(b.tpotNanos(i)))
                    .append("output_tokens", new BsonInt64(b.outputTokens(i)))
                    .append("input_tokens", b.inputTokens(i) < 0 ? BsonNull.VALUE : new BsonInt64(b.inputTokens(i)))
                    .append("token_source", new BsonString(b.tokenSource(i).name().toLowerCase(Locale.ROOT)))
                    .append("ttfo_ms", b.ttfoNanos(i) < 0 ? BsonNull.VALUE : ms(b.ttfoNanos(i)))
                    .append("reasoning_tokens", new BsonInt64(b.reasoningTokens(i)));
            if (b.cachedTokens(i) >= 0) {
                d.append("cached_tokens", new BsonInt64(b.cachedTokens(i)));
            }
        }
        return d;
    }

    /** Milliseconds rounded to the microsecond, the same value {@code requests.jsonl.gz} holds. */
    private static BsonValue ms(long nanos) {
        return new BsonDouble(Math.round(nanos / 1000.0) / 1000.0);
    }

    private void handOff(List<BsonDocument> chunk) {
        kept.addAndGet(chunk.size());
        if (failure != null || !sender.isAlive()) {
            spill(chunk);
        } else if (!queue.offer(chunk)) {
            if (behindReported.compareAndSet(false, true)) {
                notices.accept("MongoDB is falling behind the request log of run " + runId
                        + "; the load goes on, request documents it cannot take now go to " + spill.path()
                        + " (bench sync uploads them)");
            }
            spill(chunk);
        }
    }

    /** Writes {@code chunk} to the spill file, or counts it lost when the file cannot be written. Never throws. */
    private void spill(List<BsonDocument> chunk) {
        if (spill.append(MongoResults.REQUESTS, chunk)) {
            spilled.addAndGet(chunk.size());
            return;
        }
        lost.addAndGet(chunk.size());
        if (lostReported.compareAndSet(false, true)) {
            notices.accept("MongoDB spill file " + spill.path() + " cannot be written (" + spill.failure()
                    + "); request documents of run " + runId + " that MongoDB cannot take are lost to it "
                    + "(requests.jsonl.gz keeps every request); free disk space or raise the open-file limit "
                    + "(ulimit -n) so that the next runs can keep them");
        }
    }

    private void send() {
        while (true) {
            List<BsonDocument> chunk;
            try {
                chunk = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (chunk == null) {
                if (ending) {
                    return;
                }
                continue;
            }
            if (failure != null) {
                spill(chunk);
                continue;
            }
            try {
                Await.all(requests.insertMany(chunk, new InsertManyOptions().ordered(false)), INSERT_TIMEOUT,
                        () -> stopped);
                acknowledged.addAndGet(chunk.size());
            } catch (MongoBulkWriteException e) {
                List<BsonDocument> failed = new ArrayList<>();
                for (BulkWriteError err : e.getWriteErrors()) {
                    if (err.getCode() != MongoResults.DUPLICATE_KEY) {
                        failed.add(chunk.get(err.getIndex()));
                    }
                }
                acknowledged.addAndGet(chunk.size() - failed.size());
                if (!failed.isEmpty()) {
                    fail(describe.apply(e));
                    spill(failed);
                }
            } catch (RuntimeException e) {
                fail(describe.apply(e));
                spill(chunk);
            }
        }
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
            notices.accept("MongoDB write failed during run " + runId + ": " + why + "; the run goes on, "
                    + "request documents go to " + spill.path() + " (bench sync uploads them)");
        }
    }

    /** After the last batch: hands on what is pending and lets the sender end once it sent it. Never waits. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!pending.isEmpty()) {
            List<BsonDocument> chunk = pending;
            pending = new ArrayList<>();
            handOff(chunk);
        }
        ending = true;
    }

    /**
     * Waits until every handed-on document was acknowledged or spilled (at most {@link #CLOSE_WAIT}, plus the insert
     * in flight), then closes the spill file. As soon as {@code stopNow} is true (a second Ctrl-C), it stops waiting:
     * the insert in flight is abandoned and everything not acknowledged goes to the spill file (its ids make a later
     * upload of a document that did arrive harmless).
     */
    synchronized void awaitEnd(java.util.function.BooleanSupplier stopNow) {
        close();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            while (sender.isAlive()) {
                if (stopNow.getAsBoolean()) {
                    fail("stopped at once (a second interrupt) without waiting for MongoDB");
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("no acknowledgement " + CLOSE_WAIT.toMinutes() + " minutes after the run ended");
                    break;
                }
                sender.join(50);
            }
            if (sender.isAlive()) {
                stopped = true; // the insert in flight gives up and spills its chunk, then the queue is spilled
                sender.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while finishing the upload");
        }
        List<BsonDocument> left = new ArrayList<>();
        for (List<BsonDocument> chunk; (chunk = queue.poll()) != null; ) {
            left.addAll(chunk);
        }
        if (!left.isEmpty()) {
            spill(left);
        }
        spill.close();
    }

    /** Documents selected by the mode and handed on so far (all of them once closed). */
    long kept() {
        return kept.get();
    }

    /** Documents the database acknowledged. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Documents written to the spill file. */
    long spilled() {
        return spilled.get();
    }

    /** Documents neither acknowledged nor in the spill file: the spill file could not be written. */
    long lost() {
        return lost.get();
    }

    /** Why documents were spilled (null when none were because of a failure). */
    String failure() {
        return failure;
    }

    boolean fellBehind() {
        return behindReported.get();
    }

    RequestLogMode mode() {
        return mode;
    }

    SpillFile spillFile() {
        return spill;
    }
}
