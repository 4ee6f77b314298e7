package dev.imagescan.store.memory;

import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.LayerIndexEntry;
import dev.imagescan.store.StoreKeys;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The layer index in memory: one entry per (diffID, analyzer key), the first one written stays. */
final class InMemoryLayers implements LayerIndex {
    private final Map<Key, LayerIndexEntry> entries = new ConcurrentHashMap<>();

    /** What an entry is stored under. */
    private record Key(String diffId, String analyzerKey) {}

    @Override
    public boolean putIfAbsent(LayerIndexEntry entry) {
        return entries.putIfAbsent(new Key(entry.diffId(), entry.analyzerKey()), entry) == null;
    }

    @Override
    public Optional<LayerIndexEntry> get(String diffId, String analyzerKey) {
        StoreKeys.requireDigest("diffID", diffId);
        StoreKeys.requireVersion("analyzer key", analyzerKey);
        return Optional.ofNullable(entries.get(new Key(diffId, analyzerKey)));
    }
}
