package io.benchsuite.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.compare.RegressionThreshold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code repeat}, {@code regression_threshold} and thresholds on the change, read once by {@link RunSettings}. */
class ComparisonSettingsTest {

    private static BenchConfig config(ObjectNode extra) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("endpoint", "http://127.0.0.1:1/orders");
        root.setAll(extra);
        return BenchConfig.of("c.json", null, root);
    }

    private static ObjectNode values() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void without_them_a_run_is_one_load_compared_at_the_default_thresholds() {
        // when
        RunSettings s = RunSettings.of(config(values()));

        // then
        assertThat(s.repeat()).isEqualTo(1);
        assertThat(s.regression()).isEqualTo(RegressionThreshold.DEFAULT);
    }

    @Test
    void repeat_regression_threshold_and_thresholds_on_the_change_are_read_apart_from_plain_thresholds() {
        // given
        ObjectNode v = values().put("repeat", 5).put("regression_threshold", 5);
        v.putArray("thresholds").add("p99 < 250ms").add("p99 regression < 20%").add("success_rate regression < 2pt");

        // when
        RunSettings s = RunSettings.of(config(v));

        // then
        assertThat(s.repeat()).isEqualTo(5);
        assertThat(s.thresholds()).extracting(t -> t.expression()).containsExactly("p99 < 250ms");
        assertThat(s.regression()).isEqualTo(new RegressionThreshold(5, 2, Map.of("p99_ms", 20.0)));
    }

    @Test
    void a_mistake_names_the_setting_and_the_fix() {
        assertThatThrownBy(() -> RunSettings.of(config(values().put("repeat", 0))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.json: \"repeat\" (0) must be between 1 and 100, e.g. 5");
        assertThatThrownBy(() -> RunSettings.of(config(values().put("regression_threshold", 0.1))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.json: \"regression_threshold\" (0.1) is in percent and must be between 0.5 and 100, "
                        + "e.g. 10 for 10 % (not 0.1)");
        ObjectNode tokens = values();
        tokens.putArray("thresholds").add("ttft.p99 regression < 10%");
        assertThatThrownBy(() -> RunSettings.of(config(tokens)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("c.json: \"thresholds\": threshold \"ttft.p99 regression < 10%\" needs token "
                        + "metrics");
    }

    @Test
    void another_repetition_has_the_same_settings_under_its_own_identity() {
        // given
        RunSettings s = RunSettings.of(config(values().put("repeat", 3).put("benchmark_run_id", "g")));

        // when
        RunSettings second = s.withIdentity(new RunIdentity("g-r2", s.identity().name(), s.identity().orgId()));

        // then
        assertThat(second.identity().runId()).isEqualTo("g-r2");
        assertThat(second.plan()).isEqualTo(s.plan());
        assertThat(second.repeat()).isEqualTo(3);
        assertThat(List.of(second.thresholds(), second.regression())).isEqualTo(List.of(s.thresholds(),
                s.regression()));
    }
}
