/**
 * Datasets: the records requests are made of, and the JSONPath that selects part of each.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.engine.dataset;
