/**
 * The {@code result.json} contract ({@code docs/results.md}): {@link io.benchsuite.result.RunResult}, {@link
 * io.benchsuite.result.Stats}, {@link io.benchsuite.result.Distribution} and their parts, read and written by {@link
 * io.benchsuite.result.ResultJson}. Fields are only ever added.
 *
 * <p><b>Status: API</b> (for users; compatible changes only).
 */
package io.benchsuite.result;
