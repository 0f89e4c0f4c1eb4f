package io.benchsuite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineWatchTest {

    @Test
    void the_sweep_runs_every_interval_from_start_until_close_and_survives_a_throwing_sweep() throws Exception {
        // given
        AtomicInteger sweeps = new AtomicInteger();
        CountDownLatch five = new CountDownLatch(5);
        DeadlineWatch watch = new DeadlineWatch("test-deadlines", 2, now -> {
            sweeps.incrementAndGet();
            five.countDown();
            if (sweeps.get() == 1) {
                throw new IllegalStateException("a buggy sweep");
            }
        });
        assertThat(watch.running()).isFalse();

        // when
        watch.start();
        watch.start(); // a second start changes nothing

        // then
        assertThat(five.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.running()).isTrue();
        watch.close();
        assertThat(watch.running()).isFalse();
        int after = sweeps.get();
        Thread.sleep(20);
        assertThat(sweeps.get()).isEqualTo(after);
        watch.start(); // closed: never starts again
        assertThat(watch.running()).isFalse();
    }

    @Test
    void an_interval_must_be_positive() {
        assertThatThrownBy(() -> new DeadlineWatch("x", 0, now -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intervalMillis must be > 0, got 0");
    }
}
