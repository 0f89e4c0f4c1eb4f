package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpLoopTarget;
import java.util.List;

/** The LLM stream on event loops ({@link HttpLoopTarget}), with its {@link LlmExtras}. */
final class LlmLoopTarget extends HttpLoopTarget implements LlmTarget {

    private final LlmExtras extras;

    LlmLoopTarget(LlmProtocol protocol, LlmExtras extras) {
        super(protocol.url(), protocol, Runtime.getRuntime().availableProcessors());
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
