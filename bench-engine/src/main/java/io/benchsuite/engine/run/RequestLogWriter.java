package io.benchsuite.engine.run;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves filled {@link RequestBatch}es from the workers to the sinks on one platform thread, and recycles them.
 *
 * <p>Implementation notes: workers hand over a full batch and take a recycled one, so the steady state
 * allocates nothing. The hand-over queue is bounded; when the sinks cannot keep up, workers on threads wait (the
 * file sink writes tens of MB/s, far above any request rate we reach, so this is a safety net, not a
 * throttle). Workers on an event loop must never wait (the loop's other requests would count the wait as
 * latency): they {@linkplain #submitNoWait hand over} to an unbounded overflow instead, which only grows while a
 * sink is slower than the load.
 */
final class RequestLogWriter implements AutoCloseable {

    static final int BATCH_SIZE = 512;
    /** How often the sinks are asked to push what they hold to their storage. */
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final RequestBatch POISON = new RequestBatch(0);

    private final List<RequestLogSink> sinks;
    private final BlockingQueue<RequestBatch> full = new ArrayBlockingQueue<>(256);
    private final ConcurrentLinkedQueue<RequestBatch> free = new ConcurrentLinkedQueue<>();
    /** Full batches of event-loop workers that found {@link #full} full. */
    private final ConcurrentLinkedQueue<RequestBatch> overflow = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** The open model's rate of each level (see {@link RequestBatch#rate}), null in the closed model. */
    private final double[] levelRates;

    RequestLogWriter(List<RequestLogSink> sinks) {
        this(sinks, null);
    }

    RequestLogWriter(List<RequestLogSink> sinks, double[] levelRates) {
        this.sinks = List.copyOf(sinks);
        this.levelRates = levelRates;
        this.thread = Thread.ofPlatform().daemon().name("bench-request-log").unstarted(this::drain);
        thread.start();
    }

    RequestBatch newBatch() {
        RequestBatch b = free.poll();
        return b != null ? b : new RequestBatch(BATCH_SIZE, levelRates);
    }

    /** Hands over {@code batch} and returns an empty one. */
    RequestBatch submit(RequestBatch batch) {
        if (nothingToWrite(batch)) {
            return batch;
        }
        boolean interrupted = false;
        while (true) {
            try {
                full.put(batch);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return newBatch();
    }

    /** As {@link #submit}, but never waits: when the hand-over queue is full the batch goes to the overflow. */
    RequestBatch submitNoWait(RequestBatch batch) {
        if (nothingToWrite(batch)) {
            return batch;
        }
        if (!full.offer(batch)) {
            overflow.add(batch);
        }
        return newBatch();
    }

    /** True (and the batch emptied for reuse) when there is no sink, or nothing in the batch. */
    private boolean nothingToWrite(RequestBatch batch) {
        if (batch.size() > 0 && sinks.isEmpty()) {
            batch.clear();
        }
        return batch.size() == 0;
    }

    private void drain() {
        long lastFlush = System.nanoTime();
        try {
            while (true) {
                RequestBatch b = full.poll(10, TimeUnit.MILLISECONDS);
                for (RequestBatch o; (o = overflow.poll()) != null; ) {
                    write(o);
                }
                if (b == POISON) {
                    return;
                }
                if (b != null) {
                    write(b);
                }
                if (System.nanoTime() - lastFlush > FLUSH_NANOS) {
                    flush(); // what reached the sinks is on disk within about a second
                    lastFlush = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(RequestBatch b) {
        for (RequestLogSink s : sinks) {
            try {
                s.accept(b);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
        b.clear();
        free.offer(b);
    }

    private void flush() {
        for (RequestLogSink s : sinks) {
            try {
                s.flush();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    /** The first error a sink threw, if any. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        full.put(POISON);
        thread.join(TimeUnit.MINUTES.toMillis(5));
        for (RequestLogSink s : sinks) {
            try {
                s.close();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }
}
