package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.target.http.HttpProtocol;

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

    /** How a provider's non-200 body is quoted in the error sample. */
    enum ErrorBody {
        /**
         * OpenAI-compatible servers: {@code <status>: <error.message>} of a JSON error body (as openai-java quoted
         * it), else {@code <status>: } and the start of the body, or {@code (empty body)}.
         */
        ERROR_MESSAGE,
        /** Anthropic: the start of the body as it was sent. */
        AS_SENT
    }

    /**
     * Marks a request failed by its non-200 response: {@code http_<status>}, sample {@code HTTP <status>
     * [(Retry-After: …)]: <detail>} with the body quoted as {@code quoting} says and every secret replaced by
     * {@code ***} (a server may echo request headers; a cut body's tail too, see {@link Secrets#scrubCut}). The one
     * way a non-200 becomes an outcome, for every provider and transport.
     */
    static void httpFailed(Exchange ex, HttpProtocol.Response response, ErrorBody quoting, Secrets secrets) {
        int status = response.status();
        String body = response.sample();
        String scrubbedBody = response.sampleCut() ? secrets.scrubCut(body) : secrets.scrub(body);
        String detail = scrubbedBody;
        if (quoting == ErrorBody.ERROR_MESSAGE) {
            String message = errorMessage(body);
            detail = status + ": " + (message != null ? secrets.scrub(message)
                    : body.isEmpty() ? "(empty body)" : scrubbedBody);
        }
        String head = ErrorClass.httpStatus(status, response.retryAfter());
        ex.failure(ErrorClass.http(status), status, shorten(head + ": " + detail));
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

    static String shorten(String message) {
        if (message == null) {
            return null;
        }
        String oneLine = message.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
    }

    /**
     * Ends a stream read to its end: {@code stream_error} when an error event came, or the body was a JSON error
     * ({@code errorBody}), {@code error} (not null) being the server's message, scrubbed; otherwise as
     * {@link #ended}.
     */
    static void streamEnded(Exchange ex, int status, String error, boolean complete, boolean errorBody) {
        if (error != null) {
            ex.failure(ErrorClass.STREAM_ERROR, status, shorten((errorBody ? "a JSON error instead of an event "
                    + "stream: " : "error event in the stream: ") + error));
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
