package io.benchsuite.engine.store.mongo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * 64-bit integers stay 64-bit). Created only when something is spilled; appended to, never rewritten.
 */
final class SpillFile {

    static final String FILE_NAME = "mongo-spill.jsonl";
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
            .build();

    private final Path file;
    private BufferedWriter out;
    private long lines;

    SpillFile(Path runDir) {
        this.file = runDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** Appends {@code docs} of {@code collection}. Thread-safe. */
    synchronized void append(String collection, List<BsonDocument> docs) {
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            BsonString c = new BsonString(collection);
            for (BsonDocument d : docs) {
                out.write(new BsonDocument("collection", c).append("document", d).toJson(EXTENDED));
                out.write('\n');
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the MongoDB spill file (" + e.getMessage()
                    + "); the documents are still in result.json and requests.jsonl.gz", e);
        }
    }

    /** Lines written by this instance. */
    synchronized long lines() {
        return lines;
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot close the MongoDB spill file: " + e.getMessage(), e);
            } finally {
                out = null;
            }
        }
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
