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

    @Option(names = "--median-ms", paramLabel = "MS", defaultValue = "20",
            description = "With --serve: the median delay of the demo API in ms (default: ${DEFAULT-VALUE}); a slower "
                    + "or faster server, e.g. to see a comparison detect the change.")
    double medianMs;

    @Option(names = "--llm", description = "Benchmark a local streaming LLM server (TTFT, TPOT, ITL, tokens/s) "
            + "instead of an HTTP API.")
    boolean llm;

    @Option(names = "--sweep", description = "Find the capacity of a local API with 4 service slots of 20 ms (200 "
            + "req/s at most) under the SLO p99 < 100ms, with bench sweep (about a minute; see docs/sweep.md).")
    boolean sweep;

    @Option(names = "--slots", paramLabel = "N", description = "With --serve: serve on N service slots of "
            + "--service-ms each, first in first out (a server of limited capacity, for bench sweep); default: "
            + "unlimited, a log-normal delay of median 20 ms.")
    Integer slots;

    @Option(names = "--service-ms", paramLabel = "MS", defaultValue = "20",
            description = "With --slots: the service time of a request (default: ${DEFAULT-VALUE}).")
    long serviceMillis;

    @Override
    public Integer call() throws IOException {
        if (seconds <= 0 || maxLoad < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be > 0 and --max-load >= 1");
        }
        if (slots != null && (slots < 1 || serviceMillis < 1 || servePort == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--slots N (N >= 1) and --service-ms MS (MS >= 1) go with --serve PORT");
        }
        if (llm) {
            return llmDemo();
        }
        if (sweep) {
            return sweepDemo();
        }
        if (servePort != null) {
            return serve(servePort);
        }
        if (medianMs != DemoApiServer.MEDIAN_MILLIS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--median-ms needs --serve PORT");
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
        if (!(medianMs > 0 && medianMs <= 60_000)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--median-ms must be > 0 and at most "
                    + "60000");
        }
        DemoApiServer server;
        try {
            server = slots != null ? DemoApiServer.start(port, slots, serviceMillis)
                    : DemoApiServer.start(port, medianMs);
        } catch (IOException | RuntimeException e) {
            throw new io.benchsuite.engine.config.ConfigException("--serve " + port + ": cannot listen on 127.0.0.1:"
                    + port + " (" + e.getMessage() + "); choose another port");
        }
        spec.commandLine().getErr().println("bench demo: serving POST " + server.baseUrl() + "/api/orders ("
                + (slots != null ? slots + " service slots of " + serviceMillis + " ms, at most "
                + Math.round(slots * 1000.0 / serviceMillis) + " req/s"
                : "log-normal delay, median " + BenchConfig.formatNumber(medianMs) + " ms") + "); Ctrl-C to stop");
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

    /** A sweep of a local API of known capacity: 4 slots of 20 ms, 200 req/s; the answer should be close below. */
    private int sweepDemo() throws IOException {
        try (DemoApiServer server = DemoApiServer.start(0, 4, 20)) {
            ObjectNode cfg = JsonNodeFactory.instance.objectNode();
            cfg.put("benchmark_type", "system_api");
            cfg.put("name", "demo: capacity of a local API with 4 slots of 20 ms (200 req/s at most)");
            cfg.put("org_id", "demo");
            cfg.put("benchmark_run_id", "demo-sweep-" + BenchConfig.generateRunId());
            cfg.put("endpoint", server.baseUrl() + DemoApiServer.ORDERS_PATH);
            cfg.put("load_model", "open");
            cfg.put("min_rate", 20);
            cfg.put("max_rate", 400);
            cfg.put("duration_seconds", 8);
            cfg.put("sweep_resolution", 0.05);
            cfg.putArray("thresholds").add("p99 < 100ms").add("success_rate >= 99%");
            cfg.put("timeout", 10);
            spec.commandLine().getErr().println("bench demo --sweep: local API on " + server.baseUrl()
                    + "/api/orders (4 service slots of 20 ms: at most 200 req/s)");
            return SweepCommand.execute(spec, BenchConfig.of("demo", null, cfg), out, null, null);
        }
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
