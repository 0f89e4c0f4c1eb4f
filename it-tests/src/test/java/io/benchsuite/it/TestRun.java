package io.benchsuite.it;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.runner.BenchRun;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A configured run through the pipeline, files only (no database), as the it-tests drive it. */
public final class TestRun {

    private final RunSettings settings;

    private TestRun(RunSettings settings) {
        this.settings = settings;
    }

    /** Checks {@code config} as {@code bench run} does. */
    public static TestRun prepare(BenchConfig config) {
        return new TestRun(RunSettings.of(config));
    }

    public RunSettings settings() {
        return settings;
    }

    /** Runs every stage into {@code out/<run_id>/}. */
    public BenchRun.Outcome execute(Path out, Consumer<Progress> progress, RunControl control) {
        try (BenchRun run = BenchRun.prepare(settings, out, ResultsDatabase::none)) {
            return run.run(control, progress);
        }
    }
}
