package dev.imagescan.store.backed;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.DatabaseProvider;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The database the bucket calls current: {@link StoreKeys#VULNDB_CURRENT} holds the key of an artifact
 * ({@code docs/vulndb-format.md}). The pointer is read at most once per {@code checkEvery}; an artifact is loaded once
 * per key for the life of the object (in a Lambda function, of the container). When the pointer or the artifact it
 * names cannot be read or loaded, the database loaded before keeps being served, with a warning, and the pointer is
 * read again at the next check; with nothing loaded yet, the problem is thrown (the scan is retried). When there is no
 * pointer at all, the {@code fallback} (the bundled database) is served. Thread-safe.
 */
public final class CurrentDatabase implements DatabaseProvider {
    private static final System.Logger LOG = System.getLogger(CurrentDatabase.class.getName());
    private static final int MAX_POINTER_BYTES = 1024;

    private final ObjectStore store;
    private final Duration checkEvery;
    private final Clock clock;
    private final Supplier<VulnDatabase> fallback;
    private VulnDatabase loaded;
    private String loadedKey;
    private Instant nextCheck = Instant.MIN;

    /**
     * @param checkEvery how long a pointer read stays good; zero reads it for every scan
     * @param fallback   served when there is no pointer (e.g. {@code BundledDatabase::load})
     */
    public CurrentDatabase(ObjectStore store, Duration checkEvery, Clock clock, Supplier<VulnDatabase> fallback) {
        if (checkEvery.isNegative()) {
            throw new IllegalArgumentException("negative check interval " + checkEvery);
        }
        this.store = store;
        this.checkEvery = checkEvery;
        this.clock = clock;
        this.fallback = fallback;
    }

    @Override
    public synchronized VulnDatabase current() {
        Instant now = clock.instant();
        if (loaded != null && now.isBefore(nextCheck)) {
            return loaded;
        }
        nextCheck = now.plus(checkEvery);
        String key;
        try {
            key = pointer();
        } catch (RuntimeException | IOException e) {
            return keepOrThrow("reading " + StoreKeys.VULNDB_CURRENT + " failed: " + e.getMessage(), e);
        }
        if (key == null) {
            if (loadedKey != null || loaded == null) {
                loaded = fallback.get();
                loadedKey = null;
            }
            return loaded;
        }
        if (key.equals(loadedKey)) {
            return loaded;
        }
        try (InputStream in = store.get(key)) {
            VulnDatabase db = VulnDatabases.load(in);
            LOG.log(Level.INFO, "loaded vulnerability database " + key + " (" + db.info().digest() + ")");
            loaded = db;
            loadedKey = key;
            return db;
        } catch (RuntimeException | IOException e) {
            return keepOrThrow("loading the database " + key + " named by " + StoreKeys.VULNDB_CURRENT + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The key the pointer holds, null when there is no pointer. */
    private String pointer() throws IOException {
        byte[] bytes;
        try (InputStream in = store.get(StoreKeys.VULNDB_CURRENT)) {
            bytes = in.readNBytes(MAX_POINTER_BYTES + 1);
        } catch (NotFoundException e) {
            return null;
        }
        String key = new String(bytes, StandardCharsets.UTF_8).trim();
        if (bytes.length > MAX_POINTER_BYTES || key.isEmpty() || !key.startsWith(StoreKeys.VULNDB)) {
            throw new IOException("it must hold the key of an artifact under " + StoreKeys.VULNDB + " (at most "
                    + MAX_POINTER_BYTES + " bytes)");
        }
        return key;
    }

    private VulnDatabase keepOrThrow(String message, Exception cause) {
        if (loaded == null) {
            throw new IllegalStateException(message, cause);
        }
        LOG.log(Level.WARNING, message + "; still serving " + (loadedKey != null ? loadedKey : "the bundled database"));
        return loaded;
    }
}
