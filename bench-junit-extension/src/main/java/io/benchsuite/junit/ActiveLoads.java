package io.benchsuite.junit;

import io.benchsuite.engine.run.RunControl;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The loads running in this test run, and the one JVM shutdown hook that stops them: when the JVM is asked to exit
 * (Ctrl-C in the IDE or the build, a CI job cancelled), every load still running is aborted and given time to write
 * its result, so nothing already measured is lost. Kept in the root context's store (one per test run, not per
 * test), and closed with it, which removes the hook.
 */
final class ActiveLoads implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ActiveLoads.class);

    private final Map<RunControl, Registration> loads = new ConcurrentHashMap<>();
    private final java.time.Instant started = java.time.Instant.now();
    private final Thread hook = new Thread(this::abortAll, "benchsuite-shutdown");
    private volatile boolean hooked;

    /** A running load: how to stop it, and when it is done. */
    private record Registration(CompletableFuture<?> done, Duration grace) {
    }

    /** The loads of the test run {@code context} belongs to. */
    static ActiveLoads of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ActiveLoads.class, k -> new ActiveLoads(),
                ActiveLoads.class);
    }

    /** When the test run's first load test started: runs before it are from earlier builds. */
    java.time.Instant started() {
        return started;
    }

    /** Tracks a load from its start until {@code done} completes; {@code grace} bounds the wait at exit. */
    void add(RunControl control, CompletableFuture<?> done, Duration grace) {
        synchronized (this) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(hook);
                hooked = true;
            }
        }
        loads.put(control, new Registration(done, grace));
        done.whenComplete((r, e) -> loads.remove(control));
    }

    private void abortAll() {
        loads.keySet().forEach(c -> c.abort("the JVM is shutting down"));
        loads.values().forEach(r -> {
            try {
                r.done().get(r.grace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the JVM is going down; what was written is all there is
            }
        });
    }

    /** Removes the shutdown hook (the test run is over). */
    @Override
    public synchronized void close() {
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
            hooked = false;
        }
    }
}
