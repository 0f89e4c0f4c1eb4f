package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;

/** The error classes of LLM requests, and the checks every LLM target shares. */
final class Outcomes {

    /** An HTTP 200 stream that carried an error event. */
    static final String STREAM_ERROR = ErrorClass.STREAM_ERROR.name();
    /** A stream that ended (or broke) before its end marker, after the response had started. */
    static final String TRUNCATED_STREAM = ErrorClass.TRUNCATED_STREAM.name();
    /** A stream that ended normally without any output. */
    static final String EMPTY_STREAM = ErrorClass.EMPTY_STREAM.name();
    /** A dataset record without a {@code prompt} string. */
    static final String MISSING_PROMPT = ErrorClass.MISSING_PROMPT.name();

    private static final int MAX_MESSAGE = 300;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private Outcomes() {
    }

    /** The prompt of the request's record, or null after marking the request failed. */
    static String prompt(Exchange ex) {
        JsonNode p = ex.record() == null ? null : ex.record().get("prompt");
        if (p == null || !p.isTextual()) {
            ex.failure(ErrorClass.MISSING_PROMPT, 0, "dataset record has no \"prompt\" string");
            return null;
        }
        return p.asText();
    }

    /** Marks a request failed by an exception; a broken connection after the stream started is a cut stream. */
    static void failed(Exchange ex, Throwable error, boolean streamStarted) {
        ErrorClass cls = ErrorClass.classify(error);
        if (streamStarted && cls == ErrorClass.IO) {
            cls = ErrorClass.TRUNCATED_STREAM;
        }
        ex.failure(cls, ex.status(), shorten(ErrorClass.message(error)));
        ex.endNanos(System.nanoTime());
    }

    /** The first bytes of a body, as text, and whether the body went on after them. */
    record BodyStart(String text, boolean cut) {
        /** The text with {@code secrets} replaced (a cut text's tail too, see {@link Secrets#scrubCut}). */
        String scrubbed(Secrets secrets) {
            return cut ? secrets.scrubCut(text) : secrets.scrub(text);
        }
    }

    /**
     * Marks a request failed by its non-200 response: {@code http_<status>}, sample {@code HTTP 429 (Retry-After: 1):
     * 429: <error.message>} (the body's {@code error.message} as openai-java quoted it, else the start of the
     * body), with every secret replaced by {@code ***} (a server may echo request headers).
     */
    static void httpFailure(Exchange ex, okhttp3.Response response, Secrets secrets) {
        httpFailure(ex, response.code(), response.header("retry-after"), bodyStart(response.body(), 4096), secrets);
    }

    /** As {@link #httpFailure(Exchange, okhttp3.Response, Secrets)}, from the parts of a response already read. */
    static void httpFailure(Exchange ex, int status, String retryAfter, BodyStart body, Secrets secrets) {
        String message = errorMessage(body.text());
        httpFailed(ex, status, retryAfter, status + ": " + (message != null ? secrets.scrub(message)
                : body.text().isEmpty() ? "(empty body)" : body.scrubbed(secrets)));
    }

    /**
     * Marks a request failed by its non-200 response: {@code http_<status>}, sample {@code HTTP <status>
     * [(Retry-After: …)]: <detail>}, {@code detail} already scrubbed. Every LLM transport's non-200 ends here.
     */
    static void httpFailed(Exchange ex, int status, String retryAfter, String scrubbedDetail) {
        ex.failure(ErrorClass.http(status), status, shorten(ErrorClass.httpStatus(status, retryAfter) + ": " + scrubbedDetail));
        ex.endNanos(System.nanoTime());
    }

    /** The {@code error.message} (or {@code error} string) of a JSON error body, else null. */
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
        return null;
    }

    /** Up to {@code limit} bytes of the body as text (whatever its framing), or a word saying why there are none. */
    static BodyStart bodyStart(okhttp3.ResponseBody body, int limit) {
        if (body == null) {
            return new BodyStart("(no body)", false);
        }
        try (java.io.InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            boolean cut = bytes.length > limit;
            return new BodyStart(new String(bytes, 0, Math.min(limit, bytes.length),
                    java.nio.charset.StandardCharsets.UTF_8), cut);
        } catch (java.io.IOException | RuntimeException e) {
            return new BodyStart("(body unreadable)", false);
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
            ex.failure(ErrorClass.STREAM_ERROR, status, shorten("error event in the stream: " + error));
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
            ex.failure(complete ? ErrorClass.EMPTY_STREAM : ErrorClass.TRUNCATED_STREAM, status,
                    complete ? "the stream ended without any output" : "the stream ended without output or end marker");
            ex.endNanos(System.nanoTime());
        } else if (!complete) {
            ex.failure(ErrorClass.TRUNCATED_STREAM, status, "the stream ended before its end marker");
            ex.endNanos(System.nanoTime());
        } else {
            ex.success(status);
        }
    }
}
