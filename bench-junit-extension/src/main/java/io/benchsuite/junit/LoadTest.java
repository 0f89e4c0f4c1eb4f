package io.benchsuite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test method as a load test: many concurrent workers, ramped from {@link #minLoad()} to
 * {@link #maxLoad()}, statistics per worker level ("bucket"), result files, and {@link Threshold}s that fail
 * the test.
 *
 * <h2>Two forms</h2>
 * <b>Method as request</b> (no {@link #config()}): the method <em>is</em> one request. The engine calls it
 * over and over from each worker (a thread per worker, see {@link #workerThreads()}, all on the same test instance,
 * so fields the method touches must be thread-safe). A method that returns normally is a successful request; an exception or
 * an {@link AssertionError} is a failed request, never a failed test. Its error class (the key in
 * {@code errors}) is the engine's class for I/O problems ({@code timeout}, {@code connect_error},
 * {@code dns_error}, {@code tls_error}, {@code io_error}), {@code assertion} for any {@link AssertionError},
 * and otherwise the exception's simple class name ({@code IllegalStateException}).
 * <pre>{@code
 * @LoadTest(minLoad = 1, maxLoad = 10, rampSeconds = 120, dataset = "orders.json")
 * @Threshold("p99 < 250ms")
 * @Threshold("success_rate >= 99%")
 * void placeOrder(DatasetRecord record, RequestContext request) throws Exception {
 *     orders.place(record.as(Order.class));
 * }
 * }</pre>
 * Parameters resolved <em>per request</em>: {@link DatasetRecord} (the dataset record of this request, records
 * used in order and cycled) and {@link RequestContext} (sequence number, worker level). Any other parameter
 * (e.g. {@code TestInfo}, {@code @TempDir Path}) is resolved once by JUnit and passed to every request.
 *
 * <p><b>Built-in target</b> ({@link #config()} set): the load is sent by a built-in target described by a
 * configuration file in the {@code bench run} format ({@code benchmark_type} {@code system_api} or
 * {@code llm_api}, see {@code docs/config.md}). The method runs <em>once, after</em> the load, through JUnit's own
 * invocation (so other extensions' interceptors wrap it); it may take a {@link LoadTestResult} parameter for custom
 * checks with {@link LoadTestAssertions}. In either form an {@code @AfterEach} method may take the
 * {@link LoadTestResult} too.
 * <pre>{@code
 * @LoadTest(config = "bench/orders-api.json")
 * @Threshold("p99 < 250ms")
 * void ordersApi(LoadTestResult result) {
 *     assertThat(result).atWorkers(10).latency().p99().isLessThan(Duration.ofMillis(250));
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@code @BeforeEach} and {@code @AfterEach} methods run once around the whole load (not per request); so do
 * other extensions' callbacks. After the load the result files are written (always, also when thresholds
 * fail or the run is aborted), the per-bucket table is printed to standard output, a {@code ReportEntry}
 * ({@value #REPORT_ENTRY_KEY}) with a one-line summary and the result directory is published, and then the
 * thresholds are checked: all violations are listed in one {@code AssertionFailedError}. While the load runs,
 * a progress line goes to standard error every {@value #PROGRESS_INTERVAL_SECONDS} seconds. With {@link Baseline}, the
 * run is also compared with its baseline (an earlier run of the same load) and fails when it significantly regressed;
 * when the environment variable {@code GITHUB_STEP_SUMMARY} is set, each load test appends a short markdown table to
 * that file (see {@link Baseline}).
 * If the test thread is interrupted (e.g. by JUnit's {@code @Timeout}) or the JVM shuts down (one shutdown hook
 * for all the loads of a test run), the load stops, in-flight requests get up to the request timeout to finish, and
 * the result is written with status {@code aborted} and everything measured so far.
 * {@code @LoadTest} is one test with one load: it cannot be combined with {@code @ParameterizedTest},
 * {@code @RepeatedTest} or another test template (a configuration error says so).
 *
 * <h2>Attributes and their defaults</h2>
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>attribute</th><th>config key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #minLoad()}</td><td>{@code min_load}</td><td>1</td><td>workers at the start</td></tr>
 *   <tr><td>{@link #maxLoad()}</td><td>{@code max_load}</td><td>max(minLoad, 10)</td><td>workers at the
 *       top</td></tr>
 *   <tr><td>{@link #rampSeconds()}</td><td>{@code ramp_duration_seconds}</td><td>60</td><td>time from min to
 *       max</td></tr>
 *   <tr><td>{@link #holdSeconds()}</td><td>{@code hold_seconds}</td><td>0</td><td>time at max after the
 *       ramp</td></tr>
 *   <tr><td>{@link #enableRamping()}</td><td>{@code enable_ramping}</td><td>true</td><td>false: maxLoad
 *       workers for durationSeconds</td></tr>
 *   <tr><td>{@link #durationSeconds()}</td><td>{@code duration_seconds}</td><td>rampSeconds</td><td>length
 *       of a run without ramping</td></tr>
 *   <tr><td>{@link #totalRequests()}</td><td>{@code total_requests}</td><td>0 (no cap)</td><td>stop after this
 *       many requests</td></tr>
 *   <tr><td>{@link #timeoutSeconds()}</td><td>{@code timeout}</td><td>30</td><td>per-request timeout</td></tr>
 *   <tr><td>{@link #warmupSeconds()}</td><td>{@code warmup_seconds}</td><td>0</td><td>unmeasured load at
 *       maxLoad before the run</td></tr>
 *   <tr><td>{@link #workerThreads()}</td><td>{@code worker_threads}</td><td>{@code auto}</td><td>platform
 *       threads up to 256 workers, virtual threads above (config form over http: an event loop)</td></tr>
 *   <tr><td>{@link #loadModel()}</td><td>{@code load_model}</td><td>{@code CLOSED}</td><td>{@code OPEN}:
 *       requests at a rate instead of workers</td></tr>
 *   <tr><td>{@link #minRate()}, {@link #maxRate()}</td><td>{@code min_rate}, {@code max_rate}</td><td>maxRate /
 *       rateLevels, required</td><td>open model: requests per second at the first level and the top</td></tr>
 *   <tr><td>{@link #rateLevels()}</td><td>{@code rate_levels}</td><td>10</td><td>open model: levels of the
 *       ramp</td></tr>
 *   <tr><td>{@link #arrival()}, {@link #burstiness()}</td><td>{@code arrival}, {@code burstiness}</td><td>{@code
 *       POISSON}, 1</td><td>open model: how requests are spaced</td></tr>
 *   <tr><td>{@link #maxInFlight()}</td><td>{@code max_in_flight}</td><td>min(1000, maxRate x timeout)</td><td>open
 *       model: requests in flight at most</td></tr>
 *   <tr><td>{@link #seed()}</td><td>{@code seed}</td><td>random, recorded</td><td>open model: repeatable
 *       schedule</td></tr>
 *   <tr><td>{@link #failOnInvalid()}</td><td>{@code fail_on_invalid}</td><td>false</td><td>an invalid run fails
 *       the test</td></tr>
 *   <tr><td>{@link #sweep()}, {@link #sweepMaxSeconds()}</td><td>(none; {@code sweep_resolution} in the config)</td>
 *       <td>false, none</td><td>a capacity test: the highest load meeting the thresholds (docs/sweep.md)</td></tr>
 *   <tr><td>{@link #dataset()}</td><td>{@code dataset}</td><td>none</td><td>JSON array of records</td></tr>
 *   <tr><td>{@link #jsonPath()}</td><td>{@code json_path}</td><td>none</td><td>part of each record to
 *       use</td></tr>
 *   <tr><td>{@link #name()}, {@link #orgId()}, {@link #runId()}</td><td>{@code name}, {@code org_id},
 *       {@code benchmark_run_id}</td><td>{@code Class#method}, {@code default}, generated</td><td>run
 *       naming</td></tr>
 * </table>
 *
 * <h2>Precedence (highest first)</h2>
 * <ol>
 *   <li>JUnit configuration parameters named {@code benchsuite.*} (see the constants below), which JUnit reads
 *       from the launcher request, then JVM system properties ({@code -Dbenchsuite.maxLoad=50}), then
 *       {@code junit-platform.properties};</li>
 *   <li>attributes set on the method's {@code @LoadTest};</li>
 *   <li>attributes set on the class's {@code @LoadTest};</li>
 *   <li>the {@link #config()} file;</li>
 *   <li>the defaults above.</li>
 * </ol>
 * For the {@link #config()} form, any key of the file can be set with {@value #SET_PROPERTY_PREFIX}{@code <key>}
 * (level 1). An attribute counts as set when it differs from its "unset" default ({@code -1} or {@code ""}).
 * {@link #enableRamping()}, {@link #failOnInvalid()} and {@link #abortOnThresholdFailure()} are booleans:
 * {@code enableRamping = false} (on the method or the class) turns ramping off, {@code failOnInvalid = true} and
 * {@code abortOnThresholdFailure = true} (on either) turn theirs on. {@link #seed()} counts as set unless it is
 * {@link Long#MIN_VALUE}; {@link #loadModel()} and {@link #arrival()} unless {@code UNSET}. {@value #TIME_SCALE_PROPERTY} is applied last and multiplies every duration (ramp, hold,
 * duration; not the request timeout), e.g. {@code -Dbenchsuite.timeScale=0.1} for a quick CI run.
 * The MongoDB URI is {@value #MONGODB_URI_PROPERTY}, else the environment variable {@code MONGODB_URI}; the
 * database name {@value #DATABASE_NAME_PROPERTY}, else {@code DATABASE_NAME}, else {@code benchmarking}. With a
 * URI, each run is also stored in MongoDB (run and request documents, as {@code bench run} stores them), which
 * needs the {@code io.benchsuite:bench-store-mongo} module on the test class path (a URI without it is a
 * configuration error naming the module); without a URI, nothing is probed and the results are files only.
 *
 * <h2>Result files</h2>
 * {@code <outputDir>/<ClassSimpleName>/<method>/<run_id>/} ({@code Outer.Inner} for a {@code @Nested} class)
 * holds {@code result.json}, {@code requests.jsonl.gz}
 * and {@code report.html} (the same contract as {@code bench run}); {@code <outputDir>/index.html} lists the
 * runs. {@code outputDir} is {@value #OUTPUT_DIR_PROPERTY}, default {@value #DEFAULT_OUTPUT_DIR}.
 *
 * <h2>Configuration errors</h2>
 * Mistakes fail the test before any load with {@code ExtensionConfigurationException} naming the method and the
 * fix: {@code maxLoad < minLoad}, {@code maxLoad} above 100,000, non-positive durations, a missing dataset, an
 * unknown config key, a malformed {@code @Threshold}, a threshold on the change ({@code p99 regression < 10%})
 * without {@link Baseline}, {@code repeat} in the config (a load test is one load), a {@link DatasetRecord} parameter
 * together with {@link #config()}, a {@link LoadTestResult} parameter of the method without it. The rules are those of a
 * {@code bench run} config (one place, {@code docs/config.md}); a message names the attribute
 * ({@code maxLoad}), the config key ({@code "max_load"}) or the parameter ({@code benchsuite.maxLoad}) the value came
 * from.
 *
 * @see Threshold
 * @see Baseline
 * @see LoadTestResult
 * @see LoadTestAssertions
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(LoadTestExtension.class)
@ResourceLock(LoadTest.RESOURCE_LOCK)
public @interface LoadTest {

    /**
     * The JUnit resource every load test locks: with parallel execution on
     * ({@code junit.jupiter.execution.parallel.enabled}), load tests still run one at a time (other tests may run
     * beside them), because two loads sharing the machine would each measure the other.
     */
    String RESOURCE_LOCK = "io.benchsuite.load";

    /** Overrides {@link #minLoad()}. */
    String MIN_LOAD_PROPERTY = "benchsuite.minLoad";
    /** Overrides {@link #maxLoad()}. */
    String MAX_LOAD_PROPERTY = "benchsuite.maxLoad";
    /** Overrides {@link #rampSeconds()}. */
    String RAMP_SECONDS_PROPERTY = "benchsuite.rampSeconds";
    /** Overrides {@link #holdSeconds()}. */
    String HOLD_SECONDS_PROPERTY = "benchsuite.holdSeconds";
    /** Overrides {@link #enableRamping()} ({@code true} or {@code false}). */
    String ENABLE_RAMPING_PROPERTY = "benchsuite.enableRamping";
    /** Overrides {@link #durationSeconds()}. */
    String DURATION_SECONDS_PROPERTY = "benchsuite.durationSeconds";
    /** Overrides {@link #totalRequests()}. */
    String TOTAL_REQUESTS_PROPERTY = "benchsuite.totalRequests";
    /** Overrides {@link #minRate()}. */
    String MIN_RATE_PROPERTY = "benchsuite.minRate";
    /** Overrides {@link #maxRate()}. */
    String MAX_RATE_PROPERTY = "benchsuite.maxRate";
    /** Overrides {@link #timeoutSeconds()}. */
    String TIMEOUT_SECONDS_PROPERTY = "benchsuite.timeoutSeconds";
    /** Multiplies every duration (ramp, hold, duration), applied last; default 1. */
    String TIME_SCALE_PROPERTY = "benchsuite.timeScale";
    /** Where result files go. */
    String OUTPUT_DIR_PROPERTY = "benchsuite.outputDir";
    /** Default of {@value #OUTPUT_DIR_PROPERTY}, relative to the working directory (Maven: the module). */
    String DEFAULT_OUTPUT_DIR = "target/benchsuite";
    /** MongoDB connection string for storing results; falls back to the environment variable {@code MONGODB_URI}. */
    String MONGODB_URI_PROPERTY = "benchsuite.mongodbUri";
    /** MongoDB database name; falls back to the environment variable {@code DATABASE_NAME}. */
    String DATABASE_NAME_PROPERTY = "benchsuite.databaseName";
    /**
     * Prefix of configuration parameters that set any key of a {@link #config()} file, like
     * {@code bench run --set}: {@code -Dbenchsuite.set.endpoint=http://127.0.0.1:8080/orders}. The value is
     * parsed as JSON when it parses ({@code 5}, {@code true}, {@code {"a":1}}), else taken as a string.
     * Method-as-request load tests have no file, and ignore these parameters.
     *
     * <p>A key the config's {@code benchmark_type} does not know:
     * <ul>
     *   <li>when another {@code benchmark_type} on the class path knows it (e.g. {@code model}, an {@code llm_api}
     *       key, in a build that also has {@code system_api} load tests), it is meant for the load tests of that
     *       type: this one ignores it;</li>
     *   <li>otherwise it is a mistake, and the load test fails before any load with the config's own check, e.g.
     *       {@code benchsuite.set.endpont: unknown key "endpont"; did you mean "endpoint"?}.</li>
     * </ul>
     * JUnit cannot list its configuration parameters, so unknown keys are found in JVM system properties and
     * {@code junit-platform.properties} (when the launcher reads them, as Maven's and Gradle's do); one given only
     * as a launcher parameter (e.g. by {@code EngineTestKit}) is ignored.
     */
    String SET_PROPERTY_PREFIX = "benchsuite.set.";
    /** The key of the JUnit report entry each load test publishes. */
    String REPORT_ENTRY_KEY = "benchsuite";
    /** Seconds between progress lines on standard error. */
    int PROGRESS_INTERVAL_SECONDS = 5;
    /** "Not set" for numeric attributes. */
    int UNSET = -1;

    /** Workers at the start (default 1). */
    int minLoad() default UNSET;

    /** Workers at the top (default {@code max(minLoad, 10)}). */
    int maxLoad() default UNSET;

    /** Seconds from {@code minLoad} to {@code maxLoad} workers (default 60). */
    double rampSeconds() default UNSET;

    /** Seconds at {@code maxLoad} after the ramp (default 0). */
    double holdSeconds() default UNSET;

    /** {@code false}: run {@code maxLoad} workers for {@link #durationSeconds()} without ramping. */
    boolean enableRamping() default true;

    /** Length of a run without ramping, in seconds (default {@link #rampSeconds()}). */
    double durationSeconds() default UNSET;

    /** Stop once this many requests have started (default: no cap). */
    long totalRequests() default UNSET;

    /** Per-request timeout in seconds (default 30): slower requests count as {@code timeout} failures. */
    double timeoutSeconds() default UNSET;

    /**
     * Unmeasured load before the run, in seconds (default 0): {@link #maxLoad()} workers call the method (or
     * send requests) for this long, recorded nowhere, so JIT compilation and connection set-up stay out of the
     * first bucket. Not scaled by {@value #TIME_SCALE_PROPERTY}.
     */
    double warmupSeconds() default UNSET;

    /**
     * What runs each worker: {@code "auto"} (the default: platform threads up to 256 workers, for latency
     * accurate to a few tenths of a millisecond; virtual threads above, so 10,000 workers cost little),
     * {@code "platform"} or {@code "virtual"}. In the config form, {@code "event_loop"} too, for a
     * {@code system_api} or {@code llm_api} config ({@code "auto"} chooses it over {@code http://}): no thread
     * per worker, one loop thread per core sends every worker's requests, as {@code wrk} does. A method always
     * runs on threads.
     * See {@code io.benchsuite.engine.WorkerThreads} and docs/performance.md for the measurements behind the rule.
     */
    String workerThreads() default "";

    /**
     * A JSON array of objects, one per request (used in order, cycled): a file path (relative to the working
     * directory, or to the config file's directory in the config form) or a class path resource.
     */
    String dataset() default "";

    /**
     * A JSONPath applied to each dataset record ({@code $.data}): the method form hands the selected part to
     * {@link DatasetRecord} (the whole record when the path selects nothing); the config form passes it on as
     * {@code json_path}.
     */
    String jsonPath() default "";

    /** A configuration file in the {@code bench run} format: a class path resource or a file path. */
    String config() default "";

    /**
     * Settings for this load test only, {@code "key=value"} like {@code bench run --set key=value} (the value is
     * JSON when it parses as JSON, else a string): any key of the {@link #config()} file, e.g.
     * {@code set = "endpoint=${orders.url}/orders"}, or a common key in either form ({@code "max_load=20"}).
     * {@code ${name}} is replaced by the value of the test class's {@link LoadTestValue @LoadTestValue("name")} field
     * or method, read on the test instance just before the load (so a server started in {@code @BeforeAll} or
     * {@code @BeforeEach} can give its port), else by the configuration parameter {@code name}. Unlike a system
     * property, the value belongs to this test: load tests of other classes, even running in parallel, never see
     * it. A class's {@code set} applies to its methods; a method's wins key by key; configuration parameters
     * ({@value #SET_PROPERTY_PREFIX}{@code <key>}, {@code benchsuite.maxLoad}) win over both.
     */
    String[] set() default {};

    /** The run's name in results and reports (default {@code ClassSimpleName#method}). */
    String name() default "";

    /** The organisation the run is filed under (default {@code default}). */
    String orgId() default "";

    /** A fixed run id (default: generated, {@code yyyyMMdd-HHmmss-xxxx}); a second run with it is refused. */
    String runId() default "";

    /**
     * {@link LoadModel#CLOSED} (the default: workers, each waiting for its answer) or {@link LoadModel#OPEN}
     * (requests at a target rate, {@link #minRate()} to {@link #maxRate()}, whether or not earlier ones answered).
     * The open model takes the rate attributes below instead of {@link #minLoad()} and {@link #maxLoad()}; the ramp
     * ({@link #rampSeconds()}, {@link #holdSeconds()}, {@link #enableRamping()}, {@link #durationSeconds()}) applies
     * to either. In the method form the method is called at the scheduled times, on at most {@link #maxInFlight()}
     * threads.
     */
    LoadModel loadModel() default LoadModel.UNSET;

    /** Open model: requests per second at the first rate level (default {@code maxRate / rateLevels}). */
    double minRate() default UNSET;

    /** Open model: requests per second at the top (required with {@link LoadModel#OPEN}). */
    double maxRate() default UNSET;

    /** Open model: rate levels of the ramp, each a bucket (default 10; 1 without ramping). */
    int rateLevels() default UNSET;

    /** Open model: how requests are spaced (default {@link Arrival#POISSON}). */
    Arrival arrival() default Arrival.UNSET;

    /** Open model, {@link Arrival#GAMMA}: the gamma shape (1 is Poisson, below 1 burstier; default 1). */
    double burstiness() default UNSET;

    /**
     * Open model: requests in flight at most (default {@code min(1000, ceil(maxRate x timeout))}). A request due
     * while that many are in flight waits for the next to end, its wait counted in its latency; it is never
     * dropped, and waiting requests are sent one per ended request, never as a burst.
     */
    int maxInFlight() default UNSET;

    /**
     * Open model: the random schedule's seed, for a repeatable schedule (default: drawn at random and recorded in
     * {@code result.json}'s {@code config.seed}). Any value but {@link Long#MIN_VALUE}, which means "not set".
     */
    long seed() default Long.MIN_VALUE;

    /**
     * Fail the test when the run is invalid ({@code validity.valid} false in {@code result.json}, e.g. an open
     * model that achieved less than 95 % of its rate, or a generator above 90 % CPU): its numbers measure the
     * machine that sent the load, not only the target. Default false: an invalid run only prints a warning.
     */
    boolean failOnInvalid() default false;

    /**
     * A capacity test: instead of a ramp, search the highest load that meets every threshold (the SLO), as
     * {@code bench sweep} does (docs/sweep.md): probes of {@link #durationSeconds()} (default 20 s) at one load each,
     * {@code minRate..maxRate} in the open model or {@code minLoad..maxLoad} workers, narrowed to the config's
     * {@code sweep_resolution} (default 5 %). The test fails when no load in the range meets the SLO; assert the
     * answer with {@code assertThat(result).capacity().isAtLeast(150)}. A sweep needs thresholds, and has no
     * {@link Baseline}.
     */
    boolean sweep() default false;

    /** A capacity test's time budget in seconds ({@code bench sweep --max-seconds}); default: none. */
    double sweepMaxSeconds() default UNSET;

    /**
     * Stop the load as soon as a threshold is certainly lost: a {@code max} latency threshold once a
     * one-second interval's p99 exceeds it, or an overall {@code success_rate}/{@code error_rate} threshold
     * once at least 100 requests ran and the failures so far violate it (with {@link #totalRequests()}: once
     * the failures exceed what the whole run may have). The result is written with status {@code aborted}.
     */
    boolean abortOnThresholdFailure() default false;
}
