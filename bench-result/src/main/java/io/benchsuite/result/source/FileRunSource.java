package io.benchsuite.result.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * {@code bench run} writes them. Directories without a readable {@code result.json} are skipped.
 */
public final class FileRunSource implements RunSource {

    /** Newest first by start time, then by run id. */
    public static final Comparator<RunResult> NEWEST_FIRST = Comparator
            .comparing(RunResult::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunResult::runId, Comparator.nullsLast(Comparator.reverseOrder()));

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
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the request log: " + e.getMessage(), e);
        }
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

    /** The directory holding {@code runId}. */
    public Path runDir(String runId) {
        Path direct = dir.resolve(runId);
        if (!runId.contains("/") && !runId.contains("\\") && Files.isDirectory(direct)) {
            return direct;
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> read(d.resolve(ResultJson.RESULT_FILE)).map(r -> runId.equals(r.runId()))
                            .orElse(false))
                    .findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no run \"" + runId + "\" in " + dir));
        } catch (IOException e) {
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
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.map(d -> d.resolve(ResultJson.RESULT_FILE))
                    .filter(Files::isRegularFile)
                    .map(FileRunSource::read)
                    .flatMap(Optional::stream)
                    .sorted(NEWEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the results directory: " + e.getMessage(), e);
        }
    }

    private static Optional<RunResult> read(Path file) {
        try {
            return Optional.of(ResultJson.read(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
