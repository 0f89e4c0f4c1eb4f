package io.benchsuite.junit;

import io.benchsuite.result.Distribution;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a latency distribution: pick a statistic, then compare it with a {@link java.time.Duration}. */
public final class DistributionAssert extends AbstractAssert<DistributionAssert, Distribution> {

    private final String metric;
    private final String scope;
    private final String description;

    DistributionAssert(Distribution actual, String metric, String scope, String description) {
        super(actual, DistributionAssert.class);
        this.metric = metric;
        this.scope = scope;
        this.description = description;
    }

    public DurationValueAssert p50() {
        return statistic("p50");
    }

    public DurationValueAssert p75() {
        return statistic("p75");
    }

    public DurationValueAssert p90() {
        return statistic("p90");
    }

    public DurationValueAssert p95() {
        return statistic("p95");
    }

    public DurationValueAssert p99() {
        return statistic("p99");
    }

    /** The 99.9th percentile. */
    public DurationValueAssert p999() {
        return statistic("p999");
    }

    public DurationValueAssert mean() {
        return statistic("mean");
    }

    public DurationValueAssert min() {
        return statistic("min");
    }

    public DurationValueAssert max() {
        return statistic("max");
    }

    private DurationValueAssert statistic(String name) {
        return new DurationValueAssert(actual.get(name), name + " " + metric + " " + scope, description);
    }
}
