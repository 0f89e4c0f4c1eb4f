package io.benchsuite.engine.target.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where requests go: parsed once from the {@code endpoint} URL.
 *
 * @param secure       true for {@code https}
 * @param host         the host to connect to (IPv6 literals without brackets)
 * @param port         the TCP port (default 80 / 443 filled in)
 * @param target       the request target: path (at least {@code /}) and query, as written in the URL
 * @param hostHeader   the {@code Host} header value (port only when not the scheme's default)
 */
record HttpEndpoint(boolean secure, String host, int port, String target, String hostHeader) {

    HttpEndpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has port " + port + ", which is outside 1..65535");
        }
        if (target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("must have a path starting with /");
        }
    }

    /**
     * Parses {@code url}, an absolute {@code http://} or {@code https://} URL.
     *
     * @throws IllegalArgumentException with the reason (a sentence fragment such as "has no host")
     */
    static HttpEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected e.g. \"https://api.example.com/v1/orders\"");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("has no scheme; expected e.g. \"https://api.example.com/v1/orders\"");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("has unsupported scheme \"" + scheme + "\"; use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("contains credentials (user:password@), which are not supported; "
                    + "use \"auth_token\" or \"headers\" instead");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("has no host; expected e.g. \"https://api.example.com/v1/orders\"");
        }
        boolean secure = scheme.equals("https");
        int defaultPort = secure ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String connectHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new HttpEndpoint(secure, connectHost, port, target, hostHeader);
    }

    /** As {@link #parse(String)}, with a message that is a sentence: {@code URL "ftp://x" has unsupported ...}. */
    static HttpEndpoint ofUrl(String url) {
        try {
            return parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL \"" + url + "\" " + e.getMessage(), e);
        }
    }

    /**
     * {@code host:port} ({@code [::1]:8080} for IPv6), for messages: where a connection went. Holds no secret: an
     * endpoint with user info is refused ({@link #parse}), and the path and query are left out.
     */
    String authority() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** True when {@link #host()} is an IP literal (no SNI is sent for those). */
    boolean hostIsIpLiteral() {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
