package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Anthropic event reader: which events are output, and the usage, without a server. */
class AnthropicStreamReaderTest {

    private static Exchange read(String stream) {
        return read(stream, io.benchsuite.engine.config.Secrets.none());
    }

    private static Exchange read(String stream, io.benchsuite.engine.config.Secrets secrets) {
        Exchange ex = new Exchange();
        ex.reset(null, 0, 1, 1_000_000_000L, null);
        AnthropicStreamReader reader = new AnthropicStreamReader();
        reader.begin(ex, 200);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) { // cut anywhere, as reads do
            reader.bytes(bytes, i, Math.min(7, bytes.length - i), ex.startNanos() + 1_000_000L * (i + 1));
        }
        reader.finish(secrets);
        return ex;
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Test
    void text_thinking_and_tool_input_deltas_are_output_and_empty_deltas_pings_and_blocks_are_not() {
        // when
        Exchange ex = read(event("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("ping", "{\"type\":\"ping\"}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}")
                + event("message_stop", "{\"type\":\"message_stop\"}"));

        // then
        assertThat(ex.failed()).as("%s", ex.errorMessage()).isFalse();
        assertThat(ex.outputChunks()).isEqualTo(3);
        assertThat(ex.outputTokens()).isEqualTo(3);
        assertThat(ex.inputTokens()).isEqualTo(5);
    }

    @Test
    void an_error_event_fails_the_stream_and_a_delta_named_otherwise_in_its_data_is_read_as_its_type_says() {
        // when: the event name says delta, the data says error
        Exchange ex = read(event("content_block_delta", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"));

        // then
        assertThat(ex.failed()).isTrue();
        assertThat(ex.errorClass()).isEqualTo(Outcomes.STREAM_ERROR);
        assertThat(ex.errorMessage()).contains("overloaded_error: busy");
    }

    @Test
    void an_error_event_whose_data_is_not_json_is_a_stream_error_quoting_it() {
        // when
        Exchange ex = read(event("error", "Overloaded"));

        // then
        assertThat(ex.errorClass()).isEqualTo(Outcomes.STREAM_ERROR);
        assertThat(ex.errorMessage()).isEqualTo("error event in the stream: Overloaded");
    }

    @Test
    void a_200_whose_body_is_a_json_error_is_a_stream_error_with_the_message_scrubbed() {
        // when
        Exchange ex = read("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                + "\"busy (key sk-ant-echo-99)\"}}", io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-ant-echo-99")));

        // then
        assertThat(ex.errorClass()).isEqualTo(Outcomes.STREAM_ERROR);
        assertThat(ex.errorMessage()).isEqualTo("a JSON error instead of an event stream: overloaded_error: busy (key ***)");
    }
}
