package io.benchsuite.result.compare;

/**
 * What a comparison concludes about one metric, or about the run as a whole ({@link RunComparison#verdict()}).
 *
 * <p>For one metric with the {@code 95 %} interval {@code [low, high]} of its change and the minimum effect
 * {@code t} (its regression threshold), both measured in the direction in which the metric gets worse:
 * <table>
 *   <caption>Verdicts</caption>
 *   <tr><th>verdict</th><th>when</th></tr>
 *   <tr><td>{@link #regressed}</td><td>{@code low > t}: worse by more than the threshold, beyond the noise</td></tr>
 *   <tr><td>{@link #improved}</td><td>{@code high < -t}: better by more than the threshold</td></tr>
 *   <tr><td>{@link #unchanged}</td><td>{@code -t <= low} and {@code high <= t}: any change is smaller than the
 *       threshold</td></tr>
 *   <tr><td>{@link #inconclusive}</td><td>the interval straddles {@code t} or {@code -t}: these data cannot
 *       decide</td></tr>
 * </table>
 * Overall: {@code regressed} when any metric regressed, else {@code improved} when any improved, else
 * {@code unchanged} when every metric is unchanged, else {@code inconclusive}.
 */
public enum Verdict {
    /** worse by more than the threshold, beyond the noise */
    regressed,
    /** better by more than the threshold, beyond the noise */
    improved,
    /** any change is within the threshold */
    unchanged,
    /** the interval straddles the threshold: the data cannot decide */
    inconclusive;

    /**
     * The verdict on one metric.
     *
     * @param low       the low end of the interval of the change, in the direction in which the metric gets worse
     * @param high      the high end, likewise
     * @param threshold the minimum effect, positive, in the unit of the change
     */
    static Verdict of(double low, double high, double threshold) {
        if (low > threshold) {
            return regressed;
        }
        if (high < -threshold) {
            return improved;
        }
        if (low >= -threshold && high <= threshold) {
            return unchanged;
        }
        return inconclusive;
    }

    /** The verdict of several metrics: any regressed, else any improved, else all unchanged, else inconclusive. */
    static Verdict overall(Iterable<Verdict> verdicts) {
        boolean improvedAny = false;
        boolean allUnchanged = true;
        boolean any = false;
        for (Verdict v : verdicts) {
            any = true;
            if (v == regressed) {
                return regressed;
            }
            improvedAny |= v == improved;
            allUnchanged &= v == unchanged;
        }
        return improvedAny ? improved : any && allUnchanged ? unchanged : inconclusive;
    }
}
