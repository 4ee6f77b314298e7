package dev.imagescan.cache;

import dev.imagescan.scan.LayerCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LayerCache} in memory: each entry's encoded bytes under {@code diffId/analyzerKey}. For tests, and for a
 * process that scans many images sharing layers (entries are small, but an rpm database can be a few MB).
 */
public final class InMemoryLayerCache implements LayerCache {
    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    private final Map<String, String> blobs = new ConcurrentHashMap<>();

    @Override
    public Optional<InputStream> find(String diffId, String analyzerKey) {
        byte[] bytes = entries.get(name(diffId, analyzerKey));
        return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    }

    @Override
    public void store(String diffId, String analyzerKey, Entry entry) throws IOException {
        byte[] bytes;
        try (InputStream in = entry.open()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != entry.length()) {
            throw new IOException("entry of " + entry.length() + " bytes gave " + bytes.length);
        }
        entries.put(name(diffId, analyzerKey), bytes);
    }

    @Override
    public Optional<String> diffIdOfBlob(String blobDigest) {
        return Optional.ofNullable(blobs.get(blobDigest));
    }

    @Override
    public void recordBlob(String blobDigest, String diffId) {
        blobs.put(blobDigest, diffId);
    }

    /** The blob index: compressed blob digest → diffID. */
    public Map<String, String> blobIndex() {
        return Map.copyOf(blobs);
    }

    /** The names of the entries held, {@code diffId/analyzerKey}. */
    public Set<String> names() {
        return Set.copyOf(entries.keySet());
    }

    /** The total size of the entries held, in bytes. */
    public long bytes() {
        return entries.values().stream().mapToLong(b -> b.length).sum();
    }

    private static String name(String diffId, String analyzerKey) {
        return diffId + "/" + analyzerKey;
    }
}
