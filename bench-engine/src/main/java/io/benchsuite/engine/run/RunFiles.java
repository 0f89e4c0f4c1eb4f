package io.benchsuite.engine.run;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.result.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory of one run: {@code <out>/<run_id>/} with {@code result.json} and {@code requests.jsonl.gz}.
 * Created before the load starts, so an unwritable output directory fails before anything is measured; an
 * existing run is never overwritten.
 */
public record RunFiles(Path dir) {

    /**
     * Creates {@code outDir/runId}, refusing an {@code outDir} that cannot be a directory ({@link #checkOutDir})
     * and a directory that already holds a run.
     */
    public static RunFiles create(Path outDir, String runId) {
        checkOutDir(outDir);
        String problem = io.benchsuite.engine.config.RunIdentity.runIdProblem(runId);
        if (problem != null) {
            throw new ConfigException("run id \"" + runId.replaceAll("\\p{Cntrl}", "?") + "\" " + problem);
        }
        Path dir = outDir.resolve(runId);
        if (Files.exists(dir.resolve(ResultJson.RESULT_FILE)) || Files.exists(dir.resolve(RequestLogFile.FILE_NAME))) {
            throw new ConfigException(dir + ": a run with id \"" + runId + "\" already exists there; "
                    + "choose another benchmark_run_id (or --set benchmark_run_id=...), another --out, "
                    + "or remove the old run");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot write results there (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); choose a writable --out directory");
        }
        return new RunFiles(dir);
    }

    /**
     * Refuses an output directory that cannot be one, a file at it or further up its path, with one message:
     * {@code out: /abs/path is a file, not a directory; choose a directory for the results}. Called by
     * {@link #create}; {@code bench run} calls it first, before anything else happens.
     */
    public static void checkOutDir(Path outDir) {
        for (Path p = outDir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ConfigException(outDir + ": " + p + " is a file, not a directory; choose a directory "
                            + "for the results");
                }
                return;
            }
        }
    }

    public Path resultFile() {
        return dir.resolve(ResultJson.RESULT_FILE);
    }

    public Path requestLog() {
        return dir.resolve(RequestLogFile.FILE_NAME);
    }
}
