package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageConverterTest {
    /** Read-only corpus of real images; absent on machines without /work/shared. */
    static final Path CORPUS = Path.of("/work/shared/corpus/images");

    @TempDir Path tmp;

    @Test
    void realAlpineOciArchiveRoundTripsThroughDockerArchive() throws Exception {
        Path src = CORPUS.resolve("alpine-3.20.3.oci.tar");
        assumeTrue(Files.isRegularFile(src), "corpus image not present: " + src);

        // what the original says, read independently of the converter
        ImageChecks.OciSummary orig = ImageChecks.checkOciArchive(src);
        ImageChecks.CheckedImage o = orig.images().get(0);
        byte[] origConfig = orig.files().get("blobs/sha256/" + Digests.hex(o.manifest().path("config").path("digest").asText()));
        List<String> origUncompressed = new ArrayList<>();
        for (JsonNode l : o.manifest().path("layers")) {
            byte[] blob = orig.files().get("blobs/sha256/" + Digests.hex(l.path("digest").asText()));
            try (InputStream in = Compression.fromMediaType(l.path("mediaType").asText()).decompress(new ByteArrayInputStream(blob))) {
                origUncompressed.add(Digests.sha256(in));
            }
        }
        assertThat(origUncompressed).isEqualTo(o.diffIds());

        // OCI -> docker archive
        Path docker = tmp.resolve("alpine.docker.tar");
        ImageConverter.Converted c = ImageConverter.ociArchiveToDockerArchive(src, docker);
        assertThat(c.configDigest()).isEqualTo(Digests.sha256(origConfig));
        assertThat(c.diffIds()).isEqualTo(o.diffIds());
        ImageChecks.DockerSummary d = ImageChecks.checkDockerArchive(docker);
        assertThat(d.diffIds().get(0)).isEqualTo(o.diffIds());
        assertThat(d.files().get(d.manifestJson().get(0).path("Config").asText())).isEqualTo(origConfig);
        Map<String, String> shas = TarContents.sha256(docker);
        for (String diffId : o.diffIds()) {
            assertThat(shas.get(Digests.hex(diffId) + ".tar")).isEqualTo(diffId); // uncompressed, as skopeo writes
        }

        // docker archive -> OCI archive, layers kept uncompressed
        Path ociPlain = tmp.resolve("alpine.plain.oci.tar");
        ImageConverter.Converted p = ImageConverter.dockerArchiveToOciArchive(docker, ociPlain, Compression.NONE);
        ImageChecks.OciSummary ps = ImageChecks.checkOciArchive(ociPlain);
        assertThat(ps.images().get(0).diffIds()).isEqualTo(o.diffIds());
        assertThat(p.configDigest()).isEqualTo(c.configDigest());
        assertThat(p.layerDigests()).isEqualTo(o.diffIds());
        assertThat(p.layerMediaTypes()).containsOnly(MediaTypes.OCI_LAYER_TAR);
        assertThat(ps.images().get(0).manifest().path("config").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);

        // docker archive -> OCI layout, layers gzip-compressed: same diffIDs
        Path layout = tmp.resolve("alpine.layout");
        ImageConverter.Converted g = ImageConverter.dockerArchiveToOciLayout(docker, layout, Compression.GZIP);
        ImageChecks.OciSummary gs = ImageChecks.checkOciLayout(layout);
        assertThat(gs.images().get(0).diffIds()).isEqualTo(o.diffIds());
        assertThat(g.layerMediaTypes()).containsOnly(MediaTypes.OCI_LAYER_TAR_GZIP);
        assertThat(g.configDigest()).isEqualTo(c.configDigest());
    }

    @Test
    void realSkopeoDockerArchiveWithSymlinksConvertsToOci() throws Exception {
        Path src = CORPUS.resolve("alpine-3.9.6.docker.tar");
        assumeTrue(Files.isRegularFile(src), "corpus image not present: " + src);
        ImageChecks.DockerSummary orig = ImageChecks.checkDockerArchive(src);
        Path oci = tmp.resolve("a396.oci.tar");
        ImageConverter.Converted c = ImageConverter.dockerArchiveToOciArchive(src, oci, Compression.ZSTD);
        assertThat(c.diffIds()).isEqualTo(orig.diffIds().get(0));
        ImageChecks.OciSummary s = ImageChecks.checkOciArchive(oci);
        assertThat(s.images().get(0).diffIds()).isEqualTo(orig.diffIds().get(0));
        assertThat(s.images().get(0).config()).isEqualTo(orig.configs().get(0));
        assertThat(s.indexJson().path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("3.9.6");
    }

    @ParameterizedTest
    @EnumSource(DockerArchiveStyle.class)
    void builtImagesRoundTripInEveryDockerStyle(DockerArchiveStyle style) throws Exception {
        BuiltImage img = ImageBuilderTest.sampleImage(); // gzip, zstd and plain layers
        Path oci = img.writeOciArchive(tmp.resolve("in.oci.tar"));
        Path docker = tmp.resolve("out.docker.tar");
        ImageConverter.Converted c = ImageConverter.ociArchiveToDockerArchive(oci, docker, style, null, List.of("t/x:1"));
        assertThat(c.diffIds()).isEqualTo(img.diffIds());
        assertThat(c.configDigest()).isEqualTo(img.configDigest());
        ImageChecks.DockerSummary d = ImageChecks.checkDockerArchive(docker);
        assertThat(d.diffIds().get(0)).isEqualTo(img.diffIds());

        Path back = tmp.resolve("back.oci.tar");
        ImageConverter.Converted b = ImageConverter.dockerArchiveToOciArchive(docker, back, Compression.GZIP);
        assertThat(b.diffIds()).isEqualTo(img.diffIds());
        assertThat(b.configDigest()).isEqualTo(img.configDigest());
        ImageChecks.checkOciArchive(back);
    }

    @Test
    void picksThePlatformFromAnIndexAndReadsLayouts() throws Exception {
        BuiltImage amd = ImageBuilder.image().layer(LayerBuilder.layer().file("arch", "amd64").compression(Compression.GZIP)).build();
        BuiltImage arm = ImageBuilder.image().platform(Platform.LINUX_ARM64)
                .layer(LayerBuilder.layer().file("arch", "arm64").compression(Compression.ZSTD)).build();
        Path layout = IndexBuilder.index().add(amd).add(arm).refName("multi").writeOciLayout(tmp.resolve("multi"));

        ImageConverter.Converted c = ImageConverter.ociLayoutToDockerArchive(layout, tmp.resolve("arm.tar"),
                DockerArchiveStyle.CLASSIC, Platform.of("linux", "arm64"), null);
        assertThat(c.configDigest()).isEqualTo(arm.configDigest());
        assertThat(c.platform()).isEqualTo(Platform.LINUX_ARM64);
        ImageChecks.DockerSummary d = ImageChecks.checkDockerArchive(tmp.resolve("arm.tar"));
        assertThat(d.manifestJson().get(0).path("RepoTags").get(0).asText()).isEqualTo("imagescan.test/converted:multi");

        ImageConverter.Converted def = ImageConverter.ociLayoutToDockerArchive(layout, tmp.resolve("def.tar"),
                DockerArchiveStyle.SKOPEO, null, List.of());
        assertThat(def.configDigest()).isEqualTo(amd.configDigest());
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdIsRefused() throws Exception {
        BuiltLayer l = LayerBuilder.layer().file("a", "b").compression(Compression.GZIP).build();
        BuiltImage lying = ImageBuilder.image().layer(l.withDiffId("sha256:" + "1".repeat(64))).build();
        Path oci = lying.writeOciArchive(tmp.resolve("lying.tar"));
        assertThatThrownBy(() -> ImageConverter.ociArchiveToDockerArchive(oci, tmp.resolve("x.tar")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("diffID");
    }
}
