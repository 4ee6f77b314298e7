package dev.imagescan.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An opened image: its identity, platform and layers (at least one: an image without layers has no filesystem to
 * scan and is an {@link ImageFormatException}), and access to the layer blobs. Close it to release the archive file.
 * Obtain one from {@link ImageOpener}.
 */
public final class Image implements Closeable {
    private final String name;
    private final ImageFormat format;
    private final Platform platform;
    private final Digest manifestDigest;
    private final Digest configDigest;
    private final List<LayerDescriptor> layers;
    private final List<String> tags;
    private final List<String> warnings;
    private final BlobStore store;

    Image(String name, ImageFormat format, Platform platform, Digest manifestDigest, Digest configDigest,
            List<LayerDescriptor> layers, List<String> tags, List<String> warnings, BlobStore store) {
        if (layers.isEmpty()) {
            throw new ImageFormatException(name + ": the image has no layers (its config lists no diff_ids); "
                    + "there is nothing to scan");
        }
        this.name = name;
        this.format = format;
        this.platform = platform;
        this.manifestDigest = manifestDigest;
        this.configDigest = configDigest;
        this.layers = List.copyOf(layers);
        this.tags = List.copyOf(tags);
        this.warnings = List.copyOf(warnings);
        this.store = store;
    }

    /** The source as the user named it (file or directory name). */
    public String name() {
        return name;
    }

    public ImageFormat format() {
        return format;
    }

    public Platform platform() {
        return platform;
    }

    /** The manifest's digest, or null for a docker-archive (which has no manifest blob). */
    public Digest manifestDigest() {
        return manifestDigest;
    }

    /** The config's digest: the image ID. */
    public Digest configDigest() {
        return configDigest;
    }

    public List<LayerDescriptor> layers() {
        return layers;
    }

    /** Tags recorded in the archive (RepoTags, or OCI ref names), possibly none. */
    public List<String> tags() {
        return tags;
    }

    /** Things worth telling the user that did not stop the image from being read. */
    public List<String> warnings() {
        return warnings;
    }

    /** The raw (possibly compressed) bytes of a layer blob. */
    public InputStream openLayer(LayerDescriptor layer) throws IOException {
        return store.open(layer.path());
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
