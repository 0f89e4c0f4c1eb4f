package io.benchsuite.engine.run;

/**
 * Receives the per-request log of a run, in batches, on the run's log-writer thread (never on a worker).
 * A sink that falls behind must buffer or spill on its own; it must not block for long.
 */
public interface RequestLogSink extends AutoCloseable {

    /** Called with each batch; the batch is reused after this returns. */
    void accept(RequestBatch batch) throws Exception;

    /** Called once after the last batch. */
    @Override
    default void close() throws Exception {
    }
}
