package dev.imagescan.service;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The current database's version without loading the database: {@link StoreKeys#VULNDB_CURRENT} holds the key of its
 * artifact, {@code vulndb/<dbVersion>/…} ({@link DatabaseUpdateService#artifactKey}). For the sweep, which compares
 * versions and matches nothing.
 */
public final class DatabaseVersions {
    private static final int MAX_POINTER_BYTES = 1024;

    private DatabaseVersions() {}

    /**
     * The version {@code vulndb/current} names, or {@code bundled}'s when there is no pointer yet (the scan function
     * then uses its bundled database).
     *
     * @throws IllegalStateException when the pointer holds no artifact key
     */
    public static String current(ObjectStore store, Supplier<String> bundled) {
        String key;
        try (InputStream in = store.get(StoreKeys.VULNDB_CURRENT)) {
            key = new String(in.readNBytes(MAX_POINTER_BYTES), StandardCharsets.UTF_8).trim();
        } catch (NotFoundException e) {
            return bundled.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = key.indexOf('/', StoreKeys.VULNDB.length());
        if (!key.startsWith(StoreKeys.VULNDB) || end < 0) {
            throw new IllegalStateException(StoreKeys.VULNDB_CURRENT + " holds no artifact key: '" + key + "'");
        }
        return StoreKeys.requireVersion("database version", key.substring(StoreKeys.VULNDB.length(), end));
    }
}
