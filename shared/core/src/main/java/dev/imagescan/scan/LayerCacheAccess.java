package dev.imagescan.scan;

import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.LayerDescriptor;
import dev.imagescan.layer.FileRequest;
import dev.imagescan.layer.LayerContents;
import dev.imagescan.layer.LayerContentsCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A scan's use of its {@link LayerCache}: finds and decodes entries, encodes and stores new ones, and keeps the
 * cache's blob index (compressed blob digest → diffID) honest: a layer whose blob is recorded under another diffID
 * than the image config names is not taken from the cache, and every stored read records its blob's mapping. Whatever
 * goes wrong with the cache (missing, unreadable, corrupt, another version, a wrong mapping, a failing store) is told
 * to the listener and otherwise ignored: the layer is read from its blob, and the result is the same.
 */
final class LayerCacheAccess {
    private final LayerCache cache;
    private final LayerContentsCodec codec;
    private final ScratchSpace scratch;
    private final ScanListener listener;

    LayerCacheAccess(LayerCache cache, List<FileRequest> requests, ScanOptions options, ScratchSpace scratch) {
        this.cache = cache;
        this.codec = new LayerContentsCodec(requests, scratch, options.limits().inMemoryBytes());
        this.scratch = scratch;
        this.listener = options.listener();
    }

    /** The cached contents of {@code layer} under {@code key}, when there is a usable entry. */
    Optional<LayerContents> find(LayerDescriptor layer, String key) {
        if (!blobAgrees(layer)) {
            return Optional.empty();
        }
        Optional<InputStream> entry;
        try {
            entry = cache.find(layer.diffId().toString(), key);
        } catch (IOException | RuntimeException e) {
            listener.cacheProblem(layer, layer.describe() + ": the layer cache failed to look up entry " + key
                    + " (" + e + "); reading the layer");
            return Optional.empty();
        }
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = entry.get()) {
            LayerContents contents = codec.read(in, layer, key);
            listener.layerFromCache(layer);
            return Optional.of(contents);
        } catch (IOException | RuntimeException e) {
            listener.cacheProblem(layer, layer.describe() + ": layer cache entry " + key + " is unusable ("
                    + e.getMessage() + "); reading the layer");
            return Optional.empty();
        }
    }

    /**
     * False when the blob index records {@code layer}'s blob under another diffID than the config's (the layer is
     * then read, which checks both digests, and its mapping replaced); true when it agrees, records nothing, or the
     * blob is stored uncompressed (its digest is its diffID).
     */
    private boolean blobAgrees(LayerDescriptor layer) {
        if (!hasBlobMapping(layer)) {
            return true;
        }
        Optional<String> recorded;
        try {
            recorded = cache.diffIdOfBlob(layer.digest().toString());
        } catch (IOException | RuntimeException e) {
            listener.cacheProblem(layer, layer.describe() + ": the layer cache failed to look up blob "
                    + layer.digest().shortForm() + " (" + e + "); reading the layer");
            return false;
        }
        if (recorded.isPresent() && !recorded.get().equals(layer.diffId().toString())) {
            listener.cacheProblem(layer, layer.describe() + ": the blob index records blob " + layer.digest()
                    + " as diffID " + recorded.get() + ", the image config says " + layer.diffId()
                    + "; reading the layer");
            return false;
        }
        return true;
    }

    /** Whether {@code layer}'s blob maps to its diffID in a way worth recording (a compressed blob with a digest). */
    private static boolean hasBlobMapping(LayerDescriptor layer) {
        return layer.digest() != null && !layer.digest().equals(layer.diffId());
    }

    /** Stores what a read of {@code contents.layer()} kept, under {@code key}. */
    void store(LayerContents contents, String key) {
        LayerDescriptor layer = contents.layer();
        try (SpooledEntry entry = new SpooledEntry(scratch)) {
            try (OutputStream out = entry.output()) {
                codec.write(contents, key, out);
            }
            cache.store(layer.diffId().toString(), key, entry);
        } catch (IOException | RuntimeException e) {
            listener.cacheProblem(layer, layer.describe() + ": layer cache entry " + key + " not stored (" + e + ")");
            return;
        }
        if (hasBlobMapping(layer)) {
            try {
                cache.recordBlob(layer.digest().toString(), layer.diffId().toString());
            } catch (IOException | RuntimeException e) {
                listener.cacheProblem(layer, layer.describe() + ": blob " + layer.digest().shortForm()
                        + " not recorded in the layer cache's blob index (" + e + ")");
            }
        }
    }
}
