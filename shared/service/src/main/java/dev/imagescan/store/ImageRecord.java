package dev.imagescan.store;

import dev.imagescan.report.SeverityCounts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What the table keeps of one image. Written whole and only if nobody wrote it since it was read: {@code revision}
 * is the revision it was read at (0 for an image not stored yet), and {@link Images#save} stores the next one.
 * Times are kept to the millisecond.
 *
 * @param digest          the image's digest (manifest digest, or config digest for a docker-archive): the key
 * @param repository      the repository it was pushed to, null when unknown
 * @param tags            its tags, empty when unknown
 * @param sourceKey       the object key of the archive it was scanned from, null when none
 * @param firstScanAt     when it was first scanned, null before
 * @param lastScanAt      when it was last scanned, null before
 * @param dbVersion       the vulnerability database version of the last scan, null before
 * @param analyzerKey the analyzer key of the last scan, null before
 * @param counts          findings per level from the last scan
 * @param lastScanId      the last scan's id, null before
 * @param verdict         the blocking policy's verdict, null until a policy has judged it
 * @param policyVersion   the version of the policy that gave {@code verdict}, null with it
 * @param revision        the stored revision this record was read at; 0 if it was never stored
 * @param registry        the registry it was read from ({@code host[:port]}), null when it came from an archive;
 *                        {@code repository} is then {@code registry/name}
 */
public record ImageRecord(String digest, String repository, List<String> tags, String sourceKey,
        Instant firstScanAt, Instant lastScanAt, String dbVersion, String analyzerKey, SeverityCounts counts,
        String lastScanId, String verdict, String policyVersion, long revision, String registry) {

    public ImageRecord {
        StoreKeys.requireDigest("image digest", digest);
        tags = List.copyOf(tags);
        firstScanAt = millis(firstScanAt);
        lastScanAt = millis(lastScanAt);
        Objects.requireNonNull(counts, "counts");
        if (revision < 0) {
            throw new IllegalArgumentException("negative revision " + revision);
        }
    }

    /** An image record without a registry (an archive's image). */
    public ImageRecord(String digest, String repository, List<String> tags, String sourceKey, Instant firstScanAt,
            Instant lastScanAt, String dbVersion, String analyzerKey, SeverityCounts counts, String lastScanId,
            String verdict, String policyVersion, long revision) {
        this(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion, analyzerKey, counts, lastScanId,
                verdict, policyVersion, revision, null);
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** An image never stored: nothing known but its digest. */
    public static ImageRecord of(String digest) {
        return new ImageRecord(digest, null, List.of(), null, null, null, null, null, SeverityCounts.NONE, null,
                null, null, 0);
    }

    /** Whether this record was never stored. */
    public boolean isNew() {
        return revision == 0;
    }

    /** This image with where it came from. */
    public ImageRecord withSource(String repository, List<String> tags, String sourceKey) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion,
                analyzerKey, counts, lastScanId, verdict, policyVersion, revision, registry);
    }

    /** This image as read from {@code registry}, with its repository ({@code registry/name}) and tags. */
    public ImageRecord withRegistry(String registry, String repository, List<String> tags) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion,
                analyzerKey, counts, lastScanId, verdict, policyVersion, revision, registry);
    }

    /** This image after a scan at {@code at}: the first scan time is kept, everything else is the new scan's. */
    public ImageRecord withScan(String scanId, Instant at, String dbVersion, String analyzerKey,
            SeverityCounts counts) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt == null ? at : firstScanAt, at,
                dbVersion, analyzerKey, counts, scanId, verdict, policyVersion, revision, registry);
    }

    /** This image with other counts. */
    public ImageRecord withCounts(SeverityCounts counts) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion,
                analyzerKey, counts, lastScanId, verdict, policyVersion, revision, registry);
    }

    /** This image judged by a policy. */
    public ImageRecord withVerdict(String verdict, String policyVersion) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion,
                analyzerKey, counts, lastScanId, verdict, policyVersion, revision, registry);
    }

    /** This image as read at {@code revision} (what a store returns after reading or saving). */
    public ImageRecord atRevision(long revision) {
        return new ImageRecord(digest, repository, tags, sourceKey, firstScanAt, lastScanAt, dbVersion,
                analyzerKey, counts, lastScanId, verdict, policyVersion, revision, registry);
    }
}
