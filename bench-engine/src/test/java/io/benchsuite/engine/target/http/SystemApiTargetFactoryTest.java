package io.benchsuite.engine.target.http;

import static io.benchsuite.engine.target.http.Requests.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.ConfigException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SystemApiTargetFactoryTest {

    private final SystemApiTargetFactory factory = new SystemApiTargetFactory();

    @Test
    void auto_puts_http_on_the_event_loop_and_keeps_https_on_threads_unless_event_loop_is_asked_for() {
        assertThat(factory.eventLoop(Requests.config("{\"endpoint\": \"http://127.0.0.1:1/x\"}"))).isTrue();
        assertThat(factory.eventLoop(Requests.config("{\"endpoint\": \"https://127.0.0.1:1/x\"}"))).isFalse();
        assertThat(factory.eventLoop(Requests.config(
                "{\"endpoint\": \"https://127.0.0.1:1/x\", \"worker_threads\": \"event_loop\"}"))).isTrue();
        assertThat(factory.eventLoop(Requests.config(
                "{\"endpoint\": \"http://127.0.0.1:1/x\", \"worker_threads\": \"platform\"}"))).isFalse();
    }

    @Test
    void the_factory_is_found_by_the_service_loader_for_system_api() {
        // when
        var found = ServiceLoader.load(TargetFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.benchmarkType().equals("system_api"))
                .toList();

        // then
        assertThat(found).singleElement().isInstanceOf(SystemApiTargetFactory.class);
    }

    @Test
    void a_valid_config_is_accepted_and_described_as_a_post() throws Exception {
        // given
        var config = config("""
                {"benchmark_type":"system_api","endpoint":"https://api.example.com/v1/orders",
                 "auth_token":"s3cret","json_path":"$.data","headers":{"X-Team":"a"},"insecure_tls":false}""");

        // when
        factory.validate(config);

        // then
        assertThat(factory.describe(config)).isEqualTo("POST https://api.example.com/v1/orders");
        assertThat(factory.secretKeys()).contains("auth_token");
        assertThat(factory.secrets(config).values()).contains("s3cret");
        assertThat(factory.configKeys()).contains("endpoint", "auth_token", "json_path", "headers", "insecure_tls");
        try (Target target = factory.create(config)) {
            assertThat(target).isInstanceOf(SystemApiTarget.class);
        }
    }

    @Test
    void insecure_tls_is_named_in_the_description() {
        var config = config("{\"endpoint\":\"https://a.example/\",\"insecure_tls\":true}");

        assertThat(factory.describe(config)).isEqualTo("POST https://a.example/ (insecure_tls: certificates not verified)");
    }

    @Test
    void a_missing_endpoint_is_a_config_error_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(config("{\"benchmark_type\":\"system_api\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.json: missing required field \"endpoint\" for benchmark_type \"system_api\"; "
                        + "see docs/config.md");
    }

    @Test
    void a_malformed_url_is_a_config_error_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"http://exa mple.com/x\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"endpoint\" (\"http://exa mple.com/x\") is not a valid URL");
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"api.example.com/x\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"endpoint\" (\"api.example.com/x\") has no scheme");
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"http:///x\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"endpoint\"").hasMessageContaining("has no host");
    }

    @Test
    void an_unsupported_scheme_is_a_config_error_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"ftp://example.com/x\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.json: \"endpoint\" (\"ftp://example.com/x\") has unsupported scheme \"ftp\"; "
                        + "use http or https");
    }

    @Test
    void credentials_in_the_url_are_rejected() {
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"https://u:p@example.com/x\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contains credentials");
    }

    @Test
    void a_malformed_json_path_is_a_config_error_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/x\",\"json_path\":\"$.data.\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"json_path\" (\"$.data.\") is not a valid JSONPath: Path must not end with a '.'")
                .hasMessageEndingWith("expected e.g. \"$.data\" or \"$\" for the whole record");
    }

    @Test
    void headers_of_the_wrong_type_are_a_config_error_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/x\",\"headers\":[\"X-Team: a\"]}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"headers\" must be an object of strings");
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/x\",\"headers\":{\"X-Team\":{\"a\":1}}}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.json: \"headers\" value of \"X-Team\" must be a string");
    }

    @Test
    void headers_the_client_manages_or_with_line_breaks_are_rejected_without_echoing_the_value() {
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/x\",\"headers\":{\"Content-Length\":\"3\"}}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"Content-Length\" is managed by the HTTP client");
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/x\",\"headers\":{\"X-Key\":\"s3cret\\r\\nX-Evil: 1\"}}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line break")
                .message().doesNotContain("s3cret");
    }

    @Test
    void auth_token_and_insecure_tls_must_have_the_right_types() {
        assertThatThrownBy(() -> factory.validate(config("{\"endpoint\":\"http://127.0.0.1/\",\"auth_token\":5}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"auth_token\" must be a string");
        assertThatThrownBy(() -> factory.validate(config(
                "{\"endpoint\":\"http://127.0.0.1/\",\"insecure_tls\":\"yes\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.json: \"insecure_tls\" must be true or false");
    }

    @Test
    void endpoints_are_parsed_into_host_port_and_request_target() {
        assertThat(HttpEndpoint.parse("https://api.example.com"))
                .isEqualTo(new HttpEndpoint(true, "api.example.com", 443, "/", "api.example.com"));
        assertThat(HttpEndpoint.parse("http://127.0.0.1:8080/a/b?q=1&r=%20#frag"))
                .isEqualTo(new HttpEndpoint(false, "127.0.0.1", 8080, "/a/b?q=1&r=%20", "127.0.0.1:8080"));
        assertThat(HttpEndpoint.parse("HTTP://[::1]:81/x"))
                .isEqualTo(new HttpEndpoint(false, "::1", 81, "/x", "[::1]:81"));
    }
}
