package io.benchsuite.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;

/**
 * The dataset record of one request of a {@link LoadTest}: a parameter of a method-as-request load test.
 * Records are used in order and cycled ({@code record = dataset[sequence % size]}); without a dataset every
 * request gets an empty object.
 *
 * <pre>{@code
 * @LoadTest(dataset = "orders.json")
 * void placeOrder(DatasetRecord record) {
 *     Order order = record.as(Order.class);   // typed, via Jackson
 *     String sku = record.text("sku");        // one field
 *     JsonNode raw = record.json();           // the raw JSON
 * }
 * }</pre>
 */
public final class DatasetRecord {

    /** Shared, thread-safe; unknown properties are ignored so a record may carry more fields than the type. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .build();

    private final JsonNode json;

    DatasetRecord(JsonNode json) {
        this.json = Objects.requireNonNull(json);
    }

    /** The record as JSON (treat as read-only: it is shared by every request that gets this record). */
    public JsonNode json() {
        return json;
    }

    /**
     * The record converted to {@code type} with Jackson (unknown properties ignored).
     *
     * @throws IllegalArgumentException when the record does not fit {@code type}; like any exception thrown by
     *                                  the method, it counts as a failed request
     */
    public <T> T as(Class<T> type) {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dataset record does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The text of field {@code name}, or null when the record has no such field. */
    public String text(String name) {
        JsonNode n = json.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
