package dev.imagescan.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real images committed with the tests give exactly their expected package lists. */
class CommittedImagesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "alpine-3.20.3.oci.tar, alpine-3.20.3.tsv, alpine, 3.20.3",
        "alpine-3.6.5.oci.tar, alpine-3.6.5.tsv, alpine, 3.6.5",
        "alpine-3.9.6.docker.tar.gz, alpine-3.9.6.tsv, alpine, 3.9.6",
        "debian-bookworm-trimmed.oci.tar, debian-bookworm-trimmed.tsv, debian, 12.15",
    })
    void packageListIsExactlyTheExpectedOne(String image, String expected, String family, String version) {
        Inventory inventory = scan(Corpus.image(image));

        assertThat(rows(inventory)).containsExactlyElementsOf(Corpus.expectedRows(Corpus.image(expected)));
        assertThat(inventory.os().family()).isEqualTo(family);
        assertThat(inventory.os().version()).isEqualTo(version);
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void uncompressedDockerArchiveGivesTheSameListAsItsGzippedForm(@TempDir Path dir) throws IOException {
        Path tar = dir.resolve("alpine-3.9.6.docker.tar");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Corpus.image("alpine-3.9.6.docker.tar.gz")))) {
            Files.copy(in, tar);
        }
        Inventory inventory = scan(tar);

        assertThat(inventory.image().format()).isEqualTo("docker-archive");
        assertThat(rows(inventory)).containsExactlyElementsOf(Corpus.expectedRows(Corpus.image("alpine-3.9.6.tsv")));
    }

    @Test
    void debianPackagesCarryPurlsWithDistroAndSourcePackages() {
        Inventory inventory = scan(Corpus.image("debian-bookworm-trimmed.oci.tar"));

        Package brotli = inventory.packages().stream().filter(p -> p.name().equals("libbrotli1")).findFirst().orElseThrow();
        assertThat(brotli.purl()).isEqualTo("pkg:deb/debian/libbrotli1@1.0.9-2%2Bb6?arch=amd64&distro=debian-12.15");
        assertThat(brotli.source().name()).isEqualTo("brotli");
        assertThat(brotli.source().version()).isEqualTo("1.0.9-2");
        assertThat(brotli.layer().index()).isEqualTo(1);
        assertThat(inventory.os().source()).isEqualTo("/etc/os-release");
    }

    static Inventory scan(Path image) {
        return new ImageScanner(ScanOptions.defaults()).scan(image);
    }

    /** An inventory in the expected-list format: name, version, source name and version, arch, layer diffID. */
    public static List<String> rows(Inventory inventory) {
        return inventory.packages().stream()
                .map(p -> String.join("\t", p.name(), p.version(), p.source().name(), p.source().version(),
                        p.arch(), p.layer().diffId()))
                .sorted()
                .toList();
    }
}
