package io.benchsuite.llm.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser((event, data) -> events.add(event + "|" + data));

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }

    @Test
    void data_with_and_without_a_space_after_the_colon_gives_the_same_payload() {
        // given
        String stream = "data: {\"a\":1}\n\ndata:{\"a\":1}\n\ndata:  two spaces\n\n";

        // when
        feed(stream);

        // then
        assertThat(events).containsExactly("message|{\"a\":1}", "message|{\"a\":1}", "message| two spaces");
    }

    @Test
    void comments_and_keep_alives_are_skipped_and_counted() {
        // given
        String stream = ": keep-alive\n\n:\ndata: x\n: in between\n\n";

        // when
        feed(stream);

        // then
        assertThat(events).containsExactly("message|x");
        assertThat(parser.comments()).isEqualTo(3);
    }

    @Test
    void an_event_split_across_reads_at_every_byte_is_parsed_once() {
        // given
        byte[] bytes = "event: content_block_delta\ndata: {\"text\":\"héllo ✓\"}\n\n".getBytes(StandardCharsets.UTF_8);

        // when
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }

        // then
        assertThat(events).containsExactly("content_block_delta|{\"text\":\"héllo ✓\"}");
    }

    @Test
    void crlf_line_endings_split_between_reads_end_lines_once() {
        // given
        String part1 = "data: one\r";
        String part2 = "\n\r";
        String part3 = "\ndata: two\r\n\r\n";

        // when
        feed(part1);
        feed(part2);
        feed(part3);

        // then
        assertThat(events).containsExactly("message|one", "message|two");
    }

    @Test
    void bare_cr_line_endings_are_accepted() {
        // when
        feed("data: one\r\rdata: two\r\r");

        // then
        assertThat(events).containsExactly("message|one", "message|two");
    }

    @Test
    void several_data_lines_are_joined_with_newlines() {
        // when
        feed("data: first\ndata: second\n\n");

        // then
        assertThat(events).containsExactly("message|first\nsecond");
    }

    @Test
    void garbage_lines_are_ignored_and_counted_and_known_fields_are_not_garbage() {
        // when
        feed("HTTP/1.1 garbage\nid: 7\nretry: 100\n{not sse}\ndata: ok\n\n");

        // then
        assertThat(events).containsExactly("message|ok");
        assertThat(parser.garbageLines()).isEqualTo(2);
    }

    @Test
    void an_event_name_applies_to_one_event_only() {
        // when
        feed("event: ping\ndata: {}\n\ndata: plain\n\n");

        // then
        assertThat(events).containsExactly("ping|{}", "message|plain");
    }

    @Test
    void an_unfinished_event_at_the_end_is_not_dispatched_and_is_reported_as_partial() {
        // when
        feed("data: complete\n\ndata: cut in the mid");

        // then
        assertThat(events).containsExactly("message|complete");
        assertThat(parser.hasPartialEvent()).isTrue();
    }

    @Test
    void blank_lines_without_data_dispatch_nothing() {
        // when
        feed("\n\n\nevent: lonely\n\n");

        // then
        assertThat(events).isEmpty();
        assertThat(parser.events()).isZero();
    }

    @Test
    void reset_forgets_a_partial_event() {
        // given
        feed("data: left over");

        // when
        parser.reset();
        feed("data: fresh\n\n");

        // then
        assertThat(events).containsExactly("message|fresh");
    }

    @Test
    void openai_done_marker_is_an_ordinary_event() {
        // when
        feed("data: {\"choices\":[]}\n\ndata: [DONE]\n\n");

        // then
        assertThat(events).containsExactly("message|{\"choices\":[]}", "message|[DONE]");
    }
}
