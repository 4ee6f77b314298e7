package dev.imagescan.scan;

import dev.imagescan.image.LayerDescriptor;

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

    /** A read of a layer was answered by the cache: the blob was not read. */
    default void layerFromCache(LayerDescriptor layer) {}

    /** A cache entry could not be used (the layer is read instead) or stored; the scan goes on. */
    default void cacheProblem(LayerDescriptor layer, String message) {
        System.getLogger(LayerCache.class.getName()).log(System.Logger.Level.WARNING, message);
    }
}
