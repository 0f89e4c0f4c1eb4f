package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One worker's HTTP/1.1 connection on an {@link EventLoop}: sends the worker's requests one at a time over a
 * non-blocking keep-alive socket (opened again when the server closes it) and parses each response as its bytes
 * arrive ({@link ResponseParser}). Every method runs on the loop's thread.
 *
 * <p>Retries: only a request on a stale keep-alive connection, once ({@link StaleConnectionRetry}). A connection
 * the server closes while idle is mostly noticed before that (the socket is watched while idle) and simply opened
 * again for the next request.
 */
final class LoopConnection {

    private static final int IDLE = 0;
    private static final int CONNECTING = 1;
    private static final int SENDING = 2;
    private static final int RECEIVING = 3;
    private static final int HANDSHAKING = 4;

    private final EventLoop loop;
    private final HttpLoopTarget target;
    private final HttpProtocol protocol;
    /** Hands 2xx bodies to the protocol's reader, or null (discarded). */
    private final BodyHandOff body;
    private final ResponseParser parser;
    private final ByteBuffer in;
    /** The request being sent, sized to the largest request so far (direct: written without a copy). */
    private ByteBuffer out = ByteBuffer.allocateDirect(0);

    private SocketChannel channel;
    /** TLS of the open channel ({@code https://}), else null. */
    private LoopTls tls;
    private SelectionKey key;
    private int interest;
    /** Responses completed on the open channel. */
    private long served;
    private int phase = IDLE;

    /** Inside {@link #send}: a failure found there ends the request in a later loop pass, never inside it. */
    private boolean sending;
    /** Requests sent on this connection: tells a deferred failure whether its request is still in flight. */
    private long sends;

    // the request in flight
    private Exchange exchange;
    private Runnable done;
    private long deadline;

    LoopConnection(EventLoop loop, HttpLoopTarget target, HttpProtocol protocol) {
        this.loop = loop;
        this.target = target;
        this.protocol = protocol;
        this.body = BodyHandOff.of(protocol.newBodyReader());
        this.parser = new ResponseParser(protocol.errorSampleBytes());
        this.in = ByteBuffer.wrap(parser.buf);
    }

    EventLoop loop() {
        return loop;
    }

    /** Sends {@code request} for {@code exchange}; {@code done} runs once its outcome is recorded. */
    void send(Exchange ex, Runnable whenDone, byte[] request) {
        exchange = ex;
        done = whenDone;
        deadline = ex.deadlineNanos();
        if (out.capacity() < request.length) {
            out = ByteBuffer.allocateDirect(Math.max(256, Integer.highestOneBit(request.length) << 1));
        }
        out.clear();
        out.put(request).flip();
        if (body != null) {
            body.begin(ex);
        }
        sends++;
        parser.begin(false, body);
        sending = true;
        try {
            if (deadline - System.nanoTime() <= 0) {
                fail(new SocketTimeoutException("request timeout reached before the request was sent"));
            } else if (channel == null) {
                connect();
            } else {
                write();
            }
        } catch (RuntimeException e) { // a closed selector, a cancelled key: a failure of this request
            fail(e);
        } finally {
            sending = false;
        }
    }

    private void connect() {
        served = 0;
        parser.clear();
        phase = CONNECTING;
        try {
            InetSocketAddress address = target.address();
            if (address.isUnresolved()) {
                throw new UnknownHostException(address.getHostString());
            }
            channel = SocketChannel.open();
            target.opened(1);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                key = channel.register(loop.selector, interest = SelectionKey.OP_READ, this);
                connected();
            } else {
                key = channel.register(loop.selector, interest = SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The TCP connection is open: the TLS handshake first for https, then the request. */
    private void connected() throws IOException {
        javax.net.ssl.SSLEngine engine = target.newTlsEngine();
        if (engine == null) {
            write();
            return;
        }
        tls = new LoopTls(engine);
        phase = HANDSHAKING;
        handshake();
    }

    private void handshake() throws IOException {
        if (tls.handshake(channel)) {
            write();
        } else {
            interest(tls.wantsWrite() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void write() {
        phase = SENDING;
        try {
            boolean all;
            if (tls == null) {
                channel.write(out);
                all = !out.hasRemaining();
            } else {
                all = tls.write(out, channel);
            }
            if (!all) {
                interest(SelectionKey.OP_WRITE);
            } else {
                phase = RECEIVING;
                interest(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void interest(int ops) {
        if (interest != ops) {
            key.interestOps(ops);
            interest = ops;
        }
    }

    /** The selector found the socket ready for {@code ops}. */
    void ready(int ops) {
        try {
            if (phase == CONNECTING) {
                if ((ops & SelectionKey.OP_CONNECT) != 0 && channel.finishConnect()) {
                    interest(SelectionKey.OP_READ);
                    connected();
                }
            } else if (phase == HANDSHAKING) {
                handshake();
            } else if (phase == SENDING) {
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    write();
                }
            } else if ((ops & SelectionKey.OP_READ) != 0) {
                read();
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void read() throws IOException {
        if (body != null) {
            body.arrivalNanos = loop.readyNanos(); // when the selector reported these bytes: before any parsing
        }
        if (tls != null) {
            readTls();
            return;
        }
        int space = parser.space();
        in.limit(parser.lim() + space).position(parser.lim());
        int n = channel.read(in);
        if (phase == IDLE) {
            closeChannel(); // the server closed the idle connection (or sent bytes nobody asked for)
            return;
        }
        if (n < 0) {
            parser.endOfStream(); // throws where the response was cut, unless the body ends with the connection
            complete();
            return;
        }
        parser.added(n);
        if (parser.advance()) {
            complete();
        }
    }

    private void readTls() throws IOException {
        int n = tls.read(channel);
        boolean plain = n >= 0 && tls.decrypt(channel);
        if (phase == IDLE) {
            if (n < 0 || plain) {
                closeChannel(); // closed by the server, or bytes nobody asked for
            }
            return; // else a message of the protocol itself (a session ticket): the connection stays
        }
        while (tls.hasPlain()) {
            int space = parser.space(); // may move the unread bytes, and so lim(): first
            int k = tls.take(parser.buf, parser.lim(), space);
            parser.added(k);
            if (parser.advance()) {
                if (tls.hasPlain() || tls.decrypt(channel)) {
                    closeChannel(); // bytes beyond the response: this connection cannot carry another request
                }
                complete();
                return;
            }
            tls.decrypt(channel);
        }
        if (n < 0) {
            parser.endOfStream(); // throws where the response was cut, unless the body ends with the connection
            complete();
        }
    }

    private void complete() {
        phase = IDLE;
        served++;
        if (!parser.keepAlive()) {
            closeChannel();
        }
        protocol.outcome(exchange, reader(), parser);
        if (exchange.endNanos() == 0) {
            exchange.endNanos(loop.readyNanos()); // not after parsing the responses that arrived together with it
        }
        end();
    }

    /** An I/O failure of the request in flight: sent once more if the connection was stale. */
    private void failed(IOException e) {
        boolean retry = StaleConnectionRetry.applies(served > 0, parser.received(), e);
        closeChannel();
        if (retry && exchange != null) {
            target.resent();
            out.rewind();
            connect(); // on a new connection (served = 0: not retried again); the latency includes both attempts
            return;
        }
        fail(e);
    }

    /** Ends the request in flight, if any, as a failure of {@code error}'s class. */
    void fail(Throwable error) {
        closeChannel();
        if (exchange == null) {
            return;
        }
        if (sending) {
            // ended right away (no file descriptor left, an unknown host, the deadline already past): end it in
            // the loop's next pass, so a worker whose every request fails at once cannot keep the loop to itself
            long request = sends;
            loop.execute(() -> {
                if (sends == request && exchange != null) {
                    recordFailure(error);
                    end();
                }
            });
            return;
        }
        recordFailure(error);
        end();
    }

    private void recordFailure(Throwable error) {
        TransportFailure.record(protocol, target.endpoint(), exchange, reader(), error, body != null && body.started());
    }

    /** Sweep: ends the request in flight as a timeout if it is past its deadline. */
    void expireIfPast(long now) {
        if (exchange != null && now - deadline >= 0) {
            fail(new SocketTimeoutException(phase == CONNECTING || phase == HANDSHAKING
                    ? "request timeout reached before the connection was open"
                    : "response not complete within the request timeout"));
        }
    }

    /**
     * The run stops at once: ends the request in flight if it started before {@code abortNanos}, as a failure the
     * engine then labels an interruption.
     */
    void abort(long abortNanos) {
        if (exchange != null && exchange.startNanos() - abortNanos <= 0) {
            fail(new java.io.InterruptedIOException("the run stopped while in flight"));
        }
    }

    private HttpProtocol.BodyReader reader() {
        return body == null ? null : body.reader;
    }

    private void end() {
        phase = IDLE;
        Runnable d = done;
        exchange = null;
        done = null;
        d.run(); // the engine records the request and usually sends this worker's next one through send()
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
            channel = null;
            tls = null;
            key = null;
            target.opened(-1);
        }
    }
}
