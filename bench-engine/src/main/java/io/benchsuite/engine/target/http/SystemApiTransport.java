package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Target;
import java.util.List;

/**
 * A {@code system_api} target, whichever transport carries it: {@link SystemApiTarget} (a thread per worker) or
 * {@link SystemApiLoopTarget} (event loops); both speak http and https.
 */
interface SystemApiTransport extends Target {

    /** Connections currently open (idle or in use). */
    int openConnections();

    /** The request bytes and outcomes both transports share. */
    SystemApi api();

    /** Requests that sent the whole record because {@code json_path} matched nothing in it. */
    default long jsonPathFallbacks() {
        return api().jsonPathFallbacks();
    }
}
