/**
 * The self-contained HTML report ({@link io.benchsuite.report.HtmlReport}): one run, a comparison, the index of a
 * results directory; built from saved results only ({@code docs/report.md}).
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.report;
