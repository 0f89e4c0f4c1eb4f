package io.benchsuite.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.runner.ShardRun;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The distributed-run options of {@code bench run} ({@code --shard}, {@code --shard-count}, {@code --start-at},
 * {@code --barrier-timeout}) and the environment of a Kubernetes Indexed Job, read into a {@link ShardRun}; every
 * mistake is one line (exit 2) with the fix.
 */
final class ShardOptions {

    /** Set by Kubernetes in every pod of an Indexed Job: the pod's completion index, 0 to completions - 1. */
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** The number of shards, for a shard whose index comes from {@value #INDEX_ENV}. */
    static final String COUNT_ENV = "BENCH_SHARDS";

    private ShardOptions() {
    }

    /**
     * The shard and start of this run: {@code --shard I/N}; without it, {@value #INDEX_ENV} with
     * {@code --shard-count} or {@value #COUNT_ENV}; without both, the whole run.
     *
     * @throws ConfigException on a malformed or contradictory value
     */
    static ShardRun resolve(String shardFlag, Integer countFlag, String startAtFlag, long barrierTimeoutSeconds,
                            Map<String, String> env) {
        Shard shard = shard(shardFlag, countFlag, env);
        Optional<Instant> startAt = Optional.ofNullable(startAtFlag).map(ShardOptions::instant);
        if (barrierTimeoutSeconds < 1) {
            throw new ConfigException("--barrier-timeout (" + barrierTimeoutSeconds + ") must be at least 1 second");
        }
        return new ShardRun(shard, startAt, Duration.ofSeconds(barrierTimeoutSeconds));
    }

    private static Shard shard(String flag, Integer countFlag, Map<String, String> env) {
        if (flag != null) {
            if (countFlag != null) {
                throw new ConfigException("give either --shard I/N or --shard-count N (with the index from "
                        + INDEX_ENV + "), not both");
            }
            try {
                return Shard.parse(flag);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--shard: " + e.getMessage());
            }
        }
        String index = blankToNull(env.get(INDEX_ENV));
        String count = countFlag != null ? countFlag.toString() : blankToNull(env.get(COUNT_ENV));
        String countSource = countFlag != null ? "--shard-count " + countFlag : COUNT_ENV + "=" + count;
        if (count == null) {
            return Shard.WHOLE; // an Indexed Job that is not split into shards
        }
        if (index == null) {
            throw new ConfigException(countSource + " gives the shard count, but " + INDEX_ENV + " (the shard "
                    + "index, set by a Kubernetes Indexed Job) is not set: give --shard I/" + count + " instead"
                    + (countFlag != null ? "" : ", or unset " + COUNT_ENV));
        }
        int i = whole(index, INDEX_ENV + "=" + index, "the shard index, from 0");
        int n = whole(count, countSource, "the number of shards");
        try {
            return new Shard(i, n);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(INDEX_ENV + "=" + index + " and " + countSource + ": " + e.getMessage()
                    + "; give the Job as many completions as shards");
        }
    }

    private static int whole(String value, String what, String meaning) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(what + " must be a whole number (" + meaning + ")");
        }
    }

    /** An RFC 3339 time: {@code 2026-12-06T10:00:00Z} or with an offset, {@code 2026-12-06T11:00:00+01:00}. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException("--start-at \"" + text + "\" is not an RFC 3339 time; write e.g. "
                    + "2026-12-06T10:00:00Z (UTC) or 2026-12-06T11:00:00+01:00");
        }
    }

    /**
     * {@code config} with the run id the shards share: its own {@code benchmark_run_id}, or, for shards given a
     * start time, one derived from it ({@code <yyyyMMdd-HHmmss of the start, UTC>-<N>shards}), so that shards started
     * with the same command line agree without a config change per run.
     *
     * @throws ConfigException for shards with neither
     */
    static BenchConfig withRunId(BenchConfig config, ShardRun run) {
        if (run.shard().whole() || config.runId().isPresent()) {
            return config;
        }
        if (run.startAt().isEmpty()) {
            throw new ConfigException("--shard " + run.shard() + ": the shards of one run share its id: set "
                    + "\"benchmark_run_id\" in the config (or --set benchmark_run_id=...), or give --start-at, from "
                    + "which it is derived");
        }
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(run.startAt().get().atOffset(ZoneOffset.UTC))
                + "-" + run.shard().count() + "shards";
        ObjectNode values = JsonNodeFactory.instance.objectNode().put("benchmark_run_id", id);
        return config.with(BenchConfig.Layer.overrides(config.source(), "--start-at", values,
                key -> key.equals("benchmark_run_id") ? "--start-at (derived)" : null));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
