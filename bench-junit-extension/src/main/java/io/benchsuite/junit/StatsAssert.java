package io.benchsuite.junit;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.Stats;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the statistics of a bucket or of the whole run; reached from {@link LoadTestResultAssert}.
 * Every metric is defined in {@code docs/metrics.md}.
 */
public final class StatsAssert extends AbstractAssert<StatsAssert, Stats> {

    private final String scope;
    private final String description;

    StatsAssert(Stats actual, String scope, String description) {
        super(actual, StatsAssert.class);
        this.scope = scope;
        this.description = description;
        if (description != null && !description.isEmpty()) {
            describedAs(description);
        }
    }

    /** End-to-end latency (open model: from each request's intended start). */
    public DistributionAssert latency() {
        return new DistributionAssert(actual.latencyMs(), "latency", scope, description);
    }

    /**
     * Service time: from each request's actual send to its end. In the open model it leaves out the time a request
     * waited for its send (a free slot, a late generator), which {@link #latency()} includes; in the closed model
     * the two are the same.
     */
    public DistributionAssert serviceTime() {
        return new DistributionAssert(actual.serviceTimeMs() != null ? actual.serviceTimeMs() : actual.latencyMs(),
                "service time", scope, description);
    }

    /** Time to first token (LLM runs); fails when the run streamed no tokens. */
    public DistributionAssert ttft() {
        return new DistributionAssert(tokens(actual.ttftMs(), "TTFT"), "TTFT", scope, description);
    }

    /**
     * Time to first output (LLM runs): to the first answer token, after a reasoning model's reasoning; equal to
     * {@link #ttft()} for a model that does not reason. Fails when the run streamed no answer.
     */
    public DistributionAssert ttfo() {
        return new DistributionAssert(tokens(actual.ttfoMs(), "TTFO"), "TTFO", scope, description);
    }

    /** Time per output token (LLM runs). */
    public DistributionAssert tpot() {
        return new DistributionAssert(tokens(actual.tpotMs(), "TPOT"), "TPOT", scope, description);
    }

    /** Inter-token latency (LLM runs). */
    public DistributionAssert itl() {
        return new DistributionAssert(tokens(actual.itlMs(), "ITL"), "ITL", scope, description);
    }

    /**
     * Goodput: requests per second that succeeded within every per-request time limit of the run's thresholds
     * (docs/metrics.md, "Goodput"); fails when the run had no such threshold.
     */
    public NumberAssert goodput() {
        isNotNull();
        if (actual.goodputRps() == null) {
            failWithMessage("Expecting goodput %s but the run counted none: it needs a latency, service_time, ttft or "
                    + "tpot threshold with <, e.g. @Threshold(\"p99 < 250ms\")", scope);
        }
        return new NumberAssert(actual.goodputRps(), "goodput " + scope, "req/s", description);
    }

    /** Successes / requests, in percent. */
    public NumberAssert successRate() {
        return new NumberAssert(actual.successRate(), "success rate " + scope, "%", description);
    }

    /** Failures / requests, in percent. */
    public NumberAssert errorRate() {
        double rate = actual.requests() == 0 ? 0 : Math.round((100.0 - actual.successRate()) * 1000.0) / 1000.0;
        return new NumberAssert(rate, "error rate " + scope, "%", description);
    }

    /** Requests per second. */
    public NumberAssert throughput() {
        return new NumberAssert(actual.throughputRps(), "throughput " + scope, "req/s", description);
    }

    /** Output tokens per second (LLM runs). */
    public NumberAssert outputTokensPerSecond() {
        if (actual.outputTokensPerSecond() == null) {
            failWithMessage("%s", "Expecting output tokens per second " + scope
                    + ",\nbut the run streamed no tokens (only llm_api runs do)");
        }
        return new NumberAssert(actual.outputTokensPerSecond(), "output tokens per second " + scope, "tokens/s",
                description);
    }

    /** The number of requests. */
    public NumberAssert requests() {
        return new NumberAssert(actual.requests(), "requests " + scope, "", description);
    }

    /** Verifies that no request failed. */
    public StatsAssert hasNoErrors() {
        if (actual.failures() > 0) {
            failWithMessage("%s", "Expecting no failed requests " + scope + ",\nbut found:\n  " + actual.errors());
        }
        return this;
    }

    private Distribution tokens(Distribution d, String name) {
        if (d == null) {
            failWithMessage("%s", "Expecting " + name + " " + scope
                    + ",\nbut the run streamed no tokens (only llm_api runs record it)");
        }
        return d;
    }
}
