package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void delay_seconds_are_taken_as_sent_and_a_fraction_is_rounded_up() {
        assertThat(RetryAfter.seconds("2", NOW)).isEqualTo(2);
        assertThat(RetryAfter.seconds(" 0 ", NOW)).isZero();
        assertThat(RetryAfter.seconds("1.2", NOW)).isEqualTo(2);
    }

    @Test
    void an_http_date_is_the_seconds_until_it_and_zero_once_past() {
        assertThat(RetryAfter.seconds("Sun, 06 Dec 2026 08:00:30 GMT", NOW)).isEqualTo(30);
        assertThat(RetryAfter.seconds("Sun, 06 Dec 2026 07:59:00 GMT", NOW)).isZero();
    }

    @Test
    void a_value_that_is_neither_is_absent() {
        assertThat(RetryAfter.seconds("soon", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.seconds("", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.seconds("1e", NOW)).isEqualTo(-1);
    }
}
