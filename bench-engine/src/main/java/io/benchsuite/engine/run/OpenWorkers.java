package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.WorkerThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open model's workers: the {@link ArrivalDriver} hands each request over at its intended start
 * ({@link #due}), and a free slot sends it; at most {@code max_in_flight} slots are busy. A request due while every
 * slot is busy waits in a queue, first in first out, and is sent by the next request that ends, one for one: the
 * queue drains at the rate the server answers, never in a burst, and each waiting request's latency runs from its
 * intended start, so its wait is neither lost nor hidden (coordinated omission).
 *
 * <p>A slot is a thread of its own (parked while idle) or, for an {@link EventLoopTarget}, callbacks on the target's
 * loop; slots are created as the load needs them, up to the cap, and reused.
 *
 * <p>Implementation notes: the slot accounting (busy slots, idle slots, the queue) is under one lock, held for a
 * few field updates per request by the controller (a request due) and by the slot that ends a request (its next
 * one, or idle). That is one uncontended or briefly contended monitor per request; the queue is a ring of
 * primitives, so waiting requests allocate nothing. How late requests were sent (scheduling lag) and how long
 * queued ones waited go to two wait-free {@link Recorder}s.
 */
final class OpenWorkers extends Workers {

    private final int cap;
    private final boolean platform;
    private final EventLoopTarget loop;
    private final Object lock = new Object();
    // guarded by lock
    private int busy;
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private long[] queuedSeq = new long[64];
    private long[] queuedIntended = new long[64];
    private int[] queuedLevel = new int[64];
    private int queueHead;
    private int queueSize;
    private final List<Slot> slots = new ArrayList<>();

    private final Recorder lag = new Recorder(1, Stripe.HIGHEST_MICROS, Bucket.DIGITS);
    private final Recorder wait = new Recorder(1, Stripe.HIGHEST_MICROS, Bucket.DIGITS);
    private final LongAdder waited = new LongAdder();
    /** Requests sent before the load stopped: what the run achieved of the schedule. */
    private final LongAdder sentInWindow = new LongAdder();
    private volatile boolean closing;

    OpenWorkers(RunSpec spec, Controller controller, Levels levels, RequestLogWriter log, ErrorSampler sampler) {
        super(spec, controller, levels, log, sampler, spec.target instanceof EventLoopTarget);
        this.cap = spec.rates.maxInFlight();
        this.loop = spec.target instanceof EventLoopTarget t ? t : null;
        this.platform = spec.workerThreads.platformFor(cap);
    }

    @Override
    void start(int from, int to) {
        throw new UnsupportedOperationException("the open model dispatches requests, it starts no workers");
    }

    /** Controller: request {@code seq} of rate level {@code level} is due at {@code intendedNanos}. */
    void due(long seq, int level, long intendedNanos) {
        workerStarting(); // counted until it ended: the drain waits for queued requests too
        Slot slot;
        synchronized (lock) {
            if (busy >= cap) {
                enqueue(seq, level, intendedNanos);
                return;
            }
            busy++;
            slot = idle.pollFirst();
            if (slot == null) {
                slot = newSlot();
            }
        }
        slot.send(seq, level, intendedNanos, false);
    }

    /**
     * A slot's request ended (and was recorded): the queue's oldest request goes to this slot, or the slot becomes
     * idle. Returns whether the slot got a request (its {@code seq}, {@code level}, {@code intended} fields are set).
     */
    private boolean next(Slot slot) {
        synchronized (lock) {
            if (queueSize > 0) {
                int i = queueHead;
                slot.seq = queuedSeq[i];
                slot.level = queuedLevel[i];
                slot.intended = queuedIntended[i];
                queueHead = (queueHead + 1) % queuedSeq.length;
                queueSize--;
                return true;
            }
            busy--;
            slot.idleNow();
            idle.addFirst(slot);
            return false;
        }
    }

    private void enqueue(long seq, int level, long intended) {
        if (queueSize == queuedSeq.length) {
            int n = queuedSeq.length * 2;
            long[] s = new long[n];
            long[] t = new long[n];
            int[] l = new int[n];
            for (int k = 0; k < queueSize; k++) {
                int i = (queueHead + k) % queuedSeq.length;
                s[k] = queuedSeq[i];
                t[k] = queuedIntended[i];
                l[k] = queuedLevel[i];
            }
            queuedSeq = s;
            queuedIntended = t;
            queuedLevel = l;
            queueHead = 0;
        }
        int i = (queueHead + queueSize) % queuedSeq.length;
        queuedSeq[i] = seq;
        queuedIntended[i] = intended;
        queuedLevel[i] = level;
        queueSize++;
    }

    private Slot newSlot() {
        Slot s = loop != null ? new LoopSlot(new Worker(this)) : new ThreadSlot(new Worker(this), slots.size());
        slots.add(s);
        return s;
    }

    /**
     * Drops the queued requests (a stop at once): they were never sent, and end here, each counted as started in its
     * bucket and never completed, so the result counts it with the requests the run abandoned.
     */
    private void dropQueued() {
        int dropped;
        synchronized (lock) {
            dropped = queueSize;
            for (int k = 0; k < dropped; k++) {
                levels.bucket(queuedLevel[(queueHead + k) % queuedLevel.length]).started.increment();
            }
            queueSize = 0;
        }
        for (int k = 0; k < dropped; k++) {
            workerEnded();
        }
    }

    @Override
    void interruptInFlight() {
        dropQueued();
        for (Slot s : slotsNow()) {
            s.interrupt();
        }
    }

    @Override
    void afterDrain() {
        closing = true;
        for (Slot s : slotsNow()) {
            s.close();
        }
    }

    /** The slots made so far, copied under the lock. */
    private List<Slot> slotsNow() {
        synchronized (lock) {
            return List.copyOf(slots);
        }
    }

    @Override
    WorkerThreads threads() {
        return loop != null ? WorkerThreads.EVENT_LOOP : platform ? WorkerThreads.PLATFORM : WorkerThreads.VIRTUAL;
    }

    /** The open model's measures, after the drain. */
    OpenMeasures measures() {
        return new OpenMeasures(seq.get(), sentInWindow.sum(), waited.sum(), lag.getIntervalHistogram(),
                wait.getIntervalHistogram());
    }

    /**
     * What the validity verdict needs of an open run.
     *
     * @param scheduled    arrivals the schedule issued during the load
     * @param sentInWindow requests sent before the load stopped
     * @param waited       requests that waited in the queue for a free slot
     * @param lagMicros    how late requests that found a free slot were sent, after their intended start
     * @param waitMicros   how long queued requests waited
     */
    record OpenMeasures(long scheduled, long sentInWindow, long waited, Histogram lagMicros, Histogram waitMicros) {
    }

    /** One request's start: records how late it was sent, and counts it in the achieved rate while the load runs. */
    private void sent(Worker w, boolean fromQueue) {
        long late = Micros.of(w.ex.startNanos() - w.ex.intendedStartNanos());
        if (fromQueue) {
            waited.increment();
            wait.recordValue(Stripe.clamp(late));
        } else {
            lag.recordValue(Stripe.clamp(late));
        }
        if (!controller.stopping()) {
            sentInWindow.increment();
        }
    }

    /** A place a request runs in: a thread, or callbacks on the target's event loop. */
    private abstract static sealed class Slot permits ThreadSlot, LoopSlot {
        final Worker worker;
        long seq;
        int level;
        long intended;

        Slot(Worker worker) {
            this.worker = worker;
        }

        /** Sends request {@code seq} (the caller is the controller, or this slot after its previous request). */
        abstract void send(long seq, int level, long intended, boolean fromQueue);

        /** Under the lock, before the slot is put back among the idle ones. */
        void idleNow() {
        }

        /** Makes the request in flight end now (a stop at once). */
        abstract void interrupt();

        /** After the drain: the slot ends (its log batch handed over, its target state given back). */
        abstract void close();
    }

    /** A slot with a thread of its own, parked while idle. */
    private final class ThreadSlot extends Slot {
        private final Thread thread;
        private volatile boolean assigned;
        private boolean fromQueue;

        ThreadSlot(Worker worker, int index) {
            super(worker);
            thread = (platform ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual())
                    .name("bench-open-" + index).unstarted(this::run);
        }

        @Override
        void send(long seq, int level, long intended, boolean fromQueue) {
            this.seq = seq;
            this.level = level;
            this.intended = intended;
            this.fromQueue = fromQueue;
            assigned = true; // publishes the fields
            if (thread.getState() == Thread.State.NEW) {
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }

        @Override
        void idleNow() {
            assigned = false;
        }

        private void run() {
            try {
                while (true) {
                    while (!assigned) {
                        if (closing) {
                            return;
                        }
                        LockSupport.park(this);
                    }
                    boolean queued = fromQueue;
                    while (true) {
                        worker.beginAt(seq, level, intended);
                        sent(worker, queued);
                        try {
                            target.execute(worker.ex);
                        } catch (InterruptedException e) {
                            worker.ex.failure(interruptedClass(), worker.ex.status(), Worker.INTERRUPTED);
                        } catch (Throwable t) {
                            worker.ex.failure(ErrorClass.classify(t), worker.ex.status(), ErrorClass.message(t));
                        }
                        worker.finish();
                        workerEnded();
                        if (!next(this)) {
                            break;
                        }
                        queued = true;
                    }
                }
            } finally {
                worker.end();
            }
        }

        @Override
        void interrupt() {
            thread.interrupt();
        }

        @Override
        void close() {
            LockSupport.unpark(thread);
            if (thread.getState() != Thread.State.NEW) {
                try {
                    thread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                worker.end();
            }
        }
    }

    /**
     * A slot as callbacks on the target's event loop: {@link #send} starts the request, the target calls
     * {@link #requestEnded()} on its loop thread, which records it and sends the queue's next request from there.
     * The target may end a request before {@code start} returned; the hand-over state says who records it.
     */
    private final class LoopSlot extends Slot {
        private static final int STARTING = 0;
        private static final int PENDING = 1;
        private static final int ENDED_EARLY = 2;

        private final AtomicInteger handOver = new AtomicInteger();
        private final Runnable done = this::requestEnded;

        LoopSlot(Worker worker) {
            super(worker);
        }

        @Override
        void send(long seq, int level, long intended, boolean fromQueue) {
            this.seq = seq;
            this.level = level;
            this.intended = intended;
            boolean queued = fromQueue;
            while (true) {
                worker.beginAt(this.seq, this.level, this.intended);
                sent(worker, queued);
                handOver.set(STARTING);
                try {
                    loop.start(worker.ex, done);
                } catch (Throwable t) {
                    worker.ex.failure(ErrorClass.classify(t), worker.ex.status(), ErrorClass.message(t));
                    handOver.set(ENDED_EARLY);
                }
                if (handOver.compareAndSet(STARTING, PENDING)) {
                    return; // requestEnded() follows on the loop's thread
                }
                if (!ended()) {
                    return;
                }
                queued = true;
            }
        }

        /** Records the request that ended; true when the queue gave this slot another one. */
        private boolean ended() {
            worker.finish();
            workerEnded();
            return next(this);
        }

        private void requestEnded() {
            if (handOver.compareAndSet(STARTING, ENDED_EARLY)) {
                return; // still inside start(): send() records it
            }
            if (ended()) {
                send(seq, level, intended, true);
            }
        }

        @Override
        void interrupt() {
            // the target's abortInFlight ends the requests on its loop
        }

        @Override
        void close() {
            worker.end();
        }
    }
}
