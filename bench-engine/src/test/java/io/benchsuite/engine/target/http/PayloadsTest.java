package io.benchsuite.engine.target.http;

import static io.benchsuite.engine.target.http.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private final RequestTemplate template = RequestTemplate.of("POST", HttpEndpoint.parse("http://127.0.0.1/x"),
            null, Map.of());
    private final List<String> warnings = new ArrayList<>();

    private static String body(byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void json_path_selects_the_payload_from_each_record() {
        // given
        Payloads payloads = new Payloads(template, "$.data", warnings::add);

        // when
        byte[] request = payloads.request(json("{\"data\":{\"id\":7,\"items\":[1,2]},\"meta\":\"x\"}"));

        // then
        assertThat(body(request)).isEqualTo("{\"id\":7,\"items\":[1,2]}");
        assertThat(new String(request, StandardCharsets.UTF_8)).contains("\r\nContent-Length: 22\r\n\r\n");
        assertThat(payloads.fallbacks()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_root_or_absent_json_path_sends_the_whole_record() {
        // given
        JsonNode record = json("{\"a\":1}");

        // when / then
        assertThat(body(new Payloads(template, "$", warnings::add).request(record))).isEqualTo("{\"a\":1}");
        assertThat(body(new Payloads(template, null, warnings::add).request(record))).isEqualTo("{\"a\":1}");
    }

    @Test
    void a_record_without_the_path_is_sent_whole_counted_per_request_and_warned_about_once() {
        // given
        Payloads payloads = new Payloads(template, "$.data", warnings::add);
        JsonNode missing1 = json("{\"other\":1}");
        JsonNode missing2 = json("{\"other\":2}");
        JsonNode present = json("{\"data\":3}");

        // when
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bodies.add(body(payloads.request(missing1)));
            bodies.add(body(payloads.request(missing2)));
            bodies.add(body(payloads.request(present)));
        }

        // then
        assertThat(bodies).containsExactly("{\"other\":1}", "{\"other\":2}", "3", "{\"other\":1}", "{\"other\":2}",
                "3", "{\"other\":1}", "{\"other\":2}", "3");
        assertThat(payloads.fallbacks()).isEqualTo(6);
        assertThat(warnings).singleElement().asString().contains("$.data").contains("whole record");
    }

    @Test
    void a_search_path_that_finds_nothing_falls_back_to_the_whole_record() {
        // given
        Payloads payloads = new Payloads(template, "$..missing", warnings::add);

        // when
        String body = body(payloads.request(json("{\"a\":{\"b\":1}}")));

        // then
        assertThat(body).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(payloads.fallbacks()).isEqualTo(1);
    }

    @Test
    void the_request_bytes_of_a_record_are_computed_once_and_reused() {
        // given
        Payloads payloads = new Payloads(template, "$.data", warnings::add);
        JsonNode record = json("{\"data\":[1,2,3]}");

        // when
        byte[] first = payloads.request(record);
        byte[] second = payloads.request(record);
        byte[] equalButOtherNode = payloads.request(json("{\"data\":[1,2,3]}"));

        // then
        assertThat(second).isSameAs(first);
        assertThat(equalButOtherNode).isNotSameAs(first).isEqualTo(first);
    }
}
