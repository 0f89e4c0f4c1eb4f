package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpLoopTarget;
import io.benchsuite.result.Prices;
import java.util.List;
import java.util.Map;

/** The LLM stream on event loops ({@link HttpLoopTarget}), with its {@link LlmExtras}. */
final class LlmLoopTarget extends HttpLoopTarget {

    private final LlmExtras extras;

    LlmLoopTarget(LlmProtocol protocol, LlmExtras extras) {
        super(protocol.url(), protocol, Runtime.getRuntime().availableProcessors());
        this.extras = extras;
    }

    @Override
    public Prices prices() {
        return extras.prices();
    }

    @Override
    public Map<String, Double> serverMetrics(long fromNanos, long loadStartNanos) {
        return extras.serverMetrics(fromNanos, loadStartNanos);
    }

    @Override
    public List<String> notes() {
        return extras.notes(super.notes());
    }

    @Override
    public void close() {
        extras.close();
        super.close();
    }
}
