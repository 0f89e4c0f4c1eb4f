package io.benchsuite.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.WorkerThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A benchmark configuration in the seed's JSON format (see {@code docs/config.md}): the common fields
 * (load plan, naming, dataset, timeout) typed and validated, plus typed access to the target's own fields.
 *
 * <p>Every accessor that fails throws {@link ConfigException} naming the source file and the field.
 */
public final class BenchConfig {

    /** Keys every benchmark type accepts. */
    public static final Set<String> COMMON_KEYS = Set.of(
            "benchmark_type", "name", "org_id", "benchmark_run_id",
            "min_load", "max_load", "enable_ramping", "ramp_duration_seconds", "hold_seconds",
            "duration_seconds", "total_requests", "timeout", "dataset", "request_log", "thresholds",
            "secret_headers", "secret_query_params", "warmup_seconds", "worker_threads");

    /** Header names whose values are always secret. */
    public static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie");

    /** The text that replaces a secret value ({@link Secrets#REDACTED}). */
    public static final String REDACTED = Secrets.REDACTED;

    private final String source;
    private final Path baseDir;
    private final ObjectNode root;
    private final Set<String> setKeys;

    private BenchConfig(String source, Path baseDir, ObjectNode root, Set<String> setKeys) {
        this.source = source;
        this.baseDir = baseDir;
        this.root = root;
        this.setKeys = Set.copyOf(setKeys);
    }

    /**
     * A configuration from an already parsed JSON object.
     *
     * @param source  how to name it in messages, e.g. the file name
     * @param baseDir where relative paths ({@code dataset}) resolve from
     */
    public static BenchConfig of(String source, Path baseDir, ObjectNode root) {
        return new BenchConfig(source, baseDir, root.deepCopy(), Set.of());
    }

    /**
     * A configuration some of whose keys came from {@code --set key=value}: messages about those keys say so.
     *
     * @param setKeys the keys given with {@code --set}
     */
    public static BenchConfig of(String source, Path baseDir, ObjectNode root, Set<String> setKeys) {
        return new BenchConfig(source, baseDir, root.deepCopy(), setKeys);
    }

    /** The configuration as JSON (a copy; secrets included, so never print it: see {@link #redacted()}). */
    public ObjectNode json() {
        return root.deepCopy();
    }

    public String source() {
        return source;
    }

    public Path baseDir() {
        return baseDir;
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

    /** The load plan from {@code min_load, max_load, enable_ramping, ramp_duration_seconds, ...}. */
    public LoadPlan loadPlan() {
        int min = optionalInt("min_load").orElse(1);
        if (min < 1) {
            throw error("min_load", "(" + min + ") must be >= 1");
        }
        int max = optionalInt("max_load").orElse(Math.max(min, 10));
        if (max < min) {
            throw new ConfigException(source + ": \"max_load\" (" + max + ") must be >= \"min_load\" (" + min + ")"
                    + (setKeys.contains("max_load") || setKeys.contains("min_load") ? " (given with --set)" : ""));
        }
        boolean ramping = optionalBoolean("enable_ramping").orElse(true);
        Duration ramp = optionalSeconds("ramp_duration_seconds").orElse(Duration.ofSeconds(60));
        Duration hold = optionalSeconds("hold_seconds", true).orElse(Duration.ZERO);
        Duration duration = optionalSeconds("duration_seconds").orElse(ramp);
        long total = optionalLong("total_requests").orElse(0L);
        if (total < 0) {
            throw error("total_requests", "(" + total + ") must be >= 1, or left out for no cap");
        }
        boolean climbs = ramping && max > min;
        Duration length = ramping ? ramp.plus(hold) : duration;
        return new LoadPlan(min, max, climbs, ramp, climbs ? hold : Duration.ZERO, length, total);
    }

    /**
     * Unmeasured load before the run ({@code warmup_seconds}, default 0): {@code max_load} workers send real
     * requests that are recorded nowhere, so connection set-up and JIT compilation stay out of the first bucket.
     */
    public Duration warmup() {
        return optionalSeconds("warmup_seconds", true).orElse(Duration.ZERO);
    }

    /**
     * What runs each worker ({@code worker_threads}: {@code auto}, the default, {@code platform},
     * {@code virtual} or {@code event_loop}); see {@link WorkerThreads}.
     */
    public WorkerThreads workerThreads() {
        return optionalString("worker_threads").map(v -> {
            WorkerThreads kind = WorkerThreads.parse(v);
            if (kind == null) {
                throw error("worker_threads", "must be " + WorkerThreads.choices() + ", got \"" + v + "\"");
            }
            return kind;
        }).orElse(WorkerThreads.AUTO);
    }

    /** The per-request timeout ({@code timeout}, seconds, default 30). */
    public Duration timeout() {
        return optionalSeconds("timeout").orElse(Duration.ofSeconds(30));
    }

    /** The dataset file, resolved against the config file's directory, then the working directory. */
    public Optional<Path> dataset() {
        return optionalString("dataset").map(p -> {
            Path path = Path.of(p);
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
                String where = setKeys.contains(key) ? "--set " + key + "=...: unknown key \"" + key + "\""
                        : source + ": unknown key \"" + key + "\"";
                throw new ConfigException(where
                        + (suggestion != null ? "; did you mean \"" + suggestion + "\"?"
                        : " for benchmark_type \"" + benchmarkType() + "\"; see docs/config.md"));
            }
        }
    }

    /**
     * A {@link ConfigException} about {@code key}: {@code source: "key" problem}. Passwords and secret query
     * parameters of the config's URLs are replaced by {@value Secrets#REDACTED} in it, since problems quote URLs.
     */
    public ConfigException error(String key, String problem) {
        return new ConfigException(urlSecrets().scrub(source + ": \"" + key + "\" " + problem
                + (setKeys.contains(key) ? " (given with --set " + key + "=...)" : "")));
    }

    // ------------------------------------------------------------------ typed access

    public boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    public String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> new ConfigException(
                source + ": missing required field \"" + key + "\" for benchmark_type \"" + benchmarkType()
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
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw error(key, "must be a whole number, got " + describe(key, n));
        }
        return Optional.of(n.asLong());
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

    /** A positive number of seconds. */
    public Optional<Duration> optionalSeconds(String key) {
        return optionalSeconds(key, false);
    }

    private Optional<Duration> optionalSeconds(String key, boolean zeroAllowed) {
        return optionalDouble(key).map(s -> {
            if (s < 0 || (!zeroAllowed && s == 0) || s.isNaN() || s.isInfinite()) {
                throw error(key, "(" + formatNumber(s) + ") must be " + (zeroAllowed ? ">= 0" : "> 0") + " seconds");
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
        Map<String, String> out = new java.util.LinkedHashMap<>();
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
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(secrets.scrub(a.get(i).asText())));
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

    static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** An empty object config, for code-defined runs. */
    public static BenchConfig empty(String source) {
        return new BenchConfig(source, null, JsonNodeFactory.instance.objectNode(), Set.of());
    }
}
