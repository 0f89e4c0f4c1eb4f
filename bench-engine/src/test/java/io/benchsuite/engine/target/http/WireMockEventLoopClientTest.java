package io.benchsuite.engine.target.http;

/** The same WireMock tests against the event-loop transport. */
class WireMockEventLoopClientTest extends WireMockClientTest {

    @Override
    public boolean eventLoop() {
        return true;
    }
}
