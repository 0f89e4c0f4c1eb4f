/**
 * Typed settings read once from a config's layers ({@link io.benchsuite.engine.config.BenchConfig}, {@link
 * io.benchsuite.engine.config.RunSettings}), the run's identity and the secrets kept out of every output. Public for
 * the CLI, the JUnit extension and the targets; users write configs ({@code docs/config.md}) or annotations, not
 * these classes.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.engine.config;
