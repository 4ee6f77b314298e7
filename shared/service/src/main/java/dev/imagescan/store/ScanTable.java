package dev.imagescan.store;

/**
 * The scanner's key-value table (one table, several item types: docs/storage.md), seen as four small parts so that
 * each caller depends on what it uses. Every write is a single-item conditional write: there are no transactions,
 * and none are needed, because each part's invariants live in one item.
 */
public interface ScanTable {
    /** Images: digest, source, last scan summary, verdict; revision-checked writes; paged listing. */
    Images images();

    /** Scans: status QUEUED → RUNNING → DONE / FAILED, each move conditional on the current status. */
    Scans scans();

    /** Claims that make (image, database version, analyzer key) scanned exactly once. */
    ScanClaims claims();

    /** Which layers are indexed, by which analyzer key, and where their inventory is stored. */
    LayerIndex layers();
}
