package io.benchsuite.engine.run;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets another thread stop a running load: a signal handler, a JUnit timeout, a threshold that is already
 * lost. The first {@link #abort(String)} stops adding work and lets in-flight requests finish (bounded by the
 * timeout); a second one interrupts them at once. Either way the result keeps everything measured, with
 * status {@code aborted}.
 */
public final class RunControl {

    private final AtomicInteger aborts = new AtomicInteger();
    private volatile String reason;
    private volatile Runnable onAbort = () -> { };

    /** Requests a stop; a second call stops immediately. */
    public void abort(String why) {
        if (reason == null) {
            reason = why;
        }
        aborts.incrementAndGet();
        onAbort.run();
    }

    public boolean aborted() {
        return aborts.get() > 0;
    }

    public boolean abortedTwice() {
        return aborts.get() > 1;
    }

    /** Why the run was aborted, or null. */
    public String reason() {
        return reason;
    }

    void onAbort(Runnable action) {
        this.onAbort = action;
    }
}
