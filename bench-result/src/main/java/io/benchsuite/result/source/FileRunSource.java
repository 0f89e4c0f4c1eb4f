package io.benchsuite.result.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Runs in a local results directory: {@code <dir>/<run_id>/result.json} and {@code requests.jsonl.gz}, as
 * {@code bench run} writes them, and also in the nested layout {@code @LoadTest} writes
 * ({@code <dir>/<Class>/<method>/<run_id>/}, up to {@value #MAX_DEPTH} directories down). Directories without a
 * readable {@code result.json} are skipped, and so are the results of shards ({@code bench run --shard}): the run
 * they are part of is their merge ({@code bench merge}).
 */
public final class FileRunSource implements RunSource {

    /** Newest first by start time, then by run id. */
    public static final Comparator<RunResult> NEWEST_FIRST = Comparator
            .comparing(RunResult::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunResult::runId, Comparator.nullsLast(Comparator.reverseOrder()));

    /** How many directories below the results directory a run directory may be. */
    static final int MAX_DEPTH = 4;

    private final Path dir;

    public FileRunSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public String description() {
        return "files in " + dir;
    }

    @Override
    public List<RunResult> list(int limit) {
        return all().stream().limit(limit).toList();
    }

    @Override
    public Optional<RunResult> run(String runId) {
        Path direct = dir.resolve(runId).resolve(ResultJson.RESULT_FILE);
        if (!runId.contains("/") && !runId.contains("\\") && Files.isRegularFile(direct)) {
            Optional<RunResult> r = read(direct);
            if (r.isPresent() && runId.equals(r.get().runId())) {
                return r;
            }
        }
        return all().stream().filter(r -> runId.equals(r.runId())).findFirst();
    }

    @Override
    public List<RunResult> org(String orgId, int limit) {
        return all().stream().filter(r -> orgId.equals(r.orgId())).limit(limit).toList();
    }

    @Override
    public long forEachRequest(String runId, Consumer<ObjectNode> action) {
        Path file = runDir(runId).resolve(ResultJson.REQUEST_LOG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchElementException(file + ": no request log for run \"" + runId + "\"");
        }
        return readRequestLog(file, action);
    }

    /**
     * Passes each line of the request log {@code file} ({@code requests.jsonl.gz}) to {@code action} in {@code seq}
     * order, as {@link #forEachRequest} does.
     *
     * @return the number of entries passed
     * @throws UncheckedIOException when the file cannot be read or a line is not a JSON object
     */
    public static long readRequestLog(Path file, Consumer<ObjectNode> action) {
        // lines are in completion order per worker batch: sort by seq before handing them out
        List<String> lines = readLines(file);
        ObjectMapper mapper = ResultJson.mapper();
        long[] keys = new long[lines.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (seqOf(lines.get(i)) << 24) | i; // seq in the high bits, line index below
        }
        boolean packable = lines.size() < (1 << 24);
        if (packable) {
            Arrays.sort(keys);
        }
        long n = 0;
        for (int k = 0; k < keys.length; k++) {
            String line = lines.get(packable ? (int) (keys[k] & 0xFFFFFF) : k);
            try {
                JsonNode node = mapper.readTree(line);
                action.accept((ObjectNode) node);
            } catch (IOException | ClassCastException e) {
                throw new UncheckedIOException(file + ": line is not a JSON object: "
                        + line.substring(0, Math.min(80, line.length())), e instanceof IOException io ? io
                        : new IOException(e));
            }
            n++;
        }
        return n;
    }

    /**
     * The lines of a gzipped request log. A log whose writing was cut short (the process killed, the disk full)
     * has no gzip trailer: it is read up to where it ends (the writer flushes about once a second), and a last
     * line cut in the middle is left out.
     */
    static List<String> readLines(Path file) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    text.write(buf, 0, n);
                }
            } catch (java.io.EOFException cut) {
                // no trailer: everything decompressed so far is kept
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the request log: " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && line.endsWith("}")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The directory holding {@code runId}. */
    public Path runDir(String runId) {
        Path direct = dir.resolve(runId);
        if (!runId.contains("/") && !runId.contains("\\") && Files.isDirectory(direct)) {
            return direct;
        }
        try (Stream<Path> files = resultFiles()) {
            return files.filter(f -> read(f).map(r -> runId.equals(r.runId())).orElse(false))
                    .map(Path::getParent)
                    .findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no run \"" + runId + "\" in " + dir));
        } catch (IOException | UncheckedIOException e) {
            throw new NoSuchElementException("no run \"" + runId + "\" in " + dir + " (" + e.getMessage() + ")");
        }
    }

    private static long seqOf(String line) {
        int i = line.indexOf("\"seq\":");
        if (i < 0) {
            return 0;
        }
        long v = 0;
        for (int p = i + 6; p < line.length(); p++) {
            char c = line.charAt(p);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private List<RunResult> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = resultFiles()) {
            return files.map(FileRunSource::read)
                    .flatMap(Optional::stream)
                    .filter(r -> r.shard() == null) // a shard is part of a run; its merge is the run
                    .sorted(NEWEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the results directory: " + e.getMessage(), e);
        }
    }

    /** Every {@code result.json} of a run directory up to {@value #MAX_DEPTH} levels below the results directory. */
    private Stream<Path> resultFiles() throws IOException {
        return Files.walk(dir, MAX_DEPTH + 1)
                .filter(f -> f.getFileName().toString().equals(ResultJson.RESULT_FILE) && Files.isRegularFile(f)
                        && !f.getParent().equals(dir));
    }

    private static Optional<RunResult> read(Path file) {
        try {
            return Optional.of(ResultJson.read(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
