package io.benchsuite.engine.run;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A run described by a {@link BenchConfig}: validates everything before the load starts (config keys and
 * types, load plan, target, dataset, output directory), then runs it and writes the result files.
 *
 * <pre>{@code
 * ConfiguredRun run = ConfiguredRun.prepare(ConfigLoader.load(file, overrides));
 * RunResult result = run.execute(Path.of("bench-results"), progress -> {}, new RunControl(), List.of());
 * }</pre>
 */
public final class ConfiguredRun {

    private final BenchConfig config;
    private final TargetFactory factory;
    private final LoadPlan plan;
    private final Duration timeout;
    private final Dataset dataset;
    private final String runId;
    private final List<Threshold> thresholds;
    private final Duration warmup;
    private final WorkerThreads workerThreads;

    private ConfiguredRun(BenchConfig config, TargetFactory factory, LoadPlan plan, Duration timeout,
                          Dataset dataset, String runId, List<Threshold> thresholds, Duration warmup,
                          WorkerThreads workerThreads) {
        this.thresholds = List.copyOf(thresholds);
        this.warmup = warmup;
        this.workerThreads = workerThreads;
        this.config = config;
        this.factory = factory;
        this.plan = plan;
        this.timeout = timeout;
        this.dataset = dataset;
        this.runId = runId;
    }

    /** Validates {@code config} and loads its dataset; throws {@link ConfigException} on any mistake. */
    public static ConfiguredRun prepare(BenchConfig config) {
        TargetFactory factory = factoryFor(config);
        config.checkKnownKeys(factory.configKeys());
        config.checkSecrets(factory.secretKeys());
        LoadPlan plan = config.loadPlan();
        Duration timeout = config.timeout();
        Duration warmup = config.warmup();
        WorkerThreads workerThreads = config.workerThreads();
        List<Threshold> thresholds = thresholds(config, factory); // a malformed expression fails before the load
        factory.validate(config);
        if (workerThreads == WorkerThreads.EVENT_LOOP && !factory.eventLoop(config)) {
            throw config.error("worker_threads", "(\"event_loop\") is only for targets with an event loop (system_api, "
                    + "llm_api); this " + factory.benchmarkType() + " target runs on a thread per worker: use "
                    + "\"auto\", \"platform\" or \"virtual\"");
        }
        Dataset dataset = config.dataset()
                .map(p -> Dataset.load(p, factory.recordCheck(config)))
                .orElseGet(() -> {
                    if (factory.datasetRequired()) {
                        throw new ConfigException(config.source() + ": missing required field \"dataset\" for "
                                + "benchmark_type \"" + factory.benchmarkType() + "\"; see docs/config.md");
                    }
                    return Dataset.empty();
                });
        String runId = config.runId().orElseGet(BenchConfig::generateRunId);
        return new ConfiguredRun(config, factory, plan, timeout, dataset, runId, thresholds, warmup, workerThreads);
    }

    /**
     * The parsed {@code thresholds} of {@code config}; a malformed expression, or an LLM metric for a target that
     * streams no tokens, throws {@link ConfigException}.
     */
    public static List<Threshold> thresholds(BenchConfig config, TargetFactory factory) {
        List<Threshold> out = new ArrayList<>();
        for (String expression : config.thresholds()) {
            Threshold t;
            try {
                t = Threshold.parse(expression);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.source() + ": \"thresholds\": " + e.getMessage(), e);
            }
            if (t.needsTokens() && !factory.streaming()) {
                throw new ConfigException(config.source() + ": \"thresholds\": threshold \"" + expression
                        + "\" needs token metrics, which benchmark_type \"" + factory.benchmarkType()
                        + "\" does not record; use it with llm_api");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** The factory serving {@code config.benchmarkType()}, found with {@link ServiceLoader}. */
    public static TargetFactory factoryFor(BenchConfig config) {
        String type = config.benchmarkType();
        List<String> known = new ArrayList<>();
        for (TargetFactory f : ServiceLoader.load(TargetFactory.class, ConfiguredRun.class.getClassLoader())) {
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

    public BenchConfig config() {
        return config;
    }

    public LoadPlan plan() {
        return plan;
    }

    public String runId() {
        return runId;
    }

    /** The config's {@code thresholds}, parsed and checked by {@link #prepare}. */
    public List<Threshold> thresholds() {
        return thresholds;
    }

    public TargetFactory factory() {
        return factory;
    }

    /** What is measured, for people ({@link TargetFactory#describe}), with every secret replaced. */
    public String targetDescription() {
        return factory.secrets(config).scrub(factory.describe(config));
    }

    /**
     * Runs the load and writes {@code <outDir>/<run_id>/result.json} and {@code requests.jsonl.gz}.
     *
     * @param extraSinks more per-request log sinks (e.g. a database)
     */
    public Outcome execute(Path outDir, Consumer<Progress> progress, RunControl control,
                           List<RequestLogSink> extraSinks) {
        RunFiles files = RunFiles.create(outDir, runId);
        Target target;
        try {
            target = factory.create(config);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(config.source() + ": cannot create the " + factory.benchmarkType()
                    + " target: " + e.getMessage(), e);
        }
        Secrets secrets = factory.secrets(config);
        try (Target t = target; RequestLogFile log = new RequestLogFile(files.requestLog())) {
            RunSpec.Builder spec = RunSpec.builder(t, plan)
                    .withRunId(runId)
                    .withOrgId(config.orgId())
                    .withName(config.name().orElse(runId))
                    .withBenchmarkType(factory.benchmarkType())
                    .withTargetDescription(secrets.scrub(factory.describe(config)))
                    .withTimeout(timeout)
                    .withDataset(dataset)
                    .withStreaming(factory.streaming())
                    .withRedactedConfig(config.redacted(factory.secretKeys()))
                    .withSecrets(secrets)
                    .withRequestLog(log)
                    .withProgress(progress)
                    .withControl(control)
                    .withWorkerThreads(workerThreads)
                    .withWarmup(warmup);
            extraSinks.forEach(spec::withRequestLog);
            RunResult result = LoadEngine.run(spec.build());
            result = result.withThresholds(ThresholdEvaluator.evaluate(thresholds, result));
            ResultJson.write(result, files.resultFile());
            return new Outcome(result, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the target failed: " + e.getMessage(), e);
        }
    }

    /** What a finished run left behind. */
    public record Outcome(RunResult result, RunFiles files) {
    }
}
