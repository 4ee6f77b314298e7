package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.Platform;
import dev.imagescan.image.PlatformNotFoundException;
import dev.imagescan.image.UnsupportedMediaTypeException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.scan.ScanStats;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.IndexBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.registry.FaultProxy;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.testing.registry.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images read from a real registry (Distribution 2.8, started here on loopback) as the scanner reads archives: the
 * bundled images pushed with skopeo as OCI and as Docker schema 2, a multi-platform index, the layer cache sparing
 * every layer download on a re-scan, a blob corrupted in the registry's storage, and the faults of a proxy in front
 * of the registry. The inventories must equal those of the same images read from their archives.
 */
class RegistryScanTest {
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final RegistryOptions LOCAL = RegistryOptions.defaults().withCredentials(CredentialSource.none())
            .withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2)));

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static Inventory alpineFromArchive;

    @BeforeAll
    static void start() throws IOException {
        RegistryTools.assumeInstalled();
        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("anonymous")));
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:oci", "--format", "oci");
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:v2s2", "--format", "v2s2");
        alpineFromArchive = new ImageScanner(ScanOptions.defaults()).scan(ALPINE);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void ociAndDockerSchema2ManifestsGiveTheArchivesInventory() {
        for (String tag : List.of("oci", "v2s2")) {
            Inventory inventory = scan(registry.host() + "/alpine:" + tag, LOCAL, ScanOptions.defaults());

            assertThat(rows(inventory)).as(tag).isEqualTo(rows(alpineFromArchive)).isNotEmpty();
            assertThat(inventory.image().format()).isEqualTo("registry");
            assertThat(inventory.image().name()).isEqualTo(registry.host() + "/alpine:" + tag);
            assertThat(inventory.image().tags()).containsExactly(registry.host() + "/alpine:" + tag);
            assertThat(inventory.image().reference()).isEqualTo(registry.host() + "/alpine:" + tag);
            assertThat(inventory.image().repository()).isEqualTo(registry.host() + "/alpine");
            assertThat(inventory.image().manifestDigest()).startsWith("sha256:");
            assertThat(inventory.image().configDigest()).isEqualTo(alpineFromArchive.image().configDigest());
        }
        assertThat(scan(registry.host() + "/alpine:v2s2", LOCAL, ScanOptions.defaults()).image().layers())
                .allMatch(l -> l.mediaType().startsWith("application/vnd.docker.image.rootfs"));
    }

    @Test
    void aReScanWithEveryLayerCachedFetchesManifestAndConfigOnly() {
        InMemoryLayerCache cache = new InMemoryLayerCache();
        ScanOptions options = ScanOptions.defaults().withLayerCache(cache);
        try (RegistryClient first = new RegistryClient(LOCAL); RegistryClient second = new RegistryClient(LOCAL)) {
            ImageReference ref = ImageReference.parse(registry.host() + "/alpine:oci");
            Inventory a = new ImageScanner(options).scan(first.image(ref));
            ScanStats stats = new ScanStats();
            Inventory b = new ImageScanner(options.withListener(stats)).scan(second.image(ref));

            assertThat(first.fetched().layerBlobs()).isEqualTo(a.image().layers().size());
            assertThat(second.fetched().layerBlobs()).isZero();
            assertThat(stats.layersRead()).isEmpty();
            long manifestAndConfig = first.fetched().bytes() - a.image().layers().stream()
                    .mapToLong(l -> l.size()).sum();
            assertThat(second.fetched().bytes()).isEqualTo(manifestAndConfig).isLessThan(16 * 1024);
            assertThat(rows(b)).isEqualTo(rows(a));
        }
    }

    @Test
    void choosesThePlatformOfAMultiPlatformIndex() throws IOException {
        Path layout = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "amd64").layer(LayerBuilder.layer()
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                        .file("lib/apk/db/installed", apk("musl", "1.2.5-r0", "x86_64"))))
                .add(ImageBuilder.image().platform("linux", "arm64", "v8").layer(LayerBuilder.layer()
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                        .file("lib/apk/db/installed", apk("musl", "1.2.5-r0", "aarch64"))))
                .writeOciLayout(dir.resolve("multi"));
        Skopeo.copy("oci:" + layout, "docker://" + registry.host() + "/multi:1", "--all");
        String ref = registry.host() + "/multi:1";

        Inventory amd64 = scan(ref, LOCAL, ScanOptions.defaults());
        Inventory arm64 = scan(ref, LOCAL, ScanOptions.defaults().withPlatform(Platform.parse("linux/arm64")));

        assertThat(amd64.image().platform()).isEqualTo("linux/amd64");
        assertThat(amd64.packages()).extracting(Package::arch).containsExactly("x86_64");
        assertThat(arm64.image().platform()).isEqualTo("linux/arm64/v8");
        assertThat(arm64.packages()).extracting(Package::arch).containsExactly("aarch64");
        assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults().withPlatform(Platform.parse("linux/s390x"))))
                .isInstanceOf(PlatformNotFoundException.class)
                .hasMessageContaining("no image for platform linux/s390x")
                .hasMessageContaining("linux/amd64, linux/arm64/v8");
    }

    @Test
    void resolvesATagToTheDigestTheScanReadsAndAnIndexToItsPlatformManifests() throws IOException {
        Path layout = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "amd64").layer(LayerBuilder.layer().file("etc/a", "1")))
                .add(ImageBuilder.image().platform("linux", "arm64", "v8").layer(LayerBuilder.layer()
                        .file("etc/a", "2")))
                .writeOciLayout(dir.resolve("resolve"));
        Skopeo.copy("oci:" + layout, "docker://" + registry.host() + "/resolve:1", "--all");
        try (RegistryClient client = new RegistryClient(LOCAL)) {
            ResolvedReference single = client.resolve(ImageReference.parse(registry.host() + "/alpine:oci"));
            assertThat(single.digest().toString())
                    .isEqualTo(scan(registry.host() + "/alpine:oci", LOCAL, ScanOptions.defaults()).image()
                            .manifestDigest());
            assertThat(single.manifests()).isEmpty();
            assertThat(client.resolve(ImageReference.parse(registry.host() + "/alpine@" + single.digest())))
                    .isEqualTo(single);

            ResolvedReference index = client.resolve(ImageReference.parse(registry.host() + "/resolve:1"));
            assertThat(index.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(index.manifests()).hasSize(2).doesNotContain(index.digest());
            String arm = scan(registry.host() + "/resolve:1", LOCAL,
                    ScanOptions.defaults().withPlatform(Platform.parse("linux/arm64"))).image().manifestDigest();
            assertThat(index.manifests()).extracting(Object::toString).contains(arm);
            assertThatThrownBy(() -> client.resolve(ImageReference.parse(registry.host() + "/resolve:missing")))
                    .isInstanceOf(RegistryException.class);
        }
    }

    @Test
    void aBlobCorruptedInTheRegistrysStorageIsADigestMismatchAndNothingIsCached() throws IOException {
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/corrupt:1", "--format", "oci");
        Inventory good = scan(registry.host() + "/alpine:oci", LOCAL, ScanOptions.defaults());
        String layerDigest = good.image().layers().get(0).digest();
        Path data = registry.blobData(layerDigest);
        // another valid gzip tar in its place: the tar reads fine, only the digest tells
        byte[] other = ImageBuilder.image().layer(LayerBuilder.layer().file("etc/x", "y")).build().layers().get(0)
                .blob();
        byte[] original = Files.readAllBytes(data);
        Files.write(data, other);
        try {
            InMemoryLayerCache cache = new InMemoryLayerCache();
            assertThatThrownBy(() -> scan(registry.host() + "/corrupt:1", LOCAL,
                    ScanOptions.defaults().withLayerCache(cache)))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(layerDigest.substring(0, 19));
            assertThat(cache.names()).isEmpty();
        } finally {
            Files.write(data, original);
        }
    }

    @Test
    void faultsOfTheRegistryGiveClearErrorsOrRetries() throws IOException {
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            String ref = proxy.host() + "/alpine:oci";
            proxy.fail(".*/manifests/oci", 429, 1, Map.of("Retry-After", "1"));
            long start = System.nanoTime();
            assertThat(rows(scan(ref, LOCAL, ScanOptions.defaults()))).isEqualTo(rows(alpineFromArchive));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(proxy.requests(".*/manifests/oci")).isEqualTo(2);

            proxy.fail(".*/blobs/.*", 503, 1, Map.of());
            assertThat(rows(scan(ref, LOCAL, ScanOptions.defaults()))).isEqualTo(rows(alpineFromArchive));

            proxy.fail(".*/manifests/oci", 500, 3, Map.of());
            assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("HTTP 500 after 3 attempts");

            proxy.fail(".*/manifests/oci", 403, 1, Map.of());
            assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("access denied (HTTP 403");

            proxy.fail(".*/manifests/oci", 401, 1, Map.of());
            assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("asks for credentials");
        }
        assertThatThrownBy(() -> scan(registry.host() + "/alpine:nope", LOCAL, ScanOptions.defaults()))
                .isInstanceOf(RegistryException.class)
                .hasMessage(registry.host() + "/alpine:nope: not found (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)");
    }

    @Test
    void aStalledBlobStreamEndsWithinTheReadTimeout() throws IOException {
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            proxy.stall(".*/blobs/.*");
            RegistryOptions impatient = LOCAL.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofMillis(800));
            long start = System.nanoTime();
            assertThatThrownBy(() -> scan(proxy.host() + "/alpine:oci", impatient,
                    ScanOptions.defaults().withThreads(1)))
                    .hasMessageContaining("the registry sent nothing");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theTagsListIsReadPageByPageFollowingTheRegistrysLinkHeader() throws IOException, InterruptedException {
        String repository = registry.host() + "/paged";
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + repository + ":t000", "--format", "oci");
        HttpClient http = HttpClient.newHttpClient();
        URI manifests = URI.create("http://" + registry.host() + "/v2/paged/manifests/");
        HttpResponse<byte[]> manifest = http.send(HttpRequest.newBuilder(manifests.resolve("t000"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(manifest.statusCode()).isEqualTo(200);
        int count = 2 * RepositoryTags.PAGE + 37;
        List<String> expected = new java.util.ArrayList<>(List.of("t000"));
        for (int i = 1; i < count; i++) {
            String tag = String.format("t%03d", i);
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(manifests.resolve(tag))
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body())).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(put.statusCode()).as(tag).isEqualTo(201);
            expected.add(tag);
        }
        try (FaultProxy proxy = new FaultProxy(registry.host()); RegistryClient client = new RegistryClient(LOCAL)) {
            // Distribution 2.8 sends the whole list, in no order, whatever n and last say: read as one page
            List<String> unpaged = client.tags(ImageReference.parse(repository), 10_000);
            assertThat(unpaged).containsExactlyInAnyOrderElementsOf(expected);

            // paged as the distribution spec says (Distribution 3, Harbor, GHCR) by the proxy, over the real list
            proxy.pageTags();
            ImageReference paged = ImageReference.parse(proxy.host() + "/paged");
            List<String> all = client.tags(paged, 10_000);
            int pagesForAll = proxy.requests("/v2/paged/tags/list");
            List<String> some = client.tags(paged, RepositoryTags.PAGE + 1);
            int pagesForSome = proxy.requests("/v2/paged/tags/list") - pagesForAll;

            assertThat(all).containsExactlyElementsOf(expected);
            assertThat(pagesForAll).isEqualTo(3);
            assertThat(some).containsExactlyElementsOf(expected.subList(0, RepositoryTags.PAGE + 1));
            assertThat(pagesForSome).as("stops once it has enough").isEqualTo(2);
            assertThat(client.manifestDigest(ImageReference.parse(proxy.host() + "/paged:t236")).toString())
                    .isEqualTo(manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
        }
    }

    @Test
    void schemaOneManifestsAreRefusedClearly() {
        try (FeedServer fake = new FeedServer()) {
            fake.serve("/v2/library/old/manifests/1", 200, "application/vnd.docker.distribution.manifest.v1+prettyjws",
                    "{\"schemaVersion\": 1, \"name\": \"library/old\", \"fsLayers\": []}"
                            .getBytes(StandardCharsets.UTF_8));
            String host = fake.url("").substring("http://".length());

            assertThatThrownBy(() -> scan(host + "/library/old:1", LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(UnsupportedMediaTypeException.class)
                    .hasMessageContaining("schema 1");
        }
    }

    @Test
    void basicAuthWithAndWithoutCredentials() throws IOException {
        try (LocalRegistry basic = LocalRegistry.basic(Files.createDirectories(dir.resolve("basic")), "ann", "pw1")) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + basic.host() + "/alpine:1", "--dest-creds", "ann:pw1");
            String ref = basic.host() + "/alpine:1";

            assertThat(rows(scan(ref, LOCAL.withCredentials(CredentialSource.of(basic.host(),
                    new Credentials("ann", "pw1"))), ScanOptions.defaults()))).isEqualTo(rows(alpineFromArchive));
            assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(CredentialsRequiredException.class).hasMessageContaining("asks for credentials")
                    .hasMessageEndingWith("; " + CredentialsRequiredException.CLI_HINT)
                    .satisfies(e -> assertThat(((CredentialsRequiredException) e).reason())
                            .contains("asks for credentials (HTTP 401").doesNotContain("--username"));
            assertThatThrownBy(() -> scan(ref, LOCAL.withCredentials(CredentialSource.of(basic.host(),
                    new Credentials("ann", "wrong"))), ScanOptions.defaults()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("rejected the credentials");
        }
    }

    @Test
    void blobRedirectsAreFollowedWithoutTheRegistrysCredentials() throws IOException {
        try (LocalRegistry basic = LocalRegistry.basic(Files.createDirectories(dir.resolve("redirect")), "ann", "pw1");
                FaultProxy front = new FaultProxy(basic.host());
                FaultProxy storage = new FaultProxy(registry.host())) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + basic.host() + "/alpine:oci", "--dest-creds",
                    "ann:pw1");
            front.redirect(".*/blobs/.*", "http://" + storage.host());
            RegistryOptions withCredentials = LOCAL.withCredentials(CredentialSource.of(front.host(),
                    new Credentials("ann", "pw1")));

            Inventory inventory = scan(front.host() + "/alpine:oci", withCredentials, ScanOptions.defaults());

            assertThat(rows(inventory)).isEqualTo(rows(alpineFromArchive));
            assertThat(front.authorizations()).anyMatch(a -> a.startsWith("Basic "));
            assertThat(storage.requests(".*/blobs/.*")).isEqualTo(1 + inventory.image().layers().size());
            assertThat(storage.authorizations()).isNotEmpty().allMatch(String::isEmpty);
        }
    }

    @Test
    void tokenAuthVerifiedByTheRegistry() throws IOException {
        try (TokenIssuer issuer = new TokenIssuer("tom", "pw2", false);
                LocalRegistry tokens = LocalRegistry.token(Files.createDirectories(dir.resolve("token")), issuer)) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + tokens.host() + "/team/alpine:1", "--dest-creds",
                    "tom:pw2");
            String ref = tokens.host() + "/team/alpine:1";
            int before = issuer.issued();

            Inventory inventory = scan(ref, LOCAL.withCredentials(CredentialSource.of(tokens.host(),
                    new Credentials("tom", "pw2"))), ScanOptions.defaults());

            assertThat(rows(inventory)).isEqualTo(rows(alpineFromArchive));
            assertThat(issuer.issued()).isGreaterThan(before);
            assertThatThrownBy(() -> scan(ref, LOCAL, ScanOptions.defaults()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("asks for credentials");
            assertThatThrownBy(() -> scan(ref, LOCAL.withCredentials(CredentialSource.of(tokens.host(),
                    new Credentials("tom", "nope"))), ScanOptions.defaults()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("token service")
                    .hasMessageContaining("refused the credentials of tom");
        }
    }

    @Test
    void anonymousBearerTokensAsDockerHubGivesThem() throws IOException {
        try (TokenIssuer issuer = new TokenIssuer("tom", "pw2", true);
                LocalRegistry tokens = LocalRegistry.token(Files.createDirectories(dir.resolve("public")), issuer)) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + tokens.host() + "/library/alpine:1", "--dest-creds",
                    "tom:pw2");
            int before = issuer.issued();

            Inventory inventory = scan(tokens.host() + "/library/alpine:1", LOCAL, ScanOptions.defaults());

            assertThat(rows(inventory)).isEqualTo(rows(alpineFromArchive));
            assertThat(issuer.issued()).isGreaterThan(before);
        }
    }

    @Test
    void aPlainHttpRegistryIsReadWithoutSettingUpTls() {
        try (RegistryClient client = new RegistryClient(LOCAL)) {
            Inventory inventory = new ImageScanner(ScanOptions.defaults())
                    .scan(client.image(ImageReference.parse(registry.host() + "/alpine:oci")));

            assertThat(rows(inventory)).isEqualTo(rows(alpineFromArchive));
            assertThat(client.fetched().layerBlobs()).isEqualTo(inventory.image().layers().size());
            assertThat(client.tlsStarted()).as("the https client and its TLS context were never built").isFalse();
        }
    }

    @Test
    void plainHttpOnlyForThisMachineOrNamedHosts() {
        RegistryOptions options = RegistryOptions.defaults().withInsecureHosts(Set.of("mirror.internal:5000"));

        assertThat(options.allowsHttp("127.0.0.1:5000")).isTrue();
        assertThat(options.allowsHttp("localhost")).isTrue();
        assertThat(options.allowsHttp("mirror.internal:5000")).isTrue();
        assertThat(options.allowsHttp("mirror.internal:6000")).isFalse();
        assertThat(options.allowsHttp("ghcr.io")).isFalse();
    }

    private static Inventory scan(String reference, RegistryOptions options, ScanOptions scan) {
        try (RegistryClient client = new RegistryClient(options)) {
            return new ImageScanner(scan).scan(client.image(ImageReference.parse(reference)));
        }
    }

    private static List<String> rows(Inventory inventory) {
        return inventory.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.layer().index())
                .toList();
    }

    private static String apk(String name, String version, String arch) {
        return "P:" + name + "\nV:" + version + "\nA:" + arch + "\nT:x\nL:MIT\no:" + name + "\n\n";
    }
}
