package io.benchsuite.engine.target.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One event-loop thread: a selector over its share of the {@link LoopConnection}s, the tasks other threads hand
 * it, and a sweep every {@value #SWEEP_MILLIS} ms that ends the requests past their deadline. Everything a
 * connection does happens on this thread, so connections need no locks.
 */
final class EventLoop implements Runnable, AutoCloseable {

    /** How often requests past their deadline are looked for: a timeout ends at most this late. */
    static final int SWEEP_MILLIS = 5;
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);

    final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Every connection of this loop (loop thread only). */
    private final List<LoopConnection> connections = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    /**
     * When the selector last woke up with ready sockets (0: not yet in this pass): every byte it reports ready
     * had arrived by then, so this is when a response that completes in this pass ended, however long the
     * responses handled before it in the same pass took to parse and record.
     */
    private long readyNanos;
    private volatile boolean closed;
    /** When the last abort was asked for (0: none pending): requests started later are not aborted. */
    private volatile long abortNanos;
    /** Set when the loop ended (closed or broken): nothing more runs on it. */
    private volatile boolean dead;
    private volatile Throwable firstUnexpected;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the HTTP event loop", e);
        }
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        thread.start();
    }

    /** Whether the calling thread is this loop's. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Loop thread: a new connection of this loop, swept for deadlines from now on. */
    void add(LoopConnection c) {
        connections.add(c);
    }

    /** Ends every request in flight now, as failures (the run stops at once). Any thread. */
    void abortInFlight() {
        abortNanos = System.nanoTime();
        selector.wakeup();
    }

    /** Whether the loop has ended; requests must not be handed to it any more. */
    boolean dead() {
        return dead;
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (!closed) {
                long wait = nextSweep - System.nanoTime();
                readyNanos = 0;
                selector.select(onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1));
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        unexpected(t); // a bug in a task must not take the loop's other connections with it
                    }
                }
                long abort = abortNanos;
                if (abort != 0) {
                    abortNanos = 0;
                    for (LoopConnection c : connections) {
                        try {
                            c.abort(abort);
                        } catch (Throwable t) {
                            unexpected(t);
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    for (LoopConnection c : connections) {
                        try {
                            c.expireIfPast(now);
                        } catch (Throwable t) {
                            unexpected(t);
                        }
                    }
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // the selector itself broke: nothing can run on this loop any more; end what is in flight
            dead = true;
            for (LoopConnection c : connections) {
                try {
                    c.fail(e);
                } catch (Throwable ignored) {
                    // the next connections still get their failure
                }
            }
        } finally {
            dead = true;
            for (LoopConnection c : connections) {
                c.closeChannel();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** Loop thread: when the bytes handled now had arrived (see {@link #readyNanos}). */
    long readyNanos() {
        return readyNanos != 0 ? readyNanos : System.nanoTime();
    }

    private void ready(SelectionKey key) {
        if (readyNanos == 0) {
            readyNanos = System.nanoTime();
        }
        if (key.isValid()) {
            LoopConnection c = (LoopConnection) key.attachment();
            try {
                c.ready(key.readyOps());
            } catch (Throwable t) {
                unexpected(t);
                c.fail(t); // only this connection's request fails (if it is still in flight)
            }
        }
    }

    /**
     * A bug (an exception our own code or a callback threw on the loop): counted, and the first kept, so it can
     * be reported after the run instead of silently stopping the loop's other requests.
     */
    private void unexpected(Throwable t) {
        if (firstUnexpected == null) {
            firstUnexpected = t;
        }
    }

    /** The first unexpected exception the loop survived, or null. */
    Throwable firstUnexpected() {
        return firstUnexpected;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
