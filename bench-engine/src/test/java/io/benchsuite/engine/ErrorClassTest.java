package io.benchsuite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

    @Test
    void http_classes_are_interned_and_named_after_their_status() {
        // when
        ErrorClass c = ErrorClass.http(503);

        // then
        assertThat(c).isSameAs(ErrorClass.http(503)).isSameAs(ErrorClass.named("http_503"));
        assertThat(c.name()).isEqualTo("http_503");
        assertThat(c.kind()).isEqualTo(ErrorClass.Kind.HTTP);
        assertThat(ErrorClass.http(1234).name()).isEqualTo("http_1234");
        assertThat(ErrorClass.http(1234).kind()).isEqualTo(ErrorClass.Kind.HTTP);
    }

    @Test
    void a_name_maps_to_its_class_and_an_unknown_name_is_the_targets_own() {
        assertThat(ErrorClass.named("timeout")).isSameAs(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.named("connect_error")).isSameAs(ErrorClass.CONNECT);
        assertThat(ErrorClass.named("truncated_stream").kind()).isEqualTo(ErrorClass.Kind.STREAM);
        assertThat(ErrorClass.named(null)).isSameAs(ErrorClass.EXCEPTION);
        assertThat(ErrorClass.named("http_5000").kind()).isEqualTo(ErrorClass.Kind.HTTP);
        // a made-up name keeps its spelling and is interned
        ErrorClass own = ErrorClass.named("IllegalStateException");
        assertThat(own.name()).isEqualTo("IllegalStateException");
        assertThat(own.kind()).isEqualTo(ErrorClass.Kind.TARGET);
        assertThat(ErrorClass.named("IllegalStateException")).isSameAs(own);
        assertThat(ErrorClass.named("dns_failure").kind()).isEqualTo(ErrorClass.Kind.TARGET);
    }

    @Test
    void exceptions_are_classified_through_their_causes() {
        assertThat(ErrorClass.classify(new SocketTimeoutException())).isSameAs(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.classify(new RuntimeException(new UnknownHostException("h")))).isSameAs(ErrorClass.DNS);
        assertThat(ErrorClass.classify(new ConnectException())).isSameAs(ErrorClass.CONNECT);
        assertThat(ErrorClass.classify(new SSLHandshakeException("x"))).isSameAs(ErrorClass.TLS);
        assertThat(ErrorClass.classify(new IOException())).isSameAs(ErrorClass.IO);
        assertThat(ErrorClass.classify(new IllegalStateException())).isSameAs(ErrorClass.EXCEPTION);
        assertThat(ErrorClass.of(new IOException())).isEqualTo("io_error");
    }

    @Test
    void a_failure_given_by_name_or_by_class_reads_back_as_both() {
        // given
        Exchange byName = new Exchange();
        Exchange byClass = new Exchange();
        byName.reset(null, 0, 1, 1, null);
        byClass.reset(null, 0, 1, 1, null);

        // when
        byName.failure("http_429", 429, "HTTP 429");
        byClass.failure(ErrorClass.http(429), 429, "HTTP 429");

        // then
        for (Exchange ex : new Exchange[] {byName, byClass}) {
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("http_429");
            assertThat(ex.error()).isSameAs(ErrorClass.http(429));
        }
    }

    @Test
    void the_generators_own_limits_are_client_failures_not_the_servers() {
        assertThat(ErrorClass.classify(new java.net.SocketException("Too many open files")))
                .isSameAs(ErrorClass.CLIENT_FD_LIMIT);
        assertThat(ErrorClass.classify(new java.io.IOException("x", new OutOfMemoryError("unable to create native thread"))))
                .isSameAs(ErrorClass.CLIENT_MEMORY);
        assertThat(ErrorClass.CLIENT_FD_LIMIT.kind()).isEqualTo(ErrorClass.Kind.CLIENT);
        assertThat(ErrorClass.classify(new java.net.SocketException("Connection reset"))).isSameAs(ErrorClass.IO);
    }
}
