package io.benchsuite.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The OkHttp calls of one target whose streams are still being read, so a run that must stop at once can cancel
 * them: OkHttp's dispatcher forgets a synchronous call once its response head arrived, and a worker on a platform
 * thread does not notice an interrupt while it reads the body.
 */
final class InFlightCalls {

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();

    /** From {@code Call.execute} until the response body is closed. */
    void started(Call call) {
        calls.add(call);
    }

    void finished(Call call) {
        calls.remove(call);
    }

    /** Cancels every call in flight: their reads fail at once. */
    void cancelAll() {
        for (Call call : calls) {
            call.cancel();
        }
    }
}
