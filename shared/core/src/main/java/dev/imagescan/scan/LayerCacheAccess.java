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
 * A scan's use of its {@link LayerCache}: finds and decodes entries, encodes and stores new ones. Whatever goes wrong
 * with the cache (missing, unreadable, corrupt, another version, a failing store) is told to the listener and
 * otherwise ignored: the layer is read from its blob, and the result is the same.
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
        }
    }
}
