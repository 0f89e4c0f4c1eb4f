package io.benchsuite.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.store.mongo.MongoResults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Test fixtures: an in-process MongoDB, runs of a fake target saved to files and (optionally) to MongoDB. */
final class StoredRuns {

    /** A MongoDB wire-protocol server on 127.0.0.1 whose data survives {@link #stop()} / {@link #restart()}. */
    static final class Mongo implements AutoCloseable {
        private final MemoryBackend backend = new MemoryBackend() {
            @Override
            public void close() {
                // kept for a restart
            }
        };
        private MongoServer server = new MongoServer(backend);
        final int port;

        Mongo() {
            server.bind("127.0.0.1", 0);
            port = server.getLocalAddress().getPort();
        }

        String uri() {
            return "mongodb://127.0.0.1:" + port;
        }

        void stop() {
            server.shutdownNow();
            server = null;
        }

        void restart() {
            server = new MongoServer(backend);
            server.bind("127.0.0.1", port);
        }

        @Override
        public void close() {
            if (server != null) {
                server.shutdownNow();
            }
        }
    }

    /** Fails every {@code failEvery}-th request (0: never); each request takes about {@code micros}. */
    static Target target(long micros, int failEvery) {
        return ex -> {
            LockSupport.parkNanos(micros * 1000);
            if (failEvery > 0 && ex.seq() % failEvery == 1) {
                ex.failure("http_503", 503, "unavailable");
            } else {
                ex.success(200);
            }
        };
    }

    /** Runs {@code requests} requests with 1 → 3 workers, writes the files, and stores them in {@code mongo}. */
    static RunResult run(Path out, String runId, String orgId, long requests, Target target, Mongo mongo)
            throws Exception {
        RunFiles files = RunFiles.create(out, runId);
        MongoResults db = mongo == null ? null
                : MongoResults.open(StoreSettings.of(mongo.uri(), "benchmarking"), l -> { }).orElseThrow();
        try (RequestLogFile log = new RequestLogFile(files.requestLog())) {
            RunSpec.Builder spec = RunSpec.builder(target, new LoadPlan(1, 3, true, Duration.ofMillis(600),
                            Duration.ofSeconds(30), Duration.ofMillis(30_600), requests))
                    .withRunId(runId).withOrgId(orgId).withName("orders " + runId).withBenchmarkType("system_api")
                    .withTargetDescription("POST http://127.0.0.1/orders")
                    .withRedactedConfig(JsonNodeFactory.instance.objectNode().put("org_id", orgId))
                    .withRequestLog(log);
            if (db != null) {
                spec.withRequestLog(db.requestSink(runId, files.dir(), RequestLogMode.ALL));
            }
            RunResult result = LoadEngine.run(spec.build());
            ResultJson.write(result, files.resultFile());
            if (db != null && !db.store(result, files.dir()).stored()) {
                throw new IllegalStateException("fixture run " + runId + " was not stored");
            }
            return result;
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    /** What one command line printed. */
    record Cli(int code, String out, String err) {
    }

    static Cli bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    private StoredRuns() {
    }
}
