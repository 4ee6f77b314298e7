package dev.imagescan.scan;

import dev.imagescan.image.LayerDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScanListener} that counts: which layers were read from their blobs (and how many bytes), which were taken
 * from the cache, and the cache problems met. Give one to {@link ScanOptions#withListener} and read it after the scan
 * ("a periodic rescan reads zero layers": {@code layersRead().isEmpty()}).
 */
public final class ScanStats implements ScanListener {
    private final List<String> read = new ArrayList<>();
    private final List<String> fromCache = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long blobBytesRead;

    @Override
    public synchronized void layerRead(LayerDescriptor layer, long blobBytes) {
        read.add(layer.diffId().toString());
        blobBytesRead += blobBytes;
    }

    @Override
    public synchronized void layerFromCache(LayerDescriptor layer) {
        fromCache.add(layer.diffId().toString());
    }

    @Override
    public synchronized void cacheProblem(LayerDescriptor layer, String message) {
        problems.add(message);
    }

    /** The diffIDs of the layers whose blobs were read, once per read, in the order the reads ended. */
    public synchronized List<String> layersRead() {
        return List.copyOf(read);
    }

    /** The diffIDs of the layers the cache answered for, once per answer. */
    public synchronized List<String> layersFromCache() {
        return List.copyOf(fromCache);
    }

    /** The (compressed) blob bytes read, over all layer reads. */
    public synchronized long blobBytesRead() {
        return blobBytesRead;
    }

    /** Cache entries that could not be used or stored, one message each. */
    public synchronized List<String> cacheProblems() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized String toString() {
        return "layers read " + read.size() + " (" + blobBytesRead + " bytes), from cache " + fromCache.size()
                + ", cache problems " + problems.size();
    }
}
