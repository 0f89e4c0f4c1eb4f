package io.benchsuite.engine.target.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One HTTP/1.1 connection: writes a complete request, reads the response head, and reads and discards the
 * body. Used by one thread at a time (handed over through {@link ConnectionPool}).
 *
 * <p>Implementation notes: everything on the request path works on one reused byte buffer, without building
 * strings or objects: the status line and the three headers that matter ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code Connection}) are parsed from the bytes. The body is framed by
 * {@code Content-Length}, chunked encoding (trailers skipped) or the end of the connection, and discarded as it
 * arrives, so its size does not matter; only the first {@value #SAMPLE_BYTES} bytes of a non-2xx body are kept,
 * for error samples.
 *
 * <p>Deadlines: reads and writes block without {@code SO_TIMEOUT}. A read with a timeout costs a virtual thread a
 * timed park (a timer queued and cancelled per read), which took about a third of the throughput against a fast
 * server (docs/performance.md). Instead, each request publishes its deadline, and the pool's deadline watch
 * ({@link ConnectionPool}) {@linkplain #expireIfPast(long) expires} a connection whose request is past it by closing
 * its TCP socket; the blocked read or write then fails and the request ends as a {@link SocketTimeoutException}.
 * A server that stalls anywhere (headers, body, chunk) thus ends the request at most one watch interval after its
 * deadline.
 */
final class HttpConnection implements AutoCloseable {

    static final int SAMPLE_BYTES = 512;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY_AFTER = "retry-after".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);

    // phase in the low two bits of state; the request number above them, so that the watch's compare-and-set
    // can only hit the request whose deadline it read, never the next one on the same connection
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int EXPIRED = 2;
    private static final int PHASE = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HttpConnection.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    /** The TCP socket (under TLS for https): closing it fails a blocked read or write at once. */
    private final Socket tcp;
    /**
     * {@code (request number << 2) | phase}: {@link #IDLE}, {@link #BUSY} (a request in flight until
     * {@link #deadline}) or {@link #EXPIRED}.
     */
    private volatile int state;
    /** The deadline of the request in flight, published by the volatile write of {@link #state}. */
    private long deadline;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int lim;
    private int lineEnd;

    private final byte[] sample = new byte[SAMPLE_BYTES];
    private int sampleLength;
    /** The {@code Retry-After} value of the last response, null when absent (kept for 429/503 error samples). */
    private String retryAfter;
    private boolean sampling;

    /** Responses completed on this connection. */
    private long served;
    /** Bytes received for the current response. */
    private long received;
    private boolean keepAlive;
    private int status;
    private boolean http10;

    /**
     * @param socket the socket to talk through (an {@code SSLSocket} for https) with {@code SO_TIMEOUT} 0
     * @param tcp    the TCP socket under it (the same socket for plain http)
     */
    HttpConnection(Socket socket, Socket tcp) throws IOException {
        this.socket = socket;
        this.tcp = tcp;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** True when this connection has completed a response before (it came from the idle pool). */
    boolean reused() {
        return served > 0;
    }

    /** True when the current response has delivered at least one byte. */
    boolean receivedAny() {
        return received > 0;
    }

    /**
     * Whether the connection may carry another request after the last response: the server allows it and sent
     * nothing beyond the response (unsolicited bytes would be mistaken for the next response).
     */
    boolean keepAlive() {
        return keepAlive && pos == lim;
    }

    /** The {@code Retry-After} header of the last response, null when it had none. */
    String retryAfter() {
        return retryAfter;
    }

    /** The non-2xx body sample of the last response (lossy UTF-8), empty when there was none. */
    String sample() {
        return new String(sample, 0, sampleLength, StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code request} (a complete request whose method is not HEAD unless {@code head}) and reads the
     * whole response. Returns the final status code (1xx responses are skipped).
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the response must be complete
     */
    int exchange(byte[] request, boolean head, long deadlineNanos) throws IOException {
        deadline = deadlineNanos;
        int busy = ((int) served + 1) << 2 | BUSY;
        state = busy;
        int code;
        try {
            code = exchange0(request, head);
        } catch (IOException e) {
            if ((state & PHASE) == EXPIRED) {
                throw timedOut(e);
            }
            throw e;
        }
        if (!STATE.compareAndSet(this, busy, busy & ~PHASE | IDLE)) {
            throw timedOut(null); // the watch closed the socket just as the response completed
        }
        return code;
    }

    private static SocketTimeoutException timedOut(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("response not complete within the request timeout");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** Deadline watch: {@linkplain #abort() aborts} the request in flight if its deadline is before {@code now}. */
    void expireIfPast(long now) {
        int s = state;
        if ((s & PHASE) == BUSY && now - deadline >= 0) {
            abort(s);
        }
    }

    /**
     * If a request is in flight, marks it expired and closes the TCP socket: the worker's blocked read or write
     * fails at once and the request ends as a timeout.
     */
    void abort() {
        int s = state;
        if ((s & PHASE) == BUSY) {
            abort(s);
        }
    }

    private void abort(int busy) {
        if (!STATE.compareAndSet(this, busy, busy & ~PHASE | EXPIRED)) {
            return; // that request ended (and maybe the next began) meanwhile
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing: the worker sees the failure either way
        }
    }

    private int exchange0(byte[] request, boolean head) throws IOException {
        received = 0;
        sampleLength = 0;
        retryAfter = null;
        sampling = false;
        keepAlive = false;
        out.write(request);
        out.flush();
        long contentLength;
        boolean chunked;
        while (true) {
            contentLength = -1;
            chunked = false;
            readStatusLine();
            boolean connectionClose = http10;
            boolean untilClose = false;
            while (true) {
                int start = readLine();
                int end = lineEnd;
                if (start == end) {
                    break;
                }
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
                } else if (nameLength == CONNECTION.length && equalsIgnoreCase(start, CONNECTION)) {
                    if (containsToken(colon + 1, end, CLOSE)) {
                        connectionClose = true;
                    } else if (http10 && containsToken(colon + 1, end, KEEP_ALIVE)) {
                        connectionClose = false;
                    }
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // 100 Continue, 102, 103: a final response follows
            }
            keepAlive = !connectionClose;
            if (untilClose) {
                contentLength = -1;
            }
            break;
        }
        sampling = status < 200 || status > 299;
        if (head || status == 204 || status == 304 || status == 101) {
            // no body
        } else if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            discard(contentLength);
        } else {
            discardUntilClose();
            keepAlive = false;
        }
        if (status == 101) {
            keepAlive = false; // we never ask to switch protocols; do not reuse such a connection
        }
        served++;
        return status;
    }

    private void readStatusLine() throws IOException {
        int start = readLine();
        int end = lineEnd;
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

    private void readChunked() throws IOException {
        while (true) {
            int start = readLine();
            long size = parseChunkSize(start, lineEnd);
            if (size == 0) {
                // trailers, up to an empty line
                while (readLine() != lineEnd) {
                    // skip
                }
                return;
            }
            discard(size);
            int after = readLine();
            if (after != lineEnd) {
                throw new MalformedResponseException("chunk data is longer than its declared size");
            }
        }
    }

    private long parseChunkSize(int start, int end) throws MalformedResponseException {
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

    /** Reads and discards {@code length} body bytes, sampling the first ones when needed. */
    private void discard(long length) throws IOException {
        long remaining = length;
        while (true) {
            int take = (int) Math.min(lim - pos, remaining);
            consume(take);
            remaining -= take;
            if (remaining == 0) {
                return;
            }
            pos = 0;
            lim = 0;
            if (fill() < 0) {
                throw new EOFException("connection closed after " + (length - remaining) + " of " + length
                        + " body bytes");
            }
        }
    }

    private void discardUntilClose() throws IOException {
        while (true) {
            consume(lim - pos);
            pos = 0;
            lim = 0;
            if (fill() < 0) {
                return;
            }
        }
    }

    private void consume(int n) {
        if (sampling && sampleLength < SAMPLE_BYTES) {
            int copy = Math.min(n, SAMPLE_BYTES - sampleLength);
            System.arraycopy(buf, pos, sample, sampleLength, copy);
            sampleLength += copy;
        }
        pos += n;
    }

    /**
     * Reads up to the next line break; returns the line's start in {@link #buf} and sets {@link #lineEnd} (the
     * line excludes CRLF or LF). Moves {@link #pos} past the line break.
     */
    private int readLine() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    int start = pos;
                    lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    pos = i + 1;
                    return start;
                }
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            scan = lim;
            if (lim == buf.length) {
                throw new MalformedResponseException("response header line is longer than " + buf.length + " bytes");
            }
            if (fill() < 0) {
                throw new EOFException(received == 0 ? "connection closed before any response byte"
                        : "connection closed in the middle of the response head");
            }
        }
    }

    /** Reads more bytes into {@code buf[lim..]}; returns the count, or -1 at the end of the stream. */
    private int fill() throws IOException {
        if (deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("response not complete within the request timeout");
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
            received += n;
        }
        return n;
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }
}
