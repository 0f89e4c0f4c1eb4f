package io.benchsuite.engine.target.http;

/** The {@code Authorization} header rules for {@code auth_token}. */
final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private BearerToken() {
    }

    /**
     * The {@code Authorization} value for {@code token}: null (no header) when the token is absent or blank,
     * the token as given when it already starts with {@code Bearer } (any case), else {@code Bearer <token>}.
     */
    static String authorization(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String t = token.strip();
        if (t.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || t.equalsIgnoreCase("bearer")) {
            String credentials = t.substring(Math.min(t.length(), PREFIX.length())).strip();
            return credentials.isEmpty() ? null : PREFIX + credentials;
        }
        return PREFIX + t;
    }
}
