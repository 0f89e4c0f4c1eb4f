package io.benchsuite.report;

import io.benchsuite.result.Stats;
import java.util.Comparator;
import java.util.List;

/**
 * Where throughput stops scaling with workers. The ideal line extrapolates the first level's throughput per
 * worker: {@code ideal(w) = throughput(w0) / w0 * w}. The efficiency of a level is
 * {@code throughput(w) / ideal(w)}; the saturation level is the first level whose efficiency is below
 * {@link #EFFICIENCY_LIMIT}. Defined in {@code docs/metrics.md} ("Report").
 *
 * @param perWorkerRps      throughput per worker at the first level (0 when unknown)
 * @param saturationWorkers the first level below the limit, or null when none is (or fewer than 2 levels ran)
 * @param efficiency        throughput / ideal at the saturation level (0 when there is none)
 * @param peakRps           the highest bucket throughput
 * @param peakWorkers       the level of {@code peakRps}
 * @param levels            the number of levels with requests
 */
record Saturation(double perWorkerRps, Integer saturationWorkers, double efficiency, double peakRps, int peakWorkers,
                  int levels) {

    /** Throughput below this fraction of the ideal line marks saturation. */
    static final double EFFICIENCY_LIMIT = 0.80;
    /** A level with fewer requests is not judged: its throughput is noise (one slow request halves it). */
    static final int MIN_LEVEL_REQUESTS = 20;

    static Saturation of(List<Stats> buckets) {
        List<Stats> levels = buckets.stream().filter(b -> b.workers() != null && b.requests() >= MIN_LEVEL_REQUESTS)
                .sorted(Comparator.comparingInt(Stats::workers)).toList();
        if (levels.isEmpty()) {
            return new Saturation(0, null, 0, 0, 0, 0);
        }
        Stats first = levels.getFirst();
        double perWorker = first.throughputRps() / first.workers();
        Stats peak = levels.stream().max(Comparator.comparingDouble(Stats::throughputRps)).orElseThrow();
        Integer saturation = null;
        double efficiency = 0;
        if (perWorker > 0) {
            for (Stats b : levels) {
                double e = b.throughputRps() / (perWorker * b.workers());
                if (e < EFFICIENCY_LIMIT) {
                    saturation = b.workers();
                    efficiency = e;
                    break;
                }
            }
        }
        return new Saturation(perWorker, saturation, efficiency, peak.throughputRps(), peak.workers(), levels.size());
    }

    double ideal(int workers) {
        return perWorkerRps * workers;
    }

    /** The sentence under the throughput chart. */
    String sentence() {
        if (levels == 0) {
            return "No worker level has " + MIN_LEVEL_REQUESTS + " requests or more, so there is no scaling to judge.";
        }
        if (levels < 2) {
            return "Only one worker level ran with " + MIN_LEVEL_REQUESTS + " requests or more, so there is no "
                    + "scaling to judge.";
        }
        String peak = " Peak throughput: " + Fmt.rate(peakRps) + " req/s at " + peakWorkers + " workers.";
        if (saturationWorkers == null) {
            return "No saturation: throughput stayed at or above " + Math.round(EFFICIENCY_LIMIT * 100)
                    + "% of the ideal linear line at every level." + peak;
        }
        return "Saturation at " + saturationWorkers + " workers: throughput is " + Math.round(efficiency * 100)
                + "% of the ideal linear line (first level below " + Math.round(EFFICIENCY_LIMIT * 100) + "%)."
                + peak;
    }
}
