package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Makes an {@link OsvSource} of what a user names: a JSON file, a directory, a zip file, an http(s) URL. */
public final class OsvSources {
    private OsvSources() {}

    /** {@link #of(String, OsvLimits)} with the default limits. */
    public static OsvSource of(String location) throws IOException {
        return of(location, OsvLimits.DEFAULT);
    }

    /**
     * The source at {@code location}: {@code https://} (and {@code http://} where the limits allow plain http) are
     * URLs; anything else is a local path,
     * a directory (every {@code *.json} below it), a zip file (recognised by its first bytes, whatever its name)
     * or one JSON document.
     *
     * @throws NoSuchFileException when a local path does not exist
     * @throws IOException         when a URL is malformed
     */
    public static OsvSource of(String location, OsvLimits limits) throws IOException {
        return of(location, limits, null);
    }

    /**
     * {@link #of(String, OsvLimits)}, a URL downloaded through a cache: conditionally, with the validators kept in
     * {@code cache} ({@code FeedFetcher}'s), so that {@link OsvSource#probe} can tell an unchanged one without
     * downloading it. Local files and directories are read as without a cache.
     *
     * @param cache where the URL's last body and its validators are kept; null: none, every read downloads
     */
    public static OsvSource of(String location, OsvLimits limits, Path cache) throws IOException {
        return new OsvSource(documents(location, limits, cache), limits);
    }

    private static DocumentSource documents(String location, OsvLimits limits, Path cache) throws IOException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (lower.startsWith("http://") && !limits.plainHttp()) {
                throw new OsvFormatException(UrlSource.withoutCredentials(location)
                        + ": plain http is refused; use https (plain http is for a local mirror, when allowed)");
            }
            try {
                URI uri = new URI(location);
                if (uri.getHost() == null) {
                    throw new IOException(location + ": not a URL with a host");
                }
                return cache == null ? new UrlSource(uri, limits) : new CachedUrlSource(uri, limits, cache);
            } catch (URISyntaxException e) {
                throw new IOException(location + ": not a valid URL (" + e.getReason() + ")", e);
            }
        }
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return new DirectorySource(path, limits);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(location, null, "no such file or directory");
        }
        String name = path.getFileName().toString();
        return Documents.startsLikeZip(path) ? new ZipSource(path, name, limits)
                : new JsonFileSource(path, name, limits);
    }
}
