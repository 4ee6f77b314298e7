package dev.imagescan.vulndb.fetch;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * One feed document a source reads, wherever it is: an http(s) URL (fetched by a {@link FeedFetcher}, conditionally
 * when it keeps a cache) or a local file. Its stream is the document's bytes, gunzipped when they start like gzip
 * ({@code .json.gz}, {@code .csv.gz}), and never more than {@link FetchLimits#maxReadBytes()} of them. Its version is
 * the server's validator (ETag, else Last-Modified) when there is one, else {@code sha256:} of the file's bytes.
 */
public final class FeedInput implements Closeable {
    private final String name;
    private final Path file;
    private final boolean temporary;
    private final String validator;
    private final boolean notModified;
    private final String lastModified;
    private final long maxReadBytes;
    private InputStream opened;

    private FeedInput(String name, Path file, boolean temporary, String validator, boolean notModified,
            String lastModified, long maxReadBytes) {
        this.lastModified = lastModified;
        this.name = name;
        this.file = file;
        this.temporary = temporary;
        this.validator = validator;
        this.notModified = notModified;
        this.maxReadBytes = maxReadBytes;
    }

    /**
     * The document at {@code location}: {@code https://} (and {@code http://} where allowed) is fetched, anything
     * else is a local file.
     *
     * @throws NoSuchFileException when a local file does not exist
     */
    public static FeedInput open(String location, FeedFetcher fetcher) throws IOException {
        URI uri = uri(location);
        if (uri != null) {
            FeedFetcher.Fetched f = fetcher.fetch(uri);
            return new FeedInput(FeedFetcher.name(uri), f.file(), f.temporary(), f.validator(), f.notModified(),
                    f.lastModified(), fetcher.limits().maxReadBytes());
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(location, null, "no such file");
        }
        return new FeedInput(path.getFileName().toString(), path, false, null, false, null,
                fetcher.limits().maxReadBytes());
    }

    /**
     * The version the document at {@code location} has now, as {@link #version()} of an input opened on it would say,
     * found as cheaply as can be: a URL is asked conditionally with the validators the fetcher's cache holds
     * ({@link FeedFetcher#check}; a 304 downloads nothing, a 200 leaves the body in the cache for the read that
     * follows), a local file is hashed.
     */
    public static String probeVersion(String location, FeedFetcher fetcher) throws IOException {
        URI uri = uri(location);
        if (uri != null) {
            FeedFetcher.Fetched f = fetcher.check(uri);
            if (f.file() == null) {
                return f.validator();
            }
            try (FeedInput in = new FeedInput(FeedFetcher.name(uri), f.file(), f.temporary(), f.validator(),
                    f.notModified(), f.lastModified(), fetcher.limits().maxReadBytes())) {
                return in.version();
            }
        }
        try (FeedInput in = open(location, fetcher)) {
            return in.version();
        }
    }

    /** The URL {@code location} is, or null for a local file. */
    private static URI uri(String location) throws IOException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new IOException(location.split("[?#]", 2)[0] + ": not a valid URL (" + e.getReason() + ")", e);
        }
        if (uri.getHost() == null) {
            throw new IOException(FeedFetcher.name(uri) + ": not a URL with a host");
        }
        return uri;
    }

    /** The file's own name, or the URL without user information, query or fragment. */
    public String name() {
        return name;
    }

    /**
     * When the server says the document last changed ({@code Last-Modified}); empty for a local file or a server
     * that does not say, or says it in another form than RFC 1123.
     */
    public Optional<Instant> lastModified() {
        if (lastModified == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the server said the document has not changed since the cached copy (HTTP 304). */
    public boolean notModified() {
        return notModified;
    }

    /** The document's bytes, gunzipped when gzip, capped; one stream per input, closed with it. */
    public InputStream stream() throws IOException {
        if (opened != null) {
            throw new IllegalStateException("the stream of " + name + " is already open");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        opened = new Capped(body, maxReadBytes, name);
        return opened;
    }

    /** The server's validator, else {@code sha256:} of the file's bytes (as stored: compressed when gzip). */
    public String version() throws IOException {
        if (validator != null) {
            return validator;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(OutputStreamSink.INSTANCE);
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (opened != null) {
                opened.close();
            }
        } finally {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Discards what is written. */
    private static final class OutputStreamSink extends OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    /** Fails past a number of bytes: a decompression bomb or an endless body stops there. */
    private static final class Capped extends FilterInputStream {
        private final long cap;
        private final String name;
        private long read;

        Capped(InputStream in, long cap, String name) {
            super(in);
            this.cap = cap;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > cap) {
                throw new FeedFormatException(name + ": more than " + cap + " bytes once decompressed");
            }
        }
    }
}
