package io.benchsuite.result.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.Environment;
import io.benchsuite.result.HistogramCodec;
import io.benchsuite.result.MergedShards;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.ShardInfo;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import io.benchsuite.result.merge.ShardMerge.Input;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ShardMergeTest {

    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    /** A bucket of {@code workers} holding {@code latenciesUs}, its window shifted by nothing. */
    private static Stats bucket(int workers, double from, double to, long[] latenciesUs, long failures,
                                boolean streaming) {
        Histogram h = new Histogram(3);
        for (long v : latenciesUs) {
            h.recordValue(v);
        }
        long requests = latenciesUs.length;
        Histogram tokens = new Histogram(3);
        tokens.recordValue(1000);
        return new Stats(workers, List.of(from, to), requests, requests - failures, failures, 0, 0,
                Distribution.ofMicros(h), failures == 0 ? Map.of() : Map.of("http_503", failures),
                streaming ? Distribution.ofMicros(tokens) : null, streaming ? Distribution.ofMicros(tokens) : null,
                streaming ? Distribution.ofMicros(tokens) : null, streaming ? 10L * requests : null,
                streaming ? 5L * requests : null, streaming ? 1.0 : null, HistogramCodec.encode(h), null, null,
                streaming ? HistogramCodec.encode(tokens) : null, streaming ? HistogramCodec.encode(tokens) : null,
                streaming ? HistogramCodec.encode(tokens) : null, null, null, null, null, null, null, null, null, null);
    }

    private static ObjectNode config(int maxLoad) {
        ObjectNode c = ResultJson.mapper().createObjectNode();
        c.put("benchmark_run_id", "r1").put("min_load", 3).put("max_load", maxLoad).put("auth_token", "***");
        return c;
    }

    private static RunResult shard(int index, int count, double offsetMs, List<Stats> buckets,
                                   List<TimelineEntry> timeline) {
        return new RunResult(RunResult.SCHEMA_VERSION, "r1", "default", "system_api", "r1",
                RunResult.Status.completed, "POST http://x", START.plusMillis((long) offsetMs),
                START.plusSeconds(10), 10.0, config(9),
                new Environment("host-" + index, "Linux", "jdk 21", 2, 256, "0.1.0", "event_loop"),
                new Stats(null, null, 0, 0, 0, 0, 0, null, Map.of(), null, null, null, null, null, null, null),
                buckets, List.of(), timeline, Map.of("http_503", List.of("HTTP 503 from " + index)),
                List.of("a warning of the plan", "note of " + index), null, null,
                new ShardInfo(index, count, START, offsetMs), null, null, null, null);
    }

    private static Input input(RunResult r) {
        return new Input("shard-" + r.shard().index() + "/result.json", r);
    }

    private static long[] latencies(SplittableRandom random, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1_000 + random.nextLong(200_000); // 1 ms to 201 ms, in microseconds
        }
        return v;
    }

    @Test
    void buckets_add_up_by_global_level_and_percentiles_are_those_of_every_request_together() {
        // given three shards, each with its own requests at levels 3 and 4 (shard 0 had no worker at 4)
        SplittableRandom random = new SplittableRandom(7);
        long[][] at3 = {latencies(random, 500), latencies(random, 700), latencies(random, 900)};
        long[][] at4 = {new long[0], latencies(random, 1100), latencies(random, 1300)};
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Stats> buckets = new ArrayList<>(List.of(bucket(3, 0, 1.0, at3[i], i, false)));
            if (at4[i].length > 0) {
                buckets.add(bucket(4, 1.0, 2.0, at4[i], 0, false));
            }
            inputs.add(input(shard(i, 3, 0.0, buckets, List.of())));
        }

        // when
        RunResult merged = ShardMerge.merge(inputs);

        // then
        assertThat(merged.buckets()).extracting(Stats::workers).containsExactly(3, 4);
        Stats three = merged.bucket(3).orElseThrow();
        assertThat(three.requests()).isEqualTo(2100);
        assertThat(three.failures()).isEqualTo(3);
        assertThat(three.errors()).containsEntry("http_503", 3L);
        assertThat(three.throughputRps()).isEqualTo(2100.0);
        Histogram all3 = new Histogram(3);
        Arrays.stream(at3).flatMapToLong(Arrays::stream).forEach(all3::recordValue);
        assertThat(three.latencyMs()).isEqualTo(Distribution.ofMicros(all3));
        assertThat(HistogramCodec.decode(three.latencyHistogramUs())).isEqualTo(all3);
        Histogram all = new Histogram(3);
        all.add(all3);
        Arrays.stream(at4).flatMapToLong(Arrays::stream).forEach(all::recordValue);
        assertThat(merged.overall().requests()).isEqualTo(4500);
        assertThat(merged.overall().latencyMs().p99()).isEqualTo(Distribution.ofMicros(all).p99());
        assertThat(merged.overall().latencyMs()).isEqualTo(Distribution.ofMicros(all));
        assertThat(merged.overall().throughputRps()).isEqualTo(2250.0);
        assertThat(merged.thresholds()).isEmpty();
        assertThat(merged.shard()).isNull();
    }

    @Test
    void a_percentile_of_the_merge_is_exact_where_an_average_of_shard_percentiles_is_not() {
        // given one fast shard and one slow shard
        long[] fast = new long[990];
        Arrays.fill(fast, 1_000);
        long[] slow = new long[10];
        Arrays.fill(slow, 900_000);
        List<Input> inputs = List.of(input(shard(0, 2, 0, List.of(bucket(2, 0, 1, fast, 0, false)), List.of())),
                input(shard(1, 2, 0, List.of(bucket(2, 0, 1, slow, 0, false)), List.of())));

        // when
        RunResult merged = ShardMerge.merge(inputs);

        // then p99 of the 1000 requests is the 990th value, 1 ms; p99.9 falls among the slow ones
        assertThat(merged.overall().latencyMs().p99()).isEqualTo(1.0);
        assertThat(merged.overall().latencyMs().p999()).isBetween(899.0, 901.0);
    }

    @Test
    void windows_move_onto_the_earliest_shards_time_and_the_skew_is_reported() {
        // given shard 1 started 4 ms after shard 0, and 1.5 ms after the shared start
        long[] v = {5_000, 6_000};
        RunResult a = shard(0, 2, -2.5, List.of(bucket(5, 0, 2.0, v, 0, false)), List.of());
        RunResult b = shard(1, 2, 1.5, List.of(bucket(5, 0, 2.0, v, 0, false)), List.of());

        // when
        RunResult merged = ShardMerge.merge(List.of(input(b), input(a)));

        // then
        assertThat(merged.bucket(5).orElseThrow().windowSeconds()).containsExactly(0.0, 2.004);
        assertThat(merged.startedAt()).isEqualTo(START.minusNanos(2_500_000));
        MergedShards shards = merged.shards();
        assertThat(shards.count()).isEqualTo(2);
        assertThat(shards.skewMs()).isEqualTo(4.0);
        assertThat(shards.members()).extracting(MergedShards.Member::index).containsExactly(0, 1);
        assertThat(shards.members()).extracting(MergedShards.Member::startOffsetMs).containsExactly(-2.5, 1.5);
        assertThat(shards.members()).extracting(MergedShards.Member::host).containsExactly("host-0", "host-1");
        assertThat(merged.environment().host()).isEqualTo("host-0, host-1");
        assertThat(merged.environment().cpus()).isEqualTo(4);
        assertThat(merged.notes()).containsExactly("a warning of the plan", "shard 0/2: note of 0",
                "shard 1/2: note of 1");
        assertThat(merged.errorSamples().get("http_503")).containsExactly("HTTP 503 from 0", "HTTP 503 from 1");
    }

    @Test
    void the_timeline_adds_the_shards_seconds() {
        // given
        long[] v = {5_000};
        RunResult a = shard(0, 2, 0, List.of(bucket(3, 0, 2, v, 0, false)), List.of(
                new TimelineEntry(0, 3, 10, 9, 1, 5.0, 9.0, null), new TimelineEntry(1, 4, 12, 12, 0, 6.0, 7.0, null)));
        RunResult b = shard(1, 2, 0, List.of(bucket(3, 0, 2, v, 0, false)), List.of(
                new TimelineEntry(0, 3, 20, 27, 0, 9.0, 12.0, null)));

        // when
        List<TimelineEntry> timeline = ShardMerge.merge(List.of(input(a), input(b))).timeline();

        // then p50 is weighted by the completed requests (9 x 5 + 27 x 9) / 36, p99 the highest
        assertThat(timeline).containsExactly(new TimelineEntry(0, 3, 30, 36, 1, 8.0, 12.0, null),
                new TimelineEntry(1, 4, 12, 12, 0, 6.0, 7.0, null));
    }

    @Test
    void token_histograms_merge_and_validity_verdicts_are_carried_per_shard() {
        // given LLM shards, one with a validity verdict
        long[] v = {5_000, 7_000};
        ObjectNode a = ResultJson.mapper().valueToTree(shard(0, 2, 0, List.of(bucket(1, 0, 1, v, 0, true)), List.of()));
        a.set("validity", ResultJson.mapper().valueToTree(new io.benchsuite.result.Validity(false,
                List.of("the generator used 95 % of the machine's CPU"), null, null, null, null, null, 95, 0, 0)));
        JsonNode b = ResultJson.mapper().valueToTree(shard(1, 2, 0, List.of(bucket(1, 0, 1, v, 0, true)), List.of()));

        // when
        RunResult merged = ShardMerge.merge(List.of(Input.of("a", a), Input.of("b", b)));

        // then
        Stats one = merged.bucket(1).orElseThrow();
        assertThat(one.ttftMs().p50()).isEqualTo(1.0);
        assertThat(HistogramCodec.decode(one.ttftHistogramUs()).getTotalCount()).isEqualTo(2);
        assertThat(one.outputTokens()).isEqualTo(40);
        assertThat(merged.overall().ttftMs().p50()).isEqualTo(1.0);
        assertThat(merged.shards().members().get(0).validity().valid()).isFalse();
        assertThat(merged.shards().members().get(1).validity()).isNull();
        // the whole run is invalid when a shard was, naming the shard
        assertThat(merged.validity().valid()).isFalse();
        assertThat(merged.validity().reasons()).containsExactly("shard 0/2: the generator used 95 % of the "
                + "machine's CPU");
        String json = ResultJson.toJson(merged);
        assertThat(ResultJson.fromJson(json)).isEqualTo(merged);
    }

    /** {@code b} of a reasoning model with prices: a TTFO histogram, reasoning and cached tokens, a cost. */
    private static Stats reasoning(Stats b, double cost) {
        Histogram ttfo = new Histogram(3);
        ttfo.recordValue(3000);
        return new Stats(b.workers(), b.windowSeconds(), b.requests(), b.successes(), b.failures(), b.successRate(),
                b.throughputRps(), b.latencyMs(), b.errors(), b.ttftMs(), b.tpotMs(), b.itlMs(), b.outputTokens(),
                b.inputTokens(), b.outputTokensPerSecond(), b.latencyHistogramUs(), b.rate(), b.serviceTimeMs(),
                b.ttftHistogramUs(), b.tpotHistogramUs(), b.itlHistogramUs(), b.serviceTimeHistogramUs(), null, null,
                Distribution.ofMicros(ttfo), HistogramCodec.encode(ttfo), 7L, 4L, "usage", cost);
    }

    @Test
    void ttfo_reasoning_and_cached_tokens_cost_and_the_timeline_s_rate_limits_and_server_series_merge() {
        // given two LLM shards of a priced reasoning model, each with a second of rate limits and server metrics
        long[] v = {5_000, 7_000};
        List<TimelineEntry> ta = List.of(new TimelineEntry(0, 1, 2, 2, 0, 5, 7, 20L, null, 1L, 40L, 900L,
                Map.of("running_requests", 2.0), 3L));
        List<TimelineEntry> tb = List.of(new TimelineEntry(0, 1, 2, 2, 0, 5, 7, 20L, null, 2L, 30L, 1000L,
                Map.of("running_requests", 4.0), 7L));
        RunResult a = shard(0, 2, 0, List.of(reasoning(bucket(1, 0, 1, v, 0, true), 0.25)), ta);
        RunResult b = shard(1, 2, 0, List.of(reasoning(bucket(1, 0, 1, v, 0, true), 0.5)), tb);

        // when
        RunResult merged = ShardMerge.merge(List.of(input(a), input(b)));

        // then
        Stats one = merged.bucket(1).orElseThrow();
        assertThat(one.ttfoMs().p50()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.002));
        assertThat(HistogramCodec.decode(one.ttfoHistogramUs()).getTotalCount()).isEqualTo(2);
        assertThat(one.reasoningTokens()).isEqualTo(14);
        assertThat(one.cachedTokens()).isEqualTo(8);
        assertThat(one.tokenSource()).isEqualTo("usage");
        assertThat(one.costUsd()).isEqualTo(0.75);
        assertThat(merged.overall().costUsd()).isEqualTo(0.75);
        assertThat(merged.overall().ttfoMs().p50()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.002));
        TimelineEntry second = merged.timeline().getFirst();
        assertThat(second.rateLimited()).isEqualTo(3);
        assertThat(second.rateLimitRemainingRequests()).isEqualTo(30);
        assertThat(second.rateLimitRemainingTokens()).isEqualTo(900);
        assertThat(second.rateLimitRetryAfterS()).as("the longest wait a shard was asked for").isEqualTo(7);
        assertThat(second.server()).containsEntry("running_requests", 3.0);
    }

    @Test
    void open_model_shards_merge_by_rate_level_adding_their_rates_and_service_times() {
        // given two shards of an open run at 50 then 100 req/s each (the run: 100 then 200 req/s)
        List<Input> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<Stats> buckets = List.of(openBucket(50, 0, 1, new long[] {10_000, 20_000 + i}, new long[] {9_000, 8_000}),
                    openBucket(100, 1, 2, new long[] {900_000, 30_000}, new long[] {12_000, 11_000}));
            RunResult r = shard(i, 2, 0, buckets, List.of());
            shards.add(input(new RunResult(r.schemaVersion(), r.runId(), r.orgId(), r.benchmarkType(), r.name(),
                    r.status(), r.target(), r.startedAt(), r.finishedAt(), r.durationSeconds(), r.config(),
                    r.environment(), r.overall(), r.buckets(), r.thresholds(), r.timeline(), r.errorSamples(),
                    List.of(), RunResult.OPEN, new io.benchsuite.result.Validity(true, List.of(), 75.0, 75.0, 0.4,
                    0L, 0.0, 20, 1, 0), r.shard(), null, null, null, null)));
        }

        // when
        RunResult merged = ShardMerge.merge(shards);

        // then
        assertThat(merged.openModel()).isTrue();
        assertThat(merged.buckets()).extracting(Stats::rate).containsExactly(100.0, 200.0);
        assertThat(merged.buckets()).extracting(Stats::workers).containsOnlyNulls();
        Stats top = merged.bucketAtRate(200).orElseThrow();
        assertThat(top.requests()).isEqualTo(4);
        assertThat(top.latencyMs().max()).isCloseTo(900.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(top.serviceTimeMs().max()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(HistogramCodec.decode(top.serviceTimeHistogramUs()).getTotalCount()).isEqualTo(4);
        assertThat(merged.overall().serviceTimeMs().max()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(merged.validity().valid()).isTrue();
        assertThat(merged.validity().targetRps()).isEqualTo(150.0);
        assertThat(merged.validity().generatorCpuPercent()).isEqualTo(20.0);
    }

    private static Stats openBucket(double rate, double from, double to, long[] latencyUs, long[] serviceUs) {
        Histogram latency = new Histogram(3);
        Histogram service = new Histogram(3);
        for (long v : latencyUs) {
            latency.recordValue(v);
        }
        for (long v : serviceUs) {
            service.recordValue(v);
        }
        return new Stats(null, List.of(from, to), latencyUs.length, latencyUs.length, 0, 100, latencyUs.length,
                Distribution.ofMicros(latency), Map.of(), null, null, null, null, null, null,
                HistogramCodec.encode(latency), rate, Distribution.ofMicros(service), null, null, null,
                HistogramCodec.encode(service), null, null, null, null, null, null, null, null);
    }

    @Test
    void token_percentiles_without_stored_histograms_are_left_out_with_a_note() {
        // given an LLM shard written before the token histograms were kept
        long[] v = {5_000};
        Stats old = bucket(1, 0, 1, v, 0, true);
        Stats stripped = new Stats(old.workers(), old.windowSeconds(), old.requests(), old.successes(), old.failures(),
                old.successRate(), old.throughputRps(), old.latencyMs(), old.errors(), old.ttftMs(), old.tpotMs(),
                old.itlMs(), old.outputTokens(), old.inputTokens(), old.outputTokensPerSecond(),
                old.latencyHistogramUs());
        RunResult a = shard(0, 2, 0, List.of(stripped), List.of());
        RunResult b = shard(1, 2, 0, List.of(bucket(1, 0, 1, v, 0, true)), List.of());

        // when
        RunResult merged = ShardMerge.merge(List.of(input(a), input(b)));

        // then
        assertThat(merged.bucket(1).orElseThrow().ttftMs()).isNull();
        assertThat(merged.bucket(1).orElseThrow().outputTokens()).isEqualTo(20);
        assertThat(merged.notes()).anyMatch(n -> n.startsWith("ttft_ms, tpot_ms and itl_ms of 1 workers are left out"));
    }

    private static RunResult with(RunResult r, UnaryOperator<ObjectNode> change) {
        return ResultJson.mapper().convertValue(change.apply(ResultJson.mapper().valueToTree(r)), RunResult.class);
    }

    private static List<Input> threeShards() {
        long[] v = {5_000};
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inputs.add(input(shard(i, 3, 0, List.of(bucket(3, 0, 1, v, 0, false)), List.of())));
        }
        return inputs;
    }

    @Test
    void shards_of_different_runs_are_refused_naming_both() {
        List<Input> inputs = threeShards();
        inputs.set(2, input(with(inputs.get(2).result(), n -> n.put("run_id", "r2"))));

        assertThatThrownBy(() -> ShardMerge.merge(inputs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("different run ids: r1 (shard-0/result.json) and r2 (shard-2/result.json); merge the "
                        + "shards of one run");
    }

    @Test
    void different_shard_counts_starts_and_configs_are_refused_naming_what_differs() {
        List<Input> counts = threeShards();
        counts.set(1, input(shard(1, 4, 0, counts.get(1).result().buckets(), List.of())));
        assertThatThrownBy(() -> ShardMerge.merge(counts)).hasMessage("different shard counts: 3 "
                + "(shard-0/result.json) and 4 (shard-1/result.json); merge the shards of one run");

        List<Input> starts = threeShards();
        starts.set(1, input(with(starts.get(1).result(),
                n -> {
                    ((ObjectNode) n.get("shard")).put("start_at", "2026-12-06T11:00:00Z");
                    return n;
                })));
        assertThatThrownBy(() -> ShardMerge.merge(starts)).hasMessage("different shared starts (shard.start_at): "
                + "2026-12-06T10:00:00Z (shard-0/result.json) and 2026-12-06T11:00:00Z (shard-1/result.json); "
                + "merge the shards of one run");

        List<Input> configs = threeShards();
        configs.set(2, input(with(configs.get(2).result(), n -> {
            ((ObjectNode) n.get("config")).put("max_load", 12);
            return n;
        })));
        assertThatThrownBy(() -> ShardMerge.merge(configs)).hasMessage("different configs: \"max_load\" is 9 in "
                + "shard-0/result.json and 12 in shard-2/result.json; every shard must run the same config");
    }

    @Test
    void a_missing_or_duplicate_shard_or_a_whole_run_is_refused() {
        List<Input> missing = threeShards();
        missing.remove(1);
        assertThatThrownBy(() -> ShardMerge.merge(missing)).hasMessage("run r1 has 3 shards, but shard 1 is "
                + "missing (given: 0, 2); give the result of every shard");

        List<Input> twice = threeShards();
        twice.set(2, new Input("again/result.json", twice.get(1).result()));
        assertThatThrownBy(() -> ShardMerge.merge(twice)).hasMessage("shard 1 of run r1 is given twice: "
                + "shard-1/result.json and again/result.json; give each shard's result once");

        List<Input> whole = threeShards();
        whole.set(0, new Input("whole/result.json", with(whole.get(0).result(), n -> {
            n.remove("shard");
            return n;
        })));
        assertThatThrownBy(() -> ShardMerge.merge(whole)).hasMessage("whole/result.json is not a shard's result "
                + "(it has no \"shard\"; it was not run with bench run --shard I/N): merge the results of the shards "
                + "of one run");

        assertThatThrownBy(() -> ShardMerge.merge(List.of())).hasMessage("nothing to merge: give the result of "
                + "every shard of the run");
    }

    @Test
    void a_shard_result_round_trips_through_json_and_old_results_still_read() {
        // given
        RunResult r = shard(1, 3, 2.25, List.of(bucket(3, 0, 1, new long[] {5_000}, 0, false)), List.of());

        // when
        String json = ResultJson.toJson(r);

        // then
        assertThat(json).contains("\"shard\" : {\n    \"index\" : 1,\n    \"count\" : 3,\n    \"start_at\" : "
                + "\"2026-12-06T10:00:00Z\",\n    \"start_offset_ms\" : 2.25\n  }");
        assertThat(ResultJson.fromJson(json)).isEqualTo(r);
        RunResult old = with(r, n -> {
            n.remove("shard");
            return n;
        });
        assertThat(old.shard()).isNull();
        assertThat(ResultJson.toJson(old)).doesNotContain("shard").doesNotContain("ttft_histogram_us");
    }
}
