package dev.imagescan.store;

import java.util.Optional;

/**
 * The table's scans and their life: created QUEUED, then moved through {@link ScanStatus}; each move is a write
 * conditional on the current status, so two workers cannot both finish a scan and a finished scan stays finished.
 * A scan that ends (DONE or FAILED) gets a time to live, after which the table deletes it.
 */
public interface Scans {
    /**
     * Stores a new QUEUED scan, created now, with no attempts yet.
     *
     * @param imageDigest the image's digest, or null when only {@code objectKey} is known yet
     * @param objectKey   the archive's key, or null when the image is known by digest
     * @throws ConditionFailedException when another scan with this id exists (a create repeated by the client after
     *                                  its answer was lost finds its own scan, and returns it)
     */
    default ScanRecord create(String scanId, ScanTrigger trigger, String imageDigest, String objectKey) {
        return create(scanId, trigger, imageDigest, objectKey, null);
    }

    /**
     * Like {@link #create(String, ScanTrigger, String, String)}, for an image read from its registry: {@code image}
     * is its reference ({@link ScanJob#requireImage}); at least one of the three names the image.
     */
    ScanRecord create(String scanId, ScanTrigger trigger, String imageDigest, String objectKey, String image);

    /** The scan as stored now (strongly consistent), empty if there is none. */
    Optional<ScanRecord> get(String scanId);

    /**
     * QUEUED or RUNNING → RUNNING: counts an attempt and records the start time.
     *
     * @throws NotFoundException        when there is no such scan
     * @throws ConditionFailedException when the scan is DONE or FAILED
     */
    ScanRecord start(String scanId);

    /**
     * RUNNING → DONE, recording the image (its digest is known by now) and the database version, with a TTL. A scan
     * already DONE with this image and database is returned as it is (this finish repeated after its answer was lost).
     *
     * @throws NotFoundException        when there is no such scan
     * @throws ConditionFailedException when the scan is not RUNNING (nor DONE with these results)
     */
    ScanRecord finish(String scanId, String imageDigest, String dbVersion);

    /**
     * QUEUED or RUNNING → FAILED with {@code error} (cut to {@link ScanRecord#MAX_ERROR_LENGTH}), with a TTL.
     *
     * @throws NotFoundException        when there is no such scan
     * @throws ConditionFailedException when the scan is DONE or FAILED
     */
    ScanRecord fail(String scanId, String error);
}
