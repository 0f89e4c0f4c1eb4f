package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.dataset.Dataset;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code llm_api} benchmark type: streams completions from OpenAI, Together AI, Anthropic or any
 * OpenAI-compatible server and records TTFT, TPOT, ITL and tokens (see {@code docs/llm.md} and
 * {@code docs/metrics.md}).
 *
 * <p>Config keys besides the common ones:
 * <table>
 *   <caption>llm_api keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code provider}</td><td>{@code openai | together | anthropic | openai_compatible}</td><td>required</td></tr>
 *   <tr><td>{@code base_url}</td><td>the API's base URL</td><td>per provider; required for openai_compatible</td></tr>
 *   <tr><td>{@code model}</td><td>model name</td><td>required</td></tr>
 *   <tr><td>{@code max_tokens}</td><td>output token cap per request</td><td>{@value LlmSettings#DEFAULT_MAX_TOKENS}</td></tr>
 *   <tr><td>{@code temperature}</td><td>0 to 2</td><td>the provider's default</td></tr>
 *   <tr><td>{@code system_prompt}</td><td>system message</td><td>none</td></tr>
 *   <tr><td>{@code auth_token}</td><td>API key; prefer the environment variable</td><td>{@code OPENAI_API_KEY},
 *       {@code TOGETHER_API_KEY} or {@code ANTHROPIC_API_KEY}</td></tr>
 *   <tr><td>{@code pricing}</td><td>{@code {"input_per_million", "output_per_million", "cached_input_per_million"}}
 *       in US dollars: the run's {@code cost_usd}</td><td>none</td></tr>
 *   <tr><td>{@code server_metrics_url}</td><td>the server's Prometheus metrics (vLLM {@code /metrics}), scraped once
 *       a second into the timeline</td><td>none</td></tr>
 * </table>
 * Every dataset record needs a {@code prompt} string; other fields are ignored.
 *
 * <p>Found with {@link java.util.ServiceLoader} when {@code io.benchsuite:bench-llm} is on the class path.
 */
public final class LlmTargetFactory implements TargetFactory {

    /** The benchmark type this factory serves. */
    public static final String TYPE = "llm_api";

    static final Set<String> KEYS = Set.of("provider", "base_url", "model", "max_tokens", "temperature",
            "system_prompt", "auth_token", "pricing", "server_metrics_url");

    private final UnaryOperator<String> env;

    public LlmTargetFactory() {
        this(System::getenv);
    }

    /** A factory that reads environment variables through {@code env} (tests). */
    LlmTargetFactory(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public String benchmarkType() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    /** One connection per stream. */
    @Override
    public int connectionsPerWorker() {
        return 1;
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("auth_token", "api_key");
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public boolean datasetRequired() {
        return true;
    }

    @Override
    public void validate(BenchConfig config) {
        LlmSettings.of(config, env);
    }

    /**
     * The stream of the configured provider ({@link LlmProtocol}) on the event loop ({@link #eventLoop}) or on the
     * worker threads; both transports send and read it the same way.
     */
    @Override
    public Target create(BenchConfig config) {
        LlmSettings settings = LlmSettings.of(config, env);
        LlmProtocol protocol = LlmProtocol.of(settings);
        ServerMetrics scraper = settings.serverMetricsUrl() == null ? null
                : ServerMetrics.start(settings.serverMetricsUrl());
        LlmExtras extras = new LlmExtras(settings.prices(), scraper);
        if (eventLoop(config)) {
            return new LlmLoopTarget(protocol, extras);
        }
        return new LlmThreadTarget(protocol, extras);
    }

    /**
     * {@code worker_threads: event_loop}, or {@code auto} (the default) with an {@code http://} base URL (a
     * self-hosted server); {@code auto} keeps the hosted providers ({@code https://}) on threads. See docs/llm.md.
     */
    @Override
    public boolean eventLoop(BenchConfig config) {
        WorkerThreads threads = WorkerThreads.from(config);
        if (threads == WorkerThreads.EVENT_LOOP) {
            return true;
        }
        if (threads != WorkerThreads.AUTO) {
            return false;
        }
        return LlmProtocol.url(LlmSettings.of(config, env)).regionMatches(true, 0, "http://", 0, 7);
    }

    @Override
    public String describe(BenchConfig config) {
        return LlmSettings.of(config, env).describe();
    }

    @Override
    public Dataset.RecordCheck recordCheck(BenchConfig config) {
        String file = config.dataset().map(Path::toString).orElse("dataset");
        boolean anthropic = Provider.named(config.optionalString("provider").orElse("")) == Provider.ANTHROPIC;
        return (index, record) -> {
            JsonNode prompt = record.get("prompt");
            if (prompt == null || !prompt.isTextual() || prompt.asText().isEmpty()) {
                throw new ConfigException(file + ": record " + index + (prompt == null ? " has no \"prompt\""
                        : " has a \"prompt\" that is not a non-empty string")
                        + "; every llm_api record needs one, e.g. {\"prompt\": \"Explain TCP slow start.\"}");
            }
            JsonNode max = record.get("max_tokens");
            if (max != null && !(max.isIntegralNumber() && max.canConvertToLong() && max.asLong() >= 1)) {
                throw new ConfigException(file + ": record " + index + " has \"max_tokens\" " + max + ", which is not "
                        + "an integer >= 1; a record's max_tokens caps its output instead of the config's");
            }
            JsonNode eos = record.get("ignore_eos");
            if (eos != null && !eos.isBoolean()) {
                throw new ConfigException(file + ": record " + index + " has \"ignore_eos\" " + eos + ", which is not "
                        + "true or false");
            }
            if (eos != null && eos.asBoolean() && anthropic) {
                throw new ConfigException(file + ": record " + index + " has \"ignore_eos\": true, which the Anthropic "
                        + "Messages API does not take (it is a vLLM-compatible servers' option); write the dataset "
                        + "without --ignore-eos");
            }
        };
    }

    @Override
    public Secrets secrets(BenchConfig config) {
        Secrets out = config.secrets(secretKeys());
        try {
            String key = LlmSettings.of(config, env).apiKey();
            if (key != null) {
                out = out.and(java.util.List.of(key));
            }
        } catch (ConfigException e) {
            // an invalid config has no run to redact
        }
        return out;
    }
}
