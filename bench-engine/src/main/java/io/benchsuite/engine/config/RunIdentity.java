package io.benchsuite.engine.config;

import java.util.Objects;

/**
 * The names of a run: its id ({@code benchmark_run_id}, the name of its directory and its key in a database), its
 * name for people ({@code name}, default the id) and the organisation it is filed under ({@code org_id}, default
 * {@code default}).
 */
public record RunIdentity(String runId, String name, String orgId) {

    /** The longest run id: it names a directory, whose name most file systems limit to 255 bytes. */
    public static final int MAX_RUN_ID_LENGTH = 200;

    public RunIdentity {
        String problem = runIdProblem(runId);
        if (problem != null) {
            throw new IllegalArgumentException("run id \"" + printable(runId) + "\" " + problem);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(orgId, "orgId");
    }

    /** The identity {@code config} gives ({@code benchmark_run_id}, {@code name}, {@code org_id}). */
    public static RunIdentity from(BenchConfig config) {
        String runId = config.runId().orElse(null);
        if (runId != null) {
            String problem = runIdProblem(runId);
            if (problem != null) {
                throw config.error("benchmark_run_id", "(\"" + printable(runId) + "\") " + problem);
            }
        }
        String id = runId != null ? runId : BenchConfig.generateRunId();
        return new RunIdentity(id, config.name().orElse(id), config.orgId());
    }

    /**
     * Why {@code runId} cannot name a run directory, or null when it can: it must be non-blank, at most
     * {@value #MAX_RUN_ID_LENGTH} characters, without {@code /}, {@code \}, control characters, and must not start
     * with a dot.
     */
    public static String runIdProblem(String runId) {
        if (runId == null || runId.isBlank()) {
            return "is empty; use letters, digits, '-' and '_'";
        }
        if (runId.length() > MAX_RUN_ID_LENGTH) {
            return "is longer than " + MAX_RUN_ID_LENGTH + " characters";
        }
        for (int i = 0; i < runId.length(); i++) {
            char c = runId.charAt(i);
            if (c == '/' || c == '\\' || c < ' ' || c == 127) {
                return "cannot be used as a directory name; use letters, digits, '-' and '_' in benchmark_run_id";
            }
        }
        if (runId.startsWith(".")) {
            return "cannot be used as a directory name; use letters, digits, '-' and '_' in benchmark_run_id";
        }
        return null;
    }

    /** {@code s} with control characters shown as {@code \u0000}, for messages. */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < ' ' || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
