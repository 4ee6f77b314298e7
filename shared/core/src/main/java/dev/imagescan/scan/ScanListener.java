package dev.imagescan.scan;

import dev.imagescan.image.LayerDescriptor;
import java.util.List;

/**
 * Told how each layer of a scan was obtained: read from its blob, or decoded from the {@link LayerCache}; and of
 * cache entries that could not be used or stored. Called from the threads that read layers, so implementations are
 * thread-safe. {@link ScanStats} counts; the default methods do nothing, except that cache problems are logged.
 */
public interface ScanListener {
    /** Does nothing but log cache problems. */
    ScanListener NONE = new ScanListener() {};

    /**
     * A layer blob was read, {@code blobBytes} of it: once per layer not in the cache, and again for paths learnt
     * from links in other layers (rare).
     */
    default void layerRead(LayerDescriptor layer, long blobBytes) {}

    /**
     * The scan is about to obtain these layers (each distinct layer once), from their blobs or from the cache; sent
     * once, before the first read. For progress: the sizes add up to what may be read.
     */
    default void layersToRead(List<LayerDescriptor> layers) {}

    /** {@code bytes} more of {@code layer}'s blob arrived (from a file or a registry), as it streams; for progress. */
    default void blobBytesRead(LayerDescriptor layer, long bytes) {}

    /** A read of a layer was answered by the cache: the blob was not read. */
    default void layerFromCache(LayerDescriptor layer) {}

    /** A cache entry could not be used (the layer is read instead) or stored; the scan goes on. */
    default void cacheProblem(LayerDescriptor layer, String message) {
        System.getLogger(LayerCache.class.getName()).log(System.Logger.Level.WARNING, message);
    }
}
