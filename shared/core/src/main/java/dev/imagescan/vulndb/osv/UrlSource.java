package dev.imagescan.vulndb.osv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@code https://} (or, where allowed, {@code http://}) URL of an OSV zip or JSON document: downloaded with the
 * JDK's HTTP client, following only the redirects {@link RedirectGuard} allows, into a temporary
 * file (deleted afterwards), then read as a zip when it starts like one ({@code PK\3\4}, {@code PK\5\6}) and as one
 * JSON document otherwise. Bounded: a connect timeout, a deadline for the whole download and a size cap; any status
 * but 200 is an error naming the URL and the status.
 */
final class UrlSource implements DocumentSource {
    private final URI uri;
    private final OsvLimits limits;

    UrlSource(URI uri, OsvLimits limits) {
        this.uri = uri;
        this.limits = limits;
    }

    /** The URL without user information, query or fragment: presigned URLs carry credentials there. */
    @Override
    public String name() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** {@code location} for a message: up to its query or fragment, and without user information. */
    static String withoutCredentials(String location) {
        String cut = location.split("[?#]", 2)[0];
        int scheme = cut.indexOf("://");
        int at = cut.indexOf('@', scheme + 3);
        int slash = cut.indexOf('/', scheme + 3);
        return at > 0 && (slash < 0 || at < slash) ? cut.substring(0, scheme + 3) + cut.substring(at + 1) : cut;
    }

    @Override
    public void read(DocumentSink sink) throws IOException {
        Path temp = Files.createTempFile("imagescan-osv-", ".download");
        try {
            download(temp);
            if (Documents.startsLikeZip(temp)) {
                new ZipSource(temp, name(), limits).read(sink);
            } else {
                new JsonFileSource(temp, name(), limits).read(sink);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void download(Path temp) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // each hop is checked (RedirectGuard) before it is taken
                .build();
        long deadline = System.nanoTime() + limits.downloadTimeout().toNanos();
        URI target = uri;
        HttpResponse<Path> response = null;
        for (int hop = 0; ; hop++) {
            response = fetch(client, target, temp, deadline);
            if (!RedirectGuard.isRedirect(response.statusCode())) {
                break;
            }
            if (hop == RedirectGuard.MAX_REDIRECTS) {
                throw new IOException(name() + ": more than " + RedirectGuard.MAX_REDIRECTS + " redirects");
            }
            target = RedirectGuard.next(uri, target, response.headers().firstValue("Location").orElse(null),
                    limits.plainHttp(), name());
        }
        if (response.statusCode() != 200) {
            throw new IOException(name() + ": HTTP status " + response.statusCode() + " (expected 200)");
        }
    }


    /** One request; a redirect's body is discarded, a 200's is written to {@code temp} up to the size cap. */
    private HttpResponse<Path> fetch(HttpClient client, URI target, Path temp, long deadline) throws IOException {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofMillis(left)).GET().build();
        CompletableFuture<HttpResponse<Path>> future = client.sendAsync(request,
                info -> info.statusCode() == 200 ? new CappedFileSubscriber(temp, limits.maxDownloadBytes())
                        : HttpResponse.BodySubscribers.replacing(temp));
        try {
            return future.get(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            Duration limit = limits.downloadTimeout();
            throw new IOException(name() + ": download took longer than " + (limit.toMillis() < 1000
                    ? limit.toMillis() + " ms" : limit.toSeconds() + " s"), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException(name() + ": download interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OsvFormatException f) {
                throw new OsvFormatException(f.getMessage(), f);
            }
            String why = cause instanceof HttpTimeoutException ? "timed out"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new IOException(name() + ": download failed: " + why, cause);
        }
    }

    /** Writes the body to a file like {@code BodySubscribers.ofFile}, but stops past a size cap. */
    private final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Path> {
        private final HttpResponse.BodySubscriber<Path> file;
        private final long cap;
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        CappedFileSubscriber(Path path, long cap) {
            this.file = HttpResponse.BodySubscribers.ofFile(path);
            this.cap = cap;
        }

        @Override
        public CompletionStage<Path> getBody() {
            return file.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            file.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
            }
            if (received > cap) {
                failed = true;
                subscription.cancel();
                file.onError(new OsvFormatException(name() + ": larger than " + cap + " bytes"));
                return;
            }
            file.onNext(items);
        }

        @Override
        public void onError(Throwable t) {
            if (!failed) {
                file.onError(t);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                file.onComplete();
            }
        }
    }
}
