package io.benchsuite.engine.target.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The one retry rule both transports call. */
class StaleConnectionRetryTest {

    @Test
    void a_reused_connection_that_failed_before_any_response_byte_is_retried() {
        assertThat(StaleConnectionRetry.applies(true, 0, new EOFException("closed before any response byte")))
                .isTrue();
        assertThat(StaleConnectionRetry.applies(true, 0, new SocketException("Connection reset"))).isTrue();
    }

    @Test
    void a_new_connection_a_response_byte_a_timeout_or_a_malformed_response_is_never_retried() {
        IOException closed = new EOFException("closed");
        assertThat(StaleConnectionRetry.applies(false, 0, closed)).as("new connection").isFalse();
        assertThat(StaleConnectionRetry.applies(true, 1, closed)).as("after a response byte").isFalse();
        assertThat(StaleConnectionRetry.applies(true, 0, new SocketTimeoutException("deadline"))).as("timeout")
                .isFalse();
        assertThat(StaleConnectionRetry.applies(true, 0, new MalformedResponseException("not HTTP")))
                .as("malformed").isFalse();
    }
}
