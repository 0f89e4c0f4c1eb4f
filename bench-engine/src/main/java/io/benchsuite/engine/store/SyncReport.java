package io.benchsuite.engine.store;

import java.util.List;

/**
 * What {@link ResultStore#syncPending} did.
 *
 * @param files            spill files fully uploaded (and deleted)
 * @param runDocuments     run documents upserted
 * @param requestDocuments request documents now stored (inserted, or found already there)
 * @param problems         one line per spill file that could not be uploaded (it is kept)
 */
public record SyncReport(int files, long runDocuments, long requestDocuments, List<String> problems) {

    public SyncReport {
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }

    /** One line for the user. */
    public String message() {
        String done = files == 0 ? "nothing to upload" : "uploaded " + files + " spill file(s): "
                + runDocuments + " run and " + requestDocuments + " request documents";
        return problems.isEmpty() ? done : done + "; " + problems.size() + " failed: " + String.join("; ", problems);
    }
}
