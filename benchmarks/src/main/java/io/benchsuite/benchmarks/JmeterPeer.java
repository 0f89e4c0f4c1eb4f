package io.benchsuite.benchmarks;

import static us.abstracta.jmeter.javadsl.JmeterDsl.httpSampler;
import static us.abstracta.jmeter.javadsl.JmeterDsl.testPlan;
import static us.abstracta.jmeter.javadsl.JmeterDsl.threadGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;
import java.util.prefs.PreferencesFactory;
import org.apache.http.entity.ContentType;
import us.abstracta.jmeter.javadsl.core.TestPlanStats;
import us.abstracta.jmeter.javadsl.core.stats.StatsSummary;

/**
 * The peer measured beside us on {@code /fast}: jmeter-java-dsl 2.2 (JMeter 5.6.3 embedded, its default HttpClient 4
 * sampler) running one thread group of {@code threads} threads (32) for {@code seconds} (10), no ramp-up, each
 * thread looping an HTTP POST of {@code {}} with {@code Content-Type: application/json} to {@code url} on a kept-alive
 * connection (the DSL's default: connections are not reset between iterations).
 *
 * <p>Figures come from the DSL's {@code TestPlanStats}: {@code rps} is the sample count over the span from the first
 * sample's start to the last sample's end; {@code p50_ms} and {@code p99_ms} are the DSL's streaming (P-square)
 * estimates over JMeter's sample times, which are whole milliseconds; {@code errors} counts failed samples.
 *
 * <p>Runs from its own class path, {@code benchmarks/target/jmeter-lib} (JMeter's jar set as jmeter-java-dsl resolves
 * it), never from benchmarks.jar. It writes no file of its own: JMeter's home is a temp dir the DSL makes under
 * {@code java.io.tmpdir} and deletes on exit, JMeter's {@code java.util.prefs} (its GUI classes, loaded by the DSL,
 * would create {@code ~/.java/.userPrefs}) are kept in memory, and with no log4j2 configuration JMeter logs errors
 * only. Its summariser still prints a {@code summary} line to stdout every 30 s and at the end.
 *
 * <p>{@code java -cp 'benchmarks/target/jmeter-lib/*' io.benchsuite.benchmarks.JmeterPeer
 * url=http://127.0.0.1:18080/fast seconds=10} prints, last,
 * {@code jmeter rps=... p50_ms=... p99_ms=... errors=... threads=32 seconds=10 samples=... span_s=... wall_s=...}.
 */
public final class JmeterPeer {

    private JmeterPeer() {
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("java.util.prefs.PreferencesFactory", InMemoryPreferences.Factory.class.getName());
        Args args = new Args(argv);
        String url = args.str("url", "");
        if (url.isEmpty()) {
            throw new IllegalArgumentException("url=... is required, e.g. url=http://127.0.0.1:18080/fast");
        }
        int threads = (int) args.num("threads", 32);
        long seconds = args.num("seconds", 10);

        long start = System.nanoTime();
        TestPlanStats stats = testPlan(
                threadGroup(threads, Duration.ofSeconds(seconds),
                        httpSampler(url).post("{}", ContentType.APPLICATION_JSON).useKeepAlive(true)))
                .run();
        double wall = (System.nanoTime() - start) / 1e9;

        StatsSummary overall = stats.overall();
        long samples = overall.samplesCount();
        double span = samples == 0 ? 0 : Duration.between(overall.firstTime(), overall.endTime()).toNanos() / 1e9;
        System.out.printf("jmeter rps=%.1f p50_ms=%d p99_ms=%d errors=%d threads=%d seconds=%d samples=%d span_s=%.2f"
                        + " wall_s=%.2f%n",
                span > 0 ? samples / span : 0.0, overall.sampleTime().median().toMillis(),
                overall.sampleTime().perc99().toMillis(), overall.errorsCount(), threads, seconds, samples, span, wall);
    }

    /** {@code java.util.prefs} that live and die with the JVM. */
    static final class InMemoryPreferences extends AbstractPreferences {

        private final Map<String, String> values = new HashMap<>();

        InMemoryPreferences(InMemoryPreferences parent, String name) {
            super(parent, name);
        }

        @Override
        protected void putSpi(String key, String value) {
            values.put(key, value);
        }

        @Override
        protected String getSpi(String key) {
            return values.get(key);
        }

        @Override
        protected void removeSpi(String key) {
            values.remove(key);
        }

        @Override
        protected void removeNodeSpi() {
        }

        @Override
        protected String[] keysSpi() {
            return values.keySet().toArray(String[]::new);
        }

        @Override
        protected String[] childrenNamesSpi() {
            return new String[0]; // the children made so far are cached by AbstractPreferences itself
        }

        @Override
        protected AbstractPreferences childSpi(String name) {
            return new InMemoryPreferences(this, name);
        }

        @Override
        protected void syncSpi() {
        }

        @Override
        protected void flushSpi() {
        }

        /** Named by {@code java.util.prefs.PreferencesFactory}; loaded by the system class loader. */
        public static final class Factory implements PreferencesFactory {

            private static final Preferences USER = new InMemoryPreferences(null, "");
            private static final Preferences SYSTEM = new InMemoryPreferences(null, "");

            @Override
            public Preferences userRoot() {
                return USER;
            }

            @Override
            public Preferences systemRoot() {
                return SYSTEM;
            }
        }
    }
}
