package dev.imagescan.store.memory;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoredPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PolicyStore} in memory: every revision kept as it was put (version, a copy of the bytes, the time to the
 * millisecond), the last one current; a put is taken only at the current revision, as {@code S3PolicyStore}'s
 * conditional pointer write takes it. One step under one lock, so there is no leftover of a writer that died between
 * two writes to take over. Documents are copied on the way in and out: a caller cannot change what is stored.
 */
public final class InMemoryPolicyStore implements PolicyStore {
    private final List<StoredPolicy> revisions = new ArrayList<>();
    private final Clock clock;

    /** @param clock the time recorded as {@code savedAt} */
    public InMemoryPolicyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<StoredPolicy> current() {
        return revisions.isEmpty() ? Optional.empty() : Optional.of(copy(revisions.get(revisions.size() - 1)));
    }

    @Override
    public synchronized Optional<StoredPolicy> revision(long revision) {
        if (revision < 1 || revision > revisions.size()) {
            return Optional.empty();
        }
        return Optional.of(copy(revisions.get((int) revision - 1)));
    }

    @Override
    public synchronized StoredPolicy put(String version, byte[] document, long expectedRevision) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(document, "document");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("an expected policy revision is 0 (none stored) or more, not "
                    + expectedRevision);
        }
        long current = revisions.size();
        if (current != expectedRevision) {
            throw new ConditionFailedException("the policy is not at revision " + expectedRevision + " any more ("
                    + (current == 0 ? "none is stored" : "it is at revision " + current) + ")");
        }
        StoredPolicy saved = new StoredPolicy(current + 1, version, document.clone(),
                Instant.ofEpochMilli(clock.millis()));
        revisions.add(saved);
        return copy(saved);
    }

    private static StoredPolicy copy(StoredPolicy p) {
        return new StoredPolicy(p.revision(), p.version(), p.document().clone(), p.savedAt());
    }
}
