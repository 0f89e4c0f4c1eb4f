package io.benchsuite.engine.target.http;

/** The same scripted-server tests against the event-loop transport. */
class LoopbackServerEventLoopClientTest extends LoopbackServerClientTest {

    @Override
    boolean eventLoop() {
        return true;
    }
}
