package io.benchsuite.engine.target.http;

/** The same scripted-server tests against the event-loop transport. */
class LoopbackServerEventLoopClientTest extends LoopbackServerClientTest {

    @Override
    public boolean eventLoop() {
        return true;
    }
}
