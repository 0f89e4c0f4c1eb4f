package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpLoopTarget;

/**
 * Reads one provider's event stream into the exchange (output chunks with their arrival times, usage, error
 * events) and, at its end, decides the outcome. One per connection on the event loop ({@link LlmLoopTarget}).
 */
interface StreamReader extends HttpLoopTarget.BodyReader {

    /** The stream was read to its end: success, {@code stream_error}, truncated or empty. */
    void finish();
}
