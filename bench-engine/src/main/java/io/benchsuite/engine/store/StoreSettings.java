package io.benchsuite.engine.store;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the results database is.
 *
 * <p>Precedence: an explicit URI (CLI {@code --mongodb-uri}, JUnit configuration parameter
 * {@value #JUNIT_URI_PARAMETER}) wins over the {@value #URI_ENV} environment variable; with neither, the
 * default {@value #DEFAULT_URI} is tried once with a short server-selection timeout and silently skipped
 * (one line) when no server answers. The database name comes from {@value #DATABASE_ENV}, default
 * {@value #DEFAULT_DATABASE}.
 *
 * @param uri                     the connection string (may hold a password: print {@link #displayUri()})
 * @param database                the database name
 * @param configured              true when the user asked for MongoDB (option, parameter or environment);
 *                                false when only the default is being tried
 * @param serverSelectionTimeout  how long to look for a server before giving up
 */
public record StoreSettings(String uri, String database, boolean configured, Duration serverSelectionTimeout) {

    public static final String URI_ENV = "MONGODB_URI";
    public static final String DATABASE_ENV = "DATABASE_NAME";
    public static final String DEFAULT_URI = "mongodb://localhost:27017";
    public static final String DEFAULT_DATABASE = "benchmarking";
    /** The JUnit Platform configuration parameter naming the MongoDB URI. */
    public static final String JUNIT_URI_PARAMETER = "benchsuite.mongodbUri";

    /** Server-selection timeout when only the default URI is tried. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** Server-selection timeout when MongoDB was configured. */
    public static final Duration CONFIGURED_TIMEOUT = Duration.ofSeconds(5);

    public StoreSettings {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException("MongoDB URI \"" + redact(uri) + "\" must start with mongodb:// "
                    + "or mongodb+srv://, e.g. " + DEFAULT_URI);
        }
        if (database == null || database.isBlank() || database.contains(".") || database.contains("/")) {
            throw new IllegalArgumentException("MongoDB database name \"" + database + "\" must be non-empty and "
                    + "contain no '.' or '/'; set " + DATABASE_ENV + " e.g. to " + DEFAULT_DATABASE);
        }
        if (serverSelectionTimeout == null || serverSelectionTimeout.isNegative() || serverSelectionTimeout.isZero()) {
            throw new IllegalArgumentException("server selection timeout (" + serverSelectionTimeout
                    + ") must be positive");
        }
    }

    /**
     * Settings from an explicit URI (may be empty) and the environment.
     *
     * @param explicitUri {@code --mongodb-uri} or the JUnit parameter, if given
     * @param env         the environment, usually {@link System#getenv()}
     */
    public static StoreSettings resolve(Optional<String> explicitUri, Map<String, String> env) {
        String database = nonBlank(env.get(DATABASE_ENV)).orElse(DEFAULT_DATABASE);
        Optional<String> uri = explicitUri.flatMap(StoreSettings::nonBlank).or(() -> nonBlank(env.get(URI_ENV)));
        return uri.map(u -> new StoreSettings(u.trim(), database, true, CONFIGURED_TIMEOUT))
                .orElseGet(() -> new StoreSettings(DEFAULT_URI, database, false, PROBE_TIMEOUT));
    }

    /** {@link #resolve(Optional, Map)} with the process environment. */
    public static StoreSettings fromEnvironment(Optional<String> explicitUri) {
        return resolve(explicitUri, System.getenv());
    }

    /** Explicit settings, e.g. for tests. */
    public static StoreSettings of(String uri, String database) {
        return new StoreSettings(uri, database, true, CONFIGURED_TIMEOUT);
    }

    /** The URI with any password replaced by {@code ***}: safe for messages. */
    public String displayUri() {
        return redact(uri);
    }

    static String redact(String uri) {
        return io.benchsuite.engine.config.Secrets.redactUrl(uri, java.util.Set.of());
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
