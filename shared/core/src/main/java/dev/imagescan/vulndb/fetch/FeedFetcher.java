package dev.imagescan.vulndb.fetch;

import dev.imagescan.vulndb.osv.RedirectGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads one feed document over https (plain http only where the limits allow it, for a local mirror), the way
 * every advisory source shares: redirects checked hop by hop by {@link RedirectGuard} (the feed's own host, or public
 * https addresses; at most {@value RedirectGuard#MAX_REDIRECTS}), a connect timeout, a deadline for the whole download
 * (a stalled body is cut at it) and a size cap; any status but 200 (or 304) is an error naming the URL and the status,
 * and a body shorter than its {@code Content-Length} is an error too.
 *
 * <p>With a cache directory the fetch is conditional: the body of the last 200 is kept there with its {@code ETag}
 * and {@code Last-Modified}, the next request sends {@code If-None-Match} and {@code If-Modified-Since}, and a
 * {@code 304 Not Modified} reuses the kept body without downloading it again. A body is moved into the cache only
 * once complete, so a failed download leaves the previous one in place.
 */
public final class FeedFetcher {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-download-deadline");
        t.setDaemon(true);
        return t;
    });

    private final FetchLimits limits;
    private final Path cache;

    /**
     * @param limits the bounds of each download
     * @param cache  where bodies and their validators are kept for conditional requests; null: every fetch downloads
     */
    public FeedFetcher(FetchLimits limits, Path cache) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.cache = cache;
    }

    public FetchLimits limits() {
        return limits;
    }

    /**
     * This fetcher with plain http allowed (the same bounds and cache): for a source that knows a host of its
     * official feed is served over plain http only (Amazon Linux 1's repository), and checks the host itself.
     */
    public FeedFetcher allowingPlainHttp() {
        return limits.plainHttp() ? this : new FeedFetcher(limits.withPlainHttp(true), cache);
    }

    /** This fetcher with other bounds (the same cache): a source whose feed calls for tighter ones. */
    public FeedFetcher withLimits(FetchLimits other) {
        return new FeedFetcher(other, cache);
    }

    /**
     * Asks {@code uri} with {@code HEAD} for its validators, downloading no body: for a server that makes its
     * document anew for every {@code GET} and never answers {@code 304} (cgit's snapshots, whose ETag is the commit),
     * the cheap way to learn whether it changed. Redirects, the plain-http rule and the deadline are those of
     * {@link #fetch}; any final status but 200 is an error naming the URL. The result has no file.
     */
    public Fetched head(URI uri) throws IOException {
        String name = name(uri);
        checkScheme(uri, name);
        HttpClient client = HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        long deadline = System.nanoTime() + limits.downloadTimeout().toNanos();
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(left(deadline, name))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<InputStream> response = send(client, request, name);
            response.body().close();
            int status = response.statusCode();
            if (RedirectGuard.isRedirect(status)) {
                if (hop == RedirectGuard.MAX_REDIRECTS) {
                    throw new IOException(name + ": more than " + RedirectGuard.MAX_REDIRECTS + " redirects");
                }
                target = RedirectGuard.next(uri, target, response.headers().firstValue("Location").orElse(null),
                        limits.plainHttp(), name);
                continue;
            }
            if (status != 200) {
                throw new IOException(name + ": HTTP status " + status + " (expected 200)");
            }
            return new Fetched(null, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), false, false);
        }
    }

    private void checkScheme(URI uri, String name) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(limits.plainHttp() && scheme.equals("http"))) {
            throw new IOException(name + ": plain http is refused; use https (plain http is for a local mirror,"
                    + " when allowed)");
        }
    }

    /**
     * What one fetch gave.
     *
     * @param file        the body (in the cache, or a temporary file the caller deletes when {@code temporary}); null
     *                    only for a {@link #check} answered 304 with no body kept
     * @param etag        the server's {@code ETag}; null when none
     * @param lastModified the server's {@code Last-Modified}; null when none
     * @param notModified whether the server answered 304 and the cached body was reused
     * @param temporary   whether {@code file} is the caller's to delete
     */
    public record Fetched(Path file, String etag, String lastModified, boolean notModified, boolean temporary) {
        /** The version of the data as the server names it: its ETag, else its last-modified time; null when none. */
        public String validator() {
            return etag != null ? "etag:" + etag : lastModified != null ? "last-modified:" + lastModified : null;
        }
    }

    /** The URL without user information, query or fragment: what messages and database records name. */
    public static String name(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Fetches {@code uri}; see the class description. */
    public Fetched fetch(URI uri) throws IOException {
        return fetch(uri, false);
    }

    /**
     * Asks whether {@code uri} changed since the validators the cache holds for it, even when the cache holds no body
     * (validators kept from an earlier run elsewhere, {@link #validators()}): a {@code 304} then gives a
     * {@link Fetched} with no file, {@code notModified} and the known validators; a {@code 200} downloads the body
     * into the cache as {@link #fetch} does.
     */
    public Fetched check(URI uri) throws IOException {
        return fetch(uri, true);
    }

    /**
     * The validators the cache holds, by cache file name ({@code <sha-256 of the URL>.properties}, as
     * {@link Properties} text): what a later run, with another cache directory, gives
     * {@link #restoreValidators} so that {@link #check} can ask conditionally without any body kept. Empty without
     * a cache.
     */
    public Map<String, String> validators() throws IOException {
        Map<String, String> all = new TreeMap<>();
        if (cache == null || !Files.isDirectory(cache)) {
            return all;
        }
        try (Stream<Path> files = Files.list(cache)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.properties"))
                    .toList()) {
                all.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    /** Writes validators {@link #validators()} gave into this fetcher's cache (entries of another form ignored). */
    public void restoreValidators(Map<String, String> validators) throws IOException {
        if (cache == null) {
            return;
        }
        Files.createDirectories(cache);
        for (Map.Entry<String, String> e : validators.entrySet()) {
            if (e.getKey().matches("[0-9a-f]{64}\\.properties")) {
                Files.writeString(cache.resolve(e.getKey()), e.getValue(), StandardCharsets.ISO_8859_1);
            }
        }
    }

    private Fetched fetch(URI uri, boolean check) throws IOException {
        String name = name(uri);
        checkScheme(uri, name);
        Path body = null;
        Path meta = null;
        Properties known = new Properties();
        if (cache != null) {
            Files.createDirectories(cache);
            String key = sha256Hex(name.getBytes(StandardCharsets.UTF_8));
            body = cache.resolve(key + ".body");
            meta = cache.resolve(key + ".properties");
            if ((check || Files.isRegularFile(body)) && Files.isRegularFile(meta)) {
                try (InputStream in = Files.newInputStream(meta)) {
                    known.load(in);
                }
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        long deadline = System.nanoTime() + limits.downloadTimeout().toNanos();
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(left(deadline, name)).GET();
            if (known.getProperty("etag") != null) {
                request.header("If-None-Match", known.getProperty("etag"));
            }
            if (known.getProperty("last-modified") != null) {
                request.header("If-Modified-Since", known.getProperty("last-modified"));
            }
            HttpResponse<InputStream> response = send(client, request.build(), name);
            int status = response.statusCode();
            if (RedirectGuard.isRedirect(status)) {
                response.body().close();
                if (hop == RedirectGuard.MAX_REDIRECTS) {
                    throw new IOException(name + ": more than " + RedirectGuard.MAX_REDIRECTS + " redirects");
                }
                target = RedirectGuard.next(uri, target, response.headers().firstValue("Location").orElse(null),
                        limits.plainHttp(), name);
                continue;
            }
            if (status == 304 && body != null && !known.isEmpty()) {
                response.body().close();
                return new Fetched(Files.isRegularFile(body) ? body : null, known.getProperty("etag"),
                        known.getProperty("last-modified"), true, false);
            }
            if (status != 200) {
                response.body().close();
                throw new IOException(name + ": HTTP status " + status + " (expected 200)");
            }
            String etag = response.headers().firstValue("ETag").orElse(null);
            String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
            Path temp = Files.createTempFile(cache != null ? cache : Path.of(System.getProperty("java.io.tmpdir")),
                    "feed-", ".download");
            try {
                long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                long got = copy(response.body(), temp, deadline, name);
                if (expected >= 0 && got != expected) {
                    throw new IOException(name + ": truncated download: " + got + " of " + expected + " bytes");
                }
                if (body == null) {
                    Path kept = temp;
                    temp = null;
                    return new Fetched(kept, etag, lastModified, false, true);
                }
                Files.move(temp, body, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
                Properties validators = new Properties();
                if (etag != null) {
                    validators.setProperty("etag", etag);
                }
                if (lastModified != null) {
                    validators.setProperty("last-modified", lastModified);
                }
                try (OutputStream out = Files.newOutputStream(meta)) {
                    validators.store(out, name);
                }
                return new Fetched(body, etag, lastModified, false, false);
            } finally {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    private HttpResponse<InputStream> send(HttpClient client, HttpRequest request, String name) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": download interrupted", e);
        } catch (IOException e) {
            throw new IOException(name + ": download failed: " + message(e), e);
        }
    }

    /** Copies the body up to the size cap, closing it at the deadline so that a stalled server cannot hold us. */
    private long copy(InputStream in, Path temp, long deadline, String name) throws IOException {
        boolean[] late = new boolean[1];
        ScheduledFuture<?> cut = WATCHDOG.schedule(() -> {
            late[0] = true;
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long total = 0;
        try (in; OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limits.maxDownloadBytes()) {
                    throw new IOException(name + ": larger than " + limits.maxDownloadBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (late[0]) {
                throw new IOException(name + ": download took longer than " + seconds(limits.downloadTimeout()), e);
            }
            if (e.getMessage() != null && e.getMessage().startsWith(name + ": ")) {
                throw e;
            }
            throw new IOException(name + ": download failed: " + message(e), e);
        } finally {
            cut.cancel(false);
        }
        return total;
    }

    private Duration left(long deadline, String name) throws IOException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new IOException(name + ": download took longer than " + seconds(limits.downloadTimeout()));
        }
        return Duration.ofNanos(nanos);
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
