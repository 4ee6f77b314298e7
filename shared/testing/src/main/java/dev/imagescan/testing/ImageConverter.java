package dev.imagescan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
  * Converts real images between OCI (archive or layout) and docker-archive form, keeping the config
  * bytes (so the config digest) and every layer's uncompressed content (so the diffIDs). Streams:
  * each layer goes through a temporary file once, nothing holds a whole layer in memory. Every
  * layer's diffID is checked against the config's {@code rootfs.diff_ids}; a mismatch throws.
  */
public final class ImageConverter {
    /** What came out: digests as written ({@code manifestDigest} is null for a docker archive). */
    public record Converted(
            String configDigest,
            String manifestDigest,
            List<String> diffIds,
            List<String> layerDigests,
            List<String> layerMediaTypes,
            Platform platform) {}

    private ImageConverter() {}

    // ---------------------------------------------------------------- OCI -> docker

    /** OCI archive to a {@link DockerArchiveStyle#SKOPEO} docker archive; tag from the ref.name annotation if any. */
    public static Converted ociArchiveToDockerArchive(Path ociTar, Path dockerTar) throws IOException {
        return ociArchiveToDockerArchive(ociTar, dockerTar, DockerArchiveStyle.SKOPEO, null, null);
    }

    /**
      * @param platform which manifest of a multi-platform image (null: the only one, else linux/amd64)
      * @param repoTags RepoTags to write (null: {@code imagescan.test/converted:<ref.name>} if index.json
      *     has a ref.name, else none)
      */
    public static Converted ociArchiveToDockerArchive(
            Path ociTar, Path dockerTar, DockerArchiveStyle style, Platform platform, List<String> repoTags)
            throws IOException {
        try (Source src = Source.tar(ociTar)) {
            return ociToDocker(src, dockerTar, style, platform, repoTags);
        }
    }

    /** An OCI layout directory to a docker archive (see {@link #ociArchiveToDockerArchive(Path, Path, DockerArchiveStyle, Platform, List)}). */
    public static Converted ociLayoutToDockerArchive(
            Path layoutDir, Path dockerTar, DockerArchiveStyle style, Platform platform, List<String> repoTags)
            throws IOException {
        try (Source src = Source.dir(layoutDir)) {
            return ociToDocker(src, dockerTar, style, platform, repoTags);
        }
    }

    // ---------------------------------------------------------------- docker -> OCI

    /**
      * A docker archive (first image of manifest.json) to an OCI archive whose layers are
      * {@code compression}-compressed: NONE keeps them as {@code application/vnd.oci.image.layer.v1.tar}
      * blobs (digest = diffID); GZIP/ZSTD compress them. The diffIDs are the same either way.
      */
    public static Converted dockerArchiveToOciArchive(Path dockerTar, Path ociTar, Compression compression)
            throws IOException {
        try (Source src = Source.tar(dockerTar); TempDir tmp = new TempDir()) {
            FileImage img = readDocker(src, tmp.path, compression);
            ArchiveWriter.writeTar(ociTar, OciPlans.forImage(img), Tamper.none(), 0644, LayerBuilder.DEFAULT_MTIME);
            return img.converted(img.manifestDigest());
        }
    }

    /** Like {@link #dockerArchiveToOciArchive} but writes an OCI layout directory. */
    public static Converted dockerArchiveToOciLayout(Path dockerTar, Path layoutDir, Compression compression)
            throws IOException {
        try (Source src = Source.tar(dockerTar); TempDir tmp = new TempDir()) {
            FileImage img = readDocker(src, tmp.path, compression);
            ArchiveWriter.writeDir(layoutDir, OciPlans.forImage(img), Tamper.none());
            return img.converted(img.manifestDigest());
        }
    }

    // ---------------------------------------------------------------- implementation

    private static Converted ociToDocker(
            Source src, Path dockerTar, DockerArchiveStyle style, Platform platform, List<String> repoTags)
            throws IOException {
        try (TempDir tmp = new TempDir()) {
            JsonNode index = Json.parse(src.read("index.json"));
            Selected sel = selectManifest(src, index, platform, null);
            byte[] manifestBytes = src.read(OciPlans.blobPath(sel.digest));
            JsonNode manifest = Json.parse(manifestBytes);
            String configDigest = manifest.path("config").path("digest").asText();
            byte[] config = src.read(OciPlans.blobPath(configDigest));
            JsonNode configJson = Json.parse(config);
            List<String> expected = diffIds(configJson);
            List<FileLayer> layers = new ArrayList<>();
            int i = 0;
            for (JsonNode d : manifest.path("layers")) {
                String mt = d.path("mediaType").asText();
                Path out = tmp.path.resolve("layer-" + i + ".tar");
                try (InputStream blob = src.open(OciPlans.blobPath(d.path("digest").asText()));
                        InputStream tar = decompress(blob, Compression.fromMediaType(mt));
                        OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                    Digests.HashingOutputStream h = new Digests.HashingOutputStream(file, false);
                    tar.transferTo(h);
                    h.flush();
                    String diffId = h.digest();
                    check(expected, i, diffId);
                    layers.add(new FileLayer(diffId, diffId, MediaTypes.OCI_LAYER_TAR, h.count(), Compression.NONE, h.count(), out));
                }
                i++;
            }
            List<String> tags = repoTags;
            if (tags == null) {
                tags = sel.refName == null ? List.of() : List.of("imagescan.test/converted:" + sel.refName);
            }
            FileImage img = new FileImage(layers, config, manifestBytes, manifest.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
                    platformOf(configJson), tags, sel.refName);
            DockerArchiveWriter.write(dockerTar, style, Tamper.none(), List.of(img));
            return img.converted(null);
        }
    }

    private static FileImage readDocker(Source src, Path tmp, Compression compression) throws IOException {
        JsonNode manifest = Json.parse(src.read("manifest.json"));
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new IOException("manifest.json holds no image");
        }
        JsonNode item = manifest.get(0);
        byte[] config = src.read(item.path("Config").asText());
        JsonNode configJson = Json.parse(config);
        List<String> expected = diffIds(configJson);
        List<FileLayer> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode p : item.path("Layers")) {
            Path out = tmp.resolve("blob-" + i);
            try (InputStream raw = src.open(p.asText());
                    InputStream tar = decompress(raw, null);
                    OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                Digests.HashingOutputStream blobHash = new Digests.HashingOutputStream(file, false);
                OutputStream compressor = compression.compress(Digests.nonClosing(blobHash));
                Digests.HashingOutputStream tarHash = new Digests.HashingOutputStream(compressor, false);
                tar.transferTo(tarHash);
                compressor.close();
                String diffId = tarHash.digest();
                check(expected, i, diffId);
                layers.add(new FileLayer(blobHash.digest(), diffId, compression.ociMediaType(), blobHash.count(),
                        compression, tarHash.count(), out));
            }
            i++;
        }
        List<String> tags = new ArrayList<>();
        item.path("RepoTags").forEach(t -> tags.add(t.asText()));
        String refName = tags.isEmpty() ? null : DockerArchiveWriter.splitTag(tags.get(0))[1];
        String configDigest = Digests.sha256(config);
        byte[] m = Manifests.manifest(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, configDigest, config.length, layers, null);
        return new FileImage(layers, config, m, MediaTypes.OCI_MANIFEST, platformOf(configJson), tags, refName);
    }

    private static void check(List<String> expected, int i, String diffId) {
        if (i >= expected.size() || !expected.get(i).equals(diffId)) {
            throw new IllegalStateException("layer " + i + " has diffID " + diffId + " but the config lists "
                    + (i < expected.size() ? expected.get(i) : "no diff_id for it"));
        }
    }

    private static List<String> diffIds(JsonNode config) {
        List<String> ids = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Platform platformOf(JsonNode config) {
        return new Platform(config.path("os").asText("linux"), config.path("architecture").asText("amd64"),
                config.hasNonNull("variant") ? config.get("variant").asText() : null);
    }

    /** Decompresses per the media type's compression, or by sniffing the magic bytes when null. */
    private static InputStream decompress(InputStream in, Compression c) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        Compression actual = c;
        if (actual == null) {
            b.mark(4);
            byte[] head = b.readNBytes(4);
            b.reset();
            actual = Compression.sniff(head);
        }
        return actual.decompress(b);
    }

    private record Selected(String digest, String refName) {}

    /** Walks index.json (and nested indexes) to one image manifest. */
    private static Selected selectManifest(Source src, JsonNode index, Platform want, String inheritedRef)
            throws IOException {
        List<JsonNode> images = new ArrayList<>();
        List<JsonNode> indexes = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            String mt = d.path("mediaType").asText();
            if (mt.equals(MediaTypes.OCI_INDEX) || mt.equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
                indexes.add(d);
            } else {
                images.add(d);
            }
        }
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode d : images) {
            JsonNode p = d.path("platform");
            if (want == null || (p.path("os").asText().equals(want.os())
                    && p.path("architecture").asText().equals(want.architecture())
                    && (want.variant() == null || want.variant().equals(p.path("variant").asText(null))))) {
                candidates.add(d);
            }
        }
        if (want == null && candidates.size() > 1) {
            List<JsonNode> amd64 = candidates.stream()
                    .filter(d -> d.path("platform").path("architecture").asText().equals("amd64")
                            && d.path("platform").path("os").asText().equals("linux"))
                    .toList();
            if (!amd64.isEmpty()) {
                candidates = amd64;
            }
        }
        if (!candidates.isEmpty()) {
            JsonNode d = candidates.get(0);
            return new Selected(d.path("digest").asText(), refName(d, inheritedRef));
        }
        for (JsonNode d : indexes) {
            JsonNode nested = Json.parse(src.read(OciPlans.blobPath(d.path("digest").asText())));
            try {
                return selectManifest(src, nested, want, refName(d, inheritedRef));
            } catch (IOException notThere) {
                // try the next nested index
            }
        }
        throw new IOException("no image manifest" + (want == null ? "" : " for " + want) + " in index");
    }

    private static String refName(JsonNode descriptor, String inherited) {
        JsonNode r = descriptor.path("annotations").path(Manifests.REF_NAME);
        return r.isTextual() ? r.asText() : inherited;
    }

    // ---------------------------------------------------------------- file-backed image

    private record FileLayer(String digest, String diffId, String mediaType, long size, Compression compression,
            long uncompressedSize, Path file) implements LayerData {
        @Override
        public Content blobContent() {
            try {
                return Content.of(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public Content uncompressedContent() {
            if (compression == Compression.NONE) {
                return blobContent();
            }
            return Content.streamed(uncompressedSize, out -> {
                try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                    in.transferTo(out);
                }
            });
        }
    }

    private record FileImage(List<FileLayer> layers, byte[] config, byte[] manifest, String manifestMediaType,
            Platform platform, List<String> repoTags, String refName) implements ImageData {
        @Override
        public List<? extends LayerData> layerData() {
            return layers;
        }

        @Override
        public String configDigest() {
            return Digests.sha256(config);
        }

        @Override
        public String manifestDigest() {
            return Digests.sha256(manifest);
        }

        Converted converted(String manifestDigest) {
            return new Converted(configDigest(), manifestDigest,
                    layers.stream().map(FileLayer::diffId).toList(),
                    layers.stream().map(FileLayer::digest).toList(),
                    layers.stream().map(FileLayer::mediaType).toList(),
                    platform);
        }
    }

    // ---------------------------------------------------------------- sources

    /** Read access to an image's files, in a tar (random access, symlinks followed) or a directory. */
    private interface Source extends Closeable {
        InputStream open(String path) throws IOException;

        default byte[] read(String path) throws IOException {
            try (InputStream in = open(path)) {
                return in.readAllBytes();
            }
        }

        static Source tar(Path tarFile) throws IOException {
            TarFile tf = new TarFile(tarFile);
            Map<String, TarArchiveEntry> byName = new HashMap<>();
            for (TarArchiveEntry e : tf.getEntries()) {
                byName.put(normalize(e.getName()), e);
            }
            return new Source() {
                @Override
                public InputStream open(String path) throws IOException {
                    String p = normalize(path);
                    for (int hops = 0; hops < 16; hops++) {
                        TarArchiveEntry e = byName.get(p);
                        if (e == null) {
                            throw new FileNotFoundException(path + " (as " + p + ") is not in " + tarFile);
                        }
                        if (e.isSymbolicLink()) {
                            String target = e.getLinkName();
                            int slash = p.lastIndexOf('/');
                            p = normalize(target.startsWith("/") ? target : (slash < 0 ? "" : p.substring(0, slash + 1)) + target);
                            continue;
                        }
                        if (e.isLink()) {
                            p = normalize(e.getLinkName());
                            continue;
                        }
                        return tf.getInputStream(e);
                    }
                    throw new IOException("too many links resolving " + path + " in " + tarFile);
                }

                @Override
                public void close() throws IOException {
                    tf.close();
                }
            };
        }

        static Source dir(Path dir) {
            Path root = dir.toAbsolutePath().normalize();
            return new Source() {
                @Override
                public InputStream open(String path) throws IOException {
                    Path p = root.resolve(normalize(path)).normalize();
                    if (!p.startsWith(root)) {
                        throw new IOException("path escapes the layout: " + path);
                    }
                    return Files.newInputStream(p);
                }

                @Override
                public void close() {}
            };
        }

        /** Strips {@code ./} and {@code /} prefixes and resolves {@code .}/{@code ..} segments (never above the root). */
        static String normalize(String name) {
            List<String> parts = new ArrayList<>();
            for (String s : name.split("/")) {
                if (s.isEmpty() || s.equals(".")) {
                    continue;
                }
                if (s.equals("..")) {
                    if (!parts.isEmpty()) {
                        parts.remove(parts.size() - 1);
                    }
                    continue;
                }
                parts.add(s);
            }
            return String.join("/", parts);
        }
    }

    private static final class TempDir implements Closeable {
        final Path path;

        TempDir() throws IOException {
            path = Files.createTempDirectory("imagescan-convert-");
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> s = Files.walk(path)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
