package io.benchsuite.benchmarks;

import com.github.noconnor.junitperf.JUnitPerfInterceptor;
import com.github.noconnor.junitperf.JUnitPerfReportingConfig;
import com.github.noconnor.junitperf.JUnitPerfTest;
import com.github.noconnor.junitperf.JUnitPerfTestActiveConfig;
import com.github.noconnor.junitperf.reporting.providers.ConsoleReportGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The peer measured beside us: JUnitPerf 1.37 (com.github.noconnor:junitperf-junit5) running, through the JUnit
 * Platform launcher, (a) the same no-op method at 2 threads and (b) a JDK {@code HttpClient.send} POST of
 * {@code {}} to {@code -Durl=...} at 32 threads (as in issue 7's reference table), each for 3 or 10 s with no
 * warm-up. Invocations are counted by the test method itself ({@code LongAdder}, about 10 ns).
 *
 * <p>{@code java -Durl=http://127.0.0.1:18080/fast -cp benchmarks.jar io.benchsuite.benchmarks.JunitPerfPeer
 * kind=noop seconds=10} prints {@code junitperf kind=noop threads=2 seconds=10 invocations=... per_s=...}.
 */
public final class JunitPerfPeer {

    static final LongAdder CALLS = new LongAdder();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private JunitPerfPeer() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        String kind = args.str("kind", "noop");
        long seconds = args.num("seconds", 10);
        Class<?> test = switch (kind + seconds) {
            case "noop3" -> NoOp3.class;
            case "noop10" -> NoOp10.class;
            case "http3" -> Http3.class;
            case "http10" -> Http10.class;
            default -> throw new IllegalArgumentException("kind=" + kind + " seconds=" + seconds
                    + ": kind must be noop or http, seconds 3 or 10");
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(request, summary);
        double wall = (System.nanoTime() - start) / 1e9;
        long calls = CALLS.sum();
        int threads = kind.equals("noop") ? 2 : 32;
        System.out.printf("junitperf kind=%s threads=%d seconds=%d invocations=%d per_s=%.0f wall_s=%.2f failed_tests=%d%n",
                kind, threads, seconds, calls, calls / (double) seconds, wall,
                summary.getSummary().getTotalFailureCount());
    }

    static void post() throws Exception {
        HttpResponse<Void> r = CLIENT.send(HttpRequest.newBuilder(URI.create(System.getProperty("url")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("status " + r.statusCode());
        }
        CALLS.increment();
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    public static class NoOp3 {
        @JUnitPerfTestActiveConfig
        public static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new ConsoleReportGenerator()).build();

        @Test
        @JUnitPerfTest(threads = 2, durationMs = 3_000)
        public void no_op() {
            CALLS.increment();
        }
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    public static class NoOp10 {
        @JUnitPerfTestActiveConfig
        public static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new ConsoleReportGenerator()).build();

        @Test
        @JUnitPerfTest(threads = 2, durationMs = 10_000)
        public void no_op() {
            CALLS.increment();
        }
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    public static class Http3 {
        @JUnitPerfTestActiveConfig
        public static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new ConsoleReportGenerator()).build();

        @Test
        @JUnitPerfTest(threads = 32, durationMs = 3_000)
        public void post_fast() throws Exception {
            post();
        }
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    public static class Http10 {
        @JUnitPerfTestActiveConfig
        public static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new ConsoleReportGenerator()).build();

        @Test
        @JUnitPerfTest(threads = 32, durationMs = 10_000)
        public void post_fast() throws Exception {
            post();
        }
    }
}
