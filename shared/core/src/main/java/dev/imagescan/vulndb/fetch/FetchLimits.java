package dev.imagescan.vulndb.fetch;

import java.time.Duration;

/**
 * The bounds of one feed download and read.
 *
 * @param connectTimeout  to connect
 * @param downloadTimeout for the whole download, redirects included
 * @param maxDownloadBytes the largest body downloaded
 * @param maxReadBytes    the most bytes read from a feed after decompression (a gzip bomb stops here)
 * @param plainHttp       whether plain {@code http://} is allowed (a local mirror); https only otherwise
 */
public record FetchLimits(Duration connectTimeout, Duration downloadTimeout, long maxDownloadBytes,
        long maxReadBytes, boolean plainHttp) {
    /** 30 s to connect, 30 minutes and 4 GiB per download, 16 GiB read. */
    public static final FetchLimits DEFAULT = new FetchLimits(Duration.ofSeconds(30), Duration.ofMinutes(30),
            4L << 30, 16L << 30, false);

    public FetchLimits {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || downloadTimeout.isNegative()
                || downloadTimeout.isZero() || maxDownloadBytes <= 0 || maxReadBytes <= 0) {
            throw new IllegalArgumentException("fetch limits must be positive");
        }
    }

    public FetchLimits withPlainHttp(boolean allowed) {
        return new FetchLimits(connectTimeout, downloadTimeout, maxDownloadBytes, maxReadBytes, allowed);
    }

    public FetchLimits withTimeouts(Duration connect, Duration download) {
        return new FetchLimits(connect, download, maxDownloadBytes, maxReadBytes, plainHttp);
    }

    public FetchLimits withMaxDownloadBytes(long bytes) {
        return new FetchLimits(connectTimeout, downloadTimeout, bytes, maxReadBytes, plainHttp);
    }

    public FetchLimits withMaxReadBytes(long bytes) {
        return new FetchLimits(connectTimeout, downloadTimeout, maxDownloadBytes, bytes, plainHttp);
    }
}
