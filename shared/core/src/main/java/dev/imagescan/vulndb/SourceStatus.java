package dev.imagescan.vulndb;

import java.time.Instant;

/**
 * What a database says of one of its sources beyond its record count ({@link DatabaseInfo#sourceStatus()}): how fresh
 * its data is, when that data was fetched, and what went wrong the last time it was read, when the database was built
 * with the data of an earlier read instead (the database update keeps a source's previous records when it fails or
 * shrinks too far).
 *
 * @param newestModified the newest {@code modified} among the records the source gave; null when none (a severity or
 *                       exploitation feed) or unknown
 * @param fetchedAt      when the data in the database was fetched from the source; null when unknown
 * @param lastError      one line: why the latest read of the source was refused; null when it was used
 */
public record SourceStatus(Instant newestModified, Instant fetchedAt, String lastError) {
    /** Nothing known. */
    public static final SourceStatus UNKNOWN = new SourceStatus(null, null, null);
}
