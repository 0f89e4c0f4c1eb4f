package io.benchsuite.engine.target.http;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 response at a time from bytes as they arrive, whatever way they arrive: the blocking
 * {@link HttpConnection} reads into {@link #buf} and calls {@link #advance()} until it returns true, the event
 * loop ({@link LoopConnection}) does the same each time its socket is readable. One parser per connection, used
 * by one thread at a time.
 *
 * <p>Implementation notes: everything works on one reused byte buffer, without building strings or objects: the
 * status line and the headers that matter ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection},
 * and {@code Retry-After} of a failure) are parsed from the bytes. The body is framed by {@code Content-Length},
 * chunked encoding (trailers skipped) or the end of the connection, and discarded as it arrives, so its size does
 * not matter; only the first bytes of a non-2xx body are kept, for error samples (512 unless the protocol says
 * otherwise, {@link HttpProtocol#errorSampleBytes()}). Interim
 * 1xx responses (except 101) are skipped.
 */
final class ResponseParser implements HttpProtocol.Response {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY_AFTER = "retry-after".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REMAINING_REQUESTS = ascii("x-ratelimit-remaining-requests");
    private static final byte[] REMAINING_TOKENS = ascii("x-ratelimit-remaining-tokens");
    private static final byte[] ANTHROPIC_REQUESTS = ascii("anthropic-ratelimit-requests-remaining");
    private static final byte[] ANTHROPIC_TOKENS = ascii("anthropic-ratelimit-tokens-remaining");
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);

    // where the parser is in the response
    private static final int STATUS_LINE = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;
    private static final int BODY_UNTIL_CLOSE = 3;
    private static final int CHUNK_SIZE = 4;
    private static final int CHUNK_DATA = 5;
    private static final int CHUNK_END = 6;
    private static final int TRAILERS = 7;
    private static final int DONE = 8;

    /** Received bytes; the caller appends at {@link #lim} (see {@link #space()}) and calls {@link #added(int)}. */
    final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int lim;
    /** Where the search for the next line break resumes. */
    private int scan;
    private int lineEnd;

    private int phase = DONE;
    private boolean head;
    private long remaining;
    private long bodyLength;
    private long contentLength;
    private boolean chunked;
    private boolean untilClose;
    private boolean connectionClose;

    private final byte[] sample;
    private int sampleLength;
    private boolean sampleCut;
    private String retryAfter;
    private long remainingRequests;
    private long remainingTokens;
    private boolean sampling;
    private long received;
    private boolean keepAlive;
    private int status;
    private boolean http10;

    /**
     * Receives the body of a 2xx response as it arrives (a non-2xx body is sampled instead), de-chunked: how a
     * streaming target reads server-sent events.
     */
    interface Body {
        /** The head of a 2xx response is complete. */
        void head(int status);

        /** Body bytes, in order, as they arrived. */
        void bytes(byte[] buf, int off, int len);
    }

    private Body body;

    /** A parser that keeps the first 512 bytes of a non-2xx body. */
    ResponseParser() {
        this(HttpProtocol.ERROR_SAMPLE_BYTES);
    }

    /** A parser that keeps the first {@code sampleBytes} bytes of a non-2xx body. */
    ResponseParser(int sampleBytes) {
        this.sample = new byte[sampleBytes];
    }

    /** Prepares for the response to a request just sent ({@code head}: a HEAD request, so no body). */
    void begin(boolean headRequest) {
        begin(headRequest, null);
    }

    /** As {@link #begin(boolean)}, handing a 2xx body to {@code body} (null: discarded) instead of dropping it. */
    void begin(boolean headRequest, Body bodySink) {
        body = bodySink;
        head = headRequest;
        phase = STATUS_LINE;
        received = 0;
        sampleLength = 0;
        sampleCut = false;
        retryAfter = null;
        remainingRequests = -1;
        remainingTokens = -1;
        sampling = false;
        keepAlive = false;
        status = 0;
    }

    /** Forgets any bytes left in the buffer (a new connection). */
    void clear() {
        pos = 0;
        lim = 0;
        scan = 0;
    }

    /** Free room at the end of {@link #buf} for the next read, after moving unread bytes to the front. */
    int space() {
        if (pos == lim) {
            pos = 0;
            lim = 0;
            scan = 0;
        } else if (lim == buf.length && pos > 0) {
            compact();
        }
        return buf.length - lim;
    }

    /** Where the next read must put its bytes: {@code buf[lim()..]}. */
    int lim() {
        return lim;
    }

    /** The caller read {@code n > 0} bytes into {@code buf[lim()..]}. */
    void added(int n) {
        lim += n;
        received += n;
    }

    /**
     * Parses what has arrived; returns true once the response is complete (bytes after it stay in the buffer and
     * make the connection not {@linkplain #keepAlive() reusable}).
     */
    boolean advance() throws MalformedResponseException {
        while (true) {
            switch (phase) {
                case STATUS_LINE -> {
                    int start = line();
                    if (start < 0) {
                        return false;
                    }
                    statusLine(start, lineEnd);
                    contentLength = -1;
                    chunked = false;
                    untilClose = false;
                    connectionClose = http10;
                    phase = HEADERS;
                }
                case HEADERS -> {
                    int start = line();
                    if (start < 0) {
                        return false;
                    }
                    if (start == lineEnd) {
                        endOfHead();
                    } else {
                        header(start, lineEnd);
                    }
                }
                case BODY -> {
                    if (!discard()) {
                        return false;
                    }
                    phase = DONE;
                }
                case BODY_UNTIL_CLOSE -> {
                    consume(lim - pos);
                    return false; // ends with the connection: see endOfStream()
                }
                case CHUNK_SIZE -> {
                    int start = line();
                    if (start < 0) {
                        return false;
                    }
                    long size = chunkSize(start, lineEnd);
                    if (size == 0) {
                        phase = TRAILERS;
                    } else {
                        remaining = size;
                        phase = CHUNK_DATA;
                    }
                }
                case CHUNK_DATA -> {
                    if (!discard()) {
                        return false;
                    }
                    phase = CHUNK_END;
                }
                case CHUNK_END -> {
                    int start = line();
                    if (start < 0) {
                        return false;
                    }
                    if (start != lineEnd) {
                        throw new MalformedResponseException("chunk data is longer than its declared size");
                    }
                    phase = CHUNK_SIZE;
                }
                case TRAILERS -> {
                    int start = line();
                    if (start < 0) {
                        return false;
                    }
                    if (start == lineEnd) {
                        phase = DONE;
                    }
                }
                default -> {
                    if (status == 101) {
                        keepAlive = false; // we never ask to switch protocols; do not reuse such a connection
                    }
                    return true;
                }
            }
        }
    }

    /**
     * The peer closed the connection: returns true when that ends the response (a body delimited by the end of
     * the connection), else throws {@link EOFException} saying where the response was cut.
     */
    boolean endOfStream() throws EOFException {
        return switch (phase) {
            case BODY_UNTIL_CLOSE -> {
                consume(lim - pos);
                keepAlive = false;
                phase = DONE;
                yield true;
            }
            case DONE -> true;
            case STATUS_LINE, HEADERS -> throw new EOFException(received == 0
                    ? "connection closed before any response byte"
                    : "connection closed in the middle of the response head");
            case BODY -> throw new EOFException("connection closed after " + (bodyLength - remaining) + " of "
                    + bodyLength + " body bytes");
            default -> throw new EOFException("connection closed in the middle of the chunked body");
        };
    }

    /** The final status code of the response (1xx skipped). */
    @Override
    public int status() {
        return status;
    }

    /** Bytes received for the current response. */
    long received() {
        return received;
    }

    /**
     * Whether the connection may carry another request after this response: the server allows it and sent
     * nothing beyond the response (unsolicited bytes would be mistaken for the next response).
     */
    boolean keepAlive() {
        return keepAlive && pos == lim;
    }

    /** The {@code Retry-After} header of a non-2xx response, null when it had none. */
    @Override
    public String retryAfter() {
        return retryAfter;
    }

    /** The non-2xx body sample of the response (lossy UTF-8), empty when there was none. */
    @Override
    public String sample() {
        return new String(sample, 0, sampleLength, StandardCharsets.UTF_8);
    }

    @Override
    public boolean sampleCut() {
        return sampleCut;
    }

    // ------------------------------------------------------------------ response parts

    private void statusLine(int start, int end) throws MalformedResponseException {
        // "HTTP/1.x SSS[ reason]"
        if (end - start < HTTP_1.length + 5 || !startsWith(start, HTTP_1)
                || (buf[start + HTTP_1.length] != '0' && buf[start + HTTP_1.length] != '1')
                || buf[start + HTTP_1.length + 1] != ' ') {
            throw new MalformedResponseException("response does not start with an HTTP/1.0 or HTTP/1.1 status line");
        }
        int s = start + HTTP_1.length + 2;
        int code = 0;
        for (int i = s; i < s + 3; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedResponseException("response status code is not three digits");
            }
            code = code * 10 + d;
        }
        if ((end > s + 3 && buf[s + 3] != ' ') || code < 100) {
            throw new MalformedResponseException("response status code is not three digits");
        }
        status = code;
        http10 = buf[start + HTTP_1.length] == '0';
    }

    private void header(int start, int end) throws MalformedResponseException {
        int colon = indexOf(start, end, (byte) ':');
        if (colon < 0) {
            throw new MalformedResponseException("malformed response header line (no colon)");
        }
        int nameLength = colon - start;
        if (nameLength == CONTENT_LENGTH.length && equalsIgnoreCase(start, CONTENT_LENGTH)) {
            long value = parseLength(colon + 1, end);
            if (contentLength >= 0 && contentLength != value) {
                throw new MalformedResponseException("response has conflicting Content-Length headers");
            }
            contentLength = value;
        } else if (nameLength == TRANSFER_ENCODING.length && equalsIgnoreCase(start, TRANSFER_ENCODING)) {
            chunked = endsWithToken(colon + 1, end, CHUNKED);
            untilClose = !chunked; // e.g. "gzip" alone: the body ends with the connection (RFC 9112 6.3)
        } else if ((status < 200 || status > 299) && nameLength == RETRY_AFTER.length
                && equalsIgnoreCase(start, RETRY_AFTER)) { // kept for error samples only
            retryAfter = new String(buf, colon + 1, end - colon - 1, StandardCharsets.US_ASCII).strip();
        } else if (nameLength >= REMAINING_TOKENS.length && rateLimitHeader(start, nameLength, colon + 1, end)) {
            return;
        } else if (nameLength == CONNECTION.length && equalsIgnoreCase(start, CONNECTION)) {
            if (containsToken(colon + 1, end, CLOSE)) {
                connectionClose = true;
            } else if (http10 && containsToken(colon + 1, end, KEEP_ALIVE)) {
                connectionClose = false;
            }
        }
    }

    /** Reads a rate-limit header ({@link #remainingRequests()}, {@link #remainingTokens()}); false for another. */
    private boolean rateLimitHeader(int start, int nameLength, int valueStart, int end) {
        boolean requests = nameLength == REMAINING_REQUESTS.length && equalsIgnoreCase(start, REMAINING_REQUESTS)
                || nameLength == ANTHROPIC_REQUESTS.length && equalsIgnoreCase(start, ANTHROPIC_REQUESTS);
        boolean tokens = !requests && (nameLength == REMAINING_TOKENS.length && equalsIgnoreCase(start, REMAINING_TOKENS)
                || nameLength == ANTHROPIC_TOKENS.length && equalsIgnoreCase(start, ANTHROPIC_TOKENS));
        if (!requests && !tokens) {
            return false;
        }
        long value = 0;
        int digits = 0;
        for (int i = valueStart; i < end; i++) {
            int b = buf[i];
            if (b == ' ' || b == '\t') {
                continue;
            }
            if (b < '0' || b > '9' || ++digits > 18) {
                return true; // not a count (a date, a fraction): ignored
            }
            value = value * 10 + (b - '0');
        }
        if (digits > 0) {
            if (requests) {
                remainingRequests = value;
            } else {
                remainingTokens = value;
            }
        }
        return true;
    }

    /** {@code x-ratelimit-remaining-requests} (or Anthropic's) of the response, -1 when absent. */
    @Override
    public long remainingRequests() {
        return remainingRequests;
    }

    /** {@code x-ratelimit-remaining-tokens} (or Anthropic's) of the response, -1 when absent. */
    @Override
    public long remainingTokens() {
        return remainingTokens;
    }

    private void endOfHead() {
        if (status >= 100 && status < 200 && status != 101) {
            phase = STATUS_LINE; // 100 Continue, 102, 103: a final response follows
            return;
        }
        keepAlive = !connectionClose;
        sampling = status < 200 || status > 299;
        if (!sampling && body != null) {
            body.head(status);
        }
        if (head || status == 204 || status == 304 || status == 101) {
            phase = DONE;
        } else if (chunked) {
            phase = CHUNK_SIZE;
        } else if (contentLength >= 0 && !untilClose) {
            remaining = contentLength;
            bodyLength = contentLength;
            phase = BODY;
        } else {
            keepAlive = false;
            phase = BODY_UNTIL_CLOSE;
        }
    }

    /** Discards up to {@link #remaining} body bytes from the buffer; true when none remain. */
    private boolean discard() {
        int take = (int) Math.min(lim - pos, remaining);
        consume(take);
        remaining -= take;
        return remaining == 0;
    }

    private long chunkSize(int start, int end) throws MalformedResponseException {
        long size = 0;
        int digits = 0;
        int i = start;
        for (; i < end; i++) {
            int b = buf[i];
            int d = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10
                    : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new MalformedResponseException("chunk size is too large");
            }
            size = size * 16 + d;
        }
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < end && buf[i] != ';')) {
            throw new MalformedResponseException("malformed chunk size line");
        }
        return size;
    }

    private void consume(int n) {
        if (sampling) {
            int copy = Math.min(n, sample.length - sampleLength);
            if (copy > 0) {
                System.arraycopy(buf, pos, sample, sampleLength, copy);
                sampleLength += copy;
            }
            sampleCut |= copy < n;
        } else if (body != null && n > 0) {
            body.bytes(buf, pos, n);
        }
        pos += n;
        if (scan < pos) {
            scan = pos;
        }
    }

    /**
     * The start of the next complete line in {@link #buf} (its end, without CRLF or LF, in {@link #lineEnd}),
     * moving {@link #pos} past its line break; -1 when the line has not fully arrived.
     */
    private int line() throws MalformedResponseException {
        for (int i = Math.max(scan, pos); i < lim; i++) {
            if (buf[i] == '\n') {
                int start = pos;
                lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                pos = i + 1;
                scan = pos;
                return start;
            }
        }
        scan = lim;
        if (lim == buf.length) {
            if (pos == 0) {
                throw new MalformedResponseException("response header line is longer than " + buf.length + " bytes");
            }
            compact();
        }
        return -1;
    }

    private void compact() {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        scan -= pos;
        pos = 0;
    }

    // ------------------------------------------------------------------ byte helpers

    private boolean startsWith(int start, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (buf[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code buf[start..]} equals {@code lower} ignoring ASCII case ({@code lower} is lower case). */
    private boolean equalsIgnoreCase(int start, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            int b = buf[start + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int start, int end, byte b) {
        for (int i = start; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private long parseLength(int start, int end) throws MalformedResponseException {
        long value = 0;
        int digits = 0;
        for (int i = start; i < end; i++) {
            int b = buf[i];
            if (b == ' ' || b == '\t') {
                if (digits > 0) {
                    for (int j = i; j < end; j++) {
                        if (buf[j] != ' ' && buf[j] != '\t') {
                            throw new MalformedResponseException("malformed Content-Length header");
                        }
                    }
                    break;
                }
                continue;
            }
            if (b < '0' || b > '9' || ++digits > 18) {
                throw new MalformedResponseException("malformed Content-Length header");
            }
            value = value * 10 + (b - '0');
        }
        if (digits == 0) {
            throw new MalformedResponseException("malformed Content-Length header");
        }
        return value;
    }

    /** Whether the comma-separated list in {@code buf[start..end)} contains {@code token} (ASCII case-insensitive). */
    private boolean containsToken(int start, int end, byte[] token) {
        int i = start;
        while (i < end) {
            while (i < end && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == ',')) {
                i++;
            }
            int tokenStart = i;
            while (i < end && buf[i] != ',') {
                i++;
            }
            int tokenEnd = i;
            while (tokenEnd > tokenStart && (buf[tokenEnd - 1] == ' ' || buf[tokenEnd - 1] == '\t')) {
                tokenEnd--;
            }
            if (tokenEnd - tokenStart == token.length && equalsIgnoreCase(tokenStart, token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last element of the comma-separated list in {@code buf[start..end)} is {@code token}. */
    private boolean endsWithToken(int start, int end, byte[] token) {
        int e = end;
        while (e > start && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
            e--;
        }
        int s = e;
        while (s > start && buf[s - 1] != ',' && buf[s - 1] != ' ' && buf[s - 1] != '\t') {
            s--;
        }
        return e - s == token.length && equalsIgnoreCase(s, token);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
