package io.benchsuite.store.mongo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Runs a fake target through the real engine and writes the run's files, like {@code bench run} does. */
final class FakeRun {

    /** Succeeds after ~{@code pauseMicros}, except every 7th request, which fails with http_500. */
    static Target target(long pauseMicros) {
        return ex -> {
            LockSupport.parkNanos(pauseMicros * 1000);
            if (ex.seq() % 7 == 3) {
                ex.failure("http_500", 500, "server error");
            } else {
                ex.success(200);
            }
        };
    }

    static RunResult run(Path outDir, String runId, String orgId, long requests, Target target,
                         List<RequestLogSink> sinks) throws Exception {
        return run(outDir, runId, orgId, requests, 4, target, sinks);
    }

    static RunResult run(Path outDir, String runId, String orgId, long requests, int workers, Target target,
                         List<RequestLogSink> sinks) throws Exception {
        RunFiles files = RunFiles.create(outDir, runId);
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("benchmark_type", "custom")
                .put("org_id", orgId).put("max_load", workers);
        try (RequestLogFile log = new RequestLogFile(files.requestLog())) {
            RunSpec.Builder spec = RunSpec.builder(target,
                            new LoadPlan(1, workers, true, Duration.ofSeconds(2), Duration.ofSeconds(60),
                                    Duration.ofSeconds(62), requests))
                    .withRunId(runId)
                    .withOrgId(orgId)
                    .withName("fake " + runId)
                    .withTargetDescription("fake target")
                    .withRedactedConfig(config)
                    .withTimeout(Duration.ofSeconds(5))
                    .withRequestLog(log);
            sinks.forEach(spec::withRequestLog);
            RunResult result = LoadEngine.run(spec.build());
            ResultJson.write(result, files.resultFile());
            return result;
        }
    }

    private FakeRun() {
    }
}
