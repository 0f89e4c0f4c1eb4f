package io.benchsuite.engine.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.ConfigLoader;
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
     *
     * <p>The records are held in memory during the run (the hot path reads them without parsing), so a file
     * that does not fit is refused before the load starts: a file larger than half the maximum heap at once,
     * and otherwise as soon as, while reading, the heap stays above {@value #HEAP_LIMIT_PERCENT} % after a
     * garbage collection (see docs/errors.md).
     */
    public static Dataset load(Path file, RecordCheck check) {
        return load(file, check, Runtime.getRuntime().maxMemory());
    }

    /** The share of the maximum heap the dataset may fill while it is read, in percent. */
    static final int HEAP_LIMIT_PERCENT = 70;

    /** {@link #load(Path, RecordCheck)} with a given heap limit (tests). */
    static Dataset load(Path file, RecordCheck check, long maxHeapBytes) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + (Files.isDirectory(file) ? ": is a directory, not a dataset file"
                    : ": dataset file not found; check \"dataset\" in the config"));
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(file + ": dataset file is not readable (permissions); check who owns it");
        }
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read dataset (" + e.getMessage() + ")");
        }
        if (fileBytes > maxHeapBytes / 2) {
            throw tooLarge(file, fileBytes, maxHeapBytes, -1);
        }
        Runtime rt = Runtime.getRuntime();
        long heapLimit = maxHeapBytes / 100 * HEAP_LIMIT_PERCENT;
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
                if ((index & 0xFFF) == 0 && rt.totalMemory() - rt.freeMemory() > heapLimit) {
                    System.gc(); // what is in use may be garbage; only what survives a collection counts
                    if (rt.totalMemory() - rt.freeMemory() > heapLimit) {
                        throw tooLarge(file, fileBytes, maxHeapBytes, index);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": dataset file not found; check \"dataset\" in the config");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + ": not valid JSON" + ConfigLoader.jsonProblem(e));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read dataset (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw tooLarge(file, fileBytes, maxHeapBytes, -1);
        }
        if (records.isEmpty()) {
            throw new ConfigException(file + ": dataset is an empty array; it needs at least one record");
        }
        return new Dataset(records.toArray(new JsonNode[0]));
    }

    private static ConfigException tooLarge(Path file, long fileBytes, long maxHeapBytes, int recordsRead) {
        return new ConfigException(file + ": dataset too large for memory (" + mib(fileBytes) + " MiB file, "
                + mib(maxHeapBytes) + " MiB max heap" + (recordsRead > 0 ? ", heap full after " + recordsRead
                + " records" : "") + "); records are held in memory during a run: use a smaller dataset "
                + "(it is cycled, so a sample is enough) or give the JVM more heap (java -Xmx4g -jar bench-cli.jar ...)");
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Validates one record while a dataset is read. */
    @FunctionalInterface
    public interface RecordCheck {
        void check(int index, JsonNode record);
    }

    /**
     * The records with {@code selector} applied once to each (see {@link JsonPathSelector}): the selected part, or
     * the whole record where it selects nothing.
     *
     * @return the selected records and how many of them are whole because the path selected nothing
     */
    public Selection select(JsonPathSelector selector) {
        if (selector.whole()) {
            return new Selection(this, 0);
        }
        JsonNode[] selected = new JsonNode[records.length];
        long whole = 0;
        for (int i = 0; i < records.length; i++) {
            JsonNode part = selector.select(records[i]);
            if (part == null) {
                whole++;
            }
            selected[i] = part == null ? records[i] : part;
        }
        return new Selection(new Dataset(selected), whole);
    }

    /**
     * What {@link #select} made.
     *
     * @param dataset      the selected records
     * @param wholeRecords records the path selected nothing in, used whole
     */
    public record Selection(Dataset dataset, long wholeRecords) {
    }

    /**
     * The records of {@code shard}: those whose index {@code k} has {@code k % count == index}, in order (a shard
     * cycles through its own records); this dataset itself for the whole run. Empty when the shard gets none (fewer
     * records than shards).
     */
    public java.util.Optional<Dataset> partition(io.benchsuite.engine.Shard shard) {
        if (shard.whole()) {
            return java.util.Optional.of(this);
        }
        List<JsonNode> mine = new ArrayList<>();
        for (int k = 0; k < records.length; k++) {
            if (shard.holdsRecord(k)) {
                mine.add(records[k]);
            }
        }
        return mine.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new Dataset(mine.toArray(new JsonNode[0])));
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
