package io.benchsuite.cli;

import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.SyncReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench sync}: uploads the MongoDB spill files ({@code <out>/<run>/mongo-spill.jsonl}) that runs left when
 * the database was unavailable or fell behind. Safe to repeat: documents already stored are skipped.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Uploads results kept locally while MongoDB was unavailable (DIR/*/mongo-spill.jsonl).",
                "Safe to repeat: nothing is stored twice. See docs/storage.md.",
                "Exit codes: 0 everything uploaded (or nothing to do), 1 some files are left, 2 bad usage."})
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "MongoDB to upload to (default: $MONGODB_URI, else mongodb://localhost:27017).")
    String mongodbUri;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isDirectory(out)) {
            err.println("bench sync: " + out + " is not a directory; give the results directory with --out");
            return BenchCli.USAGE;
        }
        StoreSettings settings;
        try {
            settings = StoreSettings.fromEnvironment(Optional.ofNullable(mongodbUri));
        } catch (IllegalArgumentException e) {
            err.println("bench sync: " + e.getMessage());
            return BenchCli.USAGE;
        }
        List<String> notices = new ArrayList<>();
        ResultsDatabase db;
        try {
            db = ResultsDatabase.open(settings, notices::add);
        } catch (ConfigException e) {
            err.println("bench sync: " + e.getMessage());
            return BenchCli.USAGE;
        }
        try (db) {
            if (!db.online()) {
                err.println("bench sync: " + (notices.isEmpty() ? "MongoDB unavailable at " + settings.displayUri()
                        : notices.get(0)) + "; nothing uploaded");
                return 1;
            }
            SyncReport report = db.syncPending(out).orElseThrow();
            (report.complete() ? stdout : err).println("bench sync: " + report.message());
            return report.complete() ? BenchCli.OK : 1;
        }
    }
}
