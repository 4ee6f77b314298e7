package dev.imagescan.cli.db;

import java.io.IOException;
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
        if (settings.url() == null) {
            throw new IOException("no database URL is configured (--db-url, IMAGESCAN_DB_URL or db-url in"
                    + " imagescan.yaml)");
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
}
