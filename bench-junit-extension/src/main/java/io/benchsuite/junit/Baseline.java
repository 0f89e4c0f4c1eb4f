package io.benchsuite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compares a {@link LoadTest} with its baseline, an earlier run of the same load: the test fails when it
 * <em>significantly</em> regressed, and passes with a note when the data cannot decide.
 *
 * <pre>{@code
 * @LoadTest(maxLoad = 4, enableRamping = false, durationSeconds = 20)
 * @Baseline
 * @Threshold("p99 regression < 20%")
 * void placeOrder(DatasetRecord record) throws Exception { ... }
 * }</pre>
 *
 * <h2>The verdict</h2>
 * After the load, each metric (p50, p90, p99, mean, throughput, success rate; TTFT, TPOT and output tokens/s of LLM
 * runs) is compared with the baseline's: its change, with a 95 % confidence interval from a bootstrap of blocks of
 * time of both runs' request logs ({@code docs/metrics.md}, "Compare"). A metric
 * <ul>
 *   <li>{@code regressed} when the whole interval lies beyond its threshold (worse by more than it, beyond the
 *       noise): <b>the test fails</b>, with the verdict table of every metric;</li>
 *   <li>{@code inconclusive} when the interval straddles the threshold: the test passes, with a note saying how
 *       much more data would decide (a longer run, {@code repeat});</li>
 *   <li>{@code unchanged} when the whole interval lies within ± the threshold, {@code improved} when beyond it on the
 *       good side.</li>
 * </ul>
 * The run's verdict is {@code regressed} when any metric regressed, else {@code improved}, {@code unchanged} or
 * {@code inconclusive}. Every verdict is published as a report entry ({@value #REPORT_ENTRY_KEY}) and a line on
 * standard output, and stored in {@code result.json} ({@code "comparison"}).
 *
 * <h2>Thresholds</h2>
 * The minimum effect that counts is {@code 5 %} for every metric and {@code 1} percentage point for the success rate,
 * unless {@link Threshold}s on the change say otherwise (parsed like every threshold):
 * <table>
 *   <caption>Thresholds on the change</caption>
 *   <tr><th>threshold</th><th>means</th></tr>
 *   <tr><td>{@code regression < 5%}</td><td>every metric but the success rate: 5 %</td></tr>
 *   <tr><td>{@code p99 regression < 20%}</td><td>p99: 20 % (also p50, p90, mean, throughput, ttft.p50, ttft.p99,
 *       tpot.p50, tpot.p99, output_tokens_per_second)</td></tr>
 *   <tr><td>{@code success_rate regression < 0.5pt}</td><td>the success rate: half a percentage point</td></tr>
 * </table>
 * In the config form, the file's {@code regression_threshold} (percent) sets the default. A threshold on the change
 * without {@code @Baseline} is a configuration error.
 *
 * <h2>Where the baseline comes from</h2>
 * The baseline of benchmark {@link #value()} (default: this load test's name, {@code Class#method} or
 * {@code @LoadTest(name)}) in the test's organisation:
 * <ol>
 *   <li>with MongoDB ({@value LoadTest#MONGODB_URI_PROPERTY} or {@code MONGODB_URI}): the baseline marked with
 *       {@code bench baseline set RUN} (its runs read back with their request documents), else the newest completed
 *       run of that name stored there (the previous run);</li>
 *   <li>else, or when MongoDB has none, the directory {@value #BASELINE_DIR_PROPERTY} (default: the
 *       {@value LoadTest#OUTPUT_DIR_PROPERTY}, so that the previous run on this machine is the baseline):
 *       {@code <dir>/<ClassSimpleName>/<method>/} (for an explicit {@link #value()}: {@code <dir>/<value>/}) holding a
 *       {@code result.json} (with its {@code requests.jsonl.gz}, kept in the repository), or run directories, of
 *       which the newest completed one is taken (a restored {@code target/benchsuite} of the previous CI run).</li>
 * </ol>
 * No baseline (the first run): the test passes with a note. A baseline result without its request log is compared
 * from its latency histograms, with a note that the intervals are then too narrow.
 *
 * <h2>CI</h2>
 * When the environment variable {@code GITHUB_STEP_SUMMARY} names a file (GitHub Actions; or the parameter
 * {@value #STEP_SUMMARY_PROPERTY}), each load test appends its short markdown table to it: the verdict, p50, p99,
 * throughput and success rate with their changes and intervals. Recipes for GitHub Actions and Jenkins:
 * {@code docs/junit.md}.
 *
 * @see LoadTest
 * @see Threshold
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Baseline {

    /** Where baselines are looked for without MongoDB; default the {@value LoadTest#OUTPUT_DIR_PROPERTY}. */
    String BASELINE_DIR_PROPERTY = "benchsuite.baselineDir";
    /** A file to append each load test's markdown summary to; default the environment's {@code GITHUB_STEP_SUMMARY}. */
    String STEP_SUMMARY_PROPERTY = "benchsuite.stepSummary";
    /** The key of the report entry with the comparison's verdict. */
    String REPORT_ENTRY_KEY = "benchsuite.baseline";

    /**
     * The benchmark whose baseline to compare with (default: this load test's name, {@code Class#method}); its
     * directory under {@value #BASELINE_DIR_PROPERTY} without MongoDB.
     */
    String value() default "";
}
