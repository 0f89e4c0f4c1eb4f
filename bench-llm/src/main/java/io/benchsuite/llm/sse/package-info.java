/**
 * Server-sent events, as the LLM streams send them.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.llm.sse;
