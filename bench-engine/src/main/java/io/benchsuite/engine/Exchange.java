package io.benchsuite.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state of one request, passed to {@link Target#execute(Exchange)}.
 *
 * <p>One instance per worker, reused for every request of that worker (reset by the engine before each
 * call). Not thread-safe: a target must only touch it from the thread that called {@code execute}, or hand
 * it over with a happens-before edge (e.g. completing a future the calling thread waits on).
 */
public final class Exchange {

    /**
     * Error class for a request whose {@code execute} threw an exception the engine could not classify
     * ({@link ErrorClass#EXCEPTION}).
     */
    public static final String EXCEPTION = "exception";
    /** Error class for a request that exceeded the per-request timeout ({@link ErrorClass#TIMEOUT}). */
    public static final String TIMEOUT = "timeout";

    /** Where {@link #outputTokens()} came from. */
    public enum TokenSource { NONE, USAGE, CHUNKS }

    // request (set by the engine)
    private JsonNode record;
    private long seq;
    private int workers;
    private long startNanos;
    private long intendedStartNanos;
    private long timeoutNanos;

    // outcome (set by the target)
    private boolean failed;
    private int status;
    private ErrorClass error;
    private String errorMessage;
    private long endNanos;

    // streaming (LLM) measurements
    private long firstTokenNanos;
    private long lastTokenNanos;
    private long outputChunks;
    private long outputTokens = -1;
    private long inputTokens = -1;
    private long firstAnswerNanos;
    private long reasoningChunks;
    private long reasoningTokens = -1;
    private long cachedTokens = -1;
    private long remainingRequests = -1;
    private long remainingTokens = -1;
    private long retryAfterSeconds = -1;
    private TokenSource tokenSource = TokenSource.NONE;
    private InterTokenSink interTokenSink = InterTokenSink.NONE;

    // the target's per-worker state (never reset by the engine)
    private Object attachment;

    /** Receives inter-token gaps (ITL) as they happen, so they need not be buffered. */
    @FunctionalInterface
    public interface InterTokenSink {
        InterTokenSink NONE = gapNanos -> { };

        void recordGapNanos(long gapNanos);
    }

    public Exchange() {
    }

    /** Engine use: prepares this exchange for the next request. */
    public void reset(JsonNode record, long seq, int workers, long timeoutNanos, InterTokenSink sink) {
        this.record = record;
        this.seq = seq;
        this.workers = workers;
        this.timeoutNanos = timeoutNanos;
        this.interTokenSink = sink == null ? InterTokenSink.NONE : sink;
        failed = false;
        status = 0;
        error = null;
        errorMessage = null;
        endNanos = 0;
        firstTokenNanos = 0;
        lastTokenNanos = 0;
        outputChunks = 0;
        outputTokens = -1;
        inputTokens = -1;
        firstAnswerNanos = 0;
        reasoningChunks = 0;
        reasoningTokens = -1;
        cachedTokens = -1;
        remainingRequests = -1;
        remainingTokens = -1;
        retryAfterSeconds = -1;
        tokenSource = TokenSource.NONE;
        startNanos = System.nanoTime();
        intendedStartNanos = startNanos;
    }

    /**
     * Engine use, open model: when the schedule meant this request to start ({@link System#nanoTime()}), at or
     * before {@link #startNanos()}; its latency runs from here, what a caller arriving then would have waited.
     */
    public void intendedStart(long nanoTime) {
        this.intendedStartNanos = Math.min(nanoTime, startNanos); // never after the send (a test's clock may run ahead)
    }

    /**
     * When the request was due: its intended start in the open model (the schedule's instant, earlier than
     * {@link #startNanos()} when it waited for a free slot or the generator was late), {@link #startNanos()} in the
     * closed model. Latency and TTFT are measured from here.
     */
    public long intendedStartNanos() {
        return intendedStartNanos;
    }

    // ---- request ----

    /** The dataset record of this request (a JSON object), or an empty object when the run has no dataset. */
    public JsonNode record() {
        return record;
    }

    /** Sequence number of this request in the run, from 0. */
    public long seq() {
        return seq;
    }

    /** The worker level when this request started: its bucket. */
    public int workers() {
        return workers;
    }

    /** {@link System#nanoTime()} just before {@code execute} was called. */
    public long startNanos() {
        return startNanos;
    }

    /** The per-request timeout in nanoseconds; targets must give up (and report {@link #TIMEOUT}) after it. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** The absolute {@link System#nanoTime()} deadline of this request. */
    public long deadlineNanos() {
        return startNanos + timeoutNanos;
    }

    // ---- per-worker state of the target ----

    /**
     * What the target attached to this worker with {@link #attach(Object)}, or null. The engine never reads or
     * resets it: it lives as long as the worker, across all of its requests (see {@link Target#workerStopped}).
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * Keeps per-worker state for this worker's next requests, e.g. its keep-alive connection, so the hot path
     * needs no shared pool. Give it back in {@link Target#workerStopped(Exchange)}.
     */
    public void attach(Object value) {
        this.attachment = value;
    }

    // ---- outcome ----

    /** Marks the request successful. */
    public void success(int status) {
        this.failed = false;
        this.status = status;
    }

    /**
     * Marks the request failed.
     *
     * @param errorClass the class to count it under, e.g. {@link ErrorClass#http(int) ErrorClass.http(503)},
     *                   {@link ErrorClass#TIMEOUT}; null stands for {@link ErrorClass#EXCEPTION}
     * @param status     the HTTP status, or 0 when there was none
     * @param message    detail for error samples (may be null); must never contain a secret
     */
    public void failure(ErrorClass errorClass, int status, String message) {
        this.failed = true;
        this.error = errorClass == null ? ErrorClass.EXCEPTION : errorClass;
        this.status = status;
        this.errorMessage = message;
    }

    /**
     * Marks the request failed, with its class given by name ({@link ErrorClass#named(String)}).
     *
     * @param errorClass short, stable, low-cardinality class such as {@code http_503}, {@code timeout},
     *                   {@code connect_error}; used as a metric key
     * @param status     the HTTP status, or 0 when there was none
     * @param message    detail for error samples (may be null); must never contain a secret
     */
    public void failure(String errorClass, int status, String message) {
        failure(ErrorClass.named(errorClass), status, message);
    }

    /** Marks the request failed with the class {@link ErrorClass#classify(Throwable)} gives for {@code error}. */
    public void failure(Throwable error) {
        failure(ErrorClass.classify(error), status, ErrorClass.message(error));
    }

    /** Sets when the request really ended (default: when {@code execute} returned). */
    public void endNanos(long nanoTime) {
        this.endNanos = nanoTime;
    }

    public boolean failed() {
        return failed;
    }

    public int status() {
        return status;
    }

    /** The class of the failure, or null when the request has not failed. */
    public ErrorClass error() {
        return error;
    }

    /** The name of {@link #error()} ({@code http_503}, {@code timeout}, ...); null when the request has not failed. */
    public String errorClass() {
        return error == null ? null : error.name();
    }

    public String errorMessage() {
        return errorMessage;
    }

    public long endNanos() {
        return endNanos;
    }

    // ---- streaming ----

    /**
     * Records the arrival of a chunk that carries generated answer output (content, a refusal or a tool-call
     * delta), timestamped by the caller as close to its arrival as possible. The first output chunk of any kind sets
     * TTFT, the first answer chunk TTFO; each later call records one inter-token gap (ITL) and moves the end of the
     * request to {@code nanoTime}.
     */
    public void outputChunk(long nanoTime) {
        if (firstAnswerNanos == 0) {
            firstAnswerNanos = nanoTime;
        }
        chunk(nanoTime);
    }

    /**
     * Records the arrival of a chunk of reasoning ({@code reasoning_content}, a {@code thinking} delta): output like
     * {@link #outputChunk(long)} (TTFT, ITL, the end of the request), but not an answer (no TTFO), and counted as
     * a reasoning token when the server does not report them.
     */
    public void reasoningChunk(long nanoTime) {
        reasoningChunks++;
        chunk(nanoTime);
    }

    private void chunk(long nanoTime) {
        if (outputChunks == 0) {
            firstTokenNanos = nanoTime;
        } else {
            interTokenSink.recordGapNanos(nanoTime - lastTokenNanos);
        }
        lastTokenNanos = nanoTime;
        endNanos = nanoTime;
        outputChunks++;
    }

    /** Sets the token counts the server reported ({@code usage}); -1 for unknown. */
    public void usage(long inputTokens, long outputTokens) {
        if (inputTokens >= 0) {
            this.inputTokens = inputTokens;
        }
        if (outputTokens >= 0) {
            this.outputTokens = outputTokens;
            this.tokenSource = TokenSource.USAGE;
        }
    }

    /**
     * Sets the details of the server's usage: {@code reasoningTokens} (OpenAI-compatible
     * {@code completion_tokens_details.reasoning_tokens}) and {@code cachedTokens} (prompt tokens read from the
     * server's prompt cache); -1 for unknown.
     */
    public void usageDetails(long reasoningTokens, long cachedTokens) {
        if (reasoningTokens >= 0) {
            this.reasoningTokens = reasoningTokens;
        }
        if (cachedTokens >= 0) {
            this.cachedTokens = cachedTokens;
        }
    }

    /**
     * Sets what the response's rate-limit headers said was left ({@code x-ratelimit-remaining-requests} and
     * {@code -tokens}, or Anthropic's {@code anthropic-ratelimit-*-remaining}); -1 for absent.
     */
    public void rateLimit(long remainingRequests, long remainingTokens) {
        this.remainingRequests = remainingRequests;
        this.remainingTokens = remainingTokens;
    }

    /** Sets the seconds a rate-limited response's {@code Retry-After} asked to wait; -1 for absent. */
    public void retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
    }

    /** The seconds the response's {@code Retry-After} asked to wait, or -1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The requests the server's rate limit had left, or -1. */
    public long remainingRequests() {
        return remainingRequests;
    }

    /** The tokens the server's rate limit had left, or -1. */
    public long remainingTokens() {
        return remainingTokens;
    }

    /** When the first answer chunk arrived ({@link #outputChunk(long)}), 0 when none did (TTFO). */
    public long firstAnswerNanos() {
        return firstAnswerNanos;
    }

    /** Reasoning tokens: the server's count when reported, else the reasoning chunks. */
    public long reasoningTokens() {
        return reasoningTokens >= 0 ? reasoningTokens : reasoningChunks;
    }

    /** Prompt tokens the server read from its cache, or -1 when it did not say. */
    public long cachedTokens() {
        return cachedTokens;
    }

    public long firstTokenNanos() {
        return firstTokenNanos;
    }

    public long lastTokenNanos() {
        return lastTokenNanos;
    }

    public long outputChunks() {
        return outputChunks;
    }

    /** Output tokens: the server's count when reported, else the number of output chunks. */
    public long outputTokens() {
        if (tokenSource == TokenSource.USAGE) {
            return outputTokens;
        }
        return outputChunks;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public TokenSource tokenSource() {
        if (tokenSource == TokenSource.USAGE) {
            return TokenSource.USAGE;
        }
        return outputChunks > 0 ? TokenSource.CHUNKS : TokenSource.NONE;
    }

    /** True when this request streamed output (an LLM request). */
    public boolean streamed() {
        return outputChunks > 0;
    }
}
