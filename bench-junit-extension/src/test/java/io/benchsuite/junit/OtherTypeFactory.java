package io.benchsuite.junit;

import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import java.util.Set;

/**
 * A second {@code benchmark_type} on the test class path, {@value #TYPE} with its own key {@value #KEY}, so tests
 * can give a {@code benchsuite.set.} parameter meant for another type. No test runs it.
 */
public final class OtherTypeFactory implements TargetFactory {

    static final String TYPE = "other_type";
    static final String KEY = "other_type_only_key";

    @Override
    public String benchmarkType() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(KEY);
    }

    @Override
    public void validate(BenchConfig config) {
    }

    @Override
    public Target create(BenchConfig config) {
        throw new UnsupportedOperationException("only known, never run");
    }

    @Override
    public String describe(BenchConfig config) {
        return TYPE;
    }
}
