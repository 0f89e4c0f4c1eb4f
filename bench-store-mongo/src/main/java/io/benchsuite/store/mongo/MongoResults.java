package io.benchsuite.store.mongo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.ResultStore;
import io.benchsuite.engine.store.ShardRegistration;
import io.benchsuite.engine.store.SyncReport;
import io.benchsuite.result.source.RunSource;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * The MongoDB results store: collections {@code runs} (one document per run, the shape of {@code result.json}
 * plus {@code _id}) and {@code requests} (the per-request log, {@code _id = run_id:seq}); for distributed runs
 * {@code shards} (one document per shard's result, {@code _id = <run_id>.shard-<i>}; its request documents are
 * filed under that key too, so shards never overwrite each other) and {@code shard_barrier} (the shards' start
 * barrier). See {@code docs/storage.md}.
 *
 * <pre>{@code
 * Optional<MongoResults> db = MongoResults.open(StoreSettings.fromEnvironment(cliUri), System.err::println);
 * List<RequestLogSink> sinks = db.map(m -> List.of(m.requestSink(runId, runDir, RequestLogMode.of(config))))
 *         .orElse(List.of());
 * ... run the load with the sinks, write result.json ...
 * db.ifPresent(m -> { System.out.println(m.store(result, runDir).message());
 *                     m.syncPending(outDir); m.close(); });
 * }</pre>
 *
 * <p>Nothing here waits on the database while the load runs: request documents are sent by a background thread
 * and spilled to {@code <run dir>/mongo-spill.jsonl} when the database falls behind or goes away. A run document
 * is inserted only when all of its request documents were acknowledged, so a run found in {@code runs} always
 * has its complete request log; otherwise it is spilled too, and {@link #syncPending(Path)} (run by
 * {@code bench sync} and after every {@code bench run}) uploads spill files without duplicates.
 */
public final class MongoResults implements ResultStore {

    static final int DUPLICATE_KEY = 11000;
    static final String RUNS = "runs";
    static final String REQUESTS = "requests";
    static final String SHARDS = "shards";
    static final String BARRIER = "shard_barrier";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final StoreSettings settings;
    private final MongoClient client;
    private final MongoCollection<BsonDocument> runs;
    private final MongoCollection<BsonDocument> requests;
    private final MongoCollection<BsonDocument> shards;
    private final MongoCollection<BsonDocument> barrier;
    private final Consumer<String> notices;
    private final String unavailable;
    private final Map<String, MongoRequestSink> sinks = new ConcurrentHashMap<>();
    private final MongoBaselines baselines;

    private MongoResults(StoreSettings settings, MongoClient client, Consumer<String> notices, String unavailable) {
        this.settings = settings;
        this.client = client;
        this.notices = notices;
        this.unavailable = unavailable;
        if (client != null) {
            MongoDatabase db = client.getDatabase(settings.database());
            this.runs = db.getCollection(RUNS, BsonDocument.class);
            this.requests = db.getCollection(REQUESTS, BsonDocument.class);
            this.shards = db.getCollection(SHARDS, BsonDocument.class);
            this.barrier = db.getCollection(BARRIER, BsonDocument.class);
            this.baselines = new MongoBaselines(db.getCollection(MongoBaselines.COLLECTION, BsonDocument.class),
                    description());
        } else {
            this.runs = null;
            this.requests = null;
            this.shards = null;
            this.barrier = null;
            this.baselines = null;
        }
    }

    /** {@link #open(StoreSettings, Consumer)} reporting on standard error. */
    public static Optional<MongoResults> open(StoreSettings settings) {
        return open(settings, System.err::println);
    }

    /**
     * Connects and creates the indexes.
     *
     * <ul>
     *   <li>Not configured ({@link StoreSettings#configured()} false) and no server at the default URI within
     *       {@link StoreSettings#PROBE_TIMEOUT}: one line to {@code notices}, and empty: results stay in local
     *       files only.</li>
     *   <li>Configured but unreachable: one line to {@code notices}, and an offline store that keeps every
     *       document in the run directories for {@code bench sync}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI is malformed (the message is safe to print)
     */
    public static Optional<MongoResults> open(StoreSettings settings, Consumer<String> notices) {
        if (!settings.configured() && !defaultPortAnswers()) {
            // nothing listens on localhost:27017: learnt in milliseconds, without starting a driver that would
            // wait out its server-selection timeout (1.6 s of start-up, measured in docs/performance.md)
            notices.accept("MongoDB: no server at " + settings.displayUri() + "; results are kept in local "
                    + "files only (set MONGODB_URI or --mongodb-uri to store them in MongoDB)");
            return Optional.empty();
        }
        quietDriverLogging();
        MongoClient client = connect(settings);
        MongoDatabase db = client.getDatabase(settings.database());
        try {
            Await.all(db.runCommand(new BsonDocument("ping", new BsonInt32(1))),
                    settings.serverSelectionTimeout().plusSeconds(5));
        } catch (RuntimeException e) {
            client.close();
            if (!settings.configured()) {
                notices.accept("MongoDB: no server at " + settings.displayUri() + "; results are kept in local "
                        + "files only (set MONGODB_URI or --mongodb-uri to store them in MongoDB)");
                return Optional.empty();
            }
            String why = describe(e, settings);
            notices.accept("MongoDB unavailable at " + settings.displayUri() + ": " + why + "; results are kept "
                    + "in the run directory and uploaded by bench sync");
            return Optional.of(new MongoResults(settings, null, notices, why));
        }
        MongoResults store = new MongoResults(settings, client, notices, null);
        store.createIndexes();
        return Optional.of(store);
    }

    /** Whether something accepts TCP connections on the default MongoDB address (localhost:27017). */
    private static boolean defaultPortAnswers() {
        java.net.InetAddress[] addresses;
        try {
            addresses = java.net.InetAddress.getAllByName("localhost");
        } catch (java.io.IOException e) {
            addresses = new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
        }
        for (java.net.InetAddress address : addresses) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address, 27017), 200);
                return true;
            } catch (java.io.IOException e) {
                // try the next address
            }
        }
        return false;
    }

    private static MongoClient connect(StoreSettings settings) {
        ConnectionString cs;
        try {
            cs = new ConnectionString(settings.uri());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("MongoDB URI \"" + settings.displayUri() + "\" is not valid ("
                    + describe(e, settings) + "); use e.g. " + StoreSettings.DEFAULT_URI);
        }
        long selectMs = settings.serverSelectionTimeout().toMillis();
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(selectMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) Math.max(1000, selectMs), TimeUnit.MILLISECONDS)
                        .readTimeout((int) WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .build());
    }

    private void createIndexes() {
        try {
            Await.all(runs.createIndex(Indexes.ascending("run_id"), new IndexOptions().unique(true)
                    .name("run_id_unique")), WRITE_TIMEOUT);
            Await.all(runs.createIndex(Indexes.compoundIndex(Indexes.ascending("org_id"),
                    Indexes.descending("started_at")), new IndexOptions().name("org_id_started_at")), WRITE_TIMEOUT);
            Await.all(runs.createIndex(Indexes.descending("started_at"), new IndexOptions().name("started_at")),
                    WRITE_TIMEOUT);
            Await.all(requests.createIndex(Indexes.compoundIndex(Indexes.ascending("run_id"),
                    Indexes.ascending("seq")), new IndexOptions().unique(true).name("run_id_seq")), WRITE_TIMEOUT);
            Await.all(shards.createIndex(Indexes.ascending("run_id"), new IndexOptions().name("run_id")),
                    WRITE_TIMEOUT);
            Await.all(barrier.createIndex(Indexes.ascending("run_id"), new IndexOptions().name("run_id")),
                    WRITE_TIMEOUT);
            Await.all(runs.createIndex(Indexes.ascending("repetition.group"), new IndexOptions().sparse(true)
                    .name("repetition_group")), WRITE_TIMEOUT);
            baselines.createIndex();
        } catch (RuntimeException e) {
            notices.accept("MongoDB: could not create the indexes of " + settings.database() + " ("
                    + describe(e, settings) + "); storing goes on, queries may be slow");
        }
    }

    /** True when connected; false when the database was configured but unreachable at {@link #open}. */
    @Override
    public boolean online() {
        return client != null;
    }

    /** Where the documents go, safe to print: {@code mongodb://host:27017 database benchmarking}. */
    @Override
    public String description() {
        return settings.displayUri() + " database " + settings.database();
    }

    /**
     * The request-log sink of run {@code runId}, to pass to the engine ({@code RunSpec.withRequestLog}). Its
     * {@code close()} (called by the engine after the last batch) waits for the outstanding inserts.
     *
     * @param runDir the run's directory, where the spill file goes
     * @param mode   which requests to store (config key {@code request_log})
     */
    @Override
    public RequestLogSink requestSink(String runId, Path runDir, RequestLogMode mode) {
        MongoRequestSink sink = new MongoRequestSink(runId, mode, requests, new SpillFile(runDir), notices,
                unavailable, e -> describe(e, settings));
        sinks.put(runId, sink);
        return sink;
    }

    /**
     * Stores the run document of {@code result} (after the run, with its request sink closed). The run document
     * is inserted only when every request document was acknowledged; otherwise it goes to the spill file too,
     * unless request documents could be written neither to MongoDB nor to the spill file (then the run is not
     * stored at all: MongoDB would hold it with an incomplete request log).
     *
     * <p>The line for the user counts the run's request documents exactly: {@code <s> of <n> request documents
     * kept in <spill file>, the other <a> in MongoDB}, where {@code n} is every request the {@code request_log}
     * mode keeps, and {@code a + s} (plus the lost ones, named when there are any) is {@code n}.
     *
     * @param runDir  where {@code result.json} is, and where the spill file goes
     * @param stopNow true once the user asked to stop at once: stop waiting, keep what is pending in the spill file
     * @return whether it is stored, with one line for the user
     */
    @Override
    public StoreOutcome store(RunResult result, Path runDir, java.util.function.BooleanSupplier stopNow) {
        String key = key(result);
        MongoRequestSink sink = sinks.remove(key);
        if (sink != null) {
            sink.awaitEnd(stopNow);
        }
        BsonDocument doc = runDocument(result);
        String collection = result.shard() == null ? RUNS : SHARDS;
        SpillFile spill = sink != null ? sink.spillFile() : new SpillFile(runDir);
        String why = unavailable != null ? unavailable : sink != null ? sink.failure() : null;
        boolean behind = why == null && sink != null && sink.spilled() + sink.lost() > 0;
        if (why == null && !behind) {
            try {
                Await.all(collection(collection).replaceOne(Filters.eq("_id", key), doc,
                        new ReplaceOptions().upsert(true)), WRITE_TIMEOUT, stopNow);
                long n = sink == null ? 0 : sink.acknowledged();
                return new StoreOutcome(true, "stored in MongoDB (" + description() + "): " + what(result)
                        + (sink == null ? "" : " and " + n + " request document" + (n == 1 ? "" : "s")
                        + " (request_log " + sink.mode() + ")"));
            } catch (RuntimeException e) {
                why = describe(e, settings);
            }
        }
        String head = why != null ? "MongoDB unavailable: " + why : "MongoDB fell behind the request log";
        long kept = sink == null ? 0 : sink.kept();
        long inDb = sink == null ? 0 : sink.acknowledged();
        long spilled = sink == null ? 0 : sink.spilled();
        long lost = sink == null ? 0 : sink.lost();
        String mode = sink == null ? "" : " (request_log " + sink.mode() + ")";
        boolean runKept = lost == 0 && spill.append(collection, List.of(doc));
        spill.close();
        String fix = "; result.json and requests.jsonl.gz in " + runDir + " are complete; free disk space or raise "
                + "the open-file limit (ulimit -n) so that the next runs can be kept";
        if (lost > 0) {
            return new StoreOutcome(false, head + "; " + what(result) + " is not stored in MongoDB: " + lost
                    + " of its " + kept + " request documents" + mode + " could be written neither to MongoDB nor "
                    + "to " + spill.path() + " (" + spill.failure() + "), and a run in MongoDB always has its "
                    + "complete request log; the other " + inDb + " are in MongoDB, " + spilled + " in the spill file"
                    + fix);
        }
        if (!runKept) {
            return new StoreOutcome(false, head + "; " + what(result) + " is not stored in MongoDB and "
                    + "cannot be kept for bench sync: " + spill.path() + " cannot be written (" + spill.failure()
                    + ")" + (kept == 0 ? "" : "; of its " + kept + " request documents" + mode + ", " + inDb
                    + " are in MongoDB and " + spilled + " in the spill file") + fix);
        }
        String requestsPart = kept == 0 ? ""
                : ", " + spilled + " of " + kept + " request documents";
        return new StoreOutcome(false, head + "; " + what(result) + requestsPart + " kept in " + spill.path()
                + (inDb == 0 ? "" : ", the other " + inDb + " in MongoDB") + mode
                + "; result.json and requests.jsonl.gz are complete; run bench sync to upload");
    }

    /**
     * The key of {@code result}'s documents: its run id, or for a shard's result {@code <run_id>.shard-<i>}
     * ({@link io.benchsuite.result.ShardInfo#key}), under which its request sink was opened too.
     */
    private static String key(RunResult result) {
        return result.shard() == null ? result.runId() : result.shard().key(result.runId());
    }

    /** {@code run <id>}, or {@code shard <i>/<n> of run <id>}, for messages. */
    private static String what(RunResult result) {
        return result.shard() == null ? "run " + result.runId()
                : "shard " + result.shard().index() + "/" + result.shard().count() + " of run " + result.runId();
    }

    private MongoCollection<BsonDocument> collection(String name) {
        return switch (name) {
            case RUNS -> runs;
            case SHARDS -> shards;
            default -> throw new IllegalArgumentException("no run documents in collection " + name);
        };
    }

    /**
     * The {@code runs} document of {@code result}: its {@code result.json} fields, with {@code _id = run_id}; for a
     * shard's result the {@code shards} document, {@code _id = <run_id>.shard-<i>}.
     */
    static BsonDocument runDocument(RunResult result) {
        ObjectNode json = ResultJson.mapper().valueToTree(result);
        BsonDocument doc = new BsonDocument("_id", new BsonString(key(result)));
        doc.putAll(BsonJson.toBson(json));
        return doc;
    }

    /**
     * Uploads every {@code <resultsDir>/<run>/mongo-spill.jsonl}: request documents first (inserted unordered,
     * duplicate-key errors mean "already there"), then the run document (upsert). A spill file is deleted only
     * when everything in it is stored.
     */
    @Override
    public SyncReport syncPending(Path resultsDir) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(resultsDir)) {
            try (Stream<Path> dirs = Files.list(resultsDir)) {
                dirs.map(d -> d.resolve(SpillFile.FILE_NAME)).filter(Files::isRegularFile)
                        .filter(MongoResults::notEmptyElseRemoved).sorted().forEach(files::add);
            } catch (IOException e) {
                return new SyncReport(0, 0, 0, List.of(resultsDir + ": cannot list it: " + e.getMessage()));
            }
        }
        if (files.isEmpty()) {
            return new SyncReport(0, 0, 0, List.of());
        }
        if (!online()) {
            return new SyncReport(0, 0, 0, List.of("MongoDB unavailable at " + settings.displayUri() + ": "
                    + unavailable + "; " + files.size() + " spill file(s) left in " + resultsDir));
        }
        int synced = 0;
        long requestDocs = 0;
        long runDocs = 0;
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<BsonDocument> chunk = new ArrayList<>(MongoRequestSink.CHUNK);
            List<Map.Entry<String, BsonDocument>> runDocsOfFile = new ArrayList<>();
            long[] uploaded = {0};
            try {
                SpillFile.read(file, (collection, doc) -> {
                    if (RUNS.equals(collection) || SHARDS.equals(collection)) {
                        runDocsOfFile.add(Map.entry(collection, doc));
                    } else {
                        chunk.add(doc);
                        if (chunk.size() >= MongoRequestSink.CHUNK) {
                            uploaded[0] += insertIgnoringDuplicates(chunk);
                            chunk.clear();
                        }
                    }
                });
                uploaded[0] += insertIgnoringDuplicates(chunk);
                for (Map.Entry<String, BsonDocument> run : runDocsOfFile) {
                    Await.all(collection(run.getKey()).replaceOne(Filters.eq("_id", run.getValue().get("_id")),
                            run.getValue(), new ReplaceOptions().upsert(true)), WRITE_TIMEOUT);
                }
                requestDocs += uploaded[0];
                runDocs += runDocsOfFile.size();
                Files.delete(file);
                synced++;
            } catch (IOException | RuntimeException e) {
                problems.add(file + ": " + (e instanceof IOException ? e.getMessage() : describe(e, settings))
                        + "; kept for the next bench sync");
            }
        }
        return new SyncReport(synced, runDocs, requestDocs, problems);
    }

    /**
     * False for an empty spill file, which is removed: a run that was killed before it spilled anything leaves
     * one (the file is opened before the load), and it has nothing to upload.
     */
    private static boolean notEmptyElseRemoved(Path file) {
        try {
            if (Files.size(file) > 0) {
                return true;
            }
            Files.deleteIfExists(file);
            return false;
        } catch (IOException e) {
            return true; // syncing it reports the problem
        }
    }

    /** Inserts {@code docs}; returns how many are now stored (inserted or already there). */
    private long insertIgnoringDuplicates(List<BsonDocument> docs) {
        if (docs.isEmpty()) {
            return 0;
        }
        try {
            Await.all(requests.insertMany(new ArrayList<>(docs), new InsertManyOptions().ordered(false)),
                    MongoRequestSink.INSERT_TIMEOUT);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError err : e.getWriteErrors()) {
                if (err.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
        return docs.size();
    }

    /** The stored runs, for {@code bench analyze}. Requires {@link #online()}. */
    @Override
    public RunSource source() {
        requireOnline();
        return new MongoRunSource(runs, requests, description());
    }

    /**
     * Registers a shard at the barrier of run {@code runId}: a {@code shard_barrier} document
     * {@code {_id: <run_id>.shard-<i>, run_id, index, count, registered_at}}.
     *
     * @throws IllegalStateException when that shard registered already (a shard runs once per run id)
     */
    @Override
    public void registerShard(String runId, ShardRegistration registration) {
        requireOnline();
        String id = io.benchsuite.result.ShardInfo.key(runId, registration.index());
        BsonDocument doc = new BsonDocument("_id", new BsonString(id))
                .append("run_id", new BsonString(runId))
                .append("index", new BsonInt32(registration.index()))
                .append("count", new BsonInt32(registration.count()))
                .append("registered_at", new BsonString(registration.registeredAt().toString()));
        try {
            Await.all(barrier.insertOne(doc), WRITE_TIMEOUT);
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
            String at = Await.first(barrier.find(Filters.eq("_id", id)).limit(1), WRITE_TIMEOUT)
                    .map(d -> d.getString("registered_at").getValue()).orElse("before");
            throw new IllegalStateException("shard " + registration.index() + " of run " + runId + " registered at "
                    + "the barrier already (at " + at + ", in " + description() + "): a shard runs once per run id; "
                    + "give the new run another benchmark_run_id");
        }
    }

    /** The {@code shard_barrier} documents of run {@code runId}. */
    @Override
    public List<ShardRegistration> shardRegistrations(String runId) {
        requireOnline();
        return Await.all(barrier.find(Filters.eq("run_id", runId)), WRITE_TIMEOUT).stream()
                .map(d -> new ShardRegistration(d.getInt32("index").getValue(), d.getInt32("count").getValue(),
                        java.time.Instant.parse(d.getString("registered_at").getValue())))
                .toList();
    }

    /** The {@code shards} documents of run {@code runId}, as {@code result.json} documents, by shard index. */
    @Override
    public List<ObjectNode> shardResults(String runId) {
        requireOnline();
        return Await.all(shards.find(Filters.eq("run_id", runId)).sort(com.mongodb.client.model.Sorts.ascending(
                "shard.index")), WRITE_TIMEOUT).stream().map(d -> BsonJson.object(d, "_id")).toList();
    }

    private void requireOnline() {
        if (!online()) {
            throw new IllegalStateException("MongoDB unavailable at " + settings.displayUri() + ": " + unavailable);
        }
    }

    /** The baselines, in the collection {@code baselines}. Requires {@link #online()}. */
    @Override
    public Optional<io.benchsuite.engine.store.Baselines> baselines() {
        return Optional.ofNullable(baselines);
    }

    @Override
    public void close() {
        sinks.values().forEach(s -> s.awaitEnd(() -> false));
        sinks.clear();
        if (client != null) {
            client.close();
        }
    }

    /** One line about {@code e}, cut at 200 characters. */
    static String describe(Throwable e) {
        return describe(e, io.benchsuite.engine.config.Secrets.none());
    }

    /** One line about {@code e} that names no credentials of {@code settings}' URI (scrubbed before the cut). */
    static String describe(Throwable e, StoreSettings settings) {
        return describe(e, io.benchsuite.engine.config.Secrets.of(
                io.benchsuite.engine.config.Secrets.inUrl(settings.uri(), java.util.Set.of())));
    }

    private static String describe(Throwable e, io.benchsuite.engine.config.Secrets secrets) {
        if (e instanceof com.mongodb.MongoTimeoutException) {
            return "no server answered in time";
        }
        if (e instanceof com.mongodb.MongoSocketException && e.getCause() != null) {
            return "connection failed (" + describe(e.getCause(), secrets) + ")";
        }
        String msg = e.getMessage() == null ? "" : secrets.scrub(e.getMessage()).lines().findFirst().orElse("");
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    /** The driver logs connection trouble itself; we report it once, in our own words. */
    private static void quietDriverLogging() {
        java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.mongodb.driver");
        if (driver.getLevel() == null) {
            driver.setLevel(java.util.logging.Level.SEVERE);
            DRIVER_LOGGER[0] = driver;
        }
    }

    private static final java.util.logging.Logger[] DRIVER_LOGGER = new java.util.logging.Logger[1];
}
