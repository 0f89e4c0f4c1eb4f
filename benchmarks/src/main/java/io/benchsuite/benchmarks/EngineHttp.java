package io.benchsuite.benchmarks;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Splits the gap between {@code bench run} and wrk into its parts, on the same endpoint and worker count:
 * <ul>
 *   <li>{@code target=system_api}: the engine with the real {@code system_api} target (made by its
 *       {@code TargetFactory} from a config), no request log;</li>
 *   <li>{@code target=system_api log=true}: the same plus the {@code requests.jsonl.gz} the CLI always writes;</li>
 *   <li>{@code target=raw}: the engine with a minimal blocking HTTP/1.1 target (one socket per worker, no pool,
 *       no timeout), i.e. the engine's own cost on top of {@link RawHttpLoop}'s {@code vthreads}.</li>
 * </ul>
 * {@code java -cp benchmarks.jar io.benchsuite.benchmarks.EngineHttp url=http://127.0.0.1:18080/fast workers=32
 * seconds=5 target=system_api log=false threads=auto} ({@code threads}: auto, platform, virtual or event_loop; auto is event_loop for an http:// url) prints {@code engine target=... log=... req_per_s=... p50_ms=... p99_ms=...}
 * after a 2 s warm-up run.
 */
public final class EngineHttp {

    private EngineHttp() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String url = args.str("url", "http://127.0.0.1:18080/fast");
        int workers = (int) args.num("workers", 32);
        long seconds = args.num("seconds", 5);
        String kind = args.str("target", "system_api");
        boolean log = Boolean.parseBoolean(args.str("log", "false"));
        io.benchsuite.engine.WorkerThreads threads = io.benchsuite.engine.WorkerThreads.parse(args.str("threads", "auto"));
        Path dir = Files.createTempDirectory("bench-engine-http");
        Path cfgFile = dir.resolve("config.json");
        Files.writeString(cfgFile, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"" + url
                + "\", \"worker_threads\": \"" + threads.configName() + "\"}");
        BenchConfig cfg = ConfigLoader.load(cfgFile, List.of());
        RunResult r = null;
        for (long secs : new long[] {2, seconds}) {
            try (Target target = kind.equals("raw") ? new RawTarget(URI.create(url))
                    : RunSettings.factoryFor(cfg).create(cfg)) {
                Path logFile = dir.resolve(RequestLogFile.FILE_NAME);
                RunSpec.Builder spec = RunSpec.builder(target, LoadPlan.constant(workers, Duration.ofSeconds(secs)))
                        .withTimeout(Duration.ofSeconds(10))
                        .withWorkerThreads(threads);
                if (log) {
                    spec.withRequestLog(new RequestLogFile(logFile));
                }
                r = LoadEngine.run(spec.build());
                Files.deleteIfExists(logFile);
            }
        }
        Files.deleteIfExists(cfgFile);
        Files.deleteIfExists(dir);
        System.out.printf("engine target=%s log=%s threads=%s workers=%d req_per_s=%.0f p50_ms=%.3f p99_ms=%.3f"
                        + " failures=%d%n", kind, log, r.environment().workerThreads(), workers, r.overall().throughputRps(), r.overall().latencyMs().p50(),
                r.overall().latencyMs().p99(), r.overall().failures());
    }

    /** One blocking socket per worker thread, a fixed POST of {@code {}}, responses framed by Content-Length. */
    static final class RawTarget implements Target {
        private final byte[] request;
        private final InetSocketAddress addr;
        private final ThreadLocal<Conn> conns = new ThreadLocal<>();

        RawTarget(URI url) {
            request = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII);
            addr = new InetSocketAddress(url.getHost(), url.getPort());
        }

        @Override
        public void execute(io.benchsuite.engine.Exchange ex) throws Exception {
            Conn c = conns.get();
            if (c == null) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(addr);
                c = new Conn(s);
                conns.set(c);
            }
            c.out.write(request);
            c.out.flush();
            int have = 0;
            int need;
            while ((need = RawHttpLoop.responseLength(c.buf, have)) < 0 || have < need) {
                int n = c.in.read(c.buf, have, c.buf.length - have);
                if (n < 0) {
                    throw new java.io.EOFException("server closed the connection");
                }
                have += n;
            }
            ex.success(200);
        }

        private static final class Conn {
            final InputStream in;
            final OutputStream out;
            final byte[] buf = new byte[16 * 1024];

            Conn(Socket s) throws java.io.IOException {
                in = s.getInputStream();
                out = s.getOutputStream();
            }
        }
    }
}
