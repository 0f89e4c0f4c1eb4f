package io.benchsuite.engine.target.http;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;

/**
 * How both transports record a request that failed without a complete response: the protocol classifies it
 * ({@link HttpProtocol#failed}), then a failure of reaching or talking to the server ({@code connect_error},
 * {@code dns_error}, {@code tls_error}, {@code io_error}) or a {@code timeout} gets the server's {@code host:port}
 * appended to its sample, {@code ConnectException: Connection refused (127.0.0.1:9)}, so that a run that failed
 * says where it could not get to. A stream that broke ({@code truncated_stream}) is about the response, and stays as
 * the protocol wrote it.
 */
final class TransportFailure {

    private TransportFailure() {
    }

    /** Records {@code error} on {@code exchange} through {@code protocol}, naming {@code endpoint} as above. */
    static void record(HttpProtocol protocol, HttpEndpoint endpoint, Exchange exchange, HttpProtocol.BodyReader reader,
                       Throwable error, boolean bodyStarted) {
        protocol.failed(exchange, reader, error, bodyStarted);
        ErrorClass cls = exchange.error();
        if (cls != null && (cls.kind() == ErrorClass.Kind.TRANSPORT || cls.kind() == ErrorClass.Kind.TIMEOUT)) {
            String message = exchange.errorMessage();
            String where = "(" + endpoint.authority() + ")";
            exchange.failure(cls, exchange.status(), message == null || message.isEmpty() ? where
                    : message + " " + where);
        }
    }
}
