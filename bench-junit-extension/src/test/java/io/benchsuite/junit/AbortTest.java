package io.benchsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class AbortTest {

    @TempDir
    Path out;

    @FixtureOnly
    static class Aborting {
        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 60, abortOnThresholdFailure = true)
        @Threshold("success_rate >= 99%")
        void alwaysFails() throws InterruptedException {
            Thread.sleep(1);
            throw new IllegalStateException("down");
        }

        @LoadTest(maxLoad = 2, enableRamping = false, durationSeconds = 60)
        @Timeout(value = 2, unit = TimeUnit.SECONDS)
        void longLoad() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    @Test
    void a_lost_threshold_aborts_the_load_early_and_keeps_what_was_measured() throws IOException {
        // given
        long start = System.nanoTime();

        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Aborting.class, "alwaysFails", out));

        // then
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThat(failure).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("Expecting success rate (overall):\n  0 %\nto be at least:\n  99 %")
                .hasMessageContaining("The load was aborted early: threshold \"success_rate >= 99%\" is lost: ");
        RunResult result = Fixtures.result(out, Aborting.class, "alwaysFails");
        assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
        assertThat(result.overall().requests()).isGreaterThanOrEqualTo(100);
        assertThat(result.durationSeconds()).isLessThan(30);
    }

    @Test
    void a_junit_timeout_stops_the_load_and_writes_an_aborted_result() throws IOException {
        // given
        long start = System.nanoTime();

        // when
        Throwable failure = Fixtures.failure(Fixtures.run(Aborting.class, "longLoad", out));

        // then
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThat(failure).isInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasMessageContaining("longLoad() timed out after 2 seconds");
        RunResult result = Fixtures.result(out, Aborting.class, "longLoad");
        assertThat(result.status()).isEqualTo(RunResult.Status.aborted);
        assertThat(result.overall().requests()).isPositive();
        assertThat(result.overall().failures()).isLessThanOrEqualTo(2);
        assertThat(result.durationSeconds()).isLessThan(30);
    }
}
