package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Whether a run measured its target, or the limits of the machine that generated the load, with the measures behind
 * the verdict (defined in {@code docs/metrics.md}, "Validity"). A run is invalid when any reason holds: in the open
 * model, a rate achieved below 95 % of the target; the generator's own CPU above 90 % of the machine; requests that
 * failed because of the generator's own limits ({@code client_*} errors). A valid run says so; never a constant.
 *
 * @param valid               no reason holds
 * @param reasons             one sentence per reason, with the number behind it and what to do
 * @param targetRps           open model: the requests the schedule planned per second of the load window
 * @param achievedRps         open model: the requests started per second of the load window
 * @param schedulingLagP99Ms  open model: p99 of how late requests were sent after their intended start, among those
 *                            that found a free slot (the generator's own lateness)
 * @param waitedForSlot       open model: requests that were due while {@code max_in_flight} were in flight and waited
 * @param slotWaitP99Ms       open model: p99 of those requests' wait for a slot (0 when none waited)
 * @param generatorCpuPercent the generator process's CPU time over the load, in percent of the machine (all cores)
 * @param gcPauseMs           time the generator's JVM spent in garbage-collection pauses during the load
 * @param clientErrors        requests that failed because of the generator's own limits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"valid", "reasons", "target_rps", "achieved_rps", "scheduling_lag_p99_ms", "waited_for_slot",
        "slot_wait_p99_ms", "generator_cpu_percent", "gc_pause_ms", "client_errors"})
public record Validity(boolean valid, List<String> reasons, Double targetRps, Double achievedRps,
                       Double schedulingLagP99Ms, Long waitedForSlot, Double slotWaitP99Ms, double generatorCpuPercent,
                       double gcPauseMs, long clientErrors) {

    /** Below this share of the target rate, an open-model run did not carry out its plan. */
    public static final double MIN_ACHIEVED_RATIO = 0.95;
    /** Above this share of the machine's CPU, the generator's own timing is not to be trusted. */
    public static final double MAX_CPU_PERCENT = 90.0;

    public Validity {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (valid != reasons.isEmpty()) {
            throw new IllegalArgumentException("a run is valid exactly when no reason holds");
        }
    }
}
