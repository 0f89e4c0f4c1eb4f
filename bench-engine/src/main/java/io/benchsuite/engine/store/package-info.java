/**
 * Where finished runs are kept and read back: the local results directory ({@link
 * io.benchsuite.engine.store.FileRunSource}) and MongoDB ({@code io.benchsuite.engine.store.mongo}), behind one
 * {@link io.benchsuite.engine.store.RunSource}; plus {@link io.benchsuite.engine.store.RunComparison} (a build
 * against its baseline). Schema and behaviour: {@code docs/storage.md}.
 */
package io.benchsuite.engine.store;
