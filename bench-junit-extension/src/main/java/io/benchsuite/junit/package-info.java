/** BenchSuite bench-junit-extension. */
package io.benchsuite.junit;
