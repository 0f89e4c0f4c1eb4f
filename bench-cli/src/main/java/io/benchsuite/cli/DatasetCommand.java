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
                "llm: {\"id\", \"prompt\"} records with prompts of a chosen length distribution.",
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

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Generator generator;
        try {
            if (count < 0) {
                throw new IllegalArgumentException("-n (" + count + ") must be >= 0");
            }
            long s = seed != null ? seed : new SplittableRandom().nextLong();
            generator = switch (type) {
                case "system_api" -> new Generator(s, null);
                case "llm", "llm_api" -> new Generator(s, Lengths.parse(promptWords));
                default -> throw new IllegalArgumentException("--type \"" + type
                        + "\" is not known; use system_api or llm (llm_api)");
            };
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

        /** @param lengths prompt lengths for LLM records; null for system-API records */
        Generator(long seed, Lengths lengths) {
            this.seed = seed;
            this.lengths = lengths;
        }

        void write(long n, OutputStream out) throws IOException {
            SplittableRandom r = new SplittableRandom(seed);
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(
                        new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n")));
                g.writeStartArray();
                StringBuilder prompt = new StringBuilder(1024);
                for (long i = 1; i <= n; i++) {
                    if (lengths == null) {
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

        private void llm(JsonGenerator g, long id, SplittableRandom r, StringBuilder prompt) throws IOException {
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
            g.writeEndObject();
        }
    }
}
