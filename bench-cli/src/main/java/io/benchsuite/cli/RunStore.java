package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.result.RunResult;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.store.mongo.MongoResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MongoDB side of {@code bench run}: opened before the load (so a bad {@code request_log} or URI fails
 * first), a request-log sink for the run, then the run document and any pending spill files after it.
 * Without a database everything stays in the local files, which are always written.
 */
final class RunStore implements AutoCloseable {

    private final Optional<MongoResults> db;
    private final RequestLogMode mode;
    private final PrintWriter err;

    private RunStore(Optional<MongoResults> db, RequestLogMode mode, PrintWriter err) {
        this.db = db;
        this.mode = mode;
        this.err = err;
    }

    /** Validates {@code request_log} and connects (or notes in one line that there is no database). */
    static RunStore open(Optional<String> mongodbUri, BenchConfig config, PrintWriter err) {
        RequestLogMode mode = RequestLogMode.of(config);
        StoreSettings settings;
        try {
            settings = StoreSettings.fromEnvironment(mongodbUri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Optional<MongoResults> db;
        try {
            db = MongoResults.open(settings, line -> err.println("bench: " + line));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new RunStore(db, mode, err);
    }

    /** {@code extra} plus this run's database sink, if there is a database. */
    List<RequestLogSink> sinks(String runId, Path runDir, List<RequestLogSink> extra) {
        List<RequestLogSink> all = new ArrayList<>(extra);
        db.ifPresent(m -> all.add(m.requestSink(runId, runDir, mode)));
        return all;
    }

    /** Stores the run document, prints where it went, and uploads spill files left by earlier runs. */
    void finish(RunResult result, Path runDir, Path outDir, PrintWriter out) {
        if (db.isEmpty()) {
            return;
        }
        MongoResults m = db.get();
        StoreOutcome outcome = m.store(result, runDir);
        if (outcome.stored()) {
            out.println(outcome.message());
            MongoResults.SyncReport sync = m.syncPending(outDir);
            if (sync.files() > 0 || !sync.complete()) {
                out.println("bench sync: " + sync.message());
            }
        } else {
            err.println("bench: " + outcome.message());
        }
    }

    @Override
    public void close() {
        db.ifPresent(MongoResults::close);
    }
}
