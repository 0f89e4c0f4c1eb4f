package io.benchsuite.llm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A response body that stamps {@link StreamClock#lastReadNanos} each time a read returns data. */
final class TimedInputStream extends FilterInputStream {

    private final StreamClock clock;

    TimedInputStream(InputStream in, StreamClock clock) {
        super(in);
        this.clock = clock;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            clock.lastReadNanos = System.nanoTime();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            clock.lastReadNanos = System.nanoTime();
        }
        return n;
    }
}
