package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs a config's load ({@code run}, {@code sweep}), as a picocli mixin: the
 * config and its overrides, where the results go.
 */
final class LoadOptions {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Benchmark config (JSON).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides a config field, e.g. --set max_load=50 (value parsed as JSON when it can be).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "Also store the results in MongoDB (default: $MONGODB_URI; else mongodb://localhost:27017 "
                    + "if a server answers within 1 s). See docs/storage.md.")
    String mongodbUri;

    /** The config file with the {@code --set} overrides. */
    BenchConfig load() {
        return ConfigLoader.load(config, overrides);
    }
}
