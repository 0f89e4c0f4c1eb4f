package io.benchsuite.cli;

import static io.benchsuite.cli.StoredRuns.bench;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    @TempDir
    static Path results;

    private static StoredRuns.Mongo mongo;
    private static final List<RunResult> runs = new ArrayList<>();

    @BeforeAll
    static void store_three_runs_in_files_and_mongodb() throws Exception {
        mongo = new StoredRuns.Mongo();
        runs.add(StoredRuns.run(results, "base", "acme", 3000, StoredRuns.target(100, 0), mongo));
        runs.add(StoredRuns.run(results, "other", "globex", 500, StoredRuns.target(100, 0), mongo));
        // slower and failing: regressions against "base"
        runs.add(StoredRuns.run(results, "slow", "acme", 3000, StoredRuns.target(900, 10), mongo));
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    /** Runs the same analyze command on both sources; they must print the same. */
    private static StoredRuns.Cli both(String... args) {
        List<String> files = new ArrayList<>(List.of("analyze", "--source", "files", "--out", results.toString()));
        List<String> db = new ArrayList<>(List.of("analyze", "--source", "mongo", "--mongodb-uri", mongo.uri()));
        files.addAll(List.of(args));
        db.addAll(List.of(args));
        StoredRuns.Cli fromFiles = bench(files.toArray(String[]::new));
        StoredRuns.Cli fromMongo = bench(db.toArray(String[]::new));
        assertThat(fromMongo.code()).isEqualTo(fromFiles.code());
        assertThat(fromMongo.out().replace("MongoDB " + mongo.uri() + " database benchmarking", "SOURCE"))
                .isEqualTo(fromFiles.out().replace("files in " + results, "SOURCE"));
        assertThat(fromMongo.err().replace("MongoDB " + mongo.uri() + " database benchmarking", "SOURCE"))
                .isEqualTo(fromFiles.err().replace("files in " + results, "SOURCE"));
        return fromFiles;
    }

    @Test
    void latest_as_json_is_the_result_json_of_the_newest_run() throws Exception {
        // when
        StoredRuns.Cli cli = both("--query", "latest", "--format", "json");

        // then
        assertThat(cli.code()).isZero();
        JsonNode printed = ResultJson.mapper().readTree(cli.out());
        assertThat(printed).isEqualTo(ResultJson.mapper().readTree(Files.readString(
                results.resolve("slow/result.json"))));
    }

    @Test
    void latest_as_table_shows_the_bucket_table() {
        StoredRuns.Cli cli = both("--query", "latest");
        assertThat(cli.code()).isZero();
        assertThat(cli.out()).startsWith("run slow (orders slow, org acme): system_api, completed, started ")
                .contains("workers", "p99 ms");
    }

    @Test
    void list_prints_newest_first_and_json_is_an_array_of_result_documents() throws Exception {
        // when
        StoredRuns.Cli table = both("--query", "list", "--limit", "2");
        StoredRuns.Cli json = both("--query", "list", "--format", "json");

        // then
        assertThat(table.out().lines().toList()).hasSize(4);
        assertThat(table.out().lines().skip(1).map(l -> l.split(" ")[0]).toList())
                .containsExactly("slow", "other", "2");
        assertThat(table.out()).endsWith("2 runs from SOURCE\n".replace("SOURCE", "files in " + results));
        JsonNode array = ResultJson.mapper().readTree(json.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        assertThat(array.get(2)).isEqualTo(ResultJson.mapper().readTree(Files.readString(
                results.resolve("base/result.json"))));
    }

    @Test
    void run_and_org_queries() throws Exception {
        StoredRuns.Cli run = both("--query", "run", "other", "--format", "json");
        assertThat(ResultJson.mapper().readTree(run.out()).get("run_id").asText()).isEqualTo("other");
        StoredRuns.Cli org = both("--query", "org", "acme", "--format", "json");
        JsonNode acme = ResultJson.mapper().readTree(org.out());
        assertThat(acme).hasSize(2);
        assertThat(acme.get(0).get("run_id").asText()).isEqualTo("slow");
        assertThat(acme.get(1).get("run_id").asText()).isEqualTo("base");
    }

    @Test
    void compare_prints_the_verdict_table_and_exits_1_on_a_regression() {
        // when: "slow" takes 9 times as long per request and fails one request in ten
        StoredRuns.Cli cli = both("--compare", "base", "slow");

        // then
        assertThat(cli.code()).isEqualTo(1);
        assertThat(cli.out()).startsWith("compare slow (current) with base (base): 3,000 and 3,000 requests\n"
                        + "threshold ±5 % (success rate ±1 pt); bootstrap of 2,000 resamples of blocks of ")
                .containsPattern("\nmetric +base +current +change +95 % interval +verdict\n")
                .containsPattern("\np50 ms .* regressed\n")
                .containsPattern("\nsuccess rate % +100\\.00 +90\\.00 +-10\\.00 pt +\\[-10\\.\\d\\d, -9\\.\\d\\d\\] pt +regressed\n")
                .contains("\nverdict: REGRESSED: p50 +");
    }

    @Test
    void compare_of_a_run_with_itself_is_not_a_regression_and_exits_0() throws Exception {
        // when
        StoredRuns.Cli same = both("--compare", "base", "base", "--format", "json");

        // then
        assertThat(same.code()).isZero();
        JsonNode json = ResultJson.mapper().readTree(same.out());
        assertThat(json.get("verdict").asText()).isIn("unchanged", "inconclusive");
        assertThat(json.get("base").get("id").asText()).isEqualTo("base");
        assertThat(json.get("base").get("request_log").asBoolean()).isTrue();
    }

    @Test
    void compare_as_json_has_the_verdict_and_each_metric_with_its_interval() throws Exception {
        // when
        StoredRuns.Cli json = both("--compare", "base", "slow", "--format", "json");

        // then
        JsonNode c = ResultJson.mapper().readTree(json.out());
        assertThat(c.get("verdict").asText()).isEqualTo("regressed");
        JsonNode rate = c.get("metrics").get(5);
        assertThat(rate.get("metric").asText()).isEqualTo("success_rate");
        assertThat(rate.get("change").asDouble()).isEqualTo(-10.0);
        assertThat(rate.get("change_unit").asText()).isEqualTo("pt");
        assertThat(rate.get("change_low").asDouble()).isLessThan(-9.0);
        assertThat(rate.get("change_high").asDouble()).isGreaterThan(-11.0).isLessThan(-9.0);
        assertThat(rate.get("verdict").asText()).isEqualTo("regressed");
        assertThat(c.get("levels")).isNotEmpty();
    }

    @Test
    void compare_takes_a_minimum_effect() throws Exception {
        // when: the success rate may fall by 20 points
        StoredRuns.Cli json = both("--compare", "base", "slow", "--format", "json", "--threshold",
                "success_rate regression < 20pt");

        // then
        JsonNode rate = ResultJson.mapper().readTree(json.out()).get("metrics").get(5);
        assertThat(rate.get("threshold").asDouble()).isEqualTo(20.0);
        assertThat(rate.get("verdict").asText()).isEqualTo("unchanged");
    }

    @Test
    void export_csv_of_runs_has_one_row_per_level_and_run() {
        // when
        StoredRuns.Cli cli = both("--query", "org", "acme", "--export", "csv");

        // then
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).startsWith("run_id,org_id,name,benchmark_type,status,target,started_at");
        long rows = runs.stream().filter(r -> r.orgId().equals("acme")).mapToLong(r -> r.buckets().size() + 1).sum();
        assertThat(lines).hasSize((int) rows + 1);
        assertThat(lines).anyMatch(l -> l.startsWith("slow,acme,orders slow,system_api,completed,")
                && l.contains(",overall,3000,"));
    }

    @Test
    void export_of_a_request_log_as_csv_and_json_in_seq_order() throws Exception {
        // when
        StoredRuns.Cli csv = both("--export", "csv", "--run", "base");
        StoredRuns.Cli json = both("--export", "json", "--run", "base");

        // then
        List<String> lines = csv.out().lines().toList();
        assertThat(lines).hasSize(3001);
        assertThat(lines.get(0)).isEqualTo("seq,workers,start_offset_ms,latency_ms,success,status,error,ttft_ms,"
                + "tpot_ms,output_tokens,input_tokens,token_source");
        assertThat(lines.get(1)).startsWith("0,1,").endsWith(",true,200,,,,,,");
        JsonNode array = ResultJson.mapper().readTree(json.out());
        assertThat(array).hasSize(3000);
        assertThat(array.get(2999).get("seq").asLong()).isEqualTo(2999);
    }

    @Test
    void export_to_a_file_says_what_it_wrote() throws Exception {
        Path file = results.resolve("exports/base.csv");
        StoredRuns.Cli cli = bench("analyze", "--source", "files", "--out", results.toString(), "--export", "csv",
                "--run", "base", "-o", file.toString());
        assertThat(cli.code()).isZero();
        assertThat(cli.err()).isEqualTo("bench analyze: exported 3000 requests of run base to " + file + "\n");
        assertThat(Files.readAllLines(file)).hasSize(3001);
    }

    @Test
    void bad_input_is_one_line_on_stderr_and_exit_2() {
        String[][] bad = {
                {"--query", "newest"},
                {"--query", "run"},
                {"--format", "xml"},
                {"--export", "xls"},
                {"--query", "run", "missing"},
                {"--compare", "base", "missing"},
                {"--compare", "baseline", "base"},
                {"--compare", "base", "slow", "--threshold", "p99 < 10ms"},
                {"--threshold", "regression < 5%"},
                {"--run", "base"},
                {"--limit", "0", "--query", "list"},
        };
        for (String[] args : bad) {
            StoredRuns.Cli cli = both(args);
            assertThat(cli.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
            assertThat(cli.err()).startsWith("bench analyze: ");
        }
        assertThat(bench("analyze", "--source", "files", "--out", results.toString(), "--query", "run", "missing")
                .err()).isEqualTo("bench analyze: no run \"missing\" in files in " + results
                + "; list the runs with bench analyze --query list\n");
    }

    @Test
    void source_mongo_without_a_server_is_an_error() {
        StoredRuns.Cli cli = bench("analyze", "--source", "mongo", "--mongodb-uri", "mongodb://127.0.0.1:1/");
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err()).startsWith("bench analyze: --source mongo: MongoDB unavailable at mongodb://127.0.0.1:1/");
    }
}
