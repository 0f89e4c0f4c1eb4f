package io.benchsuite.it.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.it.TestRun;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.engine.run.RunControl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Sends a few requests of a config before the measured load, into a throw-away directory, so that class
 * loading, JIT and the server's first-request costs do not land in the first bucket of the measured run.
 */
final class WarmUp {

    private WarmUp() {
    }

    /** Runs {@code resource} (a class path config) with one worker for {@code requests} requests. */
    static void run(String resource, Map<String, String> set, int requests) throws IOException {
        String text;
        try (InputStream in = WarmUp.class.getClassLoader().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode root = ConfigLoader.parseObject(resource, text);
        set.forEach(root::put);
        root.remove("thresholds");
        root.put("min_load", 1);
        root.put("max_load", 1);
        root.put("enable_ramping", false);
        root.put("duration_seconds", 60);
        root.put("total_requests", requests);
        Path configDir = Path.of(WarmUp.class.getClassLoader().getResource(resource).getPath()).getParent();
        Path out = Files.createTempDirectory("benchsuite-warmup");
        TestRun.prepare(BenchConfig.of(resource, configDir, root))
                .execute(out, progress -> { }, new RunControl());
    }
}
