package io.benchsuite.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.result.InsertManyResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.store.RequestLogMode;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/** A database that falls behind: inserts are acknowledged only after the run, so the bounded queue fills up. */
class MongoBackpressureTest {

    @TempDir
    Path out;

    @Test
    void a_database_that_falls_behind_never_slows_the_run_and_loses_nothing() throws Exception {
        // given: inserts that hang until released
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Boolean> stored = new ConcurrentHashMap<>();
        MongoCollection<BsonDocument> slow = slowCollection(release, stored);
        List<String> notices = new ArrayList<>();
        Path runDir = out.resolve("behind");
        MongoRequestSink sink = new MongoRequestSink("behind", RequestLogMode.ALL, slow, new SpillFile(runDir),
                line -> {
                    synchronized (notices) {
                        notices.add(line);
                    }
                }, null, MongoResults::describe);
        int requests = (MongoRequestSink.QUEUE_CHUNKS + 20) * MongoRequestSink.CHUNK;

        // when: the run ends (the engine closes the sink after it, without waiting), the database catches up, and
        // the run is stored (which waits for the sender)
        Thread releaser = Thread.ofPlatform().start(() -> {
            synchronized (notices) {
                while (notices.isEmpty()) {
                    try {
                        notices.wait(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            release.countDown();
        });
        RunResult result = FakeRun.run(out, "behind", "acme", requests, 2, FakeRun.target(0), List.of(sink));
        releaser.join();
        sink.awaitEnd(() -> false);

        // then: every request measured; what the database did not take is in the spill file, exactly
        assertThat(result.overall().requests()).isEqualTo(requests);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).startsWith("MongoDB is falling behind the request log of run behind; the load "
                + "goes on");
        Set<String> spilled = new HashSet<>(MongoResultsTest.spilled(runDir));
        assertThat(spilled).isNotEmpty();
        assertThat(sink.spilled()).isEqualTo(spilled.size());
        assertThat(sink.acknowledged()).isEqualTo(stored.size());
        assertThat(sink.acknowledged() + sink.spilled()).isEqualTo(requests);
        for (String id : stored.keySet()) {
            assertThat(spilled).doesNotContain("requests/" + id);
        }
        assertThat(sink.failure()).isNull();
        assertThat(sink.fellBehind()).isTrue();
    }

    /** A {@code requests} collection whose {@code insertMany} completes only after {@code release}. */
    @SuppressWarnings("unchecked")
    private static MongoCollection<BsonDocument> slowCollection(CountDownLatch release, Map<String, Boolean> stored) {
        return (MongoCollection<BsonDocument>) Proxy.newProxyInstance(MongoBackpressureTest.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("insertMany")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    List<BsonDocument> docs = (List<BsonDocument>) args[0];
                    Publisher<InsertManyResult> p = subscriber -> subscriber.onSubscribe(new Subscription() {
                        @Override
                        public void request(long n) {
                            Thread.ofPlatform().start(() -> {
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    subscriber.onError(e);
                                    return;
                                }
                                docs.forEach(d -> stored.put(d.getString("_id").getValue(), true));
                                subscriber.onNext(InsertManyResult.unacknowledged());
                                subscriber.onComplete();
                            });
                        }

                        @Override
                        public void cancel() {
                        }
                    });
                    return p;
                });
    }
}
