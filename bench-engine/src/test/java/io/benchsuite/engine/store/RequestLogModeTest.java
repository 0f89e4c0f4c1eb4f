package io.benchsuite.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestLogModeTest {

    @Test
    void parses_every_documented_value() {
        assertThat(RequestLogMode.parse("all")).isEqualTo(RequestLogMode.ALL);
        assertThat(RequestLogMode.parse("failures")).isEqualTo(RequestLogMode.FAILURES);
        assertThat(RequestLogMode.parse("none")).isEqualTo(RequestLogMode.NONE);
        assertThat(RequestLogMode.parse("sample:25")).isEqualTo(new RequestLogMode(RequestLogMode.Kind.SAMPLE, 25));
        assertThat(RequestLogMode.parse("sample:25")).hasToString("sample:25");
    }

    @Test
    void rejects_anything_else_with_the_accepted_values() {
        for (String bad : new String[] {"some", "sample:0", "sample:x", "sample:", ""}) {
            assertThatThrownBy(() -> RequestLogMode.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + bad + "\" is not a request log mode; use all, failures, sample:<n> "
                            + "(n >= 1, e.g. sample:100) or none");
        }
    }

    @Test
    void sample_keeps_one_success_in_n_and_every_failure() {
        RequestLogMode m = RequestLogMode.parse("sample:10");
        assertThat(m.keeps(20, true)).isTrue();
        assertThat(m.keeps(21, true)).isFalse();
        assertThat(m.keeps(21, false)).isTrue();
        assertThat(RequestLogMode.FAILURES.keeps(20, true)).isFalse();
        assertThat(RequestLogMode.NONE.keeps(21, false)).isFalse();
    }
}
