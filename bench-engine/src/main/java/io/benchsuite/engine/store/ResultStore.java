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
     * The request-log sink of run {@code runId}, passed to the engine; its {@code close()} waits for outstanding
     * writes.
     *
     * @param runDir the run's directory, where documents that could not be sent are kept
     * @param mode   which requests to store ({@code request_log})
     */
    RequestLogSink requestSink(String runId, Path runDir, RequestLogMode mode);

    /** Stores the run document (after the load); what became of it, with one line for the user. */
    StoreOutcome store(RunResult result, Path runDir);

    /** Uploads what earlier runs left in the run directories under {@code resultsDir}. */
    SyncReport syncPending(Path resultsDir);

    /** The stored runs, for {@code bench analyze}; requires {@link #online()}. */
    RunSource source();

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
