package io.benchsuite.engine.target.http;

import java.io.IOException;

/** The server sent bytes that are not a valid HTTP/1.x response. Classified as {@code io_error}. */
final class MalformedResponseException extends IOException {

    private static final long serialVersionUID = 1L;

    MalformedResponseException(String message) {
        super(message);
    }
}
