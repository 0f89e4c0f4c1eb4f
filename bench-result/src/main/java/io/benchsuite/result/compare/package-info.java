/**
 * The comparison of two runs ({@code bench analyze --compare}, {@code @Baseline}): verdicts per metric from intervals
 * that carry the runs' noise ({@code docs/metrics.md}, "Compare").
 *
 * <p><b>Status: API</b> (for users; compatible changes only).
 */
package io.benchsuite.result.compare;
