package io.benchsuite.store.mongo;

import io.benchsuite.engine.store.ResultStore;
import io.benchsuite.engine.store.ResultStoreProvider;
import io.benchsuite.engine.store.StoreSettings;
import java.util.Optional;
import java.util.function.Consumer;

/** Serves {@code mongodb://} and {@code mongodb+srv://} URIs with {@link MongoResults}. Found by ServiceLoader. */
public final class MongoStoreProvider implements ResultStoreProvider {

    public MongoStoreProvider() {
    }

    @Override
    public boolean accepts(StoreSettings settings) {
        return settings.uri().startsWith("mongodb://") || settings.uri().startsWith("mongodb+srv://");
    }

    @Override
    public Optional<ResultStore> open(StoreSettings settings, Consumer<String> notices) {
        return MongoResults.open(settings, notices).map(m -> m);
    }
}
