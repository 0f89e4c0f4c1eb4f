package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.WorkerThreads;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workers without a thread, for an {@link EventLoopTarget}: a worker starts a request and the target calls it
 * back on its loop thread when the request ended; the worker records it and starts its next one from that call,
 * so a response can be followed by the next request without a thread switch. A worker's first request is
 * started by the controller. Requests in flight are stopped at once by the target's {@code abortInFlight} alone.
 */
final class LoopWorkers extends Workers {

    private final EventLoopTarget loop;

    LoopWorkers(RunSpec spec, Controller controller, Levels levels, RequestLogWriter log, ErrorSampler sampler) {
        super(spec, controller, levels, log, sampler, true);
        this.loop = (EventLoopTarget) spec.target;
    }

    @Override
    void start(int from, int to) {
        for (int i = from; i < to; i++) {
            workerStarting();
            new LoopWorker(new Worker(this)).next();
        }
    }

    @Override
    void interruptInFlight() {
        // no thread of ours runs a request: the target's abortInFlight ends them
    }

    @Override
    WorkerThreads threads() {
        return WorkerThreads.EVENT_LOOP;
    }

    /**
     * A worker as callbacks: {@link #next()} starts a request, the target calls {@link #requestEnded()} on its own
     * thread, which records it and starts the next. The target may end a request before {@code start} returned
     * (a refused connection); the hand-over state says who records it, and makes the exchange safe to pass between
     * the starting thread and the target's thread.
     */
    private final class LoopWorker {
        private static final int STARTING = 0;
        private static final int PENDING = 1;
        private static final int ENDED_EARLY = 2;

        private final Worker worker;
        private final AtomicInteger handOver = new AtomicInteger();
        private final Runnable done = this::requestEnded;

        LoopWorker(Worker worker) {
            this.worker = worker;
        }

        /**
         * Starts the next request. A request the target ended before {@code start} returned is recorded here, in a
         * loop, rather than from inside {@code start} (no recursion).
         */
        void next() {
            Worker w = worker;
            while (w.begin()) {
                handOver.set(STARTING);
                try {
                    loop.start(w.ex, done);
                } catch (Throwable t) {
                    // the target could not even start a request (closed, its loop broken): recorded, and this
                    // worker stops rather than spin on the same failure on a thread that others need
                    w.ex.failure(ErrorClass.classify(t), w.ex.status(), ErrorClass.message(t));
                    w.finish();
                    break;
                }
                if (handOver.compareAndSet(STARTING, PENDING)) {
                    return; // requestEnded() follows on the target's thread
                }
                w.finish();
            }
            try {
                w.end();
            } finally {
                workerEnded();
            }
        }

        /** The target ended the request. */
        void requestEnded() {
            if (handOver.compareAndSet(STARTING, ENDED_EARLY)) {
                return; // still inside start(): next() records it
            }
            worker.finish();
            next();
        }
    }
}
