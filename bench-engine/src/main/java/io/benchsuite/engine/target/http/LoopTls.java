package io.benchsuite.engine.target.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over one non-blocking socket of a {@link LoopConnection}: drives the handshake, encrypts the request and
 * decrypts the response into plaintext the connection hands to its parser. Loop thread only; one per TLS
 * connection (a new connection gets a new engine).
 *
 * <p>Buffers: {@code netOut} holds encrypted bytes waiting for the socket (read mode), {@code netIn} encrypted
 * bytes read and not yet decrypted, {@code plain} decrypted bytes not yet taken (both write mode). Delegated
 * tasks (certificate checks) run on the loop thread: they happen once per connection.
 */
final class LoopTls {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer plain;

    LoopTls(SSLEngine engine) throws SSLException {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.netOut.flip();
        this.plain = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
    }

    /** Whether encrypted bytes wait for the socket to accept them (then wait for OP_WRITE). */
    boolean wantsWrite() {
        return netOut.hasRemaining();
    }

    /**
     * Drives the handshake as far as the socket allows: true once it is complete (and flushed); false when it
     * waits for the socket ({@link #wantsWrite()} says for writing, else for reading).
     */
    boolean handshake(SocketChannel ch) throws IOException {
        while (true) {
            if (!flush(ch)) {
                return false; // what we owe the server goes first
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap()) {
                        int n = ch.read(netIn);
                        if (n < 0) {
                            throw new EOFException("connection closed during the TLS handshake");
                        }
                        if (n == 0) {
                            return false;
                        }
                    }
                }
                default -> {
                    return flush(ch); // FINISHED, NOT_HANDSHAKING
                }
            }
        }
    }

    /** Encrypts and writes {@code request} as far as the socket allows; true once all of it is written. */
    boolean write(ByteBuffer request, SocketChannel ch) throws IOException {
        while (true) {
            if (!flush(ch)) {
                return false;
            }
            if (!request.hasRemaining()) {
                return true;
            }
            wrap(request);
        }
    }

    /** Reads what the socket has; -1 at its end. */
    int read(SocketChannel ch) throws IOException {
        return ch.read(netIn);
    }

    /**
     * Decrypts the complete records read so far into plaintext (see {@link #take}); answers what the protocol
     * asks on the way (a key update, session tickets). Returns whether any plaintext is waiting.
     */
    boolean decrypt(SocketChannel ch) throws IOException {
        while (plain.hasRemaining() && unwrap()) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    wrap(EMPTY);
                    flush(ch);
                }
                default -> {
                    // data, or a message that needs no answer
                }
            }
        }
        return plain.position() > 0;
    }

    /** Moves up to {@code len} plaintext bytes into {@code dst[off..]}; returns how many. */
    int take(byte[] dst, int off, int len) {
        plain.flip();
        int k = Math.min(len, plain.remaining());
        plain.get(dst, off, k);
        plain.compact();
        return k;
    }

    /** Plaintext decrypted and not yet taken. */
    boolean hasPlain() {
        return plain.position() > 0;
    }

    private boolean flush(SocketChannel ch) throws IOException {
        if (netOut.hasRemaining()) {
            ch.write(netOut);
        }
        return !netOut.hasRemaining();
    }

    private void wrap(ByteBuffer src) throws IOException {
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new EOFException("the TLS session was closed");
        }
    }

    /** One unwrap; false when a whole record has not arrived yet. */
    private boolean unwrap() throws IOException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, plain);
        } finally {
            netIn.compact();
        }
        return switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> false;
            case BUFFER_OVERFLOW -> false; // plaintext must be taken first
            case CLOSED -> throw new EOFException("the server closed the TLS session");
            case OK -> r.bytesConsumed() > 0 || r.bytesProduced() > 0
                    || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        };
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
