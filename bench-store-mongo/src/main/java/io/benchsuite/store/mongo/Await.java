package io.benchsuite.store.mongo;

import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Waits for a reactive-streams publisher of the MongoDB driver, with a deadline. Used off the load's hot path
 * only: by the request-log sender thread, at the end of a run, and by {@code bench analyze} / {@code bench sync}.
 */
final class Await {

    private Await() {
    }

    /** Subscribes to {@code publisher} and completes with everything it emits. */
    static <T> CompletableFuture<List<T>> collect(Publisher<T> publisher) {
        CompletableFuture<List<T>> done = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            private final List<T> items = new ArrayList<>();

            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T t) {
                items.add(t);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(items);
            }
        });
        return done;
    }

    static <T> List<T> all(Publisher<T> publisher, Duration timeout) {
        return all(publisher, timeout, () -> false);
    }

    /** {@link #all(Publisher, Duration)}, giving up as soon as {@code stopNow} is true (checked every 50 ms). */
    static <T> List<T> all(Publisher<T> publisher, Duration timeout, java.util.function.BooleanSupplier stopNow) {
        CompletableFuture<List<T>> f = collect(publisher);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                if (stopNow.getAsBoolean()) {
                    f.cancel(false);
                    throw new MongoTimeoutException("stopped at once, without waiting for MongoDB");
                }
                try {
                    return f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException slice) {
                    // look at stopNow again
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new MongoTimeoutException("no answer from MongoDB within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MongoTimeoutException("interrupted while waiting for MongoDB");
        }
    }

    static <T> Optional<T> first(Publisher<T> publisher, Duration timeout) {
        return all(publisher, timeout).stream().findFirst();
    }
}
