package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OSV as an advisory source: its documents parsed one by one into records, warnings passed on, a content version. */
class OsvSourceTest {
    /** The bundled snapshot, relative to the module (the working directory of its tests). */
    private static final Path SNAPSHOT = Path.of("src/main/vulndb-snapshot");

    @TempDir
    Path dir;

    @Test
    void fixturesReadIntoRecordsInPathOrderWithTheirWarning() throws IOException {
        Path tree = OsvFixtures.copyTo(dir.resolve("osv"));
        AdvisorySource source = OsvSources.of(tree.toString());
        Read read = read(source);

        assertThat(source.name()).isEqualTo("osv/");
        assertThat(read.records()).extracting(r -> r.advisory().id()).containsExactly("ALPINE-CVE-2024-0853",
                "DEBIAN-CVE-2024-0727", "RHSA-2024:1234", "UBUNTU-CVE-2024-3094", "ALSA-2024:0001", "RLSA-2023:0001");
        assertThat(read.records()).as("as OsvParser reads each file").containsExactlyElementsOf(Stream.of(
                "ALPINE-CVE-2024-0853.json", "DEBIAN-CVE-2024-0727.json", "RHSA-2024-1234.json",
                "UBUNTU-CVE-2024-3094.json", "nested/ALSA-2024-0001.json", "nested/RLSA-2023-0001.json")
                .map(OsvFixtures::record).toList());
        assertThat(read.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(OsvWarning.Kind.UNPARSEABLE_CVSS);
            assertThat(w.source()).startsWith("osv/");
        });
        assertThat(read.version()).isEqualTo(digestOf(Stream.of("ALPINE-CVE-2024-0853.json",
                "DEBIAN-CVE-2024-0727.json", "RHSA-2024-1234.json", "UBUNTU-CVE-2024-3094.json",
                "nested/ALSA-2024-0001.json", "nested/RLSA-2023-0001.json").map(OsvFixtures::bytes).toList()));
    }

    @Test
    void theVersionIsTheDocumentsWhereverTheyAreReadFromAndChangesWithThem() throws IOException {
        Path one = Files.write(dir.resolve("one.json"), OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"));
        Path zip = OsvSourcesTest.zip(dir.resolve("all.zip"), "DEBIAN-CVE-2024-0727.json",
                new String(OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"), StandardCharsets.UTF_8));
        String version = read(OsvSources.of(one.toString())).version();

        assertThat(version).matches("sha256:[0-9a-f]{64}");
        assertThat(read(OsvSources.of(one.toString())).version()).as("read again").isEqualTo(version);
        assertThat(read(OsvSources.of(zip.toString())).version()).as("the same document zipped").isEqualTo(version);

        Files.write(one, OsvFixtures.bytes("UBUNTU-CVE-2024-3094.json"));
        assertThat(read(OsvSources.of(one.toString())).version()).isNotEqualTo(version);
    }

    @Test
    void theBundledSnapshotReadsWhole() throws IOException {
        AdvisorySource source = OsvSources.of(SNAPSHOT.toString());
        Read read = read(source);

        assertThat(source.name()).isEqualTo("vulndb-snapshot/");
        assertThat(read.records()).hasSize(47);
        assertThat(read.records()).filteredOn(r -> r.advisory().id().startsWith("ALPINE-")).hasSize(26);
        assertThat(read.records()).extracting(r -> r.advisory().id()).doesNotHaveDuplicates()
                .startsWith("ALPINE-CVE-2016-8859").endsWith("DSA-5678-1");
        assertThat(read.records()).allSatisfy(r -> assertThat(r.withdrawn()).isNull());
        assertThat(read.warnings()).isEmpty();
        assertThat(read(source).version()).as("the same data, the same version").isEqualTo(read.version());
    }

    @Test
    void recordsAreHandedOverAsReadAndTheFirstMalformedDocumentStopsTheRead() throws IOException {
        Files.write(dir.resolve("a.json"), OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"));
        Files.writeString(dir.resolve("b.json"), "{\"id\": \"DSA-2-1\"}");
        Files.write(dir.resolve("c.json"), OsvFixtures.bytes("UBUNTU-CVE-2024-3094.json"));
        List<String> handed = new ArrayList<>();

        assertThatThrownBy(() -> OsvSources.of(dir.toString()).read(r -> handed.add(r.advisory().id())))
                .isInstanceOf(OsvFormatException.class)
                .hasMessage(dir.getFileName() + "/b.json (DSA-2-1): missing 'modified'");
        assertThat(handed).containsExactly("DEBIAN-CVE-2024-0727");
    }

    @Test
    void aSinkThatRefusesARecordStopsTheRead() throws IOException {
        Path tree = OsvFixtures.copyTo(dir.resolve("osv"));
        List<String> handed = new ArrayList<>();

        assertThatThrownBy(() -> OsvSources.of(tree.toString()).read(r -> {
            handed.add(r.advisory().id());
            throw new IOException("full");
        })).isInstanceOf(IOException.class).hasMessage("full");
        assertThat(handed).hasSize(1);
    }

    /** What one read of a source gave. */
    private record Read(List<OsvRecord> records, List<OsvWarning> warnings, String version) {}

    private static Read read(AdvisorySource source) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        List<OsvWarning> warnings = new ArrayList<>();
        String version = source.read(new AdvisorySource.RecordSink() {
            @Override
            public void record(OsvRecord record) {
                records.add(record);
            }

            @Override
            public void warning(OsvWarning warning) {
                warnings.add(warning);
            }
        });
        return new Read(records, warnings, version);
    }

    /** The documented version: SHA-256 of each document's length (8 bytes, big endian) and bytes, in order. */
    private static String digestOf(List<byte[]> documents) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] d : documents) {
                sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(d.length).array());
                sha256.update(d);
            }
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
