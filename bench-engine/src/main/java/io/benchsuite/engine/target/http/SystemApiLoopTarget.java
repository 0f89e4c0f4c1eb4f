package io.benchsuite.engine.target.http;

import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The {@code system_api} target on event loops ({@code worker_threads: event_loop}, and {@code auto} for an
 * {@code http://} endpoint): the same requests, outcomes and retry rule as {@link SystemApiTarget} ({@link SystemApi}),
 * carried by {@link HttpLoopTarget}'s loops (one thread per core) instead of a blocked thread per worker, as
 * {@code wrk} does.
 *
 * <p>Why (docs/performance.md): against a server that answers in microseconds, a thread per worker costs a
 * context switch per request, which held us at 0.5–0.7× {@code wrk}'s requests per second; a loop answers a
 * response with the next request on the same thread.
 */
final class SystemApiLoopTarget extends HttpLoopTarget implements SystemApiTransport {

    private final SystemApi api;

    /**
     * @param threads the number of event-loop threads (started as workers need them), at least 1
     * @see SystemApiTarget#SystemApiTarget for the other parameters
     */
    SystemApiLoopTarget(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
                        boolean insecure, SSLContext sslContext, Consumer<String> warnings,
                        io.benchsuite.engine.config.Secrets secrets, int threads) {
        this(endpoint, new SystemApi(endpoint, authToken, jsonPath, headers, warnings, secrets), threads,
                insecure, sslContext);
    }

    private SystemApiLoopTarget(HttpEndpoint endpoint, SystemApi api, int threads, boolean insecure,
                                SSLContext sslContext) {
        super(endpoint, api, threads, insecure, sslContext);
        this.api = api;
    }

    @Override
    public SystemApi api() {
        return api;
    }
}
