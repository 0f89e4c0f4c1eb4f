package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Target;

/**
 * A {@code system_api} target, whichever way it sends: {@link SystemApiTarget} (a thread per worker, http and
 * https) or {@link SystemApiLoopTarget} (event loops, http only).
 */
interface SystemApiTransport extends Target {

    /** Connections currently open (idle or in use). */
    int openConnections();

    /** Requests that sent the whole record because {@code json_path} matched nothing in it. */
    long jsonPathFallbacks();
}
