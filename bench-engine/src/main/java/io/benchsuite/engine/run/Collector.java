package io.benchsuite.engine.run;

import io.benchsuite.result.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Once a second of the run's {@link Clock}: moves the recorders' intervals into the buckets, appends a timeline
 * entry and publishes the {@link Progress}. On a thread of its own, so that a slow harvest (thousands of
 * workers) or a slow progress listener never delays the level changes or the end of the load. After the load
 * the controller {@linkplain #finish() stops it} and makes the last tick itself.
 */
final class Collector implements Runnable {

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The class of a request the server answered with 429 Too Many Requests: the timeline's {@code rate_limited}. */
    private static final String RATE_LIMITED = io.benchsuite.engine.ErrorClass.http(429).name();

    private final Controller controller;
    private final Levels levels;
    private final LongSupplier started;
    private final boolean streaming;
    private final double plannedSeconds;
    private final Consumer<Progress> progress;
    private final Thread thread;

    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final Histogram second = new PackedHistogram(Bucket.DIGITS);
    private volatile boolean done;
    /** The first exception the progress listener threw; the listener is not called again. */
    private volatile RuntimeException progressFailure;
    /** The end of the current second, in nanoseconds after the start. */
    private long nextTick = TICK_NANOS;
    private long lastStarted;
    private long lastCompleted;
    private long lastFailures;
    private long lastTokens;
    private long lastRateLimited;
    /** The target, whose server metrics ({@link io.benchsuite.engine.Target#serverMetrics}) each second shows. */
    private final io.benchsuite.engine.Target target;

    /**
     * @param started        requests started so far
     * @param plannedNanos   the planned length of the load
     */
    Collector(Controller controller, Levels levels, LongSupplier started, boolean streaming, long plannedNanos,
              Consumer<Progress> progress, io.benchsuite.engine.Target target) {
        this.target = target;
        this.controller = controller;
        this.levels = levels;
        this.started = started;
        this.streaming = streaming;
        this.plannedSeconds = plannedNanos / 1e9;
        this.progress = progress;
        this.thread = controller.clock().newThread("bench-collector", this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        Clock clock = controller.clock();
        while (!done) {
            long now = controller.elapsedNanos();
            if (now < nextTick) {
                clock.parkUntil(controller.startNanos() + nextTick);
                continue;
            }
            tick(now);
            nextTick += TICK_NANOS;
        }
    }

    /**
     * Controller, after the drain: stops the thread (the last tick must not race a harvest), then makes the last,
     * partial second of the timeline, which includes the drain.
     */
    void finish() {
        done = true;
        controller.clock().wake(thread);
        joinUninterruptibly(thread);
        tick(controller.elapsedNanos());
    }

    List<TimelineEntry> timeline() {
        return timeline;
    }

    /** The first exception the progress listener threw, or null. */
    RuntimeException progressFailure() {
        return progressFailure;
    }

    /** Harvests every bucket, appends the entry for the current second and publishes the progress. */
    private void tick(long now) {
        int sec = Math.max(0, (int) (nextTick / TICK_NANOS) - 1);
        second.reset();
        long completed = 0;
        long failures = 0;
        long tokens = 0;
        long rateLimited = 0;
        long remainingRequests = Long.MAX_VALUE;
        long remainingTokens = Long.MAX_VALUE;
        long retryAfter = -1;
        int level = levels.current(); // buckets below it close their stripes
        for (int i = 0; i < levels.count(); i++) {
            Bucket b = levels.byIndex(i);
            if (b == null) {
                continue;
            }
            b.harvest(second, level);
            completed += b.completed();
            failures += b.failures.sum();
            tokens += b.outputTokens.sum();
            java.util.concurrent.atomic.LongAdder limited = b.errors.get(RATE_LIMITED);
            rateLimited += limited == null ? 0 : limited.sum();
            remainingRequests = Math.min(remainingRequests, b.remainingRequests.getThenReset());
            remainingTokens = Math.min(remainingTokens, b.remainingTokens.getThenReset());
            retryAfter = Math.max(retryAfter, b.retryAfter.getThenReset());
        }
        java.util.Map<String, Double> server = null;
        try {
            long start = controller.startNanos();
            server = target.serverMetrics(start + sec * TICK_NANOS, start);
        } catch (RuntimeException ex) {
            server = null; // a broken scraper must not stop the measurements
        }
        long startedNow = started.getAsLong();
        TimelineEntry e = new TimelineEntry(sec, level, startedNow - lastStarted, completed - lastCompleted,
                failures - lastFailures, ms(second.getTotalCount() == 0 ? 0 : second.getValueAtPercentile(50)),
                ms(second.getTotalCount() == 0 ? 0 : second.getValueAtPercentile(99)),
                streaming ? tokens - lastTokens : null, level > 0 ? levels.bucket(level).rate : null,
                streaming ? rateLimited - lastRateLimited : null,
                remainingRequests == Long.MAX_VALUE ? null : remainingRequests,
                remainingTokens == Long.MAX_VALUE ? null : remainingTokens, server,
                retryAfter < 0 ? null : retryAfter);
        timeline.add(e);
        lastStarted = startedNow;
        lastCompleted = completed;
        lastFailures = failures;
        lastTokens = tokens;
        lastRateLimited = rateLimited;
        double elapsed = now / 1e9;
        double interval = Math.max(1e-9, Math.min(1.0, elapsed - sec));
        if (progressFailure != null) {
            return;
        }
        try {
            progress.accept(new Progress(Bucket.round3(elapsed), plannedSeconds, level,
                    Math.max(0, startedNow - completed), startedNow, failures, Bucket.round3(e.completed() / interval),
                    e.p50Ms(), e.p99Ms(), level > 0 ? levels.bucket(level).rate : null));
        } catch (RuntimeException ex) {
            progressFailure = ex; // keep harvesting: a broken listener must not stop the measurements
        }
    }

    private static double ms(long micros) {
        return Bucket.round3(micros / 1000.0);
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
