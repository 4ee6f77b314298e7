package dev.imagescan.service;

import dev.imagescan.image.Image;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.backed.ObjectStoreRandomAccessSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Image archives stored in the object store, scanned in place by ranged reads (no download to disk): the manifest and
 * config first, then a gate decides, then the layers (through the scanner's layer cache).
 */
final class StoredArchives {
    private final ObjectStore store;
    private final ImageScanner scanner;

    StoredArchives(ObjectStore store, ImageScanner scanner) {
        this.store = store;
        this.scanner = scanner;
    }

    /**
     * Scans the archive at {@code key}: once its manifest and config are read, {@code gate} is asked (and may throw);
     * empty when it says no, and no layer is read. Every read of the archive checks {@code deadline}.
     */
    Optional<Inventory> scan(String key, Predicate<Image> gate, Deadline deadline) {
        deadline.check("opening " + key);
        try (ObjectStoreRandomAccessSource source = ObjectStoreRandomAccessSource.open(store, key)) {
            return scanner.scan(new DeadlineSource(source, deadline), gate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's key: its manifest digest, or its config digest when the archive has no manifest blob. */
    static String digestOf(Image image) {
        return (image.manifestDigest() != null ? image.manifestDigest() : image.configDigest()).toString();
    }
}
