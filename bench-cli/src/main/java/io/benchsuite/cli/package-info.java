/**
 * The {@code bench} command line: argument parsing, printing and exit codes around the run pipeline. The commands are
 * the API ({@code bench help}), not these classes.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.cli;
