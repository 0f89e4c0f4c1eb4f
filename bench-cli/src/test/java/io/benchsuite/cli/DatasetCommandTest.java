package io.benchsuite.cli;

import static io.benchsuite.cli.StoredRuns.bench;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void system_api_records_have_a_nested_data_object_for_json_path() throws Exception {
        // given
        Path file = dir.resolve("large_dataset.json");

        // when
        StoredRuns.Cli cli = bench("dataset", "-n", "1000", "-o", file.toString(), "--seed", "42");

        // then
        assertThat(cli.code()).isZero();
        assertThat(cli.out()).isEqualTo("bench dataset: wrote 1000 system_api records to " + file + " (seed 42)\n");
        JsonNode records = JSON.readTree(file.toFile());
        assertThat(records.isArray()).isTrue();
        assertThat(records).hasSize(1000);
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            assertThat(r.get("id").asLong()).isEqualTo(i + 1);
            JsonNode data = r.get("data");
            assertThat(data.isObject()).isTrue();
            assertThat(data.get("request_id").asText()).isEqualTo(String.format("req-%08d", i + 1));
            assertThat(data.get("items").size()).isBetween(1, 4);
            assertThat(data.get("amount").decimalValue().signum()).isPositive();
        }
        Object extracted = JsonPath.read(records.get(0).toString(), "$.data");
        JsonNode extractedNode = JSON.valueToTree(extracted);
        assertThat(extractedNode).isEqualTo(records.get(0).get("data"));
    }

    @Test
    void llm_records_have_prompts_of_the_chosen_length() throws Exception {
        // given
        Path uniform = dir.resolve("uniform.json");
        Path fixed = dir.resolve("fixed.json");
        Path normal = dir.resolve("normal.json");

        // when
        bench("dataset", "-n", "500", "-o", uniform.toString(), "--type", "llm", "--seed", "7",
                "--prompt-words", "uniform:5:15");
        bench("dataset", "-n", "50", "-o", fixed.toString(), "--type", "llm", "--seed", "7", "--prompt-words",
                "fixed:32");
        bench("dataset", "-n", "2000", "-o", normal.toString(), "--type", "llm", "--seed", "7", "--prompt-words",
                "normal:100:10");

        // then
        List<Integer> lengths = new ArrayList<>();
        for (JsonNode r : JSON.readTree(uniform.toFile())) {
            int words = r.get("prompt").asText().split(" ").length;
            assertThat(words).isEqualTo(r.get("prompt_words").asInt());
            lengths.add(words);
        }
        assertThat(lengths).allMatch(n -> n >= 5 && n <= 15).contains(5, 15);
        for (JsonNode r : JSON.readTree(fixed.toFile())) {
            assertThat(r.get("prompt").asText().split(" ")).hasSize(32);
        }
        double mean = 0;
        JsonNode all = JSON.readTree(normal.toFile());
        for (JsonNode r : all) {
            mean += r.get("prompt_words").asInt();
        }
        assertThat(mean / all.size()).isBetween(98.0, 102.0);
    }

    @Test
    void the_same_seed_gives_the_same_file_and_another_seed_another() throws Exception {
        for (String type : List.of("system_api", "llm")) {
            Path a = dir.resolve(type + "-a.json");
            Path b = dir.resolve(type + "-b.json");
            Path c = dir.resolve(type + "-c.json");
            bench("dataset", "-n", "300", "-o", a.toString(), "--type", type, "--seed", "42");
            bench("dataset", "-n", "300", "-o", b.toString(), "--type", type, "--seed", "42");
            bench("dataset", "-n", "300", "-o", c.toString(), "--type", type, "--seed", "43");
            assertThat(Files.mismatch(a, b)).isEqualTo(-1);
            assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
        }
    }

    @Test
    void a_large_dataset_is_streamed_in_bounded_memory() throws Exception {
        // given: an output that measures the live heap (after a GC) early in the write and again late in it
        Runtime rt = Runtime.getRuntime();
        long[] heap = new long[2];
        long[] bytes = {0};
        long early = 2_000_000;
        long late = 60_000_000;
        OutputStream measuring = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                long before = bytes[0];
                bytes[0] += len;
                if (before < early && bytes[0] >= early) {
                    heap[0] = liveHeap(rt);
                }
                if (before < late && bytes[0] >= late) {
                    heap[1] = liveHeap(rt);
                }
            }
        };

        // when: 200k records, about 70 MB of JSON
        new DatasetCommand.Generator(1, null).write(200_000, measuring);

        // then: the heap did not grow with the records written in between (tolerant: 16 MB)
        assertThat(bytes[0]).isGreaterThan(late);
        assertThat(heap[1] - heap[0]).as("live heap growth while writing ~%d MB", (late - early) / 1_000_000)
                .isLessThan(16_000_000L);
    }

    private static long liveHeap(Runtime rt) {
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void bad_usage_is_one_line_and_exit_2() {
        String out = dir.resolve("x.json").toString();
        String[][] bad = {
                {"dataset", "-n", "-1", "-o", out},
                {"dataset", "-n", "10", "-o", out, "--type", "graphql"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--prompt-words", "uniform:9:3"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--prompt-words", "lognormal:3"},
                {"dataset", "-n", "10", "-o", dir.resolve("missing/x.json").toString()},
                {"dataset", "-n", "10", "-o", out, "--input-tokens", "100"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--input-tokens", "100:10:200:300"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--input-tokens", "many"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--input-tokens", "100", "--prompt-words",
                        "fixed:3"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--ignore-eos"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--input-tokens", "100:10:50:150",
                        "--shared-prefix-tokens", "50"},
                {"dataset", "-n", "10", "-o", out, "--type", "llm", "--input-tokens", "100", "--tokenizer", "llama3"},
        };
        for (String[] args : bad) {
            StoredRuns.Cli cli = bench(args);
            assertThat(cli.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
            assertThat(cli.err()).startsWith("bench dataset: ");
        }
    }

    @Test
    void llm_records_shaped_by_tokens_have_exact_prompt_lengths_max_tokens_ignore_eos_and_a_shared_prefix()
            throws Exception {
        // given
        Path file = dir.resolve("shaped.json");

        // when
        StoredRuns.Cli cli = bench("dataset", "-n", "200", "-o", file.toString(), "--type", "llm", "--seed", "3",
                "--input-tokens", "256:64:128:512", "--output-tokens", "100:20:50:150", "--ignore-eos",
                "--shared-prefix-tokens", "64", "--tokenizer", "cl100k_base");

        // then
        assertThat(cli.code()).as(cli.err()).isZero();
        JsonNode records = JSON.readTree(file.toFile());
        assertThat(records).hasSize(200);
        var encoding = com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE);
        String prefix = records.get(0).get("prompt").asText();
        double sum = 0;
        for (JsonNode r : records) {
            String prompt = r.get("prompt").asText();
            assertThat(encoding.countTokensOrdinary(prompt)).isEqualTo(r.get("prompt_tokens").asInt())
                    .isBetween(128, 512);
            assertThat(r.get("max_tokens").asInt()).isBetween(50, 150);
            assertThat(r.get("ignore_eos").asBoolean()).isTrue();
            int common = 0;
            while (common < Math.min(prefix.length(), prompt.length()) && prefix.charAt(common) == prompt.charAt(common)) {
                common++;
            }
            assertThat(encoding.countTokensOrdinary(prompt.substring(0, common))).isGreaterThanOrEqualTo(64);
            sum += r.get("prompt_tokens").asInt();
        }
        assertThat(sum / records.size()).isBetween(240.0, 272.0);
    }
}
