package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.SyncReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The MongoDB side of {@code bench run}, as the CLI shows it: the {@link ResultsDatabase} of the run (a bad
 * {@code request_log} or URI fails before the load), "stored in MongoDB" on standard output, problems on standard
 * error, then an upload of the spill files earlier runs left in the results directory.
 */
final class RunStore implements AutoCloseable {

    private final ResultsDatabase db;
    private final RequestLogMode mode;
    private final PrintWriter err;

    private RunStore(ResultsDatabase db, RequestLogMode mode, PrintWriter err) {
        this.db = db;
        this.mode = mode;
        this.err = err;
    }

    /** Validates {@code request_log} and connects (or notes in one line that there is no database). */
    static RunStore open(Optional<String> mongodbUri, BenchConfig config, PrintWriter err) {
        RequestLogMode mode = RequestLogMode.of(config);
        return new RunStore(ResultsDatabase.open(mongodbUri, line -> err.println("bench: " + line)), mode, err);
    }

    /** This run's database sink, if there is a database. */
    List<RequestLogSink> sinks(String runId, Path runDir) {
        return db.sinks(runId, runDir, mode, List.of());
    }

    /** Stores the run document, prints where it went, and uploads spill files left by earlier runs. */
    void finish(RunResult result, Path runDir, Path outDir, PrintWriter out) {
        Optional<StoreOutcome> outcome = db.store(result, runDir);
        if (outcome.isEmpty()) {
            return;
        }
        if (outcome.get().stored()) {
            out.println(outcome.get().message());
            db.syncPending(outDir).filter(sync -> sync.files() > 0 || !sync.complete())
                    .map(SyncReport::message)
                    .ifPresent(message -> out.println("bench sync: " + message));
        } else {
            err.println("bench: " + outcome.get().message());
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
