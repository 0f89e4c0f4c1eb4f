package io.benchsuite.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The OkHttp client every LLM target sends with, sized so that {@code max_load} streams are really open at once.
 *
 * <p>Why: OkHttp's defaults cap <em>asynchronous</em> calls at 64 (5 per host) and keep only 5 idle connections,
 * so after a burst every stream beyond the fifth would open a new connection (a TLS handshake inside the next
 * request's TTFT). Our workers make blocking calls ({@code Call.execute()}, one worker thread per stream),
 * which the dispatcher does not limit; the dispatcher limits are raised anyway, and the pool keeps one idle
 * connection per worker. HTTP/1.1 only: one connection per stream, like vLLM's benchmark client, so a server's
 * HTTP/2 stream limit cannot queue requests inside one connection. The client has no timeouts of its own: each
 * request's deadline is enforced by the target's {@link InFlightCalls} watch (not {@code Call.timeout()}, whose
 * okio {@code AsyncTimeout} list is one lock for all calls).
 */
final class HttpClients {

    private HttpClients() {
    }

    static OkHttpClient forStreams(int maxStreams) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, maxStreams));
        dispatcher.setMaxRequestsPerHost(Math.max(64, maxStreams));
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.max(5, maxStreams), 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(Duration.ZERO)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .build();
    }

    static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
