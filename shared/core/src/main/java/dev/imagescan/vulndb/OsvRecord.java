package dev.imagescan.vulndb;

import java.time.Instant;
import java.util.List;

/**
 * One imported OSV record: the advisory, whether it was withdrawn, and every affected package entry.
 *
 * @param withdrawn null unless the record was withdrawn; withdrawn records are never matched
 */
public record OsvRecord(Advisory advisory, Instant withdrawn, List<AffectedPackage> affected) {
    public OsvRecord {
        affected = List.copyOf(affected);
    }
}
