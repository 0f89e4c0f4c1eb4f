package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The {@code system_api} target: POSTs each dataset record (or the part {@code json_path} selects) as JSON to the
 * endpoint; 2xx is a success, any other status a failure of class {@code http_<status>}, and exceptions map to
 * {@code timeout}, {@code connect_error}, {@code dns_error}, {@code tls_error} or {@code io_error}.
 *
 * <p>Implementation notes: the request bytes are precomputed per record ({@link Payloads}), so a request is one
 * cached-array lookup, one socket write and a byte-level parse of the response ({@link HttpConnection}) on the
 * worker's own keep-alive connection (kept on its {@link Exchange} between requests, opened and tracked by
 * {@link ConnectionPool}); nothing is logged or formatted unless the request failed.
 *
 * <p>Retries: only a request on a stale keep-alive connection, once ({@link StaleConnectionRetry}).
 */
final class SystemApiTarget implements SystemApiTransport {

    private final SystemApi api;
    private final ConnectionPool pool;

    /**
     * @param authToken  the {@code auth_token} (see {@link BearerToken}), may be null
     * @param jsonPath   the {@code json_path}, may be null
     * @param headers    extra headers
     * @param insecure   {@code insecure_tls}: accept any certificate and host name
     * @param sslContext TLS context for https (null: JDK default trust store)
     * @param warnings   receives one-time warnings (json_path fallback)
     * @param secrets    the config's secrets, scrubbed from error samples with the token
     */
    SystemApiTarget(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
                    boolean insecure, SSLContext sslContext, Consumer<String> warnings,
                    io.benchsuite.engine.config.Secrets secrets) {
        this.api = new SystemApi(endpoint, authToken, jsonPath, headers, warnings, secrets);
        this.pool = new ConnectionPool(endpoint, insecure, sslContext);
    }

    @Override
    public void execute(Exchange exchange) {
        byte[] request = api.request(exchange);
        long deadline = exchange.deadlineNanos();
        HttpConnection c = (HttpConnection) exchange.attachment();
        exchange.attach(null);
        try {
            if (c == null) {
                c = pool.acquire(deadline);
            }
            try {
                c.exchange(request, false, deadline);
            } catch (IOException e) {
                HttpConnection failed = c;
                c = null;
                pool.discard(failed);
                if (!StaleConnectionRetry.applies(failed.reused(), failed.responseBytes(), e)) {
                    throw e;
                }
                c = pool.connect(deadline); // a stale keep-alive connection: once more on a new one
                c.exchange(request, false, deadline);
            }
            HttpConnection done = c;
            c = null;
            api.outcome(exchange, done.response());
            if (pool.keep(done)) {
                exchange.attach(done); // this worker's connection for its next request
            }
        } catch (IOException e) {
            if (c != null) {
                pool.discard(c);
            }
            exchange.failure(e); // when the run stopped at once, the engine labels it an interruption
        }
    }

    @Override
    public void abortInFlight() {
        pool.abortInFlight();
    }

    @Override
    public void workerStopped(Exchange exchange) {
        if (exchange.attachment() instanceof HttpConnection c) {
            exchange.attach(null);
            pool.release(c);
        }
    }

    @Override
    public SystemApi api() {
        return api;
    }

    @Override
    public int openConnections() {
        return pool.openConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
