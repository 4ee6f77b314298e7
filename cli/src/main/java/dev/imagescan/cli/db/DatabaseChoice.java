package dev.imagescan.cli.db;

import dev.imagescan.common.BadInputException;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The database a scan matches against, when no {@code --db} names one: the cached one, refreshed first when it is
 * older than the configured age and a URL or repository is configured (never when offline); with no network the
 * cached one with a warning; the bundled snapshot only when the cache holds none, said plainly on standard error.
 * Messages go to {@code err} ({@code notes} false: only warnings).
 */
public final class DatabaseChoice {
    private final DatabaseSettings settings;
    private final Clock clock;
    private final PrintWriter err;
    private final boolean notes;
    private final boolean progressShown;

    public DatabaseChoice(DatabaseSettings settings, Clock clock, PrintWriter err, boolean notes) {
        this(settings, clock, err, notes, false);
    }

    /** @param progressShown show a download's progress (on a terminal) */
    public DatabaseChoice(DatabaseSettings settings, Clock clock, PrintWriter err, boolean notes,
            boolean progressShown) {
        this.settings = settings;
        this.clock = clock;
        this.err = err;
        this.notes = notes;
        this.progressShown = progressShown;
    }

    /** Chooses, refreshing the cache first when due, and loads it. */
    public VulnDatabase load() throws IOException {
        DatabaseCache cache = new DatabaseCache(settings.cacheRoot());
        CachedDatabase cached = cache.current();
        Instant now = clock.instant();
        boolean due = cached == null || Duration.between(cached.checkedAt(), now).compareTo(settings.maxAge()) >= 0;
        if (due && settings.hasSource() && !settings.offline()) {
            try {
                DatabaseUpdater.Outcome outcome = new DatabaseUpdater(cache,
                        new ArtifactDownload(ArtifactDownload.Settings.defaults(settings.allowHttp())), clock)
                        .update(settings, notes && progressShown ? new DownloadProgress(err, "the database") : null);
                cached = outcome.database();
                if (notes) {
                    err.println("imagescan: " + (outcome.changed() ? "downloaded database " : "database is current: ")
                            + shortVersion(cached.version()) + " from " + cached.source());
                }
            } catch (IOException | BadInputException e) {
                err.println("imagescan: warning: cannot update the database: " + e.getMessage());
                if (cached != null) {
                    err.println("imagescan: warning: going on with the cached database, last checked "
                            + age(cached.checkedAt(), now) + " ago");
                }
            }
        }
        if (cached == null) {
            VulnDatabase bundled = BundledDatabase.load();
            err.println("imagescan: warning: no database in " + cache.dir() + "; using the bundled snapshot ("
                    + bundled.info().advisories() + " advisories, for the test images only) — run 'imagescan db"
                    + " update' (with --db-url or --db-repository) or 'imagescan db import FILE'");
            return bundled;
        }
        VulnDatabase db = DatabaseCache.load(cached);
        if (notes) {
            err.println("imagescan: database " + shortVersion(cached.version()) + ", installed "
                    + age(cached.installedAt(), now) + " ago, checked " + age(cached.checkedAt(), now) + " ago"
                    + (settings.offline() ? " (offline)" : !settings.hasSource()
                    ? " (no --db-url or --db-repository: never refreshed)"
                    : ""));
        }
        return db;
    }

    static String shortVersion(String version) {
        return version.length() > 19 ? version.substring(0, 19) : version;
    }

    /** A duration in words: {@code 45 s}, {@code 12 min}, {@code 5 h}, {@code 3 days}. */
    static String age(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            return "0 s";
        }
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }
}
