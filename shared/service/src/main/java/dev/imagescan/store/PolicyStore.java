package dev.imagescan.store;

import java.util.Optional;

/**
 * The blocking policy's documents, versioned: every stored document gets the next revision (1, 2, …) and is kept, so
 * the verdict of any image can be traced to the document that gave it. Writes are conditional on the revision the
 * writer read, so two concurrent edits cannot silently overwrite each other.
 */
public interface PolicyStore {
    /** The current policy document, empty when none was ever stored (the default policy then applies). */
    Optional<StoredPolicy> current();

    /** The document stored at {@code revision}, empty if there is none. */
    Optional<StoredPolicy> revision(long revision);

    /**
     * Stores {@code document} (already validated by the caller) as the new current policy, at revision
     * {@code expectedRevision + 1}.
     *
     * @param version          the document's own {@code version} field, as a verdict records it
     * @param expectedRevision the current revision the caller read: 0 when none is stored
     * @throws ConditionFailedException when the current revision is not {@code expectedRevision} any more
     */
    StoredPolicy put(String version, byte[] document, long expectedRevision);
}
