package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperTest {
    @TempDir Path tmp;

    private final BuiltImage img = ImageBuilderTest.sampleImage();
    private final BuiltLayer layer0 = img.layers().get(0);

    @Test
    void omitBlobLeavesTheManifestDangling() throws Exception {
        Path tar = img.writeOciArchive(tmp.resolve("a.tar"), Tamper.tamper().omitBlob(layer0.digest()));
        Map<String, byte[]> files = TarContents.readAll(tar);
        assertThat(files).doesNotContainKey("blobs/sha256/" + layer0.digestHex());
        assertThat(files).containsKey("blobs/sha256/" + img.manifestDigestHex());
        assertThatThrownBy(() -> ImageChecks.checkOciArchive(tar)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("missing blobs/sha256/" + layer0.digestHex());

        Path docker = img.writeDockerArchive(tmp.resolve("d.tar"), Tamper.tamper().omitBlob(img.configDigest()));
        assertThatThrownBy(() -> ImageChecks.checkDockerArchive(docker)).hasMessageContaining("not in the archive");
    }

    @Test
    void replaceBlobKeepsTheNameButNotTheContent() throws Exception {
        byte[] evil = Gzip.compress("not the layer".getBytes(StandardCharsets.UTF_8));
        Path dir = img.writeOciLayout(tmp.resolve("l"), Tamper.tamper().replaceBlob(layer0.digest(), evil));
        Path blob = dir.resolve("blobs/sha256/" + layer0.digestHex());
        assertThat(Files.readAllBytes(blob)).isEqualTo(evil);
        assertThat(Digests.sha256(blob)).isNotEqualTo(layer0.digest());
        assertThatThrownBy(() -> ImageChecks.checkOciLayout(dir)).hasMessageContaining("does not hash to its name");

        // in a docker archive a layer answers to its diffID as well
        Path docker = img.writeDockerArchive(tmp.resolve("d.tar"), DockerArchiveStyle.CLASSIC,
                Tamper.tamper().replaceBlob(layer0.diffId(), "junk".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ImageChecks.checkDockerArchive(docker)).hasMessageContaining("hashes to");
    }

    @Test
    void truncateBlob() throws Exception {
        Path tar = img.writeOciArchive(tmp.resolve("t.tar"), Tamper.tamper().truncateBlob(layer0.digest(), 20));
        assertThat(TarContents.readAll(tar).get("blobs/sha256/" + layer0.digestHex()))
                .isEqualTo(Arrays.copyOf(layer0.blob(), 20));
        Path docker = img.writeDockerArchive(tmp.resolve("d.tar"), Tamper.tamper().truncateBlob(layer0.diffId(), 700));
        assertThat(TarContents.readAll(docker).get(layer0.diffIdHex() + ".tar")).hasSize(700);
    }

    @Test
    void customLayerMediaType() throws Exception {
        Path tar = img.writeOciArchive(tmp.resolve("enc.tar"),
                Tamper.tamper().layerMediaType(0, MediaTypes.OCI_LAYER_TAR_GZIP_ENCRYPTED));
        Map<String, byte[]> files = TarContents.readAll(tar);
        JsonNode index = Json.parse(files.get("index.json"));
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        assertThat(manifestDigest).isNotEqualTo(img.manifestDigest());
        JsonNode m = Json.parse(files.get("blobs/sha256/" + Digests.hex(manifestDigest)));
        assertThat(m.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP_ENCRYPTED);
        assertThat(m.path("layers").get(0).path("digest").asText()).isEqualTo(layer0.digest());

        BuiltImage viaImage = img.withLayerMediaType(0, MediaTypes.OCI_LAYER_TAR_ENCRYPTED);
        assertThat(Json.parse(viaImage.manifest()).path("layers").get(0).path("mediaType").asText())
                .isEqualTo(MediaTypes.OCI_LAYER_TAR_ENCRYPTED);
        assertThat(viaImage.manifestDigest()).isEqualTo(Digests.sha256(viaImage.manifest()));

        assertThatThrownBy(() -> img.writeDockerArchive(tmp.resolve("x.tar"),
                Tamper.tamper().layerMediaType(0, MediaTypes.OCI_LAYER_TAR_ENCRYPTED)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trailingGarbageAfterTheOuterArchive() throws Exception {
        byte[] garbage = "trailing junk after the archive".getBytes(StandardCharsets.US_ASCII);
        Path clean = img.writeOciArchive(tmp.resolve("clean.tar"));
        Path dirty = img.writeOciArchive(tmp.resolve("dirty.tar"), Tamper.tamper().trailingGarbage(garbage));
        byte[] c = Files.readAllBytes(clean);
        byte[] d = Files.readAllBytes(dirty);
        assertThat(Arrays.copyOf(d, c.length)).isEqualTo(c);
        assertThat(Arrays.copyOfRange(d, c.length, d.length)).isEqualTo(garbage);
        ImageChecks.checkOciArchive(dirty); // a lenient reader still finds everything
        assertThatThrownBy(() -> img.writeOciLayout(tmp.resolve("l"), Tamper.tamper().trailingGarbage(garbage)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extraFilesEntriesAndOmittedEntries() throws Exception {
        TarArchiveEntry link = new TarArchiveEntry("blobs/sha256/evil", TarConstants.LF_SYMLINK, true);
        link.setLinkName("/etc/passwd");
        Path tar = img.writeOciArchive(tmp.resolve("x.tar"), Tamper.tamper()
                .extraFile("../escape.txt", "x".getBytes(StandardCharsets.UTF_8))
                .extraEntry(link, null)
                .omitEntry("oci-layout")
                .replaceEntry("index.json", "{not json".getBytes(StandardCharsets.UTF_8)));
        List<TarArchiveEntry> es = TarContents.entries(tar);
        assertThat(es).extracting(TarArchiveEntry::getName).contains("../escape.txt", "blobs/sha256/evil")
                .doesNotContain("oci-layout");
        assertThat(es.get(es.size() - 1).getLinkName()).isEqualTo("/etc/passwd");
        assertThat(TarContents.readAll(tar).get("index.json")).asString(StandardCharsets.UTF_8).isEqualTo("{not json");

        assertThatThrownBy(() -> img.writeOciLayout(tmp.resolve("l"), Tamper.tamper().extraFile("../escape", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataFirstOrdering() throws Exception {
        Path oci = img.writeOciArchive(tmp.resolve("m.tar"), Tamper.tamper().metadataFirst());
        List<String> names = TarContents.names(oci);
        assertThat(names.subList(0, 2)).containsExactly("blobs/", "blobs/sha256/");
        assertThat(names.indexOf("index.json")).isLessThan(names.indexOf("blobs/sha256/" + layer0.digestHex()));
        assertThat(names).last().isEqualTo("blobs/sha256/" + img.layers().get(2).digestHex());
        ImageChecks.checkOciArchive(oci);

        Path docker = img.writeDockerArchive(tmp.resolve("md.tar"), Tamper.tamper().metadataFirst());
        List<String> dn = TarContents.names(docker);
        assertThat(dn.indexOf("manifest.json")).isLessThan(dn.indexOf(layer0.diffIdHex() + ".tar"));
        ImageChecks.checkDockerArchive(docker);
    }

    @Test
    void unknownTargetsAreRejected() {
        assertThatThrownBy(() -> img.writeOciArchive(tmp.resolve("u.tar"),
                Tamper.tamper().omitBlob("sha256:" + "0".repeat(64))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in this archive");
        // an OCI archive names a gzip layer by its blob digest, not its diffID
        assertThatThrownBy(() -> img.writeOciArchive(tmp.resolve("v.tar"), Tamper.tamper().omitBlob(layer0.diffId())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> img.writeOciArchive(tmp.resolve("w.tar"), Tamper.tamper().omitEntry("nope")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
