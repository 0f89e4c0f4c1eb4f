package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;

/**
 * A batch of per-request log entries, filled by one worker and handed to the {@link RequestLogSink}s off
 * the hot path. Columns are primitive arrays, so filling a batch allocates nothing. The batch is recycled
 * after every sink has seen it: sinks must copy what they keep.
 */
public final class RequestBatch {

    private final int capacity;
    private int size;
    private final long[] seq;
    private final int[] workers;
    private final long[] startOffsetNanos;
    private final long[] intendedOffsetNanos;
    private final long[] latencyNanos;
    private final boolean[] success;
    private final int[] status;
    private final String[] error;
    private final long[] ttftNanos;
    private final long[] tpotNanos;
    private final long[] outputTokens;
    private final long[] inputTokens;
    private final Exchange.TokenSource[] tokenSource;
    private final long[] ttfoNanos;
    private final long[] reasoningTokens;
    private final long[] cachedTokens;

    /** The open model's target rate of each level (index level - 1), null in the closed model. */
    private final double[] levelRates;

    RequestBatch(int capacity) {
        this(capacity, null);
    }

    /** A batch of an open-model run whose level {@code i + 1} has the target rate {@code levelRates[i]}. */
    RequestBatch(int capacity, double[] levelRates) {
        this.capacity = capacity;
        this.levelRates = levelRates;
        seq = new long[capacity];
        workers = new int[capacity];
        startOffsetNanos = new long[capacity];
        intendedOffsetNanos = new long[capacity];
        latencyNanos = new long[capacity];
        success = new boolean[capacity];
        status = new int[capacity];
        error = new String[capacity];
        ttftNanos = new long[capacity];
        tpotNanos = new long[capacity];
        outputTokens = new long[capacity];
        inputTokens = new long[capacity];
        tokenSource = new Exchange.TokenSource[capacity];
        ttfoNanos = new long[capacity];
        reasoningTokens = new long[capacity];
        cachedTokens = new long[capacity];
    }

    /**
     * A batch older than this is handed over even when not full, so a slow run's log reaches the file within
     * about a second (and an abrupt end, a {@code SIGKILL}, loses at most that much).
     */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /** {@code startNanos + latency} of the batch's first request: when the batch began to fill. */
    private long firstEndNanos;

    /** Hot path: appends one request; returns true when the batch is full, or has waited a second to be. */
    boolean add(Exchange ex, long runStartNanos, long latency) {
        int i = size++;
        long endNanos = ex.intendedStartNanos() + latency;
        if (i == 0) {
            firstEndNanos = endNanos;
        }
        seq[i] = ex.seq();
        workers[i] = ex.workers();
        startOffsetNanos[i] = ex.startNanos() - runStartNanos;
        intendedOffsetNanos[i] = ex.intendedStartNanos() - runStartNanos;
        latencyNanos[i] = latency;
        success[i] = !ex.failed();
        status[i] = ex.status();
        error[i] = ex.failed() ? ex.error().name() : null;
        if (ex.outputChunks() > 0) {
            ttftNanos[i] = ex.firstTokenNanos() - ex.startNanos();
            long n = ex.outputTokens();
            tpotNanos[i] = n > 1 ? (ex.lastTokenNanos() - ex.firstTokenNanos()) / (n - 1) : -1;
            outputTokens[i] = n;
            tokenSource[i] = ex.tokenSource();
            ttfoNanos[i] = ex.firstAnswerNanos() == 0 ? -1 : ex.firstAnswerNanos() - ex.startNanos();
            reasoningTokens[i] = ex.reasoningTokens();
        } else {
            ttfoNanos[i] = -1;
            reasoningTokens[i] = -1;
            ttftNanos[i] = -1;
            tpotNanos[i] = -1;
            outputTokens[i] = ex.tokenSource() == Exchange.TokenSource.USAGE ? ex.outputTokens() : -1;
            tokenSource[i] = null;
        }
        inputTokens[i] = ex.inputTokens();
        cachedTokens[i] = ex.cachedTokens();
        return size == capacity || endNanos - firstEndNanos > MAX_AGE_NANOS;
    }

    void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public long seq(int i) {
        return seq[i];
    }

    public int workers(int i) {
        return workers[i];
    }

    public long startOffsetNanos(int i) {
        return startOffsetNanos[i];
    }

    /**
     * When the request was due, nanoseconds after the run's start: its intended start in the open model (at or
     * before {@link #startOffsetNanos}), the same as the start in the closed model.
     */
    public long intendedOffsetNanos(int i) {
        return intendedOffsetNanos[i];
    }

    /** Whether the run is an open-model one: its requests have a {@link #rate}, an intended start, a service time. */
    public boolean open() {
        return levelRates != null;
    }

    /** Open model: the target rate (requests per second) of the level request {@code i} was due at. */
    public double rate(int i) {
        return levelRates[workers[i] - 1];
    }

    /** Service time (from the send to the end) in nanoseconds; equals {@link #latencyNanos} in the closed model. */
    public long serviceNanos(int i) {
        return latencyNanos[i] - (startOffsetNanos[i] - intendedOffsetNanos[i]);
    }

    /** Latency in nanoseconds, from when the request was due (see {@link #intendedOffsetNanos}). */
    public long latencyNanos(int i) {
        return latencyNanos[i];
    }

    public boolean success(int i) {
        return success[i];
    }

    /** HTTP status, 0 when there was none. */
    public int status(int i) {
        return status[i];
    }

    /** Error class, null for a success. */
    public String error(int i) {
        return error[i];
    }

    /** Time to first token in nanoseconds, -1 when the request streamed no output. */
    public long ttftNanos(int i) {
        return ttftNanos[i];
    }

    /** Time per output token in nanoseconds, -1 when fewer than two tokens. */
    public long tpotNanos(int i) {
        return tpotNanos[i];
    }

    /** Output tokens, -1 when not a streaming request. */
    public long outputTokens(int i) {
        return outputTokens[i];
    }

    /** Input tokens as reported by the server, -1 when unknown. */
    public long inputTokens(int i) {
        return inputTokens[i];
    }

    /** Where the output token count came from, null when not a streaming request. */
    /** Time to the first answer chunk (TTFO) from the send, -1 when the request streamed no answer. */
    public long ttfoNanos(int i) {
        return ttfoNanos[i];
    }

    /** Reasoning tokens of a request that streamed output (the server's count, else its reasoning chunks), else -1. */
    public long reasoningTokens(int i) {
        return reasoningTokens[i];
    }

    /** Prompt tokens read from the server's cache, -1 when it did not say. */
    public long cachedTokens(int i) {
        return cachedTokens[i];
    }

    public Exchange.TokenSource tokenSource(int i) {
        return tokenSource[i];
    }
}
