package dev.imagescan.service;

import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The claim protocol of one scan run (docs/storage.md, "Claims"): a scan claims (image digest, database version,
 * analyzer key) before it does the work, so that two scans of the same image with the same data never both do it.
 * The run then completes the claim once its results are recorded, or releases it when it fails. One instance per run:
 * it remembers the claim it holds.
 *
 * <p>The owner is the attempt, not the scan: the scan id and a random nonce. Two deliveries of the same message that
 * run at once (SQS delivers at least once) are two owners, so exactly one does the work and the other is retried; an
 * attempt that died holding a claim blocks the key until its lease ends, and the next attempt takes over then.
 */
final class ClaimKeeper {
    private static final System.Logger LOG = System.getLogger(ClaimKeeper.class.getName());

    private static final SecureRandom NONCES = new SecureRandom();

    private final ScanClaims claims;
    private final String scanId;
    private final String owner;
    private final Duration lease;
    private ScanKey held;

    /**
     * @param scanId the scan this attempt runs
     * @param lease  how long a claim holds (longer than a scan: the function's timeout)
     */
    ClaimKeeper(ScanClaims claims, String scanId, Duration lease) {
        this.claims = claims;
        this.scanId = scanId;
        this.owner = ownerOf(scanId);
        this.lease = lease;
    }

    /** A fresh owner for one attempt of {@code scanId}: {@code <scanId>/<16 hex digits>}. */
    static String ownerOf(String scanId) {
        byte[] nonce = new byte[8];
        NONCES.nextBytes(nonce);
        return scanId + "/" + HexFormat.of().formatHex(nonce);
    }

    /** Whether {@code owner} is an attempt of {@code scanId} (this one or another). */
    static boolean isAttemptOf(String owner, String scanId) {
        return owner.startsWith(scanId + "/");
    }

    /** This attempt's owner name. */
    String owner() {
        return owner;
    }

    /**
     * Claims {@code key}: empty when this run now holds it, else the DONE claim of the scan that did the work.
     *
     * @throws ClaimHeldException when another attempt holds it, of another scan or of this one (a passing condition:
     *                            the job is retried)
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
                String holder = result.claim().owner();
                boolean same = isAttemptOf(holder, scanId);
                throw new ClaimHeldException((same ? "another attempt of this scan (" + holder + ")"
                        : "scan " + holder) + " is doing the same work (lease until " + result.claim().leaseUntil()
                        + ")", same);
            }
        }
    }

    /** Marks the held claim DONE by this scan; a claim lost meanwhile is logged, not an error. */
    void complete() {
        try {
            claims.complete(held, owner, scanId);
        } catch (ConditionFailedException e) {
            LOG.log(System.Logger.Level.WARNING, "attempt " + owner + " lost its claim before completing it: "
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
            LOG.log(System.Logger.Level.WARNING, "releasing the claim of attempt " + owner + ": " + e.getMessage());
        }
        held = null;
    }

    /** Another attempt holds the claim: a passing condition, retried. */
    static final class ClaimHeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean sameScan;

        ClaimHeldException(String message, boolean sameScan) {
            super(message);
            this.sameScan = sameScan;
        }

        /** Whether the holder is another attempt of the same scan (which will finish or fail the scan itself). */
        boolean sameScan() {
            return sameScan;
        }
    }
}
