package io.benchsuite.runner;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.Capacity;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import io.benchsuite.result.TimelineEntry;
import io.benchsuite.result.Validity;
import io.benchsuite.result.merge.StatsSum;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code bench sweep}: another driver of the run pipeline, whose load stage is a search. Each probe holds one load
 * (a constant rate, or a constant number of workers) for the probe length, on the same target (its connections
 * stay open), and meets the SLO when every threshold passes over the probe; {@link SweepStrategy} picks the next
 * load. The result is one run whose buckets are the probes in order and whose {@code capacity} is the answer; then
 * the same stages as any run write, store and report it (docs/sweep.md).
 *
 * <pre>{@code
 * try (SweepRun sweep = SweepRun.prepare(settings, Path.of("bench-results"), ResultsDatabase::none, null)) {
 *     BenchRun.Outcome outcome = sweep.run(new RunControl(), SweepRun.Listener.NONE);
 *     Capacity capacity = outcome.result().capacity();
 * }
 * }</pre>
 */
public final class SweepRun implements AutoCloseable {

    /** What a front-end hears while the sweep runs. */
    public interface Listener {
        /** Hears nothing. */
        Listener NONE = new Listener() {
        };

        /** Probe {@code number} (from 1) starts holding {@code load} for {@code length} (warm-up included). */
        default void probeStarted(int number, double load, Duration length) {
        }

        /** About once a second during a probe. */
        default void progress(Progress progress) {
        }

        /**
         * Probe {@code number} ended: its statistics, whether it met the SLO, what it failed, and the interval the
         * capacity lies in so far ({@code lower}, {@code upper}: NaN when not known yet).
         */
        default void probeEnded(int number, double load, Stats stats, boolean passed, List<String> failed,
                                double lower, double upper) {
        }
    }

    private final BenchRun run;
    private final SweepSettings sweep;

    private SweepRun(BenchRun run, SweepSettings sweep) {
        this.run = run;
        this.sweep = sweep;
    }

    /**
     * Checks the sweep's settings, then prepares the run as {@link BenchRun#prepare} does (dataset, run directory,
     * database).
     *
     * @param budget {@code --max-seconds}, or null for none
     * @throws ConfigException on any mistake, before anything is measured
     */
    public static SweepRun prepare(RunSettings settings, Path outDir, Supplier<ResultsDatabase> database,
                                   Duration budget) {
        SweepSettings sweep = SweepSettings.of(settings, budget); // before anything is created
        return new SweepRun(BenchRun.prepare(settings, outDir, database), sweep);
    }

    /**
     * A sweep of an already prepared run (its dataset read, its directory created): checks the sweep's settings, and
     * closes {@code run} when they are wrong.
     *
     * @throws ConfigException on any mistake in the sweep's settings
     */
    public static SweepRun of(BenchRun run, Duration budget) {
        try {
            return new SweepRun(run, SweepSettings.of(run.settings(), budget));
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    public SweepSettings sweep() {
        return sweep;
    }

    /** The run this sweep writes (its directory, database, settings). */
    public BenchRun run() {
        return run;
    }

    /**
     * Probes until the capacity is found to the resolution, the budget is spent, or {@code control} aborts; then
     * writes {@code result.json}, stores the run and writes the report.
     */
    public BenchRun.Outcome run(RunControl control, Listener listener) {
        run.loading(control);
        RunResult result = search(control, listener);
        result = run.write(result);
        return new BenchRun.Outcome(result, run.files(), run.store(result), run.report(result));
    }

    /** The probes and the result they make. */
    private RunResult search(RunControl control, Listener listener) {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        SweepStrategy strategy = new SweepStrategy(sweep.lo(), sweep.hi(), !sweep.open(), sweep.resolution());
        List<RunResult> probes = new ArrayList<>();
        List<Capacity.ProbeVerdict> verdicts = new ArrayList<>();
        String stoppedBy = null;
        Duration probeLength = sweep.probe().plus(sweep.warmup());
        try (Target target = run.createTarget()) {
            while (strategy.next().isPresent()) {
                if (control.aborted()) {
                    stoppedBy = "aborted";
                    break;
                }
                double load = strategy.next().getAsDouble();
                if (sweep.budget() != null
                        && Duration.ofNanos(System.nanoTime() - t0).plus(probeLength).compareTo(sweep.budget()) > 0) {
                    stoppedBy = "max_seconds";
                    break;
                }
                int number = probes.size() + 1;
                listener.probeStarted(number, load, probeLength);
                RunResult probe = LoadEngine.run(probeSpec(target, load, number, control, listener).build());
                probes.add(probe);
                if (control.aborted()) {
                    stoppedBy = "aborted"; // a probe cut short has no verdict
                    break;
                }
                List<ThresholdResult> evaluated = ThresholdEvaluator.evaluate(sweep.slo(), probe);
                boolean passed = evaluated.stream().allMatch(ThresholdResult::passed);
                List<String> failed = evaluated.stream().filter(t -> !t.passed()).map(SweepRun::failure).toList();
                boolean marginal = marginal(evaluated, passed);
                verdicts.add(new Capacity.ProbeVerdict(load, passed, failed));
                strategy.record(new SweepStrategy.Outcome(passed, marginal, served(probe),
                        evaluated.stream().filter(t -> !t.passed()).map(ThresholdResult::expression).toList()));
                listener.probeEnded(number, load, probe.overall(), passed, failed, strategy.lower(), strategy.upper());
            }
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the target failed: " + e.getMessage(), e);
        }
        if (stoppedBy == null) {
            stoppedBy = strategy.stop().configName();
        }
        return assemble(startedAt, probes, verdicts, strategy, stoppedBy, control.aborted());
    }

    /**
     * Whether a verdict is within the noise: a passing probe with a time threshold within {@link SweepStrategy#NOISE}
     * of its limit, or a failing one whose every failed threshold is a time within it. Rates of success are left
     * out: 100 % against 99 % is no near miss.
     */
    static boolean marginal(List<ThresholdResult> evaluated, boolean passed) {
        List<ThresholdResult> judged = evaluated.stream().filter(t -> passed || !t.passed()).toList();
        java.util.function.Predicate<ThresholdResult> near = t -> t.unit().equals("ms") && !Double.isNaN(t.actual())
                && t.limit() > 0 && Math.abs(t.actual() - t.limit()) / t.limit() < SweepStrategy.NOISE;
        return passed ? judged.stream().anyMatch(near) : !judged.isEmpty() && judged.stream().allMatch(near);
    }

    /** {@code 131.2 ms} after a failed threshold: {@code p99 < 100ms: 131.2 ms}. */
    private static String failure(ThresholdResult t) {
        return t.expression() + ": " + (Double.isNaN(t.actual()) ? "no value" : Threshold.format(t.actual(),
                t.unit()));
    }

    private RunSpec.Builder probeSpec(Target target, double load, int number, RunControl control, Listener listener) {
        RunSettings s = run.settings();
        RunSpec.Builder spec;
        if (sweep.open()) {
            RatePlan r = s.rates();
            spec = RunSpec.builder(target, new RatePlan(load, load, false, sweep.probe(), Duration.ZERO,
                    sweep.probe(), 1, r.arrival(), r.burstiness(), r.maxInFlight(), r.seed() + number, 0));
        } else {
            spec = RunSpec.builder(target, LoadPlan.constant((int) load, sweep.probe()));
        }
        return run.describe(spec, control, listener::progress).withWarmup(sweep.warmup());
    }

    /**
     * The requests a probe's target completed per second while the load ran: the mean of the timeline's whole seconds
     * inside the load window (an overloaded open probe completes what the target can serve, whatever the rate);
     * NaN when the probe was shorter than two seconds.
     */
    static double served(RunResult probe) {
        int whole = (int) Math.floor(loadSeconds(probe));
        long completed = 0;
        int seconds = 0;
        for (TimelineEntry e : probe.timeline()) {
            if (e.second() >= 1 && e.second() < whole) { // the first second fills the pipeline
                completed += e.completed();
                seconds++;
            }
        }
        return seconds == 0 ? Double.NaN : completed / (double) seconds;
    }

    /** The load window of a probe: the end of its bucket's window (or its duration when it has no bucket). */
    private static double loadSeconds(RunResult probe) {
        return probe.buckets().isEmpty() || probe.buckets().getFirst().windowSeconds() == null
                ? probe.durationSeconds() : probe.buckets().getFirst().windowSeconds().get(1);
    }

    private RunResult assemble(Instant startedAt, List<RunResult> probes, List<Capacity.ProbeVerdict> verdicts,
                               SweepStrategy strategy, String stoppedBy, boolean aborted) {
        Instant finishedAt = Instant.now();
        RunSettings s = run.settings();
        List<Stats> buckets = new ArrayList<>();
        StatsSum all = new StatsSum(null);
        List<TimelineEntry> timeline = new ArrayList<>();
        Map<String, LinkedHashSet<String>> samples = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>();
        double offset = 0;
        int secondOffset = 0;
        for (int i = 0; i < probes.size(); i++) {
            RunResult p = probes.get(i);
            String origin = "probe " + (i + 1);
            for (Stats b : p.buckets()) {
                StatsSum one = new StatsSum(b.workers());
                one.add(b, offset, origin);
                buckets.add(one.stats(new TreeSet<>()));
                all.add(b, offset, origin);
            }
            int seconds = 0;
            for (TimelineEntry e : p.timeline()) {
                timeline.add(new TimelineEntry(e.second() + secondOffset, e.workers(), e.started(), e.completed(),
                        e.failures(), e.p50Ms(), e.p99Ms(), e.outputTokens(), e.rate()));
                seconds = Math.max(seconds, e.second() + 1);
            }
            secondOffset += seconds;
            offset += loadSeconds(p);
            p.errorSamples().forEach((cls, list) -> {
                LinkedHashSet<String> kept = samples.computeIfAbsent(cls, k -> new LinkedHashSet<>());
                list.stream().limit(Math.max(0, 5 - kept.size())).forEach(kept::add);
            });
            notes.addAll(p.notes());
        }
        Map<String, List<String>> errorSamples = new LinkedHashMap<>();
        samples.forEach((cls, kept) -> errorSamples.put(cls, List.copyOf(kept)));
        double lower = strategy.lower();
        double upper = strategy.upper();
        Capacity capacity = new Capacity(sweep.unit(), Double.isNaN(lower) ? null : lower,
                Double.isNaN(lower) ? null : lower, Double.isNaN(upper) ? null : upper,
                sweep.slo().stream().map(Threshold::expression).toList(), probes.size(), strategy.limitedBy(),
                sweep.resolution(), stoppedBy, verdicts);
        List<String> allNotes = new ArrayList<>();
        allNotes.add("a sweep of " + probes.size() + " probe" + (probes.size() == 1 ? "" : "s") + " of "
                + SweepSettings.number(sweep.probe().toMillis() / 1000.0) + " s each" + (sweep.warmup().isZero() ? ""
                : " (after " + SweepSettings.number(sweep.warmup().toMillis() / 1000.0) + " s of warm-up)")
                + ": each bucket is one probe, in the order they ran; the overall statistics add every probe up");
        allNotes.addAll(notes);
        RunResult first = probes.isEmpty() ? null : probes.getFirst();
        RunResult atCapacity = probeAt(probes, verdicts, Double.isNaN(lower) ? sweep.lo() : lower);
        List<ThresholdResult> thresholds = atCapacity == null ? List.of() : ThresholdEvaluator.evaluate(sweep.slo(),
                atCapacity).stream().map(t -> new ThresholdResult(t.expression(), "probe at "
                + sweep.format(Double.isNaN(lower) ? sweep.lo() : lower), t.actual(), t.limit(), t.unit(),
                t.passed())).toList();
        return new RunResult(RunResult.SCHEMA_VERSION, s.identity().runId(), s.identity().orgId(),
                s.factory().benchmarkType(), s.identity().name(),
                aborted ? RunResult.Status.aborted : RunResult.Status.completed, s.targetDescription(), startedAt,
                finishedAt, Math.round((finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1.0) / 1000.0,
                first == null ? s.config().redacted(s.factory().secretKeys()) : first.config(),
                first == null ? null : first.environment(), all.overall(offset), buckets, thresholds, timeline,
                errorSamples, allNotes, sweep.open() ? RunResult.OPEN : RunResult.CLOSED,
                validity(probes, verdicts), null, null, capacity, null, null);
    }

    /** The last probe that held {@code load} and got a verdict, or null. */
    private static RunResult probeAt(List<RunResult> probes, List<Capacity.ProbeVerdict> verdicts, double load) {
        RunResult found = null;
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i).load() == load) {
                found = probes.get(i);
            }
        }
        return found;
    }

    /**
     * The sweep's verdict: that of the probes that met the SLO (the capacity rests on them): invalid when one of them
     * was, its reasons prefixed with the probe; a probe above the capacity may well be invalid (the target fell
     * behind its rate), which says nothing against the answer.
     */
    private Validity validity(List<RunResult> probes, List<Capacity.ProbeVerdict> verdicts) {
        List<String> reasons = new ArrayList<>();
        double cpu = 0;
        double gc = 0;
        long client = 0;
        boolean any = false;
        for (int i = 0; i < verdicts.size(); i++) {
            Validity v = probes.get(i).validity();
            if (v == null || !verdicts.get(i).passed()) {
                continue;
            }
            any = true;
            String who = "probe " + (i + 1) + " at " + sweep.format(verdicts.get(i).load()) + ": ";
            v.reasons().forEach(r -> reasons.add(who + r));
            cpu = Math.max(cpu, v.generatorCpuPercent());
            gc += v.gcPauseMs();
            client += v.clientErrors();
        }
        return any ? new Validity(reasons.isEmpty(), reasons, null, null, null, null, null, cpu,
                Math.round(gc * 1000) / 1000.0, client) : null;
    }

    /** {@code between 150 and 400 req/s}, {@code at least 150 req/s}, {@code below 10 req/s}, {@code unknown yet}. */
    public static String interval(SweepSettings s, double lower, double upper) {
        if (Double.isNaN(lower) && Double.isNaN(upper)) {
            return "unknown yet";
        }
        if (Double.isNaN(lower)) {
            return "below " + s.format(upper);
        }
        if (Double.isNaN(upper)) {
            return "at least " + s.format(lower);
        }
        return "between " + SweepSettings.number(lower) + " and " + s.format(upper);
    }

    /** {@code capacity: 180 req/s (met at 180, failed at 188 req/s; resolution 5 %), limited by p99 < 100ms; ...}. */
    public static String answer(RunResult result) {
        return result.capacity().sentence(result.durationSeconds());
    }

    @Override
    public void close() {
        run.close();
    }
}
