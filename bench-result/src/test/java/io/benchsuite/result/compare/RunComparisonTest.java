package io.benchsuite.result.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.threshold.ChangeThreshold;
import io.benchsuite.result.threshold.Criterion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison's statistics on simulated runs with known changes: 4 s, 4 closed-loop workers, a 20 ms log-normal
 * server, and machine noise correlated over time. Every run is seeded, so every verdict below is fixed.
 */
class RunComparisonTest {

    @TempDir
    Path dir;

    private static SyntheticRun run(String id) {
        return new SyntheticRun().id(id).noise(0.02);
    }

    private static Map<Verdict, Integer> verdicts(List<RunComparison> comparisons) {
        Map<Verdict, Integer> out = new TreeMap<>();
        comparisons.forEach(c -> out.merge(c.verdict(), 1, Integer::sum));
        return out;
    }

    @Test
    void identical_loads_are_never_regressed_nor_improved() {
        // given: 30 pairs of runs of the same load, differing only in their random draws
        List<RunComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ComparedRun base = run("base-" + i).compared(dir, 1000 + i);
            ComparedRun current = run("current-" + i).compared(dir, 2000 + i);

            // when
            comparisons.add(RunComparison.of(base, current));
        }

        // then
        Map<Verdict, Integer> verdicts = verdicts(comparisons);
        assertThat(verdicts).doesNotContainKeys(Verdict.regressed, Verdict.improved);
        assertThat(comparisons).allSatisfy(c -> assertThat(c.metric("p50_ms").orElseThrow().verdict())
                .isIn(Verdict.unchanged, Verdict.inconclusive));
        // p99 of about 800 requests rests on its 8 slowest: not judged
        assertThat(comparisons).allSatisfy(c -> assertThat(c.metric("p99_ms").orElseThrow().advice())
                .matches("it rests on the \\d largest of \\d{3} requests; it is judged from 1,000 requests a side \\(10 "
                        + "beyond it\\): runs 1\\.\\dx as long, or repeat: 2"));
    }

    @Test
    void latency_15_percent_higher_is_regressed_and_15_percent_lower_is_improved() {
        // given
        List<RunComparison> ups = new ArrayList<>();
        List<RunComparison> downs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ComparedRun base = run("base-" + i).seconds(8).compared(dir, 100 + i);
            ComparedRun slower = run("slower-" + i).seconds(8).shift(1.15).compared(dir, 200 + i);
            ComparedRun faster = run("faster-" + i).seconds(8).shift(0.85).compared(dir, 300 + i);

            // when
            ups.add(RunComparison.of(base, slower));
            downs.add(RunComparison.of(base, faster));
        }

        // then
        assertThat(verdicts(ups)).containsOnlyKeys(Verdict.regressed);
        assertThat(verdicts(downs)).containsOnlyKeys(Verdict.improved);
        RunComparison up = ups.getFirst();
        RunComparison down = downs.getFirst();
        assertThat(up.metric("p50_ms").orElseThrow().verdict()).isEqualTo(Verdict.regressed);
        assertThat(up.metric("p50_ms").orElseThrow().changeLow()).isGreaterThan(5.0);
        assertThat(up.metric("throughput_rps").orElseThrow().verdict()).isEqualTo(Verdict.regressed);
        assertThat(up.metric("throughput_rps").orElseThrow().change()).isNegative();
        assertThat(down.verdict()).isEqualTo(Verdict.improved);
        assertThat(down.metric("mean_ms").orElseThrow().verdict()).isEqualTo(Verdict.improved);
        assertThat(up.summary()).startsWith("regressed: p50 +1").contains("throughput -1");
    }

    @Test
    void a_change_well_below_the_threshold_is_unchanged() {
        // given: 3 % slower, with 30 s of requests to narrow the intervals, and a minimum effect of 10 %
        ComparedRun base = run("base").seconds(30).compared(dir, 11);
        ComparedRun current = run("current").seconds(30).shift(1.03).compared(dir, 12);

        // when
        MetricChange p50 = RunComparison.of(base, current, RegressionThreshold.of(10, List.of())).metric("p50_ms")
                .orElseThrow();

        // then
        assertThat(p50.verdict()).isEqualTo(Verdict.unchanged);
        assertThat(p50.change()).isBetween(1.0, 5.0);
    }

    @Test
    void an_interval_that_straddles_the_threshold_is_inconclusive_and_says_what_would_decide_it() {
        // given: 8 % slower, measured over one second with 2 workers
        ComparedRun base = run("base").seconds(1).workers(2).compared(dir, 21);
        ComparedRun current = run("current").seconds(1).workers(2).shift(1.08).compared(dir, 22);

        // when
        MetricChange p50 = RunComparison.of(base, current).metric("p50_ms").orElseThrow();

        // then
        assertThat(p50.verdict()).isEqualTo(Verdict.inconclusive);
        assertThat(p50.changeLow()).isLessThan(5.0);
        assertThat(p50.changeHigh()).isGreaterThan(5.0);
        assertThat(p50.advice()).containsPattern("^the interval straddles [+-]5\\.0 %: about ")
                .containsPattern("\\d+x the data would decide: runs \\d+x as long \\(about \\d+ s\\), or repeat: \\d+");
    }

    @Test
    void blocks_of_time_give_wider_intervals_than_independent_requests_when_the_machine_is_noisy() {
        // given: strong machine noise correlated over a second; the same runs with and without their request logs
        SyntheticRun noisy = run("base").noise(0.15);
        Path baseDir = noisy.write(dir.resolve("a"), 31);
        Path currentDir = run("current").noise(0.15).write(dir.resolve("b"), 32);

        // when
        RunComparison blocks = RunComparison.of(read(baseDir), read(currentDir));
        RunComparison independent = RunComparison.of(ComparedRun.of(result(baseDir)),
                ComparedRun.of(result(currentDir)));

        // then: the request log's blocks see the noise over time, the histograms cannot
        assertThat(width(blocks.metric("p50_ms").orElseThrow()))
                .isGreaterThan(1.5 * width(independent.metric("p50_ms").orElseThrow()));
        assertThat(independent.notes()).anySatisfy(n -> assertThat(n).startsWith("run base has no request log: its "
                + "intervals come from its latency histograms, as if its requests were independent"));
        assertThat(independent.base().requestLog()).isFalse();
        assertThat(blocks.base().requestLog()).isTrue();
    }

    @Test
    void repetitions_bring_the_run_to_run_noise_into_the_interval() {
        // given: runs that differ from one another by a few percent as a whole (JIT, neighbours, ...)
        double[] factors = {1.00, 1.06, 0.95, 1.03, 0.97, 1.05};
        List<ComparedRun> base = new ArrayList<>();
        List<ComparedRun> current = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            base.add(run("base-r" + (i + 1)).repetition("base", i + 1, 3).runFactor(factors[i]).compared(dir, 40 + i));
            current.add(run("cur-r" + (i + 1)).repetition("cur", i + 1, 3).runFactor(factors[i + 3])
                    .compared(dir, 50 + i));
        }

        // when
        RunComparison repeated = RunComparison.of(ComparedRun.of(base), ComparedRun.of(current));
        RunComparison single = RunComparison.of(base.getFirst(), current.getFirst());

        // then
        assertThat(repeated.base().id()).isEqualTo("base");
        assertThat(repeated.base().runIds()).containsExactly("base-r1", "base-r2", "base-r3");
        assertThat(width(repeated.metric("p50_ms").orElseThrow()))
                .isGreaterThan(2 * width(single.metric("p50_ms").orElseThrow()));
        assertThat(repeated.method()).contains("the repetitions drawn first (3 base, 3 current)");
        assertThat(repeated.verdict()).isNotEqualTo(Verdict.regressed);
    }

    @Test
    void the_success_rate_changes_in_percentage_points() {
        // given: 5 % of the requests fail in the current run
        ComparedRun base = run("base").compared(dir, 61);
        ComparedRun current = run("current").failures(0.05).compared(dir, 62);

        // when
        MetricChange rate = RunComparison.of(base, current).metric("success_rate").orElseThrow();

        // then
        assertThat(rate.changeUnit()).isEqualTo("pt");
        assertThat(rate.unit()).isEqualTo("%");
        assertThat(rate.change()).isBetween(-7.0, -3.0);
        assertThat(rate.threshold()).isEqualTo(1.0);
        assertThat(rate.verdict()).isEqualTo(Verdict.regressed);
    }

    @Test
    void llm_runs_are_also_compared_on_ttft_tpot_and_output_tokens_per_second() {
        // given: streamed requests 30 % slower, with 8 s of them so that p99 is judged too
        ComparedRun base = run("base").streamed().seconds(8).compared(dir, 121);
        ComparedRun current = run("current").streamed().seconds(8).shift(1.3).compared(dir, 122);

        // when
        RunComparison c = RunComparison.of(base, current);

        // then
        assertThat(c.metrics()).extracting(MetricChange::metric).containsExactly("p50_ms", "p90_ms", "p99_ms",
                "mean_ms", "throughput_rps", "success_rate", "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "tpot_p99_ms",
                "output_tokens_per_s");
        assertThat(c.metric("ttft_p50_ms").orElseThrow().verdict()).isEqualTo(Verdict.regressed);
        assertThat(c.metric("tpot_p50_ms").orElseThrow().change()).isBetween(25.0, 35.0);
        assertThat(c.metric("output_tokens_per_s").orElseThrow().verdict()).isEqualTo(Verdict.regressed);
        assertThat(c.metric("output_tokens_per_s").orElseThrow().unit()).isEqualTo("tokens/s");
    }

    @Test
    void the_same_runs_always_give_the_same_intervals() {
        // given
        ComparedRun base = run("base").compared(dir, 71);
        ComparedRun current = run("current").shift(1.05).compared(dir, 72);

        // when
        RunComparison first = RunComparison.of(base, current);
        RunComparison again = RunComparison.of(base, current);

        // then
        assertThat(again).isEqualTo(first);
    }

    @Test
    void a_threshold_per_metric_changes_that_metric_only() {
        // given: 15 % slower; p99 may move by 50 % before it counts
        ComparedRun base = run("base").seconds(20).compared(dir, 81);
        ComparedRun current = run("current").seconds(20).shift(1.15).compared(dir, 82);
        RegressionThreshold threshold = RegressionThreshold.of(10, List.of(
                (ChangeThreshold) Criterion.parse("p99 regression < 50%")));

        // when
        RunComparison c = RunComparison.of(base, current, threshold);

        // then
        assertThat(c.metric("p99_ms").orElseThrow().threshold()).isEqualTo(50.0);
        assertThat(c.metric("p99_ms").orElseThrow().verdict()).isEqualTo(Verdict.unchanged);
        assertThat(c.metric("p50_ms").orElseThrow().verdict()).isEqualTo(Verdict.regressed);
    }

    @Test
    void the_comparison_as_json_has_a_top_level_verdict_and_intervals() throws Exception {
        // given
        ComparedRun base = run("base").compared(dir, 91);
        ComparedRun current = run("current").shift(1.2).failures(0.02).compared(dir, 92);

        // when
        JsonNode json = ResultJson.mapper().valueToTree(RunComparison.of(base, current));

        // then
        assertThat(json.get("verdict").asText()).isEqualTo("regressed");
        assertThat(json.get("base").get("id").asText()).isEqualTo("base");
        JsonNode p50 = json.get("metrics").get(0);
        assertThat(p50.get("metric").asText()).isEqualTo("p50_ms");
        assertThat(p50.get("change_unit").asText()).isEqualTo("%");
        assertThat(p50.get("change_low").asDouble()).isLessThan(p50.get("change").asDouble());
        assertThat(p50.get("change_high").asDouble()).isGreaterThan(p50.get("change").asDouble());
        assertThat(p50.get("verdict").asText()).isEqualTo("regressed");
        assertThat(json.get("levels").get(0).get("workers").asInt()).isEqualTo(4);
        // and it reads back: a load test stores it in result.json
        assertThat(ResultJson.mapper().treeToValue(json, RunComparison.class))
                .isEqualTo(RunComparison.of(base, current));
    }

    @Test
    void the_verdict_table_lists_every_metric_and_the_verdict() {
        // given
        ComparedRun base = run("base").compared(dir, 101);
        ComparedRun current = run("current").shift(1.2).compared(dir, 102);

        // when
        String table = ComparisonTable.text(RunComparison.of(base, current));
        String markdown = ComparisonTable.markdown(RunComparison.of(base, current), "OrdersIT#placeOrder");

        // then
        assertThat(table).startsWith("compare current (current) with base (base): ")
                .containsPattern("\\np50 ms +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\+\\d+\\.\\d % +\\[\\+\\d+\\.\\d, \\+\\d+\\.\\d\\] % +regressed\n")
                .contains("\nverdict: REGRESSED: p50 +");
        assertThat(markdown).startsWith("#### OrdersIT#placeOrder: **regressed**\n\n| metric | base | current |")
                .contains("| p50 | ", "| p99 | ", "| throughput | ", "| success rate | ")
                .doesNotContain("| mean | ");
    }

    @Test
    void a_run_compared_with_itself_has_no_change_and_no_regression() {
        // given
        ComparedRun run = run("run").compared(dir, 111);

        // when
        RunComparison c = RunComparison.of(run, run);

        // then: the intervals still carry the noise of two runs, which decides p99 of 800 requests poorly
        assertThat(c.verdict()).isIn(Verdict.unchanged, Verdict.inconclusive);
        assertThat(c.metrics()).allSatisfy(m -> assertThat(m.change()).isZero());
        assertThat(c.metric("p50_ms").orElseThrow().verdict()).isEqualTo(Verdict.unchanged);
    }

    private static ComparedRun read(Path runDir) {
        try {
            return ComparedRun.read(runDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RunResult result(Path runDir) {
        try {
            return ResultJson.read(runDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double width(MetricChange m) {
        return m.changeHigh() - m.changeLow();
    }

    @Test
    void verdicts_follow_the_interval_and_the_threshold() {
        // then: (low, high) of the change in the direction of worse, against a threshold of 10
        assertThat(Verdict.of(10.5, 20, 10)).isEqualTo(Verdict.regressed);
        assertThat(Verdict.of(10, 20, 10)).isEqualTo(Verdict.inconclusive);
        assertThat(Verdict.of(-20, -10.5, 10)).isEqualTo(Verdict.improved);
        assertThat(Verdict.of(-10, 10, 10)).isEqualTo(Verdict.unchanged);
        assertThat(Verdict.of(-12, 3, 10)).isEqualTo(Verdict.inconclusive);
        assertThat(Verdict.overall(List.of(Verdict.improved, Verdict.regressed))).isEqualTo(Verdict.regressed);
        assertThat(Verdict.overall(List.of(Verdict.improved, Verdict.inconclusive))).isEqualTo(Verdict.improved);
        assertThat(Verdict.overall(List.of(Verdict.unchanged, Verdict.inconclusive))).isEqualTo(Verdict.inconclusive);
        assertThat(Verdict.overall(List.of(Verdict.unchanged, Verdict.unchanged))).isEqualTo(Verdict.unchanged);
    }
}
