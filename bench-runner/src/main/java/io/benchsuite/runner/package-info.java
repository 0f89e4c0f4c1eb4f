/**
 * The run pipeline both front-ends call: {@link io.benchsuite.runner.BenchRun} (prepare, load, evaluate, write,
 * store, report) and its other drivers ({@link io.benchsuite.runner.SweepRun}, {@link io.benchsuite.runner.MergeRun},
 * {@link io.benchsuite.runner.Repetitions}); see {@code docs/architecture.md}.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.runner;
