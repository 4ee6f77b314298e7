package dev.imagescan.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One scan as the table keeps it.
 *
 * @param scanId      its id (the key)
 * @param imageDigest the image's digest, null while only its archive is known
 * @param objectKey   the archive's object key, null when the image is only known by digest
 * @param trigger     why it was asked for
 * @param status      where it is
 * @param createdAt   when it was queued
 * @param startedAt   when its last attempt started, null before
 * @param finishedAt  when it became DONE or FAILED, null before
 * @param attempts    how many times it was started
 * @param error       why it FAILED (at most {@link #MAX_ERROR_LENGTH} characters), null otherwise
 * @param dbVersion   the database version it matched against, null until DONE
 * @param expiresAt   when the table may delete it (its TTL), null while it is not final
 * @param image       the registry reference to read the image from ({@link ScanJob#image()}), null otherwise
 */
public record ScanRecord(String scanId, String imageDigest, String objectKey, ScanTrigger trigger, ScanStatus status,
        Instant createdAt, Instant startedAt, Instant finishedAt, int attempts, String error, String dbVersion,
        Instant expiresAt, String image) {
    /** The longest error text kept. */
    public static final int MAX_ERROR_LENGTH = 4000;

    public ScanRecord {
        StoreKeys.requireId("scan id", scanId);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A scan of an archive or of an image known by digest (no registry reference). */
    public ScanRecord(String scanId, String imageDigest, String objectKey, ScanTrigger trigger, ScanStatus status,
            Instant createdAt, Instant startedAt, Instant finishedAt, int attempts, String error, String dbVersion,
            Instant expiresAt) {
        this(scanId, imageDigest, objectKey, trigger, status, createdAt, startedAt, finishedAt, attempts, error,
                dbVersion, expiresAt, null);
    }
}
