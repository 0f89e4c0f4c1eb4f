/** BenchSuite bench-llm. */
package io.benchsuite.llm;
