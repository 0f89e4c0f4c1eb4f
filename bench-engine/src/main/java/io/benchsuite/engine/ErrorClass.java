package io.benchsuite.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The class of a failed request: its {@link #name()} is the key results count it under ({@code errors},
 * {@code error_samples}, the {@code error} of a request-log line), its {@link #kind()} what sort of failure it
 * is, which is what the engine decides by (a status the server sent stays what it is when a run stops at once;
 * whatever else a stopped request saw becomes a {@code timeout}).
 *
 * <p>Classes are equal when their names are. The common ones are constants, and {@link #http(int)} returns an
 * interned instance for every status below 1000, so marking a request failed allocates nothing:
 * <pre>{@code
 * if (status / 100 == 2) exchange.success(status);
 * else exchange.failure(ErrorClass.http(status), status, null);
 * }</pre>
 * A target may still pass a name ({@link Exchange#failure(String, int, String)}); {@link #named(String)} maps it
 * to its class, and a name the engine does not know is of kind {@link Kind#TARGET}.
 */
public final class ErrorClass {

    /** What sort of failure a class is. */
    public enum Kind {
        /** The server answered with a status that is not a success: {@code http_<status>}. */
        HTTP,
        /** No complete response within the request timeout ({@code timeout}), or in flight when the run gave up. */
        TIMEOUT,
        /**
         * Reaching or talking to the server failed: {@code connect_error}, {@code dns_error}, {@code tls_error},
         * {@code io_error}.
         */
        TRANSPORT,
        /**
         * A response stream that started but went wrong: {@code stream_error}, {@code truncated_stream},
         * {@code empty_stream}.
         */
        STREAM,
        /**
         * The target failed the request itself: {@code exception}, {@code assertion}, an exception's simple class
         * name (method targets), {@code missing_prompt}, or any other name a target chose.
         */
        TARGET,
        /**
         * The load generator's own limits, not the server's: {@code client_fd_limit} (too many open files),
         * {@code client_memory} (out of memory). A run with such failures measured the generator, not the target.
         */
        CLIENT,
        /**
         * A request cut short because the user stopped the run at once (a second Ctrl-C): {@code cancelled}. Left
         * out of the latency statistics: its duration says when the user pressed the key.
         */
        CANCELLED
    }

    /** Names seen so far, so that a name maps to one instance; unknown names are kept up to {@link #MAX_NAMED}. */
    private static final ConcurrentHashMap<String, ErrorClass> BY_NAME = new ConcurrentHashMap<>();
    private static final int MAX_NAMED = 4096;
    /** {@code http_0} ... {@code http_999}: the one cache of HTTP classes. */
    private static final ErrorClass[] HTTP = new ErrorClass[1000];

    static {
        for (int i = 0; i < HTTP.length; i++) {
            HTTP[i] = known("http_" + i, Kind.HTTP);
        }
    }

    /** A request that exceeded the per-request timeout ({@value Exchange#TIMEOUT}). */
    public static final ErrorClass TIMEOUT = known(Exchange.TIMEOUT, Kind.TIMEOUT);
    /** Connection refused or no route to the host. */
    public static final ErrorClass CONNECT = known("connect_error", Kind.TRANSPORT);
    /** The host name does not resolve. */
    public static final ErrorClass DNS = known("dns_error", Kind.TRANSPORT);
    /** TLS handshake or certificate failure. */
    public static final ErrorClass TLS = known("tls_error", Kind.TRANSPORT);
    /** Reset, closed early, body cut short, malformed response. */
    public static final ErrorClass IO = known("io_error", Kind.TRANSPORT);
    /** An exception nothing more specific is known about ({@value Exchange#EXCEPTION}). */
    public static final ErrorClass EXCEPTION = known(Exchange.EXCEPTION, Kind.TARGET);
    /** A method target threw an {@link AssertionError}. */
    public static final ErrorClass ASSERTION = known("assertion", Kind.TARGET);
    /** A dataset record without the {@code prompt} an LLM request needs. */
    public static final ErrorClass MISSING_PROMPT = known("missing_prompt", Kind.TARGET);
    /** An HTTP 200 stream that carried an error event. */
    public static final ErrorClass STREAM_ERROR = known("stream_error", Kind.STREAM);
    /** A stream that ended (or broke) before its end marker, after the response had started. */
    public static final ErrorClass TRUNCATED_STREAM = known("truncated_stream", Kind.STREAM);
    /** A stream that ended normally without any output. */
    public static final ErrorClass EMPTY_STREAM = known("empty_stream", Kind.STREAM);
    /** The generator ran out of file descriptors ({@code ulimit -n}): "Too many open files". */
    public static final ErrorClass CLIENT_FD_LIMIT = known("client_fd_limit", Kind.CLIENT);
    /** The generator ran out of memory (or of native threads) while sending the request. */
    public static final ErrorClass CLIENT_MEMORY = known("client_memory", Kind.CLIENT);
    /** A request in flight when the user stopped the run at once. */
    public static final ErrorClass CANCELLED = known("cancelled", Kind.CANCELLED);

    private final String name;
    private final Kind kind;

    private ErrorClass(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    private static ErrorClass known(String name, Kind kind) {
        ErrorClass c = new ErrorClass(name, kind);
        BY_NAME.put(name, c);
        return c;
    }

    /** {@code http_<status>}; interned below 1000, so the usual statuses allocate nothing. */
    public static ErrorClass http(int status) {
        return status >= 0 && status < HTTP.length ? HTTP[status] : new ErrorClass("http_" + status, Kind.HTTP);
    }

    /**
     * The class named {@code name}: a constant of this class, a name starting {@code http_} of kind
     * {@link Kind#HTTP}, else a class of kind {@link Kind#TARGET}; null stands for {@link #EXCEPTION}. One instance
     * per name, for up to 4096 names in a JVM (the known ones included): error classes are meant to be few.
     */
    public static ErrorClass named(String name) {
        if (name == null) {
            return EXCEPTION;
        }
        ErrorClass c = BY_NAME.get(name);
        if (c != null) {
            return c;
        }
        c = new ErrorClass(name, name.startsWith("http_") ? Kind.HTTP : Kind.TARGET);
        if (BY_NAME.size() >= MAX_NAMED) {
            return c;
        }
        ErrorClass first = BY_NAME.putIfAbsent(name, c);
        return first != null ? first : c;
    }

    /**
     * The class of {@code error}, looking through its causes: {@link #CLIENT_MEMORY}, {@link #CLIENT_FD_LIMIT}
     * (the generator's own limits), {@link #TIMEOUT}, {@link #DNS}, {@link #CONNECT}, {@link #TLS}, {@link #IO},
     * else {@link #EXCEPTION}.
     */
    public static ErrorClass classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) { // our own limits first, wherever in the chain
            if (t instanceof OutOfMemoryError) {
                return CLIENT_MEMORY;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Too many open files")) {
                return CLIENT_FD_LIMIT; // EMFILE: our own limit, not the server's connection failing
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return TIMEOUT;
            }
            if (t instanceof UnknownHostException) {
                return DNS;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return CONNECT;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof EOFException || t instanceof IOException) {
                return IO;
            }
        }
        return EXCEPTION;
    }

    /** The name of {@link #classify(Throwable) classify(error)}, for callers that keep names. */
    public static String of(Throwable error) {
        return classify(error).name;
    }

    /**
     * The head of the error sample of a non-2xx response, the same for every target: {@code HTTP 503}, or
     * {@code HTTP 429 (Retry-After: 2)} when the server sent that header.
     */
    public static String httpStatus(int status, String retryAfter) {
        return retryAfter == null ? "HTTP " + status : "HTTP " + status + " (Retry-After: " + retryAfter.strip() + ")";
    }

    /** A one-line description of {@code error} for error samples: type and message, no stack trace. */
    public static String message(Throwable error) {
        String msg = error.getMessage();
        String type = error.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }

    /** The key results count this class under: {@code http_503}, {@code timeout}, ... */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ErrorClass other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
