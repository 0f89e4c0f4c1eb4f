package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.WorkerThreads;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers on threads of their own, platform or virtual ({@link WorkerThreads}): each loops over
 * {@link Worker#begin}, the target's {@code execute}, {@link Worker#finish} until the load stops. A worker
 * blocked in a request is stopped at once by an interrupt (and by the target's {@code abortInFlight}, as a
 * platform thread ignores interrupts while blocked in socket I/O).
 */
final class ThreadWorkers extends Workers {

    private final boolean platform;
    private final List<Thread> threads = new ArrayList<>();

    ThreadWorkers(RunSpec spec, Controller controller, Levels levels, RequestLogWriter log, ErrorSampler sampler) {
        super(spec, controller, levels, log, sampler, false);
        this.platform = spec.workerThreads.platformFor(spec.shard.workers(spec.plan.maxWorkers()));
    }

    @Override
    void start(int from, int to) {
        synchronized (threads) {
            for (int i = from; i < to; i++) {
                Worker w = new Worker(this);
                Thread t = (platform ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual())
                        .name("bench-worker-" + i).unstarted(() -> run(w));
                threads.add(t);
                workerStarting();
                try {
                    t.start();
                } catch (RuntimeException | Error e) {
                    workerEnded(); // it never ran: nothing to wait for
                    throw e;
                }
            }
        }
    }

    /** The worker's thread. */
    private void run(Worker w) {
        try {
            while (w.begin()) {
                try {
                    target.execute(w.ex);
                } catch (InterruptedException e) {
                    w.ex.failure(interruptedClass(), w.ex.status(), Worker.INTERRUPTED);
                } catch (Throwable t) {
                    w.ex.failure(ErrorClass.classify(t), w.ex.status(), ErrorClass.message(t));
                }
                w.finish();
            }
        } finally {
            try {
                w.end();
            } finally {
                workerEnded();
            }
        }
    }

    @Override
    void interruptInFlight() {
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    @Override
    WorkerThreads threads() {
        return platform ? WorkerThreads.PLATFORM : WorkerThreads.VIRTUAL;
    }
}
