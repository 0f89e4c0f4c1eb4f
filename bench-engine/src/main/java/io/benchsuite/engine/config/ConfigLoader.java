package io.benchsuite.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Loads a {@link BenchConfig} from a JSON file, applying {@code --set key=value} overrides. */
public final class ConfigLoader {

    /** Strict: a key given twice or text after the closing brace is an error, not silently ignored. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    /** Reads {@code file} and applies {@code overrides} ({@code key=value}; value parsed as JSON if it can be). */
    public static BenchConfig load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found; check the path given to --config");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text; save the config as UTF-8 JSON");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory; --config needs a JSON file");
            }
            throw new ConfigException(file + ": cannot read config file (" + e.getMessage() + ")");
        }
        if (looksLikeYaml(file, text)) {
            throw new ConfigException(file + ": only JSON is read, and this looks like YAML; write the config as a "
                    + "JSON object, e.g. {\"benchmark_type\": \"system_api\", \"endpoint\": \"http://localhost:8080/api\"} "
                    + "(see docs/config.md)");
        }
        ObjectNode root = parseObject(file.toString(), text);
        Path dir = file.toAbsolutePath().getParent();
        BenchConfig config = BenchConfig.of(file.toString(), dir, root);
        ObjectNode set = overrideValues(overrides);
        return set.isEmpty() ? config : config.with(BenchConfig.Layer.overrides(file.toString(), "--set", set,
                key -> set.has(key) ? "--set " + key + "=..." : null));
    }

    /** A {@code .yaml}/{@code .yml} file, or text that starts like YAML ({@code key: value}) instead of JSON. */
    private static boolean looksLikeYaml(Path file, String text) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String start = text.startsWith("\uFEFF") ? text.substring(1).strip() : text.strip();
        if (start.startsWith("{") || start.startsWith("[")) {
            return false;
        }
        return name.endsWith(".yaml") || name.endsWith(".yml") || start.startsWith("---")
                || start.matches("(?s)^(#[^\\n]*\\n\\s*)*[A-Za-z_][\\w.-]*\\s*:.*");
    }

    /** Parses {@code text} as a JSON object; the error names line and column. */
    public static ObjectNode parseObject(String source, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write: not part of the JSON
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON" + jsonProblem(e));
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

    /**
     * {@code " at line L, column C: problem"} for a JSON syntax error, in short words (no parser internals).
     */
    public static String jsonProblem(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (msg.startsWith("Trailing token")) {
            msg = "more text after the end of the JSON value";
        } else if (msg.startsWith("Duplicate field '")) {
            msg = "key \"" + msg.substring(17, msg.length() - 1) + "\" appears twice";
        }
        // the parser quotes the offending text, which may be an unquoted secret: name the problem, not the text
        msg = msg.replaceAll("^Unrecognized token '.*?': was expecting.*",
                        "a word that is not a JSON value (strings need double quotes)")
                .replaceAll("\\('(.+?)' \\(code \\d+\\)\\)", "'$1'")
                .replaceAll("expected a valid value \\(.*", "expected a value")
                .replaceAll(" \\(start marker at .*", "")
                .replaceAll("(?s)\\n.*", "");
        if (msg.length() > 160) {
            msg = msg.substring(0, 160) + "...";
        }
        return where + ": " + msg;
    }

    /**
     * The values of {@code key=value} overrides ({@code --set}): the value is JSON when it parses as JSON, else a
     * string. A later override of the same key wins.
     */
    public static ObjectNode overrideValues(List<String> overrides) {
        ObjectNode values = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (overrides == null) {
            return values;
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? "" : o.substring(0, eq).trim();
            if (key.isEmpty()) {
                // with an '=', what follows may be a secret: not echoed
                throw new ConfigException("--set " + (eq < 0 ? o : "=...") + ": expected key=value, e.g. "
                        + "--set max_load=50");
            }
            values.set(key, value(o.substring(eq + 1)));
        }
        return values;
    }

    /** {@code text} as JSON when it parses as JSON, else as a string. */
    public static JsonNode value(String text) {
        try {
            JsonNode parsed = MAPPER.readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
