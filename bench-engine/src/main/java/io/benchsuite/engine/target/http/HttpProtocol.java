package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;

/**
 * What an HTTP target sends for a request and what the answer means, whichever transport carries it:
 * {@link HttpThreadTarget} (a blocking socket per worker thread) or {@link HttpLoopTarget} (event loops). The
 * {@code system_api} target is one ({@code SystemApi}); the LLM targets of {@code bench-llm} are others (one per
 * wire protocol), which read their 2xx bodies as server-sent events.
 *
 * <pre>{@code
 * RequestTemplate post = RequestTemplate.post("http://localhost:8080/orders", Map.of());
 * HttpProtocol orders = new HttpProtocol() {
 *     public byte[] request(Exchange ex) { return post.encode(body(ex.record())); }
 *     public void outcome(Exchange ex, BodyReader reader, Response r) { ex.success(r.status()); }
 * };
 * Target target = new HttpLoopTarget("http://localhost:8080/orders", orders, 2);
 * }</pre>
 *
 * <p>Everything here is called on the transport's thread (a worker thread, or a loop thread that drives many
 * connections): it must not block, and it is never called concurrently for one connection.
 */
public interface HttpProtocol {

    /** The default of {@link #errorSampleBytes()}: how much of a non-2xx body is kept. */
    int ERROR_SAMPLE_BYTES = 512;

    /** Reads the body of a 2xx response as it arrives; one per connection, reused for its requests. */
    interface BodyReader {
        /** A 2xx response to {@code exchange} began; its body follows. */
        void begin(Exchange exchange, int status);

        /**
         * The next body bytes (de-chunked), which arrived at {@code arrivalNanos} ({@link System#nanoTime()}: when
         * the read that delivered them returned on threads, when the selector reported them ready on a loop).
         */
        void bytes(byte[] buf, int off, int len, long arrivalNanos);
    }

    /** A complete response, as {@link #outcome} sees it. */
    interface Response {
        /** The final status code (1xx skipped). */
        int status();

        /** The {@code Retry-After} header of a non-2xx response, or null. */
        String retryAfter();

        /**
         * The first {@link #errorSampleBytes()} bytes of a non-2xx body (lossy UTF-8), empty when there were none.
         * May hold secrets.
         */
        String sample();

        /** True when the body went on after {@link #sample()}: it may end in the first part of a secret. */
        boolean sampleCut();

        /**
         * The {@code x-ratelimit-remaining-requests} (or {@code anthropic-ratelimit-requests-remaining}) header as a
         * count, -1 when absent or not a count.
         */
        default long remainingRequests() {
            return -1;
        }

        /** The same for {@code x-ratelimit-remaining-tokens} / {@code anthropic-ratelimit-tokens-remaining}. */
        default long remainingTokens() {
            return -1;
        }
    }

    /**
     * The complete request to send for {@code exchange} (e.g. {@link RequestTemplate#encode(byte[])}), or null when
     * the request failed before anything was sent (recorded on the exchange).
     */
    byte[] request(Exchange exchange);

    /** A reader for the 2xx bodies of one connection, or null to discard them (the default). */
    default BodyReader newBodyReader() {
        return null;
    }

    /** How many bytes of a non-2xx body {@link Response#sample()} keeps. */
    default int errorSampleBytes() {
        return ERROR_SAMPLE_BYTES;
    }

    /**
     * Records the outcome of a complete response on {@code exchange}. The request ended when its last bytes arrived
     * (on a loop) or when the transport returned to the engine (on threads), unless this sets
     * {@link Exchange#endNanos(long)} (e.g. to the last token's arrival).
     */
    void outcome(Exchange exchange, BodyReader reader, Response response);

    /**
     * What the user must know about how this protocol's requests were sent ({@link io.benchsuite.engine.Target#notes()}),
     * besides the transport's own notes.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    /**
     * Records a request that failed without a complete response: {@code error} says why ({@link
     * java.net.SocketTimeoutException} past the deadline); {@code bodyStarted} when a 2xx body had begun.
     */
    default void failed(Exchange exchange, BodyReader reader, Throwable error, boolean bodyStarted) {
        exchange.failure(error);
    }
}
