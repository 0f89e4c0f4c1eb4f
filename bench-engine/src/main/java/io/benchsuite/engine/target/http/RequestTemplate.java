package io.benchsuite.engine.target.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes of a request up to (not including) {@code Content-Length}: request line and headers, encoded once
 * per target. {@link #encode(byte[])} appends the length and a body to make a complete request that is sent
 * with a single write.
 *
 * <pre>{@code
 * RequestTemplate post = RequestTemplate.post("https://api.example.com/v1/chat",
 *         Map.of("Accept", "text/event-stream"));
 * byte[] request = post.encode(jsonBody);   // per request: one array copy
 * }</pre>
 *
 * <p>Header order: {@code Host}, {@code User-Agent}, {@code Accept}, {@code Content-Type},
 * {@code Authorization}, then the user's {@code headers}. A user header replaces a default of the same name
 * (case-insensitive) in place.
 */
public final class RequestTemplate {

    static final String USER_AGENT = "benchsuite/0.1";
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private final String method;
    private final byte[] head;

    private RequestTemplate(String method, byte[] head) {
        this.method = method;
        this.head = head;
    }

    /**
     * A template for JSON POSTs to {@code url}, with {@code headers} besides the defaults (same name: replaces
     * the default).
     *
     * @throws IllegalArgumentException when {@code url} is not an {@code http://} or {@code https://} URL, or a
     *                                  header cannot be sent (see {@link #checkHeader(String, String)})
     */
    public static RequestTemplate post(String url, Map<String, String> headers) {
        return of("POST", HttpEndpoint.ofUrl(url), null, headers);
    }

    /**
     * A template for {@code method} requests to {@code endpoint}.
     *
     * @param authorization the {@code Authorization} header value, or null for none
     * @param headers       extra headers; validated by {@link #checkHeader(String, String)}
     */
    static RequestTemplate of(String method, HttpEndpoint endpoint, String authorization,
                              Map<String, String> headers) {
        Map<String, String[]> all = new LinkedHashMap<>();
        put(all, "Host", endpoint.hostHeader());
        put(all, "User-Agent", USER_AGENT);
        put(all, "Accept", "*/*");
        put(all, "Content-Type", "application/json");
        if (authorization != null) {
            String problem = io.benchsuite.engine.config.Secrets.problem(authorization);
            if (problem != null) {
                throw new IllegalArgumentException("the Authorization value (auth_token) " + problem);
            }
            put(all, "Authorization", authorization);
        }
        headers.forEach((name, value) -> {
            String problem = checkHeader(name, value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            put(all, name, value);
        });
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(endpoint.target()).append(" HTTP/1.1\r\n");
        for (String[] h : all.values()) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return new RequestTemplate(method, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void put(Map<String, String[]> all, String name, String value) {
        all.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
    }

    /**
     * Why {@code name: value} cannot be sent as a configured header, or null when it can. Never includes the
     * value (it may be a secret).
     */
    static String checkHeader(String name, String value) {
        if (name.isEmpty()) {
            return "has an empty header name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return "header name \"" + name + "\" contains a character not allowed in HTTP header names";
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")
                || lower.equals("upgrade") || lower.equals("te") || lower.equals("expect")) {
            return "header \"" + name + "\" is managed by the HTTP client and cannot be set; remove it";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                return "value of header \"" + name + "\" contains a line break, NUL or a character outside "
                        + "ISO-8859-1";
            }
        }
        return null;
    }

    String method() {
        return method;
    }

    /** A complete request: head, {@code Content-Length}, blank line, {@code body}. */
    public byte[] encode(byte[] body) {
        byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + 24 + body.length);
        out.writeBytes(head);
        out.writeBytes(CONTENT_LENGTH);
        out.writeBytes(length);
        out.writeBytes(CRLF_CRLF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The head as text, for tests (contains secrets: never print it). */
    String headText() {
        return new String(head, StandardCharsets.ISO_8859_1);
    }
}
