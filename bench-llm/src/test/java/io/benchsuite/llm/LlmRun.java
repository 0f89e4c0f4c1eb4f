package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestBatch;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.demo.FakeLlmServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Test helper: an llm_api config, run through the real engine, with the per-request lines captured. */
final class LlmRun {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int WARM_UP_REQUESTS = 400;

    /** One captured per-request line. */
    record Line(long seq, String error, long ttftNanos, long tpotNanos, long outputTokens, long inputTokens,
                Exchange.TokenSource tokenSource) {
    }

    record Outcome(RunResult result, List<Line> lines) {
    }

    private LlmRun() {
    }

    static BenchConfig config(String provider, String baseUrl, int maxLoad, Map<String, Object> extra) {
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark_type", "llm_api");
        root.put("provider", provider);
        if (baseUrl != null) {
            root.put("base_url", baseUrl);
        }
        root.put("model", "fake-model");
        root.put("max_tokens", 64);
        root.put("min_load", maxLoad);
        root.put("max_load", maxLoad);
        root.put("enable_ramping", false);
        root.set("dataset", JSON.valueToTree("prompts.json"));
        String threads = System.getProperty("benchsuite.test.worker_threads");
        if (threads != null) {
            root.put("worker_threads", threads); // the threads run of the streaming tests (see pom.xml)
        }
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        return BenchConfig.of("test-config.json", null, root);
    }

    static Dataset prompts(String... prompts) {
        List<JsonNode> records = new ArrayList<>();
        for (String p : prompts) {
            records.add(JSON.createObjectNode().put("prompt", p));
        }
        return Dataset.of(records);
    }

    static Outcome run(LlmTargetFactory factory, BenchConfig config, LoadPlan plan, Dataset dataset, Duration timeout,
                       FakeLlmServer server) throws Exception {
        factory.validate(config);
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        RequestLogSink sink = batch -> capture(batch, lines);
        try (Target target = factory.create(config)) {
            // warm-up: unmeasured requests without server delays (JIT of client and server, connections)
            LoadEngine.run(RunSpec.builder(target, LoadPlan.constant(Math.min(8, plan.maxWorkers()),
                            Duration.ofSeconds(30)).withTotalRequests(WARM_UP_REQUESTS))
                    .withStreaming(true).withTimeout(Duration.ofSeconds(30))
                    .withDataset(prompts(FakeLlmServer.FAST_MARKER + " warm-up")).build());
            server.resetStatistics();
            RunSpec spec = RunSpec.builder(target, plan)
                    .withBenchmarkType(factory.benchmarkType())
                    .withTargetDescription(factory.describe(config))
                    .withStreaming(factory.streaming())
                    .withTimeout(timeout)
                    .withDataset(dataset)
                    .withRequestLog(sink)
                    .build();
            RunResult result = LoadEngine.run(spec);
            return new Outcome(result, List.copyOf(lines));
        }
    }

    /** The median of {@code values}. */
    static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static void capture(RequestBatch batch, List<Line> lines) {
        for (int i = 0; i < batch.size(); i++) {
            lines.add(new Line(batch.seq(i), batch.error(i), batch.ttftNanos(i), batch.tpotNanos(i),
                    batch.outputTokens(i), batch.inputTokens(i), batch.tokenSource(i)));
        }
    }
}
