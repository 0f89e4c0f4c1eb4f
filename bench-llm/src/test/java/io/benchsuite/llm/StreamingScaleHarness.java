package io.benchsuite.llm;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.Stats;
import io.benchsuite.demo.FakeLlmServer;
import io.benchsuite.demo.FakeLlmServer.StreamTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Not a test: measures what the LLM targets add at a given number of concurrent streams, against the in-process
 * {@link FakeLlmServer} (TTFT 200 ms, 20 ms per token, 20 tokens), comparing our medians with the server's own
 * record of what it sent. Usage (see docs/llm.md):
 * {@code java -cp <test class path> io.benchsuite.llm.StreamingScaleHarness <provider> <streams> <rounds>}.
 */
final class StreamingScaleHarness {

    private StreamingScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        String provider = args.length > 0 ? args[0] : "anthropic";
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(200, 20, 20))) {
            var factory = new LlmTargetFactory(name -> null);
            var config = LlmRun.config(provider, server.baseUrl(), streams, Map.of("auth_token", "sk-harness"));
            for (int round = 0; round < rounds; round++) {
                var run = LlmRun.run(factory, config,
                        LoadPlan.constant(streams, Duration.ofSeconds(60)).withTotalRequests(3L * streams),
                        LlmRun.prompts("hello there"), Duration.ofSeconds(60), server);
                Stats s = run.result().overall();
                List<StreamTiming> sent = server.streamTimings();
                System.out.printf("%s streams=%d round=%d | server: ttft p50 %.1f ms, tpot p50 %.2f ms, max open %d"
                                + " | ours: ttft p50 %.1f p99 %.1f, tpot p50 %.2f, itl p50 %.2f p99 %.1f ms, failures %d%n",
                        provider, streams, round,
                        LlmRun.median(sent.stream().mapToDouble(StreamTiming::ttftMillis)),
                        LlmRun.median(sent.stream().mapToDouble(StreamTiming::tpotMillis)), server.maxConcurrentStreams(),
                        s.ttftMs().p50(), s.ttftMs().p99(), s.tpotMs().p50(), s.itlMs().p50(), s.itlMs().p99(),
                        s.failures());
            }
        }
    }
}
