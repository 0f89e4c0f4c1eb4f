package io.benchsuite.junit;

import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one measured time, held in milliseconds and compared with {@link Duration}s:
 * {@code isLessThan(Duration.ofMillis(250))}. Failures read {@code Expecting p99 latency at 10 workers:\n  412.3
 * ms\nto be less than:\n  250 ms}.
 */
public final class DurationValueAssert extends AbstractAssert<DurationValueAssert, Double> {

    private final String what;

    DurationValueAssert(double actualMs, String what, String description) {
        super(actualMs, DurationValueAssert.class);
        this.what = what;
        if (description != null && !description.isEmpty()) {
            describedAs(description);
        }
    }

    public DurationValueAssert isLessThan(Duration limit) {
        return check(actual < ms(limit), "to be less than", limit);
    }

    public DurationValueAssert isAtMost(Duration limit) {
        return check(actual <= ms(limit), "to be at most", limit);
    }

    public DurationValueAssert isGreaterThan(Duration limit) {
        return check(actual > ms(limit), "to be greater than", limit);
    }

    public DurationValueAssert isAtLeast(Duration limit) {
        return check(actual >= ms(limit), "to be at least", limit);
    }

    /** Verifies {@code low <= actual <= high}. */
    public DurationValueAssert isBetween(Duration low, Duration high) {
        if (!(actual >= ms(low) && actual <= ms(high))) {
            failWithMessage("%s", "Expecting " + what + ":\n  " + format(actual) + "\nto be between:\n  ["
                    + format(ms(low)) + ", " + format(ms(high)) + "]");
        }
        return this;
    }

    private DurationValueAssert check(boolean ok, String words, Duration limit) {
        if (!ok) {
            failWithMessage("%s", "Expecting " + what + ":\n  " + format(actual) + "\n" + words + ":\n  "
                    + format(ms(limit)));
        }
        return this;
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    static String format(double ms) {
        return NumberAssert.format(ms, "ms");
    }
}
