package dev.imagescan.cli.db;

import dev.imagescan.registry.ImageReference;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the CLI keeps and gets its database.
 *
 * @param cacheRoot the cache directory ({@code --cache-dir}, default {@link DatabaseCache#defaultRoot})
 * @param url       the published database ({@code --db-url}); null when none is configured
 * @param maxAge    how long a cached database is used before a scan asks its source again ({@code --db-max-age})
 * @param offline   never download ({@code --offline}, {@code --skip-db-update})
 * @param allowHttp allow a plain http URL, or a plain-http registry ({@code --allow-http})
 * @param repository the database published as an OCI artifact ({@code --db-repository}); null when none is
 *                  configured; at most one of {@code url} and {@code repository} is set
 */
public record DatabaseSettings(Path cacheRoot, URI url, Duration maxAge, boolean offline, boolean allowHttp,
        ImageReference repository) {
    /** A day: how long a cached database is used by default before its source is asked again. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);

    public DatabaseSettings {
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(maxAge, "maxAge");
        if (url != null && repository != null) {
            throw new IllegalArgumentException("a database URL and a database repository are both set");
        }
    }

    /** Settings with a URL or no source at all. */
    public DatabaseSettings(Path cacheRoot, URI url, Duration maxAge, boolean offline, boolean allowHttp) {
        this(cacheRoot, url, maxAge, offline, allowHttp, null);
    }

    /** Whether a source to update from is configured ({@code --db-url} or {@code --db-repository}). */
    public boolean hasSource() {
        return url != null || repository != null;
    }
}
