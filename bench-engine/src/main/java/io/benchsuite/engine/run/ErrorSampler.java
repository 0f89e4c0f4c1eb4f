package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The result's {@code error_samples}: for each error class, the first {@value #SAMPLES} distinct messages, with
 * every secret replaced by {@code ***} and cut at {@value #MAX_LENGTH} characters.
 *
 * <p>Implementation notes: called by workers for every failed request, so it looks at the first
 * {@value #LOOKS} failures of a class only; after that (or once it holds {@value #SAMPLES} messages) a class is
 * marked full and later failures return after one map lookup and a volatile read, without the lock or the
 * scrubbing.
 */
final class ErrorSampler {

    static final int SAMPLES = 5;
    static final int LOOKS = 1000;
    static final int MAX_LENGTH = 500;

    private final Secrets secrets;
    private final Map<String, Samples> byClass = new ConcurrentHashMap<>();

    ErrorSampler(Secrets secrets) {
        this.secrets = secrets;
    }

    /** The messages kept for one class. */
    private static final class Samples {
        final List<String> messages = new ArrayList<>(SAMPLES);
        int looked;
        /** Set once nothing more will be kept, so later failures skip the lock. */
        volatile boolean full;
    }

    /** Worker: looks at the failure {@code ex} ended with. */
    void sample(Exchange ex) {
        String cls = ex.errorClass();
        Samples samples = byClass.computeIfAbsent(cls, k -> new Samples());
        if (samples.full) {
            return;
        }
        synchronized (samples) {
            if (samples.messages.size() >= SAMPLES || samples.looked >= LOOKS) {
                samples.full = true;
                return;
            }
            samples.looked++;
            String msg = secrets.scrub(ex.errorMessage() == null ? cls : ex.errorMessage());
            if (msg.length() > MAX_LENGTH) {
                msg = msg.substring(0, MAX_LENGTH) + "...";
            }
            if (!samples.messages.contains(msg)) {
                samples.messages.add(msg);
            }
        }
    }

    /** After the run: the messages by class, classes in name order. */
    Map<String, List<String>> samples() {
        Map<String, List<String>> sorted = new TreeMap<>();
        byClass.forEach((k, v) -> {
            synchronized (v) {
                sorted.put(k, List.copyOf(v.messages));
            }
        });
        return new LinkedHashMap<>(sorted);
    }
}
