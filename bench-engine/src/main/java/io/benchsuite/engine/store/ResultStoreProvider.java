package io.benchsuite.engine.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens a {@link ResultStore} for the URIs it serves (service provider interface, registered in
 * {@code META-INF/services/io.benchsuite.engine.store.ResultStoreProvider}). {@code bench-store-mongo} serves
 * {@code mongodb://} and {@code mongodb+srv://}.
 */
public interface ResultStoreProvider {

    /** Whether this provider serves {@code settings.uri()}. */
    boolean accepts(StoreSettings settings);

    /**
     * Connects. Empty when the database was not configured and none answers at the default address (one line to
     * {@code notices}); an offline store when it was configured but is unreachable (one line to {@code notices}).
     *
     * @throws IllegalArgumentException when the URI is malformed (the message is safe to print)
     */
    Optional<ResultStore> open(StoreSettings settings, Consumer<String> notices);
}
