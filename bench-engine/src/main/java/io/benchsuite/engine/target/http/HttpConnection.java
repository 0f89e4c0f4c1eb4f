package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One blocking HTTP/1.1 connection: writes a complete request and reads the whole response through a
 * {@link ResponseParser}, which discards the body as it arrives or hands a 2xx body to the protocol's
 * {@link HttpProtocol.BodyReader} (one per connection), each read's bytes stamped with the moment that read returned.
 * Used by one thread at a time (handed over through {@link ConnectionPool}); the event-loop transport uses
 * {@link LoopConnection} instead.
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
    private final ResponseParser parser;
    /** Hands 2xx bodies to the protocol's reader, or null (discarded). */
    private final BodyHandOff body;

    /** Responses completed on this connection. */
    private long served;

    /**
     * @param socket      the socket to talk through (an {@code SSLSocket} for https) with {@code SO_TIMEOUT} 0
     * @param tcp         the TCP socket under it (the same socket for plain http)
     * @param reader      reads 2xx bodies, or null to discard them
     * @param sampleBytes how much of a non-2xx body is kept
     */
    HttpConnection(Socket socket, Socket tcp, HttpProtocol.BodyReader reader, int sampleBytes) throws IOException {
        this.socket = socket;
        this.tcp = tcp;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.body = BodyHandOff.of(reader);
        this.parser = new ResponseParser(sampleBytes);
    }

    /** True when this connection has completed a response before (it came from the idle pool). */
    boolean reused() {
        return served > 0;
    }

    /** Bytes of the current response received so far. */
    long responseBytes() {
        return parser.received();
    }

    /**
     * Whether the connection may carry another request after the last response: the server allows it and sent
     * nothing beyond the response.
     */
    boolean keepAlive() {
        return parser.keepAlive();
    }

    /** The last response (status, error sample). */
    ResponseParser response() {
        return parser;
    }

    /** This connection's body reader, or null. */
    HttpProtocol.BodyReader reader() {
        return body == null ? null : body.reader;
    }

    /** True when the current request's 2xx body has begun (its reader has been told). */
    boolean bodyStarted() {
        return body != null && body.started();
    }

    /**
     * Sends {@code request} (a complete request, not HEAD) for {@code ex} and reads the whole response. Returns the
     * final status code (1xx responses are skipped).
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the response must be complete
     */
    int exchange(byte[] request, Exchange ex, long deadlineNanos) throws IOException {
        deadline = deadlineNanos;
        int busy = ((int) served + 1) << 2 | BUSY;
        state = busy;
        if (body != null) {
            body.begin(ex);
        }
        int code;
        try {
            code = exchange0(request);
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

    private int exchange0(byte[] request) throws IOException {
        parser.begin(false, body);
        out.write(request);
        out.flush();
        while (!parser.advance()) {
            if (deadline - System.nanoTime() <= 0) {
                throw new SocketTimeoutException("response not complete within the request timeout");
            }
            int space = parser.space();
            int n = in.read(parser.buf, parser.lim(), space);
            if (body != null) {
                body.arrivalNanos = System.nanoTime(); // when these bytes arrived: before they are parsed
            }
            if (n < 0) {
                if (parser.endOfStream()) {
                    break;
                }
            } else {
                parser.added(n);
            }
        }
        served++;
        return parser.status();
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
