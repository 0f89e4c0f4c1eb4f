package io.benchsuite.engine.target.http;

import io.benchsuite.engine.DeadlineWatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Opens and keeps the connections of one target. A worker keeps its keep-alive connection for itself between
 * requests (attached to its {@code Exchange}, see {@link HttpThreadTarget}), so the hot path touches nothing
 * shared; connections of workers that stopped (after a warm-up, say) wait in a lock-free idle queue for the
 * next worker that needs one. With one request in flight per worker, the pool settles at one connection per
 * worker.
 *
 * <p>Request deadlines are enforced by one daemon thread per pool, started with the first connection: every
 * {@value #WATCH_MILLIS} ms it {@linkplain HttpConnection#expireIfPast(long) expires} the open connections whose
 * request is past its deadline, so no read needs a timeout of its own (see {@link HttpConnection}). A request
 * that times out therefore ends between its deadline and {@value #WATCH_MILLIS} ms after it.
 *
 * <p>TLS: certificates are verified against the JDK's trust store and the host name is checked
 * ({@code HTTPS} endpoint identification), SNI is sent for host names. {@code insecure} turns both checks off.
 */
final class ConnectionPool implements AutoCloseable {

    /** How often the deadline watch looks at the open connections. */
    static final int WATCH_MILLIS = 5;

    private final HttpEndpoint endpoint;
    private final HttpProtocol protocol;
    private final SSLSocketFactory tls;
    private final boolean verifyHost;
    private final ConcurrentLinkedQueue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final DeadlineWatch watch = new DeadlineWatch("bench-http-deadlines", WATCH_MILLIS, this::expirePast);

    /**
     * @param protocol   gives each new connection its body reader and error-sample size
     * @param sslContext the TLS context for https endpoints, or null for the JDK default (or trust-all when
     *                   {@code insecure})
     */
    ConnectionPool(HttpEndpoint endpoint, HttpProtocol protocol, boolean insecure, SSLContext sslContext) {
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.verifyHost = !insecure;
        this.tls = endpoint.secure() ? tlsContext(insecure, sslContext).getSocketFactory() : null;
    }

    /** An idle connection, or a new one. */
    HttpConnection acquire(long deadlineNanos) throws IOException {
        HttpConnection c = idle.poll();
        return c != null ? c : connect(deadlineNanos);
    }

    /**
     * After a complete response: whether the worker may keep {@code c} for its next request; when not, the
     * connection is closed.
     */
    boolean keep(HttpConnection c) {
        if (c.keepAlive() && !closed) {
            return true;
        }
        discard(c);
        return false;
    }

    /** Gives back a connection a worker no longer needs: queued for another worker when reusable, else closed. */
    void release(HttpConnection c) {
        if (keep(c)) {
            idle.offer(c);
            if (closed && idle.remove(c)) {
                discard(c);
            }
        }
    }

    /** Closes a connection that failed or must not be reused. */
    void discard(HttpConnection c) {
        c.close();
        open.remove(c);
    }

    /** Connections currently open (idle or in use). */
    int openConnections() {
        return open.size();
    }

    /** Opens a new connection (TCP, then TLS for https), bounded by the deadline. */
    HttpConnection connect(long deadlineNanos) throws IOException {
        if (closed) {
            throw new IOException("target is closed");
        }
        Socket socket = new Socket();
        Socket tcp = socket;
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
            socket.connect(address, remainingMillis(deadlineNanos));
            if (tls != null) {
                socket = handshake(socket, deadlineNanos);
            }
            HttpConnection c = new HttpConnection(socket, tcp, protocol.newBodyReader(), protocol.errorSampleBytes());
            open.add(c);
            watch.start();
            if (closed) {
                discard(c);
                throw new IOException("target is closed");
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket handshake(Socket plain, long deadlineNanos) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, endpoint.host(), endpoint.port(), true);
        ssl.setSSLParameters(clientParameters(ssl.getSSLParameters(), endpoint, verifyHost));
        ssl.setSoTimeout(remainingMillis(deadlineNanos));
        ssl.startHandshake();
        ssl.setSoTimeout(0); // from here on the deadline watch bounds every read
        return ssl;
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("request timeout reached before the connection was open");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
    }

    /** Ends every request in flight now, as if past its deadline (the run is stopping at once). */
    void abortInFlight() {
        for (HttpConnection c : open) {
            c.abort();
        }
    }

    /** The deadline watch's sweep: expires the connections whose request is past its deadline. */
    private void expirePast(long now) {
        for (HttpConnection c : open) {
            c.expireIfPast(now);
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
        for (HttpConnection c; (c = idle.poll()) != null; ) {
            discard(c);
        }
        for (HttpConnection c : open) {
            discard(c);
        }
    }

    /**
     * The TLS context of an {@code https://} target, for both transports: {@code given} when set, else one that
     * accepts any certificate when {@code insecure}, else the JDK's default (its trust store).
     */
    static SSLContext tlsContext(boolean insecure, SSLContext given) {
        if (given != null) {
            return given;
        }
        if (insecure) {
            return trustAll();
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * {@code params} set up as both transports' clients need them: host-name verification ({@code HTTPS}
     * endpoint identification) unless {@code insecure}, SNI for host names (not IP literals), ALPN {@code http/1.1}.
     */
    static SSLParameters clientParameters(SSLParameters params, HttpEndpoint endpoint, boolean verifyHost) {
        if (verifyHost) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!endpoint.hostIsIpLiteral()) {
            params.setServerNames(List.of(new SNIHostName(endpoint.host())));
        }
        params.setApplicationProtocols(new String[] {"http/1.1"});
        return params;
    }

    /** A TLS context that accepts any certificate (for {@code insecure_tls: true} only). */
    private static SSLContext trustAll() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }
}
