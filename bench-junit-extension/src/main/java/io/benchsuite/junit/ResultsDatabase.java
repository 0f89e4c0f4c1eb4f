package io.benchsuite.junit;

import io.benchsuite.engine.result.RunResult;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.store.mongo.MongoResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The MongoDB results database of a load test, when one is configured ({@value LoadTest#MONGODB_URI_PROPERTY}
 * or {@code MONGODB_URI}). Unlike {@code bench run}, a load test never probes the default
 * {@code mongodb://localhost:27017}: a unit-test run should not wait for a database nobody asked for.
 * An unreachable database never fails the test: the documents are kept in the run directory for
 * {@code bench sync}, as with the CLI.
 */
final class ResultsDatabase implements AutoCloseable {

    private final MongoResults db;
    private final PrintStream err;
    private final String prefix;

    private ResultsDatabase(MongoResults db, PrintStream err, String prefix) {
        this.db = db;
        this.err = err;
        this.prefix = prefix;
    }

    /** Connects when a URI is configured, else returns null. Malformed settings throw via {@code error}. */
    static ResultsDatabase open(LoadSettings settings, String testName, PrintStream err,
                                Function<String, ? extends RuntimeException> error) {
        if (settings.mongodbUri() == null) {
            return null;
        }
        String prefix = "[benchsuite " + testName + "] ";
        StoreSettings store;
        try {
            store = StoreSettings.of(settings.mongodbUri(), settings.databaseName() == null
                    ? StoreSettings.DEFAULT_DATABASE : settings.databaseName());
            return MongoResults.open(store, line -> err.println(prefix + line))
                    .map(db -> new ResultsDatabase(db, err, prefix)).orElse(null);
        } catch (IllegalArgumentException e) {
            throw error.apply(e.getMessage());
        }
    }

    /** The database's request-log sink of run {@code runId}, as a list to hand to the engine. */
    List<RequestLogSink> sinks(String runId, Path runDir, RequestLogMode mode) {
        List<RequestLogSink> sinks = new ArrayList<>();
        sinks.add(db.requestSink(runId, runDir, mode));
        return sinks;
    }

    /** Stores the run document and says where it went (one line). */
    void store(RunResult result, Path runDir) {
        StoreOutcome outcome = db.store(result, runDir);
        err.println(prefix + outcome.message());
    }

    @Override
    public void close() {
        db.close();
    }
}
