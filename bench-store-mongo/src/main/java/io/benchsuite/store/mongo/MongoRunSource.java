package io.benchsuite.store.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * Runs read back from MongoDB. Every query is a plain {@code find} with sort and limit on an indexed field
 * ({@code started_at}, {@code org_id + started_at}, {@code _id}, {@code run_id + seq}); statistics come from the
 * stored documents, so no aggregation operator is needed.
 */
final class MongoRunSource implements RunSource {

    static final int PAGE = 5000;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Bson NEWEST_FIRST = Sorts.descending("started_at", "run_id");

    private final MongoCollection<BsonDocument> runs;
    private final MongoCollection<BsonDocument> requests;
    private final String description;

    MongoRunSource(MongoCollection<BsonDocument> runs, MongoCollection<BsonDocument> requests, String description) {
        this.runs = runs;
        this.requests = requests;
        this.description = description;
    }

    @Override
    public String description() {
        return "MongoDB " + description;
    }

    @Override
    public List<RunResult> list(int limit) {
        return Await.all(runs.find().sort(NEWEST_FIRST).limit(limit), QUERY_TIMEOUT).stream()
                .map(MongoRunSource::result).toList();
    }

    @Override
    public Optional<RunResult> run(String runId) {
        return Await.first(runs.find(Filters.eq("_id", runId)).limit(1), QUERY_TIMEOUT).map(MongoRunSource::result);
    }

    @Override
    public List<RunResult> org(String orgId, int limit) {
        return Await.all(runs.find(Filters.eq("org_id", orgId)).sort(NEWEST_FIRST).limit(limit), QUERY_TIMEOUT)
                .stream().map(MongoRunSource::result).toList();
    }

    @Override
    public List<RunResult> repetitions(String group) {
        return Await.all(runs.find(Filters.eq("repetition.group", group)).sort(Sorts.ascending("repetition.index")),
                QUERY_TIMEOUT).stream().map(MongoRunSource::result).toList();
    }

    @Override
    public Optional<RunResult> latestCompleted(String orgId, String name) {
        return Await.first(runs.find(Filters.and(Filters.eq("org_id", orgId), Filters.eq("name", name),
                Filters.eq("status", "completed"))).sort(NEWEST_FIRST).limit(1), QUERY_TIMEOUT)
                .map(MongoRunSource::result);
    }

    @Override
    public long forEachRequest(String runId, Consumer<ObjectNode> action) {
        long n = 0;
        long after = -1;
        while (true) {
            List<BsonDocument> page = Await.all(requests.find(Filters.and(Filters.eq("run_id", runId),
                    Filters.gt("seq", after))).sort(Sorts.ascending("seq")).limit(PAGE), QUERY_TIMEOUT);
            for (BsonDocument d : page) {
                action.accept(BsonJson.object(d, "_id", "run_id"));
                after = d.getNumber("seq").longValue();
                n++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (n == 0 && run(runId).isEmpty()) {
            throw new NoSuchElementException("no run \"" + runId + "\" in " + description());
        }
        return n;
    }

    static RunResult result(BsonDocument doc) {
        try {
            return ResultJson.mapper().treeToValue(BsonJson.object(doc, "_id"), RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run document " + doc.get("_id") + " does not match the result "
                    + "contract: " + e.getOriginalMessage(), e);
        }
    }
}
