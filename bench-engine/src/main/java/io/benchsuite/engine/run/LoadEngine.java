package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.Environment;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import io.benchsuite.engine.ramp.RampSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Runs a load: ramps workers from min to max, buckets every request by the worker level at its start, and
 * returns the per-bucket statistics.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>Concurrency is a semaphore whose permits are only ever added: when the level rises to {@code L},
 *       permits {@code [previous, L)} are granted, each to a new worker that holds it for the rest of the run
 *       and sends one request at a time. So requests in flight never exceed the level, and workers never contend
 *       for permits on the hot path. A worker is a thread of its own (platform or virtual, see
 *       {@link WorkerThreads}), or, for an {@link EventLoopTarget}, no thread at all: the target's loop calls the
 *       worker back when a request ended, and the worker records it and starts its next one from that call.</li>
 *   <li>The calling thread is the controller: it raises the level at the planned instants and, once a second,
 *       moves the recorders' interval histograms into the bucket totals and the timeline. Workers only touch
 *       wait-free recorders and counters; they never log, lock or format.</li>
 *   <li>At the end no new request starts; in-flight requests get the timeout plus one second to finish, then
 *       are interrupted, and any that never return count as {@code timeout} failures of their bucket.</li>
 * </ul>
 */
public final class LoadEngine {

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int ERROR_SAMPLES = 5;
    private static final String INTERRUPTED = "interrupted: the run stopped while in flight";

    private final RunSpec spec;
    private final RampSchedule schedule;
    private final int firstLevel;
    private final Bucket[] buckets;
    private final long timeoutNanos;
    /** Workers run on platform threads (else virtual threads); see {@link io.benchsuite.engine.WorkerThreads}. */
    private final boolean platformWorkers;
    /** The target when it runs the workers' requests on its own event loop (no thread per worker), else null. */
    private final EventLoopTarget eventLoopTarget;
    /** Event loop: workers that have not stopped yet. */
    private final java.util.concurrent.atomic.AtomicInteger liveWorkers = new java.util.concurrent.atomic.AtomicInteger();
    private final long cap;
    private final AtomicLong seqCounter = new AtomicLong();
    private final RequestLogWriter log;
    private final Map<String, Samples> errorSamples = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    /** When each level was actually raised, nanoseconds after the start (-1: never reached). */
    private final long[] raisedAtNanos;

    private volatile int level;
    private volatile boolean stopping;
    /** The requests still in flight were ended by {@link #stopAtOnce()}: their failures are interruptions. */
    private volatile boolean stoppedAtOnce;
    private volatile long stopNanos = -1;
    private long startNanos;
    /** The thread that called {@link #run}: it raises the levels and waits for the end. */
    private final Thread controllerThread = Thread.currentThread();

    private LoadEngine(RunSpec spec) {
        this.spec = spec;
        this.schedule = new RampSchedule(spec.plan);
        this.firstLevel = spec.plan.firstLevel();
        this.buckets = new Bucket[spec.plan.maxWorkers() - firstLevel + 1];
        this.raisedAtNanos = new long[buckets.length];
        java.util.Arrays.fill(raisedAtNanos, -1);
        this.timeoutNanos = spec.timeout.toNanos();
        this.platformWorkers = spec.workerThreads.platformFor(spec.plan.maxWorkers());
        this.eventLoopTarget = spec.target instanceof EventLoopTarget t ? t : null;
        this.cap = spec.plan.totalRequests();
        this.log = new RequestLogWriter(spec.sinks);
    }

    /**
     * Runs {@code spec} to its end (or until aborted), after its unrecorded warm-up if it has one, and returns
     * the result. Blocks the calling thread.
     */
    public static RunResult run(RunSpec spec) {
        if (!spec.warmup.isZero()) {
            new LoadEngine(spec.warmUpSpec()).execute();
        }
        return new LoadEngine(spec).execute();
    }

    private RunResult execute() {
        Instant startedAt = Instant.now();
        startNanos = System.nanoTime();
        spec.control.onAbort(this::onAbort);
        long total = schedule.totalNanos();
        Collector collector = new Collector();
        Thread collectorThread = Thread.ofPlatform().daemon().name("bench-collector").unstarted(collector);
        try {
            raiseTo(schedule.levelAt(0));
            collectorThread.start();
            while (true) {
                long now = System.nanoTime() - startNanos;
                if (stopping || spec.control.aborted() || now >= total) {
                    break;
                }
                int target = schedule.levelAt(now);
                if (target > level) {
                    raiseTo(target);
                    continue;
                }
                long wake = level < spec.plan.maxWorkers() ? Math.min(schedule.levelStartNanos(level + 1), total)
                        : total;
                if (wake > now) {
                    LockSupport.parkNanos(this, wake - now);
                }
            }
        } finally {
            stopLoad();
            drain();
            collector.done = true;
            LockSupport.unpark(collectorThread);
            joinUninterruptibly(collectorThread); // the last tick below must not race a harvest
        }
        // last (partial) second of the timeline, including the drain
        collector.tick(System.nanoTime() - startNanos);
        try {
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (collector.progressFailure != null) {
            throw collector.progressFailure; // a listener bug: reported, after the run ended cleanly
        }
        return result(startedAt, collector.timeline, log.failure());
    }

    /**
     * Hands a full batch to the log writer and returns an empty one: never waiting on an event loop (its other
     * requests would count the wait), waiting when the writer is full on threads.
     */
    private RequestBatch submitBatch(RequestBatch batch) {
        return eventLoopTarget != null ? log.submitNoWait(batch) : log.submit(batch);
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

    /**
     * Once a second, on its own thread so that a slow harvest (thousands of workers) never delays the level
     * changes or the end of the load: moves the recorders' intervals into the buckets, appends a timeline entry
     * and publishes the progress. After the load, the controller joins it and makes the last tick itself.
     */
    private final class Collector implements Runnable {
        final List<TimelineEntry> timeline = new ArrayList<>();
        final Histogram second = new PackedHistogram(Bucket.DIGITS);
        volatile boolean done;
        /** The first exception the progress listener threw; the listener is not called again. */
        volatile RuntimeException progressFailure;
        long nextTick = TICK_NANOS;
        long lastStarted;
        long lastCompleted;
        long lastFailures;
        long lastTokens;

        @Override
        public void run() {
            while (!done) {
                long now = System.nanoTime() - startNanos;
                if (now < nextTick) {
                    LockSupport.parkNanos(this, nextTick - now);
                    continue;
                }
                tick(now);
                nextTick += TICK_NANOS;
            }
        }

        /** Harvests every bucket, appends the entry for the current second and publishes the progress. */
        void tick(long now) {
            int sec = Math.max(0, (int) (nextTick / TICK_NANOS) - 1);
            second.reset();
            long completed = 0;
            long failures = 0;
            long tokens = 0;
            int lvl = level; // buckets below it close their stripes
            for (Bucket b : buckets) {
                if (b == null) {
                    continue;
                }
                b.harvest(second, lvl);
                completed += b.completed();
                failures += b.failures.sum();
                tokens += b.outputTokens.sum();
            }
            long started = seqCounter.get();
            TimelineEntry e = new TimelineEntry(sec, lvl, started - lastStarted, completed - lastCompleted,
                    failures - lastFailures, ms(second.getTotalCount() == 0 ? 0 : second.getValueAtPercentile(50)),
                    ms(second.getTotalCount() == 0 ? 0 : second.getValueAtPercentile(99)),
                    spec.streaming ? tokens - lastTokens : null);
            timeline.add(e);
            lastStarted = started;
            lastCompleted = completed;
            lastFailures = failures;
            lastTokens = tokens;
            double elapsed = now / 1e9;
            double interval = Math.max(1e-9, Math.min(1.0, elapsed - sec));
            if (progressFailure != null) {
                return;
            }
            try {
                spec.progress.accept(new Progress(Bucket.round3(elapsed), schedule.totalNanos() / 1e9, lvl,
                        Math.max(0, started - completed), started, failures, Bucket.round3(e.completed() / interval),
                        e.p50Ms(), e.p99Ms()));
            } catch (RuntimeException ex) {
                progressFailure = ex; // keep harvesting: a broken listener must not stop the measurements
            }
        }
    }

    /**
     * Interrupts every worker and makes the target end its requests in flight (a worker on a platform thread
     * ignores interrupts while blocked in socket I/O).
     */
    private void stopAtOnce() {
        stoppedAtOnce = true;
        synchronized (workers) {
            workers.forEach(Thread::interrupt);
        }
        try {
            spec.target.abortInFlight();
        } catch (RuntimeException ignored) {
            // stopping at once: the workers still left count as timeouts
        }
    }

    private void onAbort() {
        stopLoad();
        if (spec.control.abortedTwice()) {
            stopAtOnce();
        }
        LockSupport.unpark(controllerThread);
    }


    /** Controller: creates buckets up to {@code target}, publishes the level, starts the new workers. */
    private void raiseTo(int target) {
        long now = level == 0 ? 0 : System.nanoTime() - startNanos;
        for (int l = Math.max(level + 1, firstLevel); l <= target; l++) {
            buckets[l - firstLevel] = new Bucket(l, spec.streaming);
            raisedAtNanos[l - firstLevel] = now;
        }
        int from = level;
        level = target;
        if (eventLoopTarget != null) {
            for (int i = from; i < target; i++) {
                liveWorkers.incrementAndGet();
                new Worker().next();
            }
            return;
        }
        synchronized (workers) {
            for (int i = from; i < target; i++) {
                Worker w = new Worker();
                Thread t = (platformWorkers ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual())
                        .name("bench-worker-" + i).unstarted(w::run);
                workers.add(t);
                t.start();
            }
        }
    }

    /**
     * A worker: one request at a time until the run stops. On a thread of its own it loops in {@link #run()}; with
     * an {@link EventLoopTarget} it has no thread: {@link #next()} starts a request and the target calls back
     * {@link #requestEnded()} on its own thread, which records it and starts the next.
     */
    private final class Worker {
        // event-loop hand-over (see next()): the target may end a request before start() returned
        private static final int STARTING = 0;
        private static final int PENDING = 1;
        private static final int ENDED_EARLY = 2;

        final Exchange ex = new Exchange();
        RequestBatch batch = log.newBatch();
        Bucket current;
        WorkerRecorders recorders;
        final java.util.concurrent.atomic.AtomicInteger handOver = new java.util.concurrent.atomic.AtomicInteger();
        final Runnable done = this::requestEnded;

        /** Prepares the exchange for the next request; false when the run stops (or the request cap is reached). */
        boolean begin() {
            if (stopping) {
                return false;
            }
            long seq = seqCounter.getAndIncrement();
            if (cap > 0 && seq >= cap) {
                seqCounter.decrementAndGet();
                stopFromWorker();
                return false;
            }
            int lvl = level;
            Bucket bucket = buckets[lvl - firstLevel];
            if (bucket != current) {
                current = bucket;
                recorders = bucket.join();
            }
            bucket.started.increment();
            ex.reset(spec.dataset.get(seq), seq, lvl, timeoutNanos, recorders.itlSink);
            return true;
        }

        /** Records the request that just ended. */
        void finish() {
            long endNanos = ex.endNanos() != 0 ? ex.endNanos() : System.nanoTime();
            long latency = endNanos - ex.startNanos();
            if (!ex.failed() && latency > timeoutNanos) {
                ex.failure(ErrorClass.TIMEOUT, ex.status(), "request took longer than the timeout");
            } else if (ex.failed() && stoppedAtOnce && ex.error().kind() != ErrorClass.Kind.HTTP) {
                // whatever the target saw (a closed socket, a cancelled call), the run stopped it; a response the
                // server sent (http_503) stays what it is
                ex.failure(ErrorClass.TIMEOUT, ex.status(), INTERRUPTED);
            }
            current.record(ex, latency, recorders);
            if (ex.failed()) {
                sampleError(ex);
            }
            if (batch.add(ex, startNanos, latency)) {
                batch = submitBatch(batch);
            }
        }

        /** After the worker's last request. */
        void end() {
            submitBatch(batch);
            try {
                spec.target.workerStopped(ex);
            } catch (RuntimeException ignored) {
                // a target's clean-up failure must not lose the measurements; close() releases the rest
            }
        }

        /** The worker's thread. */
        void run() {
            try {
                while (begin()) {
                    try {
                        spec.target.execute(ex);
                    } catch (InterruptedException e) {
                        ex.failure(ErrorClass.TIMEOUT, ex.status(), INTERRUPTED);
                    } catch (Throwable t) {
                        ex.failure(ErrorClass.classify(t), ex.status(), ErrorClass.message(t));
                    }
                    finish();
                }
            } finally {
                end();
            }
        }

        /**
         * Event loop: starts the next request. A request the target ended before {@code start} returned is
         * recorded here, in a loop, rather than from inside {@code start} (no recursion). The hand-over state is
         * what makes the exchange safe to pass between the starting thread and the target's thread.
         */
        void next() {
            while (begin()) {
                handOver.set(STARTING);
                try {
                    eventLoopTarget.start(ex, done);
                } catch (Throwable t) {
                    // the target could not even start a request (closed, its loop broken): recorded, and this
                    // worker stops rather than spin on the same failure on a thread that others need
                    ex.failure(ErrorClass.classify(t), ex.status(), ErrorClass.message(t));
                    finish();
                    break;
                }
                if (handOver.compareAndSet(STARTING, PENDING)) {
                    return; // requestEnded() follows on the target's thread
                }
                finish();
            }
            end();
            if (liveWorkers.decrementAndGet() == 0) {
                LockSupport.unpark(controllerThread);
            }
        }

        /** Event loop: the target ended the request. */
        void requestEnded() {
            if (handOver.compareAndSet(STARTING, ENDED_EARLY)) {
                return; // still inside start(): next() records it
            }
            finish();
            next();
        }
    }

    private void stopFromWorker() {
        if (!stopping) {
            stopLoad();
            LockSupport.unpark(controllerThread);
        }
    }

    /** The first distinct messages of one error class; looks at the first {@value #SAMPLE_LOOKS} failures only. */
    private static final class Samples {
        static final int SAMPLE_LOOKS = 1000;
        final List<String> messages = new ArrayList<>(ERROR_SAMPLES);
        int looked;
        /** Set once nothing more will be kept, so later failures skip the lock. */
        volatile boolean full;
    }

    private void sampleError(Exchange ex) {
        String cls = ex.error().name();
        Samples samples = errorSamples.computeIfAbsent(cls, k -> new Samples());
        if (samples.full) {
            return;
        }
        synchronized (samples) {
            if (samples.messages.size() >= ERROR_SAMPLES || samples.looked >= Samples.SAMPLE_LOOKS) {
                samples.full = true;
                return;
            }
            samples.looked++;
            String msg = spec.secrets.scrub(ex.errorMessage() == null ? cls : ex.errorMessage());
            if (msg.length() > 500) {
                msg = msg.substring(0, 500) + "...";
            }
            if (!samples.messages.contains(msg)) {
                samples.messages.add(msg);
            }
        }
    }

    private void stopLoad() {
        stopping = true;
        if (stopNanos < 0) {
            stopNanos = System.nanoTime() - startNanos;
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + timeoutNanos + TICK_NANOS;
        if (eventLoopTarget != null) {
            awaitWorkers(deadline, true);
            if (liveWorkers.get() > 0) {
                stopAtOnce(); // past the grace period, or a second Ctrl-C
                awaitWorkers(System.nanoTime() + TimeUnit.SECONDS.toNanos(2), false);
            }
            return;
        }
        List<Thread> all;
        synchronized (workers) {
            all = new ArrayList<>(workers);
        }
        for (Thread t : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0 && !spec.control.abortedTwice()) {
                    t.join(java.time.Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                spec.control.abort("interrupted");
                spec.control.abort("interrupted");
            }
            if (t.isAlive()) {
                stopAtOnce(); // past the grace period, or a second Ctrl-C: the rest are not waited for either
                break;
            }
        }
        for (Thread t : all) {
            try {
                t.join(java.time.Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /**
     * Event loop: waits until every worker stopped or the deadline passed (or, with {@code untilAbortedTwice}, the
     * run is to stop at once).
     */
    private void awaitWorkers(long deadline, boolean untilAbortedTwice) {
        while (liveWorkers.get() > 0 && !(untilAbortedTwice && spec.control.abortedTwice())) {
            if (Thread.interrupted()) { // as the threads' drain does: the caller wants the run to end now
                spec.control.abort("interrupted");
                spec.control.abort("interrupted");
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        }
    }

    /** @param logFailure the first error a request-log sink threw (a note of the result), or null */
    private RunResult result(Instant startedAt, List<TimelineEntry> timeline, Throwable logFailure) {
        Instant finishedAt = Instant.now();
        // the load window: from the start to the instant no new request could start (not the planned end: a
        // run stops a little after it, and requests started in that time must be divided by it too)
        double loadEnd = (stopNanos < 0 ? schedule.totalNanos() : stopNanos) / 1e9;
        List<Stats> bucketStats = new ArrayList<>();
        Histogram latencyAll = new PackedHistogram(Bucket.DIGITS);
        Histogram ttftAll = spec.streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        Histogram tpotAll = spec.streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        Histogram itlAll = spec.streaming ? new PackedHistogram(Bucket.DIGITS) : null;
        long inputTokens = 0;
        for (int i = 0; i < buckets.length; i++) {
            Bucket b = buckets[i];
            if (b == null) {
                continue;
            }
            // the level's window: when the engine actually raised it, to when it raised the next one
            double start = Math.min(raisedAtNanos[i] / 1e9, loadEnd);
            double end = i + 1 < buckets.length && raisedAtNanos[i + 1] >= 0 ? raisedAtNanos[i + 1] / 1e9 : loadEnd;
            end = Math.min(end, loadEnd);
            long abandoned = Math.max(0, b.started.sum() - b.completed());
            Stats s = b.stats(start, Math.max(start, end), abandoned);
            if (s.requests() == 0 && b.workers != firstLevel) {
                continue; // a level the ramp passed in less time than a request takes to start
            }
            bucketStats.add(s);
            latencyAll.add(b.latencyTotal);
            if (spec.streaming) {
                ttftAll.add(b.ttftTotal());
                tpotAll.add(b.tpotTotal());
                itlAll.add(b.itlTotal());
                inputTokens += b.inputTokens.sum();
            }
        }
        long requests = bucketStats.stream().mapToLong(Stats::requests).sum();
        long ok = bucketStats.stream().mapToLong(Stats::successes).sum();
        Long outTokens = spec.streaming ? bucketStats.stream().mapToLong(s -> s.outputTokens() == null ? 0
                : s.outputTokens()).sum() : null;
        Stats overall = new Stats(null, null, requests, ok, requests - ok, Bucket.rate(ok, requests),
                loadEnd > 0 ? Bucket.round3(requests / loadEnd) : 0, Distribution.ofMicros(latencyAll),
                Bucket.mergeErrors(bucketStats),
                spec.streaming ? Distribution.ofMicros(ttftAll) : null,
                spec.streaming ? Distribution.ofMicros(tpotAll) : null,
                spec.streaming ? Distribution.ofMicros(itlAll) : null,
                outTokens, spec.streaming ? inputTokens : null,
                spec.streaming ? (loadEnd > 0 ? Bucket.round3(outTokens / loadEnd) : 0.0) : null, null);
        Map<String, List<String>> samples = new TreeMap<>();
        errorSamples.forEach((k, v) -> {
            synchronized (v) {
                samples.put(k, List.copyOf(v.messages));
            }
        });
        RunResult.Status status = spec.control.aborted() ? RunResult.Status.aborted : RunResult.Status.completed;
        return new RunResult(RunResult.SCHEMA_VERSION, spec.runId, spec.orgId, spec.benchmarkType, spec.name, status,
                spec.targetDescription, startedAt, finishedAt,
                Bucket.round3((finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0), spec.redactedConfig,
                Environment.current((eventLoopTarget != null ? WorkerThreads.EVENT_LOOP
                        : platformWorkers ? WorkerThreads.PLATFORM : WorkerThreads.VIRTUAL).configName()), overall, bucketStats, List.of(), timeline, new LinkedHashMap<>(samples),
                notes(logFailure));
    }

    private List<String> notes(Throwable logFailure) {
        List<String> notes = new ArrayList<>();
        try {
            notes.addAll(spec.target.notes());
        } catch (RuntimeException e) {
            // a target's bug must not lose the measurements
        }
        if (logFailure != null) {
            notes.add("the per-request log is incomplete: writing it failed (" + describe(logFailure) + "), so "
                    + "requests.jsonl.gz or the MongoDB request documents lack the requests after that; the "
                    + "numbers of this result are complete (the recorders do not depend on the log); free disk "
                    + "space or raise the open-file limit (ulimit -n) before the next run");
        }
        return notes.stream().map(spec.secrets::scrub).toList();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static double ms(long micros) {
        return Bucket.round3(micros / 1000.0);
    }
}
