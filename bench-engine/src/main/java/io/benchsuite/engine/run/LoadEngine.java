package io.benchsuite.engine.run;

import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.ramp.ArrivalSchedule;
import io.benchsuite.engine.ramp.RampSchedule;
import io.benchsuite.result.RunResult;
import java.time.Instant;

/**
 * Runs a load: ramps workers from min to max, buckets every request by the worker level at its start, and
 * returns the per-bucket statistics.
 *
 * <pre>{@code
 * RunResult result = LoadEngine.run(RunSpec.builder(target, LoadPlan.ramp(1, 10, ofSeconds(60), ZERO)).build());
 * }</pre>
 *
 * <p>Implementation notes: the calling thread is the {@link Controller}, which raises the level at the planned
 * instants through a {@link RampDriver}. When the level rises to {@code L}, {@code L - previous} new workers
 * start and each sends one request at a time for the rest of the run, so requests in flight never exceed the
 * level and workers never wait for one another on the hot path. A worker is a thread of its own
 * ({@link ThreadWorkers}, platform or virtual, see {@link WorkerThreads}), or, for an {@link EventLoopTarget}, no
 * thread at all ({@link LoopWorkers}). A {@link Collector} thread moves the recorders' intervals into the bucket
 * totals and the timeline once a second. Workers only touch wait-free recorders and counters; they never log,
 * lock or format. At the end no new request starts, the workers drain (in-flight requests get the timeout plus
 * one second, then are stopped at once; any that never return count as {@code timeout} failures of their
 * bucket), and {@link ResultAssembly} builds the result. Scheduling follows the run's {@link Clock}. A shard of a
 * distributed run starts only its share of each level's workers ({@link io.benchsuite.engine.Shard}), after waiting
 * for the {@link SharedStart} of all shards.
 */
public final class LoadEngine {

    private final RunSpec spec;
    private final Controller controller;
    private final Levels levels;
    private final ErrorSampler sampler;
    private final RequestLogWriter log;
    private final Workers workers;
    private final Driver driver;

    private LoadEngine(RunSpec spec) {
        this.spec = spec;
        this.controller = new Controller(spec.clock, spec.control);
        this.levels = spec.rates != null ? new Levels(spec.rates, spec.streaming, spec.slo)
                : new Levels(spec.plan.firstLevel(), spec.plan.maxWorkers(), spec.streaming, spec.slo);
        this.sampler = new ErrorSampler(spec.secrets);
        this.log = new RequestLogWriter(spec.sinks, spec.rates == null ? null : levelRates(spec.rates));
        this.workers = Workers.of(spec, controller, levels, log, sampler);
        this.driver = workers instanceof OpenWorkers open
                ? new ArrivalDriver(spec.rates, new ArrivalSchedule(spec.rates),
                controller, levels, open)
                : new RampDriver(new RampSchedule(spec.plan), levels, workers, spec.shard);
    }

    /**
     * Runs {@code spec} to its end (or until aborted), after its unrecorded warm-up if it has one, and returns
     * the result. Blocks the calling thread.
     */
    public static RunResult run(RunSpec spec) {
        SharedStart start = spec.startAt == null ? null : SharedStart.on(spec.clock, spec.startAt, spec.wall);
        if (!spec.warmup.isZero()) {
            new LoadEngine(spec.warmUpSpec()).execute(null);
        }
        LoadEngine engine = new LoadEngine(spec); // made before the wait: the load starts the moment it ends
        if (start != null) {
            start.await(spec.control);
        }
        return engine.execute(start);
    }

    /** @param start the shared start the load was to begin at, or null */
    private RunResult execute(SharedStart start) {
        Instant startedAt = Instant.now();
        controller.start();
        Long startOffsetNanos = start == null ? null : start.offsetNanos(controller.startNanos());
        spec.control.onAbort(this::onAbort);
        Collector collector = new Collector(controller, levels, workers::started, spec.streaming,
                driver.plannedNanos(), spec.progress, spec.target);
        collector.start();
        GeneratorLoad atStart = GeneratorLoad.now();
        GeneratorLoad.Used used;
        try {
            controller.run(driver);
        } finally {
            controller.stop();
            used = GeneratorLoad.since(atStart);
            workers.drain();
            workers.afterDrain();
            collector.finish();
        }
        try {
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (collector.progressFailure() != null) {
            throw collector.progressFailure(); // a listener bug: reported, after the run ended cleanly
        }
        return new ResultAssembly(spec, levels, workers).result(startedAt, controller.loadEndNanos(),
                collector.timeline(), sampler.samples(), workers.threads(), log.failure(), used, startOffsetNanos);
    }

    private static double[] levelRates(io.benchsuite.engine.RatePlan rates) {
        double[] r = new double[rates.levels()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rates.rate(i + 1);
        }
        return r;
    }

    /** A first abort stops the load; a second one also ends the requests in flight. Any thread. */
    private void onAbort() {
        controller.stop();
        if (spec.control.abortedTwice()) {
            workers.stopAtOnce();
        }
        controller.wake();
    }
}
