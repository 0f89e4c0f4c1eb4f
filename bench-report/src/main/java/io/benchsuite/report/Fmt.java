package io.benchsuite.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report prints numbers: locale-independent, fixed decimals per kind (see {@code docs/report.md}). */
final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** Milliseconds, 2 decimals: {@code 18.30}. */
    static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /** Requests or tokens per second, 1 decimal: {@code 246.3}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** A target rate: {@code 40} or {@code 33.33} (requests per second, no unit). */
    static String targetRate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond)
                : String.format(Locale.ROOT, "%.2f", perSecond).replaceAll("0+$", "");
    }

    /** A bucket's level for a table cell: its workers, or its target rate in the open model. */
    static String level(io.benchsuite.result.Stats s) {
        return s.rate() != null ? targetRate(s.rate()) : String.valueOf(s.workers());
    }

    /** A percentage, 2 decimals, no sign: {@code 98.58}. */
    static String pct(double percent) {
        return String.format(Locale.ROOT, "%.2f", percent);
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Seconds, 1 decimal. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** A relative change in percent with its sign: {@code +12.5%}, or {@code n/a} when the base is 0. */
    static String change(double base, double current) {
        if (base == 0) {
            return current == 0 ? "+0.0%" : "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", (current - base) / base * 100.0);
    }

    /** A difference in percentage points with its sign: {@code -1.25 pt}. */
    static String points(double base, double current) {
        return String.format(Locale.ROOT, "%+.2f pt", current - base);
    }

    /** A number in the unit a threshold was written in. */
    static String value(double v, String unit) {
        String n = v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        if (unit == null || unit.isEmpty()) {
            return n;
        }
        return unit.equals("%") ? n + "%" : n + " " + unit;
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
