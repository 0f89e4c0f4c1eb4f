package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MicrosTest {

    @Test
    void nanoseconds_round_half_up_to_microseconds_as_the_request_log_does() {
        assertThat(Micros.of(124_499)).isEqualTo(124);
        assertThat(Micros.of(124_500)).isEqualTo(125);
        assertThat(Micros.of(124_999)).isEqualTo(125);
        assertThat(Micros.of(0)).isZero();
        assertThat(Micros.of(499)).isZero();
        assertThat(Micros.of(-1_500)).isEqualTo(Math.round(-1_500 / 1000.0));
        for (long nanos = -5_000; nanos < 5_000_000; nanos += 997) {
            assertThat(Micros.of(nanos)).isEqualTo(Math.round(nanos / 1000.0));
        }
    }

    @Test
    void a_request_recorded_in_a_bucket_matches_its_request_log_line_to_the_microsecond() {
        // given a request of 124.5 µs (the log writes 0.125 ms)
        Bucket bucket = new Bucket(1, false);
        WorkerRecorders recorders = bucket.join();
        io.benchsuite.engine.Exchange ex = new io.benchsuite.engine.Exchange();
        ex.reset(null, 0, 1, 1_000_000_000L, null);
        ex.success(200);

        // when
        bucket.record(ex, 124_500, -1, recorders);
        bucket.harvest(null, 1);

        // then
        assertThat(bucket.latencyTotal.getMaxValue()).isEqualTo(125);
    }
}
