/** BenchSuite bench-report. */
package io.benchsuite.report;
