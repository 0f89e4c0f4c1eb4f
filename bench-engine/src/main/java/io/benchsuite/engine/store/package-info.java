/**
 * Where finished runs are kept and read back: the local results directory ({@link
 * io.benchsuite.result.source.FileRunSource}) and MongoDB ({@code io.benchsuite.store.mongo}), behind one
 * {@link io.benchsuite.result.source.RunSource}; and the {@link Baselines} runs are compared with
 * ({@link io.benchsuite.result.compare.RunComparison}). Schema and behaviour: {@code docs/storage.md}.
 *
 * <p><b>Status: SPI</b> (for implementers of targets and stores).
 */
package io.benchsuite.engine.store;
