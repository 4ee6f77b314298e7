package dev.imagescan.store.backed;

import dev.imagescan.scan.LayerCache;
import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.LayerIndexEntry;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link LayerCache} in the bucket: the entry for (diffID, analyzer key) is the object
 * {@link StoreKeys#layerCacheEntry} ({@code layers/<diffID>/<analyzerKey>.islc}), and once stored it is recorded in
 * the table's {@link LayerIndex} (put-if-absent: the first writer's entry stands, and both are equally good, as both
 * came from the same bytes). A look-up is one GET of the deterministic key (a miss is a 404), not a table read: the
 * object is written whole or not at all, so its presence is enough. Entries are streamed both ways with their length
 * known, never held whole in memory. The entry format is opaque here ({@code docs/layer-cache.md}), so the index
 * records a package count of 0. The blob index (compressed blob digest → diffID) is one small object per blob,
 * {@link StoreKeys#layerBlob} ({@code layers/blobs/<blobDigest>}, the diffID as ASCII text), overwritten by every
 * verified read of the blob, so a wrong mapping does not outlive the next read that disproves it.
 */
public final class ObjectStoreLayerCache implements LayerCache {
    private static final PutOptions TEXT = new PutOptions("text/plain; charset=us-ascii", Map.of());
    /** More than any diffID's text: a longer blob index object is not one this cache wrote. */
    private static final int MAX_DIFF_ID_CHARS = 7 + 128;

    private final ObjectStore store;
    private final LayerIndex index;
    private final Clock clock;

    public ObjectStoreLayerCache(ObjectStore store, LayerIndex index, Clock clock) {
        this.store = store;
        this.index = index;
        this.clock = clock;
    }

    @Override
    public Optional<InputStream> find(String diffId, String analyzerKey) throws IOException {
        String key = StoreKeys.layerCacheEntry(diffId, analyzerKey);
        try {
            return Optional.of(store.get(key));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (StoreException e) {
            throw new IOException("reading layer cache entry " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void store(String diffId, String analyzerKey, Entry entry) throws IOException {
        String key = StoreKeys.layerCacheEntry(diffId, analyzerKey);
        try {
            try (InputStream in = entry.open()) {
                store.put(key, in, entry.length(), PutOptions.BINARY);
            }
            index.putIfAbsent(new LayerIndexEntry(diffId, analyzerKey, key, 0, clock.instant()));
        } catch (StoreException e) {
            throw new IOException("storing layer cache entry " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> diffIdOfBlob(String blobDigest) throws IOException {
        String key = StoreKeys.layerBlob(blobDigest);
        byte[] bytes;
        try (InputStream in = store.get(key)) {
            bytes = in.readNBytes(MAX_DIFF_ID_CHARS + 1);
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (StoreException e) {
            throw new IOException("reading blob index entry " + key + ": " + e.getMessage(), e);
        }
        String diffId = new String(bytes, StandardCharsets.US_ASCII);
        try {
            return Optional.of(StoreKeys.requireDigest("diffID", diffId));
        } catch (IllegalArgumentException e) {
            throw new IOException("blob index entry " + key + " holds no diffID", e);
        }
    }

    @Override
    public void recordBlob(String blobDigest, String diffId) throws IOException {
        String key = StoreKeys.layerBlob(blobDigest);
        try {
            store.put(key, StoreKeys.requireDigest("diffID", diffId).getBytes(StandardCharsets.US_ASCII),
                    TEXT);
        } catch (StoreException e) {
            throw new IOException("storing blob index entry " + key + ": " + e.getMessage(), e);
        }
    }
}
