package io.benchsuite.store.mongo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiConsumer;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * {@code <run dir>/mongo-spill.jsonl}: documents that should be in MongoDB but are not yet, one per line as
 * {@code {"collection": "requests" | "runs", "document": {...}}} in MongoDB Extended JSON (so types survive:
 * 64-bit integers stay 64-bit). Appended to, never rewritten; left behind only when something was spilled.
 *
 * <p>Implementation notes: {@link #open()} takes the file descriptor before the load, because a load that fails
 * at once (every connect refused for want of file descriptors, EMFILE) is exactly when MongoDB falls behind and
 * documents must be spilled: opening the file then would fail too. Each {@link #append} writes all of its
 * documents or none (a failed write is cut off again), so {@link #documents()} is exactly what the file holds.
 * Nothing here throws on a write failure: {@link #append} says false and {@link #failure()} says why.
 */
final class SpillFile {

    static final String FILE_NAME = "mongo-spill.jsonl";
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
            .build();

    private final Path file;
    private FileChannel out;
    /** This instance created the file (so it may remove it again when it wrote nothing). */
    private boolean created;
    /** A failed write could not be cut off: the file ends with a torn line and takes nothing more. */
    private boolean torn;
    private long documents;
    private String failure;

    SpillFile(Path runDir) {
        this.file = runDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /**
     * Opens (creating) the file ahead of the first {@link #append}; false, with {@link #failure()}, when it
     * cannot be opened (append tries again). {@link #close()} removes the file again if nothing was written.
     */
    synchronized boolean open() {
        if (out != null) {
            return true;
        }
        if (torn) {
            return false;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean existed = Files.exists(file);
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            created = !existed;
            return true;
        } catch (IOException | RuntimeException e) {
            failure = why(e);
            return false;
        }
    }

    /**
     * Appends {@code docs} of {@code collection}, all or none. Thread-safe.
     *
     * @return true when all are in the file; false when none is ({@link #failure()} says why)
     */
    synchronized boolean append(String collection, List<BsonDocument> docs) {
        if (docs.isEmpty()) {
            return true;
        }
        if (!open()) {
            return false;
        }
        BsonString c = new BsonString(collection);
        StringBuilder lines = new StringBuilder(docs.size() * 256);
        for (BsonDocument d : docs) {
            lines.append(new BsonDocument("collection", c).append("document", d).toJson(EXTENDED)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        long end;
        try {
            end = out.size();
        } catch (IOException e) {
            failure = why(e);
            return false;
        }
        try {
            for (long at = end; bytes.hasRemaining(); ) {
                at += out.write(bytes, at);
            }
            documents += docs.size();
            return true;
        } catch (IOException e) {
            failure = why(e);
            try {
                out.truncate(end);
            } catch (IOException cannotCut) {
                torn = true; // a torn last line is skipped on upload; another line after it would not be
                closeQuietly();
            }
            return false;
        }
    }

    /** Documents written by this instance (each one line). */
    synchronized long documents() {
        return documents;
    }

    /** Why the last open or append failed, or null. */
    synchronized String failure() {
        return failure;
    }

    /** Closes the file; removes it when this instance created it and nothing is in it. */
    synchronized void close() {
        if (out == null) {
            return;
        }
        boolean empty;
        try {
            empty = created && out.size() == 0;
        } catch (IOException e) {
            empty = false;
        }
        closeQuietly();
        if (empty) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // an empty spill file uploads nothing and is removed by the next bench sync
            }
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // every append was written through: nothing is buffered here
        } finally {
            out = null;
            created = false;
        }
    }

    /** One line about {@code e}, without the file's path (the messages around it name the file). */
    private String why(Exception e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (msg.startsWith(file.toString())) {
            msg = msg.substring(file.toString().length()).replaceFirst("^:\\s*", "");
        }
        return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    /**
     * Reads {@code file}, passing each document with its collection to {@code action}. A torn last line (the
     * process died while writing it) is skipped; any other unreadable line fails.
     */
    static void read(Path file, BiConsumer<String, BsonDocument> action) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            long n = 0;
            while (line != null) {
                String next = in.readLine();
                n++;
                if (!line.isBlank()) {
                    BsonDocument wrapper;
                    try {
                        wrapper = BsonDocument.parse(line);
                    } catch (RuntimeException e) {
                        if (next == null) {
                            return; // torn last line
                        }
                        throw new IOException(file + ": line " + n + " is not a spilled document; "
                                + "remove the line and run bench sync again", e);
                    }
                    action.accept(wrapper.getString("collection").getValue(), wrapper.getDocument("document"));
                }
                line = next;
            }
        }
    }
}
