package io.benchsuite.engine.store;

import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;

/**
 * A results database (service provider interface): run documents, per-request logs, and the stored runs read
 * back. Implementations come from a {@link ResultStoreProvider} found with {@link java.util.ServiceLoader}
 * ({@code bench-store-mongo} provides MongoDB); callers use {@link ResultsDatabase}.
 *
 * <p>Contract: nothing here may make the load wait. A request sink buffers or spills on its own; a database that
 * went away keeps its documents in the run directory for {@link #syncPending(Path)}.
 */
public interface ResultStore extends AutoCloseable {

    /** True when connected; false when the database was configured but is unreachable (documents are kept locally). */
    boolean online();

    /** Where the documents go, safe to print (no password). */
    String description();

    /**
     * The request-log sink of run {@code runId}, passed to the engine. Its {@code close()} (the engine's, after the
     * last batch) must not wait for the database: the run's {@code result.json} is written after it and must not
     * be held up by a slow database; {@link #store} waits for the outstanding writes.
     *
     * @param runDir the run's directory, where documents that could not be sent are kept
     * @param mode   which requests to store ({@code request_log})
     */
    RequestLogSink requestSink(String runId, Path runDir, RequestLogMode mode);

    /**
     * Stores the run document (after the load and after {@code result.json} was written): waits for the request
     * documents still being sent, then writes the run document; what became of it, with one line for the user. A
     * shard's result (one with a {@code "shard"}) is kept apart from the other shards' and from the merged run,
     * under {@link io.benchsuite.result.ShardInfo#key}, as is its request sink.
     *
     * @param stopNow true once the user asked to stop at once (a second Ctrl-C): stop waiting for the database and
     *                keep what is pending in the run directory for {@code bench sync}
     */
    StoreOutcome store(RunResult result, Path runDir, java.util.function.BooleanSupplier stopNow);

    /** {@link #store(RunResult, Path, java.util.function.BooleanSupplier)}, waiting as long as it takes. */
    default StoreOutcome store(RunResult result, Path runDir) {
        return store(result, runDir, () -> false);
    }

    /** Uploads what earlier runs left in the run directories under {@code resultsDir}. */
    SyncReport syncPending(Path resultsDir);

    /** The stored runs, for {@code bench analyze}; requires {@link #online()}. */
    RunSource source();

    /**
     * Barrier of a distributed run: records that a shard of run {@code runId} is ready ({@link ShardBarrier}).
     * Requires {@link #online()}.
     *
     * @throws IllegalStateException when that shard of that run has registered already (its message names it)
     * @throws UnsupportedOperationException when this database keeps no barrier
     */
    default void registerShard(String runId, ShardRegistration registration) {
        throw new UnsupportedOperationException(description() + " keeps no shard barrier");
    }

    /** Every shard registered so far for run {@code runId} ({@link #registerShard}). Requires {@link #online()}. */
    default java.util.List<ShardRegistration> shardRegistrations(String runId) {
        throw new UnsupportedOperationException(description() + " keeps no shard barrier");
    }

    /**
     * The stored results of the shards of run {@code runId} ({@code result.json} documents, as {@link #store} stored
     * them for results with a {@code "shard"}), for {@code bench merge --run-id}; empty when there are none.
     * Requires {@link #online()}.
     */
    default java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> shardResults(String runId) {
        throw new UnsupportedOperationException(description() + " keeps no shard results");
    }

    /**
     * The baselines kept in this database ({@code bench baseline}), when it keeps them; requires {@link #online()}.
     * Empty by default: the baselines are then kept in the results directory.
     */
    default java.util.Optional<Baselines> baselines() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
