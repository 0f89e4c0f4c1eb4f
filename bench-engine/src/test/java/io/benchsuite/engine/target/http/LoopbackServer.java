package io.benchsuite.engine.target.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on 127.0.0.1 whose responses are scripted byte by byte, for the cases WireMock cannot
 * produce (chunked trailers, endless bodies, servers that close keep-alive connections).
 */
final class LoopbackServer implements AutoCloseable {

    /** Serves one connection. */
    @FunctionalInterface
    interface Handler {
        /** @param connection index of the connection, from 0 */
        void serve(Conn conn, int connection) throws Exception;
    }

    /** One accepted connection. */
    static final class Conn {
        final LoopbackServer server;
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(LoopbackServer server, Socket socket) throws IOException {
            this.server = server;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head and Content-Length body); returns the head, or null at end of stream. */
        String readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            byte[] body = in.readNBytes(length);
            server.requests.add(text + new String(body, StandardCharsets.UTF_8));
            return text;
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    LoopbackServer(Handler handler) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket s = serverSocket.accept();
                    sockets.add(s);
                    int index = connections.getAndIncrement();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.serve(new Conn(this, s), index);
                        } catch (Exception ignored) {
                            // the client went away or the script ended: normal in these tests
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(5_000);
    }
}
