/**
 * Load tests as JUnit 5 tests: {@link io.benchsuite.junit.LoadTest}, {@link io.benchsuite.junit.Threshold},
 * {@link io.benchsuite.junit.Baseline}, the per-request parameters ({@link io.benchsuite.junit.DatasetRecord},
 * {@link io.benchsuite.junit.RequestContext}), {@link io.benchsuite.junit.LoadTestResult} and its AssertJ assertions
 * ({@link io.benchsuite.junit.LoadTestAssertions}). The annotation's Javadoc is the manual; {@code docs/junit.md}
 * the guide. Everything else here is package-private.
 *
 * <p><b>Status: API</b> (for users; compatible changes only).
 */
package io.benchsuite.junit;
