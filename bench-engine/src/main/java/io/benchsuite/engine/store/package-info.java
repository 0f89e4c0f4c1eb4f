/**
 * Where finished runs are kept and read back: the local results directory ({@link
 * io.benchsuite.result.source.FileRunSource}) and MongoDB ({@code io.benchsuite.store.mongo}), behind one
 * {@link io.benchsuite.result.source.RunSource}; plus {@link io.benchsuite.result.compare.RunComparison} (a build
 * against its baseline). Schema and behaviour: {@code docs/storage.md}.
 */
package io.benchsuite.engine.store;
