/**
 * The HTTP/1.1 client behind {@code system_api} and {@code llm_api}: one client, two transports (threads, event loop)
 * carrying a {@link io.benchsuite.engine.target.http.HttpProtocol}; see {@code docs/http-client.md}.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.engine.target.http;
