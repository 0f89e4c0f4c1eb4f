package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per row of docs/errors.md: each bad config or dataset makes {@code bench run} exit 2 with exactly
 * one line on stderr (the message below, {@code {dir}} standing for the directory of the files), nothing on
 * stdout and no stack trace. Nothing here reaches the network: every case fails before the load.
 */
class BadInputTest {

    private static final String SYS = "\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\"";
    private static final String LLM = "\"benchmark_type\": \"llm_api\", \"provider\": \"openai_compatible\", "
            + "\"base_url\": \"http://127.0.0.1:9/v1\", \"model\": \"m\"";

    @TempDir
    Path dir;

    /** A row: the config text ({@code null}: no config file), a dataset text (or null), extra args, message. */
    static Stream<Arguments> rows() {
        return Stream.of(
                row("config not JSON", "{\"benchmark_type\": \"system_api\",\n\"max_load\": }", null, List.of(),
                        "{dir}/c.json: not valid JSON at line 2, column 13: Unexpected character '}': expected a value"),
                row("config empty", "", null, List.of(),
                        "{dir}/c.json: the file is empty; expected a JSON object such as {\"benchmark_type\": "
                                + "\"system_api\", \"endpoint\": \"http://localhost:8080/api\"}"),
                row("config key given twice", "{" + SYS + ", \"max_load\": 5, \"max_load\": 6}", null, List.of(),
                        "{dir}/c.json: not valid JSON at line 1, column 95: key \"max_load\" appears twice"),
                row("config text after the object", "{" + SYS + "} {}", null, List.of(),
                        "{dir}/c.json: not valid JSON at line 1, column 70: more text after the end of the JSON "
                                + "value"),
                row("config not an object", "[1, 2]", null, List.of(),
                        "{dir}/c.json: expected a JSON object { ... } at the top level, got an array [1,2]"),
                row("config file missing", null, null, List.of(),
                        "{dir}/c.json: config file not found; check the path given to --config"),
                row("unknown key", "{" + SYS + ", \"max_lod\": 5}", null, List.of(),
                        "{dir}/c.json: unknown key \"max_lod\"; did you mean \"max_load\"?"),
                row("a key cut short", "{" + SYS + ", \"ramp_duration\": 5}", null, List.of(),
                        "{dir}/c.json: unknown key \"ramp_duration\"; did you mean \"ramp_duration_seconds\"?"),
                row("a YAML config", "benchmark_type: system_api\nendpoint: http://127.0.0.1:9/x\n", null, List.of(),
                        "{dir}/c.json: only JSON is read, and this looks like YAML; write the config as a JSON object, "
                                + "e.g. {\"benchmark_type\": \"system_api\", \"endpoint\": \"http://localhost:8080/api\"} "
                                + "(see docs/config.md)"),
                row("unknown key, nothing close", "{" + SYS + ", \"colour\": 5}", null, List.of(),
                        "{dir}/c.json: unknown key \"colour\" for benchmark_type \"system_api\"; see docs/config.md"),
                row("--set unknown key", "{" + SYS + "}", null, List.of("--set", "max_lod=5"),
                        "--set max_lod=...: unknown key \"max_lod\"; did you mean \"max_load\"?"),
                row("--set without =", "{" + SYS + "}", null, List.of("--set", "max_load"),
                        "--set max_load: expected key=value, e.g. --set max_load=50"),
                row("--set wrong type", "{" + SYS + "}", null, List.of("--set", "max_load=lots"),
                        "{dir}/c.json: \"max_load\" must be a whole number, got a string \"lots\" "
                                + "(given with --set max_load=...)"),
                row("unknown worker_threads", "{" + SYS + ", \"worker_threads\": \"green\"}", null, List.of(),
                        "{dir}/c.json: \"worker_threads\" must be \"auto\", \"platform\", \"virtual\" or \"event_loop\", got \"green\""),
                row("wrong type", "{" + SYS + ", \"enable_ramping\": \"yes\"}", null, List.of(),
                        "{dir}/c.json: \"enable_ramping\" must be true or false, got a string \"yes\""),
                row("unknown benchmark_type", "{\"benchmark_type\": \"grpc\"}", null, List.of(),
                        "{dir}/c.json: \"benchmark_type\" \"grpc\" is not known; use one of [llm_api, system_api]"),
                row("system_api without endpoint", "{\"benchmark_type\": \"system_api\"}", null, List.of(),
                        "{dir}/c.json: missing required field \"endpoint\" for benchmark_type \"system_api\"; "
                                + "see docs/config.md"),
                row("llm_api without provider", "{\"benchmark_type\": \"llm_api\", \"model\": \"m\"}", null,
                        List.of(), "{dir}/c.json: missing required field \"provider\" for benchmark_type "
                                + "\"llm_api\"; see docs/config.md"),
                row("min_load below 1", "{" + SYS + ", \"min_load\": 0}", null, List.of(),
                        "{dir}/c.json: \"min_load\" (0) must be >= 1"),
                row("max_load below min_load", "{" + SYS + ", \"min_load\": 5, \"max_load\": 2}", null, List.of(),
                        "{dir}/c.json: \"max_load\" (2) must be >= \"min_load\" (5); raise \"max_load\" or lower "
                                + "\"min_load\""),
                row("zero ramp duration", "{" + SYS + ", \"ramp_duration_seconds\": 0}", null, List.of(),
                        "{dir}/c.json: \"ramp_duration_seconds\" (0) must be > 0 seconds"),
                row("negative timeout", "{" + SYS + ", \"timeout\": -1}", null, List.of(),
                        "{dir}/c.json: \"timeout\" (-1) must be > 0 seconds"),
                row("negative hold", "{" + SYS + ", \"hold_seconds\": -2}", null, List.of(),
                        "{dir}/c.json: \"hold_seconds\" (-2) must be >= 0 seconds"),
                row("malformed URL", "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://exa mple/x\"}",
                        null, List.of(), "{dir}/c.json: \"endpoint\" (\"http://exa mple/x\") is not a valid URL "
                                + "(Illegal character in authority at index 10); expected e.g. "
                                + "\"https://api.example.com/v1/orders\""),
                row("unsupported scheme", "{\"benchmark_type\": \"system_api\", \"endpoint\": \"ftp://h/x\"}",
                        null, List.of(), "{dir}/c.json: \"endpoint\" (\"ftp://h/x\") has unsupported scheme "
                                + "\"ftp\"; use http or https"),
                row("unknown provider", "{\"benchmark_type\": \"llm_api\", \"provider\": \"openay\", "
                                + "\"model\": \"m\", \"dataset\": \"d.json\"}", "[{\"prompt\": \"hi\"}]", List.of(),
                        "{dir}/c.json: \"provider\" (\"openay\") is not a known provider; use one of: openai, "
                                + "together, anthropic, openai_compatible (openai_compatible with \"base_url\" "
                                + "for any other OpenAI-compatible server: vLLM, TGI, llama.cpp, Ollama, ...)"),
                row("malformed json_path", "{" + SYS + ", \"json_path\": \"$.[[[\"}", null, List.of(),
                        "{dir}/c.json: \"json_path\" (\"$.[[[\") is not a valid JSONPath: Could not parse token "
                                + "starting at position 2. Expected ?, ', 0-9, * ; expected e.g. \"$.data\" or "
                                + "\"$\" for the whole record"),
                row("malformed threshold", "{" + SYS + ", \"thresholds\": [\"p99 <\"]}", null, List.of(), null),
                row("dataset missing", "{" + SYS + ", \"dataset\": \"nope.json\"}", null, List.of(),
                        "{dir}/nope.json: dataset file not found; check \"dataset\" in the config"),
                row("dataset is a directory", "{" + SYS + ", \"dataset\": \".\"}", null, List.of(),
                        "{dir}/.: is a directory, not a dataset file"),
                row("dataset not JSON", "{" + SYS + ", \"dataset\": \"d.json\"}", "[{\"a\": 1},\n{\"a\": ]",
                        List.of(), "{dir}/d.json: not valid JSON at line 2, column 7: Unexpected character ']': "
                                + "expected a value"),
                row("dataset not an array", "{" + SYS + ", \"dataset\": \"d.json\"}", "{\"a\": 1}", List.of(),
                        "{dir}/d.json: a dataset must be a JSON array of objects [ {...}, {...} ], got an object"),
                row("dataset element not an object", "{" + SYS + ", \"dataset\": \"d.json\"}", "[{\"a\": 1}, 3]",
                        List.of(), "{dir}/d.json: record 1 must be a JSON object, got a number"),
                row("dataset empty array", "{" + SYS + ", \"dataset\": \"d.json\"}", "[]", List.of(),
                        "{dir}/d.json: dataset is an empty array; it needs at least one record"),
                row("dataset array not closed", "{" + SYS + ", \"dataset\": \"d.json\"}", "[{\"a\": 1}", List.of(),
                        "{dir}/d.json: not valid JSON at line 1, column 10: Unexpected end-of-input: expected "
                                + "close marker for Array"),
                row("llm_api without dataset", "{" + LLM + "}", null, List.of(),
                        "{dir}/c.json: missing required field \"dataset\" for benchmark_type \"llm_api\"; "
                                + "see docs/config.md"),
                row("llm record without prompt", "{" + LLM + ", \"dataset\": \"d.json\"}",
                        "[{\"prompt\": \"hi\"}, {\"text\": \"x\"}]", List.of(),
                        "{dir}/d.json: record 1 has no \"prompt\"; every llm_api record needs one, e.g. "
                                + "{\"prompt\": \"Explain TCP slow start.\"}"),
                row("auth_token with a line break (header injection)",
                        "{" + SYS + ", \"auth_token\": \"tok\\r\\nX-Injected: yes\\r\\n\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\"}",
                        null, List.of(), "{dir}/c.json: \"auth_token\" contains a line break (character 4); a secret "
                                + "must be one line, check for a pasted newline"),
                row("auth_token outside ASCII", "{" + SYS + ", \"auth_token\": \"tok\u20acn\"}", null, List.of(),
                        "{dir}/c.json: \"auth_token\" contains a character outside ASCII (at character 4), which "
                                + "cannot be sent in an HTTP header; a secret must be printable ASCII"),
                row("llm_api auth_token with a line break", "{" + LLM + ", \"auth_token\": \"sk-1\\nx\", "
                                + "\"dataset\": \"d.json\"}", "[{\"prompt\": \"hi\"}]", List.of(),
                        "{dir}/c.json: \"auth_token\" contains a line break (character 5); a secret must be one "
                                + "line, check for a pasted newline"),
                row("secret header value with a control character", "{" + SYS + ", \"headers\": {\"X-Api-Key\": "
                                + "\"k\\u0007ey\"}}", null, List.of(),
                        "{dir}/c.json: \"headers\" value of secret header \"X-Api-Key\" contains a control character "
                                + "(code 7 at character 2); a secret must be printable ASCII"),
                row("secret_headers not an array", "{" + SYS + ", \"secret_headers\": \"X-Signature\"}", null,
                        List.of(), "{dir}/c.json: \"secret_headers\" must be an array of names such as "
                                + "[\"X-Signature\"] (a value that is not an array would leave those values "
                                + "unprotected), got a string \"X-Signature\""),
                row("secret_headers with a number", "{" + SYS + ", \"secret_headers\": [1]}", null, List.of(),
                        "{dir}/c.json: \"secret_headers\" must be an array of names such as [\"X-Signature\"] (a "
                                + "value that is not an array would leave those values unprotected), got an element "
                                + "a number 1"),
                row("secret_query_params not an array", "{" + SYS + ", \"secret_query_params\": \"session\"}",
                        null, List.of(), "{dir}/c.json: \"secret_query_params\" must be an array of names such as "
                                + "[\"session\"] (a value that is not an array would leave those values "
                                + "unprotected), got a string \"session\""),
                row("endpoint with a password (never printed)", "{\"benchmark_type\": \"system_api\", "
                                + "\"endpoint\": \"http://bob:hunter2@127.0.0.1:9/x?api_key=k-9\"}", null, List.of(),
                        "{dir}/c.json: \"endpoint\" (\"http://bob:***@127.0.0.1:9/x?api_key=***\") contains "
                                + "credentials (user:password@), which are not supported; use \"auth_token\" or "
                                + "\"headers\" instead"),
                row("llm base_url with a password (never printed)", "{\"benchmark_type\": \"llm_api\", "
                                + "\"provider\": \"openai_compatible\", \"base_url\": \"http://bob:hunter2@127.0.0.1:9/v1\", "
                                + "\"model\": \"m\", \"dataset\": \"d.json\"}", "[{\"prompt\": \"hi\"}]", List.of(),
                        "{dir}/c.json: \"base_url\" must not carry credentials (user:password@); use the provider's "
                                + "API key environment variable or \"auth_token\""),
                row("--out is a file", "{" + SYS + "}", null, List.of("--out", "{dir}/c.json"),
                        "{dir}/c.json: {dir}/c.json is a file, not a directory; choose a directory for the "
                                + "results"),
                row("a file on the --out path", "{" + SYS + "}", null, List.of("--out", "{dir}/c.json/results"),
                        "{dir}/c.json/results: {dir}/c.json is a file, not a directory; choose a directory for "
                                + "the results"),
                row("--shard index not below the count", "{" + SYS + "}", null, List.of("--shard", "3/3"),
                        "--shard: the shard index (3) must be from 0 to 2 for 3 shards (shards are numbered from 0)"),
                row("--shard not I/N", "{" + SYS + "}", null, List.of("--shard", "2"),
                        "--shard: \"2\" is not a shard: write INDEX/COUNT, e.g. 0/3 for the first of three shards"),
                row("--shard and --shard-count", "{" + SYS + "}", null, List.of("--shard", "0/2", "--shard-count",
                        "2"), "give either --shard I/N or --shard-count N (with the index from JOB_COMPLETION_INDEX), "
                                + "not both"),
                row("--start-at not RFC 3339", "{" + SYS + "}", null, List.of("--start-at", "tomorrow"),
                        "--start-at \"tomorrow\" is not an RFC 3339 time; write e.g. 2026-12-06T10:00:00Z (UTC) or "
                                + "2026-12-06T11:00:00+01:00"),
                row("--barrier-timeout below 1 s", "{" + SYS + "}", null, List.of("--barrier-timeout", "0"),
                        "--barrier-timeout (0) must be at least 1 second"),
                row("shards without a shared run id", "{" + SYS + "}", null, List.of("--shard", "1/2"),
                        "--shard 1/2: the shards of one run share its id: set \"benchmark_run_id\" in the config (or "
                                + "--set benchmark_run_id=...), or give --start-at, from which it is derived"),
                row("fewer records than shards", "{" + SYS + ", \"benchmark_run_id\": \"r\", \"dataset\": "
                                + "\"d.json\"}", "[{\"a\": 1}, {\"a\": 2}]", List.of("--shard", "2/3"),
                        "{dir}/d.json: 2 records cannot be split over 3 shards: shard 2/3 gets none (shard i sends "
                                + "the records whose index % 3 == i); give the dataset at least 3 records, or run "
                                + "fewer shards"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageMistakes")
    void usage_mistakes_exit_2_with_the_problem_and_where_the_usage_is_not_the_whole_usage(String name,
                                                                                          List<String> args,
                                                                                          String first,
                                                                                          String last) {
        // given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // when
        int code = BenchCli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

        // then
        List<String> lines = err.toString().lines().toList();
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(lines.getFirst()).isEqualTo(first);
        assertThat(lines.getLast()).isEqualTo(last);
        assertThat(lines.size()).isLessThanOrEqualTo(4);
    }

    static Stream<Arguments> usageMistakes() {
        return Stream.of(
                Arguments.of("missing --config", List.of("run"), "bench: Missing required option: '--config=FILE'",
                        "Run 'bench run --help' for usage."),
                Arguments.of("mistyped option", List.of("run", "--config", "c.json", "--ot", "x"),
                        "bench: Unknown options: '--ot', 'x'", "Run 'bench run --help' for usage."),
                Arguments.of("mistyped command", List.of("rn"), "bench: Unmatched argument at index 0: 'rn'",
                        "Run 'bench --help' for usage."),
                Arguments.of("single-dash long option", List.of("run", "-config", "c.json"),
                        "bench: Unmatched argument at index 2: 'c.json'", "Run 'bench run --help' for usage."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suggestions")
    void a_mistyped_command_or_option_gets_a_suggestion(String name, List<String> args, String suggestion) {
        // given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // when
        int code = BenchCli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).contains(suggestion);
    }

    static Stream<Arguments> suggestions() {
        return Stream.of(
                Arguments.of("command", List.of("rn"), "Did you mean 'bench run'?"),
                Arguments.of("single dash", List.of("run", "-config", "c.json"),
                        "Did you mean '--config'? Long options take two dashes."),
                Arguments.of("option", List.of("run", "--config", "c.json", "--ot", "x"), "Did you mean '--out'?"));
    }

    private static Arguments row(String name, String config, String dataset, List<String> args, String message) {
        return Arguments.of(name, config, dataset, args, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void bad_input_exits_2_with_one_line_and_no_stack_trace(String name, String config, String dataset,
                                                             List<String> extra, String message) throws Exception {
        // given
        Path configFile = dir.resolve("c.json");
        if (config != null) {
            Files.writeString(configFile, config);
        }
        if (dataset != null) {
            Files.writeString(dir.resolve("d.json"), dataset);
        }
        List<String> args = new ArrayList<>(List.of("run", "--config", configFile.toString()));
        if (!extra.contains("--out")) {
            args.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        extra.forEach(a -> args.add(a.replace("{dir}", dir.toString())));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // when
        int code = BenchCli.execute(args.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true));

        // then
        assertThat(code).as(name + ": " + err).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).as(name).hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        if (message != null) {
            assertThat(err.toString().strip()).isEqualTo("bench: " + message.replace("{dir}", dir.toString()));
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
