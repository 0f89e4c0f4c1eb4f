package io.benchsuite.engine.target.http;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The one retry rule of both transports ({@link HttpThreadTarget} and {@link LoopConnection}): a request is sent once
 * more, on a new connection, only when it went out on a <em>reused</em> keep-alive connection that then failed with
 * a connection error (closed, reset, broken pipe, a TLS alert) <em>before a single response byte arrived</em>.
 *
 * <p>Why: a keep-alive connection can be closed by the server while it sits idle (idle timeout,
 * {@code keepalive_requests}, a restart), and the client only finds out when it sends the next request on it. Every
 * HTTP/1.1 client handles this race the same way; reporting it would report our connection management as a server
 * error. The latency of such a request includes both attempts. Never retried: a failure on a new connection, a
 * failure after any response byte, a timeout, a response that is not HTTP. The price: a server that received the
 * first attempt and closed the connection without answering (a crash mid-request) sees the request twice.
 */
final class StaleConnectionRetry {

    private StaleConnectionRetry() {
    }

    /**
     * The run's note when {@code resent} requests were sent once more (warm-up included), or none: the server may
     * have processed (and stored) the first attempt of each, so a POST that creates something may have done so
     * twice. Said, never hidden: a user checking the server's records against our counts must know.
     */
    static java.util.List<String> notes(long resent) {
        if (resent == 0) {
            return java.util.List.of();
        }
        String them = resent == 1 ? "it" : "them";
        return java.util.List.of(resent + (resent == 1 ? " request was" : " requests were") + " re-sent on a new "
                + "connection (warm-up included) after the server closed a keep-alive connection without answering "
                + them + "; a server that had already processed " + them + " may have stored "
                + them + " twice (see docs/http-client.md, Retries)");
    }

    /**
     * Whether a request that failed with {@code failure} is sent once more on a new connection.
     *
     * @param reused        the connection had completed a response before this request
     * @param responseBytes bytes of this request's response received before the failure
     */
    static boolean applies(boolean reused, long responseBytes, IOException failure) {
        return reused && responseBytes == 0 && !(failure instanceof SocketTimeoutException)
                && !(failure instanceof MalformedResponseException);
    }
}
