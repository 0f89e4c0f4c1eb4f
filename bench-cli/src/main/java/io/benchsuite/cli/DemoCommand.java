package io.benchsuite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.demo.DemoApiServer;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.demo.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench demo}: starts a local HTTP API in-process ({@link DemoApiServer} on 127.0.0.1, a log-normal
 * delay with a 20 ms median) and ramps 1 → 10 workers against it for 20 s. With {@code --llm}, a local streaming LLM
 * server instead (OpenAI-compatible, a reasoning model: TTFT 150 ms, 20 ms per token, 10 reasoning tokens then 40
 * answer tokens, 32 cached prompt tokens; a rate limit of 50 requests per 10 s with its headers and 429s; a
 * {@code /metrics} endpoint scraped into the timeline; made-up prices for the cost). Needs nothing else.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a ~20 s ramp against a local in-process API: no setup, no network.",
                "Prints the per-bucket table and where the results are."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of the ramp (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--max-load", defaultValue = "10", description = "Workers at the top (default: ${DEFAULT-VALUE}).")
    int maxLoad;

    @Option(names = "--serve", paramLabel = "PORT",
            description = "Only serve the demo API on 127.0.0.1:PORT until Ctrl-C (the target of "
                    + "examples/test_ramping_config.json, which uses port 8080).")
    Integer servePort;

    @Option(names = "--llm", description = "Benchmark a local streaming LLM server (TTFT, TPOT, ITL, tokens/s) "
            + "instead of an HTTP API.")
    boolean llm;

    @Override
    public Integer call() throws IOException {
        if (seconds <= 0 || maxLoad < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be > 0 and --max-load >= 1");
        }
        if (llm) {
            return llmDemo();
        }
        if (servePort != null) {
            return serve(servePort);
        }
        try (DemoApiServer server = DemoApiServer.start(0)) {
            ArrayNode records = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < 50; i++) {
                ObjectNode r = records.addObject();
                r.put("id", i);
                ObjectNode data = r.putObject("data");
                data.put("order_id", "demo-" + i);
                data.put("quantity", 1 + i % 5);
                data.put("sku", "SKU-" + (1000 + i * 7));
            }
            ObjectNode cfg = demoConfig("system_api", "demo: local orders API (20 ms median)", "demo-", records, 10);
            cfg.put("endpoint", server.baseUrl() + DemoApiServer.ORDERS_PATH);
            cfg.put("json_path", "$.data");
            cfg.put("warmup_seconds", 2);
            spec.commandLine().getErr().println("bench demo: local API on " + server.baseUrl()
                    + "/api/orders (log-normal delay, median 20 ms)");
            return RunCommand.execute(spec, BenchConfig.of("demo", null, cfg), out);
        }
    }

    private int serve(int port) {
        if (port < 1 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--serve PORT must be 1..65535");
        }
        DemoApiServer server;
        try {
            server = DemoApiServer.start(port);
        } catch (IOException | RuntimeException e) {
            throw new io.benchsuite.engine.config.ConfigException("--serve " + port + ": cannot listen on 127.0.0.1:"
                    + port + " (" + e.getMessage() + "); choose another port");
        }
        spec.commandLine().getErr().println("bench demo: serving POST " + server.baseUrl()
                + "/api/orders (log-normal delay, median 20 ms); Ctrl-C to stop");
        // the server accepts connections now: one line on stdout that scripts can wait for
        spec.commandLine().getOut().println("ready on " + server.baseUrl());
        spec.commandLine().getOut().flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
        return BenchCli.OK;
    }

    private int llmDemo() throws IOException {
        FakeLlmServer.Timing timing = FakeLlmServer.Timing.realistic().withReasoning(10).withCachedTokens(32);
        try (FakeLlmServer server = FakeLlmServer.start(timing).rateLimit(50, 0, Duration.ofSeconds(10))) {
            ArrayNode records = JsonNodeFactory.instance.arrayNode();
            String[] topics = {"the CAP theorem", "virtual threads", "HdrHistogram", "Little's law", "p99 latency"};
            for (String topic : topics) {
                records.addObject().put("prompt", "Explain " + topic + " in two sentences.");
            }
            ObjectNode cfg = demoConfig("llm_api", "demo: local streaming reasoning LLM (TTFT 150 ms, 20 ms/token, "
                    + "10 reasoning + 40 answer tokens)", "demo-llm-", records, 30);
            cfg.put("provider", "openai_compatible");
            cfg.put("base_url", server.baseUrl());
            cfg.put("model", "demo-model");
            cfg.put("max_tokens", 50);
            cfg.put("server_metrics_url", server.metricsUrl());
            cfg.putObject("pricing").put("input_per_million", 0.15).put("output_per_million", 0.60)
                    .put("cached_input_per_million", 0.075);
            spec.commandLine().getErr().println("bench demo --llm: local streaming LLM on " + server.baseUrl()
                    + " (TTFT 150 ms, 20 ms per token, 10 reasoning + 40 answer tokens; at most 50 requests per 10 s, "
                    + "then 429; metrics at " + server.metricsUrl() + "; made-up prices $0.15/$0.60 per million "
                    + "input/output tokens)");
            return RunCommand.execute(spec, BenchConfig.of("demo", null, cfg), out);
        }
    }

    /** What both demos share: a ramp 1 → --max-load over --seconds, reading {@code records} from a temp file. */
    private ObjectNode demoConfig(String type, String name, String runIdPrefix, ArrayNode records, int timeoutSeconds)
            throws IOException {
        Path dataset = Files.createTempFile("bench-demo-dataset", ".json");
        dataset.toFile().deleteOnExit();
        Files.writeString(dataset, records.toPrettyString());
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("benchmark_type", type);
        cfg.put("name", name);
        cfg.put("org_id", "demo");
        cfg.put("benchmark_run_id", runIdPrefix + BenchConfig.generateRunId());
        cfg.put("min_load", 1);
        cfg.put("max_load", maxLoad);
        cfg.put("enable_ramping", true);
        cfg.put("ramp_duration_seconds", seconds);
        cfg.put("timeout", timeoutSeconds);
        cfg.put("dataset", dataset.toString());
        return cfg;
    }
}
