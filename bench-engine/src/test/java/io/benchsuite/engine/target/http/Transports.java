package io.benchsuite.engine.target.http;

import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Test mix-in: the client tests build their targets here, so a subclass can run them all on the event loop. */
interface Transports {

    /** Whether these tests run the event-loop transport ({@link SystemApiLoopTarget}) rather than threads. */
    default boolean eventLoop() {
        return false;
    }

    default SystemApiTransport target(String url) {
        return Requests.target(url, eventLoop());
    }

    default SystemApiTransport target(String url, String token, String jsonPath, Map<String, String> headers,
                                      boolean insecure, SSLContext tls, List<String> warnings) {
        return Requests.target(url, token, jsonPath, headers, insecure, tls, warnings, eventLoop());
    }
}
