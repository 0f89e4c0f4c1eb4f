package io.benchsuite.llm;

import io.benchsuite.engine.target.http.HttpProtocol;

/**
 * Reads one provider's event stream into the exchange (output chunks with their arrival times, usage, error
 * events) and, at its end, decides the outcome. One per connection, on either transport ({@link LlmProtocol}).
 */
interface StreamReader extends HttpProtocol.BodyReader {

    /**
     * The stream was read to its end: success, {@code stream_error}, truncated or empty; {@code secrets} are
     * replaced in the server's message.
     */
    void finish(io.benchsuite.engine.config.Secrets secrets);
}
