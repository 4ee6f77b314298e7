package dev.imagescan.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * A built single-platform image: its layers, the config blob and the manifest blob (bytes and
  * {@code sha256:} digests of exactly those bytes). Write it as an OCI layout directory, an OCI
  * archive or a docker archive; each writer takes an optional {@link Tamper}.
  */
public record BuiltImage(
        List<BuiltLayer> layers,
        byte[] config,
        String configDigest,
        String configMediaType,
        byte[] manifest,
        String manifestDigest,
        String manifestMediaType,
        Platform platform,
        List<String> repoTags,
        String refName,
        Map<String, String> annotations)
        implements ImageData {

    public BuiltImage {
        layers = List.copyOf(layers);
        repoTags = List.copyOf(repoTags);
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    @Override
    public List<? extends LayerData> layerData() {
        return layers;
    }

    /** The layers' diffIDs, in order (as the config's rootfs.diff_ids lists them unless tampered). */
    public List<String> diffIds() {
        return layers.stream().map(BuiltLayer::diffId).toList();
    }

    public String configDigestHex() {
        return Digests.hex(configDigest);
    }

    public String manifestDigestHex() {
        return Digests.hex(manifestDigest);
    }

    /**
      * The same image whose manifest gives layer {@code index} another media type (e.g.
      * {@link MediaTypes#OCI_LAYER_TAR_ENCRYPTED}); the manifest and its digest change, nothing else.
      */
    public BuiltImage withLayerMediaType(int index, String mediaType) {
        List<BuiltLayer> ls = new ArrayList<>(layers);
        ls.set(index, ls.get(index).withMediaType(mediaType));
        byte[] m = Manifests.manifest(manifestMediaType, configMediaType, configDigest, config.length, ls, annotations);
        return new BuiltImage(ls, config, configDigest, configMediaType, m, Digests.sha256(m),
                manifestMediaType, platform, repoTags, refName, annotations);
    }

    /** The same image with a replaced manifest (bytes as given; digest recomputed). */
    public BuiltImage withManifest(byte[] newManifest) {
        return new BuiltImage(layers, config, configDigest, configMediaType, newManifest.clone(),
                Digests.sha256(newManifest), manifestMediaType, platform, repoTags, refName, annotations);
    }

    // ---------------------------------------------------------------- writers

    /** Writes an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}) into dir. */
    public Path writeOciLayout(Path dir) throws IOException {
        return writeOciLayout(dir, Tamper.none());
    }

    public Path writeOciLayout(Path dir, Tamper tamper) throws IOException {
        ArchiveWriter.writeDir(dir, OciPlans.forImage(apply(tamper)), tamper);
        return dir;
    }

    /** Writes an OCI archive: the image layout as a tar (what {@code skopeo copy ... oci-archive:} writes). */
    public Path writeOciArchive(Path tarFile) throws IOException {
        return writeOciArchive(tarFile, Tamper.none());
    }

    public Path writeOciArchive(Path tarFile, Tamper tamper) throws IOException {
        ArchiveWriter.writeTar(tarFile, OciPlans.forImage(apply(tamper)), tamper, 0644, LayerBuilder.DEFAULT_MTIME);
        return tarFile;
    }

    /** Writes a docker archive in {@link DockerArchiveStyle#SKOPEO} style (uncompressed layers). */
    public Path writeDockerArchive(Path tarFile) throws IOException {
        return writeDockerArchive(tarFile, DockerArchiveStyle.SKOPEO, Tamper.none());
    }

    public Path writeDockerArchive(Path tarFile, DockerArchiveStyle style) throws IOException {
        return writeDockerArchive(tarFile, style, Tamper.none());
    }

    public Path writeDockerArchive(Path tarFile, Tamper tamper) throws IOException {
        return writeDockerArchive(tarFile, DockerArchiveStyle.SKOPEO, tamper);
    }

    public Path writeDockerArchive(Path tarFile, DockerArchiveStyle style, Tamper tamper) throws IOException {
        return DockerArchiveWriter.write(tarFile, style, tamper, this);
    }

    BuiltImage apply(Tamper tamper) {
        BuiltImage img = this;
        for (Map.Entry<Integer, String> e : tamper.layerMediaTypes().entrySet()) {
            img = img.withLayerMediaType(e.getKey(), e.getValue());
        }
        return img;
    }

    @Override
    public String toString() {
        return "BuiltImage[" + platform + ", manifest=" + manifestDigest + ", config=" + configDigest
                + ", " + layers.size() + " layers]";
    }
}
