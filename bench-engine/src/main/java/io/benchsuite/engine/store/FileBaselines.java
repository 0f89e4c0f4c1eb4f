package io.benchsuite.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Baselines as files in a results directory: {@code <out>/baselines/<org_id>/<name>.json}, each
 * {@code {"org_id", "name", "run_ids", "set_at"}}, names URL-encoded into file names. The runs they name are the run
 * directories of {@code <out>}.
 */
final class FileBaselines implements Baselines {

    static final String DIRECTORY = "baselines";

    private final Path outDir;
    private final Path dir;

    FileBaselines(Path outDir) {
        this.outDir = outDir;
        this.dir = outDir.resolve(DIRECTORY);
    }

    /** {@code files in <out>}, as the runs of the same directory say. */
    @Override
    public String description() {
        return "files in " + outDir;
    }

    @Override
    public void put(Baseline b) {
        ObjectMapper m = ResultJson.mapper();
        ObjectNode json = m.createObjectNode().put("org_id", b.orgId()).put("name", b.name());
        ArrayNode ids = json.putArray("run_ids");
        b.runIds().forEach(ids::add);
        json.put("set_at", b.setAt().toString());
        Path file = file(b.orgId(), b.name());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            m.writeValue(tmp.toFile(), json);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Baseline> get(String orgId, String name) {
        Path file = file(orgId, name);
        return Files.isRegularFile(file) ? read(file) : Optional.empty();
    }

    @Override
    public List<Baseline> list(Optional<String> orgId) {
        Path root = orgId.map(o -> dir.resolve(encode(o))).orElse(dir);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Baseline> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .forEach(f -> read(f).ifPresent(out::add));
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot list the baselines: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Baseline::orgId).thenComparing(Baseline::name));
        return out;
    }

    private Path file(String orgId, String name) {
        return dir.resolve(encode(orgId)).resolve(encode(name) + ".json");
    }

    /** A name as a file name: URL-encoded, so that no name can leave the directory or collide with another. */
    private static String encode(String name) {
        String e = URLEncoder.encode(name, StandardCharsets.UTF_8);
        return e.startsWith(".") ? "%2E" + e.substring(1) : e;
    }

    private static Optional<Baseline> read(Path file) {
        try {
            JsonNode n = ResultJson.mapper().readTree(file.toFile());
            List<String> ids = new ArrayList<>();
            n.path("run_ids").forEach(id -> ids.add(id.asText()));
            return Optional.of(new Baseline(n.path("org_id").asText(URLDecoder.decode(
                    file.getParent().getFileName().toString(), StandardCharsets.UTF_8)), n.path("name").asText(),
                    ids, Instant.parse(n.path("set_at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
