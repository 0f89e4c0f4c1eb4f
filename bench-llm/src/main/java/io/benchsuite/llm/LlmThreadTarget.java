package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpThreadTarget;
import java.util.List;

/** The LLM stream on the worker threads ({@link HttpThreadTarget}), with its {@link LlmExtras}. */
final class LlmThreadTarget extends HttpThreadTarget implements LlmTarget {

    private final LlmExtras extras;

    LlmThreadTarget(LlmProtocol protocol, LlmExtras extras) {
        super(protocol.url(), protocol);
        this.extras = extras;
    }

    @Override
    public LlmExtras extras() {
        return extras;
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
