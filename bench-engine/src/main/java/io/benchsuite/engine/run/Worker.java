package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;

/**
 * One closed-loop worker's path through a request: {@link #begin()} before it, {@link #finish()} after it,
 * {@link #end()} after the last. Run by a thread of its own ({@link ThreadWorkers}) or by the target's event
 * loop ({@link LoopWorkers}), one request at a time, so its state needs no synchronization.
 *
 * <p>Implementation notes: this is the hot path. Per request: a volatile read (is the load stopping), one
 * atomic increment (the sequence), a volatile read and an array read (the level and its bucket), wait-free
 * recording ({@link Bucket#record}) and a column write into the worker's own {@link RequestBatch}. No lock, no
 * allocation (a full batch is swapped for a recycled one; a failure's sample is taken only for the first
 * requests of its class, see {@link ErrorSampler}), no call through an interface besides the target's own. The
 * request cap and the stop are the only things that reach the controller.
 */
final class Worker {

    /** The error sample of a request the run stopped while it was in flight. */
    static final String INTERRUPTED = "interrupted: the run stopped while in flight";

    final Exchange ex = new Exchange();
    private final Workers run;
    private RequestBatch batch;
    private Bucket current;
    private WorkerRecorders recorders;

    Worker(Workers run) {
        this.run = run;
        this.batch = run.log.newBatch();
    }

    /** Prepares the exchange for the next request; false when the load stops (or the request cap is reached). */
    boolean begin() {
        Workers r = run;
        if (r.controller.stopping()) {
            return false;
        }
        long seq = r.seq.getAndIncrement();
        if (r.cap > 0 && seq >= r.cap) {
            r.seq.decrementAndGet();
            r.controller.stopFromWorker();
            return false;
        }
        start(r, seq, r.levels.current());
        return true;
    }

    /**
     * Open model: prepares the exchange for request {@code seq}, due at {@code intendedNanos}
     * ({@link System#nanoTime()}) at rate level {@code level}. The dispatcher decided it runs: no stop or cap check.
     */
    void beginAt(long seq, int level, long intendedNanos) {
        start(run, seq, level);
        ex.intendedStart(intendedNanos);
    }

    /** Counts request {@code seq} as started in the bucket of {@code level}; resets {@link #ex} for it. */
    private void start(Workers r, long seq, int level) {
        Bucket bucket = r.levels.bucket(level);
        if (bucket != current) {
            current = bucket;
            recorders = bucket.join();
        }
        bucket.started.increment();
        ex.reset(r.dataset.get(seq), seq, level, r.timeoutNanos, recorders.itlSink);
    }

    /**
     * Records the request that just ended: its latency from when it was due (its intended start in the open model,
     * its send in the closed one) and, in the open model, its service time from its send. The timeout is the
     * server's: it applies to the service time.
     */
    void finish() {
        Workers r = run;
        long endNanos = ex.endNanos() != 0 ? ex.endNanos() : System.nanoTime();
        long service = endNanos - ex.startNanos();
        long latency = endNanos - ex.intendedStartNanos();
        if (!ex.failed() && service > r.timeoutNanos) {
            ex.failure(ErrorClass.TIMEOUT, ex.status(), "request took longer than the timeout");
        } else if (ex.failed() && r.stoppedAtOnce && ex.error().kind() != ErrorClass.Kind.HTTP) {
            // whatever the target saw (a closed socket, a cancelled call), the run stopped it; a response the
            // server sent (http_503) stays what it is
            ex.failure(r.interruptedClass(), ex.status(), INTERRUPTED);
        }
        current.record(ex, latency, r.open ? service : -1, recorders);
        if (ex.failed()) {
            r.sampler.sample(ex);
        }
        if (batch.add(ex, r.controller.requestEpochNanos(), latency)) {
            batch = handOver(batch);
        }
    }

    /** After the worker's last request: hands over its log batch and lets the target release what it attached. */
    void end() {
        handOver(batch);
        try {
            run.target.workerStopped(ex);
        } catch (RuntimeException ignored) {
            // a target's clean-up failure must not lose the measurements; close() releases the rest
        }
    }

    /**
     * Hands a full batch to the log writer and returns an empty one: never waiting on an event loop (its other
     * requests would count the wait), waiting when the writer is full on threads.
     */
    private RequestBatch handOver(RequestBatch full) {
        return run.logWithoutWaiting ? run.log.submitNoWait(full) : run.log.submit(full);
    }
}
