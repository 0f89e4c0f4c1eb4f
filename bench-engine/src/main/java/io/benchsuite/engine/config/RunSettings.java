package io.benchsuite.engine.config;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.result.compare.RegressionThreshold;
import io.benchsuite.result.threshold.ChangeThreshold;
import io.benchsuite.result.threshold.Criterion;
import io.benchsuite.result.threshold.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Everything a run is told, read once from a {@link BenchConfig} and checked before anything happens: which target,
 * the run's names, the load plan, the per-request timeout, the warm-up, what runs the workers, the thresholds,
 * what goes to the database, and the secrets to keep out of every output. {@code bench run} and {@code @LoadTest}
 * build it the same way, so a rule about a setting lives in one place (the record or factory method that reads
 * it) and gives the same message wherever the value came from.
 *
 * <pre>{@code
 * RunSettings settings = RunSettings.of(ConfigLoader.load(file, overrides));
 * }</pre>
 *
 * @param config        where the values came from (for the stored, redacted config and for origins)
 * @param factory       the target's factory
 * @param identity      run id, name and organisation
 * @param plan          workers over time (closed model); in the open model, {@code max_in_flight} for the load's
 *                      length, what sizes the threads and connections
 * @param rates         the open model's rates ({@code load_model: open}), null in the closed model
 * @param failOnInvalid an invalid run ({@code validity.valid} false) fails ({@code fail_on_invalid}, default false)
 * @param timeout       per-request timeout ({@code timeout}, default 30 s)
 * @param warmup        unmeasured load before the run ({@code warmup_seconds}, default 0)
 * @param workerThreads what runs each worker ({@code worker_threads})
 * @param thresholds    the pass/fail criteria on the run's own numbers, parsed
 * @param regression    the minimum effects a comparison with a baseline judges by ({@code regression_threshold} and
 *                      the thresholds on the change, such as {@code p99 regression < 10%})
 * @param repeat        how many times the load runs ({@code repeat}, default 1)
 * @param requestLog    which request documents go to a database ({@code request_log})
 * @param secrets       values that must never reach an output
 */
public record RunSettings(BenchConfig config, TargetFactory factory, RunIdentity identity, LoadPlan plan,
                          RatePlan rates, boolean failOnInvalid, Duration timeout, Duration warmup,
                          WorkerThreads workerThreads, List<Threshold> thresholds, RegressionThreshold regression,
                          int repeat, RequestLogMode requestLog, Secrets secrets) {

    /** The default per-request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The most repetitions of one load ({@code repeat}). */
    public static final int MAX_REPEAT = 100;

    public RunSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(workerThreads, "workerThreads");
        if (rates != null && plan.maxWorkers() != rates.maxInFlight()) {
            throw new IllegalArgumentException("the open model's plan holds max_in_flight workers");
        }
        thresholds = List.copyOf(thresholds);
        Objects.requireNonNull(regression, "regression");
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat (" + repeat + ") must be between 1 and " + MAX_REPEAT);
        }
        Objects.requireNonNull(requestLog, "requestLog");
        Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * A threshold expression and where it was given, for messages: {@code c.json: "thresholds"} or
     * {@code @Threshold("p99 < 250ms")}.
     */
    public record GivenThreshold(String expression, String where) {
    }

    /** The settings of {@code config}, whose {@code benchmark_type} names a target found on the class path. */
    public static RunSettings of(BenchConfig config) {
        return of(config, factoryFor(config), List.of());
    }

    /**
     * The settings of {@code config} for {@code factory}'s target, with {@code moreThresholds} besides the config's
     * own {@code thresholds} (the {@code @Threshold} annotations of a load test).
     *
     * @throws ConfigException on any mistake, naming the setting where it was given
     */
    public static RunSettings of(BenchConfig config, TargetFactory factory, List<GivenThreshold> moreThresholds) {
        config.checkKnownKeys(factory.configKeys());
        config.checkSecrets(factory.secretKeys());
        RunIdentity identity = RunIdentity.from(config);
        Duration timeout = config.optionalSeconds("timeout").orElse(DEFAULT_TIMEOUT);
        boolean open = loadModel(config);
        RatePlan rates = open ? RatePlan.from(config, timeout) : null;
        LoadPlan plan = open ? LoadPlan.constant(rates.maxInFlight(), rates.totalDuration())
                .withTotalRequests(rates.totalRequests()) : LoadPlan.from(config);
        boolean failOnInvalid = config.optionalBoolean("fail_on_invalid").orElse(false);
        Duration warmup = config.optionalSecondsOrZero("warmup_seconds").orElse(Duration.ZERO);
        WorkerThreads workerThreads = WorkerThreads.from(config);
        List<GivenThreshold> given = new ArrayList<>();
        config.thresholds().forEach(e -> given.add(new GivenThreshold(e, config.source() + ": \"thresholds\"")));
        given.addAll(moreThresholds);
        List<Criterion> criteria = criteria(given, factory, rates);
        List<Threshold> thresholds = criteria.stream().filter(c -> c instanceof Threshold).map(c -> (Threshold) c)
                .toList();
        checkGoodput(thresholds, given);
        RegressionThreshold regression = RegressionThreshold.of(regressionPercent(config), criteria.stream()
                .filter(c -> c instanceof ChangeThreshold).map(c -> (ChangeThreshold) c).toList());
        int repeat = repeat(config);
        RequestLogMode requestLog = RequestLogMode.of(config);
        factory.validate(config);
        if (workerThreads == WorkerThreads.EVENT_LOOP && !factory.eventLoop(config)) {
            throw config.error("worker_threads", "(\"event_loop\") is only for targets with an event loop "
                    + "(system_api, llm_api); " + factory.kind() + " runs on a thread per worker: use \"auto\", "
                    + "\"platform\" or \"virtual\"");
        }
        return new RunSettings(config, factory, identity, plan, rates, failOnInvalid, timeout, warmup, workerThreads,
                thresholds, regression, repeat, requestLog, factory.secrets(config));
    }

    /** These settings for another run of the same load: the same in all but its identity. */
    public RunSettings withIdentity(RunIdentity other) {
        return new RunSettings(config, factory, other, plan, rates, failOnInvalid, timeout, warmup, workerThreads,
                thresholds, regression, repeat, requestLog, secrets);
    }

    /** The open-model settings, and the closed model's, that a run of the other model would silently ignore. */
    private static final List<String> OPEN_KEYS = List.of("min_rate", "max_rate", "rate_levels", "arrival",
            "burstiness", "max_in_flight", "seed");
    private static final List<String> CLOSED_KEYS = List.of("min_load", "max_load");

    /**
     * Whether {@code load_model} is {@code open}; a setting of the other model is a mistake (it would be ignored).
     */
    private static boolean loadModel(BenchConfig config) {
        String model = config.optionalString("load_model").map(String::strip).orElse("closed");
        boolean open;
        if (model.equalsIgnoreCase("open")) {
            open = true;
        } else if (model.equalsIgnoreCase("closed")) {
            open = false;
        } else {
            throw config.error("load_model", "must be \"closed\" (workers, each waiting for its answer) or \"open\" "
                    + "(requests at a rate, whether or not earlier ones answered), got \"" + model + "\"");
        }
        int modelGiven = config.precedence("load_model");
        for (String key : open ? CLOSED_KEYS : OPEN_KEYS) {
            // a setting of the other model given where load_model was, or above it, would be silently ignored; one
            // below it (the file's max_load, with --set load_model=open) was overridden on purpose
            if (config.has(key) && config.precedence(key) >= modelGiven) {
                throw config.error(key, open
                        ? "is a closed-model setting (workers), and \"load_model\" is \"open\": give the rates "
                        + "with " + config.name("min_rate") + " and " + config.name("max_rate") + " instead"
                        : "is an open-model setting: add \"load_model\": \"open\" to send requests at a rate, or "
                        + "remove it");
            }
        }
        return open;
    }

    /** The open model ({@code load_model: open}): requests at {@link #rates}. */
    public boolean open() {
        return rates != null;
    }


    /**
     * {@code regression_threshold}: the minimum relative change a comparison with a baseline counts, in percent
     * (default {@value RegressionThreshold#DEFAULT_PERCENT}); between {@value ChangeThreshold#MIN_PERCENT} and
     * {@value ChangeThreshold#MAX_PERCENT}.
     */
    private static double regressionPercent(BenchConfig config) {
        double percent = config.optionalDouble("regression_threshold").orElse(RegressionThreshold.DEFAULT_PERCENT);
        if (!(percent >= ChangeThreshold.MIN_PERCENT && percent <= ChangeThreshold.MAX_PERCENT)) {
            throw config.error("regression_threshold", "(" + BenchConfig.formatNumber(percent) + ") is in percent and "
                    + "must be between " + BenchConfig.formatNumber(ChangeThreshold.MIN_PERCENT) + " and "
                    + BenchConfig.formatNumber(ChangeThreshold.MAX_PERCENT) + ", e.g. 10 for 10 %"
                    + (percent > 0 && percent < ChangeThreshold.MIN_PERCENT ? " (not 0.1)" : ""));
        }
        return percent;
    }

    /** {@code repeat}: how many times the load runs, 1 to {@value #MAX_REPEAT}. */
    private static int repeat(BenchConfig config) {
        int repeat = config.optionalInt("repeat").orElse(1);
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw config.error("repeat", "(" + repeat + ") must be between 1 and " + MAX_REPEAT + ", e.g. 5");
        }
        return repeat;
    }

    /**
     * Parses every threshold; a malformed one, or a token metric the target does not record, is a mistake.
     */
    private static List<Criterion> criteria(List<GivenThreshold> given, TargetFactory factory, RatePlan rates) {
        boolean open = rates != null;
        List<Criterion> out = new ArrayList<>();
        for (GivenThreshold g : given) {
            Criterion c;
            try {
                c = Criterion.parse(g.expression());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(g.where() + ": " + e.getMessage(), e);
            }
            boolean tokens = c instanceof Threshold t ? t.needsTokens() : ((ChangeThreshold) c).needsTokens();
            if (tokens && !factory.streaming()) {
                throw new ConfigException(g.where() + ": threshold \"" + g.expression() + "\" needs token metrics, "
                        + "which " + factory.kind() + " does not record; use it with an llm_api target");
            }
            if (c instanceof Threshold t) {
                if (t.workers() != null && open) {
                    throw new ConfigException(g.where() + ": threshold \"" + g.expression() + "\" is scoped to a "
                            + "worker level, and \"load_model\" is \"open\": its buckets are rate levels; write "
                            + "\"rate=R: ...\"");
                }
                if (t.rate() != null && !open) {
                    throw new ConfigException(g.where() + ": threshold \"" + g.expression() + "\" is scoped to a rate "
                            + "level, which only the open model has; write \"workers=N: ...\" or add \"load_model\": "
                            + "\"open\"");
                }
                if (t.rate() != null && open && !hasLevel(rates, t.rate())) {
                    List<String> levels = new ArrayList<>();
                    for (int l = 1; l <= rates.levels(); l++) {
                        levels.add(Threshold.format(Math.round(rates.rate(l) * 1000) / 1000.0, ""));
                    }
                    throw new ConfigException(g.where() + ": threshold \"" + g.expression() + "\" is scoped to rate "
                            + Threshold.format(t.rate(), "req/s") + ", which is not one of the run's rate levels "
                            + (levels.size() > 12 ? levels.subList(0, 12) + "..." : levels));
                }
            }
            out.add(c);
        }
        return out;
    }

    /** A goodput threshold needs a time threshold to count good requests by (docs/metrics.md, "Goodput"). */
    private static void checkGoodput(List<Threshold> thresholds, List<GivenThreshold> given) {
        if (thresholds.stream().anyMatch(t -> t.metric() == Threshold.Metric.GOODPUT)
                && io.benchsuite.engine.Slo.of(thresholds) == null) {
            GivenThreshold g = given.stream().filter(x -> x.expression().strip().toLowerCase(java.util.Locale.ROOT)
                    .startsWith("goodput")).findFirst().orElse(given.getFirst());
            throw new ConfigException(g.where() + ": threshold \"" + g.expression() + "\" needs a per-request time "
                    + "limit to count good requests by: add a latency, service_time, ttft or tpot threshold with < "
                    + "(e.g. \"p99 < 250ms\"), see docs/metrics.md, \"Goodput\"");
        }
    }

    private static boolean hasLevel(RatePlan rates, double rate) {
        for (int l = 1; l <= rates.levels(); l++) {
            if (Math.abs(rates.rate(l) - rate) < 0.0005) {
                return true;
            }
        }
        return false;
    }

    /** The factory serving {@code config.benchmarkType()}, found with {@link ServiceLoader}. */
    public static TargetFactory factoryFor(BenchConfig config) {
        String type = config.benchmarkType();
        List<String> known = new ArrayList<>();
        for (TargetFactory f : ServiceLoader.load(TargetFactory.class, RunSettings.class.getClassLoader())) {
            if (f.benchmarkType().equals(type)) {
                return f;
            }
            known.add(f.benchmarkType());
        }
        if (type.equals("llm_api")) {
            throw new ConfigException(config.source() + ": benchmark_type \"llm_api\" needs the io.benchsuite:bench-llm "
                    + "module on the class path; add it as a dependency (see docs/llm.md)");
        }
        throw new ConfigException(config.source() + ": \"benchmark_type\" \"" + type + "\" is not known; use one of "
                + new TreeSet<>(known));
    }

    /** What is measured, for people ({@link TargetFactory#describe}), with every secret replaced. */
    public String targetDescription() {
        return secrets.scrub(factory.describe(config));
    }
}
