package io.benchsuite.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One rule for every place a setting can come from: a file, {@code --set}, annotation attributes, configuration
 * parameters; each message names the setting the way its source does.
 */
class SettingsLayersTest {

    private static final Map<String, String> ATTRIBUTES = Map.of("min_load", "minLoad", "max_load", "maxLoad");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode values(Object... keyValues) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            n.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return n;
    }

    private static BenchConfig.Layer annotation(ObjectNode values) {
        return new BenchConfig.Layer("", "@LoadTest on method m", values, k -> ATTRIBUTES.getOrDefault(k, k), k -> null);
    }

    @Test
    void a_later_layer_wins_key_by_key_and_each_value_knows_where_it_came_from() {
        // given
        BenchConfig config = BenchConfig.of("c.json", null, values("min_load", 2, "max_load", 5))
                .with(annotation(values("max_load", 8)))
                .with(BenchConfig.Layer.overrides("c.json", "--set", values("ramp_duration_seconds", 4),
                        k -> k.equals("ramp_duration_seconds") ? "--set ramp_duration_seconds=..." : null));

        // when
        LoadPlan plan = LoadPlan.from(config);

        // then
        assertThat(plan.minWorkers()).isEqualTo(2);
        assertThat(plan.maxWorkers()).isEqualTo(8);
        assertThat(config.origin("min_load")).isEqualTo("c.json");
        assertThat(config.origin("max_load")).isEqualTo("@LoadTest on method m");
        assertThat(config.origin("ramp_duration_seconds")).isEqualTo("--set ramp_duration_seconds=...");
        assertThat(config.origin("hold_seconds")).isEqualTo("default");
    }

    @Test
    void the_same_rule_names_the_setting_as_each_source_does() {
        // given the same mistake in a file and in annotations
        BenchConfig file = BenchConfig.of("c.json", null, values("min_load", 5, "max_load", 3));
        BenchConfig annotated = BenchConfig.layered(null, List.of(annotation(values("min_load", 5, "max_load", 3))));

        // when / then
        assertThatThrownBy(() -> LoadPlan.from(file)).isInstanceOf(ConfigException.class)
                .hasMessage("c.json: \"max_load\" (3) must be >= \"min_load\" (5); raise \"max_load\" or lower \"min_load\"");
        assertThatThrownBy(() -> LoadPlan.from(annotated)).isInstanceOf(ConfigException.class)
                .hasMessage("maxLoad (3) must be >= minLoad (5); raise maxLoad or lower minLoad");
    }

    @Test
    void the_worker_ceiling_holds_wherever_the_value_came_from() {
        BenchConfig annotated = BenchConfig.layered(null, List.of(annotation(values("max_load", 100_001))));
        assertThatThrownBy(() -> LoadPlan.from(annotated)).hasMessageStartingWith("maxLoad (100001) must be <= 100000");
    }

    @Test
    void huge_tiny_and_zero_values_are_named_not_crashed_on() {
        assertThatThrownBy(() -> LoadPlan.from(BenchConfig.of("c.json", null, values("min_load", 1e300))))
                .hasMessage("c.json: \"min_load\" (1.0E300) is out of range");
        assertThatThrownBy(() -> LoadPlan.from(BenchConfig.of("c.json", null, values("hold_seconds", 1e10))))
                .hasMessage("c.json: \"hold_seconds\" (10000000000) must be at most 604800 seconds (seven days)");
        assertThatThrownBy(() -> LoadPlan.from(BenchConfig.of("c.json", null, values("duration_seconds", 1e-12))))
                .hasMessage("c.json: \"duration_seconds\" (1.0E-12) must be at least 0.001 seconds");
        assertThatThrownBy(() -> LoadPlan.from(BenchConfig.of("c.json", null, values("total_requests", 0))))
                .hasMessage("c.json: \"total_requests\" (0) must be >= 1, or left out for no cap");
    }

    @Test
    void a_run_id_that_cannot_name_a_directory_is_refused_before_anything_is_created() {
        assertThatThrownBy(() -> RunIdentity.from(BenchConfig.of("c.json", null, values("benchmark_run_id", "a\u0000b"))))
                .hasMessage("c.json: \"benchmark_run_id\" (\"a\\u0000b\") cannot be used as a directory name; use "
                        + "letters, digits, '-' and '_' in benchmark_run_id");
        assertThatThrownBy(() -> RunIdentity.from(BenchConfig.of("c.json", null, values("name", 5))))
                .hasMessage("c.json: \"name\" must be a string, got a number 5");
    }
}
