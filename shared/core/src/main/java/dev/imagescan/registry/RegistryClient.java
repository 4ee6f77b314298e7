package dev.imagescan.registry;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The entry point for reading images from registries: one HTTP client (redirects are followed by the client's own
 * rules, not the JDK's), the options, and the count of bytes fetched. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (RegistryClient registries = new RegistryClient(RegistryOptions.defaults())) {
 *     Inventory inventory = new ImageScanner(options).scan(registries.image(ImageReference.parse("alpine:3.20")));
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryOptions options;
    private final HttpClient http;
    private final FetchCounter counter = new FetchCounter();

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The image {@code reference} names, to give to the scanner. */
    public RegistryImageSource image(ImageReference reference) {
        return new RegistryImageSource(reference, this);
    }

    /** The artifact {@code reference} names (not an image: e.g. the vulnerability database), to fetch its files. */
    public RegistryArtifact artifact(ImageReference reference) {
        return new RegistryArtifact(reference, this);
    }

    /** What was fetched so far, over every image read through this client. */
    public FetchCounter fetched() {
        return counter;
    }

    RegistryTransport transport(ImageReference reference) {
        return new RegistryTransport(http, options, reference, RegistryClient::sleep);
    }

    FetchCounter counter() {
        return counter;
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    @Override
    public void close() {
        // the JDK 17 client has no close; its threads end when it is no longer reachable
    }
}
