/**
 * The load engine: {@link io.benchsuite.engine.run.LoadEngine} runs a {@link io.benchsuite.engine.run.RunSpec} and
 * returns the result; its controller, drivers, workers, collector and result assembly are package-private. Public for
 * the run pipeline ({@code bench-runner}) and tests; see {@code docs/architecture.md}.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.engine.run;
