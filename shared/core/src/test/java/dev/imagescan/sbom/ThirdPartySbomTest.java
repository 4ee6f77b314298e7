package dev.imagescan.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.report.CycloneDxWriter;
import dev.imagescan.report.InventoryWriter;
import dev.imagescan.report.JsonInventoryWriter;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.report.TableWriter;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SBOMs as Trivy and Syft write them (fixtures described in src/test/resources/sbom/README.md). */
class ThirdPartySbomTest {
    private static final String ALPINE_LAYER = "sha256:1bccf10afce5c1ffe31381419930ad565c1436eaeb1ca680494b0663e0028419";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "trivy-alpine-3.20.3.cdx.json, VERSION_15",
        "syft-debian-12.cdx.json, VERSION_16",
        "trivy-ubi8-nodejs.cdx.json, VERSION_14",
    })
    void fixturesAreValidAgainstTheCycloneDxSchemaOfTheirSpecVersion(String fixture, Version version) throws Exception {
        assertThat(new JsonParser().validate(Fixtures.bytes(fixture), version)).isEmpty();
    }

    @Test
    void trivyAlpineGivesWhatAScanOfTheSameImageGives() {
        Inventory read = CycloneDxSbomReader.read(Fixtures.sbom("trivy-alpine-3.20.3.cdx.json"));
        Inventory scanned = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("alpine-3.20.3.oci.tar"));

        assertThat(rowsWithLayer(read)).containsExactlyElementsOf(rowsWithLayer(scanned));
        assertThat(read.packages()).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(PackageType.APK);
            assertThat(p.layer()).isEqualTo(new LayerRef(LayerRef.UNKNOWN_INDEX, ALPINE_LAYER));
            assertThat(p.purl()).endsWith("?arch=x86_64&distro=3.20.3");
            assertThat(p.rpm()).isNull();
        });
        assertThat(read.os()).isEqualTo(new OperatingSystem("alpine", "3.20.3", null, false, null));
        assertThat(read.image().name()).isEqualTo("alpine:3.20.3");
        assertThat(read.image().format()).isEqualTo("cyclonedx");
        assertThat(read.image().configDigest()).isEqualTo(scanned.image().configDigest());
        assertThat(read.image().manifestDigest()).isEqualTo(scanned.image().manifestDigest());
        assertThat(read.image().tags()).containsExactly("alpine:3.20.3");
        assertThat(read.image().layers()).as("Trivy sorts its DiffID properties: no layer order").isEmpty();
        assertThat(read.warnings()).isEmpty();
    }

    @Test
    void syftDebianGivesTheScannedPackagesWithSourcesFromUpstreamQualifiersAndNoLayers() {
        Inventory read = CycloneDxSbomReader.read(Fixtures.sbom("syft-debian-12.cdx.json"));
        Inventory scanned = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("debian-bookworm-trimmed.oci.tar"));

        assertThat(read.packages()).hasSize(14);
        assertThat(identities(read)).isSubsetOf(identities(scanned));
        assertThat(read.packages()).allSatisfy(p -> assertThat(p.layer()).as("Syft's layerID is the status file's layer").isNull());
        assertThat(find(read, "bsdutils").version()).isEqualTo("1:2.38.1-5+deb12u3");
        assertThat(find(read, "bsdutils").source()).isEqualTo(new SourcePackage("util-linux", "2.38.1-5+deb12u3"));
        assertThat(find(read, "bash").source()).isEqualTo(new SourcePackage("bash", "5.2.15-2"));
        assertThat(find(read, "zlib1g").source()).isEqualTo(new SourcePackage("zlib", "1:1.2.13.dfsg-1"));
        assertThat(find(read, "gcc-12-base").source()).isEqualTo(new SourcePackage("gcc-12", "12.2.0-14+deb12u1"));
        assertThat(find(read, "tzdata").source()).isEqualTo(new SourcePackage("tzdata", "2026b-0+deb12u1"));
        assertThat(find(read, "libc6").purl())
                .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc");
        assertThat(read.os()).isEqualTo(new OperatingSystem("debian", "12", "Debian GNU/Linux 12 (bookworm)", false, null));
        assertThat(read.image().name()).isEqualTo("debian-bookworm-trimmed.oci.tar");
        assertThat(read.image().manifestDigest()).isEqualTo(scanned.image().manifestDigest());
        assertThat(read.image().configDigest()).isNull();
        assertThat(read.image().tags()).isEmpty();
        assertThat(read.warnings()).isEmpty();
    }

    @Test
    void trivyRpmGivesEpochsFromQualifiersModularityLabelsAndSourceEpochs() {
        Inventory read = CycloneDxSbomReader.read(Fixtures.sbom("trivy-ubi8-nodejs.cdx.json"));

        assertThat(read.os().describe()).isEqualTo("rhel 8.9");
        assertThat(read.packages()).extracting(Package::name)
                .containsExactly("basesystem", "libuuid", "nodejs", "npm", "openssl-libs", "tzdata");
        Package npm = find(read, "npm");
        assertThat(npm.type()).isEqualTo(PackageType.RPM);
        assertThat(npm.version()).isEqualTo("1:10.2.3-1.18.19.0.1.module+el8.9.0+20473+c4e3d824");
        assertThat(npm.rpm().epoch()).isEqualTo(1L);
        assertThat(npm.rpm().version()).isEqualTo("10.2.3");
        assertThat(npm.rpm().release()).isEqualTo("1.18.19.0.1.module+el8.9.0+20473+c4e3d824");
        assertThat(npm.rpm().modularityLabel()).isEqualTo("nodejs:18:8090020231207133416:a75119d5");
        assertThat(npm.rpm().vendor()).isNull();
        assertThat(npm.source()).isEqualTo(new SourcePackage("nodejs", "1:18.19.0-1.module+el8.9.0+20473+c4e3d824"));
        assertThat(npm.arch()).isEqualTo("x86_64");
        assertThat(npm.layer().hasIndex()).isFalse();
        Package uuid = find(read, "libuuid");
        assertThat(uuid.version()).isEqualTo("2.32.1-44.el8_9.1");
        assertThat(uuid.rpm().epoch()).isNull();
        assertThat(uuid.rpm().modularityLabel()).isNull();
        assertThat(uuid.source()).isEqualTo(new SourcePackage("util-linux", "2.32.1-44.el8_9.1"));
        assertThat(find(read, "openssl-libs").purl())
                .isEqualTo("pkg:rpm/redhat/openssl-libs@1.1.1k-12.el8_9?arch=x86_64&distro=redhat-8.9&epoch=1");
        assertThat(read.image().name()).isEqualTo("registry.access.redhat.com/ubi8/nodejs-18:1-94");
        assertThat(read.image().manifestDigest()).startsWith("sha256:6fe7b910");
        assertThat(read.image().configDigest()).startsWith("sha256:9d9a77fb");
        assertThat(read.warnings()).isEmpty();
    }

    @Test
    void anInventoryReadFromAnSbomRendersInEveryReportFormat() throws Exception {
        for (String fixture : List.of("trivy-alpine-3.20.3.cdx.json", "syft-debian-12.cdx.json", "trivy-ubi8-nodejs.cdx.json")) {
            Inventory read = CycloneDxSbomReader.read(Fixtures.sbom(fixture));

            assertThat(JsonSchemas.inventoryProblems(new ObjectMapper().readTree(render(new JsonInventoryWriter(), read)))).isEmpty();
            byte[] bom = render(new CycloneDxWriter(), read).getBytes(StandardCharsets.UTF_8);
            assertThat(new JsonParser().validate(bom, Version.VERSION_15)).isEmpty();
            assertThat(render(new TableWriter(), read)).contains("Packages: " + read.packages().size());
        }
        String table = render(new TableWriter(), CycloneDxSbomReader.read(Fixtures.sbom("trivy-alpine-3.20.3.cdx.json")));
        assertThat(table).contains("Image:    alpine:3.20.3 (cyclonedx)")
                .containsPattern("musl +1\\.2\\.5-r0 +x86_64 +\\? sha256:1bccf10afce5");
    }

    /** Identity, source and the layer's diffID: what a Trivy SBOM and a scan should agree on. */
    private static List<String> rowsWithLayer(Inventory inventory) {
        return inventory.packages().stream()
                .map(p -> String.join("\t", p.name(), p.version(), p.source().name(), p.source().version(), p.arch(),
                        p.layer().diffId()))
                .toList();
    }

    private static List<String> identities(Inventory inventory) {
        return inventory.packages().stream()
                .map(p -> String.join("\t", p.name(), p.version(), p.source().name(), Objects.toString(p.source().version()),
                        p.arch()))
                .toList();
    }

    private static Package find(Inventory inventory, String name) {
        return inventory.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static String render(InventoryWriter writer, Inventory inventory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(inventory, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
