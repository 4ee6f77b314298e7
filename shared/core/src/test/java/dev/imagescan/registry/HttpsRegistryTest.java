package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.registry.FaultProxy;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.testing.registry.TlsCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https against a real registry (Distribution 2.8 serving TLS with a certificate made here, on 127.0.0.2 so that the
 * client takes https as for a remote registry): an image read through {@link UrlConnectionSender} with a TLS context
 * trusting that certificate gives the archive's inventory; with the JVM's own trust store the certificate is refused
 * at once, in one line naming the registry, without retries; a trusted certificate for another name is refused too
 * (host name verification); a blob redirected to an https CDN is fetched through the same verification and the
 * allow-list guard. The CLI with {@code -Djavax.net.ssl.trustStore}: {@code RegistryCliJarIT}.
 */
class HttpsRegistryTest {
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final RegistryOptions OPTIONS = RegistryOptions.defaults().withCredentials(CredentialSource.none())
            .withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2)));

    @TempDir
    static Path dir;
    private static TlsCertificate certificate;
    private static LocalRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        RegistryTools.assumeInstalled();
        certificate = TlsCertificate.forNames(LocalRegistry.TLS_ADDRESS, "localhost");
        registry = LocalRegistry.tls(Files.createDirectories(dir.resolve("tls")), certificate);
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:1", "--format", "oci");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void anImageIsReadOverHttpsWhenItsCertificateIsTrusted() throws IOException {
        Inventory archive = new ImageScanner(ScanOptions.defaults()).scan(ALPINE);
        try (RegistryClient client = new RegistryClient(OPTIONS, ConnectionGuard.NONE, trusting(certificate))) {
            Inventory inventory = new ImageScanner(ScanOptions.defaults())
                    .scan(client.image(ImageReference.parse(registry.host() + "/alpine:1")));

            assertThat(rows(inventory)).isEqualTo(rows(archive)).isNotEmpty();
            assertThat(client.fetched().layerBlobs()).isEqualTo(inventory.image().layers().size());
            assertThat(client.tlsStarted()).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateFailsAtOnceInOneLineNamingTheRegistry() {
        AtomicInteger pauses = new AtomicInteger();
        RegistryTransport transport = new RegistryTransport(
                new UrlConnectionSender(Duration.ofSeconds(5), Duration.ofSeconds(10)), OPTIONS,
                ImageReference.parse(registry.host() + "/alpine:1"), d -> pauses.incrementAndGet(),
                ConnectionGuard.NONE);

        assertThatThrownBy(() -> transport.get("/v2/", null, "repository:alpine:pull")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("registry " + registry.host() + ": TLS certificate not accepted (")
                .hasMessageContaining("unable to find valid certification path")
                .hasMessageContaining("-Djavax.net.ssl.trustStore=FILE")
                .hasMessageNotContaining("\n");
        assertThat(pauses).as("no retry").hasValue(0);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() throws IOException {
        TlsCertificate other = TlsCertificate.forNames("localhost");
        try (LocalRegistry named = LocalRegistry.tls(Files.createDirectories(dir.resolve("other")), other)) {
            RegistryTransport transport = new RegistryTransport(trusting(other), OPTIONS,
                    ImageReference.parse(named.host() + "/alpine:1"), d -> { }, ConnectionGuard.NONE);

            assertThatThrownBy(() -> transport.get("/v2/", null, "repository:alpine:pull"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("registry " + named.host() + ": TLS certificate not accepted (")
                    .hasMessageContaining(LocalRegistry.TLS_ADDRESS);
        }
    }

    @Test
    void blobRedirectsToAnHttpsCdnAreVerifiedAndGuarded() throws IOException {
        try (LocalRegistry basic = LocalRegistry.basic(Files.createDirectories(dir.resolve("basic")), "ann", "pw1");
                FaultProxy front = new FaultProxy(basic.host())) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + basic.host() + "/alpine:1", "--dest-creds", "ann:pw1");
            front.redirect(".*/blobs/.*", "https://" + registry.host());
            RegistryOptions withCredentials = OPTIONS.withCredentials(CredentialSource.of(front.host(),
                    new Credentials("ann", "pw1")));
            List<URI> asked = new CopyOnWriteArrayList<>();
            ConnectionGuard recording = (from, target) -> asked.add(target);
            ImageReference ref = ImageReference.parse(front.host() + "/alpine:1");

            Inventory inventory;
            try (RegistryClient client = new RegistryClient(withCredentials, recording, trusting(certificate))) {
                inventory = new ImageScanner(ScanOptions.defaults()).scan(client.image(ref));
            }
            try (RegistryClient client = new RegistryClient(withCredentials, ConnectionGuard.NONE,
                    new UrlConnectionSender(Duration.ofSeconds(5), Duration.ofSeconds(10)))) {
                assertThatThrownBy(() -> new ImageScanner(ScanOptions.defaults()).scan(client.image(ref)))
                        .hasMessageContaining("registry " + front.host() + " (at " + registry.host()
                                + "): TLS certificate not accepted (");
            }

            assertThat(rows(inventory)).isEqualTo(rows(new ImageScanner(ScanOptions.defaults()).scan(ALPINE)));
            assertThat(front.authorizations()).anyMatch(a -> a.startsWith("Basic "));
            assertThat(asked).filteredOn(u -> u.getScheme().equals("https"))
                    .hasSize(1 + inventory.image().layers().size())
                    .allMatch(u -> (u.getHost() + ":" + u.getPort()).equals(registry.host()));
        }
    }

    private static UrlConnectionSender trusting(TlsCertificate trusted) throws IOException {
        SSLSocketFactory sockets = trusted.trustingContext().getSocketFactory();
        return new UrlConnectionSender(Duration.ofSeconds(5), Duration.ofSeconds(10), () -> sockets);
    }

    private static List<String> rows(Inventory inventory) {
        return inventory.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.layer().index())
                .toList();
    }
}
