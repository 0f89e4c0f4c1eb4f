package io.benchsuite.llm;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * The validated {@code llm_api} settings of a config. {@link #toString()} never shows the key.
 *
 * @param provider     wire protocol and defaults
 * @param baseUrl      base URL without a trailing slash
 * @param model        model name sent with every request
 * @param maxTokens    output token cap per request
 * @param temperature  sampling temperature, empty for the provider's default
 * @param systemPrompt system prompt, or null
 * @param apiKey       the key, or null (only {@code openai_compatible} may run without one)
 * @param keySource    where the key came from, for messages: {@code auth_token}, an env variable, or none
 * @param serverMetricsUrl the server's Prometheus metrics to scrape once a second ({@code server_metrics_url}), or null
 * @param prices       the token prices ({@code pricing}), or null
 */
record LlmSettings(Provider provider, String baseUrl, String model, long maxTokens, OptionalDouble temperature,
                   String systemPrompt, String apiKey, String keySource, String serverMetricsUrl,
                   io.benchsuite.result.Prices prices) {

    /** The keys of {@code pricing}, US dollars per million tokens. */
    static final java.util.List<String> PRICE_KEYS = java.util.List.of("input_per_million", "output_per_million",
            "cached_input_per_million");

    static final long DEFAULT_MAX_TOKENS = 256;

    LlmSettings {
        if (provider == null || baseUrl == null || model == null || model.isBlank() || maxTokens < 1) {
            throw new IllegalArgumentException("provider, base URL and model are required; max tokens must be >= 1");
        }
    }

    /** Reads and validates the settings; {@code env} looks up environment variables. */
    static LlmSettings of(BenchConfig config, UnaryOperator<String> env) {
        String providerName = config.requiredString("provider");
        Provider provider = Provider.named(providerName);
        if (provider == null) {
            throw config.error("provider", "(\"" + providerName + "\") is not a known provider; use one of: "
                    + Provider.names() + " (openai_compatible with \"base_url\" for any other OpenAI-compatible "
                    + "server: vLLM, TGI, llama.cpp, Ollama, ...)");
        }
        String baseUrl = config.optionalString("base_url").map(String::trim).orElse(provider.defaultBaseUrl);
        if (baseUrl == null || baseUrl.isEmpty()) {
            throw config.error("base_url", "is required for provider \"" + provider.configName
                    + "\": the server's OpenAI-compatible base URL, e.g. \"http://localhost:8000/v1\"");
        }
        baseUrl = checkUrl(config, "base_url", baseUrl, "\"https://api.openai.com/v1\"");
        String model = config.requiredString("model");
        if (model.isBlank()) {
            throw config.error("model", "must not be empty; give the model name, e.g. \"gpt-4o-mini\"");
        }
        long maxTokens = config.optionalLong("max_tokens").orElse(DEFAULT_MAX_TOKENS);
        if (maxTokens < 1) {
            throw config.error("max_tokens", "(" + maxTokens + ") must be >= 1");
        }
        OptionalDouble temperature = OptionalDouble.empty();
        if (config.has("temperature")) {
            double t = config.optionalDouble("temperature").orElseThrow();
            if (t < 0 || t > 2 || Double.isNaN(t)) {
                throw config.error("temperature", "(" + t + ") must be between 0 and 2");
            }
            temperature = OptionalDouble.of(t);
        }
        String systemPrompt = config.optionalString("system_prompt").filter(s -> !s.isEmpty()).orElse(null);
        String key = config.optionalString("auth_token").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        String keySource = "auth_token";
        if (key != null && key.startsWith("Bearer ")) {
            key = key.substring(7).trim();
        }
        if (key == null) {
            String fromEnv = env.apply(provider.keyVariable);
            key = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
            keySource = key == null ? "none" : provider.keyVariable;
        }
        if (key != null) {
            String problem = Secrets.problem(key);
            if (problem != null) {
                throw keySource.equals("auth_token") ? config.error("auth_token", problem)
                        : new ConfigException(config.source() + ": the API key in the environment variable " + keySource
                        + " " + problem);
            }
        }
        if (key == null && provider.keyRequired) {
            throw new ConfigException(config.source() + ": no API key for provider \"" + provider.configName
                    + "\"; set the environment variable " + provider.keyVariable
                    + " (recommended: keeps the key out of config files) or \"auth_token\"");
        }
        String metricsUrl = config.optionalString("server_metrics_url").map(String::trim).orElse(null);
        if (metricsUrl != null) {
            metricsUrl = checkUrl(config, "server_metrics_url", metricsUrl, "\"http://localhost:8000/metrics\"");
        }
        return new LlmSettings(provider, baseUrl, model, maxTokens, temperature, systemPrompt, key, keySource,
                metricsUrl, prices(config));
    }

    /**
     * {@code pricing}: an object of {@link #PRICE_KEYS}, input and output required, cached input defaulting to the
     * input price; null when absent.
     */
    private static io.benchsuite.result.Prices prices(BenchConfig config) {
        com.fasterxml.jackson.databind.JsonNode n = config.json().get("pricing");
        if (n == null || n.isNull()) {
            return null;
        }
        String example = "e.g. {\"input_per_million\": 0.15, \"output_per_million\": 0.60, "
                + "\"cached_input_per_million\": 0.075} (US dollars per million tokens)";
        if (!n.isObject()) {
            throw config.error("pricing", "must be an object, " + example);
        }
        for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!PRICE_KEYS.contains(field)) {
                throw config.error("pricing", "has an unknown key \"" + field + "\"; use " + String.join(", ", PRICE_KEYS)
                        + ", " + example);
            }
        }
        double[] values = new double[3];
        for (int i = 0; i < 3; i++) {
            com.fasterxml.jackson.databind.JsonNode v = n.get(PRICE_KEYS.get(i));
            if (v == null || v.isNull()) {
                if (i == 2) {
                    values[2] = values[0];
                    continue;
                }
                throw config.error("pricing", "needs \"" + PRICE_KEYS.get(i) + "\", " + example);
            }
            if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
                throw config.error("pricing", "\"" + PRICE_KEYS.get(i) + "\" (" + v + ") must be a number >= 0 (US "
                        + "dollars per million tokens)");
            }
            values[i] = v.asDouble();
        }
        return new io.benchsuite.result.Prices(values[0], values[1], values[2]);
    }

    private static String checkUrl(BenchConfig config, String key, String url, String example) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw config.error(key, "(\"" + url + "\") is not a valid URL: " + e.getReason()
                    + "; expected e.g. " + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw config.error(key, "(\"" + url + "\") must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw config.error(key, "(\"" + url + "\") has no host; expected e.g. " + example);
        }
        if (uri.getUserInfo() != null) {
            throw config.error(key, "must not carry credentials (user:password@); use the provider's API "
                    + "key environment variable or \"auth_token\"");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The Messages endpoint: {@code {base_url}/v1/messages}, or {@code {base_url}/messages} when it ends in /v1. */
    String anthropicMessagesUrl() {
        return baseUrl.endsWith("/v1") ? baseUrl + "/messages" : baseUrl + "/v1/messages";
    }

    /** The key and the secret parts of the base URL: what a server's error body must never show of them. */
    Secrets secrets() {
        return Secrets.of(apiKey == null ? java.util.List.of() : java.util.List.of(apiKey))
                .and(Secrets.inUrl(baseUrl, java.util.Set.of()));
    }

    /** {@code openai gpt-4o-mini @ https://api.openai.com/v1}. */
    String describe() {
        return provider.configName + " " + model + " @ " + baseUrl;
    }

    @Override
    public String toString() {
        return "LlmSettings[" + describe() + ", max_tokens=" + maxTokens + ", key from " + keySource + "]";
    }
}
