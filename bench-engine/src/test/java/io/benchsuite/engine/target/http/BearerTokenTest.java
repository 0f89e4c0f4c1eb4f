package io.benchsuite.engine.target.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void a_plain_token_gets_the_bearer_prefix() {
        assertThat(BearerToken.authorization("abc123")).isEqualTo("Bearer abc123");
    }

    @Test
    void a_token_that_already_starts_with_bearer_is_not_prefixed_twice() {
        assertThat(BearerToken.authorization("Bearer abc123")).isEqualTo("Bearer abc123");
        assertThat(BearerToken.authorization("bearer abc123")).isEqualTo("Bearer abc123");
    }

    @Test
    void an_empty_or_missing_token_sends_no_header() {
        assertThat(BearerToken.authorization(null)).isNull();
        assertThat(BearerToken.authorization("")).isNull();
        assertThat(BearerToken.authorization("   ")).isNull();
        assertThat(BearerToken.authorization("Bearer ")).isNull();
    }

    @Test
    void the_request_head_carries_the_authorization_header_only_when_a_token_is_set() {
        // given
        HttpEndpoint endpoint = HttpEndpoint.parse("http://127.0.0.1:8080/v1/orders?x=1");

        // when
        String with = RequestTemplate.of("POST", endpoint, BearerToken.authorization("t0k"), Map.of()).headText();
        String without = RequestTemplate.of("POST", endpoint, BearerToken.authorization(""), Map.of()).headText();

        // then
        assertThat(with).startsWith("POST /v1/orders?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
                .contains("\r\nAuthorization: Bearer t0k\r\n")
                .contains("\r\nContent-Type: application/json\r\n");
        assertThat(without).doesNotContainIgnoringCase("authorization");
    }

    @Test
    void configured_headers_add_to_and_override_the_defaults_case_insensitively() {
        // given
        HttpEndpoint endpoint = HttpEndpoint.parse("https://api.example.com/x");

        // when
        String head = RequestTemplate.of("POST", endpoint, "Bearer t0k",
                Map.of("content-type", "application/vnd.api+json", "authorization", "Token other", "X-Team", "a"))
                .headText();

        // then
        assertThat(head).contains("\r\nHost: api.example.com\r\n")
                .contains("\r\ncontent-type: application/vnd.api+json\r\n")
                .contains("\r\nauthorization: Token other\r\n")
                .contains("\r\nX-Team: a\r\n")
                .doesNotContain("application/json")
                .doesNotContain("Bearer t0k");
    }
}
