package dev.imagescan.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored revision of the policy document.
 *
 * @param revision the store's revision, 1 for the first document
 * @param version  the document's own {@code version} (what verdicts record)
 * @param document the document's bytes, as they were put (UTF-8 JSON)
 * @param savedAt  when it was stored
 */
public record StoredPolicy(long revision, String version, byte[] document, Instant savedAt) {
    public StoredPolicy {
        if (revision < 1) {
            throw new IllegalArgumentException("a stored policy revision starts at 1, not " + revision);
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
