package io.benchsuite.store.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.benchsuite.engine.store.Baseline;
import io.benchsuite.engine.store.Baselines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Baselines in the collection {@code baselines}: one document {@code {org_id, name, run_ids, set_at}} per organisation
 * and name (a unique index), replaced when a new one is set.
 */
final class MongoBaselines implements Baselines {

    static final String COLLECTION = "baselines";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MongoCollection<BsonDocument> baselines;
    private final String description;

    MongoBaselines(MongoCollection<BsonDocument> baselines, String description) {
        this.baselines = baselines;
        this.description = description;
    }

    /** Creates the unique index on {@code org_id, name}; a failure only makes lookups slower. */
    void createIndex() {
        Await.all(baselines.createIndex(Indexes.compoundIndex(Indexes.ascending("org_id"), Indexes.ascending("name")),
                new IndexOptions().unique(true).name("org_id_name_unique")), TIMEOUT);
    }

    @Override
    public String description() {
        return "MongoDB " + description;
    }

    @Override
    public void put(Baseline b) {
        BsonDocument doc = new BsonDocument("org_id", new BsonString(b.orgId()))
                .append("name", new BsonString(b.name()))
                .append("run_ids", new BsonArray(b.runIds().stream().map(id -> (BsonValue) new BsonString(id))
                        .toList()))
                .append("set_at", new BsonString(b.setAt().toString()));
        Await.all(baselines.replaceOne(key(b.orgId(), b.name()), doc, new ReplaceOptions().upsert(true)), TIMEOUT);
    }

    @Override
    public Optional<Baseline> get(String orgId, String name) {
        return Await.first(baselines.find(key(orgId, name)).limit(1), TIMEOUT).map(MongoBaselines::baseline);
    }

    @Override
    public List<Baseline> list(Optional<String> orgId) {
        Bson filter = orgId.map(o -> Filters.eq("org_id", o)).orElse(new BsonDocument());
        return Await.all(baselines.find(filter).sort(Sorts.ascending("org_id", "name")), TIMEOUT).stream()
                .map(MongoBaselines::baseline).toList();
    }

    private static Bson key(String orgId, String name) {
        return Filters.and(Filters.eq("org_id", orgId), Filters.eq("name", name));
    }

    private static Baseline baseline(BsonDocument d) {
        return new Baseline(d.getString("org_id").getValue(), d.getString("name").getValue(),
                d.getArray("run_ids").stream().map(v -> v.asString().getValue()).toList(),
                Instant.parse(d.getString("set_at").getValue()));
    }
}
