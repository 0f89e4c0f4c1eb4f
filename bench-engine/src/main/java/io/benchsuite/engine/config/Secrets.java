package io.benchsuite.engine.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The secret values of a run (tokens, API keys, secret header values, passwords and secret query parameters of
 * URLs), and the one rule for keeping them out of every file, log, report, database document and message:
 * validate them on input ({@link #problem(String)}), then {@linkplain #scrub(String) scrub} any text before it
 * is cut or stored.
 *
 * <p>Scrubbing replaces each secret by {@value #REDACTED} in the forms a server may echo it in: as sent, JSON
 * escaped ({@code "} as {@code \"}, {@code /} as {@code \/}) and URL encoded. A text that was cut before it
 * reached us (the first bytes of an error body) may end in the first characters of a secret;
 * {@link #scrubCut(String)} also replaces such a tail. Values shorter than {@value #MIN_LENGTH} characters are
 * not scrubbed (they would blank out ordinary words); nobody's secret is that short.
 *
 * <pre>{@code
 * Secrets secrets = Secrets.of(List.of(token));
 * String sample = secrets.scrubCut(firstBytesOfBody);   // then cut, store, print
 * }</pre>
 */
public final class Secrets {

    /** The text that replaces a secret value. */
    public static final String REDACTED = "***";

    /** Values shorter than this are not scrubbed. */
    static final int MIN_LENGTH = 3;

    /**
     * Query parameter names whose values are secret in any URL of a config (case-insensitive), besides those
     * listed in {@code secret_query_params}.
     */
    public static final Set<String> SECRET_QUERY_PARAMS = Set.of("key", "api_key", "apikey", "api-key", "token",
            "access_token", "auth_token", "sig", "signature", "password", "passwd", "secret", "client_secret");

    private static final Secrets NONE = new Secrets(List.of(), List.of());

    /** The secrets as given (deduplicated). */
    private final List<String> values;
    /** Every form of every secret, longest first (so a longer form is replaced before a shorter one inside it). */
    private final List<String> forms;

    private Secrets(List<String> values, List<String> forms) {
        this.values = values;
        this.forms = forms;
    }

    /** No secrets: scrubbing returns the text unchanged. */
    public static Secrets none() {
        return NONE;
    }

    /** The secrets {@code values} (nulls and blanks ignored). */
    public static Secrets of(Collection<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                kept.add(v);
                if (!v.strip().equals(v)) {
                    kept.add(v.strip());
                }
            }
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String v : kept) {
            if (v.length() < MIN_LENGTH) {
                continue;
            }
            forms.add(v);
            String json = new String(JsonStringEncoder.getInstance().quoteAsString(v));
            forms.add(json);
            forms.add(json.replace("/", "\\/"));
            String url = URLEncoder.encode(v, StandardCharsets.UTF_8);
            forms.add(url);
            forms.add(url.replace("+", "%20"));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(kept), List.copyOf(sorted));
    }

    /** These secrets and {@code more}. */
    public Secrets and(Collection<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return of(all);
    }

    /** These secrets and {@code more}'s. */
    public Secrets and(Secrets more) {
        return more.values.isEmpty() ? this : and(more.values);
    }

    /** True when there is nothing to scrub. */
    public boolean isEmpty() {
        return forms.isEmpty();
    }

    /** The secret values as given: never print them. */
    public List<String> values() {
        return values;
    }

    /** {@code text} with every occurrence of every secret (in each of its forms) replaced by {@value #REDACTED}. */
    public String scrub(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (String form : forms) {
            if (out.contains(form)) {
                out = out.replace(form, REDACTED);
            }
        }
        return out;
    }

    /**
     * {@link #scrub(String)} for a text that was cut at its end before we saw the rest (the first bytes of a
     * body): a tail that is the start of a secret is replaced too.
     */
    public String scrubCut(String text) {
        String out = scrub(text);
        if (out == null || forms.isEmpty()) {
            return out;
        }
        int cutFrom = out.length();
        for (String form : forms) {
            for (int len = Math.min(form.length() - 1, out.length()); len >= 1; len--) {
                if (out.regionMatches(out.length() - len, form, 0, len)) {
                    cutFrom = Math.min(cutFrom, out.length() - len);
                    break;
                }
            }
        }
        return cutFrom == out.length() ? out : out.substring(0, cutFrom) + REDACTED;
    }

    // ------------------------------------------------------------------ validation

    /**
     * Why {@code value} cannot be used as a secret (a token, a key, a secret header value), or null when it can.
     * A secret is sent in an HTTP header, so it must be one line of printable ASCII: a line break would add
     * headers or requests of its own, and a character outside ASCII would be sent as {@code ?}. The reason never
     * includes the value.
     */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return "contains a line break (character " + (i + 1) + "); a secret must be one line, check for a "
                        + "pasted newline";
            }
            if (c < ' ' || c == 127) {
                return "contains a control character (code " + (int) c + " at character " + (i + 1) + "); a secret "
                        + "must be printable ASCII";
            }
            if (c > 126) {
                return "contains a character outside ASCII (at character " + (i + 1) + "), which cannot be sent in "
                        + "an HTTP header; a secret must be printable ASCII";
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ URLs

    /** Whether {@code text} looks like an absolute {@code http(s)://} URL. */
    public static boolean isUrl(String text) {
        return text != null && (text.regionMatches(true, 0, "http://", 0, 7)
                || text.regionMatches(true, 0, "https://", 0, 8));
    }

    /**
     * The secret values of {@code url}: the password of its user info, and the values of query parameters whose
     * names are in {@link #SECRET_QUERY_PARAMS} or {@code moreParams} (case-insensitive), as written and decoded.
     */
    public static List<String> inUrl(String url, Set<String> moreParams) {
        List<String> out = new ArrayList<>();
        String userInfo = rawUserInfo(url);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon + 1 < userInfo.length()) {
                String password = userInfo.substring(colon + 1);
                out.add(password);
                out.add(decode(password));
            }
        }
        String query = rawQuery(url);
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && eq + 1 < pair.length() && secretParam(decode(pair.substring(0, eq)), moreParams)) {
                    String value = pair.substring(eq + 1);
                    out.add(value);
                    out.add(decode(value));
                }
            }
        }
        return out;
    }

    /** {@code url} with its user info's password and its secret query parameter values replaced by {@value #REDACTED}. */
    public static String redactUrl(String url, Set<String> moreParams) {
        return of(inUrl(url, moreParams)).scrub(url);
    }

    private static boolean secretParam(String name, Set<String> moreParams) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_QUERY_PARAMS.contains(lower) || moreParams.contains(lower);
    }

    private static String rawUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, scheme + 3);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at > scheme + 3 ? url.substring(scheme + 3, at) : null;
    }

    private static String rawQuery(String url) {
        try {
            return new URI(url.strip()).getRawQuery();
        } catch (URISyntaxException e) {
            int q = url.indexOf('?');
            if (q < 0) {
                return null;
            }
            int hash = url.indexOf('#', q);
            return url.substring(q + 1, hash < 0 ? url.length() : hash);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " values]";
    }
}
