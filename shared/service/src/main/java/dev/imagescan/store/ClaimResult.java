package dev.imagescan.store;

import java.util.Objects;

/**
 * What {@link ScanClaims#claim} got.
 *
 * @param outcome ACQUIRED: the caller holds the claim and does the work; ALREADY_DONE: the work is done (the claim
 *                says by which scan); HELD: another worker holds an unexpired lease (retry after
 *                {@link ScanClaim#leaseUntil()})
 * @param claim   the claim as stored after the call
 */
public record ClaimResult(Outcome outcome, ScanClaim claim) {

    /** The three ways a claim can end. */
    public enum Outcome {
        ACQUIRED,
        ALREADY_DONE,
        HELD
    }

    public ClaimResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(claim, "claim");
    }

    /** Whether the caller now holds the claim. */
    public boolean acquired() {
        return outcome == Outcome.ACQUIRED;
    }
}
