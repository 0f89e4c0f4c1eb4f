package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code system_api} target on event loops ({@code worker_threads: event_loop}, and {@code auto} for an
 * {@code http://} endpoint): the same requests, outcomes and retry policy as {@link SystemApiTarget}, sent by
 * {@link HttpLoopTarget}'s loops (one thread per core) instead of a blocked thread per worker, as {@code wrk}
 * does.
 *
 * <p>Why (docs/performance.md): against a server that answers in microseconds, a thread per worker costs a
 * context switch per request, which held us at 0.6–0.7× {@code wrk}'s requests per second; a loop answers a
 * response with the next request on the same thread.
 */
final class SystemApiLoopTarget extends HttpLoopTarget implements SystemApiTransport {

    private final SystemApi api;

    /**
     * @param threads the number of event-loop threads (started as workers need them), at least 1
     * @see SystemApi#SystemApi for the other parameters
     */
    SystemApiLoopTarget(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
                        boolean insecure, javax.net.ssl.SSLContext sslContext, Consumer<String> warnings,
                        io.benchsuite.engine.config.Secrets secrets, int threads) {
        this(endpoint, new SystemApi(endpoint, authToken, jsonPath, headers, warnings, secrets), threads,
                insecure, sslContext);
    }

    private SystemApiLoopTarget(HttpEndpoint endpoint, SystemApi api, int threads, boolean insecure,
                                javax.net.ssl.SSLContext sslContext) {
        super(endpoint, api.template(), threads, insecure, sslContext); // one request template, the api's
        this.api = api;
    }

    @Override
    protected byte[] request(Exchange exchange) {
        return api.request(exchange);
    }

    @Override
    protected void outcome(Exchange exchange, BodyReader reader, Response response) {
        api.outcome(exchange, response);
    }

    @Override
    public SystemApi api() {
        return api;
    }
}
