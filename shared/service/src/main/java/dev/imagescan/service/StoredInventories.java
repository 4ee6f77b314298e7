package dev.imagescan.service;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.JsonInventoryReader;
import dev.imagescan.report.JsonInventoryWriter;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Each image's merged inventory at {@code images/<digest>/inventory.json} (docs/json-format.md): written by a scan,
 * read by every re-match so that it reads no layer.
 */
final class StoredInventories {
    private static final System.Logger LOG = System.getLogger(StoredInventories.class.getName());

    private final ObjectStore store;

    StoredInventories(ObjectStore store) {
        this.store = store;
    }

    /** The stored inventory of {@code digest}; empty when there is none, or it is unreadable (logged). */
    Optional<Inventory> get(String digest) {
        try (InputStream in = store.get(StoreKeys.imageInventory(digest))) {
            return Optional.of(new JsonInventoryReader().read(in));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "stored inventory of " + digest + " unreadable, scanning again: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** Stores {@code inventory} as the inventory of {@code digest}, replacing any before. */
    void put(String digest, Inventory inventory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            new JsonInventoryWriter().write(inventory, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(StoreKeys.imageInventory(digest), out.toByteArray(), PutOptions.JSON);
    }
}
