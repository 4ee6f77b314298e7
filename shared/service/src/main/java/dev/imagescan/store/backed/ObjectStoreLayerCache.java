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
import java.time.Clock;
import java.util.Optional;

/**
 * A {@link LayerCache} in the bucket: the entry for (diffID, analyzer key) is the object
 * {@link StoreKeys#layerCacheEntry} ({@code layers/<diffID>/<analyzerKey>.islc}), and once stored it is recorded in
 * the table's {@link LayerIndex} (put-if-absent: the first writer's entry stands, and both are equally good, as both
 * came from the same bytes). A look-up is one GET of the deterministic key (a miss is a 404), not a table read: the
 * object is written whole or not at all, so its presence is enough. Entries are streamed both ways with their length
 * known, never held whole in memory. The entry format is opaque here ({@code docs/layer-cache.md}), so the index
 * records a package count of 0.
 */
public final class ObjectStoreLayerCache implements LayerCache {
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
}
