/**
 * The engine's extension points and the values they pass: {@link io.benchsuite.engine.Target} and {@link
 * io.benchsuite.engine.EventLoopTarget} (what sends one request), {@link io.benchsuite.engine.TargetFactory} (a
 * {@code benchmark_type}, found with {@code ServiceLoader}), {@link io.benchsuite.engine.Exchange} (one request's
 * inputs and outcome), {@link io.benchsuite.engine.ErrorClass}; and the load's plans ({@link
 * io.benchsuite.engine.LoadPlan}, {@link io.benchsuite.engine.RatePlan}, {@link io.benchsuite.engine.Shard}, {@link
 * io.benchsuite.engine.Slo}). Implement a target against these; the rest of the engine is internal.
 *
 * <p><b>Status: SPI</b> (for implementers of targets and stores).
 */
package io.benchsuite.engine;
