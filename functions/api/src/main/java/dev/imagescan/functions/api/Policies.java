package dev.imagescan.functions.api;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoredPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The policy in force: the store's current document, or {@link Policy#defaults()} when none was ever stored. */
final class Policies {
    /** The document {@code GET /policy} shows when none is stored: what {@link Policy#defaults()} means. */
    static final String DEFAULT_DOCUMENT = "{\n  \"version\" : \"" + Policy.DEFAULT_VERSION
            + "\",\n  \"blockAt\" : \"High\",\n  \"onlyFixable\" : true\n}\n";

    /**
     * @param revision the store's revision, 0 for the default policy
     * @param document the document as stored (UTF-8 JSON)
     */
    record InForce(Policy policy, long revision, byte[] document) {
        boolean isDefault() {
            return revision == 0;
        }
    }

    private final PolicyStore store;

    Policies(PolicyStore store) {
        this.store = store;
    }

    PolicyStore store() {
        return store;
    }

    /** The policy in force now. */
    InForce current() {
        Optional<StoredPolicy> stored = store.current();
        if (stored.isEmpty()) {
            return new InForce(Policy.defaults(), 0, DEFAULT_DOCUMENT.getBytes(StandardCharsets.UTF_8));
        }
        return new InForce(parseStored(stored.get()), stored.get().revision(), stored.get().document());
    }

    /** A stored document read back; it was validated when put, so a failure here is the store's (a 500). */
    static Policy parseStored(StoredPolicy stored) {
        try {
            return PolicyParser.parse(stored.document());
        } catch (PolicyFormatException e) {
            throw new IllegalStateException("stored policy revision " + stored.revision() + " does not parse: "
                    + e.getMessage(), e);
        }
    }
}
