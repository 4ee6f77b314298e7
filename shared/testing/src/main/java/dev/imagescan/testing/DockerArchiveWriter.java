package dev.imagescan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * Writes docker archives ({@code docker save} / {@code skopeo copy ... docker-archive:} output) in
  * one of the {@link DockerArchiveStyle}s, holding one or more images.
  *
  * <p>Legacy layer ids ({@code <id>/} directories) are derived from the layer's chain ID and the
  * config digest, so they are stable and unique per image; they are not byte-identical to the ids
  * Docker or skopeo compute (both allocate them freely, and readers must not rely on them).
  */
public final class DockerArchiveWriter {
    private DockerArchiveWriter() {}

    /** Writes all the images into one archive (manifest.json gets one item per image, in order). */
    public static Path write(Path tarFile, DockerArchiveStyle style, Tamper tamper, BuiltImage... images)
            throws IOException {
        return write(tarFile, style, tamper, List.of(images));
    }

    static Path write(Path tarFile, DockerArchiveStyle style, Tamper tamper, List<? extends ImageData> images)
            throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        if (!tamper.layerMediaTypes().isEmpty() && style != DockerArchiveStyle.DOCKER_OCI) {
            throw new IllegalArgumentException("a " + style + " docker archive has no layer media types to tamper with");
        }
        Plan plan = new Plan();
        ArrayNode manifestJson = Json.array();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        List<ObjectNode> ociIndex = new ArrayList<>();
        if (style == DockerArchiveStyle.DOCKER_OCI) {
            plan.dir("blobs/").dir("blobs/sha256/");
        }
        List<Runnable> late = new ArrayList<>(); // legacy dirs etc. that follow the layers (SKOPEO order)
        for (ImageData img : images) {
            List<String> ids = legacyIds(img);
            ObjectNode item = Json.object();
            ArrayNode layers = Json.array();
            String configName;
            switch (style) {
                case CLASSIC:
                    configName = Digests.hex(img.configDigest()) + ".json";
                    for (int i = 0; i < img.layerData().size(); i++) {
                        LayerData l = img.layerData().get(i);
                        String id = ids.get(i);
                        plan.dir(id + "/");
                        plan.file(id + "/VERSION", Plan.Kind.META, Content.of(VERSION));
                        plan.file(id + "/json", Plan.Kind.META, Content.of(legacyJson(img, ids, i)));
                        plan.file(id + "/layer.tar", Plan.Kind.LAYER, l.uncompressedContent(), l.digest(), l.diffId());
                        layers.add(id + "/layer.tar");
                    }
                    plan.file(configName, Plan.Kind.META, Content.of(img.config()), img.configDigest());
                    break;
                case SKOPEO:
                case SKOPEO_MANIFEST_VIA_SYMLINKS:
                    configName = Digests.hex(img.configDigest()) + ".json";
                    for (int i = 0; i < img.layerData().size(); i++) {
                        LayerData l = img.layerData().get(i);
                        String file = Digests.hex(l.diffId()) + ".tar";
                        plan.file(file, Plan.Kind.LAYER, l.uncompressedContent(), l.digest(), l.diffId());
                        String id = ids.get(i);
                        layers.add(style == DockerArchiveStyle.SKOPEO ? file : id + "/layer.tar");
                        int index = i;
                        late.add(() -> {
                            plan.symlink(id + "/layer.tar", "../" + file);
                            plan.file(id + "/VERSION", Plan.Kind.META, Content.of(VERSION));
                            plan.file(id + "/json", Plan.Kind.META, Content.of(legacyJson(img, ids, index)));
                        });
                    }
                    plan.file(configName, Plan.Kind.META, Content.of(img.config()), img.configDigest());
                    break;
                case DOCKER_OCI:
                    List<LayerData> views = new ArrayList<>();
                    for (LayerData l : img.layerData()) {
                        views.add(new UncompressedView(l, MediaTypes.OCI_LAYER_TAR));
                    }
                    for (Map.Entry<Integer, String> e : tamper.layerMediaTypes().entrySet()) {
                        views.set(e.getKey(), new UncompressedView(img.layerData().get(e.getKey()), e.getValue()));
                    }
                    byte[] manifest = Manifests.manifest(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG,
                            img.configDigest(), img.config().length, views, null);
                    String manifestDigest = Digests.sha256(manifest);
                    for (LayerData v : views) {
                        plan.file(OciPlans.blobPath(v.digest()), Plan.Kind.LAYER, v.blobContent(),
                                v.digest(), ((UncompressedView) v).original.digest());
                        layers.add(OciPlans.blobPath(v.digest()));
                    }
                    configName = OciPlans.blobPath(img.configDigest());
                    plan.file(configName, Plan.Kind.META, Content.of(img.config()), img.configDigest());
                    plan.file(OciPlans.blobPath(manifestDigest), Plan.Kind.META, Content.of(manifest), manifestDigest);
                    if (img.repoTags().isEmpty()) {
                        ociIndex.add(Json.descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length));
                    }
                    for (String tag : img.repoTags()) {
                        ObjectNode d = Json.descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length);
                        Map<String, String> a = new LinkedHashMap<>();
                        a.put("io.containerd.image.name", tag);
                        a.put(Manifests.REF_NAME, splitTag(tag)[1]);
                        Manifests.putAnnotations(d, a);
                        ociIndex.add(d);
                    }
                    break;
                case CRANE:
                    configName = "sha256:" + Digests.hex(img.configDigest());
                    plan.file(configName, Plan.Kind.META, Content.of(img.config()), img.configDigest());
                    for (LayerData l : img.layerData()) {
                        String ext = l.compression() == Compression.GZIP ? ".tar.gz"
                                : l.compression() == Compression.ZSTD ? ".tar.zst" : ".tar";
                        String file = Digests.hex(l.digest()) + ext;
                        plan.file(file, Plan.Kind.LAYER, l.blobContent(), l.digest(), l.diffId());
                        layers.add(file);
                    }
                    break;
                default:
                    throw new AssertionError(style);
            }
            item.put("Config", configName);
            if (img.repoTags().isEmpty()) {
                item.putNull("RepoTags");
            } else {
                ArrayNode tags = item.putArray("RepoTags");
                img.repoTags().forEach(tags::add);
            }
            item.set("Layers", layers);
            manifestJson.add(item);
            if (!ids.isEmpty()) {
                for (String tag : img.repoTags()) {
                    String[] rt = splitTag(tag);
                    repositories.computeIfAbsent(rt[0], k -> new LinkedHashMap<>()).put(rt[1], ids.get(ids.size() - 1));
                }
            }
        }
        late.forEach(Runnable::run);
        if (style == DockerArchiveStyle.DOCKER_OCI) {
            plan.file("index.json", Plan.Kind.META, Content.of(Manifests.index(ociIndex, null)));
        }
        plan.file("manifest.json", Plan.Kind.META, Content.of(Json.bytes(manifestJson)));
        if (style == DockerArchiveStyle.DOCKER_OCI) {
            plan.file("oci-layout", Plan.Kind.META, Content.of(OciPlans.OCI_LAYOUT));
        }
        if (!repositories.isEmpty() && style != DockerArchiveStyle.CRANE) {
            ObjectNode r = Json.object();
            repositories.forEach((repo, tags) -> {
                ObjectNode t = r.putObject(repo);
                tags.forEach(t::put);
            });
            plan.file("repositories", Plan.Kind.META, Content.of(Json.bytes(r)));
        }
        int mode = style == DockerArchiveStyle.SKOPEO || style == DockerArchiveStyle.SKOPEO_MANIFEST_VIA_SYMLINKS ? 0444 : 0644;
        ArchiveWriter.writeTar(tarFile, plan, tamper, mode, Instant.EPOCH);
        return tarFile;
    }

    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.UTF_8);

    /** {@code [repository, tag]} of a reference such as {@code docker.io/library/alpine:3.20}. */
    static String[] splitTag(String ref) {
        int at = ref.indexOf('@');
        String r = at >= 0 ? ref.substring(0, at) : ref;
        int colon = r.lastIndexOf(':');
        if (colon > r.lastIndexOf('/')) {
            return new String[] {r.substring(0, colon), r.substring(colon + 1)};
        }
        return new String[] {r, "latest"};
    }

    /** Per layer: hex of sha256(chainID + " " + configDigest). */
    static List<String> legacyIds(ImageData img) {
        List<String> ids = new ArrayList<>();
        String chain = null;
        for (LayerData l : img.layerData()) {
            chain = chain == null ? l.diffId() : Digests.sha256((chain + " " + l.diffId()).getBytes(StandardCharsets.UTF_8));
            ids.add(Digests.sha256Hex((chain + " " + img.configDigest()).getBytes(StandardCharsets.UTF_8)));
        }
        return ids;
    }

    /** The v1 {@code <id>/json}: id, parent, created, container_config; the top layer also os, architecture, config. */
    private static byte[] legacyJson(ImageData img, List<String> ids, int i) {
        JsonNode config;
        try {
            config = Json.parse(img.config());
        } catch (RuntimeException e) {
            config = Json.object(); // a deliberately broken config
        }
        ObjectNode j = Json.object();
        j.put("id", ids.get(i));
        if (i > 0) {
            j.put("parent", ids.get(i - 1));
        }
        j.put("created", config.path("created").asText(ImageBuilder.DEFAULT_CREATED));
        ObjectNode cc = j.putObject("container_config");
        cc.putNull("Cmd");
        if (i == ids.size() - 1) {
            if (config.has("architecture")) {
                j.set("architecture", config.get("architecture"));
            }
            if (config.has("os")) {
                j.set("os", config.get("os"));
            }
            if (config.has("config")) {
                j.set("config", config.get("config"));
            }
        }
        return Json.bytes(j);
    }

    /** A layer seen as its uncompressed tar: what docker save (Docker 25+) stores as a blob. */
    private static final class UncompressedView implements LayerData {
        final LayerData original;
        private final String mediaType;

        UncompressedView(LayerData original, String mediaType) {
            this.original = original;
            this.mediaType = mediaType;
        }

        @Override
        public String digest() {
            return original.diffId();
        }

        @Override
        public String diffId() {
            return original.diffId();
        }

        @Override
        public String mediaType() {
            return mediaType;
        }

        @Override
        public long size() {
            return original.uncompressedSize();
        }

        @Override
        public Compression compression() {
            return Compression.NONE;
        }

        @Override
        public long uncompressedSize() {
            return original.uncompressedSize();
        }

        @Override
        public Content blobContent() {
            return original.uncompressedContent();
        }

        @Override
        public Content uncompressedContent() {
            return original.uncompressedContent();
        }
    }
}
