/**
 * In-process demo servers for {@code bench demo} and tests: an orders API (optionally of limited capacity) and a
 * streaming LLM.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.demo;
