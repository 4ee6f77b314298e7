package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for an rpm-based image: a CentOS 7 style image whose second layer installs packages into a real
 * BerkeleyDB rpm database; {@code imagescan scan} reports the OS, purls and introducing layers in every format.
 */
class RpmImageCliTest {
    static Path image;

    @BeforeAll
    static void build(@TempDir Path dir) throws IOException {
        image = ImageBuilder.image()
                .layer(LayerBuilder.layer()
                        .file("etc/os-release", "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nVERSION_ID=\"7\"\n")
                        .file("etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n")
                        .symlink("etc/redhat-release", "centos-release")
                        .file("var/lib/rpm/Packages", resource("/rpmdb/bdb-libuuid/Packages"))
                        .compression(Compression.GZIP))
                .layer(LayerBuilder.layer()
                        .file("var/lib/rpm/Packages", resource("/rpmdb/generated/bdb-be-4096/Packages"))
                        .compression(Compression.ZSTD))
                .writeDockerArchive(dir.resolve("centos.tar"));
    }

    @Test
    void table() {
        CliRun run = CliRun.of("scan", "-f", "packages", image.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("OS:       centos 7.9.2009").contains("Packages: 13")
                .containsPattern("\\nzstd-libs +1\\.5\\.0-1\\.cm2 +x86_64 +zstd +2 sha256:")
                .containsPattern("\\nca-certificates-base +1:2\\.0\\.0-1\\.cm2 +noarch +ca-certificates +2 sha256:");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void json() throws IOException {
        CliRun run = CliRun.of("scan", "-f", "inventory", image.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());

        assertThat(JsonSchemas.inventoryProblems(json)).isEmpty();
        assertThat(json.at("/os/family").asText()).isEqualTo("centos");
        assertThat(json.at("/os/version").asText()).isEqualTo("7.9.2009");
        JsonNode ca = null;
        for (JsonNode p : json.get("packages")) {
            if (p.get("name").asText().equals("ca-certificates-base")) {
                ca = p;
            }
        }
        assertThat(ca).isNotNull();
        assertThat(ca.get("purl").asText())
                .isEqualTo("pkg:rpm/centos/ca-certificates-base@2.0.0-1.cm2?arch=noarch&distro=centos-7.9.2009&epoch=1");
        assertThat(ca.at("/rpm/epoch").asLong()).isEqualTo(1);
        assertThat(ca.at("/rpm/release").asText()).isEqualTo("1.cm2");
        assertThat(ca.at("/layer/index").asInt()).isEqualTo(1);
        assertThat(ca.at("/layer/diffId").asText()).isEqualTo(json.at("/image/layers/1/diffId").asText());
    }

    @Test
    void cycloneDx() throws Exception {
        CliRun run = CliRun.of("scan", "-f", "cyclonedx", image.toString());

        assertThat(new JsonParser().validate(run.out().getBytes(StandardCharsets.UTF_8), Version.VERSION_15)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(run.out());
        boolean found = false;
        for (JsonNode c : bom.get("components")) {
            if (c.get("type").asText().equals("operating-system")) {
                assertThat(c.get("name").asText()).isEqualTo("centos");
                assertThat(c.get("version").asText()).isEqualTo("7.9.2009");
            }
            if (c.get("name").asText().equals("zstd-libs")) {
                found = true;
                assertThat(c.get("purl").asText()).isEqualTo("pkg:rpm/centos/zstd-libs@1.5.0-1.cm2?arch=x86_64&distro=centos-7.9.2009");
                assertThat(c.get("properties").toString()).contains("\"imagescan:source:name\",\"value\":\"zstd\"")
                        .contains("\"imagescan:layer:index\",\"value\":\"1\"");
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void spdxJson() throws Exception {
        CliRun run = CliRun.of("scan", "-f", "spdx-json", image.toString());

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(JsonSchemas.spdx23Problems(doc)).isEmpty();
        assertThat(doc.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        JsonNode zstd = null;
        for (JsonNode p : doc.get("packages")) {
            if (p.get("name").asText().equals("zstd-libs")) {
                zstd = p;
            }
        }
        assertThat(zstd).isNotNull();
        assertThat(zstd.at("/externalRefs/0/referenceLocator").asText())
                .isEqualTo("pkg:rpm/centos/zstd-libs@1.5.0-1.cm2?arch=x86_64&distro=centos-7.9.2009");
        assertThat(zstd.get("annotations").toString()).contains("imagescan:source:name: zstd")
                .contains("imagescan:layer:index: 1");
        assertThat(doc.get("packages")).hasSize(13 + 2);
        assertThat(doc.get("relationships")).hasSize(13 + 2);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RpmImageCliTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
