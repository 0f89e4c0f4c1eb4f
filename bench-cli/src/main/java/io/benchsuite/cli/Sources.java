package io.benchsuite.cli;

import io.benchsuite.engine.store.Baselines;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreSettings;
import io.benchsuite.result.source.FileRunSource;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code bench analyze} and {@code bench baseline} read stored runs and baselines: MongoDB when it is configured
 * or answers at the default address, else the results directory; {@code --source mongo|files} chooses.
 *
 * @param runs      the stored runs
 * @param baselines the baselines, kept where the runs are
 */
record Sources(RunSource runs, Baselines baselines, ResultsDatabase database) implements AutoCloseable {

    /**
     * Opens the source.
     *
     * @param source     {@code mongo}, {@code files}, or null for whichever is there
     * @param out        the results directory
     * @param mongodbUri {@code --mongodb-uri}, or null
     * @throws IllegalArgumentException for an unknown source, or {@code mongo} without a server
     */
    static Sources open(String source, Path out, String mongodbUri) {
        String src = source == null ? "auto" : source;
        if (!List.of("auto", "mongo", "files").contains(src)) {
            throw new IllegalArgumentException("--source \"" + source + "\" is not known; use mongo or files");
        }
        if (src.equals("files")) {
            return files(out);
        }
        StoreSettings settings = StoreSettings.fromEnvironment(Optional.ofNullable(mongodbUri));
        List<String> notices = new ArrayList<>();
        ResultsDatabase db = ResultsDatabase.open(settings, notices::add);
        Optional<RunSource> stored = db.source();
        if (stored.isPresent()) {
            return new Sources(stored.get(), db.baselines().orElseGet(() -> Baselines.inDirectory(out)), db);
        }
        db.close();
        if (src.equals("mongo")) {
            throw new IllegalArgumentException("--source mongo: " + (notices.isEmpty() ? "MongoDB unavailable at "
                    + settings.displayUri() : notices.getFirst()));
        }
        return files(out);
    }

    /** The results directory alone. */
    static Sources files(Path out) {
        return new Sources(new FileRunSource(out), Baselines.inDirectory(out), ResultsDatabase.none());
    }

    @Override
    public void close() {
        database.close();
    }
}
