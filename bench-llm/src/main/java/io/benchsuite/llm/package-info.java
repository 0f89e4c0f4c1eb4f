/**
 * The {@code llm_api} target: OpenAI-compatible and Anthropic streams (one {@code LlmProtocol} each) on the
 * engine's HTTP transports, found with {@code ServiceLoader} through {@link io.benchsuite.llm.LlmTargetFactory}. Users
 * configure it ({@code docs/llm.md}); the classes are not an API.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.llm;
