package io.benchsuite.engine.store;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;

/**
 * Which requests of a run go to the database's {@code requests} collection (config key {@code request_log}).
 * The local {@code requests.jsonl.gz} always holds every request.
 *
 * <table>
 *   <caption>Accepted values</caption>
 *   <tr><th>value</th><th>stored</th></tr>
 *   <tr><td>{@code all} (default)</td><td>every request</td></tr>
 *   <tr><td>{@code failures}</td><td>failed requests only</td></tr>
 *   <tr><td>{@code sample:<n>}</td><td>every failure, and the successes whose {@code seq} is a multiple of
 *       {@code n} (1 in n, deterministic)</td></tr>
 *   <tr><td>{@code none}</td><td>no request documents; the run document is still stored</td></tr>
 * </table>
 *
 * @param kind  the mode
 * @param every for {@link Kind#SAMPLE}, keep 1 success in {@code every}; 1 otherwise
 */
public record RequestLogMode(Kind kind, int every) {

    /** The config key. */
    public static final String KEY = "request_log";

    public static final RequestLogMode ALL = new RequestLogMode(Kind.ALL, 1);
    public static final RequestLogMode FAILURES = new RequestLogMode(Kind.FAILURES, 1);
    public static final RequestLogMode NONE = new RequestLogMode(Kind.NONE, 1);

    public enum Kind { ALL, FAILURES, SAMPLE, NONE }

    public RequestLogMode {
        if (kind == null) {
            throw new IllegalArgumentException("request log mode must not be null");
        }
        if (every < 1 || (kind != Kind.SAMPLE && every != 1)) {
            throw new IllegalArgumentException("request log sample rate (" + every + ") must be >= 1, "
                    + "and only set for sample:<n>");
        }
    }

    /** Parses {@code all | failures | sample:<n> | none}; throws {@link IllegalArgumentException} otherwise. */
    public static RequestLogMode parse(String value) {
        String v = value == null ? "" : value.trim();
        switch (v) {
            case "all":
                return ALL;
            case "failures":
                return FAILURES;
            case "none":
                return NONE;
            default:
                if (v.startsWith("sample:")) {
                    try {
                        int n = Integer.parseInt(v.substring("sample:".length()).trim());
                        if (n >= 1) {
                            return new RequestLogMode(Kind.SAMPLE, n);
                        }
                    } catch (NumberFormatException e) {
                        // fall through to the message
                    }
                }
                throw new IllegalArgumentException("\"" + v + "\" is not a request log mode; use all, failures, "
                        + "sample:<n> (n >= 1, e.g. sample:100) or none");
        }
    }

    /** The {@value #KEY} setting of {@code config}, {@link #ALL} when absent. */
    public static RequestLogMode of(BenchConfig config) {
        return config.optionalString(KEY).map(v -> {
            try {
                return parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.source() + ": \"" + KEY + "\" " + e.getMessage());
            }
        }).orElse(ALL);
    }

    /** Whether the request {@code seq} with outcome {@code success} is stored. Allocation-free. */
    public boolean keeps(long seq, boolean success) {
        return switch (kind) {
            case ALL -> true;
            case NONE -> false;
            case FAILURES -> !success;
            case SAMPLE -> !success || seq % every == 0;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.SAMPLE ? "sample:" + every : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
