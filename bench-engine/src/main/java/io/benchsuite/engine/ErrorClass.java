package io.benchsuite.engine;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps exceptions to the stable error classes reported in results ({@code timeout}, {@code connect_error},
 * {@code dns_error}, {@code tls_error}, {@code io_error}, {@code exception}).
 */
public final class ErrorClass {

    public static final String CONNECT_ERROR = "connect_error";
    public static final String DNS_ERROR = "dns_error";
    public static final String TLS_ERROR = "tls_error";
    public static final String IO_ERROR = "io_error";

    private ErrorClass() {
    }

    /** The error class for {@code error}, looking through causes. */
    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return Exchange.TIMEOUT;
            }
            if (t instanceof UnknownHostException) {
                return DNS_ERROR;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return CONNECT_ERROR;
            }
            if (t instanceof SSLException) {
                return TLS_ERROR;
            }
            if (t instanceof EOFException || t instanceof java.io.IOException) {
                return IO_ERROR;
            }
        }
        return Exchange.EXCEPTION;
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
}
