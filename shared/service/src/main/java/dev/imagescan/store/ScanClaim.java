package dev.imagescan.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The claim on a {@link ScanKey}, as stored.
 *
 * @param owner       who holds or completed it (a scan id, a worker id)
 * @param state       CLAIMED while someone works on it, DONE once the work is complete
 * @param leaseUntil  until when the holder's claim stands; past it, another worker may take a CLAIMED key
 * @param attempts    how many times the key was claimed
 * @param claimedAt   when it was last claimed
 * @param completedAt when it became DONE, null before
 * @param scanId      the scan that completed it, null before
 * @param expiresAt   when the table may delete the claim (its TTL)
 */
public record ScanClaim(ScanKey key, String owner, State state, Instant leaseUntil, int attempts, Instant claimedAt,
        Instant completedAt, String scanId, Instant expiresAt) {

    /** A claim's state. */
    public enum State {
        CLAIMED,
        DONE
    }

    public ScanClaim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }

    /** Whether {@code owner} completed this claim for {@code scanId}. */
    public boolean isDoneBy(String owner, String scanId) {
        return state == State.DONE && this.owner.equals(owner) && scanId.equals(this.scanId);
    }
}
