package io.benchsuite.engine.run;

import io.benchsuite.result.Validity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The validity verdict of a run ({@link Validity}), from the measures behind it: a pure function, so every rule is
 * tested without a load. The rules and their limits are documented in {@code docs/metrics.md}, "Validity".
 */
final class Verdict {

    /** Above this share of the load window spent in GC pauses, the generator's own timing is not to be trusted. */
    static final double MAX_GC_SHARE = 0.10;
    /** Above this p99 of how late the generator sent requests that had a free slot, it could not keep its schedule. */
    static final double MAX_LAG_P99_MS = 10;

    private Verdict() {
    }

    /**
     * @param open         the open model's measures, null in the closed model
     * @param windowSec    the load window (seconds)
     * @param used         the generator's CPU and GC pauses over the load
     * @param inProcess    the requests' work runs in this process (its CPU use is the work's, not held against it)
     * @param errors       the run's failures by class
     * @param maxInFlight  the open model's cap on requests in flight
     */
    static Validity of(OpenWorkers.OpenMeasures open, double windowSec, GeneratorLoad.Used used, boolean inProcess,
                       Map<String, Long> errors, int maxInFlight) {
        List<String> reasons = new ArrayList<>();
        Double target = null;
        Double achieved = null;
        Double lagP99 = null;
        Long waited = null;
        Double waitP99 = null;
        if (open != null && windowSec > 0) {
            target = round3(open.scheduled() / windowSec);
            achieved = round3(open.sentInWindow() / windowSec);
            lagP99 = p99Ms(open.lagMicros());
            waited = open.waited();
            waitP99 = p99Ms(open.waitMicros());
            if (open.scheduled() > 0 && open.sentInWindow() < Validity.MIN_ACHIEVED_RATIO * open.scheduled()) {
                String why = open.waited() > 0
                        ? "requests waited for one of the max_in_flight " + maxInFlight + " slots ("
                        + open.waited() + " of them, p99 " + fmt(waitP99) + " ms): the target answered slower than "
                        + "they arrived; raise max_in_flight, or this rate is beyond the target's capacity"
                        : "the generator could not send them on time; lower the rate or spread it over shards";
                reasons.add(String.format(Locale.ROOT, "achieved %s req/s, %.1f %% of the scheduled %s req/s "
                        + "(below %.0f %%): ", fmt(achieved), 100.0 * open.sentInWindow() / open.scheduled(),
                        fmt(target), 100 * Validity.MIN_ACHIEVED_RATIO) + why);
            }
            if (lagP99 > MAX_LAG_P99_MS) {
                reasons.add("the generator sent requests late: scheduling lag p99 " + fmt(lagP99) + " ms (above "
                        + fmt(MAX_LAG_P99_MS) + " ms), which the latency includes; the machine is too busy for "
                        + "this rate, lower it or spread it over shards");
            }
        }
        double cpu = used.cpuPercent() < 0 ? -1 : round1(used.cpuPercent());
        if (!inProcess && cpu > Validity.MAX_CPU_PERCENT) {
            reasons.add("the generator used " + fmt(cpu) + " % of the machine's CPU (above "
                    + fmt(Validity.MAX_CPU_PERCENT) + " %): its own timing, not only the target's, is in the "
                    + "latencies; lower the load, give the generator its own machine, or spread it over shards");
        }
        double gcMs = used.gcPauseMs();
        if (windowSec > 0 && gcMs > MAX_GC_SHARE * windowSec * 1000) {
            reasons.add(String.format(Locale.ROOT, "the generator's JVM paused %s ms for garbage collection, "
                    + "%.1f %% of the load (above %.0f %%): raise its heap (-Xmx) or lower the load",
                    fmt(gcMs), 100 * gcMs / (windowSec * 1000), 100 * MAX_GC_SHARE));
        }
        long client = errors.entrySet().stream().filter(e -> e.getKey().startsWith("client_"))
                .mapToLong(Map.Entry::getValue).sum();
        if (client > 0) {
            reasons.add(client + " requests failed on the generator's own limits ("
                    + String.join(", ", errors.keySet().stream().filter(k -> k.startsWith("client_")).toList())
                    + "): see docs/errors.md; raise the limit or lower the load");
        }
        return new Validity(reasons.isEmpty(), reasons, target, achieved, lagP99, waited, waitP99, cpu,
                Math.round(gcMs * 1000) / 1000.0, client);
    }

    private static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : round3(h.getValueAtPercentile(99) / 1000.0);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
