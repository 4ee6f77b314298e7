package dev.imagescan.cli;

import dev.imagescan.cli.db.DatabaseCache;
import dev.imagescan.cli.db.DatabaseSettings;
import dev.imagescan.common.BadInputException;
import dev.imagescan.registry.ImageReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** The options that say where the database is kept and fetched from, shared by {@code scan} and {@code db}. */
final class DatabaseOptions {
    static final Option CACHE_DIR = Option.builder().longOpt("cache-dir").hasArg().argName("DIR")
            .desc("Where the database is kept. Default: $XDG_CACHE_HOME/imagescan, else ~/.cache/imagescan.").get();
    static final Option DB_URL = Option.builder().longOpt("db-url").hasArg().argName("URL")
            .desc("The published database: a deployment's https://…/vulndb/current, or an artifact's URL.").get();
    static final Option DB_REPOSITORY = Option.builder().longOpt("db-repository").hasArg().argName("REF")
            .desc("The database published as an OCI artifact in a registry, e.g. ghcr.io/org/imagescan-db:2"
                    + " (docs/vulndb-format.md#as-an-oci-artifact); instead of --db-url.").get();
    static final Option DB_MAX_AGE = Option.builder().longOpt("db-max-age").hasArg().argName("DURATION")
            .desc("Ask the --db-url for a newer database when the cached one was last checked longer ago than this"
                    + " (e.g. 6h, 30m). Default: 24h.").get();
    static final Option OFFLINE = Option.builder().longOpt("offline")
            .desc("Never download: use the cached database as it is.").get();
    static final Option SKIP_DB_UPDATE = Option.builder().longOpt("skip-db-update")
            .desc("The same as --offline for the database.").get();
    static final Option ALLOW_HTTP = Option.builder().longOpt("allow-http")
            .desc("Allow a plain http --db-url, or a plain-http registry for --db-repository (a mirror on the local"
                    + " network).").get();
    /** All of them, in help order. */
    static final List<Option> ALL = List.of(CACHE_DIR, DB_URL, DB_REPOSITORY, DB_MAX_AGE, OFFLINE, SKIP_DB_UPDATE,
            ALLOW_HTTP);

    private DatabaseOptions() {}

    /**
     * The settings the command line and {@code defaults} give. Of {@code --db-url} and {@code --db-repository}, the
     * one set with the higher precedence applies (the command line over the environment over the config file); both
     * at the same level is an error.
     */
    static DatabaseSettings settings(CommandLine line, Defaults defaults) {
        String dir = defaults.value(line, CACHE_DIR);
        String url = defaults.value(line, DB_URL);
        String repository = defaults.value(line, DB_REPOSITORY);
        String maxAge = defaults.value(line, DB_MAX_AGE);
        if (url != null && repository != null) {
            int urlLevel = defaults.level(line, DB_URL);
            int repositoryLevel = defaults.level(line, DB_REPOSITORY);
            if (urlLevel == repositoryLevel) {
                throw new IllegalArgumentException("--db-url and --db-repository name two sources; set one");
            }
            if (urlLevel > repositoryLevel) {
                repository = null;
            } else {
                url = null;
            }
        }
        ImageReference reference = null;
        if (repository != null && !repository.isBlank()) {
            try {
                reference = ImageReference.parse(repository.trim());
            } catch (BadInputException e) {
                throw new IllegalArgumentException("--db-repository: " + e.getMessage());
            }
        }
        URI uri = null;
        if (url != null && !url.isBlank()) {
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--db-url: '" + url + "' is not a URL");
            }
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new IllegalArgumentException("--db-url: '" + url + "' is not an absolute http(s) URL");
            }
        }
        return new DatabaseSettings(dir == null ? DatabaseCache.defaultRoot(defaults.env()) : Path.of(dir), uri,
                maxAge == null ? DatabaseSettings.DEFAULT_MAX_AGE : maxAge(maxAge),
                defaults.flag(line, OFFLINE) || defaults.flag(line, SKIP_DB_UPDATE), defaults.flag(line, ALLOW_HTTP),
                reference);
    }

    private static Duration maxAge(String value) {
        try {
            return ScanCommand.duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--db-max-age: '" + value + "' is not a duration such as 90s, 45m or"
                    + " 24h");
        }
    }
}
