package dev.imagescan.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where the inventory of one layer, read by one analyzer key, is stored: the "index once" cache entry.
 *
 * @param diffId          the layer's diffID (digest of its uncompressed tar)
 * @param analyzerKey the analyzer key that read it
 * @param objectKey       the stored layer inventory ({@link StoreKeys#layerInventory})
 * @param packageCount    how many packages the inventory holds
 * @param createdAt       when the entry was written (kept to the millisecond)
 */
public record LayerIndexEntry(String diffId, String analyzerKey, String objectKey, int packageCount,
        Instant createdAt) {
    public LayerIndexEntry {
        StoreKeys.requireDigest("diffID", diffId);
        StoreKeys.requireVersion("analyzer key", analyzerKey);
        Objects.requireNonNull(objectKey, "objectKey");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        if (packageCount < 0) {
            throw new IllegalArgumentException("negative package count " + packageCount);
        }
    }
}
