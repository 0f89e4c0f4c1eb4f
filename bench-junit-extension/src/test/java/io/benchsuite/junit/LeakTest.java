package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class Short {
        @LoadTest(maxLoad = 8, enableRamping = false, durationSeconds = 0.5)
        void call() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    @Test
    void many_load_tests_in_one_jvm_leave_no_threads_behind() throws InterruptedException {
        // given
        long before = benchThreads();

        // when
        for (int i = 0; i < 5; i++) {
            Fixtures.run(Short.class, "call", out).testEvents().assertStatistics(s -> s.succeeded(1));
        }

        // then (platform threads of ours, and JVM-wide thread count back near where it was)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (benchThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(benchThreads()).isEqualTo(before);
        assertThat(Fixtures.runDirs(out, Short.class, "call")).hasSize(5);
    }

    private static long benchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("benchsuite-") || t.getName().startsWith("bench-"))
                .count();
    }
}
