package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageBuilderTest {
    @TempDir Path tmp;

    static BuiltImage sampleImage() {
        return ImageBuilder.image()
                .layer(LayerBuilder.layer()
                        .dir("etc")
                        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                        .file("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n\n")
                        .compression(Compression.GZIP))
                .emptyLayerHistory("ENV FOO=bar")
                .layer(LayerBuilder.layer().file("usr/bin/app", "#!/bin/sh\n").compression(Compression.ZSTD))
                .layer(LayerBuilder.layer().whiteout("etc/os-release"))
                .repoTag("imagescan.test/sample:1.0")
                .refName("1.0")
                .label("org.opencontainers.image.title", "sample")
                .build();
    }

    @Test
    void configAndManifestAreConsistentAndDigestsAreOfTheBytes() {
        BuiltImage img = sampleImage();
        assertThat(img.configDigest()).isEqualTo(Digests.sha256(img.config()));
        assertThat(img.manifestDigest()).isEqualTo(Digests.sha256(img.manifest()));

        JsonNode config = Json.parse(img.config());
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
        assertThat(diffIds).isEqualTo(img.diffIds());
        assertThat(config.path("history")).hasSize(4);
        assertThat(config.path("history").get(1).path("empty_layer").asBoolean()).isTrue();
        long nonEmpty = 0;
        for (JsonNode h : config.path("history")) {
            nonEmpty += h.path("empty_layer").asBoolean() ? 0 : 1;
        }
        assertThat(nonEmpty).isEqualTo(img.layers().size());

        JsonNode m = Json.parse(img.manifest());
        assertThat(m.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(m.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(m.path("config").path("digest").asText()).isEqualTo(img.configDigest());
        assertThat(m.path("config").path("size").asLong()).isEqualTo(img.config().length);
        for (int i = 0; i < img.layers().size(); i++) {
            BuiltLayer l = img.layers().get(i);
            JsonNode d = m.path("layers").get(i);
            assertThat(d.path("digest").asText()).isEqualTo(l.digest()).isEqualTo(Digests.sha256(l.blob()));
            assertThat(d.path("size").asLong()).isEqualTo(l.blob().length);
            assertThat(d.path("mediaType").asText()).isEqualTo(l.mediaType());
        }
        assertThat(m.path("layers")).extracting(n -> n.path("mediaType").asText()).containsExactly(
                MediaTypes.OCI_LAYER_TAR_GZIP, MediaTypes.OCI_LAYER_TAR_ZSTD, MediaTypes.OCI_LAYER_TAR);
        // deterministic
        assertThat(sampleImage().manifestDigest()).isEqualTo(img.manifestDigest());
    }

    @Test
    void platformAndVariantGoIntoTheConfig() {
        BuiltImage img = ImageBuilder.image().platform("linux", "arm", "v7").layer(LayerBuilder.layer().file("a", "b")).build();
        JsonNode c = Json.parse(img.config());
        assertThat(c.path("architecture").asText()).isEqualTo("arm");
        assertThat(c.path("variant").asText()).isEqualTo("v7");
        assertThat(img.platform()).isEqualTo(Platform.LINUX_ARM_V7);
    }

    @Test
    void ociArchiveReadsBackConsistently() throws Exception {
        BuiltImage img = sampleImage();
        Path tar = img.writeOciArchive(tmp.resolve("img.oci.tar"));

        // read back with plain commons-compress
        Map<String, byte[]> files = TarContents.readAll(tar);
        assertThat(new String(files.get("oci-layout"), StandardCharsets.UTF_8)).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        JsonNode index = Json.parse(files.get("index.json"));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode d = index.path("manifests").get(0);
        assertThat(d.path("digest").asText()).isEqualTo(img.manifestDigest());
        assertThat(d.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("1.0");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("blobs/sha256/")) {
                assertThat("blobs/sha256/" + Digests.sha256Hex(f.getValue())).isEqualTo(f.getKey());
            }
        }
        assertThat(files.get("blobs/sha256/" + img.manifestDigestHex())).isEqualTo(img.manifest());
        assertThat(files.get("blobs/sha256/" + img.configDigestHex())).isEqualTo(img.config());
        for (BuiltLayer l : img.layers()) {
            assertThat(files.get("blobs/sha256/" + l.digestHex())).isEqualTo(l.blob());
        }
        // skopeo's order: directories, layers, config, manifest, index.json, oci-layout
        List<String> names = TarContents.names(tar);
        assertThat(names.subList(0, 2)).containsExactly("blobs/", "blobs/sha256/");
        assertThat(names.get(2)).isEqualTo("blobs/sha256/" + img.layers().get(0).digestHex());
        assertThat(names.subList(names.size() - 2, names.size())).containsExactly("index.json", "oci-layout");

        ImageChecks.OciSummary s = ImageChecks.checkOciArchive(tar);
        assertThat(s.images()).hasSize(1);
        assertThat(s.images().get(0).diffIds()).isEqualTo(img.diffIds());
    }

    @Test
    void ociLayoutDirectory() throws Exception {
        BuiltImage img = sampleImage();
        Path dir = img.writeOciLayout(tmp.resolve("layout"));
        assertThat(dir.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(dir.resolve("index.json")).exists();
        for (BuiltLayer l : img.layers()) {
            assertThat(Files.readAllBytes(dir.resolve("blobs/sha256/" + l.digestHex()))).isEqualTo(l.blob());
        }
        assertThat(ImageChecks.checkOciLayout(dir).images().get(0).manifestDigest()).isEqualTo(img.manifestDigest());
    }

    @ParameterizedTest
    @EnumSource(DockerArchiveStyle.class)
    void dockerArchiveManifestPointsAtExistingEntries(DockerArchiveStyle style) throws Exception {
        BuiltImage img = sampleImage();
        Path tar = img.writeDockerArchive(tmp.resolve(style + ".tar"), style);
        ImageChecks.DockerSummary s = ImageChecks.checkDockerArchive(tar);
        assertThat(s.diffIds().get(0)).isEqualTo(img.diffIds());
        JsonNode item = s.manifestJson().get(0);
        assertThat(item.path("RepoTags").get(0).asText()).isEqualTo("imagescan.test/sample:1.0");
        // config kept byte for byte
        String configName = item.path("Config").asText();
        assertThat(s.files().get(configName)).isEqualTo(img.config());
        for (JsonNode layer : item.path("Layers")) {
            assertThat(s.entries()).containsKey(layer.asText());
        }
        switch (style) {
            case CLASSIC:
                assertThat(configName).isEqualTo(img.configDigestHex() + ".json");
                assertThat(item.path("Layers").get(0).asText()).endsWith("/layer.tar");
                assertThat(s.entries().get(item.path("Layers").get(0).asText()).isFile()).isTrue();
                assertThat(s.files()).containsKey("repositories");
                assertThat(s.files().get(item.path("Layers").get(0).asText())).isEqualTo(img.layers().get(0).uncompressedBytes());
                break;
            case SKOPEO:
            case SKOPEO_MANIFEST_VIA_SYMLINKS:
                assertThat(configName).isEqualTo(img.configDigestHex() + ".json");
                for (BuiltLayer l : img.layers()) {
                    assertThat(s.files().get(l.diffIdHex() + ".tar")).isEqualTo(l.uncompressedBytes());
                }
                List<TarArchiveEntry> links = s.entries().values().stream().filter(TarArchiveEntry::isSymbolicLink).toList();
                assertThat(links).hasSize(3);
                for (TarArchiveEntry link : links) {
                    assertThat(link.getName()).matches("[0-9a-f]{64}/layer\\.tar");
                    assertThat(link.getLinkName()).matches("\\.\\./[0-9a-f]{64}\\.tar");
                    assertThat(s.entries()).containsKey(link.getLinkName().substring(3));
                }
                String first = item.path("Layers").get(0).asText();
                if (style == DockerArchiveStyle.SKOPEO) {
                    assertThat(first).isEqualTo(img.layers().get(0).diffIdHex() + ".tar");
                } else {
                    assertThat(s.entries().get(first).isSymbolicLink()).isTrue();
                }
                assertThat(TarContents.names(tar)).last().isEqualTo("repositories");
                break;
            case DOCKER_OCI:
                assertThat(configName).isEqualTo("blobs/sha256/" + img.configDigestHex());
                assertThat(item.path("Layers").get(0).asText()).isEqualTo("blobs/sha256/" + img.layers().get(0).diffIdHex());
                // it is also a valid OCI layout, with uncompressed layer blobs
                ImageChecks.OciSummary oci = ImageChecks.checkOciArchive(tar);
                assertThat(oci.images().get(0).manifest().path("layers").get(0).path("mediaType").asText())
                        .isEqualTo(MediaTypes.OCI_LAYER_TAR);
                assertThat(oci.indexJson().path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText())
                        .isEqualTo("imagescan.test/sample:1.0");
                break;
            case CRANE:
                assertThat(configName).isEqualTo("sha256:" + img.configDigestHex());
                assertThat(item.path("Layers").get(0).asText()).isEqualTo(img.layers().get(0).digestHex() + ".tar.gz");
                assertThat(s.files().get(item.path("Layers").get(0).asText())).isEqualTo(img.layers().get(0).blob());
                break;
            default:
                throw new AssertionError(style);
        }
    }

    @Test
    void dockerArchiveOfSeveralImagesSharesLayers() throws Exception {
        BuiltLayer base = LayerBuilder.layer().file("etc/os-release", "ID=debian\n").build();
        BuiltImage a = ImageBuilder.image().layer(base).layer(LayerBuilder.layer().file("a", "1")).repoTag("t/a:1").build();
        BuiltImage b = ImageBuilder.image().layer(base).layer(LayerBuilder.layer().file("b", "2")).build();
        Path tar = DockerArchiveWriter.write(tmp.resolve("two.tar"), DockerArchiveStyle.SKOPEO, Tamper.none(), a, b);
        ImageChecks.DockerSummary s = ImageChecks.checkDockerArchive(tar);
        assertThat(s.manifestJson()).hasSize(2);
        assertThat(s.manifestJson().get(1).path("RepoTags").isNull()).isTrue();
        assertThat(TarContents.names(tar).stream().filter(n -> n.equals(base.diffIdHex() + ".tar"))).hasSize(1);
    }

    @Test
    void dockerMediaTypesOption() {
        BuiltImage img = ImageBuilder.image().dockerMediaTypes()
                .layer(LayerBuilder.layer().file("a", "b").compression(Compression.GZIP)).build();
        JsonNode m = Json.parse(img.manifest());
        assertThat(m.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(m.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_LAYER_TAR_GZIP);
    }

    @Test
    void layoutMatchesTheCorpusSkopeoDockerArchiveShape() throws Exception {
        // the shape of /work/shared/corpus/images/alpine-3.9.6.docker.tar (written by skopeo):
        //   <diffid>.tar, <config>.json, <id>/layer.tar -> ../<diffid>.tar, <id>/VERSION, <id>/json,
        //   manifest.json, repositories
        BuiltLayer l = LayerBuilder.layer().file("a", "b").build();
        BuiltImage img = ImageBuilder.image().layer(l).repoTag("docker.io/library/alpine:3.9.6").build();
        Path tar = img.writeDockerArchive(tmp.resolve("skopeo.tar"));
        List<TarArchiveEntry> es = TarContents.entries(tar);
        assertThat(es).extracting(TarArchiveEntry::getName).containsExactly(
                l.diffIdHex() + ".tar", img.configDigestHex() + ".json",
                es.get(2).getName(), es.get(3).getName(), es.get(4).getName(), "manifest.json", "repositories");
        assertThat(es.get(2).getName()).endsWith("/layer.tar");
        assertThat(es.get(2).getLinkName()).isEqualTo("../" + l.diffIdHex() + ".tar");
        assertThat(es.get(3).getName()).endsWith("/VERSION");
        assertThat(es.get(4).getName()).endsWith("/json");
        Map<String, byte[]> files = TarContents.readAll(tar);
        assertThat(new String(files.get("manifest.json"), StandardCharsets.UTF_8)).isEqualTo(
                "[{\"Config\":\"" + img.configDigestHex() + ".json\",\"RepoTags\":[\"docker.io/library/alpine:3.9.6\"],"
                        + "\"Layers\":[\"" + l.diffIdHex() + ".tar\"]}]");
        String id = es.get(2).getName().substring(0, 64);
        assertThat(new String(files.get("repositories"), StandardCharsets.UTF_8))
                .isEqualTo("{\"docker.io/library/alpine\":{\"3.9.6\":\"" + id + "\"}}");
        assertThat(files.get(id + "/VERSION")).asString(StandardCharsets.UTF_8).isEqualTo("1.0");
        assertThat(Json.parse(files.get(id + "/json")).path("id").asText()).isEqualTo(id);
    }
}
