package dev.imagescan.sbom;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.CycloneDxWriter;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our own CycloneDX output, read back, gives the inventory that was written: packages, sources, layers, OS, image. */
class OwnCycloneDxRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alpine-3.20.3.oci.tar", "alpine-3.6.5.oci.tar", "alpine-3.9.6.docker.tar.gz",
        "debian-bookworm-trimmed.oci.tar"})
    void committedImageComesBackAsScanned(String image) throws IOException {
        Inventory scanned = scan(Corpus.image(image));

        Inventory read = roundTrip(scanned);

        assertSameInventory(read, scanned);
    }

    @Test
    void rpmImageComesBackWithEpochsVendorsAndSourceRpms(@TempDir Path dir) throws IOException {
        String osRelease = "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20230126\"\nID=mariner\nVERSION_ID=\"2.0\"\n";
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", osRelease)
                        .file("var/lib/rpm/rpmdb.sqlite", Files.readAllBytes(RpmFixtures.resource("sqlite-mariner2/rpmdb.sqlite"))))
                .writeOciArchive(dir.resolve("mariner.oci.tar"));
        Inventory scanned = scan(image);

        Inventory read = roundTrip(scanned);

        assertSameInventory(read, scanned);
        assertThat(read.packages()).hasSize(129).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("ca-certificates-shared");
            assertThat(p.version()).isEqualTo("1:2.0.0-1.cm2");
            assertThat(p.rpm().epoch()).isEqualTo(1L);
            assertThat(p.rpm().vendor()).isEqualTo("Microsoft Corporation");
        });
    }

    @Test
    void readingTheFileGivesTheSameAsReadingTheStream(@TempDir Path dir) throws IOException {
        Inventory scanned = scan(Corpus.image("alpine-3.20.3.oci.tar"));
        Path file = dir.resolve("alpine.cdx.json");
        Files.writeString(file, CycloneDxWriter.toJson(scanned));

        Inventory read = CycloneDxSbomReader.read(file);

        assertSameInventory(read, scanned);
    }

    private static void assertSameInventory(Inventory read, Inventory scanned) {
        assertThat(read.packages()).containsExactlyElementsOf(scanned.packages());
        assertThat(read.os()).isEqualTo(scanned.os());
        ImageSummary image = read.image();
        assertThat(image.format()).isEqualTo("cyclonedx");
        assertThat(image.name()).isEqualTo(scanned.image().tags().isEmpty() ? scanned.image().name()
                : scanned.image().tags().get(0));
        assertThat(image.configDigest()).isEqualTo(scanned.image().configDigest());
        assertThat(image.manifestDigest()).isEqualTo(scanned.image().manifestDigest());
        assertThat(image.platform()).isEqualTo(scanned.image().platform());
        assertThat(image.layers()).extracting(ImageSummary.Layer::index, ImageSummary.Layer::diffId)
                .containsExactlyElementsOf(scanned.image().layers().stream()
                        .map(l -> tuple(l.index(), l.diffId())).toList());
        assertThat(read.warnings()).isEmpty();
        assertThat(read.analyzers()).containsExactly("sbom-cyclonedx/1");
    }

    private static Inventory roundTrip(Inventory scanned) throws IOException {
        byte[] bom = CycloneDxWriter.toJson(scanned).getBytes(StandardCharsets.UTF_8);
        return CycloneDxSbomReader.read(new ByteArrayInputStream(bom), "own.cdx.json");
    }

    private static Inventory scan(Path image) {
        return new ImageScanner(ScanOptions.defaults()).scan(image);
    }
}
