package io.benchsuite.result;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@link RunResult} documents ({@code result.json}). */
public final class ResultJson {

    /** The file name of a run's result document inside its run directory. */
    public static final String RESULT_FILE = "result.json";
    /** The per-request log beside {@value #RESULT_FILE} in a run directory (gzip, one JSON object per line). */
    public static final String REQUEST_LOG_FILE = "requests.jsonl.gz";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultJson() {
    }

    /** The mapper configured for the result contract (snake_case, ISO-8601 instants). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(RunResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunResult fromJson(String json) {
        try {
            return MAPPER.readValue(json, RunResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code file}, or {@code file/result.json} when {@code file} is a run directory. */
    public static RunResult read(Path file) throws IOException {
        Path f = Files.isDirectory(file) ? file.resolve(RESULT_FILE) : file;
        return MAPPER.readValue(f.toFile(), RunResult.class);
    }

    /**
     * Writes {@code result} to {@code file} atomically: a temporary file in the same directory, then a rename,
     * so a reader never sees a half-written document.
     */
    public static void write(RunResult result, Path file) throws IOException {
        writeJson(result, file);
    }

    /** Writes {@code value} as JSON of the result contract (snake_case) to {@code file}, as {@link #write} does. */
    public static void writeJson(Object value, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its owner-only permissions would stay on the renamed file
        Path tmp = dir.resolve(".result-" + java.util.UUID.randomUUID() + ".json.tmp");
        try {
            try (var out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                MAPPER.writeValue(out, value);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
