package io.benchsuite.junit;

import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.engine.dataset.JsonPathSelector;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * The target of a method-as-request {@link LoadTest}: the test method, called once per request. Not found by
 * ServiceLoader: the extension passes it to the run for the method it intercepts. Reads {@code json_path}
 * ({@link LoadTest#jsonPath()}) besides the common keys.
 */
final class MethodTargetFactory implements TargetFactory {

    /** {@code benchmark_type} of method-as-request runs in {@code result.json}. */
    static final String BENCHMARK_TYPE = "java_method";

    private final Method method;
    private final Object instance;
    private final Object[] arguments;
    private final String description;
    /** Records in which {@code json_path} selected nothing, used whole (set by {@link #records}). */
    private long wholeRecords;

    MethodTargetFactory(Method method, Object instance, Object[] arguments) {
        this.method = method;
        this.instance = instance;
        this.arguments = arguments.clone();
        this.description = method.getDeclaringClass().getName() + "#" + method.getName();
    }

    @Override
    public String benchmarkType() {
        return BENCHMARK_TYPE;
    }

    @Override
    public String kind() {
        return "a method-as-request load test";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("json_path");
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of();
    }

    @Override
    public void validate(BenchConfig config) {
        config.optionalString("json_path").ifPresent(path -> {
            JsonPathSelector.compile(config, "json_path");
            if (!config.has("dataset")) {
                throw config.error("json_path", "(\"" + path + "\") selects a part of each dataset record, but "
                        + "there is no dataset; add dataset = \"records.json\" or remove jsonPath");
            }
        });
    }

    @Override
    public Dataset records(Dataset loaded, BenchConfig config) {
        Dataset.Selection selection = loaded.select(JsonPathSelector.compile(config, "json_path"));
        wholeRecords = selection.wholeRecords();
        return selection.dataset();
    }

    @Override
    public Target create(BenchConfig config) {
        String note = wholeRecords == 0 ? null : "jsonPath \"" + config.optionalString("json_path").orElseThrow()
                + "\" matched nothing in " + wholeRecords + " of the dataset's records, which were passed whole";
        return new MethodTarget(method, instance, arguments, note);
    }

    @Override
    public String describe(BenchConfig config) {
        return description;
    }
}
