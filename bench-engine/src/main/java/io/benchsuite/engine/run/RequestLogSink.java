package io.benchsuite.engine.run;

/**
 * Receives the per-request log of a run, in batches, on the run's log-writer thread (never on a worker).
 * A sink that falls behind must buffer or spill on its own; it must not block for long.
 */
public interface RequestLogSink extends AutoCloseable {

    /** Called with each batch; the batch is reused after this returns. */
    void accept(RequestBatch batch) throws Exception;

    /**
     * Called about once a second on the log-writer thread: push what was accepted so far to the storage, so an
     * abrupt end of the process loses little. Must not block for long.
     */
    default void flush() throws Exception {
    }

    /** Called once after the last batch. */
    @Override
    default void close() throws Exception {
    }
}
