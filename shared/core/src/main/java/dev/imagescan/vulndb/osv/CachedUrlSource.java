package dev.imagescan.vulndb.osv;

import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FetchLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An http(s) URL of an OSV zip or JSON document downloaded through a {@link FeedFetcher} with a cache, the way the
 * other feeds are: conditionally ({@code If-None-Match}, {@code If-Modified-Since} with the validators the cache
 * holds), so that an unchanged {@code all.zip} (npm's is hundreds of MB) is asked about, not downloaded again.
 * The fetcher keeps {@link UrlSource}'s bounds: {@link RedirectGuard}'s redirects, the connect timeout, the deadline
 * for the whole download, the size cap and plain http only where the limits allow it; messages name the URL without
 * user information, query or fragment.
 *
 * <p>Its version is the server's validator (ETag, else Last-Modified) when it gives one, which {@link #probe} finds
 * with one conditional request; otherwise {@link OsvSource} hashes the documents read.
 */
final class CachedUrlSource implements DocumentSource {
    private final URI uri;
    private final OsvLimits limits;
    private final FeedFetcher fetcher;
    private FeedFetcher.Fetched probed;
    private String validator;

    /**
     * @param cache where the fetcher keeps the last body and its validators ({@code FeedFetcher}'s cache)
     */
    CachedUrlSource(URI uri, OsvLimits limits, Path cache) {
        this.uri = uri;
        this.limits = limits;
        this.fetcher = new FeedFetcher(fetchLimits(limits), cache);
    }

    /** The download bounds of {@code limits} as a fetcher's ({@link OsvLimits} bounds the read after it). */
    static FetchLimits fetchLimits(OsvLimits limits) {
        return FetchLimits.DEFAULT.withPlainHttp(limits.plainHttp())
                .withTimeouts(limits.connectTimeout(), limits.downloadTimeout())
                .withMaxDownloadBytes(limits.maxDownloadBytes());
    }

    @Override
    public String name() {
        return FeedFetcher.name(uri);
    }

    /**
     * The server's validator now, asked conditionally: a 304 downloads nothing; a 200 leaves the body in the cache
     * for the {@link #read} that follows, so it is downloaded once. Empty when the server gives no validator.
     */
    @Override
    public Optional<String> probe() throws IOException {
        FeedFetcher.Fetched f = fetcher.check(uri);
        if (f.file() != null) {
            probed = f;
        }
        return Optional.ofNullable(f.validator());
    }

    @Override
    public void read(DocumentSink sink) throws IOException {
        FeedFetcher.Fetched f = probed != null ? probed : fetcher.fetch(uri);
        probed = null;
        try {
            Path file = f.file();
            if (Documents.startsLikeZip(file)) {
                new ZipSource(file, name(), limits).read(sink);
            } else {
                new JsonFileSource(file, name(), limits).read(sink);
            }
            validator = f.validator();
        } finally {
            if (f.temporary()) {
                Files.deleteIfExists(f.file());
            }
        }
    }

    @Override
    public String readVersion() {
        return validator;
    }
}
