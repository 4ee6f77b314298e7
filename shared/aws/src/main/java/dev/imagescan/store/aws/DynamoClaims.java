package dev.imagescan.store.aws;

import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims as items {@code pk = CLAIM#<digest>#<dbVersion>#<analyzerKey>, sk = CLAIM}. Claiming is one
 * UpdateItem whose condition is "no item, or a CLAIMED item whose lease has ended", so of concurrent claimers
 * exactly one succeeds; renew, complete and release are conditional on the caller being the CLAIMED owner. Every
 * claim carries a TTL (the lease end plus the retention, or the completion plus the retention). A claim found CLAIMED
 * by the caller itself is its own: an owner is one attempt, so that is its own UpdateItem, retried by the SDK after
 * the answer was lost (else the attempt would see its own claim as another's and wait out the lease).
 */
final class DynamoClaims implements ScanClaims {
    static final String TYPE = "CLAIM";
    private static final String CLAIMED = ScanClaim.State.CLAIMED.name();
    private static final String DONE = ScanClaim.State.DONE.name();
    /** Reads after a lost claim that find the claim gone or expired again before giving up. */
    private static final int CLAIM_ROUNDS = 5;

    private final TableAccess table;

    DynamoClaims(TableAccess table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(ScanKey key) {
        return TableAccess.key("CLAIM#" + key.imageDigest() + "#" + key.dbVersion() + "#" + key.analyzerKey(),
                TYPE);
    }

    @Override
    public ClaimResult claim(ScanKey key, String owner, Duration lease) {
        ScanClaims.requireOwner(owner);
        ScanClaims.requireLease(lease);
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            Instant now = table.clock.instant();
            Instant until = now.plus(lease);
            Map<String, String> names = new HashMap<>();
            names.put("#pk", ScanTableSchema.PK);
            names.put("#state", "state");
            names.put("#lease", "leaseUntil");
            names.put("#owner", "owner");
            names.put("#claimedAt", "claimedAt");
            names.put("#attempts", "attempts");
            names.put("#ttl", ScanTableSchema.TTL);
            names.put("#digest", "imageDigest");
            names.put("#db", "dbVersion");
            names.put("#analyzer", "analyzerVersion");
            names.put("#type", "type");
            names.put("#completedAt", "completedAt");
            names.put("#scanId", "scanId");
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":claimed", Items.s(CLAIMED));
            values.put(":now", Items.millis(now));
            values.put(":until", Items.millis(until));
            values.put(":owner", Items.s(owner));
            values.put(":zero", Items.n(0));
            values.put(":one", Items.n(1));
            values.put(":ttl", Items.epochSeconds(until.plus(table.retention)));
            values.put(":digest", Items.s(key.imageDigest()));
            values.put(":db", Items.s(key.dbVersion()));
            values.put(":analyzer", Items.s(key.analyzerKey()));
            values.put(":type", Items.s(TYPE));
            String update = "SET #state = :claimed, #owner = :owner, #lease = :until, #claimedAt = :now,"
                    + " #attempts = if_not_exists(#attempts, :zero) + :one, #ttl = :ttl, #digest = :digest,"
                    + " #db = :db, #analyzer = :analyzer, #type = :type REMOVE #completedAt, #scanId";
            String condition = "attribute_not_exists(#pk) OR (#state = :claimed AND #lease < :now)";
            try {
                var item = table.update(key(key), update, condition, names, values, "claim of " + key.describe());
                return new ClaimResult(ClaimResult.Outcome.ACQUIRED, fromItem(item));
            } catch (ConditionFailedException lost) {
                Optional<ScanClaim> current = get(key);
                if (current.isEmpty()) {
                    continue; // released in between: claim again
                }
                ScanClaim claim = current.get();
                if (claim.state() == ScanClaim.State.DONE) {
                    return new ClaimResult(ClaimResult.Outcome.ALREADY_DONE, claim);
                }
                if (claim.owner().equals(owner)) {
                    // an owner is one attempt: only this very claim, retried by the SDK after its answer was lost
                    return new ClaimResult(ClaimResult.Outcome.ACQUIRED, claim);
                }
                if (!claim.leaseUntil().isBefore(table.clock.instant())) {
                    return new ClaimResult(ClaimResult.Outcome.HELD, claim);
                }
                // the lease ended in between: claim again
            }
        }
        throw new StoreException("claim of " + key.describe() + ": it changed hands " + CLAIM_ROUNDS
                + " times while being claimed", null, true);
    }

    @Override
    public ScanClaim renew(ScanKey key, String owner, Duration lease) {
        ScanClaims.requireLease(lease);
        Instant until = table.clock.instant().plus(lease);
        Map<String, AttributeValue> values = ownerValues(owner);
        values.put(":until", Items.millis(until));
        values.put(":ttl", Items.epochSeconds(until.plus(table.retention)));
        return fromItem(ownerUpdate(key, owner, "SET #lease = :until, #ttl = :ttl",
                Map.of("#lease", "leaseUntil", "#ttl", ScanTableSchema.TTL), values, "renewal"));
    }

    @Override
    public ScanClaim complete(ScanKey key, String owner, String scanId) {
        StoreKeys.requireId("scan id", scanId);
        Instant now = table.clock.instant();
        Map<String, AttributeValue> values = ownerValues(owner);
        values.put(":done", Items.s(DONE));
        values.put(":now", Items.millis(now));
        values.put(":scanId", Items.s(scanId));
        values.put(":ttl", Items.epochSeconds(now.plus(table.retention)));
        try {
            return fromItem(ownerUpdate(key, owner,
                    "SET #state = :done, #completedAt = :now, #scanId = :scanId, #ttl = :ttl",
                    Map.of("#completedAt", "completedAt", "#scanId", "scanId", "#ttl", ScanTableSchema.TTL), values,
                    "completion"));
        } catch (ConditionFailedException e) {
            // a retried completion whose first answer was lost finds its own DONE: that is success
            return get(key).filter(c -> c.isDoneBy(owner, scanId)).orElseThrow(() -> e);
        }
    }

    @Override
    public void release(ScanKey key, String owner) {
        ScanClaims.requireOwner(owner);
        try {
            table.delete(key(key), "#owner = :owner AND #state = :claimed",
                    Map.of("#owner", "owner", "#state", "state"), ownerValues(owner), "claim of " + key.describe());
        } catch (ConditionFailedException e) {
            throw notHeld(key, owner, "release", e);
        }
    }

    @Override
    public Optional<ScanClaim> get(ScanKey key) {
        return table.get(key(key), "claim of " + key.describe()).map(DynamoClaims::fromItem);
    }

    private Map<String, AttributeValue> ownerUpdate(ScanKey key, String owner, String update,
            Map<String, String> setNames, Map<String, AttributeValue> values, String what) {
        ScanClaims.requireOwner(owner);
        Map<String, String> names = new HashMap<>(setNames);
        names.put("#owner", "owner");
        names.put("#state", "state");
        try {
            return table.update(key(key), update, "#owner = :owner AND #state = :claimed", names, values,
                    "claim of " + key.describe());
        } catch (ConditionFailedException e) {
            throw notHeld(key, owner, what, e);
        }
    }

    private ConditionFailedException notHeld(ScanKey key, String owner, String what, ConditionFailedException e) {
        String now = get(key).map(c -> c.state() + " by " + c.owner()).orElse("not claimed");
        return new ConditionFailedException(what + " of the claim of " + key.describe() + " by " + owner
                + ": it is " + now, e);
    }

    private static Map<String, AttributeValue> ownerValues(String owner) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":owner", Items.s(owner));
        values.put(":claimed", Items.s(CLAIMED));
        return values;
    }


    static ScanClaim fromItem(Map<String, AttributeValue> item) {
        ScanKey key = new ScanKey(Items.requiredString(item, "imageDigest"), Items.requiredString(item, "dbVersion"),
                Items.requiredString(item, "analyzerVersion"));
        return new ScanClaim(key, Items.requiredString(item, "owner"),
                ScanClaim.State.valueOf(Items.requiredString(item, "state")), Items.instant(item, "leaseUntil"),
                (int) Items.number(item, "attempts"), Items.instant(item, "claimedAt"),
                Items.instant(item, "completedAt"), Items.string(item, "scanId"),
                Items.fromEpochSeconds(item, ScanTableSchema.TTL));
    }
}
