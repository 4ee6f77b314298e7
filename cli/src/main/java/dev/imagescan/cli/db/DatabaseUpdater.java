package dev.imagescan.cli.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** {@code imagescan db update}: asks the source for its current database and installs it when it is new. */
public final class DatabaseUpdater {
    /** What an update did. */
    public record Outcome(CachedDatabase database, boolean changed) {}

    private final DatabaseCache cache;
    private final ArtifactDownload download;
    private final Clock clock;

    public DatabaseUpdater(DatabaseCache cache, ArtifactDownload download, Clock clock) {
        this.cache = cache;
        this.download = download;
        this.clock = clock;
    }

    /**
     * Updates the cache from {@code settings.url()}: reads the pointer, and when it names another version than the
     * cached one, downloads, verifies and installs it; else records that the cached one was confirmed.
     */
    public Outcome update(DatabaseSettings settings) throws IOException {
        return update(settings, null);
    }

    /** {@link #update(DatabaseSettings)}, showing the download's {@code progress} (null: none). */
    public Outcome update(DatabaseSettings settings, DownloadProgress progress) throws IOException {
        if (settings.repository() != null) {
            return pull(new RegistryPull(settings.repository(), settings.allowHttp()), progress);
        }
        if (settings.url() == null) {
            throw new IOException("no database URL or repository is configured (--db-url or --db-repository,"
                    + " IMAGESCAN_DB_URL or IMAGESCAN_DB_REPOSITORY, db-url or db-repository in imagescan.yaml)");
        }
        CachedDatabase current = cache.current();
        ArtifactDownload.Located located = download.locate(settings.url());
        if (current != null && located.version() != null && located.version().equals(current.version())) {
            return new Outcome(cache.confirm(current, clock.instant()), false);
        }
        Path temp = cache.newTemporaryFile();
        download.download(located.artifact(), temp, progress);
        CachedDatabase installed = cache.install(temp, located.version(), ArtifactDownload.name(settings.url()),
                clock.instant());
        return new Outcome(installed, current == null || !current.version().equals(installed.version()));
    }

    /** The same from an OCI artifact: its manifest names the version; the layer is pulled only when it is new. */
    private Outcome pull(RegistryPull pull, DownloadProgress progress) throws IOException {
        CachedDatabase current = cache.current();
        RegistryPull.Located located = pull.locate();
        if (current != null && located.version().equals(current.version())) {
            return new Outcome(cache.confirm(current, clock.instant()), false);
        }
        Path temp = cache.newTemporaryFile();
        try {
            pull.download(located, temp, progress);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        CachedDatabase installed = cache.install(temp, located.version(), pull.name(), clock.instant());
        return new Outcome(installed, current == null || !current.version().equals(installed.version()));
    }
}
