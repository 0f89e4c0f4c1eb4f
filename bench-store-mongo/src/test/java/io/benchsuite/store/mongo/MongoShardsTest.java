package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Shard;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.ShardBarrier;
import io.benchsuite.engine.store.ShardRegistration;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.engine.store.SyncReport;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shards of a distributed run in MongoDB: kept apart from each other and from runs, and their barrier. */
class MongoShardsTest {

    private final MongoTestServer server = new MongoTestServer();

    @TempDir
    Path out;

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The store on the test server; it says nothing when the database is there. */
    private MongoResults open() {
        return MongoResults.open(server.settings("bench"), line -> {
            throw new AssertionError("unexpected notice: " + line);
        }).orElseThrow();
    }

    /** Shard {@code shard} of run r1 capped at {@code requests} (run-wide) through the engine into {@code db}. */
    private RunResult shard(MongoResults db, Shard shard, long requests) {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("max_load", 4);
        RunSpec spec = RunSpec.builder(FakeRun.target(50), LoadPlan.constant(4, Duration.ofSeconds(60))
                        .withTotalRequests(requests))
                .withRunId("r1").withShard(shard).withRedactedConfig(config)
                .withRequestLog(db.requestSink(shard.key("r1"), out.resolve(shard.key("r1")), RequestLogMode.ALL))
                .build();
        return LoadEngine.run(spec);
    }

    private static long count(MongoDatabase db, String collection, String runId) {
        return Await.all(db.getCollection(collection, BsonDocument.class).countDocuments(Filters.eq("run_id", runId)),
                Duration.ofSeconds(10)).getFirst();
    }

    @Test
    void shard_results_and_their_request_logs_never_overwrite_each_other_nor_a_run() throws Exception {
        // given
        MongoResults db = open();
        RunResult zero = shard(db, new Shard(0, 2), 600); // its share: 300
        RunResult one = shard(db, new Shard(1, 2), 400); // 200

        // when
        StoreOutcome first = db.store(zero, out.resolve("r1.shard-0"));
        StoreOutcome second = db.store(one, out.resolve("r1.shard-1"));

        // then
        assertThat(first.message()).startsWith("stored in MongoDB (" + server.uri() + " database bench): shard 0/2 "
                + "of run r1 and 300 request documents");
        assertThat(second.stored()).isTrue();
        List<ObjectNode> stored = db.shardResults("r1");
        assertThat(stored).hasSize(2);
        assertThat(ResultJson.mapper().treeToValue(stored.get(0), RunResult.class)).isEqualTo(zero);
        assertThat(ResultJson.mapper().treeToValue(stored.get(1), RunResult.class)).isEqualTo(one);
        try (MongoClient client = MongoClients.create(server.uri())) {
            MongoDatabase raw = client.getDatabase("bench");
            assertThat(count(raw, "requests", "r1.shard-0")).isEqualTo(300);
            assertThat(count(raw, "requests", "r1.shard-1")).isEqualTo(200);
            assertThat(count(raw, "runs", "r1")).isZero();
            assertThat(Await.all(raw.getCollection("shards", BsonDocument.class).find(), Duration.ofSeconds(10)))
                    .extracting(d -> d.getString("_id").getValue()).containsExactlyInAnyOrder("r1.shard-0",
                            "r1.shard-1");
        }
        try (RunSource runs = db.source()) {
            assertThat(runs.run("r1")).isEmpty(); // a run is its merge, not its shards
        }
        assertThat(db.shardResults("another")).isEmpty();
        db.close();
    }

    @Test
    void a_spilled_shard_result_is_uploaded_to_the_shards() throws Exception {
        // given a shard result that waited in a spill file
        MongoResults db = open();
        RunResult zero = shard(db, new Shard(0, 2), 10);
        db.store(zero, out.resolve("r1.shard-0")); // the request documents are in
        SpillFile spill = new SpillFile(out.resolve("r1.shard-0"));
        spill.append("shards", List.of(MongoResults.runDocument(zero)));
        spill.close();
        try (MongoClient client = MongoClients.create(server.uri())) {
            Await.all(client.getDatabase("bench").getCollection("shards", BsonDocument.class).deleteMany(
                    Filters.eq("_id", "r1.shard-0")), Duration.ofSeconds(10));
        }

        // when
        SyncReport report = db.syncPending(out);

        // then
        assertThat(report.runDocuments()).isEqualTo(1);
        assertThat(db.shardResults("r1")).hasSize(1);
        db.close();
    }

    @Test
    void shards_register_at_the_barrier_once_and_agree_on_one_start() throws Exception {
        // given shard 1 of run r1 registered already
        MongoResults db = open();
        Instant registered = Instant.parse("2026-12-06T10:00:00Z");
        db.registerShard("r1", new ShardRegistration(1, 2, registered));

        // when shard 0 comes to the barrier
        Instant start = new ShardBarrier(db).await("r1", new Shard(0, 2), Duration.ZERO, Duration.ofSeconds(30),
                line -> { });

        // then it is the last one: the start follows its own registration
        assertThat(start).isAfter(registered);
        assertThat(db.shardRegistrations("r1")).extracting(ShardRegistration::index).containsExactlyInAnyOrder(0, 1);
        assertThat(db.shardRegistrations("r2")).isEmpty();
        assertThatThrownBy(() -> db.registerShard("r1", new ShardRegistration(1, 2, registered.plusSeconds(60))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("shard 1 of run r1 registered at the barrier already (at 2026-12-06T10:00:00Z, in "
                        + server.uri() + " database bench): a shard runs once per run id; give the new run another "
                        + "benchmark_run_id");
        db.close();
    }
}
