package io.benchsuite.engine.target.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.engine.dataset.JsonPathSelector;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns a dataset record into the complete request bytes: {@code json_path} selects the payload, Jackson
 * serializes it, {@link RequestTemplate} adds the head.
 *
 * <p>Implementation notes: the dataset is fixed for a run, so the bytes are computed once per record and kept in
 * a direct-mapped cache keyed by the identity of the record node ({@code identityHashCode}, compared with
 * {@code ==}). The cache is a plain array of immutable entries: racy reads and writes are benign (final fields
 * publish safely; a missed or overwritten entry is only recomputed), so the hot path takes no lock and runs no
 * Jackson once every record has been seen. Memory is bounded by {@link #SLOTS} entries.
 *
 * <p>When {@code json_path} matches nothing in a record, the whole record is sent instead; such requests are
 * counted ({@link #fallbacks()}) and one warning is given for the whole run.
 */
final class Payloads {

    /** Cache slots (a power of two). */
    static final int SLOTS = 1 << 14;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Entry(JsonNode record, byte[] request, boolean fallback) {
    }

    private final RequestTemplate template;
    private final JsonPathSelector jsonPath;
    private final Consumer<String> warnings;
    private final Entry[] cache = new Entry[SLOTS];
    private final LongAdder fallbacks = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param jsonPath a compiled path, or null to send whole records ({@code $} is treated as null)
     * @param warnings receives the one-time fallback warning
     */
    Payloads(RequestTemplate template, String jsonPath, Consumer<String> warnings) {
        this.template = template;
        this.jsonPath = JsonPathSelector.compile(jsonPath);
        this.warnings = warnings;
    }

    /** The complete request for {@code record}. */
    byte[] request(JsonNode record) {
        int slot = slot(record);
        Entry e = cache[slot];
        if (e == null || e.record != record) {
            e = compute(record);
            cache[slot] = e;
        }
        if (e.fallback) {
            fallbacks.increment();
        }
        return e.request;
    }

    /** Requests that sent the whole record because {@code json_path} matched nothing in it. */
    long fallbacks() {
        return fallbacks.sum();
    }

    private static int slot(Object record) {
        int h = System.identityHashCode(record);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    private Entry compute(JsonNode record) {
        JsonNode payload = record;
        boolean fallback = false;
        if (!jsonPath.whole()) {
            JsonNode selected = jsonPath.select(record);
            if (selected == null) {
                fallback = true;
                warnOnce();
            } else {
                payload = selected;
            }
        }
        try {
            return new Entry(record, template.encode(MAPPER.writeValueAsBytes(payload)), fallback);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void warnOnce() {
        if (!warned.get() && warned.compareAndSet(false, true)) {
            warnings.accept("json_path \"" + jsonPath.text() + "\" matched nothing in a dataset record; sending whole "
                    + "records where it does not match (counted per request; this warning is shown once)");
        }
    }
}
