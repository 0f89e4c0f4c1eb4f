/**
 * MongoDB results store: {@link io.benchsuite.store.mongo.MongoResults} writes runs and request logs
 * asynchronously (the load never waits on the database), spills what it could not send to the run directory,
 * and uploads spill files later without duplicates. Schema: {@code docs/storage.md}.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.store.mongo;
