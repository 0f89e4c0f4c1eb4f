package io.benchsuite.junit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Appends to a CI job summary ({@code GITHUB_STEP_SUMMARY}): one markdown block per load test, under a file lock, so
 * that test JVMs forked side by side do not interleave their blocks.
 */
final class StepSummary {

    private StepSummary() {
    }

    /** Appends {@code markdown} and a blank line to {@code file}; why it was not written, or empty. */
    static Optional<String> append(Path file, String markdown) {
        ByteBuffer bytes = ByteBuffer.wrap((markdown + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
