package dev.imagescan.service;

import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.StoredPolicy;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The blocking policy in force (docs/policy.md): the {@link PolicyStore}'s current document, parsed, or
 * {@link Policy#defaults()} while none is stored. Like {@code vulndb.CurrentDatabase} for the database, the store is
 * read at most once per {@code checkEvery}; when it cannot be read (or its document no longer parses) the policy read
 * before keeps being served, with a warning, and with none read yet the problem is thrown (the scan is retried rather
 * than judged by a policy that may not be the one in force). Thread-safe.
 *
 * <p>{@link #put} validates a document and stores it as the next revision. One version means one document: a
 * document whose {@code version} is the current one's but whose bytes differ is refused
 * ({@link PolicyConflictException}); the very same document again is no change (the current revision is returned).
 */
public final class PolicyService {
    private static final System.Logger LOG = System.getLogger(PolicyService.class.getName());

    private final PolicyStore store;
    private final Duration checkEvery;
    private final Clock clock;
    private Policy loaded;
    private long loadedRevision = -1;
    private Instant nextCheck = Instant.MIN;

    /** @param checkEvery how long a read of the store stays good; zero reads it for every judgement */
    public PolicyService(PolicyStore store, Duration checkEvery, Clock clock) {
        if (checkEvery.isNegative()) {
            throw new IllegalArgumentException("negative check interval " + checkEvery);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.checkEvery = checkEvery;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The policy in force: the stored one, or the default while none is stored. */
    public synchronized Policy current() {
        Instant now = clock.instant();
        if (loaded != null && now.isBefore(nextCheck)) {
            return loaded;
        }
        nextCheck = now.plus(checkEvery);
        Optional<StoredPolicy> stored;
        try {
            stored = store.current();
        } catch (RuntimeException e) {
            return keepOrThrow("reading the current policy failed: " + e.getMessage(), e);
        }
        if (stored.isEmpty()) {
            loaded = Policy.defaults();
            loadedRevision = 0;
            return loaded;
        }
        if (stored.get().revision() == loadedRevision) {
            return loaded;
        }
        try {
            loaded = PolicyParser.parse(stored.get().document());
            loadedRevision = stored.get().revision();
            LOG.log(Level.INFO, "policy revision " + loadedRevision + " (version " + loaded.version() + ") in force");
            return loaded;
        } catch (PolicyFormatException e) {
            return keepOrThrow("the stored policy revision " + stored.get().revision() + " is not valid: "
                    + e.getMessage(), e);
        }
    }

    /** The stored current document, read now (not cached); empty while the default policy is in force. */
    public Optional<StoredPolicy> stored() {
        return store.current();
    }

    /**
     * Validates {@code json} and stores it as the new current policy.
     *
     * @param expectedRevision the revision the caller read (0: none stored), or null to replace whatever is current
     * @return the stored revision (the current one, unchanged, when {@code json} is exactly the current document)
     * @throws PolicyFormatException      when {@code json} is not a valid policy (its message names the JSON pointer)
     * @throws PolicyConflictException    when {@code json} has the current document's version but other content
     * @throws ConditionFailedException   when the current revision is not {@code expectedRevision}
     */
    public StoredPolicy put(byte[] json, Long expectedRevision) throws PolicyFormatException {
        Objects.requireNonNull(json, "json");
        Policy policy = PolicyParser.parse(json);
        Optional<StoredPolicy> current = store.current();
        long currentRevision = current.map(StoredPolicy::revision).orElse(0L);
        if (current.isPresent() && current.get().version().equals(policy.version())) {
            if (Arrays.equals(current.get().document(), json)) {
                return current.get();
            }
            throw new PolicyConflictException("policy version " + policy.version() + " is already stored (revision "
                    + currentRevision + ") with other content; a changed policy needs a new version");
        }
        long expected = expectedRevision == null ? currentRevision : expectedRevision;
        if (expected != currentRevision) {
            throw new ConditionFailedException("the policy is not at revision " + expected + " any more (it is at "
                    + "revision " + currentRevision + ")");
        }
        StoredPolicy saved = store.put(policy.version(), json, expected);
        synchronized (this) {
            loaded = policy;
            loadedRevision = saved.revision();
            nextCheck = clock.instant().plus(checkEvery);
        }
        return saved;
    }

    private Policy keepOrThrow(String message, Exception cause) {
        if (loaded == null) {
            throw new IllegalStateException(message, cause);
        }
        LOG.log(Level.WARNING, message + "; still applying policy version " + loaded.version());
        return loaded;
    }
}
