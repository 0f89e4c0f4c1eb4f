package io.benchsuite.llm;

import io.benchsuite.result.Prices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an LLM target adds to the transport that carries it ({@link LlmLoopTarget}, {@link LlmThreadTarget}): the
 * token prices of the run's cost and the scraper of the server's own metrics, each null when not configured.
 */
record LlmExtras(Prices prices, ServerMetrics scraper) {

    /** The server metrics of the last scrape ({@link ServerMetrics#latest}), or null. */
    Map<String, Double> serverMetrics(long fromNanos, long loadStartNanos) {
        return scraper == null ? null : scraper.latest(fromNanos, loadStartNanos);
    }

    /** The transport's notes and the scraper's. */
    List<String> notes(List<String> transport) {
        if (scraper == null || scraper.notes().isEmpty()) {
            return transport;
        }
        List<String> all = new ArrayList<>(transport);
        all.addAll(scraper.notes());
        return all;
    }

    void close() {
        if (scraper != null) {
            scraper.close();
        }
    }
}
