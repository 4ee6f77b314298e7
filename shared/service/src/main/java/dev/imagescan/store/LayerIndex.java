package dev.imagescan.store;

import java.util.Optional;

/** The "index once" cache: which layers were read by which analyzer key, and where their inventory is. */
public interface LayerIndex {
    /**
     * Stores {@code entry} if there is none for its (diffID, analyzer key): true if stored, false if an entry was
     * there (it is kept; the stored inventory it names is equally good, as both came from the same bytes).
     */
    boolean putIfAbsent(LayerIndexEntry entry);

    /** The entry for this layer and analyzer key, empty if the layer was not indexed by it. */
    Optional<LayerIndexEntry> get(String diffId, String analyzerKey);
}
