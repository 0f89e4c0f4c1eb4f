package io.benchsuite.engine.store;

/**
 * What became of a run's documents: stored in the database, or kept locally for a later {@code bench sync}.
 *
 * @param stored  true only when the run document and every request document it should have were acknowledged
 * @param message one line for the user, e.g. {@code stored in MongoDB ...} or {@code MongoDB unavailable: ...}
 */
public record StoreOutcome(boolean stored, String message) {

    public StoreOutcome {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a store outcome needs a message for the user");
        }
    }
}
