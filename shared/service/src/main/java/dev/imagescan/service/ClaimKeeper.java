package dev.imagescan.service;

import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import java.time.Duration;
import java.util.Optional;

/**
 * The claim protocol of one scan run (docs/storage.md, "Claims"): a scan claims (image digest, database version,
 * analyzer key) before it does the work, so that two scans of the same image with the same data never both do it.
 * The run then completes the claim once its results are recorded, or releases it when it fails. One instance per run:
 * it remembers the claim it holds.
 */
final class ClaimKeeper {
    private static final System.Logger LOG = System.getLogger(ClaimKeeper.class.getName());

    private final ScanClaims claims;
    private final String owner;
    private final Duration lease;
    private ScanKey held;

    /**
     * @param owner the scan id that claims
     * @param lease how long a claim holds (longer than a scan: the function's timeout)
     */
    ClaimKeeper(ScanClaims claims, String owner, Duration lease) {
        this.claims = claims;
        this.owner = owner;
        this.lease = lease;
    }

    /**
     * Claims {@code key}: empty when this run now holds it, else the DONE claim of the scan that did the work.
     *
     * @throws ClaimHeldException when another scan holds it (a passing condition: the job is retried)
     */
    Optional<ScanClaim> claim(ScanKey key) {
        ClaimResult result = claims.claim(key, owner, lease);
        switch (result.outcome()) {
            case ACQUIRED -> {
                held = key;
                return Optional.empty();
            }
            case ALREADY_DONE -> {
                return Optional.of(result.claim());
            }
            default -> {
                if (result.claim().owner().equals(owner)) {
                    // this scan's earlier attempt died holding it: carry on, with a fresh lease
                    claims.renew(key, owner, lease);
                    held = key;
                    return Optional.empty();
                }
                throw new ClaimHeldException("scan " + result.claim().owner() + " is doing the same work (lease until "
                        + result.claim().leaseUntil() + ")");
            }
        }
    }

    /** Marks the held claim DONE by this scan; a claim lost meanwhile is logged, not an error. */
    void complete() {
        try {
            claims.complete(held, owner, owner);
        } catch (ConditionFailedException e) {
            LOG.log(System.Logger.Level.WARNING, "scan " + owner + " lost its claim before completing it: "
                    + e.getMessage());
        }
        held = null;
    }

    /** Gives the held claim up (the run failed), if there is one; a failure to do so is logged. */
    void release() {
        if (held == null) {
            return;
        }
        try {
            claims.release(held, owner);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing the claim of scan " + owner + ": " + e.getMessage());
        }
        held = null;
    }

    /** Another worker holds the claim: a passing condition, retried. */
    static final class ClaimHeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClaimHeldException(String message) {
            super(message);
        }
    }
}
