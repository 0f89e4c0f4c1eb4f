package io.benchsuite.result.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunComparisonTest {

    static Stats stats(Integer workers, long requests, long ok, double rps, double p50, double p99) {
        return new Stats(workers, workers == null ? null : List.of(0.0, 10.0), requests, ok, requests - ok,
                requests == 0 ? 0 : Math.round(ok * 100_000.0 / requests) / 1000.0, rps,
                new Distribution(p50 / 2, p50, p50, p50, p99, p99, p99, p99, p99), null, null, null, null, null, null,
                null, null);
    }

    static RunResult run(String id, Stats overall, Stats... buckets) {
        return new RunResult(1, id, "acme", "system_api", id, RunResult.Status.completed, "POST http://x",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), 60, null, null,
                overall, List.of(buckets), null, null, null, null);
    }

    @Test
    void each_worker_level_is_compared_and_regressions_follow_the_rule() {
        // given
        RunResult base = run("base", stats(null, 3000, 3000, 50, 10, 40),
                stats(1, 1000, 1000, 20, 10, 30), stats(2, 1000, 1000, 40, 10, 30), stats(3, 1000, 1000, 60, 0.2, 0.5));
        RunResult current = run("current", stats(null, 3000, 2900, 50, 10.5, 40),
                // level 1: p99 +3 %, throughput -7.5 %: within the limits; p50 +50 % is never marked
                stats(1, 1000, 1000, 18.5, 15, 30.9),
                // level 2: p99 +20 %, throughput -15 %, success rate -2 points: all regressions
                stats(2, 1000, 980, 34, 10, 36),
                // level 3: p99 +9.8 %: within the limit
                stats(3, 1000, 1000, 60, 0.4, 0.549),
                stats(4, 500, 500, 60, 0.4, 0.5));

        // when
        RunComparison c = RunComparison.of(base, current);

        // then
        assertThat(c.rows()).extracting(RunComparison.Row::scope)
                .containsExactly("workers=1", "workers=2", "workers=3", "workers=4", "overall");
        assertThat(c.rows().get(0).regressed()).isFalse();
        assertThat(c.rows().get(0).deltas().get(2).changePercent()).isEqualTo(-7.5);
        assertThat(c.rows().get(1).deltas()).extracting(RunComparison.Delta::metric, RunComparison.Delta::regression)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p50_ms", false),
                        org.assertj.core.groups.Tuple.tuple("p99_ms", true),
                        org.assertj.core.groups.Tuple.tuple("throughput_rps", true),
                        org.assertj.core.groups.Tuple.tuple("success_rate", true));
        assertThat(c.rows().get(2).regressed()).isFalse();
        assertThat(c.rows().get(3).deltas()).isEmpty();
        assertThat(c.rows().get(3).note()).isEqualTo("no requests in the baseline at this level");
        assertThat(c.rows().get(4).deltas().get(3).change()).isEqualTo(-3.333);
        // overall: success rate 100 -> 96.667: more than one point lower
        assertThat(c.rows().get(4).regressed()).isTrue();
        assertThat(c.regressed()).isTrue();
    }

    @Test
    void a_success_rate_changes_in_percentage_points_and_has_no_percent_change() {
        // given: 50 % -> 45 %, which is -5 points, not -10 %
        RunResult base = run("base", stats(null, 1000, 500, 50, 10, 30), stats(1, 1000, 500, 50, 10, 30));
        RunResult current = run("current", stats(null, 1000, 450, 50, 10, 30), stats(1, 1000, 450, 50, 10, 30));

        // when
        RunComparison.Delta rate = RunComparison.of(base, current).rows().get(0).deltas().get(3);

        // then
        assertThat(rate).isEqualTo(new RunComparison.Delta("success_rate", 50, 45, -5, RunComparison.POINTS, null,
                true));
        assertThat(RunComparison.of(base, current).rows().get(0).deltas()).extracting(RunComparison.Delta::changeUnit)
                .containsExactly("ms", "ms", "req/s", "pt");
    }

    @Test
    void the_comparison_as_json_gives_the_success_rate_change_in_points_with_a_null_percent() throws Exception {
        // given
        RunResult base = run("base", stats(null, 1000, 500, 50, 10, 30));
        RunResult current = run("current", stats(null, 1000, 450, 50, 10, 30));

        // when
        com.fasterxml.jackson.databind.JsonNode json = io.benchsuite.result.ResultJson.mapper()
                .valueToTree(RunComparison.of(base, current)).get("rows").get(0).get("deltas").get(3);

        // then
        assertThat(json.toString()).isEqualTo("{\"metric\":\"success_rate\",\"base\":50.0,\"current\":45.0,"
                + "\"change\":-5.0,\"change_unit\":\"pt\",\"change_percent\":null,\"regression\":true}");
    }

    @Test
    void a_run_compared_with_itself_has_no_regression() {
        RunResult r = run("r", stats(null, 10, 10, 5, 3, 9), stats(1, 10, 10, 5, 3, 9));
        assertThat(RunComparison.of(r, r).regressed()).isFalse();
        assertThat(RunComparison.of(r, r).rows().get(0).deltas()).allMatch(d -> d.change() == 0);
    }
}
