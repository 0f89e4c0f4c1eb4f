/**
 * Thresholds: their syntax ({@link io.benchsuite.result.threshold.Threshold}, {@link
 * io.benchsuite.result.threshold.ChangeThreshold}) and their evaluation against a result.
 *
 * <p><b>Status: API</b> (for users; compatible changes only).
 */
package io.benchsuite.result.threshold;
