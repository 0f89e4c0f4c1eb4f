package io.benchsuite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.MergedShards;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.merge.ShardMerge;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.runner.MergeRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench merge --out DIR RESULT...} and {@code bench merge --out DIR --run-id ID}: one result for a
 * distributed run from its shards' results ({@link MergeRun}), with its thresholds, report and run document as for
 * any run. See {@code docs/distributed.md}.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merges the shards of a distributed run (bench run --shard I/N) into one run:",
                "buckets by worker level, exact percentiles from the merged histograms,",
                "the config's thresholds evaluated on the whole run (see docs/distributed.md).",
                "A RESULT is a result.json, a run directory, or a directory holding the",
                "shards' run directories; without RESULTs, --run-id reads them from MongoDB.",
                "Writes DIR/<run_id>/result.json and report.html (and the run to MongoDB).",
                "Exit codes: 0 merged, 1 a threshold failed or every request failed,",
                "2 bad usage or shards that do not make one run."})
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RESULT",
            description = "The shards' result.json files, run directories, or a results directory holding them.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory of the merged run (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "The run to merge: without RESULTs, its shards are read from MongoDB; with them, only its "
                    + "shards are taken from results directories.")
    String runId;

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "MongoDB to read the shards from and store the merged run in (default: $MONGODB_URI; else "
                    + "mongodb://localhost:27017 if a server answers within 1 s).")
    String mongodbUri;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        RunFiles.checkOutDir(out);
        ResultsDatabase db = null;
        List<ShardMerge.Input> shards;
        try {
            if (inputs.isEmpty()) {
                if (runId == null) {
                    throw new ConfigException("give the shards' results (result.json files or run directories), or "
                            + "--run-id ID to read them from MongoDB; e.g. bench merge --out merged out-0 out-1 out-2");
                }
                List<String> notices = new ArrayList<>();
                db = ResultsDatabase.open(Optional.ofNullable(mongodbUri), notices::add);
                shards = fromDatabase(db, runId, notices);
            } else {
                shards = fromFiles();
            }
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            throw e;
        }
        ResultsDatabase opened = db;
        try (MergeRun merge = MergeRun.prepare(shards, out, () -> opened != null ? opened
                : RunStore.open(Optional.ofNullable(mongodbUri), err))) {
            MergedShards members = merge.merged().shards();
            err.printf(Locale.ROOT, "bench: run %s: merged %d shards (their starts %.3f ms apart)%n",
                    merge.merged().runId(), members.count(), members.skewMs());
            BenchRun.Outcome outcome = merge.run();
            RunCommand.printTable(stdout, err, outcome.result());
            RunCommand.printWhere(stdout, outcome.result(), outcome.dir());
            RunCommand.printReport(outcome.reportProblem(), outcome.dir(), stdout, err);
            RunStore.finish(outcome.stored(), merge.database(), out, stdout, err);
            stdout.flush();
            return RunCommand.exitCode(outcome.result(), outcome.result().target(), merge.failOnInvalid(), err);
        }
    }

    /** The shards of {@code runId} in {@code db}; {@code notices} (what opening it said) name why there are none. */
    private List<ShardMerge.Input> fromDatabase(ResultsDatabase db, String runId, List<String> notices) {
        List<ObjectNode> docs = db.shardResults(runId).orElseThrow(() -> new ConfigException("--run-id " + runId
                + ": no MongoDB to read the shards from (" + (notices.isEmpty() ? "none configured: set "
                + "--mongodb-uri or MONGODB_URI" : notices.getFirst()) + "); or give the shards' result.json files "
                + "or run directories"));
        notices.forEach(line -> spec.commandLine().getErr().println("bench: " + line));
        if (docs.isEmpty()) {
            throw new ConfigException("--run-id " + runId + ": no shard of this run in " + db.description().orElse("")
                    + "; check the run id (bench run --shard stores each shard there when MongoDB is configured)");
        }
        List<ShardMerge.Input> out = new ArrayList<>();
        for (ObjectNode doc : docs) {
            JsonNode shard = doc.path("shard");
            out.add(input("MongoDB shard " + shard.path("index").asText("?") + " of run " + runId, doc));
        }
        return out;
    }

    /** Every RESULT as result.json files: a file, a run directory, or the shard run directories under a directory. */
    private List<ShardMerge.Input> fromFiles() {
        List<ShardMerge.Input> out = new ArrayList<>();
        for (Path given : inputs) {
            if (Files.isRegularFile(given)) {
                out.add(read(given));
            } else if (Files.isRegularFile(given.resolve(ResultJson.RESULT_FILE))) {
                out.add(read(given.resolve(ResultJson.RESULT_FILE)));
            } else if (Files.isDirectory(given)) {
                List<ShardMerge.Input> found = shardsUnder(given);
                if (found.isEmpty()) {
                    throw new ConfigException(given + ": no shard result in it or in its directories"
                            + (runId == null ? "" : " for run " + runId) + "; give the shards' result.json files or "
                            + "run directories");
                }
                out.addAll(found);
            } else {
                throw new ConfigException(given + ": no such file or directory; give the shards' result.json files "
                        + "or run directories");
            }
        }
        for (ShardMerge.Input in : out) {
            if (runId != null && !runId.equals(in.result().runId())) {
                throw new ConfigException(in.origin() + " is of run " + in.result().runId() + ", not of --run-id "
                        + runId + "; give the shards of run " + runId);
            }
        }
        return out;
    }

    /** The shard results in the run directories right under {@code dir} (of {@code --run-id}, when given). */
    private List<ShardMerge.Input> shardsUnder(Path dir) {
        List<ShardMerge.Input> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path f : dirs.sorted().map(d -> d.resolve(ResultJson.RESULT_FILE)).filter(Files::isRegularFile)
                    .toList()) {
                ShardMerge.Input in = read(f);
                if (in.result().shard() != null && (runId == null || runId.equals(in.result().runId()))) {
                    found.add(in);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list it (" + e.getMessage() + ")");
        }
        return found;
    }

    private static ShardMerge.Input read(Path file) {
        JsonNode doc;
        try {
            doc = ResultJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("") + " (is it a BenchSuite result.json?)");
        }
        return input(file.toString(), doc);
    }

    private static ShardMerge.Input input(String origin, JsonNode doc) {
        try {
            return ShardMerge.Input.of(origin, doc);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
