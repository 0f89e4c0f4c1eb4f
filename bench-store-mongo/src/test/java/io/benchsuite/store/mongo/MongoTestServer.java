package io.benchsuite.store.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.benchsuite.engine.store.StoreSettings;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server, memory backend) on 127.0.0.1, reached through
 * the real reactive driver. {@link #stop()} and {@link #restart()} keep the port; the data of a stopped server
 * is kept in {@link #backend} and served again after a restart.
 */
final class MongoTestServer implements AutoCloseable {

    final MemoryBackend backend = new KeepingMemoryBackend();
    private MongoServer server;
    private final int port;

    MongoTestServer() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        port = address.getPort();
    }

    int port() {
        return port;
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    StoreSettings settings(String database) {
        return StoreSettings.of(uri(), database);
    }

    void stop() {
        server.shutdownNow();
        server = null;
    }

    void restart() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
        }
        ((KeepingMemoryBackend) backend).reallyClose();
    }

    /** A memory backend that keeps its databases when a server shuts down, so it can be served again. */
    private static final class KeepingMemoryBackend extends MemoryBackend {
        @Override
        public void close() {
            // kept for a restart
        }

        void reallyClose() {
            super.close();
        }
    }
}
