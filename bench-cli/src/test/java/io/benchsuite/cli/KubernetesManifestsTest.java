package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.runner.ShardRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/kubernetes and deploy/docker, checked without a cluster or a container engine (none runs where the build
 * runs): the manifests parse, the shards' Indexed Job gives every pod its own shard through the environment
 * Kubernetes sets, the Job's arguments parse as {@code bench} parses them, and the merge reads what the shards
 * wrote.
 */
class KubernetesManifestsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static JsonNode manifest(String file) throws Exception {
        List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(
                DEPLOY.resolve("kubernetes").resolve(file).toFile()).readAll();
        assertThat(docs).as(file).hasSize(1);
        return docs.getFirst();
    }

    private static JsonNode container(JsonNode job) {
        JsonNode containers = job.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    /** The container's literal environment ({@code value}, not {@code valueFrom}). */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.get("name").asText(), e.get("value").asText());
            }
        });
        return env;
    }

    /** The container's arguments with {@code $(VAR)} expanded from {@code env}, as the kubelet does. */
    private static String[] args(JsonNode container, Map<String, String> env) {
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> {
            Matcher m = VAR.matcher(a.asText());
            args.add(m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), r.group()))));
        });
        return args.toArray(String[]::new);
    }

    private static Object parse(String[] args) {
        CommandLine.ParseResult parsed = new CommandLine(new BenchCli()).parseArgs(args);
        return parsed.subcommand().commandSpec().userObject();
    }

    private static BenchConfig config() throws Exception {
        JsonNode map = manifest("configmap.yaml");
        return BenchConfig.of("configmap bench-config", null, ConfigLoader.parseObject("config.json",
                map.at("/data/config.json").asText()));
    }

    @Test
    void every_manifest_parses_and_the_config_map_holds_a_valid_config_and_enough_records() throws Exception {
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("configmap.yaml",
                    "results-pvc.yaml", "shards-job.yaml", "merge-job.yaml", "shards-job-mongodb.yaml",
                    "merge-job-mongodb.yaml");
        }
        JsonNode map = manifest("configmap.yaml");
        BenchConfig config = config();
        RunSettings settings = RunSettings.of(config);
        assertThat(settings.identity().runId()).isEqualTo("orders-distributed-001");
        String dataset = config.json().get("dataset").asText();
        JsonNode records = new ObjectMapper().readTree(map.at("/data").get(dataset).asText());
        int shards = manifest("shards-job.yaml").at("/spec/completions").asInt();
        assertThat(records.size()).as("records in " + dataset).isGreaterThanOrEqualTo(shards);
        assertThat(manifest("results-pvc.yaml").at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
    }

    @Test
    void every_pod_of_the_indexed_jobs_runs_its_own_shard_and_all_shards_run_at_once() throws Exception {
        for (String file : List.of("shards-job.yaml", "shards-job-mongodb.yaml")) {
            JsonNode job = manifest(file);
            assertThat(job.at("/kind").asText()).isEqualTo("Job");
            assertThat(job.at("/spec/completionMode").asText()).as(file).isEqualTo("Indexed");
            int n = job.at("/spec/completions").asInt();
            assertThat(n).as(file).isGreaterThan(1);
            assertThat(job.at("/spec/parallelism").asInt()).as(file + ": parallelism = completions").isEqualTo(n);
            assertThat(job.at("/spec/backoffLimit").asInt()).as(file + ": a shard is never retried").isZero();
            assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
            JsonNode container = container(job);
            assertThat(container.at("/volumeMounts").findValuesAsText("mountPath")).contains("/config", "/results");
            for (int i = 0; i < n; i++) {
                // what Kubernetes sets in pod i, and the manifest's own variables
                Map<String, String> env = env(container);
                env.put(ShardOptions.INDEX_ENV, Integer.toString(i));
                env.computeIfPresent("START_AT", (k, v) -> "2026-12-06T10:00:00Z"); // what sed puts there
                RunCommand run = (RunCommand) parse(args(container, env));

                ShardRun shard = ShardOptions.resolve(run.shard, run.shardCount, run.startAt,
                        run.barrierTimeoutSeconds, env);

                assertThat(shard.shard()).as(file + ", pod " + i).isEqualTo(new Shard(i, n));
                assertThat(run.load.config).isEqualTo(Path.of("/config/config.json"));
                assertThat(run.load.out).isEqualTo(Path.of("/results"));
                if (file.contains("mongodb")) {
                    assertThat(shard.barrier()).isTrue();
                    assertThat(container.toString()).contains("\"name\":\"MONGODB_URI\"")
                            .contains("\"secretKeyRef\"");
                } else {
                    assertThat(shard.startAt()).contains(Instant.parse("2026-12-06T10:00:00Z"));
                    assertThat(env(container(job))).containsEntry("START_AT", "START_AT_PLACEHOLDER");
                }
            }
            assertThat(job.at("/spec/template/spec/volumes").findValuesAsText("name")).contains("config");
            assertThat(job.toString()).contains("\"configMap\":{\"name\":\"bench-config\"}");
        }
    }

    @Test
    void the_merge_reads_what_the_shards_wrote_for_the_configs_run_id() throws Exception {
        String runId = config().runId().orElseThrow();

        // the shared volume: the shards' --out is the merge's input, on the same claim
        JsonNode merge = manifest("merge-job.yaml");
        MergeCommand files = (MergeCommand) parse(args(container(merge), Map.of()));
        assertThat(files.runId).isEqualTo(runId);
        RunCommand shard = (RunCommand) parse(args(container(manifest("shards-job.yaml")), Map.of()));
        assertThat(files.inputs).containsExactly(shard.load.out);
        assertThat(merge.at("/spec/template/spec/volumes").toString()).isEqualTo(manifest("shards-job.yaml")
                .at("/spec/template/spec/volumes").get(1).toString().transform(v -> "[" + v + "]"));

        // MongoDB: no input files, the run id, the same database
        JsonNode mongo = manifest("merge-job-mongodb.yaml");
        MergeCommand fromDb = (MergeCommand) parse(args(container(mongo), Map.of()));
        assertThat(fromDb.inputs).isEmpty();
        assertThat(fromDb.runId).isEqualTo(runId);
        assertThat(container(mongo).at("/env").toString()).isEqualTo(container(manifest("shards-job-mongodb.yaml"))
                .at("/env").get(1).toString().transform(v -> "[" + v + "]"));
    }

    @Test
    void the_image_is_the_cli_the_build_makes_on_a_java_21_runtime() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:21-jre$")
                .contains("COPY bench-cli/target/bench-cli.jar /opt/bench/bench-cli.jar")
                .contains("COPY bench-cli/target/lib/ /opt/bench/lib/")
                .contains("-jar /opt/bench/bench-cli.jar");
        assertThat(Files.readString(DEPLOY.resolve("docker/Dockerfile.dockerignore")))
                .contains("!bench-cli/target/bench-cli.jar").contains("!bench-cli/target/lib/");
        // the jar the build makes is the one the image copies
        assertThat(Files.readString(DEPLOY.getParent().resolve("bench-cli/pom.xml")))
                .contains("<finalName>bench-cli</finalName>").contains("<classpathPrefix>lib/</classpathPrefix>");
        for (String file : List.of("shards-job.yaml", "merge-job.yaml", "shards-job-mongodb.yaml",
                "merge-job-mongodb.yaml")) {
            assertThat(container(manifest(file)).get("image").asText()).as(file)
                    .isEqualTo("benchsuite/bench:0.1.0-SNAPSHOT");
        }
        assertThat(dockerfile).contains("-t benchsuite/bench:0.1.0-SNAPSHOT");
    }
}
