package io.benchsuite.junit;

/**
 * AssertJ entry point for {@link LoadTestResult}: custom checks on overall and per-bucket statistics, LLM
 * metrics included, with failure messages in AssertJ's style.
 *
 * <pre>{@code
 * import static io.benchsuite.junit.LoadTestAssertions.assertThat;
 *
 * assertThat(result).atWorkers(10).latency().p99().isLessThan(Duration.ofMillis(250));
 * assertThat(result).overall().successRate().isAtLeast(99.0);
 * assertThat(result).overall().ttft().p95().isLessThan(Duration.ofMillis(500));
 * }</pre>
 * A failure reads:
 * <pre>
 * Expecting p99 latency at 10 workers:
 *   412.3 ms
 * to be less than:
 *   250 ms
 * </pre>
 *
 * <p>AssertJ is a {@code provided} dependency of this module: add {@code org.assertj:assertj-core} to your test
 * class path to use this class (the {@link LoadTest} extension itself does not need it).
 */
public final class LoadTestAssertions {

    private LoadTestAssertions() {
    }

    /** Starts assertions on {@code actual}. */
    public static LoadTestResultAssert assertThat(LoadTestResult actual) {
        return new LoadTestResultAssert(actual);
    }
}
