package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;

/**
 * Hands a 2xx body from a connection's {@link ResponseParser} to the protocol's {@link HttpProtocol.BodyReader},
 * stamped with the arrival time the connection set for the bytes being parsed. One per connection, on both
 * transports ({@link HttpConnection}: when the read returned; {@link LoopConnection}: when the selector reported
 * the bytes ready).
 */
final class BodyHandOff implements ResponseParser.Body {

    final HttpProtocol.BodyReader reader;
    /** When the bytes being parsed arrived ({@link System#nanoTime()}); set by the connection before parsing. */
    long arrivalNanos;
    private Exchange exchange;
    private boolean started;

    BodyHandOff(HttpProtocol.BodyReader reader) {
        this.reader = reader;
    }

    /** A hand-off to {@code reader}, or null when there is no reader (bodies are discarded). */
    static BodyHandOff of(HttpProtocol.BodyReader reader) {
        return reader == null ? null : new BodyHandOff(reader);
    }

    /** A request for {@code ex} was sent; its response has not begun. */
    void begin(Exchange ex) {
        exchange = ex;
        started = false;
    }

    /** True when the current response's 2xx body has begun (the reader has been told). */
    boolean started() {
        return started;
    }

    @Override
    public void head(int status) {
        started = true;
        reader.begin(exchange, status);
    }

    @Override
    public void bytes(byte[] buf, int off, int len) {
        reader.bytes(buf, off, len, arrivalNanos);
    }
}
