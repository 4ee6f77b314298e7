package dev.imagescan.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
  * Builds a single-platform image: layers, an OCI config ({@code created}, {@code architecture},
  * {@code os}, [{@code variant}], {@code config}, {@code rootfs: {type: layers, diff_ids}}, {@code
  * history}) and an OCI manifest. Deterministic: the same calls give the same digests.
  */
public final class ImageBuilder {
    /** The {@code created} time written in configs: 2024-01-01T00:00:00Z. */
    public static final String DEFAULT_CREATED = "2024-01-01T00:00:00Z";

    private record History(String createdBy, boolean emptyLayer) {}

    private final List<BuiltLayer> layers = new ArrayList<>();
    private final List<History> history = new ArrayList<>();
    private boolean writeHistory = true;
    private Platform platform = Platform.LINUX_AMD64;
    private final List<String> repoTags = new ArrayList<>();
    private String refName;
    private String created = DEFAULT_CREATED;
    private final List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    private List<String> cmd = List.of("/bin/sh");
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<Consumer<ObjectNode>> configCustomizers = new ArrayList<>();
    private String manifestMediaType = MediaTypes.OCI_MANIFEST;
    private String configMediaType = MediaTypes.OCI_CONFIG;
    private boolean dockerMediaTypes;

    private ImageBuilder() {}

    public static ImageBuilder image() {
        return new ImageBuilder();
    }

    /** Adds a layer (built now), with a history entry "created_by: imagescan-testing layer N". */
    public ImageBuilder layer(LayerBuilder layer) {
        return layer(layer.build());
    }

    public ImageBuilder layer(BuiltLayer layer) {
        return layer(layer, "imagescan-testing layer " + layers.size());
    }

    /** Adds a layer with the given history {@code created_by}. */
    public ImageBuilder layer(BuiltLayer layer, String createdBy) {
        layers.add(Objects.requireNonNull(layer));
        history.add(new History(createdBy, false));
        return this;
    }

    public ImageBuilder layer(LayerBuilder layer, String createdBy) {
        return layer(layer.build(), createdBy);
    }

    /** Adds a history entry with {@code empty_layer: true} (like an ENV or CMD step). */
    public ImageBuilder emptyLayerHistory(String createdBy) {
        history.add(new History(createdBy, true));
        return this;
    }

    /** Writes no {@code history} in the config. */
    public ImageBuilder noHistory() {
        writeHistory = false;
        return this;
    }

    /** The platform (default linux/amd64), written in the config and, in an index, the descriptor. */
    public ImageBuilder platform(String os, String architecture) {
        return platform(Platform.of(os, architecture));
    }

    public ImageBuilder platform(String os, String architecture, String variant) {
        return platform(Platform.of(os, architecture, variant));
    }

    public ImageBuilder platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform);
        return this;
    }

    /** A tag such as {@code docker.io/library/alpine:3.20} for the docker archive's RepoTags. */
    public ImageBuilder repoTag(String tag) {
        repoTags.add(tag);
        return this;
    }

    /** The {@code org.opencontainers.image.ref.name} annotation on the index.json entry (e.g. "3.20"). */
    public ImageBuilder refName(String refName) {
        this.refName = refName;
        return this;
    }

    public ImageBuilder created(String created) {
        this.created = created;
        return this;
    }

    /** Adds an {@code Env} entry ({@code KEY=value}) to the config. */
    public ImageBuilder env(String keyEqualsValue) {
        env.add(keyEqualsValue);
        return this;
    }

    public ImageBuilder cmd(String... cmd) {
        this.cmd = List.of(cmd);
        return this;
    }

    public ImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** A manifest annotation. */
    public ImageBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /**
      * Edits the config JSON after it is assembled (runs in order of registration): to add fields or
      * to break it (remove {@code rootfs}, list a wrong diff_id, ...).
      */
    public ImageBuilder config(Consumer<ObjectNode> customizer) {
        configCustomizers.add(customizer);
        return this;
    }

    /**
      * Uses Docker schema-2 media types (manifest, config, gzip/plain layers) in the manifest, as an
      * OCI layout exported with {@code oci-mediatypes=false} has them. zstd layers keep the OCI type.
      */
    public ImageBuilder dockerMediaTypes() {
        dockerMediaTypes = true;
        manifestMediaType = MediaTypes.DOCKER_MANIFEST;
        configMediaType = MediaTypes.DOCKER_CONFIG;
        return this;
    }

    /** The manifest's {@code mediaType} field (null: omit it, as image-spec 1.0 producers did). */
    public ImageBuilder manifestMediaType(String mediaType) {
        this.manifestMediaType = mediaType;
        return this;
    }

    public ImageBuilder configMediaType(String mediaType) {
        this.configMediaType = Objects.requireNonNull(mediaType);
        return this;
    }

    // ---------------------------------------------------------------- build

    public BuiltImage build() {
        List<BuiltLayer> ls = new ArrayList<>(layers);
        if (dockerMediaTypes) {
            ls.replaceAll(l -> {
                if (!l.mediaType().equals(l.compression().ociMediaType())) {
                    return l; // a deliberately custom type stays
                }
                switch (l.compression()) {
                    case NONE:
                        return l.withMediaType(MediaTypes.DOCKER_LAYER_TAR);
                    case GZIP:
                        return l.withMediaType(MediaTypes.DOCKER_LAYER_TAR_GZIP);
                    default:
                        return l;
                }
            });
        }
        byte[] config = Json.bytes(configJson(ls));
        String configDigest = Digests.sha256(config);
        byte[] manifest =
                Manifests.manifest(manifestMediaType, configMediaType, configDigest, config.length, ls, annotations);
        return new BuiltImage(ls, config, configDigest, configMediaType, manifest, Digests.sha256(manifest),
                manifestMediaType == null ? MediaTypes.OCI_MANIFEST : manifestMediaType, platform, repoTags,
                refName, annotations);
    }

    private ObjectNode configJson(List<BuiltLayer> ls) {
        ObjectNode c = Json.object();
        c.put("created", created);
        c.put("architecture", platform.architecture());
        c.put("os", platform.os());
        if (platform.variant() != null) {
            c.put("variant", platform.variant());
        }
        ObjectNode cc = c.putObject("config");
        if (!env.isEmpty()) {
            ArrayNode e = cc.putArray("Env");
            env.forEach(e::add);
        }
        if (cmd != null && !cmd.isEmpty()) {
            ArrayNode a = cc.putArray("Cmd");
            cmd.forEach(a::add);
        }
        if (!labels.isEmpty()) {
            ObjectNode l = cc.putObject("Labels");
            labels.forEach(l::put);
        }
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        ls.forEach(l -> ids.add(l.diffId()));
        if (writeHistory) {
            ArrayNode h = c.putArray("history");
            for (History e : history) {
                ObjectNode n = h.addObject();
                n.put("created", created);
                n.put("created_by", e.createdBy());
                if (e.emptyLayer()) {
                    n.put("empty_layer", true);
                }
            }
        }
        configCustomizers.forEach(x -> x.accept(c));
        return c;
    }

    // ---------------------------------------------------------------- shortcuts

    public Path writeOciLayout(Path dir) throws IOException {
        return build().writeOciLayout(dir);
    }

    public Path writeOciArchive(Path tarFile) throws IOException {
        return build().writeOciArchive(tarFile);
    }

    public Path writeDockerArchive(Path tarFile) throws IOException {
        return build().writeDockerArchive(tarFile);
    }

    public Path writeDockerArchive(Path tarFile, DockerArchiveStyle style) throws IOException {
        return build().writeDockerArchive(tarFile, style);
    }
}
