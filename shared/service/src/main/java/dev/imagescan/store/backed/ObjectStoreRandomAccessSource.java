package dev.imagescan.store.backed;

import dev.imagescan.common.ImageScanException;
import dev.imagescan.image.RandomAccessSource;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object in an {@link ObjectStore} read by ranges: one HEAD when opened (size and etag), then one ranged GET per
 * {@link #open}. An image archive is scanned from one without the archive ever being held whole, in memory or on
 * disk. The port has no conditional ranged read, so an object replaced while it is read is not detected here; every
 * blob's digest is checked as it is read, so such a scan fails with a digest mismatch or a truncation, never with a
 * wrong inventory.
 */
public final class ObjectStoreRandomAccessSource implements RandomAccessSource {
    private final ObjectStore store;
    private final String key;
    private final ObjectInfo info;

    private ObjectStoreRandomAccessSource(ObjectStore store, String key, ObjectInfo info) {
        this.store = store;
        this.key = key;
        this.info = info;
    }

    /**
     * Opens the object under {@code key}.
     *
     * @throws ImageScanException when there is no such object (a permanent problem of the input)
     */
    public static ObjectStoreRandomAccessSource open(ObjectStore store, String key) {
        ObjectInfo info = store.head(key)
                .orElseThrow(() -> new ImageScanException(key + ": no such object in the bucket"));
        return new ObjectStoreRandomAccessSource(store, key, info);
    }

    /** The object's size, etag and time, as read when it was opened. */
    public ObjectInfo info() {
        return info;
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        RandomAccessSource.checkRange(offset, length, info.size());
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        try {
            return store.get(key, offset, length);
        } catch (NotFoundException e) {
            throw new IOException(key + " was deleted while it was read", e);
        }
    }

    @Override
    public String describe() {
        int slash = key.lastIndexOf('/');
        return slash >= 0 && slash < key.length() - 1 ? key.substring(slash + 1) : key;
    }
}
