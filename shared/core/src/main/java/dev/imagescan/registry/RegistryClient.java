package dev.imagescan.registry;

import dev.imagescan.image.Digest;
import dev.imagescan.image.IndexEntries;
import dev.imagescan.image.ManifestImages;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.json.DescriptorTemplate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for reading images from registries: one HTTP sender ({@link UrlConnectionSender}: http and https
 * through the JDK's {@code HttpURLConnection}, the TLS context built on the first https request; redirects followed
 * by the client's own rules, not the JDK's), the options, and the count of bytes fetched. Thread-safe; close it when
 * done.
 *
 * <pre>{@code
 * try (RegistryClient registries = new RegistryClient(RegistryOptions.defaults())) {
 *     Inventory inventory = new ImageScanner(options).scan(registries.image(ImageReference.parse("alpine:3.20")));
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryOptions options;
    private final UrlConnectionSender http;
    private final FetchCounter counter = new FetchCounter();
    private final ConnectionGuard guard;

    public RegistryClient(RegistryOptions options) {
        this(options, ConnectionGuard.NONE);
    }

    /**
     * A client that asks {@code guard} before every connection it makes (to the registry, its token service, and
     * wherever a redirect leads): the services' allow-list ({@link RegistryAllowList}).
     */
    public RegistryClient(RegistryOptions options, ConnectionGuard guard) {
        this(options, guard, new UrlConnectionSender(options.connectTimeout(), options.readTimeout()));
    }

    /** A client sending through {@code http} (tests: a TLS context trusting a test registry's certificate). */
    RegistryClient(RegistryOptions options, ConnectionGuard guard, UrlConnectionSender http) {
        this.options = options;
        this.guard = guard;
        this.http = http;
    }

    /** The image {@code reference} names, to give to the scanner. */
    public RegistryImageSource image(ImageReference reference) {
        return new RegistryImageSource(reference, this);
    }

    /** The artifact {@code reference} names (not an image: e.g. the vulnerability database), to fetch its files. */
    public RegistryArtifact artifact(ImageReference reference) {
        return new RegistryArtifact(reference, this);
    }

    /**
     * The image {@code reference} names, read from the registry API at {@code endpoint} ({@code host[:port]}): the
     * endpoint a registry's login names (ECR's {@code proxyEndpoint}). Reports and messages keep the reference's
     * name; requests and credentials go to the endpoint.
     */
    public RegistryImageSource image(ImageReference reference, String endpoint) {
        return new RegistryImageSource(reference, new ImageReference(endpoint, reference.repository(),
                reference.tag(), reference.digest()), this);
    }

    /**
     * The first {@code max} tags of {@code repository} (its registry and repository; tag and digest ignored), in the
     * registry's order, read from the tags list API page by page.
     *
     * @throws RegistryException when the registry refuses (401, 403, 404)
     */
    public List<String> tags(ImageReference repository, int max) throws IOException {
        return new RepositoryTags(transport(repository), repository, counter).list(max);
    }

    /**
     * The digest of the manifest (or index) {@code reference}'s tag names, from a HEAD request: no manifest body is
     * fetched.
     */
    public Digest manifestDigest(ImageReference reference) throws IOException {
        if (reference.digest() != null) {
            return reference.digest();
        }
        return new RepositoryTags(transport(reference), reference, counter).digest(reference.tag());
    }

    /**
     * The digest {@code reference} names now: one manifest GET by tag (or by digest, which is then checked), no
     * config or layer. For an index, the image manifests it lists come too (entries whose media type is not an image
     * manifest, and attestation manifests, left out), so a caller can look each platform up.
     *
     * @throws RegistryException when the registry refuses or does not know the reference
     */
    public ResolvedReference resolve(ImageReference reference) throws IOException {
        ManifestFetcher manifests = new ManifestFetcher(transport(reference), reference, counter);
        FetchedManifest fetched = manifests.fetch(reference.manifestReference());
        List<Digest> listed = new ArrayList<>();
        if (MediaTypes.isIndex(fetched.mediaType())) {
            String what = reference + " index " + fetched.digest().shortForm();
            List<DescriptorTemplate> entries = ManifestImages.index(fetched.bytes(), what).manifests();
            for (DescriptorTemplate d : entries == null ? List.<DescriptorTemplate>of() : entries) {
                if (d.digest() != null && (d.mediaType() == null || MediaTypes.isManifest(d.mediaType()))
                        && !IndexEntries.isAttestation(d)) {
                    listed.add(Digest.parse(d.digest()));
                }
            }
        }
        return new ResolvedReference(fetched.digest(), fetched.mediaType(), listed);
    }

    /** What was fetched so far, over every image read through this client. */
    public FetchCounter fetched() {
        return counter;
    }

    RegistryTransport transport(ImageReference reference) {
        return new RegistryTransport(http, options, reference, RegistryClient::sleep, guard);
    }

    FetchCounter counter() {
        return counter;
    }

    /** Whether the TLS context was built: never, for a plain-http registry. */
    boolean tlsStarted() {
        return http.tlsStarted();
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    @Override
    public void close() {
        // kept-alive connections are the JDK's pool's, closed by it when idle
    }
}
