package dev.imagescan.store.memory;

import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import dev.imagescan.store.StoreKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Claims in memory, with the DynamoDB adapter's conditions: a claim is taken when there is none or a CLAIMED one whose
 * lease ended before now (to the millisecond), else the caller learns ALREADY_DONE or HELD with the claim as stored;
 * renew, complete and release need the caller to be the CLAIMED owner (an owner whose lease ended but was not taken
 * over still is). Every claim carries a TTL, lease end + retention while CLAIMED, completion + retention once DONE,
 * and is gone once the clock passes it.
 */
final class InMemoryClaims implements ScanClaims {
    private final Map<ScanKey, ScanClaim> claims = new HashMap<>();
    private final Clock clock;
    private final Duration retention;

    InMemoryClaims(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public synchronized ClaimResult claim(ScanKey key, String owner, Duration lease) {
        ScanClaims.requireOwner(owner);
        ScanClaims.requireLease(lease);
        Instant now = Times.now(clock);
        ScanClaim stored = current(key);
        if (stored != null && stored.state() == ScanClaim.State.DONE) {
            return new ClaimResult(ClaimResult.Outcome.ALREADY_DONE, stored);
        }
        if (stored != null && !stored.leaseUntil().isBefore(now)) {
            // its holder asking again is its own request repeated (an owner is one attempt), as DynamoDB's adapter
            // sees when the SDK retries a claim whose answer was lost
            return new ClaimResult(stored.owner().equals(owner) ? ClaimResult.Outcome.ACQUIRED
                    : ClaimResult.Outcome.HELD, stored);
        }
        Instant until = now.plus(lease).truncatedTo(ChronoUnit.MILLIS);
        ScanClaim claim = new ScanClaim(key, owner, ScanClaim.State.CLAIMED, until,
                stored == null ? 1 : stored.attempts() + 1, now, null, null, Times.expiry(until, retention));
        claims.put(key, claim);
        return new ClaimResult(ClaimResult.Outcome.ACQUIRED, claim);
    }

    @Override
    public synchronized ScanClaim renew(ScanKey key, String owner, Duration lease) {
        ScanClaims.requireLease(lease);
        ScanClaim c = held(key, owner, "renewal");
        Instant until = Times.now(clock).plus(lease).truncatedTo(ChronoUnit.MILLIS);
        ScanClaim renewed = new ScanClaim(key, owner, c.state(), until, c.attempts(), c.claimedAt(), c.completedAt(),
                c.scanId(), Times.expiry(until, retention));
        claims.put(key, renewed);
        return renewed;
    }

    @Override
    public synchronized ScanClaim complete(ScanKey key, String owner, String scanId) {
        StoreKeys.requireId("scan id", scanId);
        ScanClaim current = current(key);
        if (current != null && current.isDoneBy(owner, scanId)) {
            return current;
        }
        ScanClaim c = held(key, owner, "completion");
        Instant now = Times.now(clock);
        ScanClaim done = new ScanClaim(key, owner, ScanClaim.State.DONE, c.leaseUntil(), c.attempts(), c.claimedAt(),
                now, scanId, Times.expiry(now, retention));
        claims.put(key, done);
        return done;
    }

    @Override
    public synchronized void release(ScanKey key, String owner) {
        held(key, owner, "release");
        claims.remove(key);
    }

    @Override
    public synchronized Optional<ScanClaim> get(ScanKey key) {
        return Optional.ofNullable(current(key));
    }

    /** The claim, if {@code owner} holds it CLAIMED; else the refusal the DynamoDB adapter gives. */
    private ScanClaim held(ScanKey key, String owner, String what) {
        ScanClaims.requireOwner(owner);
        ScanClaim claim = current(key);
        if (claim == null || claim.state() != ScanClaim.State.CLAIMED || !claim.owner().equals(owner)) {
            String now = claim == null ? "not claimed" : claim.state() + " by " + claim.owner();
            throw new ConditionFailedException(what + " of the claim of " + key.describe() + " by " + owner
                    + ": it is " + now);
        }
        return claim;
    }

    /** The stored claim, null when there is none or its TTL has passed (then it is deleted). */
    private ScanClaim current(ScanKey key) {
        ScanClaim claim = claims.get(key);
        if (claim != null && Times.expired(claim.expiresAt(), clock.instant())) {
            claims.remove(key);
            return null;
        }
        return claim;
    }

}
