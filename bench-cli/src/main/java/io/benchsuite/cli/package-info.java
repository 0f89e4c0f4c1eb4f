/** BenchSuite bench-cli. */
package io.benchsuite.cli;
