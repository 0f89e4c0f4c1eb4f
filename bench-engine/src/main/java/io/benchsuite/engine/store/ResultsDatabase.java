package io.benchsuite.engine.store;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.result.RunResult;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.mongo.MongoResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The MongoDB side of one run, as {@code bench run} and {@code @LoadTest} use it: opened before the load (so a
 * malformed URI fails before any request is sent), a request-log sink for the run, then the run document after
 * it. The run's local files are written by the run itself, always; without a database this adds nothing to them.
 *
 * <pre>{@code
 * try (ResultsDatabase db = ResultsDatabase.open(Optional.of(uri), System.err::println)) {
 *     List<RequestLogSink> sinks = db.sinks(runId, runDir, RequestLogMode.of(config), List.of());
 *     ... run the load with the sinks, write result.json ...
 *     db.store(result, runDir).ifPresent(outcome -> System.out.println(outcome.message()));
 * }
 * }</pre>
 *
 * An unreachable database never fails the run: its documents are kept in the run directory for {@code bench sync}
 * ({@link MongoResults#open(StoreSettings, Consumer)}).
 */
public final class ResultsDatabase implements AutoCloseable {

    private final Optional<MongoResults> db;

    private ResultsDatabase(Optional<MongoResults> db) {
        this.db = db;
    }

    /**
     * The database of {@code bench run}: {@code explicitUri} ({@code --mongodb-uri}), else {@code MONGODB_URI},
     * else the default {@value StoreSettings#DEFAULT_URI} when a server answers there (see {@link StoreSettings}).
     *
     * @param notices where the one-line notices go (no server at the default URI, database unreachable)
     * @throws ConfigException when the URI or the database name is malformed
     */
    public static ResultsDatabase open(Optional<String> explicitUri, Consumer<String> notices) {
        return open(() -> StoreSettings.fromEnvironment(explicitUri), notices);
    }

    /**
     * The database of a load test: only when a URI is configured. Unlike {@code bench run}, a load test never
     * probes the default URI: a unit-test run should not wait for a database nobody asked for.
     *
     * @param uri      the configured URI, or null for none (then there is no database, and nothing is said)
     * @param database the database name, or null for {@value StoreSettings#DEFAULT_DATABASE}
     * @param notices  where the one-line notices go (database unreachable)
     * @throws ConfigException when the URI or the database name is malformed
     */
    public static ResultsDatabase openIfConfigured(String uri, String database, Consumer<String> notices) {
        if (uri == null) {
            return new ResultsDatabase(Optional.empty());
        }
        return open(() -> StoreSettings.of(uri, database == null ? StoreSettings.DEFAULT_DATABASE : database),
                notices);
    }

    private static ResultsDatabase open(Supplier<StoreSettings> settings, Consumer<String> notices) {
        try {
            return new ResultsDatabase(MongoResults.open(settings.get(), notices));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** {@code extra}, plus the database's request-log sink of run {@code runId} when there is a database. */
    public List<RequestLogSink> sinks(String runId, Path runDir, RequestLogMode mode, List<RequestLogSink> extra) {
        List<RequestLogSink> all = new ArrayList<>(extra);
        db.ifPresent(m -> all.add(m.requestSink(runId, runDir, mode)));
        return all;
    }

    /** Stores the run document (after the load); what became of it, or empty when there is no database. */
    public Optional<StoreOutcome> store(RunResult result, Path runDir) {
        return db.map(m -> m.store(result, runDir));
    }

    /**
     * Uploads the spill files earlier runs left in {@code resultsDir} ({@link MongoResults#syncPending(Path)});
     * empty when there is no database.
     */
    public Optional<MongoResults.SyncReport> syncPending(Path resultsDir) {
        return db.map(m -> m.syncPending(resultsDir));
    }

    @Override
    public void close() {
        db.ifPresent(MongoResults::close);
    }
}
