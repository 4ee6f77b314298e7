package dev.imagescan.cli.db;

import dev.imagescan.vulndb.osv.RedirectGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a published database artifact over HTTPS. The configured URL is either a deployment's pointer,
 * {@code …/vulndb/current} (whose text is the artifact's key, {@code vulndb/sha256:HEX/vulndb.bin}, relative to the
 * bucket root, docs/storage.md), or an artifact's own URL; the version is the {@code sha256:HEX} in the key or URL,
 * and the artifact must have exactly that digest. Plain {@code http} only when allowed (a local mirror); redirects as
 * {@link RedirectGuard} allows them; bounded in size and time.
 */
public final class ArtifactDownload {
    private static final int MAX_POINTER_BYTES = 4096;
    private static final Pattern KEY = Pattern.compile("(?:[A-Za-z0-9._-]+/)*(sha256:[0-9a-f]{64})/[A-Za-z0-9._-]+");
    private static final Pattern VERSION_IN_PATH = Pattern.compile("/(sha256:[0-9a-f]{64})/");

    /**
     * @param allowHttp      allow plain http (a mirror on the local network)
     * @param connectTimeout the most a connection may take
     * @param timeout        the most one download may take, whole
     * @param maxBytes       the largest artifact accepted
     */
    public record Settings(boolean allowHttp, Duration connectTimeout, Duration timeout, long maxBytes) {
        /** https only, 10 s to connect, 10 min and 1 GiB per download. */
        public static Settings defaults(boolean allowHttp) {
            return new Settings(allowHttp, Duration.ofSeconds(10), Duration.ofMinutes(10), 1L << 30);
        }
    }

    /** Where an artifact is, and the version its source announces (null when it announces none). */
    public record Located(URI artifact, String version) {}

    private final Settings settings;
    private final HttpClient client;

    public ArtifactDownload(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Resolves {@code url}: reads the pointer when it is one, else takes it as the artifact's URL. */
    public Located locate(URI url) throws IOException {
        checkScheme(url);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!path.endsWith("/current")) {
            Matcher m = VERSION_IN_PATH.matcher(URLDecoder.decode(path, StandardCharsets.UTF_8));
            return new Located(url, m.find() ? m.group(1) : null);
        }
        Path temp = Files.createTempFile("imagescan-pointer-", ".txt");
        try {
            fetch(url, temp, MAX_POINTER_BYTES);
            String key = Files.readString(temp, StandardCharsets.UTF_8).strip();
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new IOException(name(url) + ": expected an artifact key such as"
                        + " vulndb/sha256:<64 hex>/vulndb.bin,"
                        + " found '" + (key.length() > 80 ? key.substring(0, 80) + "…" : key) + "'");
            }
            URI base = path.endsWith("/vulndb/current") ? url.resolve("..") : url.resolve(".");
            return new Located(base.resolve(key.replace(":", "%3A")), m.group(1));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Downloads {@code url} into {@code to}, at most {@link Settings#maxBytes()}. */
    public void download(URI url, Path to) throws IOException {
        download(url, to, null);
    }

    /** Downloads {@code url} into {@code to}, showing {@code progress} (null: none) as it goes. */
    public void download(URI url, Path to, DownloadProgress progress) throws IOException {
        checkScheme(url);
        try {
            fetch(url, to, settings.maxBytes(), progress);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    private void fetch(URI url, Path to, long maxBytes) throws IOException {
        fetch(url, to, maxBytes, null);
    }

    private void fetch(URI url, Path to, long maxBytes, DownloadProgress progress) throws IOException {
        URI target = url;
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = send(target, deadline);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (RedirectGuard.isRedirect(status)) {
                    if (hop == RedirectGuard.MAX_REDIRECTS) {
                        throw new IOException(name(url) + ": more than " + RedirectGuard.MAX_REDIRECTS + " redirects");
                    }
                    target = RedirectGuard.next(url, target, response.headers().firstValue("Location").orElse(null),
                            settings.allowHttp(), name(url));
                    continue;
                }
                if (status != 200) {
                    throw new IOException(name(url) + ": HTTP status " + status + " (expected 200)");
                }
                copy(body, to, maxBytes, deadline, url, progress,
                        response.headers().firstValueAsLong("Content-Length").orElse(-1));
                return;
            }
        }
    }

    private HttpResponse<InputStream> send(URI target, long deadline) throws IOException {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofMillis(left)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name(target) + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException(name(target) + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), e);
        }
    }

    /** Copies the body, stopping past {@code maxBytes} or the deadline (the stream is closed under a stalled read). */
    private void copy(InputStream body, Path to, long maxBytes, long deadline, URI url, DownloadProgress progress,
            long length) throws IOException {
        Timer timer = new Timer("imagescan-download-deadline", true);
        boolean[] late = {false};
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                late[0] = true;
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reader fails on the closed stream, and says why below
                }
            }
        }, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try (OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(name(url) + ": larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
                if (progress != null) {
                    progress.update(total, length, System.nanoTime() / 1_000_000);
                }
            }
        } catch (IOException e) {
            if (late[0]) {
                throw new IOException(name(url) + ": download took longer than " + settings.timeout().toSeconds()
                        + " s", e);
            }
            throw e;
        } finally {
            timer.cancel();
        }
    }

    private void checkScheme(URI url) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!(scheme.equals("https") || scheme.equals("http") && settings.allowHttp())) {
            throw new IOException(name(url) + ": only https URLs are used" + (scheme.equals("http")
                    ? " (plain http with --allow-http, for a local mirror)" : ""));
        }
    }

    /** The URL without user information, query or fragment (presigned URLs carry credentials there). */
    static String name(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
