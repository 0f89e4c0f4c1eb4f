package io.benchsuite.junit;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.Validity;
import io.benchsuite.result.ThresholdResult;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link LoadTest}'s load, for custom checks: a parameter of the test method with a
 * {@link LoadTest#config() config} (the method runs once, after the load), or of an {@code @AfterEach} method in
 * either form (it runs after the load and the thresholds).
 *
 * <pre>{@code
 * @LoadTest(config = "bench/orders-api.json")
 * void ordersApi(LoadTestResult result) {
 *     assertThat(result).atWorkers(10).latency().p99().isLessThan(Duration.ofMillis(250));
 *     assertThat(result.overall().errors()).doesNotContainKey("http_500");
 * }
 *
 * @AfterEach
 * void keepCapacity(LoadTestResult result) {   // also for method-as-request load tests
 *     assertThat(result).overall().throughput().isAtLeast(500);
 * }
 * }</pre>
 * The statistics are those of {@code result.json} ({@link Stats}, defined in {@code docs/metrics.md}). JUnit
 * resolves the parameter before the load runs; its values are there once the load ended, which is before the method
 * using it is called.
 */
public final class LoadTestResult {

    private volatile RunResult result;
    private volatile Path directory;

    private LoadTestResult() {
    }

    LoadTestResult(RunResult result, Path directory) {
        complete(result, directory);
    }

    /** A result whose load has not run yet: {@link #complete} fills it in. */
    static LoadTestResult pending() {
        return new LoadTestResult();
    }

    /** Fills in the outcome of the load. */
    void complete(RunResult result, Path directory) {
        this.directory = Objects.requireNonNull(directory);
        this.result = Objects.requireNonNull(result);
    }

    /** Whether the load ended and this holds its outcome. */
    boolean completed() {
        return result != null;
    }

    /** The whole result document, as written to {@code result.json}. */
    public RunResult result() {
        RunResult r = result;
        if (r == null) {
            throw new IllegalStateException("the load of this test has not ended yet: a LoadTestResult is filled in "
                    + "when the load ended; use it in the @LoadTest method (config form) or in an @AfterEach method");
        }
        return r;
    }

    /** The directory holding {@code result.json}, {@code requests.jsonl.gz} and {@code report.html}. */
    public Path directory() {
        result();
        return directory;
    }

    public String runId() {
        return result().runId();
    }

    /** {@code completed}, or {@code aborted} when the load was stopped early. */
    public RunResult.Status status() {
        return result().status();
    }

    /** Statistics of the whole run. */
    public Stats overall() {
        return result().overall();
    }

    /** Statistics of each worker level the run reached, lowest first. */
    public List<Stats> buckets() {
        return result().buckets();
    }

    /**
     * Statistics of the requests that started while {@code workers} workers ran.
     *
     * @throws NoSuchElementException when the run never reached that level (the message lists the levels it did)
     */
    public Stats atWorkers(int workers) {
        return findWorkers(workers).orElseThrow(() -> new NoSuchElementException("the run has no bucket for "
                + workers + " workers; it reached " + levels()));
    }

    /** Statistics of the requests at {@code workers} workers, if the run reached that level. */
    public Optional<Stats> findWorkers(int workers) {
        return result().bucket(workers);
    }

    /**
     * Open model: statistics of the requests due at target rate {@code rate} (requests per second, as the table
     * prints it).
     *
     * @throws NoSuchElementException when the run had no such rate level (the message lists those it had)
     */
    public Stats atRate(double rate) {
        return findRate(rate).orElseThrow(() -> new NoSuchElementException("the run has no bucket at " + rate
                + " req/s; its levels were " + levels()));
    }

    /** Open model: statistics of the requests due at target rate {@code rate}, if the run had that level. */
    public Optional<Stats> findRate(double rate) {
        return result().bucketAtRate(rate);
    }

    /** Whether the run was the open model (requests at a rate; buckets by {@link Stats#rate()}). */
    public boolean openModel() {
        return result().openModel();
    }

    /**
     * The validity verdict: whether the run measured its target rather than the limits of the machine that sent
     * the load, with the measures behind it (achieved versus target rate, scheduling lag, the generator's CPU and
     * GC pauses; see docs/metrics.md, "Validity").
     */
    public Validity validity() {
        return result().validity();
    }

    /**
     * What a capacity test ({@code @LoadTest(sweep = true)}) found: the highest load that met every threshold, the
     * interval, the probes (docs/sweep.md).
     *
     * @throws IllegalStateException when this load test was not a sweep
     */
    public io.benchsuite.result.Capacity capacity() {
        io.benchsuite.result.Capacity c = result().capacity();
        if (c == null) {
            throw new IllegalStateException("this load test is no capacity test: add sweep = true to its @LoadTest");
        }
        return c;
    }

    /** Whether the run is valid ({@link #validity()}). */
    public boolean valid() {
        return result().valid();
    }

    /** The evaluated {@link Threshold}s (also those of the config file). */
    public List<ThresholdResult> thresholds() {
        return result().thresholds();
    }

    /** Whether every threshold passed (or there were none). */
    public boolean thresholdsPassed() {
        return result().thresholdsPassed();
    }

    String levels() {
        return result().buckets().stream().map(Stats::levelLabel).toList().toString();
    }

    @Override
    public String toString() {
        RunResult r = result;
        return r == null ? "LoadTestResult[pending]" : "LoadTestResult[" + r.runId() + ", " + directory + "]";
    }
}
