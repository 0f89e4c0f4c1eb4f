/**
 * Statistics added up from several results: the shards of a distributed run ({@link
 * io.benchsuite.result.merge.ShardMerge}) and the probes of a sweep ({@link io.benchsuite.result.merge.StatsSum}),
 * from their histograms.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.result.merge;
