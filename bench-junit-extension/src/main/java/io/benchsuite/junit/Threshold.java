package io.benchsuite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pass/fail criterion of a {@link LoadTest}, checked after the load; every failed threshold is listed in
 * the test's failure message. Repeatable; on the class it applies to every load test of the class (in
 * addition to the method's own).
 *
 * <p>Syntax: {@code [workers=N:] metric op value[unit]}, e.g.
 * <table>
 *   <caption>Examples</caption>
 *   <tr><td>{@code p99 < 250ms}</td><td>99th percentile latency of the whole run (also p50, p75, p90, p95,
 *       p999, mean, min, max; units ms, s, us)</td></tr>
 *   <tr><td>{@code workers=10: p99 < 300ms}</td><td>the same, for requests started while 10 workers
 *       ran</td></tr>
 *   <tr><td>{@code success_rate >= 99%}</td><td>successes / requests (also {@code error_rate})</td></tr>
 *   <tr><td>{@code throughput > 100/s}</td><td>requests per second</td></tr>
 *   <tr><td>{@code ttft.p95 < 500ms}, {@code tpot.p99 < 50ms}, {@code itl.p99 < 80ms},
 *       {@code output_tokens_per_second > 50/s}</td><td>LLM metrics ({@code llm_api} configs)</td></tr>
 * </table>
 * Operators {@code < <= > >=}. The full grammar is {@link io.benchsuite.result.threshold.Threshold}; every
 * metric is defined in {@code docs/metrics.md}. A bucket the run never reached fails its threshold. A malformed
 * expression fails the test as a configuration error before the load starts.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Threshold.List.class)
public @interface Threshold {

    /** The expression, e.g. {@code p99 < 250ms}. */
    String value();

    /** Container of repeated {@link Threshold}s. */
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        Threshold[] value();
    }
}
