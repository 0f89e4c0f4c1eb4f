package io.benchsuite.llm;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * openai-java's transport, replaced: sends its requests through our {@link HttpClients#forStreams sized} OkHttp
 * client, applies the worker's deadline to each call, and wraps the body in a {@link TimedInputStream} so chunks
 * are timestamped at the read that delivered them. (openai-java's own OkHttp transport offers no way to size the
 * connection pool.)
 */
final class OkHttpTransport implements HttpClient {

    private final OkHttpClient client;
    private final InFlightCalls inFlight;

    OkHttpTransport(OkHttpClient client, InFlightCalls inFlight) {
        this.client = client;
        this.inFlight = inFlight;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        StreamClock clock = StreamClock.current();
        Call call = client.newCall(toOkHttp(request));
        HttpClients.deadline(call, clock.deadlineNanos);
        inFlight.started(call);
        try {
            Response response = call.execute();
            return new TimedResponse(response, clock, () -> inFlight.finished(call));
        } catch (IOException | RuntimeException e) {
            inFlight.finished(call);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        // the benchmark only sends blocking calls from its workers; kept for completeness
        return CompletableFuture.supplyAsync(() -> execute(request, options), Thread::startVirtualThread);
    }

    @Override
    public void close() {
        HttpClients.close(client);
    }

    private static Request toOkHttp(HttpRequest request) {
        Request.Builder b = new Request.Builder().url(request.url());
        Headers headers = request.headers();
        for (String name : headers.names()) {
            for (String value : headers.values(name)) {
                b.addHeader(name, value);
            }
        }
        HttpRequestBody body = request.body();
        RequestBody okBody = null;
        if (body != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            body.writeTo(bytes);
            String type = body.contentType();
            okBody = RequestBody.create(bytes.toByteArray(), type == null ? null : MediaType.parse(type));
        }
        String method = request.method().name();
        if (okBody == null && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            okBody = RequestBody.create(new byte[0], null);
        }
        return b.method(method, okBody).build();
    }

    /** openai-java's view of an OkHttp response, with a timed body. */
    private static final class TimedResponse implements HttpResponse {
        private final Response response;
        private final StreamClock clock;
        private Headers headers;
        private InputStream body;
        private final Runnable onClose;

        TimedResponse(Response response, StreamClock clock, Runnable onClose) {
            this.response = response;
            this.clock = clock;
            this.onClose = onClose;
        }

        @Override
        public int statusCode() {
            return response.code();
        }

        @Override
        public Headers headers() {
            if (headers == null) {
                Headers.Builder b = Headers.builder();
                okhttp3.Headers h = response.headers();
                for (String name : h.names()) {
                    b.put(name, h.values(name));
                }
                headers = b.build();
            }
            return headers;
        }

        @Override
        public InputStream body() {
            if (body == null) {
                ResponseBody rb = response.body();
                body = new TimedInputStream(rb == null ? InputStream.nullInputStream() : rb.byteStream(), clock);
            }
            return body;
        }

        @Override
        public void close() {
            try {
                response.close();
            } finally {
                onClose.run();
            }
        }
    }
}
