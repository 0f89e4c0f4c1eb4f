package io.benchsuite.engine.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The request records of a run: a JSON array of objects, used in order and cycled when exhausted (record
 * {@code seq % size}), never shuffled.
 */
public final class Dataset {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode EMPTY_RECORD = JsonNodeFactory.instance.objectNode();

    private final JsonNode[] records;

    private Dataset(JsonNode[] records) {
        this.records = records;
    }

    /** A dataset of the given records (each a JSON object). */
    public static Dataset of(List<? extends JsonNode> records) {
        if (records.isEmpty()) {
            throw new ConfigException("dataset is empty; it needs at least one record");
        }
        return new Dataset(records.toArray(new JsonNode[0]));
    }

    /** A dataset with one empty object, for runs that need no input. */
    public static Dataset empty() {
        return new Dataset(new JsonNode[] {EMPTY_RECORD});
    }

    /**
     * Reads {@code file}, a JSON array of objects, with a streaming parser (one record in memory at a time
     * while reading). {@code check} sees each record with its index and may throw a {@link ConfigException}.
     */
    public static Dataset load(Path file, RecordCheck check) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + (Files.isDirectory(file) ? ": is a directory, not a dataset file"
                    : ": dataset file not found; check \"dataset\" in the config"));
        }
        List<JsonNode> records = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new ConfigException(file + ": a dataset must be a JSON array of objects [ {...}, {...} ], got "
                        + (first == null ? "an empty file" : describe(first)));
            }
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new ConfigException(file + ": the JSON array is not closed (file ends after record "
                            + (index - 1) + ")");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new ConfigException(file + ": record " + index + " must be a JSON object, got "
                            + describe(t));
                }
                JsonNode record = MAPPER.readTree(p);
                if (check != null) {
                    check.check(index, record);
                }
                records.add(record);
                index++;
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": dataset file not found; check \"dataset\" in the config");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigException(file + ": not valid JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read dataset (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw new ConfigException(file + ": dataset too large for the heap; give the JVM more memory "
                    + "(-Xmx) or use a smaller dataset");
        }
        if (records.isEmpty()) {
            throw new ConfigException(file + ": dataset is an empty array; it needs at least one record");
        }
        return new Dataset(records.toArray(new JsonNode[0]));
    }

    /** Validates one record while a dataset is read. */
    @FunctionalInterface
    public interface RecordCheck {
        void check(int index, JsonNode record);
    }

    /** The record for request {@code seq}: {@code records[seq % size]}. */
    public JsonNode get(long seq) {
        return records[(int) (seq % records.length)];
    }

    public int size() {
        return records.length;
    }

    /** Visits every record once, in order. */
    public void forEach(Consumer<JsonNode> action) {
        for (JsonNode r : records) {
            action.accept(r);
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
