package io.benchsuite.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final String TOKEN = "sk-live-0123456789abcdef";

    @Test
    void every_occurrence_of_a_secret_is_replaced() {
        // given
        Secrets secrets = Secrets.of(List.of(TOKEN));

        // when
        String scrubbed = secrets.scrub("Authorization: Bearer " + TOKEN + "; again " + TOKEN);

        // then
        assertThat(scrubbed).isEqualTo("Authorization: Bearer ***; again ***");
    }

    @Test
    void a_secret_echoed_json_escaped_or_url_encoded_is_replaced_too() {
        // given a token with characters that JSON and URLs escape
        String token = "ab\"c/d\\e f+g";
        Secrets secrets = Secrets.of(List.of(token));

        // when
        String json = secrets.scrub("{\"echo\": \"ab\\\"c/d\\\\e f+g\"}");
        String slashes = secrets.scrub("{\"echo\": \"ab\\\"c\\/d\\\\e f+g\"}");
        String form = secrets.scrub("echo=ab%22c%2Fd%5Ce+f%2Bg");
        String percent = secrets.scrub("echo=ab%22c%2Fd%5Ce%20f%2Bg");

        // then
        assertThat(json).isEqualTo("{\"echo\": \"***\"}");
        assertThat(slashes).isEqualTo("{\"echo\": \"***\"}");
        assertThat(form).isEqualTo("echo=***");
        assertThat(percent).isEqualTo("echo=***");
    }

    @Test
    void a_text_cut_inside_a_secret_loses_the_secrets_first_characters_too() {
        // given the first 512 characters of a body that echoed the token from character 500 on
        String body = "x".repeat(500) + "Bearer " + TOKEN + " and more";
        String cut = body.substring(0, 512);
        Secrets secrets = Secrets.of(List.of(TOKEN));

        // when
        String scrubbed = secrets.scrubCut(cut);

        // then
        assertThat(cut).endsWith("Bearer sk-li");
        assertThat(scrubbed).isEqualTo("x".repeat(500) + "Bearer ***");
    }

    @Test
    void a_cut_text_that_ends_in_the_start_of_an_escaped_secret_is_scrubbed() {
        // given a JSON-escaped echo of a token with a quote, cut right after the escape
        Secrets secrets = Secrets.of(List.of("abc\"defghij"));

        // when
        String scrubbed = secrets.scrubCut("{\"echo\": \"abc\\\"de");

        // then
        assertThat(scrubbed).isEqualTo("{\"echo\": \"***");
    }

    @Test
    void a_cut_text_that_ends_in_no_secret_is_left_alone() {
        assertThat(Secrets.of(List.of(TOKEN)).scrubCut("nothing to see here")).isEqualTo("nothing to see here");
    }

    @Test
    void values_of_fewer_than_three_characters_are_not_scrubbed() {
        assertThat(Secrets.of(List.of("ab")).scrub("abc ab")).isEqualTo("abc ab");
    }

    @Test
    void a_secret_must_be_one_line_of_printable_ascii() {
        assertThat(Secrets.problem("tok\r\nX-Injected: yes")).isEqualTo(
                "contains a line break (character 4); a secret must be one line, check for a pasted newline");
        assertThat(Secrets.problem("tok\u0000en")).startsWith("contains a control character (code 0 at character 4)");
        assertThat(Secrets.problem("tok\u20acn")).isEqualTo("contains a character outside ASCII (at character 4), "
                + "which cannot be sent in an HTTP header; a secret must be printable ASCII");
        assertThat(Secrets.problem("sk-ok_123.~+/=")).isNull();
    }

    @Test
    void the_password_and_secret_query_parameters_of_a_url_are_secrets() {
        // given
        String url = "https://bob:hunter%232@api.example.com/v1/orders?team=checkout&api_key=k-123&Sig=s%2F9&x=1";

        // when
        List<String> found = Secrets.inUrl(url, Set.of());
        String redacted = Secrets.redactUrl(url, Set.of());

        // then
        assertThat(found).contains("hunter%232", "hunter#2", "k-123", "s%2F9", "s/9").doesNotContain("checkout", "1");
        assertThat(redacted).isEqualTo("https://bob:***@api.example.com/v1/orders?team=checkout&api_key=***&Sig=***&x=1");
    }

    @Test
    void more_query_parameter_names_can_be_declared_secret() {
        assertThat(Secrets.redactUrl("http://h/x?session=abc123&team=t", Set.of("session")))
                .isEqualTo("http://h/x?session=***&team=t");
    }
}
