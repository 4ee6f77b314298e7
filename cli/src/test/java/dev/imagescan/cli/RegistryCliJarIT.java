package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.IndexBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.registry.FaultProxy;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.SharedBase;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.testing.registry.TlsCertificate;
import dev.imagescan.testing.registry.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imagescan scan REF}: the jar users run, as a process, against a real registry (Distribution 2.8 on
 * loopback) holding the bundled images pushed with skopeo: anonymous, htpasswd Basic and token auth (JWTs the
 * registry verifies), OCI and Docker schema 2 manifests, a multi-platform index, a corrupted blob, the 401, 403,
 * 404, 429-then-success and 500 answers of a fault proxy, and https with a private CA's certificate (the trust store
 * given with {@code -Djavax.net.ssl.trustStore}, as users do). The report of an image read from the registry must
 * equal the report of the same image read from its archive. Skipped without docker-registry and skopeo, failed then
 * on CI.
 */
class RegistryCliJarIT {
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static Path dockerConfig;
    private static JsonNode archiveReport;

    @BeforeAll
    static void start() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        assertThat(JAR).as("run `mvn package` first").isRegularFile();
        dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("anonymous")));
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:3.20.3", "--format", "oci");
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/alpine:v2s2", "--format", "v2s2");
        archiveReport = run(null, "scan", "--format", "json", ALPINE.toString()).succeeded().json();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void scansAnImageByReferenceAsItScansItsArchive() throws IOException {
        for (String tag : List.of("3.20.3", "v2s2")) {
            String ref = registry.host() + "/alpine:" + tag;
            JsonNode report = run(null, "scan", "--format", "json", ref).succeeded().json();

            assertThat(JsonSchemas.reportProblems(report)).isEmpty();
            assertThat(report.at("/image/reference").asText()).isEqualTo(ref);
            assertThat(report.at("/image/repository").asText()).isEqualTo(registry.host() + "/alpine");
            assertThat(report.at("/image/tags/0").asText()).isEqualTo(ref);
            assertThat(report.at("/image/format").asText()).isEqualTo("registry");
            assertThat(report.at("/image/manifestDigest").asText()).startsWith("sha256:");
            assertThat(report.get("findings")).isNotEmpty().isEqualTo(archiveReport.get("findings"));
            assertThat(report.get("packages")).isEqualTo(archiveReport.get("packages"));
        }
        Run table = run(null, "scan", "--insecure-registry", registry.host(), registry.host() + "/alpine:3.20.3");
        table.succeeded();
        assertThat(table.out()).contains("CVE-2025-26519");
    }

    @Test
    void choosesThePlatformOfAMultiPlatformIndex() throws IOException {
        Path layout = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "amd64").layer(LayerBuilder.layer()
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                        .file("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\nA:x86_64\no:musl\n\n")))
                .add(ImageBuilder.image().platform("linux", "arm64", "v8").layer(LayerBuilder.layer()
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                        .file("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\nA:aarch64\no:musl\n\n")))
                .writeOciLayout(dir.resolve("multi"));
        Skopeo.copy("oci:" + layout, "docker://" + registry.host() + "/multi:1", "--all");

        JsonNode arm = run(null, "scan", "--format", "inventory", "--platform", "linux/arm64",
                registry.host() + "/multi:1").succeeded().json();
        Run none = run(null, "scan", "--platform", "linux/riscv64", registry.host() + "/multi:1");

        assertThat(arm.at("/image/platform").asText()).isEqualTo("linux/arm64/v8");
        assertThat(arm.at("/packages/0/arch").asText()).isEqualTo("aarch64");
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err().strip()).startsWith("imagescan: error: ").contains("no image for platform linux/riscv64")
                .doesNotContain("\n");
    }

    @Test
    void basicAuthFromStandardInput() throws IOException {
        try (LocalRegistry basic = LocalRegistry.basic(Files.createDirectories(dir.resolve("basic")), "ann", "pw1")) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + basic.host() + "/alpine:1", "--dest-creds", "ann:pw1");
            String ref = basic.host() + "/alpine:1";

            JsonNode report = run("pw1\n", "scan", "--format", "json", "--username", "ann", "--password-stdin", ref)
                    .succeeded().json();
            Run anonymous = run(null, "scan", ref);
            Run wrong = run("nope\n", "scan", "--username", "ann", "--password-stdin", ref);
            Run noPassword = run(null, "scan", "--username", "ann", ref);

            assertThat(report.get("findings")).isEqualTo(archiveReport.get("findings"));
            assertThat(anonymous.status()).isEqualTo(1);
            assertThat(anonymous.err()).contains("asks for credentials").doesNotContain("Exception");
            assertThat(wrong.status()).isEqualTo(1);
            assertThat(wrong.err()).contains("rejected the credentials");
            assertThat(noPassword.status()).isEqualTo(2);
            assertThat(noPassword.err()).contains("--username needs --password-stdin");
        }
    }

    @Test
    void tokenAuthWhoseJwtsTheRegistryVerifies() throws IOException {
        try (TokenIssuer issuer = new TokenIssuer("tom", "pw2", false);
                LocalRegistry tokens = LocalRegistry.token(Files.createDirectories(dir.resolve("token")), issuer)) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + tokens.host() + "/team/alpine:1", "--dest-creds",
                    "tom:pw2");
            String ref = tokens.host() + "/team/alpine:1";
            int before = issuer.issued();

            JsonNode report = run("pw2", "scan", "--format", "json", "--username", "tom", "--password-stdin", ref)
                    .succeeded().json();
            Run anonymous = run(null, "scan", ref);

            assertThat(report.get("findings")).isEqualTo(archiveReport.get("findings"));
            assertThat(issuer.issued()).isGreaterThan(before);
            assertThat(anonymous.status()).isEqualTo(1);
            assertThat(anonymous.err()).contains("asks for credentials");
        }
    }

    @Test
    void aCorruptedBlobIsAClearError() throws IOException {
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/corrupt:1", "--format", "oci");
        String layer = archiveReport.at("/image/layers/0/digest").asText();
        Path data = registry.blobData(layer);
        byte[] original = Files.readAllBytes(data);
        Files.write(data, ImageBuilder.image().layer(LayerBuilder.layer().file("etc/x", "y")).build().layers().get(0)
                .blob());
        try {
            Run run = run(null, "scan", registry.host() + "/corrupt:1");

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err().strip()).startsWith("imagescan: error: layer 1").contains("has digest")
                    .contains("the manifest says " + layer).doesNotContain("\n");
        } finally {
            Files.write(data, original);
        }
    }

    @Test
    void registryAnswersGiveClearErrorsOrRetries() throws IOException {
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            String ref = proxy.host() + "/alpine:3.20.3";

            proxy.fail(".*/manifests/.*", 429, 1, Map.of("Retry-After", "1"));
            JsonNode retried = run(null, "scan", "--format", "json", ref).succeeded().json();
            assertThat(retried.get("findings")).isEqualTo(archiveReport.get("findings"));
            assertThat(proxy.requests(".*/manifests/.*")).isEqualTo(2);

            proxy.fail(".*/manifests/.*", 500, 5, Map.of("Retry-After", "0"));
            run(null, "scan", ref).failedWith("the registry answered HTTP 500 after 5 attempts");
            proxy.fail(".*/manifests/.*", 403, 1, Map.of());
            run(null, "scan", ref).failedWith("access denied (HTTP 403");
            proxy.fail(".*/manifests/.*", 401, 1, Map.of());
            run(null, "scan", ref).failedWith("the registry asks for credentials (HTTP 401");
            run(null, "scan", proxy.host() + "/alpine:9.9").failedWith(
                    proxy.host() + "/alpine:9.9: not found (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)");
        }
    }

    @Test
    void aReScanWithALayerCacheDownloadsNoLayer() throws IOException {
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            String ref = proxy.host() + "/alpine:3.20.3";
            String cache = dir.resolve("layer-cache").toString();
            int layers = archiveReport.at("/image/layers").size();

            JsonNode first = run(null, "scan", "--format", "json", "--layer-cache", cache, ref).succeeded().json();
            int blobsFirst = proxy.requests(".*/blobs/.*");
            JsonNode second = run(null, "scan", "--format", "json", "--layer-cache", cache, ref).succeeded().json();
            int blobsSecond = proxy.requests(".*/blobs/.*") - blobsFirst;

            assertThat(blobsFirst).isEqualTo(1 + layers);
            assertThat(blobsSecond).as("the config only").isEqualTo(1);
            assertThat(second.get("findings")).isEqualTo(first.get("findings"))
                    .isEqualTo(archiveReport.get("findings"));
        }
    }

    @Test
    void anImageSharingABaseWithAScannedOneByAnotherTagDownloadsOnlyItsNewBlobs() throws IOException {
        SharedBase base = SharedBase.of(ALPINE);
        Path app = base.withLayer(LayerBuilder.layer().file("srv/app/README", "app\n"), dir.resolve("app.tar"));
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/shared:base", "--format", "oci");
        Skopeo.copy("oci-archive:" + app, "docker://" + registry.host() + "/shared:app", "--format", "oci");
        String baseLayer = base.layers().get(0).digest();
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            Path cache = dir.resolve("shared-cache");
            run(null, "scan", "--format", "json", "--layer-cache", cache.toString(), proxy.host() + "/shared:base")
                    .succeeded();
            int blobsFirst = proxy.requests(".*/blobs/.*");
            JsonNode report = run(null, "scan", "--format", "json", "--layer-cache", cache.toString(),
                    proxy.host() + "/shared:app").succeeded().json();
            int blobsSecond = proxy.requests(".*/blobs/.*") - blobsFirst;
            String ownLayer = report.at("/image/layers/1/digest").asText();

            assertThat(blobsFirst).as("config and base layer").isEqualTo(2);
            assertThat(blobsSecond).as("config and its own layer").isEqualTo(2);
            assertThat(proxy.requests(".*/blobs/" + baseLayer)).isEqualTo(1);
            assertThat(proxy.requests(".*/blobs/" + ownLayer)).isEqualTo(1);
            assertThat(report.get("findings")).isEqualTo(archiveReport.get("findings"));
            assertThat(Files.readString(cache.resolve("_blobs/sha256/" + baseLayer.substring(7))))
                    .isEqualTo(base.layers().get(0).diffId());
        }
    }

    @Test
    void scansOverHttpsWithAPrivateTrustStore() throws IOException {
        TlsCertificate certificate = TlsCertificate.forNames(LocalRegistry.TLS_ADDRESS, "localhost");
        try (LocalRegistry tls = LocalRegistry.tls(Files.createDirectories(dir.resolve("tls")), certificate)) {
            Skopeo.copy("oci-archive:" + ALPINE, "docker://" + tls.host() + "/alpine:1", "--format", "oci");
            Path trustStore = certificate.writeTrustStore(dir.resolve("private-ca.p12"));
            String ref = tls.host() + "/alpine:1";

            JsonNode report = CliJar.run(dir, List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + TlsCertificate.TRUST_STORE_PASSWORD),
                    Map.of("DOCKER_CONFIG", dockerConfig.toString()), null, "scan", "--format", "json", ref)
                    .succeeded().json();
            Run untrusted = run(null, "scan", ref);

            assertThat(report.at("/image/reference").asText()).isEqualTo(ref);
            assertThat(report.get("findings")).isNotEmpty().isEqualTo(archiveReport.get("findings"));
            assertThat(report.get("packages")).isEqualTo(archiveReport.get("packages"));
            untrusted.failedWith("registry " + tls.host() + ": TLS certificate not accepted (unable to find valid "
                    + "certification path to requested target); for a private CA, run Java with "
                    + "-Djavax.net.ssl.trustStore=FILE");
        }
    }

    @Test
    void aMissingFileIsStillAFileError() {
        Run run = run(null, "scan", "missing-image.tar");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("missing-image.tar: no such file or directory");
    }

    private static Run run(String stdin, String... args) {
        return CliJar.run(dir, Map.of("DOCKER_CONFIG", dockerConfig.toString()), stdin, args);
    }
}
