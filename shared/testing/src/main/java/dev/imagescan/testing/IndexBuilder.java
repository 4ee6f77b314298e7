package dev.imagescan.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
  * Builds a multi-platform image: an OCI image index whose descriptors name per-platform manifests
  * (platform taken from each image unless given) and optionally nested indexes.
  *
  * <p>By default the layout's {@code index.json} names one blob, the image index, which names the
  * manifests (what {@code docker save} 25+ and BuildKit's OCI exporter write for multi-platform
  * images). {@link #directInIndexJson()} instead makes {@code index.json} itself the index that
  * lists the platform manifests.
  */
public final class IndexBuilder {
    /** One descriptor of the index: an image (with its descriptor platform and annotations) or a nested index. */
    public record Child(BuiltImage image, Platform platform, BuiltIndex index, Map<String, String> annotations) {}

    private final List<Child> children = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String refName;
    private boolean direct;

    private IndexBuilder() {}

    public static IndexBuilder index() {
        return new IndexBuilder();
    }

    /** Adds a platform manifest; the descriptor's platform is the image's. */
    public IndexBuilder add(BuiltImage image) {
        return add(image, image.platform());
    }

    public IndexBuilder add(ImageBuilder image) {
        return add(image.build());
    }

    /** Adds a manifest with an explicit descriptor platform (null: no platform field at all). */
    public IndexBuilder add(BuiltImage image, Platform platform) {
        children.add(new Child(Objects.requireNonNull(image), platform, null, Map.of()));
        return this;
    }

    /**
      * Adds a manifest with descriptor annotations, e.g. a BuildKit attestation manifest: {@code
      * add(attestation, Platform.UNKNOWN, Map.of("vnd.docker.reference.type", "attestation-manifest",
      * "vnd.docker.reference.digest", image.manifestDigest()))}.
      */
    public IndexBuilder add(BuiltImage image, Platform platform, Map<String, String> descriptorAnnotations) {
        children.add(new Child(Objects.requireNonNull(image), platform, null, new LinkedHashMap<>(descriptorAnnotations)));
        return this;
    }

    /** Adds a descriptor of media type image index naming another index (built now). */
    public IndexBuilder addNestedIndex(IndexBuilder nested) {
        return addNestedIndex(nested.build());
    }

    public IndexBuilder addNestedIndex(BuiltIndex nested) {
        children.add(new Child(null, null, Objects.requireNonNull(nested), Map.of()));
        return this;
    }

    /** An annotation on the index itself. */
    public IndexBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** {@code org.opencontainers.image.ref.name} on index.json's descriptor of the index (nested mode). */
    public IndexBuilder refName(String refName) {
        this.refName = refName;
        return this;
    }

    /** index.json lists the platform manifests directly (no separate index blob). */
    public IndexBuilder directInIndexJson() {
        this.direct = true;
        return this;
    }

    public BuiltIndex build() {
        List<ObjectNode> descriptors = new ArrayList<>();
        for (Child c : children) {
            ObjectNode d;
            if (c.image() != null) {
                d = Json.descriptor(c.image().manifestMediaType(), c.image().manifestDigest(), c.image().manifest().length);
                if (c.platform() != null) {
                    d.set("platform", c.platform().toJson());
                }
            } else {
                d = Json.descriptor(MediaTypes.OCI_INDEX, c.index().digest(), c.index().index().length);
            }
            Manifests.putAnnotations(d, c.annotations());
            descriptors.add(d);
        }
        byte[] idx = Manifests.index(descriptors, annotations);
        return new BuiltIndex(idx, Digests.sha256(idx), List.copyOf(children), direct, refName);
    }

    public Path writeOciLayout(Path dir) throws IOException {
        return build().writeOciLayout(dir);
    }

    public Path writeOciLayout(Path dir, Tamper tamper) throws IOException {
        return build().writeOciLayout(dir, tamper);
    }

    public Path writeOciArchive(Path tarFile) throws IOException {
        return build().writeOciArchive(tarFile);
    }

    public Path writeOciArchive(Path tarFile, Tamper tamper) throws IOException {
        return build().writeOciArchive(tarFile, tamper);
    }
}
