package io.benchsuite.engine.store;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The results database of one run or command, as {@code bench run}, {@code bench sync}, {@code bench analyze} and
 * {@code @LoadTest} use it: opened before the load (so a malformed URI fails before any request is sent), a
 * request-log sink for the run, then the run document after it. The run's local files are written by the run
 * itself, always; without a database this adds nothing to them.
 *
 * <pre>{@code
 * try (ResultsDatabase db = ResultsDatabase.open(Optional.of(uri), System.err::println)) {
 *     List<RequestLogSink> sinks = db.sinks(runId, runDir, RequestLogMode.of(config), List.of());
 *     ... run the load with the sinks, write result.json ...
 *     db.store(result, runDir).ifPresent(outcome -> System.out.println(outcome.message()));
 * }
 * }</pre>
 *
 * The database itself comes from a {@link ResultStoreProvider} on the class path ({@code bench-store-mongo} for
 * MongoDB, which the CLI includes). A database that was asked for (a URI configured) but whose module is absent
 * is a configuration error naming the module; one that was only probed for is skipped without a word. An
 * unreachable database never fails the run: its documents are kept in the run directory for {@code bench sync}.
 */
public final class ResultsDatabase implements AutoCloseable {

    /** The Maven coordinates of the MongoDB store, for messages. */
    public static final String MONGO_MODULE = "io.benchsuite:bench-store-mongo";

    private final Optional<ResultStore> db;
    private final boolean owner;

    private ResultsDatabase(Optional<ResultStore> db) {
        this(db, true);
    }

    private ResultsDatabase(Optional<ResultStore> db, boolean owner) {
        this.db = db;
        this.owner = owner;
    }

    /**
     * The same database for one run of several (the repetitions of {@code repeat: n}): closing it leaves this one
     * open.
     */
    public ResultsDatabase borrowed() {
        return new ResultsDatabase(db, false);
    }

    /** No database: every method is a no-op. */
    public static ResultsDatabase none() {
        return new ResultsDatabase(Optional.empty());
    }

    /**
     * The database of {@code bench run}: {@code explicitUri} ({@code --mongodb-uri}), else {@code MONGODB_URI},
     * else the default {@value StoreSettings#DEFAULT_URI} when a server answers there (see {@link StoreSettings}).
     *
     * @param notices where the one-line notices go (no server at the default URI, database unreachable)
     * @throws ConfigException when the URI or the database name is malformed, or no module serves a configured URI
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
     * @throws ConfigException when the URI or the database name is malformed, or no module serves it
     */
    public static ResultsDatabase openIfConfigured(String uri, String database, Consumer<String> notices) {
        if (uri == null) {
            return none();
        }
        return open(() -> StoreSettings.of(uri, database == null ? StoreSettings.DEFAULT_DATABASE : database),
                notices);
    }

    /** The database of {@code settings}, found among the providers on the class path. */
    public static ResultsDatabase open(StoreSettings settings, Consumer<String> notices) {
        return open(() -> settings, notices);
    }

    private static ResultsDatabase open(Supplier<StoreSettings> settings, Consumer<String> notices) {
        StoreSettings s;
        try {
            s = settings.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        for (ResultStoreProvider p : ServiceLoader.load(ResultStoreProvider.class,
                ResultsDatabase.class.getClassLoader())) {
            if (p.accepts(s)) {
                try {
                    return new ResultsDatabase(p.open(s, notices));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
            }
        }
        if (!s.configured()) {
            return none(); // only the default was to be tried, and nothing here could store there
        }
        throw new ConfigException("MongoDB is configured (" + s.displayUri() + ", from " + StoreSettings.URI_ENV
                + ", --mongodb-uri or " + StoreSettings.JUNIT_URI_PARAMETER + ") but the MongoDB store is not on the "
                + "class path: add the dependency " + MONGO_MODULE + " to store results in MongoDB, or unset the URI "
                + "to keep them in local files only");
    }

    /** Whether there is a database, and it is connected. */
    public boolean online() {
        return db.map(ResultStore::online).orElse(false);
    }

    /** Where the documents go, safe to print; empty without a database. */
    public Optional<String> description() {
        return db.map(ResultStore::description);
    }

    /** {@code extra}, plus the database's request-log sink of run {@code runId} when there is a database. */
    public List<RequestLogSink> sinks(String runId, Path runDir, RequestLogMode mode, List<RequestLogSink> extra) {
        List<RequestLogSink> all = new ArrayList<>(extra);
        db.ifPresent(m -> all.add(m.requestSink(runId, runDir, mode)));
        return all;
    }

    /** Stores the run document (after the load); what became of it, or empty when there is no database. */
    public Optional<StoreOutcome> store(RunResult result, Path runDir) {
        return store(result, runDir, () -> false);
    }

    /**
     * Stores the run document (after the load and {@code result.json}); {@code stopNow} (a second Ctrl-C) stops the
     * waiting for the database and keeps what is pending in the run directory. Empty when there is no database.
     */
    public Optional<StoreOutcome> store(RunResult result, Path runDir, java.util.function.BooleanSupplier stopNow) {
        return db.map(m -> m.store(result, runDir, stopNow));
    }

    /**
     * Uploads the spill files earlier runs left in {@code resultsDir} ({@link ResultStore#syncPending(Path)});
     * empty when there is no database.
     */
    public Optional<SyncReport> syncPending(Path resultsDir) {
        return db.map(m -> m.syncPending(resultsDir));
    }

    /**
     * The barrier at which the shards of a distributed run agree on their start, when the database is online;
     * empty otherwise.
     */
    public Optional<ShardBarrier> barrier() {
        return db.filter(ResultStore::online).map(ShardBarrier::new);
    }

    /**
     * The stored results of the shards of run {@code runId} ({@link ResultStore#shardResults}), when the database is
     * online; empty otherwise.
     */
    public Optional<List<com.fasterxml.jackson.databind.node.ObjectNode>> shardResults(String runId) {
        return db.filter(ResultStore::online).map(m -> m.shardResults(runId));
    }

    /** The stored runs, when the database is online; empty otherwise. */
    public Optional<RunSource> source() {
        return db.filter(ResultStore::online).map(ResultStore::source);
    }

    /** The baselines of the database when it is online and keeps them; empty otherwise. */
    public Optional<Baselines> baselines() {
        return db.filter(ResultStore::online).flatMap(ResultStore::baselines);
    }

    @Override
    public void close() {
        if (owner) {
            db.ifPresent(ResultStore::close);
        }
    }
}
