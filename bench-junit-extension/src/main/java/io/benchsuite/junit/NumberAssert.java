package io.benchsuite.junit;

import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one measured number with a unit: a rate in percent, a throughput, a count. */
public final class NumberAssert extends AbstractAssert<NumberAssert, Double> {

    private final String what;
    private final String unit;

    NumberAssert(double actual, String what, String unit, String description) {
        super(actual, NumberAssert.class);
        this.what = what;
        this.unit = unit;
        if (description != null && !description.isEmpty()) {
            describedAs(description);
        }
    }

    public NumberAssert isAtLeast(double limit) {
        return check(actual >= limit, "to be at least", limit);
    }

    public NumberAssert isAtMost(double limit) {
        return check(actual <= limit, "to be at most", limit);
    }

    public NumberAssert isGreaterThan(double limit) {
        return check(actual > limit, "to be greater than", limit);
    }

    public NumberAssert isLessThan(double limit) {
        return check(actual < limit, "to be less than", limit);
    }

    /** Verifies {@code low <= actual <= high}. */
    public NumberAssert isBetween(double low, double high) {
        if (!(actual >= low && actual <= high)) {
            failWithMessage("%s", "Expecting " + what + ":\n  " + format(actual, unit) + "\nto be between:\n  ["
                    + format(low, unit) + ", " + format(high, unit) + "]");
        }
        return this;
    }

    private NumberAssert check(boolean ok, String words, double limit) {
        if (!ok) {
            failWithMessage("%s", "Expecting " + what + ":\n  " + format(actual, unit) + "\n" + words + ":\n  "
                    + format(limit, unit));
        }
        return this;
    }

    /** Up to 3 decimals, no trailing zeros, then the unit: {@code 412.3 ms}, {@code 99 %}. */
    static String format(double value, String unit) {
        String n = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
        return unit.isEmpty() ? n : n + " " + unit;
    }
}
