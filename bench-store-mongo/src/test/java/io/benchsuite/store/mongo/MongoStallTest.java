package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stalls (accepts, never answers) during a run: {@code result.json} must not wait for it, and a
 * stop-at-once (the second Ctrl-C) must not wait for its timeouts either.
 */
class MongoStallTest {

    @TempDir
    Path out;

    @Test
    void a_stalled_database_holds_up_neither_the_result_file_nor_a_stop_at_once() throws Exception {
        try (MongoTestServer server = new MongoTestServer(); StallingProxy proxy = new StallingProxy(server.port())) {
            // given a store that reaches the database through a proxy, which stalls once the run is under way
            MongoResults db = MongoResults.open(StoreSettings.of("mongodb://127.0.0.1:" + proxy.port(), "bench"),
                    line -> { }).orElseThrow();
            Path runDir = out.resolve("stalled");
            var sink = db.requestSink("stalled", runDir, RequestLogMode.ALL);
            proxy.stall();

            // when the run ends: the engine closes the sink, then result.json is written
            long start = System.nanoTime();
            RunResult result = FakeRun.run(out, "stalled", "acme", 5_000, 2, FakeRun.target(20), List.of(sink));
            long toResultFile = System.nanoTime() - start;

            // then result.json was not held up by the database (inserts there wait 60 s for an answer)
            assertThat(Files.exists(runDir.resolve("result.json"))).isTrue();
            assertThat(toResultFile).isLessThan(TimeUnit.SECONDS.toNanos(30));

            // when the run is stored with a stop-at-once already asked for
            long storing = System.nanoTime();
            StoreOutcome outcome = db.store(result, runDir, () -> true);

            // then it gives up at once and keeps every document for bench sync
            assertThat(System.nanoTime() - storing).isLessThan(TimeUnit.SECONDS.toNanos(30));
            assertThat(outcome.stored()).isFalse();
            assertThat(outcome.message()).contains("stopped at once").contains("kept in");
            MongoRequestSink s = (MongoRequestSink) sink;
            assertThat(s.acknowledged() + s.spilled() + s.lost()).isEqualTo(s.kept()).isEqualTo(5_000);
            db.close();
        }
    }

    /** Forwards TCP to the database until {@link #stall()}: then it keeps the connections but passes nothing. */
    static final class StallingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicBoolean stalled = new AtomicBoolean();

        StallingProxy(int target) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        pipe(client, upstream);
                        pipe(upstream, client);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void pipe(Socket from, Socket to) {
            Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        while (stalled.get()) {
                            Thread.sleep(50); // hold the bytes: the database seems to think forever
                        }
                        o.write(buf, 0, n);
                        o.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // connection gone
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        void stall() {
            stalled.set(true);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
