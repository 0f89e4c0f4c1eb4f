package io.benchsuite.llm;

import io.benchsuite.engine.Target;
import io.benchsuite.result.Prices;
import java.util.Map;

/**
 * What an LLM target adds to {@link Target}, whichever transport carries it ({@link LlmLoopTarget},
 * {@link LlmThreadTarget}): the prices and the server's metrics of its {@link LlmExtras}.
 */
interface LlmTarget extends Target {

    /** The prices and the server-metrics scraper of this target. */
    LlmExtras extras();

    @Override
    default Prices prices() {
        return extras().prices();
    }

    @Override
    default Map<String, Double> serverMetrics(long fromNanos, long loadStartNanos) {
        return extras().serverMetrics(fromNanos, loadStartNanos);
    }
}
