package io.benchsuite.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Loads a {@link BenchConfig} from a JSON file, applying {@code --set key=value} overrides. */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigLoader() {
    }

    /** Reads {@code file} and applies {@code overrides} ({@code key=value}; value parsed as JSON if it can be). */
    public static BenchConfig load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found; check the path given to --config");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file (" + e.getMessage() + ")");
        }
        ObjectNode root = parseObject(file.getFileName().toString(), text);
        applyOverrides(file.getFileName().toString(), root, overrides);
        Path dir = file.toAbsolutePath().getParent();
        return BenchConfig.of(file.toString(), dir, root);
    }

    /** Parses {@code text} as a JSON object; the error names line and column. */
    public static ObjectNode parseObject(String source, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String msg = e.getOriginalMessage();
            if (e instanceof JsonParseException && msg != null && msg.length() > 120) {
                msg = msg.substring(0, 120) + "...";
            }
            throw new ConfigException(source + ": not valid JSON" + where + ": " + msg);
        }
        if (node == null || node.isMissingNode()) {
            throw new ConfigException(source + ": the file is empty; expected a JSON object such as "
                    + "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://localhost:8080/api\"}");
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": expected a JSON object { ... } at the top level, got "
                    + BenchConfig.describe(node));
        }
        return (ObjectNode) node;
    }

    /** Applies {@code key=value} overrides; the value is JSON when it parses as JSON, else a string. */
    public static void applyOverrides(String source, ObjectNode root, List<String> overrides) {
        if (overrides == null) {
            return;
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + o + ": expected key=value, e.g. --set max_load=50");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1);
            JsonNode parsed;
            try {
                parsed = MAPPER.readTree(value);
                if (parsed == null || parsed.isMissingNode()) {
                    parsed = TextNode.valueOf(value);
                }
            } catch (JsonProcessingException e) {
                parsed = TextNode.valueOf(value);
            }
            root.set(key, parsed);
        }
    }
}
