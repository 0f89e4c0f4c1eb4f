package io.benchsuite.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The ceiling of each client design on this machine, without the engine: {@code conns} keep-alive connections
 * POSTing {@code {}} to {@code url} for {@code seconds}, each response parsed just enough to find its end
 * (Content-Length), each latency recorded into a per-thread HdrHistogram. Designs ({@code mode}):
 * <ul>
 *   <li>{@code vthreads}: one virtual thread per connection, blocking socket I/O (what the engine does);
 *       {@code soTimeout=true} sets {@code SO_TIMEOUT} before every read, as the engine's client does, so a
 *       read that must wait parks with a timeout;</li>
 *   <li>{@code platform}: one platform thread per connection, blocking socket I/O;</li>
 *   <li>{@code nio}: {@code threads} event-loop threads (default 2), each with a selector over its share of the
 *       connections (what wrk does).</li>
 * </ul>
 * Prints {@code raw mode=... conns=... req_per_s=... p50_ms=... p99_ms=...}.
 */
public final class RawHttpLoop {

    private RawHttpLoop() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String mode = args.str("mode", "vthreads");
        int conns = (int) args.num("conns", 32);
        long seconds = args.num("seconds", 5);
        URI url = URI.create(args.str("url", "http://127.0.0.1:18080/fast"));
        byte[] request = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress addr = new InetSocketAddress(url.getHost(), url.getPort());
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT for 2 s
            long runNanos = round == 0 ? 2_000_000_000L : seconds * 1_000_000_000L;
            LongAdder count = new LongAdder();
            List<Histogram> hists = new ArrayList<>();
            long t0 = System.nanoTime();
            long end = t0 + runNanos;
            List<Thread> threads = new ArrayList<>();
            if (mode.equals("nio")) {
                int n = (int) args.num("threads", 2);
                for (int i = 0; i < n; i++) {
                    Histogram h = new Histogram(3);
                    hists.add(h);
                    int share = conns / n + (i < conns % n ? 1 : 0);
                    threads.add(Thread.ofPlatform().start(() -> eventLoop(addr, request, share, end, h, count)));
                }
            } else {
                for (int i = 0; i < conns; i++) {
                    Histogram h = new Histogram(3);
                    hists.add(h);
                    boolean soTimeout = Boolean.parseBoolean(args.str("soTimeout", "false"));
                    Runnable r = () -> blocking(addr, request, end, h, count, soTimeout);
                    threads.add(mode.equals("platform") ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Histogram all = new Histogram(3);
            hists.forEach(all::add);
            if (round == 1) {
                System.out.printf("raw mode=%s conns=%d req_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n", mode, conns,
                        count.sum() / secs, all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3);
            }
        }
    }

    private static void blocking(InetSocketAddress addr, byte[] request, long end, Histogram h, LongAdder count,
                                 boolean soTimeout) {
        byte[] buf = new byte[16 * 1024];
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(addr);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            long n = 0;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                int have = 0;
                int need;
                while ((need = responseLength(buf, have)) < 0 || have < need) {
                    if (soTimeout) {
                        s.setSoTimeout(30_000); // as HttpConnection.fill: the time left before the deadline
                    }
                    int r = in.read(buf, have, buf.length - have);
                    if (r < 0) {
                        throw new java.io.EOFException("server closed the connection");
                    }
                    have += r;
                }
                h.recordValue((System.nanoTime() - start) / 1000);
                n++;
            }
            count.add(n);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void eventLoop(InetSocketAddress addr, byte[] request, int conns, long end, Histogram h,
                                  LongAdder count) {
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < conns; i++) {
                SocketChannel ch = SocketChannel.open(addr);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                Conn c = new Conn();
                ch.register(sel, SelectionKey.OP_READ, c);
                c.start = System.nanoTime();
                ch.write(ByteBuffer.wrap(request));
            }
            long n = 0;
            while (System.nanoTime() < end) {
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    Conn c = (Conn) k.attachment();
                    int r = ch.read(c.in.position(c.have).limit(c.buf.length));
                    if (r < 0) {
                        throw new java.io.EOFException("server closed the connection");
                    }
                    c.have += r;
                    int need = responseLength(c.buf, c.have);
                    if (need >= 0 && c.have >= need) {
                        long now = System.nanoTime();
                        h.recordValue((now - c.start) / 1000);
                        n++;
                        c.have = 0;
                        c.start = now;
                        ch.write(ByteBuffer.wrap(request));
                    }
                }
                sel.selectedKeys().clear();
            }
            count.add(n);
            for (SelectionKey k : sel.keys()) {
                k.channel().close();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class Conn {
        final byte[] buf = new byte[16 * 1024];
        final ByteBuffer in = ByteBuffer.wrap(buf);
        int have;
        long start;
    }

    /** Total length of the response in {@code buf[0..have)}, or -1 while its head is incomplete. */
    static int responseLength(byte[] buf, int have) {
        for (int i = 3; i < have; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1 + contentLength(buf, i);
            }
        }
        return -1;
    }

    private static int contentLength(byte[] buf, int headEnd) {
        byte[] name = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + name.length < headEnd; i++) {
            for (int j = 0; j < name.length; j++) {
                int b = buf[i + j];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != name[j]) {
                    continue outer;
                }
            }
            int v = 0;
            for (int k = i + name.length; k < headEnd && buf[k] != '\r'; k++) {
                if (buf[k] >= '0' && buf[k] <= '9') {
                    v = v * 10 + (buf[k] - '0');
                }
            }
            return v;
        }
        return 0;
    }
}
