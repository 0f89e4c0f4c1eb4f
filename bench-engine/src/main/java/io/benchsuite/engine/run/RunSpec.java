package io.benchsuite.engine.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.dataset.Dataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the engine needs for one run. Built with {@link #builder(Target, LoadPlan)}.
 *
 * <pre>{@code
 * RunResult result = LoadEngine.run(RunSpec.builder(target, LoadPlan.ramp(1, 10, ofSeconds(60), ZERO))
 *         .withRunId("orders-42").withTimeout(ofSeconds(5)).build());
 * }</pre>
 */
public final class RunSpec {

    final String runId;
    final String orgId;
    final String name;
    final String benchmarkType;
    final String targetDescription;
    final LoadPlan plan;
    /** The open model's rates, or null for the closed model ({@link #plan}'s workers). */
    final RatePlan rates;
    /** The per-request SLO goodput counts against, or null (no time thresholds: no goodput). */
    final io.benchsuite.engine.Slo slo;
    final Duration timeout;
    final Dataset dataset;
    final Target target;
    final boolean streaming;
    final ObjectNode redactedConfig;
    final Secrets secrets;
    final List<RequestLogSink> sinks;
    final Consumer<Progress> progress;
    final RunControl control;
    final io.benchsuite.engine.WorkerThreads workerThreads;
    final Duration warmup;
    final Clock clock;
    final io.benchsuite.engine.Shard shard;
    final java.time.Instant startAt;
    final java.time.InstantSource wall;

    private RunSpec(Builder b) {
        this.runId = b.runId;
        this.orgId = b.orgId;
        this.name = b.name == null ? b.runId : b.name;
        this.benchmarkType = b.benchmarkType;
        this.targetDescription = b.targetDescription;
        this.plan = b.plan;
        this.slo = b.slo;
        this.rates = b.rates == null ? null : b.rates.forShard(b.shard); // a shard's part of the rates
        this.timeout = b.timeout;
        this.dataset = b.dataset;
        this.target = b.target;
        this.streaming = b.streaming;
        this.redactedConfig = b.redactedConfig;
        this.secrets = b.secrets;
        this.sinks = List.copyOf(b.sinks);
        this.progress = b.progress;
        this.control = b.control;
        this.workerThreads = b.workerThreads;
        this.warmup = b.warmup;
        this.clock = b.clock;
        this.shard = b.shard;
        this.startAt = b.startAt;
        this.wall = b.wall;
    }

    /**
     * The unrecorded warm-up before this run: {@code max_load} workers (this shard's share of them) for
     * {@link #warmup}, the same target (its connections stay open), records, timeout, threads, control and clock;
     * no log, no progress, no shared start (the warm-up runs before it).
     */
    RunSpec warmUpSpec() {
        Builder b = rates != null
                ? builder(target, RatePlan.constant(rates.maxRate(), warmup, rates.maxInFlight(), rates.seed() + 1))
                : builder(target, LoadPlan.constant(plan.maxWorkers(), warmup));
        return b
                .withTimeout(timeout)
                .withDataset(dataset)
                .withStreaming(streaming)
                .withSecrets(secrets)
                .withControl(control)
                .withWorkerThreads(workerThreads)
                .withClock(clock)
                .withShard(rates != null ? io.benchsuite.engine.Shard.WHOLE : shard) // the rates are the shard's already
                .withWallClock(wall)
                .build();
    }

    public static Builder builder(Target target, LoadPlan plan) {
        return new Builder(target, plan, null);
    }

    /**
     * An open-model run: requests at {@code rates}' intended start times, at most {@code maxInFlight} in flight
     * (run on that many threads at most, or on the target's event loop).
     */
    public static Builder builder(Target target, RatePlan rates) {
        return new Builder(target, LoadPlan.constant(rates.maxInFlight(), rates.totalDuration()),
                Objects.requireNonNull(rates, "rates"));
    }

    public LoadPlan plan() {
        return plan;
    }

    public String runId() {
        return runId;
    }

    public RunControl control() {
        return control;
    }

    /** Options for a {@link RunSpec}. */
    public static final class Builder {
        private final Target target;
        private final LoadPlan plan;
        private final RatePlan rates;
        private String runId = io.benchsuite.engine.config.BenchConfig.generateRunId();
        private String orgId = "default";
        private String name;
        private String benchmarkType = "custom";
        private String targetDescription = "";
        private Duration timeout = Duration.ofSeconds(30);
        private Dataset dataset = Dataset.empty();
        private boolean streaming;
        private ObjectNode redactedConfig = JsonNodeFactory.instance.objectNode();
        private Secrets secrets = Secrets.none();
        private final List<RequestLogSink> sinks = new ArrayList<>();
        private Consumer<Progress> progress = p -> { };
        private RunControl control = new RunControl();
        private io.benchsuite.engine.WorkerThreads workerThreads = io.benchsuite.engine.WorkerThreads.AUTO;
        private Duration warmup = Duration.ZERO;
        private Clock clock = Clock.SYSTEM;
        private io.benchsuite.engine.Shard shard = io.benchsuite.engine.Shard.WHOLE;
        private io.benchsuite.engine.Slo slo;
        private java.time.Instant startAt;
        private java.time.InstantSource wall = java.time.InstantSource.system();

        private Builder(Target target, LoadPlan plan, RatePlan rates) {
            this.target = Objects.requireNonNull(target, "target");
            this.plan = Objects.requireNonNull(plan, "plan");
            this.rates = rates;
        }

        public Builder withRunId(String runId) {
            this.runId = Objects.requireNonNull(runId);
            return this;
        }

        public Builder withOrgId(String orgId) {
            this.orgId = Objects.requireNonNull(orgId);
            return this;
        }

        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        public Builder withBenchmarkType(String type) {
            this.benchmarkType = Objects.requireNonNull(type);
            return this;
        }

        /** What is measured, for people: {@code POST https://...}, {@code openai gpt-4o-mini}, a method name. */
        public Builder withTargetDescription(String description) {
            this.targetDescription = Objects.requireNonNull(description);
            return this;
        }

        public Builder withTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout (" + timeout + ") must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        public Builder withDataset(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset);
            return this;
        }

        /** Record TTFT, TPOT, ITL and tokens (LLM targets). */
        public Builder withStreaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** The configuration to store with the result; secrets must already be replaced. */
        public Builder withRedactedConfig(ObjectNode config) {
            this.redactedConfig = config.deepCopy();
            return this;
        }

        /** Values to replace by {@code ***} in error samples and notes. */
        public Builder withSecrets(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets);
            return this;
        }

        public Builder withRequestLog(RequestLogSink sink) {
            this.sinks.add(Objects.requireNonNull(sink));
            return this;
        }

        /** Called about once a second on the run's collector thread (never a worker); should return quickly. */
        /** Counts the requests that met {@code slo} (goodput); null for none. */
        public Builder withSlo(io.benchsuite.engine.Slo slo) {
            this.slo = slo;
            return this;
        }

        public Builder withProgress(Consumer<Progress> listener) {
            this.progress = Objects.requireNonNull(listener);
            return this;
        }

        public Builder withControl(RunControl control) {
            this.control = Objects.requireNonNull(control);
            return this;
        }

        /** The kind of thread each worker runs on (default {@code AUTO}; see {@link io.benchsuite.engine.WorkerThreads}). */
        public Builder withWorkerThreads(io.benchsuite.engine.WorkerThreads kind) {
            this.workerThreads = Objects.requireNonNull(kind);
            return this;
        }

        /**
         * Unmeasured load before the run ({@code warmup_seconds}): {@code max_load} workers send requests that
         * are recorded nowhere, so connection set-up and JIT compilation stay out of the first bucket.
         */
        public Builder withWarmup(Duration warmup) {
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warm-up must be >= 0, got " + warmup);
            }
            this.warmup = warmup;
            return this;
        }

        /**
         * Runs this shard's part of the load (default the whole run): at every level its share of the workers
         * ({@link io.benchsuite.engine.Shard#workers}), buckets still keyed by the global level. The dataset given
         * must already be the shard's records ({@link Dataset#partition}).
         */
        public Builder withShard(io.benchsuite.engine.Shard shard) {
            this.shard = Objects.requireNonNull(shard);
            return this;
        }

        /**
         * Starts the measured load at {@code startAt} (after the warm-up, if any): the instant every shard of a run
         * starts at. The result's {@code shard.start_offset_ms} is how much later the load actually started, by this
         * run's clock. See {@link SharedStart}.
         */
        public Builder withStartAt(java.time.Instant startAt) {
            this.startAt = Objects.requireNonNull(startAt);
            return this;
        }

        /** The wall clock that places {@link #withStartAt} on the run's clock (tests give a fixed one). */
        Builder withWallClock(java.time.InstantSource wall) {
            this.wall = Objects.requireNonNull(wall);
            return this;
        }

        /** The clock the run is scheduled by (default {@link Clock#SYSTEM}; tests drive their own). */
        Builder withClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public RunSpec build() {
            return new RunSpec(this);
        }
    }
}
