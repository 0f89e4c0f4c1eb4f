package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpThreadTarget;
import io.benchsuite.result.Prices;
import java.util.List;
import java.util.Map;

/** The LLM stream on the worker threads ({@link HttpThreadTarget}), with its {@link LlmExtras}. */
final class LlmThreadTarget extends HttpThreadTarget {

    private final LlmExtras extras;

    LlmThreadTarget(LlmProtocol protocol, LlmExtras extras) {
        super(protocol.url(), protocol);
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
