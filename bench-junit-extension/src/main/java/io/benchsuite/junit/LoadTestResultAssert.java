package io.benchsuite.junit;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link LoadTestResult}; start with {@link LoadTestAssertions#assertThat(LoadTestResult)}. */
public final class LoadTestResultAssert extends AbstractAssert<LoadTestResultAssert, LoadTestResult> {

    LoadTestResultAssert(LoadTestResult actual) {
        super(actual, LoadTestResultAssert.class);
    }

    /** Assertions on the statistics of the whole run. */
    public StatsAssert overall() {
        isNotNull();
        return new StatsAssert(actual.overall(), "(overall)", info.descriptionText());
    }

    /** Assertions on the bucket of {@code workers}; fails when the run never reached that level. */
    public StatsAssert atWorkers(int workers) {
        isNotNull();
        Stats bucket = actual.findWorkers(workers).orElse(null);
        if (bucket == null) {
            failWithMessage("%s", "Expecting the run to reach:\n  " + workers + " workers\nbut it reached:\n  "
                    + actual.levels());
        }
        return new StatsAssert(bucket, "at " + workers + " workers", info.descriptionText());
    }

    /** Open model: assertions on the bucket of target rate {@code rate}; fails when the run had no such level. */
    public StatsAssert atRate(double rate) {
        isNotNull();
        Stats bucket = actual.findRate(rate).orElse(null);
        if (bucket == null) {
            failWithMessage("%s", "Expecting the run to have a rate level of:\n  "
                    + io.benchsuite.result.threshold.Threshold.format(rate, "req/s") + "\nbut its levels were:\n  "
                    + actual.levels());
        }
        return new StatsAssert(bucket, "at " + io.benchsuite.result.threshold.Threshold.format(rate, "req/s"),
                info.descriptionText());
    }

    /** Verifies that the run is valid: it measured the target, not the limits of the machine sending the load. */
    public LoadTestResultAssert isValid() {
        isNotNull();
        if (!actual.valid()) {
            failWithMessage("%s", "Expecting the run to be:\n  valid\nbut it was invalid:\n  "
                    + String.join("\n  ", actual.validity().reasons()));
        }
        return this;
    }

    /**
     * Assertions on a capacity test's answer ({@code @LoadTest(sweep = true)}): the highest load that met every
     * threshold, in req/s (open model) or workers. Fails when the test was no sweep, or no load met the SLO.
     * <pre>{@code assertThat(result).capacity().isAtLeast(150);}</pre>
     */
    public NumberAssert capacity() {
        isNotNull();
        io.benchsuite.result.Capacity c = actual.result().capacity();
        if (c == null) {
            failWithMessage("%s", "Expecting a capacity, but the load test was no sweep: add sweep = true to its "
                    + "@LoadTest");
        }
        if (!c.found()) {
            failWithMessage("%s", "Expecting a capacity, but no load in the range met the SLO " + c.slo()
                    + " (limited by " + c.limitedBy() + ")");
        }
        return new NumberAssert(c.value(), "capacity", c.unit(), info.descriptionText());
    }

    /** Verifies that the run was not aborted. */
    public LoadTestResultAssert isCompleted() {
        isNotNull();
        if (actual.status() != RunResult.Status.completed) {
            failWithMessage("%s", "Expecting the run to be:\n  completed\nbut it was:\n  " + actual.status());
        }
        return this;
    }

    /** Verifies that every threshold passed. */
    public LoadTestResultAssert hasPassedThresholds() {
        isNotNull();
        if (!actual.thresholdsPassed()) {
            failWithMessage("%s", io.benchsuite.result.threshold.ThresholdEvaluator.failureMessage(
                    actual.thresholds()));
        }
        return this;
    }
}
