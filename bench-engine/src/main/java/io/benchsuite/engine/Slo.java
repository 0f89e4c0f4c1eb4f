package io.benchsuite.engine;

import io.benchsuite.result.threshold.Threshold;
import java.util.List;

/**
 * The per-request service-level objective behind goodput, as vLLM's {@code --goodput} defines it: a request is
 * <em>good</em> when it succeeded and each of its times is within its limit. The limits come from the run's
 * thresholds: every latency, service-time, TTFT or TPOT threshold that bounds its metric from above ({@code <} or
 * {@code <=}), whatever its statistic or scope, makes its limit a per-request limit of that metric (the strictest
 * one when several bound the same metric). {@code p99 < 250ms} so counts the requests answered within 250 ms.
 * Limits are microseconds, {@link Long#MAX_VALUE} when a metric has none.
 *
 * @param latencyMicros latency limit (from the intended start in the open model)
 * @param serviceMicros service-time limit (the closed model's latency)
 * @param ttftMicros    time-to-first-token limit (streaming runs)
 * @param tpotMicros    time-per-output-token limit (streaming runs; a request of one token has no TPOT and meets it)
 */
public record Slo(long latencyMicros, long serviceMicros, long ttftMicros, long tpotMicros) {

    /** No limit on a metric. */
    public static final long NONE = Long.MAX_VALUE;

    public Slo {
        if (latencyMicros <= 0 || serviceMicros <= 0 || ttftMicros <= 0 || tpotMicros <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The SLO the upper-bound time thresholds of {@code thresholds} make; null when none bounds a time. */
    public static Slo of(List<Threshold> thresholds) {
        long latency = NONE;
        long service = NONE;
        long ttft = NONE;
        long tpot = NONE;
        boolean any = false;
        for (Threshold t : thresholds) {
            if (t.operator() != Threshold.Operator.LT && t.operator() != Threshold.Operator.LE) {
                continue;
            }
            long micros = Math.max(1, Math.round(t.limit() * 1000));
            switch (t.metric()) {
                case LATENCY -> latency = Math.min(latency, micros);
                case SERVICE_TIME -> service = Math.min(service, micros);
                case TTFT -> ttft = Math.min(ttft, micros);
                case TPOT -> tpot = Math.min(tpot, micros);
                default -> {
                    continue;
                }
            }
            any = true;
        }
        return any ? new Slo(latency, service, ttft, tpot) : null;
    }

    /**
     * Hot path: whether a successful request with these times (microseconds; {@code serviceMicros} negative when it
     * equals the latency, {@code ttftMicros}/{@code tpotMicros} negative when the request has none) met the SLO.
     */
    public boolean met(long latency, long service, long ttft, long tpot) {
        return latency <= latencyMicros
                && (service < 0 ? latency : service) <= serviceMicros
                && (ttft < 0 || ttft <= ttftMicros)
                && (tpot < 0 || tpot <= tpotMicros);
    }

    /** {@code latency <= 250 ms, TTFT <= 500 ms}: for notes and docs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        append(b, "latency", latencyMicros);
        append(b, "service time", serviceMicros);
        append(b, "TTFT", ttftMicros);
        append(b, "TPOT", tpotMicros);
        return b.toString();
    }

    private static void append(StringBuilder b, String what, long micros) {
        if (micros != NONE) {
            b.append(b.isEmpty() ? "" : ", ").append(what).append(" <= ")
                    .append(Threshold.format(micros / 1000.0, "ms"));
        }
    }
}
