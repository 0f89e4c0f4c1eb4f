package io.benchsuite.result.compare;

/**
 * One metric of a comparison: both values, the change, its confidence interval and the verdict. Changes are relative
 * ({@code changeUnit} {@code %}: {@code (current - base) / base × 100}) except for the success rate, itself a
 * percentage, which changes in percentage points ({@code pt}: {@code current - base}).
 *
 * @param metric     {@code p50_ms}, {@code p90_ms}, {@code p99_ms}, {@code mean_ms}, {@code throughput_rps},
 *                   {@code success_rate}; for LLM runs also {@code ttft_p50_ms}, {@code ttft_p99_ms},
 *                   {@code tpot_p50_ms}, {@code tpot_p99_ms}, {@code output_tokens_per_s}
 * @param unit       the unit of {@code base} and {@code current}: {@code ms}, {@code req/s}, {@code %},
 *                   {@code tokens/s}
 * @param base       the value in the base run(s), from all their requests (null when there is none)
 * @param current    the value in the current run(s)
 * @param change     the change of the values, in {@code changeUnit} (null when it is undefined: a base of 0)
 * @param changeUnit {@code %} or {@code pt}
 * @param changeLow  the low end of the 95 % confidence interval of the change (null when not judged)
 * @param changeHigh the high end
 * @param threshold  the minimum effect that counts (positive, in {@code changeUnit})
 * @param verdict    regressed, improved, unchanged or inconclusive ({@link Verdict})
 * @param advice     for an inconclusive metric: what would decide it; else null
 */
public record MetricChange(String metric, String unit, Double base, Double current, Double change, String changeUnit,
                           Double changeLow, Double changeHigh, double threshold, Verdict verdict, String advice) {

    /** How people name the metric: {@code p99}, {@code throughput}, {@code TTFT p50}. */
    public String label() {
        Metric m = Metric.byKey(metric);
        return m == null ? metric : m.label;
    }

    /** Whether the change is in percentage points (the success rate). */
    public boolean inPoints() {
        return Metric.POINTS.equals(changeUnit);
    }
}
