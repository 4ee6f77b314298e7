package dev.imagescan.vulndb.osv;

import java.time.Duration;

/**
 * The bounds an import keeps to, whatever its sources hold.
 *
 * @param maxDocumentBytes  the largest single JSON document (a record file or archive entry, uncompressed)
 * @param maxArchiveEntries the most entries a zip archive may have (every entry counts, not only {@code *.json})
 * @param maxArchiveBytes   the most bytes a zip archive may inflate to in total, counted as they are read
 * @param maxDownloadBytes  the largest download from a URL
 * @param connectTimeout    how long to wait for a connection to a URL's host
 * @param downloadTimeout   how long a download may take from request to its last byte
 * @param plainHttp         whether {@code http://} URLs may be read (a local mirror, tests); https only otherwise
 */
public record OsvLimits(long maxDocumentBytes, long maxArchiveEntries, long maxArchiveBytes, long maxDownloadBytes,
        Duration connectTimeout, Duration downloadTimeout, boolean plainHttp) {

    /**
     * 16 MiB documents; 2,000,000 entries and 16 GiB inflated per archive; 4 GiB downloads within 30 minutes; https
     * only.
     */
    public static final OsvLimits DEFAULT = new OsvLimits(16L << 20, 2_000_000, 16L << 30, 4L << 30,
            Duration.ofSeconds(30), Duration.ofMinutes(30), false);

    public OsvLimits {
        if (maxDocumentBytes <= 0 || maxDocumentBytes > Integer.MAX_VALUE - 8 || maxArchiveEntries <= 0
                || maxArchiveBytes <= 0 || maxDownloadBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive (and a document below 2 GiB)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || downloadTimeout.isNegative()
                || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public OsvLimits withMaxDocumentBytes(long bytes) {
        return new OsvLimits(bytes, maxArchiveEntries, maxArchiveBytes, maxDownloadBytes, connectTimeout,
                downloadTimeout, plainHttp);
    }

    public OsvLimits withMaxArchiveEntries(long entries) {
        return new OsvLimits(maxDocumentBytes, entries, maxArchiveBytes, maxDownloadBytes, connectTimeout,
                downloadTimeout, plainHttp);
    }

    public OsvLimits withMaxArchiveBytes(long bytes) {
        return new OsvLimits(maxDocumentBytes, maxArchiveEntries, bytes, maxDownloadBytes, connectTimeout,
                downloadTimeout, plainHttp);
    }

    public OsvLimits withMaxDownloadBytes(long bytes) {
        return new OsvLimits(maxDocumentBytes, maxArchiveEntries, maxArchiveBytes, bytes, connectTimeout,
                downloadTimeout, plainHttp);
    }

    public OsvLimits withTimeouts(Duration connect, Duration download) {
        return new OsvLimits(maxDocumentBytes, maxArchiveEntries, maxArchiveBytes, maxDownloadBytes, connect,
                download, plainHttp);
    }

    /** These limits, reading {@code http://} URLs too when {@code allowed} (a local mirror or a test server). */
    public OsvLimits withPlainHttp(boolean allowed) {
        return new OsvLimits(maxDocumentBytes, maxArchiveEntries, maxArchiveBytes, maxDownloadBytes, connectTimeout,
                downloadTimeout, allowed);
    }
}
