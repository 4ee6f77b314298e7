package dev.imagescan.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Claims that make each {@link ScanKey}'s work happen once, however many events ask for it and however many
 * workers run at once. A worker claims the key with a lease; exactly one concurrent claimer gets it. It then
 * completes the claim (the key is DONE for good: later claims answer ALREADY_DONE) or releases it when the scan
 * failed (the key is free again). A worker that dies holding a claim blocks the key until the lease ends; then the
 * next claimer takes over. Leases are compared with the claimers' clocks, so a lease must be long against clock
 * skew (minutes, not seconds) and longer than the work, or renewed.
 */
public interface ScanClaims {
    /**
     * Claims {@code key} for {@code owner} until now + {@code lease}, if nobody holds it (no claim, or an expired
     * lease on a claim that is not DONE). An owner is one attempt, so a claim CLAIMED by {@code owner} itself is
     * its own request repeated (after its answer was lost): ACQUIRED.
     *
     * @return ACQUIRED (the caller does the work), ALREADY_DONE or HELD, with the claim as stored
     */
    ClaimResult claim(ScanKey key, String owner, Duration lease);

    /**
     * Extends {@code owner}'s lease to now + {@code lease}.
     *
     * @throws ConditionFailedException when {@code owner} does not hold the claim (it expired and was taken over,
     *                                  was released, or is DONE)
     */
    ScanClaim renew(ScanKey key, String owner, Duration lease);

    /**
     * Marks the key DONE by {@code scanId}. The claim then stays until its TTL. Completing again a claim this owner
     * already completed for the same scan returns it unchanged (a retried call whose first answer was lost).
     *
     * @throws ConditionFailedException when {@code owner} does not hold the claim and did not complete it for
     *                                  {@code scanId}
     */
    ScanClaim complete(ScanKey key, String owner, String scanId);

    /**
     * Gives up {@code owner}'s claim (the scan failed), so the next claimer takes the key at once.
     *
     * @throws ConditionFailedException when {@code owner} does not hold the claim
     */
    void release(ScanKey key, String owner);

    /** The claim as stored now (strongly consistent), empty if there is none. */
    Optional<ScanClaim> get(ScanKey key);

    /** Checks a claim owner as every implementation does before any request: 1 to 256 characters. */
    static void requireOwner(String owner) {
        if (owner == null || owner.isEmpty() || owner.length() > 256) {
            throw new IllegalArgumentException("a claim owner has 1 to 256 characters");
        }
    }

    /** Checks a lease as every implementation does before any request: positive. */
    static void requireLease(Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease is positive, not " + lease);
        }
    }
}
