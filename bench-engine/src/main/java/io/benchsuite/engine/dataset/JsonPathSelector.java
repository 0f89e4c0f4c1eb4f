package io.benchsuite.engine.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.EnumSet;

/**
 * {@code json_path}: the part of each dataset record a request uses, the one rule for every target
 * ({@code system_api} bodies, the method form's {@code DatasetRecord}). A path that selects nothing in a record
 * (a missing key, a search or filter that found nothing) selects nothing, and the caller uses the whole record
 * instead and counts it; {@code $} (or no path) selects the whole record.
 *
 * <pre>{@code
 * JsonPathSelector data = JsonPathSelector.compile("$.data");
 * JsonNode part = data.select(record);   // null: nothing matched
 * }</pre>
 */
public final class JsonPathSelector {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration CONF = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .options(EnumSet.noneOf(com.jayway.jsonpath.Option.class))
            .build();

    private final String text;
    private final JsonPath path;

    private JsonPathSelector(String text, JsonPath path) {
        this.text = text;
        this.path = path;
    }

    /**
     * Compiles {@code path}; null, blank or {@code $} selects whole records.
     *
     * @throws InvalidPathException when it is not a valid JSONPath (the message says where)
     */
    public static JsonPathSelector compile(String path) {
        boolean whole = path == null || path.isBlank() || path.strip().equals("$");
        return whole ? new JsonPathSelector(null, null) : new JsonPathSelector(path.strip(), JsonPath.compile(path.strip()));
    }

    /**
     * Compiles the path {@code config} gives for {@code key}; a malformed one is a
     * {@link io.benchsuite.engine.config.ConfigException} naming the setting.
     */
    public static JsonPathSelector compile(io.benchsuite.engine.config.BenchConfig config, String key) {
        String path = config.optionalString(key).orElse(null);
        try {
            return compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw config.error(key, "(\"" + path + "\") is not a valid JSONPath: " + e.getMessage()
                    + "; expected e.g. \"$.data\" or \"$\" for the whole record");
        }
    }

    /** True when this selects whole records. */
    public boolean whole() {
        return path == null;
    }

    /** The path as given, or null for whole records. */
    public String text() {
        return text;
    }

    /** The node this path selects in {@code record} ({@code record} itself for whole records), or null for nothing. */
    public JsonNode select(JsonNode record) {
        if (path == null) {
            return record;
        }
        try {
            Object value = JsonPath.using(CONF).parse(record).read(path);
            if (value instanceof JsonNode node) {
                if (node.isArray() && node.isEmpty() && !path.isDefinite()) {
                    return null; // a search ($..x, filters) that found nothing
                }
                return node;
            }
            return value == null ? null : MAPPER.valueToTree(value);
        } catch (RuntimeException e) {
            return null; // PathNotFoundException and friends: the record lacks the path
        }
    }
}
