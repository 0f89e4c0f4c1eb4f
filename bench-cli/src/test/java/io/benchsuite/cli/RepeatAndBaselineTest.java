package io.benchsuite.cli;

import static io.benchsuite.cli.StoredRuns.bench;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.demo.DemoApiServer;
import io.benchsuite.result.RepetitionSummary;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench run --repeat}, {@code bench baseline} and what reads them: a repeated run is compared with every
 * repetition, a baseline is found by the benchmark's name. Against the demo API on loopback (2 ms median).
 */
class RepeatAndBaselineTest {

    @TempDir
    static Path out;

    private static DemoApiServer api;
    private static Path config;
    private static StoredRuns.Cli repeated;

    @BeforeAll
    static void run_the_load_three_times_and_once_more() throws Exception {
        api = DemoApiServer.start(0, 2);
        config = Files.writeString(out.resolve("orders.json"), "{\"benchmark_type\": \"system_api\", \"name\": "
                + "\"orders\", \"org_id\": \"acme\", \"endpoint\": \"" + api.baseUrl() + DemoApiServer.ORDERS_PATH
                + "\", \"max_load\": 2, \"enable_ramping\": false, \"duration_seconds\": 1}");
        repeated = bench("run", "-c", config.toString(), "--out", out.resolve("runs").toString(), "--set",
                "benchmark_run_id=g", "--repeat", "3");
        StoredRuns.Cli one = bench("run", "-c", config.toString(), "--out", out.resolve("runs").toString(), "--set",
                "benchmark_run_id=one");
        assertThat(one.code()).as(one.err()).isZero();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static StoredRuns.Cli files(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--source";
        all[args.length + 1] = "files";
        all[args.length + 2] = "--out";
        all[args.length + 3] = out.resolve("runs").toString();
        return bench(all);
    }

    @Test
    void repeat_runs_the_load_n_times_as_complete_runs_and_prints_the_spread_between_them() throws Exception {
        // then
        assertThat(repeated.code()).as(repeated.err()).isZero();
        assertThat(repeated.out()).contains("repetition 1/3: completed: ", "repetition 3/3: completed: ",
                        "spread over 3 runs: mean ± sd (coefficient of variation), min-max")
                .containsPattern("\n  p50 ms +\\d+\\.\\d\\d ± \\d+\\.\\d\\d \\(\\d+\\.\\d %\\), ")
                .contains("compare: bench analyze --compare BASE g");
        RunResult second = ResultJson.read(out.resolve("runs/g-r2"));
        assertThat(second.repetition()).isEqualTo(new RunResult.Repetition("g", 2, 3));
        assertThat(out.resolve("runs/g-r3/report.html")).exists();
        RepetitionSummary summary = RepetitionSummary.read(out.resolve("runs/g"));
        assertThat(summary.runIds()).containsExactly("g-r1", "g-r2", "g-r3");
        assertThat(summary.spread()).containsOnlyKeys("p50_ms", "p99_ms", "throughput_rps", "success_rate");
    }

    @Test
    void a_repetition_group_is_compared_with_every_repetition() throws Exception {
        // when
        StoredRuns.Cli byId = bench("analyze", "--source", "files", "--out", out.resolve("runs").toString(),
                "--compare", "g", "one", "--format", "json");
        StoredRuns.Cli byPath = bench("analyze", "--source", "files", "--out", out.resolve("runs").toString(),
                "--compare", out.resolve("runs/g").toString(), "one");

        // then
        assertThat(byId.code()).as(byId.err()).isIn(0, 1);
        JsonNode c = ResultJson.mapper().readTree(byId.out());
        assertThat(c.get("base").get("id").asText()).isEqualTo("g");
        assertThat(c.get("base").get("run_ids")).hasSize(3);
        assertThat(c.get("method").asText()).contains("the repetitions drawn first (3 base, 1 current)");
        assertThat(byPath.out()).startsWith("compare one (current) with g (base): ").contains(", 1 and 3 runs\n");
    }

    @Test
    void a_baseline_is_set_from_a_run_or_a_group_and_found_by_the_benchmark_name() {
        // when
        StoredRuns.Cli set = files("baseline", "set", "g");
        StoredRuns.Cli compared = files("analyze", "--compare", "baseline", "one");
        StoredRuns.Cli list = files("baseline", "list");
        StoredRuns.Cli show = files("baseline", "show", "orders");
        StoredRuns.Cli named = files("baseline", "set", "one", "--name", "orders, release 4.2");
        StoredRuns.Cli byName = files("analyze", "--compare", "baseline:orders, release 4.2", "one");

        // then
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).startsWith("bench baseline: \"orders\" (org acme) is now 3 runs (g), ")
                .endsWith(", in files in " + out.resolve("runs") + "\n");
        assertThat(out.resolve("runs/baselines/acme/orders.json")).exists();
        assertThat(compared.code()).as(compared.err()).isIn(0, 1);
        assertThat(compared.out()).startsWith("compare one (current) with g (base): ");
        assertThat(list.out()).containsPattern("acme +orders +g-r1,g-r2,g-r3 +20");
        assertThat(show.out()).startsWith("baseline \"orders\" (org acme), set ").contains("\ng-r1 ", "\ng-r3 ");
        assertThat(named.code()).isZero();
        assertThat(byName.out()).startsWith("compare one (current) with one (base): ");
    }

    @Test
    void report_as_markdown_gives_the_short_table_of_a_ci_summary() {
        // when
        StoredRuns.Cli compared = bench("report", "--format", "markdown", "one", "--compare", "g", "--out",
                out.resolve("runs").toString());
        StoredRuns.Cli alone = bench("report", "--format", "markdown", "one", "--out", out.resolve("runs").toString());

        // then
        assertThat(compared.code()).as(compared.err()).isZero();
        assertThat(compared.out()).startsWith("#### orders: **")
                .contains("| metric | base | current | change | 95 % interval | verdict |", "| p50 | ", "| p99 | ",
                        "| throughput | ", "| success rate | ", "(current one, base g; threshold ±5 % (success rate "
                                + "±1 pt))");
        assertThat(alone.out()).startsWith("#### orders: **completed**").contains("| p50 | ")
                .endsWith("Run one: no baseline to compare with.\n");
    }

    @Test
    void mistakes_are_one_line_on_stderr_and_exit_2() {
        String[][] bad = {
                {"baseline", "show", "nothing"},
                {"baseline", "set", "nothing"},
                {"baseline"},
                {"analyze", "--compare", "baseline:nothing", "one"},
        };
        for (String[] args : bad) {
            StoredRuns.Cli cli = files(args);
            assertThat(cli.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
        }
        assertThat(files("analyze", "--compare", "baseline:nothing", "one").err()).isEqualTo("bench analyze: no "
                + "baseline \"nothing\" of org acme in files in " + out.resolve("runs") + "; mark one with bench "
                + "baseline set RUN --name nothing (bench baseline list shows them)\n");
        StoredRuns.Cli repeatZero = bench("run", "-c", config.toString(), "--out", out.resolve("x").toString(),
                "--repeat", "0");
        assertThat(repeatZero.code()).isEqualTo(2);
        assertThat(repeatZero.err()).isEqualTo("bench: " + config + ": \"repeat\" (0) must be between 1 and 100, "
                + "e.g. 5 (given with --repeat 0)\n");
    }
}
