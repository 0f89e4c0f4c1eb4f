package io.benchsuite.engine.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A {@link Clock} that moves only when the test moves it, so a run's scheduling (level windows, the timeline's
 * seconds, the stop, the drain's deadlines) is tested without running in real time and without depending on how
 * busy the machine is. Requests still run in real time; only the engine's scheduling waits for this clock.
 *
 * <pre>{@code
 * try (ManualClock clock = new ManualClock()) {
 *     Future<RunResult> run = clock.start(() -> LoadEngine.run(clock.applyTo(RunSpec.builder(target, plan)).build()));
 *     clock.advanceTo(Duration.ofMillis(200));     // the controller raises the second level at exactly 0.2 s
 *     ...
 *     RunResult result = clock.await(run);
 * }
 * }</pre>
 *
 * <p>Time moves in steps: {@link #advanceTo} moves it to each instant a thread waits for in turn, and before each
 * step waits until the threads that schedule by this clock (the run's thread, started with {@link #start}, and
 * the collector) are idle: parked on this clock until a later instant, or ended. So the engine takes every
 * instant it is due at, however slowly its threads run. Waits for things that happen in real time (a request
 * seen by the target) use {@link #waitFor}, bounded only to report a hang instead of hanging the build.
 *
 * <p>Public, with {@link #applyTo}, so that the tests of targets in other packages can run loads on it; the
 * engine's clock stays package-private.
 */
public final class ManualClock implements Clock, AutoCloseable {

    /** Generous: only a hang (a bug) takes this long. */
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Any origin will do; not 0, so that a mix-up of instants and durations shows. */
    private static final long ORIGIN = TimeUnit.HOURS.toNanos(1);

    private volatile long now = ORIGIN;
    /** Threads in {@link #parkUntil}, with their deadlines. */
    private final Map<Thread, Long> parked = new ConcurrentHashMap<>();
    /** Threads {@linkplain #wake woken} whose park has not returned yet (or who are not parked yet). */
    private final Set<Thread> woken = ConcurrentHashMap.newKeySet();
    /** Threads that schedule by this clock: time moves only while each is idle. */
    private final List<Thread> scheduling = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkUntil(long deadlineNanos) {
        Thread me = Thread.currentThread();
        if (woken.remove(me) || now - deadlineNanos >= 0) {
            return;
        }
        parked.put(me, deadlineNanos);
        try {
            while (now - deadlineNanos < 0 && !woken.contains(me) && !me.isInterrupted()) {
                LockSupport.park(this);
            }
            woken.remove(me);
        } finally {
            parked.remove(me);
        }
    }

    @Override
    public void wake(Thread thread) {
        woken.add(thread);
        LockSupport.unpark(thread);
    }

    @Override
    public Thread newThread(String name, Runnable task) {
        Thread t = Thread.ofPlatform().daemon().name(name).unstarted(task);
        scheduling.add(t);
        return t;
    }

    /** Runs {@code task} (a {@link LoadEngine#run}) on a new thread that schedules by this clock. */
    public <T> Future<T> start(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        newThread("manual-clock-run", () -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).start();
        return result;
    }

    /** {@code builder} with this clock. */
    public RunSpec.Builder applyTo(RunSpec.Builder builder) {
        return builder.withClock(this);
    }

    /** The time since this clock was made. */
    public Duration elapsed() {
        return Duration.ofNanos(now - ORIGIN);
    }

    /** Moves the time to {@code sinceOrigin} after this clock was made, stopping at each instant a thread waits for. */
    public void advanceTo(Duration sinceOrigin) {
        long target = ORIGIN + sinceOrigin.toNanos();
        if (target < now) {
            throw new IllegalArgumentException("time only moves forward: " + elapsed() + " is past " + sinceOrigin);
        }
        while (true) {
            awaitIdle();
            long next = target;
            for (long deadline : parked.values()) {
                if (deadline - now > 0 && deadline - next < 0) {
                    next = deadline;
                }
            }
            now = next;
            parked.forEach((t, deadline) -> {
                if (deadline - now <= 0) {
                    LockSupport.unpark(t);
                }
            });
            if (next == target) {
                awaitIdle();
                return;
            }
        }
    }

    /** Moves the time forward by {@code by}, stopping at every instant a thread waits for. */
    public void advance(Duration by) {
        advanceTo(elapsed().plus(by));
    }

    /** Waits until every thread that schedules by this clock is parked on it until a later instant, or ended. */
    public void awaitIdle() {
        try {
            waitFor("the threads scheduled by the manual clock to be idle", () -> busy().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " at " + elapsed() + "; busy: " + busy(), e);
        }
    }

    private List<Thread> busy() {
        List<Thread> busy = new ArrayList<>();
        for (Thread t : scheduling) {
            if (t.getState() == Thread.State.TERMINATED) {
                continue;
            }
            Long deadline = parked.get(t);
            if (deadline == null || deadline - now <= 0 || woken.contains(t) || t.isInterrupted()) {
                busy.add(t);
            }
        }
        return busy;
    }

    /** The outcome of a task from {@link #start}, which must end without the clock moving any further. */
    public <T> T await(Future<T> task) throws Exception {
        try {
            return task.get(HANG_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError("the run did not end at " + elapsed() + " of the manual clock; busy: " + busy());
        }
    }

    /** Waits in real time until {@code condition} holds, failing with {@code what} if it never does (a hang). */
    public static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TimeUnit.NANOSECONDS.toSeconds(HANG_NANOS) + " s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    /** Lets a run a test left unfinished (a failed assertion) run to its end, so its workers stop. */
    @Override
    public void close() {
        if (scheduling.stream().allMatch(t -> t.getState() == Thread.State.TERMINATED)) {
            return;
        }
        try {
            advance(Duration.ofHours(1));
        } catch (AssertionError ignored) {
            // the test failed already; its failure is the one to report
        }
    }
}
