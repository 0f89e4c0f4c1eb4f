package io.benchsuite.benchmarks;

import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.store.mongo.MongoResults;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * Where the CLI's start-up time goes before the first request: JVM start to {@code main}, then the MongoDB
 * probe the CLI makes when no MongoDB is configured ({@link MongoResults#open} on the default URI), against a
 * plain TCP connect to the same port (what a probe needs to learn that nothing listens there).
 *
 * <p>Prints {@code startup jvm_to_main_ms=... tcp_probe_ms=... mongo_probe_ms=... mongo_found=...}.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] argv) throws Exception {
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        boolean listening;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", 27017), 200);
            listening = true;
        } catch (java.io.IOException e) {
            listening = false;
        }
        long tcp = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        Optional<MongoResults> db = MongoResults.open(StoreSettings.fromEnvironment(Optional.empty()), line -> { });
        long mongo = System.nanoTime() - t1;
        db.ifPresent(MongoResults::close);
        System.out.printf("startup jvm_to_main_ms=%d tcp_probe_ms=%.1f tcp_listening=%s mongo_probe_ms=%.0f mongo_found=%s%n",
                jvmToMain, tcp / 1e6, listening, mongo / 1e6, db.isPresent());
    }
}
