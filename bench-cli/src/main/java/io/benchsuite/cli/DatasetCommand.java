package io.benchsuite.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench dataset}: writes a synthetic dataset (the seed's {@code generate_dataset.py}). Records are generated
 * and written one at a time, so memory does not grow with {@code -n}; the same seed gives the same file.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic dataset: a JSON array of records, streamed to disk.",
                "system_api: {\"id\", \"data\": {...}} records for json_path \"$.data\";",
                "llm: {\"id\", \"prompt\"} records with prompts of a chosen length distribution: in words",
                "(--prompt-words), or in tokens (--input-tokens, counted by --tokenizer) with per-record",
                "max_tokens (--output-tokens), ignore_eos and a shared prefix for prompt-cache studies.",
                "Exit codes: 0 written, 2 bad usage."})
final class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "-n", paramLabel = "N", defaultValue = "1000", description = "Records (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "File to write.")
    Path output;

    @Option(names = "--type", paramLabel = "system_api|llm|llm_api", defaultValue = "system_api",
            description = "Record shape (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: a random one, printed).")
    Long seed;

    @Option(names = "--prompt-words", paramLabel = "DIST", defaultValue = "uniform:20:200",
            description = "llm prompt length in words: uniform:MIN:MAX, normal:MEAN:SD or fixed:N "
                    + "(default: ${DEFAULT-VALUE}).")
    String promptWords;

    @Option(names = "--input-tokens", paramLabel = "MEAN[:SD[:MIN:MAX]]",
            description = "llm prompt length in tokens (exact, as --tokenizer counts), e.g. 512:128:64:1024; "
                    + "writes \"prompt_tokens\" per record.")
    String inputTokens;

    @Option(names = "--output-tokens", paramLabel = "MEAN[:SD[:MIN:MAX]]",
            description = "llm output length: each record's \"max_tokens\", e.g. 256:64:32:512.")
    String outputTokens;

    @Option(names = "--ignore-eos", description = "Adds \"ignore_eos\": true to each record, so that a vLLM-compatible "
            + "server generates exactly max_tokens (needs --output-tokens).")
    boolean ignoreEos;

    @Option(names = "--shared-prefix-tokens", paramLabel = "N", defaultValue = "0",
            description = "Every prompt starts with the same N tokens (prompt-cache studies; counted in its length).")
    int sharedPrefixTokens;

    @Option(names = "--tokenizer", paramLabel = "o200k_base|cl100k_base", defaultValue = "o200k_base",
            description = "Tokenizer that counts --input-tokens (OpenAI's, bundled; default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Generator generator;
        try {
            if (count < 0) {
                throw new IllegalArgumentException("-n (" + count + ") must be >= 0");
            }
            long s = seed != null ? seed : new SplittableRandom().nextLong();
            boolean llm = switch (type) {
                case "system_api" -> false;
                case "llm", "llm_api" -> true;
                default -> throw new IllegalArgumentException("--type \"" + type
                        + "\" is not known; use system_api or llm (llm_api)");
            };
            Shape shape = shape(llm);
            generator = !llm ? new Generator(s, null) : shape == null ? new Generator(s, Lengths.parse(promptWords))
                    : new Generator(shape, s);
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException(output + ": directory " + parent + " does not exist; "
                        + "create it or choose another -o");
            }
            try (OutputStream out = Files.newOutputStream(output)) {
                generator.write(count, out);
            }
            spec.commandLine().getOut().println("bench dataset: wrote " + count + " " + type + " records to "
                    + output + " (seed " + s + ")");
            return BenchCli.OK;
        } catch (IllegalArgumentException e) {
            err.println("bench dataset: " + e.getMessage());
            return BenchCli.USAGE;
        }
    }

    /** What a workload shaped by tokens asks for; null when the records are shaped by words. */
    record Shape(io.benchsuite.llm.dataset.ShapedPrompts prompts, io.benchsuite.llm.dataset.TokenLengths input,
                 io.benchsuite.llm.dataset.TokenLengths output, boolean ignoreEos) {
    }

    private Shape shape(boolean llm) {
        boolean byTokens = inputTokens != null || outputTokens != null || ignoreEos || sharedPrefixTokens != 0;
        if (!byTokens) {
            return null;
        }
        if (!llm) {
            throw new IllegalArgumentException("--input-tokens, --output-tokens, --ignore-eos and "
                    + "--shared-prefix-tokens shape llm records; add --type llm");
        }
        boolean wordsGiven = spec.commandLine().getParseResult().hasMatchedOption("--prompt-words");
        if (wordsGiven && inputTokens != null) {
            throw new IllegalArgumentException("--prompt-words and --input-tokens both set the prompt length; "
                    + "choose one");
        }
        if (ignoreEos && outputTokens == null) {
            throw new IllegalArgumentException("--ignore-eos needs --output-tokens: the server would generate the "
                    + "config's max_tokens for every record");
        }
        var input = inputTokens == null ? null : parseLengths("--input-tokens", inputTokens);
        var output = outputTokens == null ? null : parseLengths("--output-tokens", outputTokens);
        if (input != null && sharedPrefixTokens >= input.min()) {
            throw new IllegalArgumentException("--shared-prefix-tokens (" + sharedPrefixTokens + ") must be below "
                    + "the shortest --input-tokens (" + input.min() + "): every prompt has the prefix and more");
        }
        if (sharedPrefixTokens > 0 && input == null) {
            throw new IllegalArgumentException("--shared-prefix-tokens needs --input-tokens (lengths in tokens)");
        }
        try {
            return new Shape(new io.benchsuite.llm.dataset.ShapedPrompts(tokenizer, sharedPrefixTokens,
                    seed != null ? seed : 0), input, output, ignoreEos);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    private static io.benchsuite.llm.dataset.TokenLengths parseLengths(String option, String text) {
        try {
            return io.benchsuite.llm.dataset.TokenLengths.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    /** A prompt-length distribution in words. */
    record Lengths(String kind, double a, double b) {

        Lengths {
            boolean ok = switch (kind) {
                case "uniform" -> a >= 1 && b >= a;
                case "normal" -> a >= 1 && b >= 0;
                case "fixed" -> a >= 1;
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException("--prompt-words: bad distribution " + kind + " " + a + " " + b
                        + "; use uniform:MIN:MAX (1 <= MIN <= MAX), normal:MEAN:SD (MEAN >= 1) or fixed:N (N >= 1)");
            }
        }

        static Lengths parse(String text) {
            Lengths l = tryParse(text);
            if (l == null) {
                throw new IllegalArgumentException("--prompt-words \"" + text + "\" is not a distribution; use "
                        + "uniform:MIN:MAX, normal:MEAN:SD or fixed:N (words), e.g. uniform:20:200");
            }
            return l;
        }

        private static Lengths tryParse(String text) {
            String[] p = text.split(":");
            try {
                return switch (p[0]) {
                    case "uniform" -> p.length == 3 ? new Lengths("uniform", Integer.parseInt(p[1]),
                            Integer.parseInt(p[2])) : null;
                    case "normal" -> p.length == 3 ? new Lengths("normal", Double.parseDouble(p[1]),
                            Double.parseDouble(p[2])) : null;
                    case "fixed" -> p.length == 2 ? new Lengths("fixed", Integer.parseInt(p[1]), 0) : null;
                    default -> null;
                };
            } catch (NumberFormatException e) {
                return null;
            }
        }

        int next(SplittableRandom r) {
            return switch (kind) {
                case "uniform" -> (int) a + r.nextInt((int) b - (int) a + 1);
                case "normal" -> (int) Math.max(1, Math.round(a + b * gaussian(r)));
                default -> (int) a;
            };
        }

        private static double gaussian(SplittableRandom r) {
            // Box-Muller
            double u = 1.0 - r.nextDouble();
            double v = r.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }

    /** Writes records one by one; deterministic for a seed. */
    static final class Generator {

        private static final String[] ACTIONS = {"create_order", "update_order", "cancel_order", "get_quote",
                "search", "checkout"};
        private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
        private static final String[] PRIORITIES = {"low", "normal", "normal", "normal", "high"};
        private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south"};
        private static final String[] WORDS = ("the a system request latency service order customer report "
                + "summarize explain describe compare list write short detailed answer question data model cache "
                + "queue database network user account payment invoice product review benchmark result test load "
                + "performance error retry timeout stream token prompt response analysis example simple complex")
                .split(" ");
        private static final String[] TASKS = {"Summarize", "Explain", "Describe", "Compare", "List", "Write"};

        private final long seed;
        private final Lengths lengths;
        private final Shape shape;

        /** @param lengths prompt lengths for LLM records; null for system-API records */
        Generator(long seed, Lengths lengths) {
            this.seed = seed;
            this.lengths = lengths;
            this.shape = null;
        }

        /** LLM records shaped by tokens. */
        Generator(Shape shape, long seed) {
            this.seed = seed;
            this.lengths = shape.input() == null ? Lengths.parse("uniform:20:200") : null;
            this.shape = shape;
        }

        void write(long n, OutputStream out) throws IOException {
            SplittableRandom r = new SplittableRandom(seed);
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(
                        new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n")));
                g.writeStartArray();
                StringBuilder prompt = new StringBuilder(1024);
                for (long i = 1; i <= n; i++) {
                    if (shape != null) {
                        shaped(g, i, r, prompt);
                    } else if (lengths == null) {
                        systemApi(g, i, r);
                    } else {
                        llm(g, i, r, prompt);
                    }
                }
                g.writeEndArray();
                g.writeRaw('\n');
            }
        }

        private static void systemApi(JsonGenerator g, long id, SplittableRandom r) throws IOException {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeObjectFieldStart("data");
            g.writeStringField("request_id", String.format(Locale.ROOT, "req-%08d", id));
            g.writeStringField("user_id", String.format(Locale.ROOT, "user-%05d", r.nextInt(100_000)));
            g.writeStringField("action", ACTIONS[r.nextInt(ACTIONS.length)]);
            int items = 1 + r.nextInt(4);
            long totalCents = 0;
            g.writeArrayFieldStart("items");
            for (int k = 0; k < items; k++) {
                int quantity = 1 + r.nextInt(5);
                long cents = 99 + r.nextInt(20_000);
                totalCents += quantity * cents;
                g.writeStartObject();
                g.writeStringField("sku", String.format(Locale.ROOT, "SKU-%05d", r.nextInt(50_000)));
                g.writeNumberField("quantity", quantity);
                g.writeNumberField("unit_price", java.math.BigDecimal.valueOf(cents, 2));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("amount", java.math.BigDecimal.valueOf(totalCents, 2));
            g.writeStringField("currency", CURRENCIES[r.nextInt(CURRENCIES.length)]);
            g.writeStringField("priority", PRIORITIES[r.nextInt(PRIORITIES.length)]);
            g.writeObjectFieldStart("metadata");
            g.writeStringField("region", REGIONS[r.nextInt(REGIONS.length)]);
            g.writeStringField("source", "bench dataset");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }

        /** A record of a workload shaped by tokens: prompt of a drawn length, and its limits. */
        private void shaped(JsonGenerator g, long id, SplittableRandom r, StringBuilder words) throws IOException {
            int maxTokens = shape.output() == null ? 0 : shape.output().next(r);
            if (shape.input() == null) {
                llmFields(g, id, r, words);
            } else {
                var p = shape.prompts().next(shape.input().next(r), r);
                g.writeStartObject();
                g.writeNumberField("id", id);
                g.writeStringField("prompt", p.text());
                g.writeNumberField("prompt_tokens", p.tokens());
            }
            if (maxTokens > 0) {
                g.writeNumberField("max_tokens", maxTokens);
            }
            if (shape.ignoreEos()) {
                g.writeBooleanField("ignore_eos", true);
            }
            g.writeEndObject();
        }

        private void llm(JsonGenerator g, long id, SplittableRandom r, StringBuilder prompt) throws IOException {
            llmFields(g, id, r, prompt);
            g.writeEndObject();
        }

        /** Starts a record with a prompt of a drawn number of words (the caller ends it). */
        private void llmFields(JsonGenerator g, long id, SplittableRandom r, StringBuilder prompt) throws IOException {
            int words = lengths.next(r);
            prompt.setLength(0);
            prompt.append(TASKS[r.nextInt(TASKS.length)]);
            for (int w = 1; w < words; w++) {
                prompt.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            }
            prompt.append('.');
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("prompt", prompt.toString());
            g.writeNumberField("prompt_words", words);
        }
    }
}
