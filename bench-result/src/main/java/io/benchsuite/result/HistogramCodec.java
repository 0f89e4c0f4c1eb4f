package io.benchsuite.result;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The form of every {@code *_histogram_us} field of {@code result.json}: HdrHistogram's compressed encoding,
 * base64, values in microseconds. Internal: the engine writes it, a merge of shards reads and writes it.
 */
public final class HistogramCodec {

    private HistogramCodec() {
    }

    /** {@code histogram} compressed with HdrHistogram's own encoding, base64. */
    public static String encode(AbstractHistogram histogram) {
        ByteBuffer buf = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity() + 64);
        int len = histogram.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The histogram {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when {@code base64} is not such an encoding
     */
    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an HdrHistogram in base64 (" + e.getMessage() + ")", e);
        }
    }
}
