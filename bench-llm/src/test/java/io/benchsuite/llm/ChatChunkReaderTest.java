package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What of an OpenAI chat stream counts: output deltas, finish_reason, usage, error events, [DONE]. */
class ChatChunkReaderTest {

    private static final String HEAD = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";

    private final Exchange ex = new Exchange();
    private final ChatChunkReader reader = new ChatChunkReader();

    ChatChunkReaderTest() {
        ex.reset(LlmRun.JSON.createObjectNode().put("prompt", "p"), 0, 1, 1_000_000_000L, null);
        reader.begin(ex, 200);
    }

    @Test
    void content_refusal_reasoning_tool_and_function_call_deltas_are_output() {
        // when
        long t = 1_000;
        for (String delta : new String[] {"{\"content\":\"a\"}", "{\"refusal\":\"no\"}",
                "{\"reasoning_content\":\"hmm\"}", "{\"reasoning\":\"hm\"}",
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"x\\\"\"}}]}",
                "{\"function_call\":{\"name\":\"f\",\"arguments\":\"\"}}"}) {
            feed(delta(delta, null), t++);
        }

        // then
        assertThat(ex.outputChunks()).isEqualTo(6);
        assertThat(ex.firstTokenNanos()).isEqualTo(1_000);
        assertThat(ex.lastTokenNanos()).isEqualTo(1_005);
        assertThat(reader.complete()).isFalse();
    }

    @Test
    void role_only_empty_null_and_empty_tool_call_deltas_are_not_output() {
        // when
        for (String delta : new String[] {"{\"role\":\"assistant\",\"content\":\"\"}", "{}",
                "{\"content\":null,\"refusal\":null,\"tool_calls\":null,\"function_call\":null}",
                "{\"tool_calls\":[]}", "{\"reasoning_content\":\"\",\"reasoning\":null}",
                "{\"content\":5}"}) {
            feed(delta(delta, null), 1);
        }

        // then
        assertThat(ex.outputChunks()).isZero();
    }

    @Test
    void a_finish_reason_completes_the_stream_and_usage_gives_the_token_counts() {
        // when
        feed(delta("{\"content\":\"hi\"}", null), 10);
        feed(delta("{}", "\"length\""), 20);
        feed("data: " + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,"
                + "\"total_tokens\":46,\"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n", 30);
        feed("data: [DONE]\n\n", 40);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(ex.failed()).isFalse();
        assertThat(ex.outputChunks()).isEqualTo(1);
        assertThat(ex.inputTokens()).isEqualTo(12);
        assertThat(ex.outputTokens()).isEqualTo(34);
        assertThat(ex.tokenSource()).isEqualTo(Exchange.TokenSource.USAGE);
    }

    @Test
    void an_error_payload_fails_the_stream_as_stream_error() {
        // when
        feed(delta("{\"content\":\"hi\"}", null), 10);
        boolean more = feed("data: {\"error\":{\"message\":\"overloaded now\",\"type\":\"server_error\"}}\n\n", 20);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(more).isFalse();
        assertThat(ex.errorClass()).isEqualTo("stream_error");
        assertThat(ex.errorMessage()).isEqualTo("error event in the stream: 200: overloaded now");
    }

    @Test
    void an_event_named_error_fails_the_stream_too() {
        // when
        feed("event: error\ndata: {\"message\":\"bad things\"}\n\n", 20);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(ex.errorClass()).isEqualTo("stream_error");
        assertThat(ex.errorMessage()).isEqualTo("error event in the stream: 200: bad things");
    }

    @Test
    void an_error_event_whose_data_is_plain_text_is_a_stream_error_quoting_it() {
        // when
        feed(delta("{\"content\":\"hi\"}", null), 10);
        feed("event: error\ndata: upstream overloaded, try later\n\n", 20);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(ex.errorClass()).isEqualTo("stream_error");
        assertThat(ex.errorMessage()).isEqualTo("error event in the stream: 200: upstream overloaded, try later");
    }

    @Test
    void a_200_whose_body_is_a_json_error_is_a_stream_error_with_the_message_scrubbed() {
        // when: no event stream at all, the key echoed in the message
        feed("{\"error\": {\"message\": \"model not loaded for key sk-echo-123456\", \"type\": \"invalid\"}}", 10);
        reader.finish(io.benchsuite.engine.config.Secrets.of(java.util.List.of("sk-echo-123456")));

        // then
        assertThat(ex.errorClass()).isEqualTo("stream_error");
        assertThat(ex.errorMessage())
                .isEqualTo("a JSON error instead of an event stream: 200: model not loaded for key ***");
    }

    @Test
    void a_200_whose_body_is_neither_a_stream_nor_a_json_error_stays_a_truncated_stream() {
        // when
        feed("<html>hello</html>", 10);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(ex.errorClass()).isEqualTo("truncated_stream");
    }

    @Test
    void nothing_after_done_and_no_garbage_data_counts() {
        // when
        feed("data: not json\n\n", 5);
        feed(delta("{\"content\":\"hi\"}", "\"stop\""), 10);
        feed("data: [DONE]\n\n", 20);
        feed(delta("{\"content\":\"late\"}", null), 30);
        reader.finish(io.benchsuite.engine.config.Secrets.none());

        // then
        assertThat(ex.failed()).isFalse();
        assertThat(ex.outputChunks()).isEqualTo(1);
        assertThat(ex.tokenSource()).isEqualTo(Exchange.TokenSource.CHUNKS);
    }

    @Test
    void chunks_split_across_reads_get_the_time_of_the_read_that_completed_them() {
        // given
        String chunk = delta("{\"content\":\"hi\"}", null);

        // when
        feed(chunk.substring(0, 30), 100);
        feed(chunk.substring(30), 200);

        // then
        assertThat(ex.firstTokenNanos()).isEqualTo(200);
    }

    private boolean feed(String text, long nanos) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return reader.feed(bytes, 0, bytes.length, nanos);
    }

    private static String delta(String delta, String finishReason) {
        return "data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,"
                + "\"finish_reason\":" + finishReason + "}]}\n\n";
    }
}
