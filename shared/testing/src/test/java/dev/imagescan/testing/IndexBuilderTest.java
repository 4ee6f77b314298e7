package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBuilderTest {
    @TempDir Path tmp;

    private static BuiltImage image(Platform p) {
        return ImageBuilder.image().platform(p)
                .layer(LayerBuilder.layer().file("etc/arch", p.toString()).compression(Compression.GZIP))
                .build();
    }

    @Test
    void indexJsonNamesAnIndexBlobWhichNamesPlatformManifests() throws Exception {
        BuiltImage amd = image(Platform.LINUX_AMD64);
        BuiltImage arm = image(Platform.LINUX_ARM64);
        BuiltIndex idx = IndexBuilder.index().add(amd).add(arm).refName("latest").build();
        Path tar = idx.writeOciArchive(tmp.resolve("multi.oci.tar"));

        ImageChecks.OciSummary s = ImageChecks.checkOciArchive(tar);
        JsonNode top = s.indexJson().path("manifests");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(top.get(0).path("digest").asText()).isEqualTo(idx.digest()).isEqualTo(Digests.sha256(idx.index()));
        assertThat(top.get(0).path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("latest");

        JsonNode index = Json.parse(s.files().get("blobs/sha256/" + idx.digestHex()));
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests")).hasSize(2);
        assertThat(index.path("manifests").get(0).path("platform").path("architecture").asText()).isEqualTo("amd64");
        assertThat(index.path("manifests").get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");
        assertThat(index.path("manifests").get(1).path("platform").path("variant").asText()).isEqualTo("v8");
        assertThat(s.images()).extracting(ImageChecks.CheckedImage::manifestDigest)
                .containsExactly(amd.manifestDigest(), arm.manifestDigest());
    }

    @Test
    void directModeListsManifestsInIndexJson() throws Exception {
        BuiltImage amd = image(Platform.LINUX_AMD64);
        BuiltImage arm = image(Platform.LINUX_ARM_V7);
        BuiltIndex idx = IndexBuilder.index().add(amd).add(arm).directInIndexJson().build();
        Path dir = idx.writeOciLayout(tmp.resolve("layout"));
        ImageChecks.OciSummary s = ImageChecks.checkOciLayout(dir);
        assertThat(s.indexJson().path("manifests")).hasSize(2);
        assertThat(s.indexJson().path("manifests").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(s.images()).hasSize(2);
        assertThat(s.files()).doesNotContainKey("blobs/sha256/" + idx.digestHex());
    }

    @Test
    void nestedIndexesAndAttestations() throws Exception {
        BuiltImage amd = image(Platform.LINUX_AMD64);
        BuiltImage s390 = image(Platform.of("linux", "s390x"));
        BuiltImage attestation = ImageBuilder.image().platform(Platform.UNKNOWN)
                .layer(LayerBuilder.layer().file("sbom.spdx.json", "{}")).build();
        BuiltIndex inner = IndexBuilder.index().add(s390).build();
        BuiltIndex outer = IndexBuilder.index()
                .add(amd)
                .add(attestation, Platform.UNKNOWN, Map.of("vnd.docker.reference.type", "attestation-manifest",
                        "vnd.docker.reference.digest", amd.manifestDigest()))
                .addNestedIndex(inner)
                .build();
        Path tar = outer.writeOciArchive(tmp.resolve("nested.tar"));
        ImageChecks.OciSummary s = ImageChecks.checkOciArchive(tar);
        assertThat(s.images()).extracting(ImageChecks.CheckedImage::manifestDigest)
                .containsExactly(amd.manifestDigest(), attestation.manifestDigest(), s390.manifestDigest());
        assertThat(s.files()).containsKey("blobs/sha256/" + inner.digestHex());
        JsonNode outerJson = Json.parse(outer.index());
        assertThat(outerJson.path("manifests").get(2).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(outerJson.path("manifests").get(1).path("annotations").path("vnd.docker.reference.type").asText())
                .isEqualTo("attestation-manifest");
        assertThat(outer.images()).hasSize(2);
        assertThat(outer.nestedIndexes()).containsExactly(inner);
    }

    @Test
    void sharedLayersAreWrittenOnce() throws Exception {
        BuiltLayer base = LayerBuilder.layer().file("etc/os-release", "ID=debian\n").compression(Compression.GZIP).build();
        BuiltImage a = ImageBuilder.image().layer(base).build();
        BuiltImage b = ImageBuilder.image().platform(Platform.LINUX_ARM64).layer(base).build();
        Path tar = IndexBuilder.index().add(a).add(b).writeOciArchive(tmp.resolve("shared.tar"));
        assertThat(TarContents.names(tar).stream().filter(n -> n.endsWith(base.digestHex()))).hasSize(1);
        ImageChecks.checkOciArchive(tar);
    }
}
