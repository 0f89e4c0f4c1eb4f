package io.benchsuite.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The setting values of a run in the seed's JSON format (see {@code docs/config.md}), read from one or more
 * {@linkplain Layer layers}: a config file, then {@code --set} overrides (CLI); or a config file, annotation
 * attributes and configuration parameters ({@code @LoadTest}). A later layer wins key by key. Every value keeps
 * where it came from, so that a message about it names that place in the user's own terms ({@code maxLoad} for an
 * annotation attribute, {@code "max_load"} in a file, {@code (given with --set max_load=...)} from the command
 * line), and so that a run can say where each setting came from ({@link #origin(String)}).
 *
 * <p>The rules about the values live in the typed settings read from here ({@link io.benchsuite.engine.LoadPlan},
 * {@link RunSettings}, the targets' own settings); this class gives typed access whose failures are
 * {@link ConfigException}s naming the source and the field.
 */
public final class BenchConfig {

    /** Keys every benchmark type accepts. */
    public static final Set<String> COMMON_KEYS = Set.of(
            "benchmark_type", "name", "org_id", "benchmark_run_id",
            "min_load", "max_load", "enable_ramping", "ramp_duration_seconds", "hold_seconds",
            "duration_seconds", "total_requests", "timeout", "dataset", "request_log", "thresholds",
            "secret_headers", "secret_query_params", "warmup_seconds", "worker_threads",
            "load_model", "min_rate", "max_rate", "rate_levels", "arrival", "burstiness", "max_in_flight", "seed",
            "fail_on_invalid", "sweep_resolution", "repeat", "regression_threshold");

    /** Header names whose values are always secret. */
    public static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie");

    /** The text that replaces a secret value ({@link Secrets#REDACTED}). */
    public static final String REDACTED = Secrets.REDACTED;

    /** The longest duration a setting may have (seven days), so that a typo cannot plan a run for years. */
    public static final double MAX_SECONDS = 7 * 24 * 3600;
    /** The shortest positive duration a setting may have (one millisecond). */
    public static final double MIN_SECONDS = 0.001;

    /**
     * One source of setting values.
     *
     * @param source      where messages about its keys point, e.g. the config file ({@code ""}: the caller names the
     *                    place, as {@code @LoadTest} does for its attributes)
     * @param description what the run prints as the origin of its values, e.g. {@code c.json}, {@code --set}
     * @param values      the values, by config key
     * @param names       how a message names a key of this layer ({@code "max_load"}, {@code maxLoad})
     * @param via         for layers that override a file: how the user gave {@code key} ({@code --set max_load=...},
     *                    {@code -Dbenchsuite.maxLoad}), or null
     */
    public record Layer(String source, String description, ObjectNode values, UnaryOperator<String> names,
                        UnaryOperator<String> via) {

        public Layer {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(description, "description");
            values = values.deepCopy();
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(via, "via");
        }

        /** A config file (or another JSON object) named {@code source} in messages. */
        public static Layer file(String source, ObjectNode values) {
            return new Layer(source, source, values, BenchConfig::quoted, key -> null);
        }

        /** Overrides of a file's values given elsewhere: messages name {@code source} and say how via {@code via}. */
        public static Layer overrides(String source, String description, ObjectNode values, UnaryOperator<String> via) {
            return new Layer(source, description, values, BenchConfig::quoted, via);
        }
    }

    private final Path baseDir;
    private final List<Layer> layers;
    private final ObjectNode root;

    private BenchConfig(Path baseDir, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a config needs at least one layer");
        }
        this.baseDir = baseDir;
        this.layers = List.copyOf(layers);
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (Layer l : this.layers) {
            merged.setAll(l.values().deepCopy());
        }
        this.root = merged;
    }

    /**
     * A configuration from an already parsed JSON object.
     *
     * @param source  how to name it in messages, e.g. the file name
     * @param baseDir where relative paths ({@code dataset}) resolve from
     */
    public static BenchConfig of(String source, Path baseDir, ObjectNode root) {
        return new BenchConfig(baseDir, List.of(Layer.file(source, root)));
    }

    /** A configuration read from {@code layers}, the first the lowest. */
    public static BenchConfig layered(Path baseDir, List<Layer> layers) {
        return new BenchConfig(baseDir, layers);
    }

    /** This configuration with {@code layer} on top (its values win). */
    public BenchConfig with(Layer layer) {
        List<Layer> all = new ArrayList<>(layers);
        all.add(layer);
        return new BenchConfig(baseDir, all);
    }

    /** An empty object config, for code-defined runs. */
    public static BenchConfig empty(String source) {
        return of(source, null, JsonNodeFactory.instance.objectNode());
    }

    /** The configuration as JSON, all layers merged (a copy; secrets included, so never print it). */
    public ObjectNode json() {
        return root.deepCopy();
    }

    /** Where messages about the base layer (the config file) point. */
    public String source() {
        return layers.getFirst().source();
    }

    public Path baseDir() {
        return baseDir;
    }

    // ------------------------------------------------------------------ where values came from

    /** The layer that gives {@code key} its value (the topmost that has it), or the base layer. */
    /**
     * How high the layer that gives {@code key} stands: later layers (overrides) rank higher; -1 when no layer gives
     * it. For rules about keys that only make sense together, e.g. a setting given below one that disables it.
     */
    public int precedence(String key) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).values().has(key)) {
                return i;
            }
        }
        return -1;
    }

    private Layer layerOf(String key) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).values().has(key)) {
                return layers.get(i);
            }
        }
        return layers.getFirst();
    }

    /** Where the value of {@code key} came from ({@link Layer#description()}), or {@code default} when unset. */
    public String origin(String key) {
        if (!has(key)) {
            return "default";
        }
        Layer l = layerOf(key);
        String via = l.via().apply(key);
        return via != null ? via : l.description();
    }

    /**
     * How {@code key}'s value was given when it overrides the config (e.g. {@code --set max_load=...},
     * {@code benchsuite.maxLoad}, {@code benchsuite.timeScale=0.1}); empty when it is the config's own or a default.
     */
    public Optional<String> overriddenBy(String key) {
        return has(key) ? Optional.ofNullable(layerOf(key).via().apply(key)) : Optional.empty();
    }

    /** {@code key} as messages name it where its value came from: {@code "max_load"}, or {@code maxLoad}. */
    public String name(String key) {
        return layerOf(key).names().apply(key);
    }

    /**
     * A {@link ConfigException} about {@code key}: {@code source: "key" problem}, in the terms of the place the
     * value came from. Passwords and secret query parameters of the config's URLs are replaced by
     * {@value Secrets#REDACTED} in it, since problems quote URLs.
     */
    public ConfigException error(String key, String problem) {
        Layer l = layerOf(key);
        String via = l.via().apply(key);
        return new ConfigException(urlSecrets().scrub((l.source().isEmpty() ? "" : l.source() + ": ")
                + l.names().apply(key) + " " + problem + (via != null ? " (given with " + via + ")" : "")));
    }

    static String quoted(String key) {
        return "\"" + key + "\"";
    }

    // ------------------------------------------------------------------ common fields

    public String benchmarkType() {
        return optionalString("benchmark_type").orElse("system_api");
    }

    public String orgId() {
        return optionalString("org_id").orElse("default");
    }

    public Optional<String> runId() {
        return optionalString("benchmark_run_id");
    }

    public Optional<String> name() {
        return optionalString("name");
    }

    /** {@code <yyyyMMdd-HHmmss>-<4 hex digits>}: sortable by time, unique enough per machine. */
    public static String generateRunId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
                + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** The dataset file, resolved against the config file's directory, then the working directory. */
    public Optional<Path> dataset() {
        return optionalString("dataset").map(p -> {
            Path path;
            try {
                path = Path.of(p);
            } catch (java.nio.file.InvalidPathException e) {
                throw error("dataset", "(\"" + p + "\") is not a valid path here (" + e.getReason() + ")");
            }
            if (path.isAbsolute()) {
                return path;
            }
            Path relativeToConfig = baseDir == null ? path : baseDir.resolve(path);
            return Files.exists(relativeToConfig) || !Files.exists(path) ? relativeToConfig : path;
        });
    }

    /** Threshold expressions ({@code thresholds}: array of strings). */
    public List<String> thresholds() {
        JsonNode node = root.get("thresholds");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("thresholds", "must be an array of strings such as [\"p99 < 250ms\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw error("thresholds", "must be an array of strings such as [\"p99 < 250ms\"], got " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    // ------------------------------------------------------------------ validation

    /** Rejects keys that neither the common set nor {@code targetKeys} know, suggesting the closest. */
    public void checkKnownKeys(Set<String> targetKeys) {
        Set<String> known = new LinkedHashSet<>(COMMON_KEYS);
        known.addAll(targetKeys);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String suggestion = Suggest.closest(key, known);
                Layer l = layerOf(key);
                String via = l.via().apply(key);
                String where = via != null ? via + ": " : l.source().isEmpty() ? "" : l.source() + ": ";
                throw new ConfigException(where + "unknown key \"" + key + "\""
                        + (suggestion != null ? "; did you mean \"" + suggestion + "\"?"
                        : " for benchmark_type \"" + benchmarkType() + "\"; see docs/config.md"));
            }
        }
    }

    // ------------------------------------------------------------------ typed access

    public boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    public String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> new ConfigException(
                source() + ": missing required field \"" + key + "\" for benchmark_type \"" + benchmarkType()
                        + "\"; see docs/config.md"));
    }

    public Optional<String> optionalString(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw error(key, "must be a string, got " + describe(key, n));
        }
        return Optional.of(n.asText());
    }

    public Optional<Integer> optionalInt(String key) {
        return optionalLong(key).map(v -> {
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw error(key, "(" + v + ") is out of range");
            }
            return v.intValue();
        });
    }

    public Optional<Long> optionalLong(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw error(key, "(" + n.asText() + ") is out of range");
            }
            return Optional.of(n.asLong());
        }
        double d = n.asDouble();
        if (!n.isNumber() || d != Math.rint(d)) {
            throw error(key, "must be a whole number, got " + describe(key, n));
        }
        if (Math.abs(d) >= 9.2e18 || Double.isInfinite(d)) {
            throw error(key, "(" + formatNumber(d) + ") is out of range");
        }
        return Optional.of((long) d);
    }

    public Optional<Double> optionalDouble(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isNumber()) {
            throw error(key, "must be a number, got " + describe(key, n));
        }
        return Optional.of(n.asDouble());
    }

    public Optional<Boolean> optionalBoolean(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw error(key, "must be true or false, got " + describe(key, n));
        }
        return Optional.of(n.asBoolean());
    }

    /** A positive number of seconds, between {@value #MIN_SECONDS} and {@value #MAX_SECONDS}. */
    public Optional<Duration> optionalSeconds(String key) {
        return optionalSeconds(key, false);
    }

    /** A number of seconds, zero allowed, at most {@value #MAX_SECONDS}. */
    public Optional<Duration> optionalSecondsOrZero(String key) {
        return optionalSeconds(key, true);
    }

    private Optional<Duration> optionalSeconds(String key, boolean zeroAllowed) {
        return optionalDouble(key).map(s -> {
            if (s < 0 || (!zeroAllowed && s == 0) || s.isNaN() || s.isInfinite()) {
                throw error(key, "(" + formatNumber(s) + ") must be " + (zeroAllowed ? ">= 0" : "> 0") + " seconds");
            }
            if (s > MAX_SECONDS) {
                throw error(key, "(" + formatNumber(s) + ") must be at most " + formatNumber(MAX_SECONDS)
                        + " seconds (seven days)");
            }
            if (s != 0 && s < MIN_SECONDS) {
                throw error(key, "(" + formatNumber(s) + ") must be at least " + MIN_SECONDS + " seconds");
            }
            return Duration.ofNanos(Math.round(s * 1e9));
        });
    }

    /** A JSON object of string values, e.g. {@code headers}. Empty when absent. */
    public Map<String, String> stringMap(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw error(key, "must be an object of strings such as {\"X-Team\": \"checkout\"}, got " + describe(key, n));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw error(key, "value of \"" + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    // ------------------------------------------------------------------ secrets

    /** Header names whose values are secret: {@link #SECRET_HEADERS} plus {@code secret_headers}, lower case. */
    public Set<String> secretHeaderNames() {
        Set<String> names = new LinkedHashSet<>(SECRET_HEADERS);
        names.addAll(lowerCaseNames("secret_headers", "[\"X-Signature\"]"));
        return names;
    }

    /** Query parameter names whose values are secret besides {@link Secrets#SECRET_QUERY_PARAMS}, lower case. */
    public Set<String> secretQueryParams() {
        return lowerCaseNames("secret_query_params", "[\"session\"]");
    }

    private Set<String> lowerCaseNames(String key, String example) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return Set.of();
        }
        String problem = "must be an array of names such as " + example
                + " (a value that is not an array would leave those values unprotected)";
        if (!n.isArray()) {
            throw error(key, problem + ", got " + describe(n));
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode h : n) {
            if (!h.isTextual() || h.asText().isBlank()) {
                throw error(key, problem + ", got an element " + describe(h));
            }
            names.add(h.asText().strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * Refuses secret values that cannot be sent safely (see {@link Secrets#problem(String)}): the values of
     * {@code secretKeys} and of secret headers. Never quotes the value.
     */
    public void checkSecrets(Set<String> secretKeys) {
        for (String k : secretKeys) {
            JsonNode n = root.get(k);
            if (n != null && n.isTextual()) {
                String problem = Secrets.problem(n.asText());
                if (problem != null) {
                    throw error(k, problem);
                }
            }
        }
        Set<String> secretHeaders = secretHeaderNames();
        JsonNode headers = root.get("headers");
        if (headers != null && headers.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (secretHeaders.contains(e.getKey().toLowerCase(Locale.ROOT)) && e.getValue().isTextual()) {
                    String problem = Secrets.problem(e.getValue().asText());
                    if (problem != null) {
                        throw error("headers", "value of secret header \"" + e.getKey() + "\" " + problem);
                    }
                }
            }
        }
        secretQueryParams();
    }

    /**
     * The secret values in this config: the values of {@code secretKeys} (without a {@code Bearer } prefix too),
     * of secret headers, and the passwords and secret query parameters of every URL in it.
     */
    public Secrets secrets(Set<String> secretKeys) {
        List<String> out = new ArrayList<>();
        for (String k : secretKeys) {
            JsonNode n = root.get(k);
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                out.add(n.asText());
                if (n.asText().strip().regionMatches(true, 0, "Bearer ", 0, 7)) {
                    out.add(n.asText().strip().substring(7).strip());
                }
            }
        }
        Set<String> secretHeaders = secretHeaderNames();
        JsonNode headers = root.get("headers");
        if (headers != null && headers.isObject()) {
            headers.fields().forEachRemaining(e -> {
                if (secretHeaders.contains(e.getKey().toLowerCase(Locale.ROOT)) && !e.getValue().asText().isBlank()) {
                    out.add(e.getValue().asText());
                }
            });
        }
        return urlSecrets().and(out);
    }

    /** The passwords and secret query parameter values of every URL in this config. */
    private Secrets urlSecrets() {
        // the names as given, without checking them (a malformed list is reported by checkSecrets, through error(),
        // which calls this): the defaults still apply
        Set<String> params = new LinkedHashSet<>();
        JsonNode given = root.get("secret_query_params");
        if (given != null && given.isArray()) {
            given.forEach(n -> params.add(n.asText().strip().toLowerCase(Locale.ROOT)));
        }
        List<String> out = new ArrayList<>();
        collectUrlSecrets(root, params, out);
        return Secrets.of(out);
    }

    private static void collectUrlSecrets(JsonNode node, Set<String> params, List<String> out) {
        if (node.isTextual() && Secrets.isUrl(node.asText().strip())) {
            out.addAll(Secrets.inUrl(node.asText().strip(), params));
        }
        node.forEach(child -> collectUrlSecrets(child, params, out));
    }

    /**
     * A copy of the configuration with every secret replaced by {@value #REDACTED}: the values of
     * {@code secretKeys} and of secret headers, and wherever else a secret value appears (a URL's password or
     * secret query parameter, say).
     */
    public ObjectNode redacted(Set<String> secretKeys) {
        ObjectNode copy = root.deepCopy();
        for (String k : secretKeys) {
            if (copy.hasNonNull(k) && !copy.get(k).asText().isEmpty()) {
                copy.put(k, REDACTED);
            }
        }
        JsonNode headers = copy.get("headers");
        Set<String> secretHeaders = secretHeaderNames();
        if (headers instanceof ObjectNode h) {
            List<String> names = new ArrayList<>();
            h.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (secretHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                    h.put(name, REDACTED);
                }
            }
        }
        scrubStrings(copy, secrets(secretKeys));
        return copy;
    }

    private static void scrubStrings(JsonNode node, Secrets secrets) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = o.get(name);
                if (child.isTextual()) {
                    o.put(name, secrets.scrub(child.asText()));
                } else {
                    scrubStrings(child, secrets);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(secrets.scrub(a.get(i).asText())));
                } else {
                    scrubStrings(a.get(i), secrets);
                }
            }
        }
    }

    /**
     * {@link #describe(JsonNode)}, but only the type for a key whose value may be a credential
     * ({@code auth_token}, {@code *key}, {@code *secret*}, {@code *password*}, {@code headers}): a mistake must
     * not print it.
     */
    static String describe(String key, JsonNode n) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret = k.endsWith("_token") || k.endsWith("key") || k.contains("secret") || k.contains("password")
                || SECRET_HEADERS.contains(k) || k.equals("headers");
        return secret ? typeOf(n) + " (value not shown: it may be a secret)" : describe(n);
    }

    private static String typeOf(JsonNode n) {
        return n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean"
                : n.isArray() ? "an array" : n.isObject() ? "an object" : "null";
    }

    static String describe(JsonNode n) {
        String text = n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return typeOf(n) + " " + text;
    }

    /** A number as people write it: {@code 5}, {@code 0.25}, {@code 1.0E300}. */
    public static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
