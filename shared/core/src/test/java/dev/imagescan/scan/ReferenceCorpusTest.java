package dev.imagescan.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image of the reference corpus ({@code ../shared/corpus/images}, when it is beside the repository) gives
 * exactly its expected package list, in the form it comes in and converted to the other form (docker-archive ↔ OCI).
 * Skipped when the corpus is absent; {@link CommittedImagesTest} covers committed copies either way.
 */
class ReferenceCorpusTest {

    static Stream<String> images() throws IOException {
        Path corpus = Corpus.referenceCorpus().orElse(null);
        if (corpus == null) {
            return Stream.of("(reference corpus not present)");
        }
        try (Stream<Path> files = Files.list(corpus.resolve("images"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void packageListMatchesInBothForms(String name, @TempDir Path dir) throws IOException {
        assumeTrue(Corpus.referenceCorpus().isPresent(), "../shared/corpus is not beside the repository");
        Path corpus = Corpus.referenceCorpus().get();
        Path image = corpus.resolve("images").resolve(name);
        String base = name.replaceAll("\\.(oci|docker)\\.tar$", "");
        List<String> expected = Corpus.expectedRows(corpus.resolve("expected").resolve(base + ".tsv"));

        Path other;
        if (name.endsWith(".oci.tar")) {
            other = dir.resolve(base + ".docker.tar");
            ImageConverter.ociArchiveToDockerArchive(image, other);
        } else {
            other = dir.resolve(base + ".oci.tar");
            ImageConverter.dockerArchiveToOciArchive(image, other, Compression.GZIP);
        }
        Inventory original = CommittedImagesTest.scan(image);
        Inventory converted = CommittedImagesTest.scan(other);

        assertThat(CommittedImagesTest.rows(original)).containsExactlyElementsOf(expected);
        assertThat(CommittedImagesTest.rows(converted)).containsExactlyElementsOf(expected);
        assertThat(converted.image().format()).isNotEqualTo(original.image().format());
        assertThat(original.warnings()).isEmpty();
    }
}
