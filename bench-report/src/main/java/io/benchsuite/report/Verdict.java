package io.benchsuite.report;

import io.benchsuite.result.RunResult;

/**
 * The one-word outcome shown in the header and the index: {@code PASSED} when the run completed and every
 * threshold passed (or there were none), {@code FAILED} when a threshold failed or the run could not be carried
 * out, {@code ABORTED} when the run stopped early without a failed threshold.
 */
enum Verdict {
    PASSED, FAILED, ABORTED;

    static Verdict of(RunResult result) {
        if (!result.thresholdsPassed() || result.status() == RunResult.Status.failed) {
            return FAILED;
        }
        return result.status() == RunResult.Status.aborted ? ABORTED : PASSED;
    }

    String cssClass() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
