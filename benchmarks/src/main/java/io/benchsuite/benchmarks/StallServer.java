package io.benchsuite.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server that answers every request at once with {@code 200 ok}, except that once,
 * {@code stallAfterMs} (default 1,000 ms) after its first request, it stops answering for {@code stallMs}
 * (1,000 ms): every request it is handling in that second waits until the second is over, like a server in a
 * full GC pause. A tool free of coordinated omission shows the stall in its max (about {@code stallMs}) and
 * counts one slow request per connection; one that measures only what it managed to send hides it.
 *
 * <p>{@code java -cp benchmarks.jar io.benchsuite.benchmarks.StallServer port=18081 stallAfterMs=1000 stallMs=1000}
 * runs until killed; it prints {@code listening <port>} when ready and {@code stalled} when the pause starts.
 * {@code GET /reset} re-arms the pause for the next tool.
 */
public final class StallServer {

    private StallServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = (int) args.num("port", 0);
        long stallAfterNanos = args.num("stallAfterMs", 1000) * 1_000_000;
        long stallNanos = args.num("stallMs", 1000) * 1_000_000;
        AtomicLong first = new AtomicLong(Long.MIN_VALUE); // nanoTime of the first request since (re)arming
        byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/reset", ex -> {
            first.set(Long.MIN_VALUE);
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            long now = System.nanoTime();
            first.compareAndSet(Long.MIN_VALUE, now);
            long stallStart = first.get() + stallAfterNanos;
            long stallEnd = stallStart + stallNanos;
            if (now >= stallStart && now < stallEnd) {
                if (now - stallStart < 1_000_000) {
                    System.out.println("stalled");
                }
                sleepUntil(stallEnd);
            }
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
