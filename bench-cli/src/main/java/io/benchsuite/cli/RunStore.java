package io.benchsuite.cli;

import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.SyncReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MongoDB side of {@code bench run}, as the CLI shows it: the {@link ResultsDatabase} of the run (a bad URI
 * fails before the load), "stored in MongoDB" on standard output, problems on standard error, then an upload of the
 * spill files earlier runs left in the results directory.
 */
final class RunStore {

    private RunStore() {
    }

    /** Connects (or notes in one line that there is no database). */
    static ResultsDatabase open(Optional<String> mongodbUri, PrintWriter err) {
        return ResultsDatabase.open(mongodbUri, line -> err.println("bench: " + line));
    }

    /** Prints where the run document went, and uploads spill files left by earlier runs. */
    static void finish(Optional<StoreOutcome> outcome, ResultsDatabase db, Path outDir, PrintWriter out,
                       PrintWriter err) {
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

}
