package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;

/** The error classes of LLM requests, and the checks every LLM target shares. */
final class Outcomes {

    /** An HTTP 200 stream that carried an error event. */
    static final String STREAM_ERROR = "stream_error";
    /** A stream that ended (or broke) before its end marker, after the response had started. */
    static final String TRUNCATED_STREAM = "truncated_stream";
    /** A stream that ended normally without any output. */
    static final String EMPTY_STREAM = "empty_stream";
    /** A dataset record without a {@code prompt} string. */
    static final String MISSING_PROMPT = "missing_prompt";

    private static final int MAX_MESSAGE = 300;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String[] HTTP_CLASSES = new String[600];

    static {
        for (int i = 0; i < HTTP_CLASSES.length; i++) {
            HTTP_CLASSES[i] = "http_" + i;
        }
    }

    private Outcomes() {
    }

    /** {@code http_<status>}, without allocating for the usual codes. */
    static String httpClass(int status) {
        return status >= 0 && status < HTTP_CLASSES.length ? HTTP_CLASSES[status] : "http_" + status;
    }

    /** The prompt of the request's record, or null after marking the request failed. */
    static String prompt(Exchange ex) {
        JsonNode p = ex.record() == null ? null : ex.record().get("prompt");
        if (p == null || !p.isTextual()) {
            ex.failure(MISSING_PROMPT, 0, "dataset record has no \"prompt\" string");
            return null;
        }
        return p.asText();
    }

    /** Marks a request failed by an exception; a broken connection after the stream started is a cut stream. */
    static void failed(Exchange ex, Throwable error, boolean streamStarted) {
        String cls = ErrorClass.of(error);
        if (streamStarted && ErrorClass.IO_ERROR.equals(cls)) {
            cls = TRUNCATED_STREAM;
        }
        ex.failure(cls, ex.status(), shorten(ErrorClass.message(error)));
        ex.endNanos(System.nanoTime());
    }

    /**
     * Marks a request failed by its non-200 response: {@code http_<status>}, sample {@code HTTP 429 (Retry-After: 1):
     * 429: <error.message>} (the body's {@code error.message} as openai-java quoted it, else the start of the
     * body), with {@code secret} (when not null) replaced by {@code ***}.
     */
    static void httpFailure(Exchange ex, okhttp3.Response response, String secret) {
        httpFailure(ex, response.code(), response.header("retry-after"), bodyStart(response.body(), 4096), secret);
    }

    /** As {@link #httpFailure(Exchange, okhttp3.Response, String)}, from the parts of a response already read. */
    static void httpFailure(Exchange ex, int status, String retryAfter, String bodyStart, String secret) {
        httpFailed(ex, status, retryAfter, status + ": " + errorMessage(bodyStart), secret);
    }

    /**
     * Marks a request failed by its non-200 response: {@code http_<status>}, sample {@code HTTP <status>
     * [(Retry-After: …)]: <detail>}, with {@code secret} (when not null) replaced by {@code ***} (a server may echo
     * request headers). Every LLM transport's non-200 ends here.
     */
    static void httpFailed(Exchange ex, int status, String retryAfter, String detail, String secret) {
        String text = secret == null || secret.isEmpty() ? detail : detail.replace(secret, "***");
        ex.failure(httpClass(status), status, shorten(ErrorClass.httpStatus(status, retryAfter) + ": " + text));
        ex.endNanos(System.nanoTime());
    }

    /** The {@code error.message} (or {@code error} string) of a JSON error body, else the body itself. */
    private static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node == null ? null : node.get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (error != null && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (java.io.IOException e) {
            // not JSON: quoted as it is
        }
        return body.isEmpty() ? "(empty body)" : body;
    }

    /** Up to {@code limit} bytes of the body as text (whatever its framing), or a word saying why there are none. */
    static String bodyStart(okhttp3.ResponseBody body, int limit) {
        if (body == null) {
            return "(no body)";
        }
        try (java.io.InputStream in = body.byteStream()) {
            return new String(in.readNBytes(limit), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            return "(body unreadable)";
        }
    }

    static String shorten(String message) {
        if (message == null) {
            return null;
        }
        String oneLine = message.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
    }

    /**
     * Ends a stream read to its end: {@code stream_error} when an error event came ({@code error} not null),
     * otherwise as {@link #ended}.
     */
    static void streamEnded(Exchange ex, int status, String error, boolean complete) {
        if (error != null) {
            ex.failure(STREAM_ERROR, status, shorten("error event in the stream: " + error));
            ex.endNanos(System.nanoTime());
        } else {
            ended(ex, status, complete);
        }
    }

    /**
     * Ends a stream that raised no error: a stream without output is {@code empty_stream}; one whose end marker
     * never came is {@code truncated_stream}; otherwise a success.
     */
    static void ended(Exchange ex, int status, boolean complete) {
        if (ex.outputChunks() == 0) {
            ex.failure(complete ? EMPTY_STREAM : TRUNCATED_STREAM, status,
                    complete ? "the stream ended without any output" : "the stream ended without output or end marker");
            ex.endNanos(System.nanoTime());
        } else if (!complete) {
            ex.failure(TRUNCATED_STREAM, status, "the stream ended before its end marker");
            ex.endNanos(System.nanoTime());
        } else {
            ex.success(status);
        }
    }
}
