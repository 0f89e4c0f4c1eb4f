package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bench sweep} found ({@code "capacity"} of its {@code result.json}; absent in any other result): the
 * highest load that met every SLO threshold, and the interval the answer lies in. Defined in {@code docs/sweep.md}.
 *
 * @param unit        {@code req/s} (open model: a rate) or {@code workers} (closed model)
 * @param value       the highest load that met the SLO; null when even the lowest probed load failed it
 * @param lower       the highest load that met the SLO (= value), null when none did
 * @param upper       the lowest load that failed it, null when every probe met it (capacity is at least the top
 *                    of the range)
 * @param slo         the thresholds that make the SLO, as given
 * @param probes      how many probes ran (repeats included)
 * @param limitedBy   the thresholds that failed at {@code upper} (what limits the capacity); empty when none failed
 * @param resolution  the relative width the search stops at ({@code sweep_resolution})
 * @param stoppedBy   why the search stopped: {@code resolution}, {@code range_top} (the top of the range met the
 *                    SLO), {@code lowest_failed}, {@code max_seconds} (the time budget) or {@code aborted}
 * @param verdicts    each probe's verdict, in order (its load, whether it met the SLO, what failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"unit", "value", "lower", "upper", "slo", "probes", "limited_by", "resolution", "stopped_by",
        "verdicts"})
public record Capacity(String unit, Double value, Double lower, Double upper, List<String> slo, int probes,
                       List<String> limitedBy, double resolution, String stoppedBy, List<ProbeVerdict> verdicts) {

    /** The unit of an open-model sweep. */
    public static final String RATE = "req/s";
    /** The unit of a closed-model sweep. */
    public static final String WORKERS = "workers";

    public Capacity {
        Objects.requireNonNull(unit, "unit");
        slo = slo == null ? List.of() : List.copyOf(slo);
        limitedBy = limitedBy == null ? List.of() : List.copyOf(limitedBy);
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        if (value != null && !value.equals(lower)) {
            throw new IllegalArgumentException("the capacity is the highest load that met the SLO: value = lower");
        }
    }

    /**
     * The answer in one line, as {@code bench sweep} prints it and the report states it:
     * {@code capacity: 171 req/s (met at 171, failed at 177 req/s; resolution 5 %), limited by p99 < 100ms; 10 probes
     * in 96 s}.
     *
     * @param seconds how long the sweep took
     */
    public String sentence(double seconds) {
        String probesText = probes + " probe" + (probes == 1 ? "" : "s") + " in " + number(Math.round(seconds)) + " s";
        String limited = limitedBy.isEmpty() ? "" : ", limited by " + String.join(", ", limitedBy);
        if (!found()) {
            return "capacity: none in the range: the lowest load" + (verdicts.isEmpty() ? ""
                    : ", " + format(verdicts.getFirst().load()) + ",") + " fails the SLO" + limited + "; " + probesText;
        }
        String why = switch (stoppedBy) {
            case "range_top" -> "the top of the range meets the SLO: raise " + (RATE.equals(unit) ? "max_rate"
                    : "max_load") + " to find the limit";
            case "max_seconds" -> "stopped by --max-seconds before the resolution";
            case "aborted" -> "interrupted before the resolution";
            default -> "resolution " + number(resolution * 100) + " %";
        };
        String bounds = upper == null ? "met at " + number(lower)
                : "met at " + number(lower) + ", failed at " + format(upper);
        return "capacity: " + (upper == null ? "at least " : "") + format(value) + " (" + bounds + "; " + why + ")"
                + limited + "; " + probesText;
    }

    /** {@code 150 req/s}, {@code 12 workers}. */
    public String format(double load) {
        return number(load) + " " + (RATE.equals(unit) ? "req/s" : load == 1 ? "worker" : "workers");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Whether some probed load met the SLO. */
    public boolean found() {
        return value != null;
    }

    /**
     * One probe.
     *
     * @param load   the load it held (req/s or workers)
     * @param passed whether it met every SLO threshold
     * @param failed the thresholds it failed, with their measured values ({@code p99 < 100ms: 131.2 ms})
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ProbeVerdict(double load, boolean passed, List<String> failed) {
        public ProbeVerdict {
            failed = failed == null ? List.of() : List.copyOf(failed);
        }
    }
}
