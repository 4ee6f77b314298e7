package dev.imagescan.image.fuzz;

import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Images built in a test as archive bytes, for the fuzz tests that scan from memory. */
public final class InMemoryArchives {
    private InMemoryArchives() {}

    /** {@code image} as an OCI archive in memory: oci-layout, index.json and the blobs. */
    public static byte[] oci(BuiltImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + image.manifestMediaType()
                    + "\",\"digest\":\"" + image.manifestDigest() + "\",\"size\":" + image.manifest().length + "}]}")
                    .getBytes(StandardCharsets.UTF_8));
            put(tar, blobPath(image.manifestDigest()), image.manifest());
            put(tar, blobPath(image.configDigest()), image.config());
            for (BuiltLayer layer : image.layers()) {
                put(tar, blobPath(layer.digest()), layer.blob());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** {@code image} as {@code docker save} writes it. */
    public static byte[] docker(BuiltImage image) {
        try {
            Path dir = Files.createTempDirectory("imagescan-fuzz-");
            try {
                return Files.readAllBytes(image.writeDockerArchive(dir.resolve("image.tar")));
            } finally {
                Files.deleteIfExists(dir.resolve("image.tar"));
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
