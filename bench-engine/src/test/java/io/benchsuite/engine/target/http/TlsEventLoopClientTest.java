package io.benchsuite.engine.target.http;

/** The same TLS tests with TLS on the event loop ({@code worker_threads: event_loop} with {@code https://}). */
class TlsEventLoopClientTest extends TlsClientTest {

    @Override
    boolean eventLoop() {
        return true;
    }
}
