package dev.imagescan.store.memory;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.Scans;
import dev.imagescan.store.StoreKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Scans in memory: each move checks the current status against {@link ScanStatus#allowedFrom()} and writes under the
 * same lock; a move that is refused names the current status, as the DynamoDB adapter's re-read does. A DONE or
 * FAILED scan gets its TTL and is gone once the clock passes it.
 */
final class InMemoryScans implements Scans {
    private final Map<String, ScanRecord> scans = new HashMap<>();
    private final Clock clock;
    private final Duration retention;

    InMemoryScans(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public synchronized ScanRecord create(String scanId, ScanTrigger trigger, String imageDigest, String objectKey,
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
                Times.now(clock), null, null, 0, null, null, null, image);
        if (current(scanId) != null) {
            throw new ConditionFailedException("scan " + scanId + " already exists");
        }
        scans.put(scanId, scan);
        return scan;
    }

    @Override
    public synchronized Optional<ScanRecord> get(String scanId) {
        StoreKeys.requireId("scan id", scanId);
        return Optional.ofNullable(current(scanId));
    }

    @Override
    public synchronized ScanRecord start(String scanId) {
        ScanRecord s = movable(scanId, ScanStatus.RUNNING);
        return put(new ScanRecord(s.scanId(), s.imageDigest(), s.objectKey(), s.trigger(), ScanStatus.RUNNING,
                s.createdAt(), Times.now(clock), s.finishedAt(), s.attempts() + 1, s.error(), s.dbVersion(),
                s.expiresAt(), s.image()));
    }

    @Override
    public synchronized ScanRecord finish(String scanId, String imageDigest, String dbVersion) {
        StoreKeys.requireDigest("image digest", imageDigest);
        StoreKeys.requireVersion("database version", dbVersion);
        ScanRecord found = current(scanId);
        if (found != null && found.status() == ScanStatus.DONE && imageDigest.equals(found.imageDigest())
                && dbVersion.equals(found.dbVersion())) {
            return found; // this finish repeated, as the DynamoDB adapter sees a retry whose answer was lost
        }
        ScanRecord s = movable(scanId, ScanStatus.DONE);
        Instant now = Times.now(clock);
        return put(new ScanRecord(s.scanId(), imageDigest, s.objectKey(), s.trigger(), ScanStatus.DONE, s.createdAt(),
                s.startedAt(), now, s.attempts(), s.error(), dbVersion, Times.expiry(now, retention), s.image()));
    }

    @Override
    public synchronized ScanRecord fail(String scanId, String error) {
        String text = error == null || error.isEmpty() ? "unknown error" : error;
        if (text.length() > ScanRecord.MAX_ERROR_LENGTH) {
            text = text.substring(0, ScanRecord.MAX_ERROR_LENGTH - 1) + "…";
        }
        ScanRecord s = movable(scanId, ScanStatus.FAILED);
        Instant now = Times.now(clock);
        return put(new ScanRecord(s.scanId(), s.imageDigest(), s.objectKey(), s.trigger(), ScanStatus.FAILED,
                s.createdAt(), s.startedAt(), now, s.attempts(), text, s.dbVersion(), Times.expiry(now, retention),
                s.image()));
    }

    /** The scan, if its status lets it move to {@code target}. */
    private ScanRecord movable(String scanId, ScanStatus target) {
        StoreKeys.requireId("scan id", scanId);
        ScanRecord scan = current(scanId);
        if (scan == null) {
            throw new NotFoundException("no scan " + scanId);
        }
        if (!scan.status().canMoveTo(target)) {
            throw new ConditionFailedException("scan " + scanId + " is " + scan.status() + "; it cannot become "
                    + target);
        }
        return scan;
    }

    private ScanRecord put(ScanRecord scan) {
        scans.put(scan.scanId(), scan);
        return scan;
    }

    /** The stored scan, null when there is none or its TTL has passed (then it is deleted). */
    private ScanRecord current(String scanId) {
        ScanRecord scan = scans.get(scanId);
        if (scan != null && Times.expired(scan.expiresAt(), clock.instant())) {
            scans.remove(scanId);
            return null;
        }
        return scan;
    }
}
