package dev.imagescan.store.aws;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.Scans;
import dev.imagescan.store.StoreKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Scans as items {@code pk = SCAN#<id>, sk = SCAN}. Each status change is an UpdateItem conditional on the current
 * status being one the target allows ({@link ScanStatus#allowedFrom()}); a final status sets the TTL.
 *
 * <p>The SDK retries a write whose answer was lost (a 500 or a broken connection after DynamoDB carried it out), and
 * the retry then fails its condition against the write's own effect. So a create that finds the very scan it wrote
 * (same id, trigger, image, key and creation time) returns it, and a finish that finds the scan already DONE with the
 * same image and database returns it, instead of reporting a conflict: found by the fault soak, where a POST /scans
 * answered 409 and left its scan QUEUED with no job, and a scan that had finished was retried.
 */
final class DynamoScans implements Scans {
    static final String TYPE = "SCAN";

    private final TableAccess table;

    DynamoScans(TableAccess table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(String scanId) {
        return TableAccess.key("SCAN#" + scanId, TYPE);
    }

    @Override
    public ScanRecord create(String scanId, ScanTrigger trigger, String imageDigest, String objectKey,
            String image) {
        if (imageDigest != null) {
            StoreKeys.requireDigest("image digest", imageDigest);
        }
        if (imageDigest == null && objectKey == null && image == null) {
            throw new IllegalArgumentException("a scan names an image digest, an object key or an image");
        }
        if (image != null) {
            ScanJob.requireImage(image);
        }
        ScanRecord scan = new ScanRecord(scanId, imageDigest, objectKey, trigger, ScanStatus.QUEUED,
                table.clock.instant().truncatedTo(ChronoUnit.MILLIS), null, null, 0, null, null, null, image);
        Map<String, AttributeValue> item = new HashMap<>(key(scanId));
        item.put("type", Items.s(TYPE));
        item.put("scanId", Items.s(scanId));
        Items.putString(item, "imageDigest", imageDigest);
        Items.putString(item, "objectKey", objectKey);
        Items.putString(item, "image", image);
        item.put("trigger", Items.s(trigger.name()));
        item.put("status", Items.s(ScanStatus.QUEUED.name()));
        item.put("createdAt", Items.millis(scan.createdAt()));
        item.put("attempts", Items.n(0));
        try {
            table.put(item, "attribute_not_exists(#pk)", Map.of("#pk", ScanTableSchema.PK), Map.of(),
                    "scan " + scanId);
        } catch (ConditionFailedException e) {
            // the SDK retries a put whose answer was lost (a 500 after the write): the scan found is then this one
            if (get(scanId).filter(scan::equals).isPresent()) {
                return scan;
            }
            throw new ConditionFailedException("scan " + scanId + " already exists", e);
        }
        return scan;
    }

    @Override
    public Optional<ScanRecord> get(String scanId) {
        StoreKeys.requireId("scan id", scanId);
        return table.get(key(scanId), "scan " + scanId).map(DynamoScans::fromItem);
    }

    @Override
    public ScanRecord start(String scanId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", Items.millis(table.clock.instant()));
        values.put(":zero", Items.n(0));
        values.put(":one", Items.n(1));
        return move(scanId, ScanStatus.RUNNING,
                "#startedAt = :now, #attempts = if_not_exists(#attempts, :zero) + :one",
                Map.of("#startedAt", "startedAt", "#attempts", "attempts"), values);
    }

    @Override
    public ScanRecord finish(String scanId, String imageDigest, String dbVersion) {
        StoreKeys.requireDigest("image digest", imageDigest);
        StoreKeys.requireVersion("database version", dbVersion);
        Instant now = table.clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", Items.millis(now));
        values.put(":ttl", Items.epochSeconds(now.plus(table.retention)));
        values.put(":digest", Items.s(imageDigest));
        values.put(":db", Items.s(dbVersion));
        try {
            return move(scanId, ScanStatus.DONE,
                    "#finishedAt = :now, #ttl = :ttl, #digest = :digest, #db = :db",
                    Map.of("#finishedAt", "finishedAt", "#ttl", ScanTableSchema.TTL, "#digest", "imageDigest",
                            "#db", "dbVersion"), values);
        } catch (ConditionFailedException e) {
            // already DONE with these results: this finish's own update, retried by the SDK after its answer was lost
            return get(scanId).filter(r -> r.status() == ScanStatus.DONE && imageDigest.equals(r.imageDigest())
                    && dbVersion.equals(r.dbVersion())).orElseThrow(() -> e);
        }
    }

    @Override
    public ScanRecord fail(String scanId, String error) {
        Instant now = table.clock.instant();
        String text = error == null || error.isEmpty() ? "unknown error" : error;
        if (text.length() > ScanRecord.MAX_ERROR_LENGTH) {
            text = text.substring(0, ScanRecord.MAX_ERROR_LENGTH - 1) + "…";
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", Items.millis(now));
        values.put(":ttl", Items.epochSeconds(now.plus(table.retention)));
        values.put(":error", Items.s(text));
        return move(scanId, ScanStatus.FAILED, "#finishedAt = :now, #ttl = :ttl, #error = :error",
                Map.of("#finishedAt", "finishedAt", "#ttl", ScanTableSchema.TTL, "#error", "error"), values);
    }

    /** Moves the scan to {@code target} if its status allows, with {@code set} as further SET clauses. */
    private ScanRecord move(String scanId, ScanStatus target, String set, Map<String, String> setNames,
            Map<String, AttributeValue> setValues) {
        StoreKeys.requireId("scan id", scanId);
        Map<String, String> names = new HashMap<>(setNames);
        names.put("#pk", ScanTableSchema.PK);
        names.put("#status", "status");
        Map<String, AttributeValue> values = new HashMap<>(setValues);
        values.put(":target", Items.s(target.name()));
        StringJoiner allowed = new StringJoiner(", ", "(", ")");
        for (ScanStatus from : target.allowedFrom()) {
            values.put(":from" + from.ordinal(), Items.s(from.name()));
            allowed.add(":from" + from.ordinal());
        }
        String condition = "attribute_exists(#pk) AND #status IN " + allowed;
        try {
            return fromItem(table.update(key(scanId), "SET #status = :target, " + set, condition, names, values,
                    "scan " + scanId));
        } catch (ConditionFailedException e) {
            ScanRecord current = get(scanId).orElseThrow(() -> new NotFoundException("no scan " + scanId, e));
            throw new ConditionFailedException("scan " + scanId + " is " + current.status() + "; it cannot become "
                    + target, e);
        }
    }

    static ScanRecord fromItem(Map<String, AttributeValue> item) {
        return new ScanRecord(Items.requiredString(item, "scanId"), Items.string(item, "imageDigest"),
                Items.string(item, "objectKey"), ScanTrigger.valueOf(Items.requiredString(item, "trigger")),
                ScanStatus.valueOf(Items.requiredString(item, "status")), Items.instant(item, "createdAt"),
                Items.instant(item, "startedAt"), Items.instant(item, "finishedAt"),
                (int) Items.number(item, "attempts"), Items.string(item, "error"), Items.string(item, "dbVersion"),
                Items.fromEpochSeconds(item, ScanTableSchema.TTL), Items.string(item, "image"));
    }
}
